// Unit tests of kiosk/core/meals.h: config parsing, cut-offs (one second before/after, across
// midnight, DST and DST-free zones, skew, offline clock), the late window, diet filtering for every
// diet code and allergen mix over the demo dishes, order validation codes, limits, the cancel rule,
// and the "My meals" state. Every instant is built from a fixed local wall time, never from "now".
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "kiosk/core/clock.h"
#include "kiosk/core/meals.h"

using namespace onestop;
using namespace onestop::meals;
using json = nlohmann::json;

namespace {

constexpr int64_t kSec = 1000, kMin = 60 * kSec;

json DemoConfig() {
  return {{"time_zone", "Asia/Shanghai"},
          {"meal_cutoffs", {{"breakfast", "18:00"}, {"lunch", "09:30"}, {"dinner", "15:00"}}},
          {"meal_cutoff_day_before", {{"breakfast", true}, {"lunch", false}, {"dinner", false}}},
          {"late_order_promise_min", 20},
          {"late_slot", {{"from", "20:00"}, {"to", "06:00"}}},
          {"meal_limits", {{"max_dishes", 4}, {"max_qty_per_dish", 3}}}};
}

struct MealsRules : ::testing::Test {
  MealConfig cfg = ParseMealConfig(DemoConfig()).value();
  TimeZone tz = TimeZone::Find("Asia/Shanghai").value();
  std::map<std::string, Dish> catalog;
  DietOrder regular{"B1-1F-W01-BED01", "regular", {}, "dr"};

  void SetUp() override {
    for (const auto& d : DemoDishes()) catalog.emplace(d.id, d);
  }
  static std::vector<Dish> DemoDishes() {
    std::ifstream in(ONESTOP_ASSETS_DIR "/demo/dishes.json");
    std::stringstream ss;
    ss << in.rdbuf();
    const json j = json::parse(ss.str());
    std::vector<Dish> out;
    for (const auto& d : j.at("dishes")) out.push_back(DishFromJson(d).value());
    return out;
  }
  int64_t Local(int y, int mo, int d, int h, int mi, int s = 0) const { return tz.ToUtcMs(y, mo, d, h, mi, s); }
  OrderContext Ctx(const DietOrder* diet, int64_t now, const std::vector<std::string>* menu = nullptr) const {
    return OrderContext{&cfg, &tz, &catalog, menu, diet, now};
  }
  MealOrder Order(Slot slot, const std::string& date, std::vector<OrderItem> items, const DietOrder& seen) const {
    MealOrder o;
    o.location = "B1-1F-W01-BED01";
    o.slot = slot;
    o.late = slot == Slot::kLate;
    o.date = date;
    o.items = std::move(items);
    o.diet = seen.diet;
    o.allergens = seen.allergens;
    return o;
  }
};

}  // namespace

TEST(MealsConfig, ParsesDemoConfigAndDefaults) {
  auto c = ParseMealConfig(DemoConfig());
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->time_zone, "Asia/Shanghai");
  EXPECT_EQ(c->cutoff_minute[1], 9 * 60 + 30);
  EXPECT_TRUE(c->cutoff_day_before[0]);
  EXPECT_EQ(c->late_from_minute, 20 * 60);
  EXPECT_EQ(c->late_to_minute, 6 * 60);
  EXPECT_EQ(c->max_dishes, 4);
  EXPECT_EQ(c->max_days_ahead, kDefaultMaxDaysAhead);
  auto d = ParseMealConfig(json::object());
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->time_zone, "UTC");
  EXPECT_EQ(d->late_promise_min, 20);
  auto nolate = ParseMealConfig({{"late_slot", nullptr}});
  ASSERT_TRUE(nolate.ok());
  EXPECT_FALSE(nolate->late_enabled);
}

TEST(MealsConfig, RefusesMalformedValues) {
  for (const json& bad : {json{{"meal_cutoffs", {{"lunch", "9:30"}}}}, json{{"meal_cutoffs", {{"lunch", "24:00"}}}},
                          json{{"meal_cutoffs", {{"brunch", "10:00"}}}}, json{{"meal_cutoffs", {{"late", "10:00"}}}},
                          json{{"time_zone", "Mars/Olympus"}}, json{{"time_zone", 8}},
                          json{{"late_slot", {{"from", "20:00"}}}}, json{{"late_slot", {{"from", "20:00"}, {"to", "20:00"}}}},
                          json{{"late_order_promise_min", 0}}, json{{"meal_limits", {{"max_dishes", -1}}}},
                          json{{"meal_cutoff_day_before", {{"lunch", "yes"}}}}, json::array()}) {
    auto c = ParseMealConfig(bad);
    EXPECT_FALSE(c.ok()) << bad.dump();
    if (!c.ok()) {
      EXPECT_EQ(c.error().code, "config.meals");
    }
  }
}

TEST(MealsReason, FormatAndParse) {
  EXPECT_EQ(FormatReason(reason::kAllergen, "dish D003 contains egg"), "allergen: dish D003 contains egg");
  auto p = ParseReason("past_cutoff: closed at 09:30");
  EXPECT_EQ(p.code, "past_cutoff");
  EXPECT_EQ(p.detail, "closed at 09:30");
  auto free = ParseReason("the kitchen is closed: today");
  EXPECT_EQ(free.code, "");
  EXPECT_EQ(free.detail, "the kitchen is closed: today");
  EXPECT_TRUE(IsReasonCode("npo"));
  EXPECT_FALSE(IsReasonCode("nope"));
}

TEST_F(MealsRules, CutoffsInShanghaiIncludingDayBefore) {
  EXPECT_EQ(FormatIsoUtcMs(CutoffMs(cfg, tz, Slot::kLunch, "2026-11-23").value()), "2026-11-23T01:30:00.000Z");
  EXPECT_EQ(FormatIsoUtcMs(CutoffMs(cfg, tz, Slot::kDinner, "2026-11-23").value()), "2026-11-23T07:00:00.000Z");
  // Breakfast closes at 18:00 the day before; across a month and a year boundary.
  EXPECT_EQ(FormatIsoUtcMs(CutoffMs(cfg, tz, Slot::kBreakfast, "2026-12-01").value()), "2026-11-30T10:00:00.000Z");
  EXPECT_EQ(FormatIsoUtcMs(CutoffMs(cfg, tz, Slot::kBreakfast, "2027-01-01").value()), "2026-12-31T10:00:00.000Z");
  EXPECT_FALSE(CutoffMs(cfg, tz, Slot::kLunch, "2026-02-30").ok());
  EXPECT_FALSE(CutoffMs(cfg, tz, Slot::kLate, "2026-11-23").ok());
  EXPECT_EQ(WeekdayOf("2026-11-22"), "sun");
  EXPECT_EQ(WeekdayOf("2026-11-23"), "mon");
  EXPECT_EQ(MenuId("mon", Slot::kLunch), "menu-mon-lunch");
}

TEST_F(MealsRules, CutoffOneSecondBeforeAndAfter) {
  const int64_t cut = Local(2026, 11, 23, 9, 30);
  auto o = Order(Slot::kLunch, "2026-11-23", {{"D010", 1}}, regular);
  EXPECT_TRUE(ValidateMealOrder(o, Ctx(&regular, cut - kSec)).ok());
  auto after = ValidateMealOrder(o, Ctx(&regular, cut));
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().code, reason::kPastCutoff);
  EXPECT_EQ(ValidateMealOrder(o, Ctx(&regular, cut + kSec)).error().code, reason::kPastCutoff);

  // OrderableSlots flips the same second: lunch today, then lunch tomorrow.
  auto before_slots = OrderableSlots(cfg, tz, cut - kSec);
  auto after_slots = OrderableSlots(cfg, tz, cut);
  auto lunch = [](const std::vector<SlotChoice>& v) {
    for (const auto& s : v)
      if (s.slot == Slot::kLunch) return s;
    return SlotChoice{};
  };
  EXPECT_EQ(lunch(before_slots).date, "2026-11-23");
  EXPECT_EQ(lunch(before_slots).cutoff_ms, cut);
  EXPECT_EQ(lunch(after_slots).date, "2026-11-24");
}

TEST_F(MealsRules, OrderableSlotsNextMealFirst) {
  // 10:00 Monday: dinner today, breakfast tomorrow, lunch tomorrow. Late window closed.
  auto s = OrderableSlots(cfg, tz, Local(2026, 11, 23, 10, 0));
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].slot, Slot::kDinner);
  EXPECT_EQ(s[0].date, "2026-11-23");
  EXPECT_EQ(s[1].slot, Slot::kBreakfast);
  EXPECT_EQ(s[1].date, "2026-11-24");
  EXPECT_EQ(s[1].cutoff_ms, Local(2026, 11, 23, 18, 0));
  EXPECT_EQ(s[2].slot, Slot::kLunch);
  EXPECT_EQ(s[2].date, "2026-11-24");
  EXPECT_EQ(s[2].weekday, "tue");
  // 19:00: breakfast tomorrow is closed, so the next breakfast is the day after.
  auto e = OrderableSlots(cfg, tz, Local(2026, 11, 23, 19, 0));
  for (const auto& c : e)
    if (c.slot == Slot::kBreakfast) {
      EXPECT_EQ(c.date, "2026-11-25");
    }
  for (const auto& c : e) EXPECT_GT(c.cutoff_ms, Local(2026, 11, 23, 19, 0));
}

TEST_F(MealsRules, LateWindowAcrossMidnight) {
  EXPECT_FALSE(LateWindowCloses(cfg, tz, Local(2026, 11, 23, 19, 59, 59)));
  EXPECT_EQ(LateWindowCloses(cfg, tz, Local(2026, 11, 23, 20, 0)), Local(2026, 11, 24, 6, 0));
  EXPECT_EQ(LateWindowCloses(cfg, tz, Local(2026, 11, 23, 23, 59, 59)), Local(2026, 11, 24, 6, 0));
  EXPECT_EQ(LateWindowCloses(cfg, tz, Local(2026, 11, 24, 0, 0)), Local(2026, 11, 24, 6, 0));
  EXPECT_EQ(LateWindowCloses(cfg, tz, Local(2026, 11, 24, 5, 59, 59)), Local(2026, 11, 24, 6, 0));
  EXPECT_FALSE(LateWindowCloses(cfg, tz, Local(2026, 11, 24, 6, 0)));

  const int64_t now = Local(2026, 11, 24, 0, 10);
  auto s = OrderableSlots(cfg, tz, now);
  ASSERT_FALSE(s.empty());
  EXPECT_EQ(s[0].slot, Slot::kLate);  // late first while its window is open
  EXPECT_TRUE(s[0].late);
  EXPECT_EQ(s[0].date, "2026-11-24");
  EXPECT_EQ(s[0].due_ms, now + 20 * kMin);

  auto late = Order(Slot::kLate, "2026-11-24", {{"D031", 1}}, regular);
  auto ok = ValidateMealOrder(late, Ctx(&regular, now));
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->due_ms, now + 20 * kMin);
  EXPECT_EQ(ValidateMealOrder(late, Ctx(&regular, Local(2026, 11, 24, 6, 0))).error().code, reason::kLateClosed);
  // Ordered at 23:59:59 for "today", judged just after midnight: still accepted (a day either way).
  auto before_midnight = Order(Slot::kLate, "2026-11-23", {{"D031", 1}}, regular);
  EXPECT_TRUE(ValidateMealOrder(before_midnight, Ctx(&regular, Local(2026, 11, 24, 0, 0, 1))).ok());
  auto far = Order(Slot::kLate, "2026-11-20", {{"D031", 1}}, regular);
  EXPECT_EQ(ValidateMealOrder(far, Ctx(&regular, now)).error().code, reason::kBadPayload);

  // A daytime window (from < to) works too.
  MealConfig day = cfg;
  day.late_from_minute = 13 * 60;
  day.late_to_minute = 17 * 60;
  EXPECT_TRUE(LateWindowCloses(day, tz, Local(2026, 11, 23, 13, 0)));
  EXPECT_FALSE(LateWindowCloses(day, tz, Local(2026, 11, 23, 17, 0)));
  MealConfig none = cfg;
  none.late_enabled = false;
  EXPECT_EQ(ValidateMealOrder(late, OrderContext{&none, &tz, &catalog, nullptr, &regular, now}).error().code, reason::kLateClosed);
}

TEST_F(MealsRules, DstZoneCutoffsFollowTheLocalClock) {
  // Europe/Berlin: lunch 09:30 local is 08:30Z in winter and 07:30Z in summer.
  MealConfig berlin = cfg;
  berlin.time_zone = "Europe/Berlin";
  const TimeZone btz = ZoneOf(berlin);
  ASSERT_EQ(btz.name(), "Europe/Berlin");
  EXPECT_EQ(FormatIsoUtcMs(CutoffMs(berlin, btz, Slot::kLunch, "2026-01-15").value()), "2026-01-15T08:30:00.000Z");
  EXPECT_EQ(FormatIsoUtcMs(CutoffMs(berlin, btz, Slot::kLunch, "2026-07-15").value()), "2026-07-15T07:30:00.000Z");
  // Day-before breakfast cut-off on the night clocks go forward (29 March 2026): 18:00 on the 28th is CET.
  EXPECT_EQ(FormatIsoUtcMs(CutoffMs(berlin, btz, Slot::kBreakfast, "2026-03-29").value()), "2026-03-28T17:00:00.000Z");
  EXPECT_EQ(FormatIsoUtcMs(CutoffMs(berlin, btz, Slot::kBreakfast, "2026-03-30").value()), "2026-03-29T16:00:00.000Z");
  // A cut-off inside the spring-forward gap (02:30 does not exist) is the end of the gap.
  berlin.cutoff_minute[1] = 2 * 60 + 30;
  EXPECT_EQ(FormatIsoUtcMs(CutoffMs(berlin, btz, Slot::kLunch, "2026-03-29").value()), "2026-03-29T01:00:00.000Z");
  // The late window across the autumn night (25 Oct 2026, 03:00 → 02:00): closes at 06:00 CET.
  EXPECT_EQ(FormatIsoUtcMs(*LateWindowCloses(berlin, btz, btz.ToUtcMs(2026, 10, 24, 23, 0))), "2026-10-25T05:00:00.000Z");
}

TEST_F(MealsRules, JudgedNowUsesSkewOnlineAndLocalClockOffline) {
  const int64_t cut = Local(2026, 11, 23, 9, 30);
  const int64_t local = cut - 10 * kSec;  // local clock: 10 s before the cut-off
  auto online = JudgeNow(local, true, 20 * kSec);  // the hub is 20 s ahead: already past
  EXPECT_EQ(online.source, ClockSource::kHub);
  EXPECT_EQ(online.now_ms, cut + 10 * kSec);
  auto offline = JudgeNow(local, false, 20 * kSec);
  EXPECT_EQ(offline.source, ClockSource::kLocal);
  EXPECT_EQ(offline.now_ms, local);
  EXPECT_EQ(ClockSourceName(offline.source), "local");
  auto o = Order(Slot::kLunch, "2026-11-23", {{"D010", 1}}, regular);
  EXPECT_EQ(ValidateMealOrder(o, Ctx(&regular, online.now_ms)).error().code, reason::kPastCutoff);
  EXPECT_TRUE(ValidateMealOrder(o, Ctx(&regular, offline.now_ms)).ok());
  // A hub behind the local clock gives more time.
  EXPECT_TRUE(ValidateMealOrder(o, Ctx(&regular, JudgeNow(cut + 5 * kSec, true, -6 * kSec).now_ms)).ok());

  EXPECT_TRUE(IsOnline(local - kOnlineMaxAgeMs, local));
  EXPECT_FALSE(IsOnline(local - kOnlineMaxAgeMs - 1, local));
  EXPECT_FALSE(IsOnline(0, local));
}

TEST_F(MealsRules, FilterMenuEveryDietCodeAndAllergenMix) {
  const auto dishes = DemoDishes();
  const std::vector<std::vector<std::string>> mixes = {
      {}, {"milk"}, {"egg"}, {"fish"}, {"shellfish"}, {"soy"}, {"gluten"}, {"peanut"},
      {"milk", "egg"}, {"gluten", "soy"}, {"fish", "shellfish", "egg"}, {"milk", "egg", "fish", "shellfish", "soy", "gluten", "peanut"}};
  std::set<std::string> reasons_seen;
  for (const auto& code : DietCodes()) {
    for (const auto& mix : mixes) {
      DietOrder d{"B", code, mix, "dr"};
      for (Slot slot : kAllSlots) {
        const MenuView m = FilterMenu(dishes, &d, slot);
        ASSERT_EQ(m.dishes.size(), dishes.size());
        EXPECT_EQ(m.allowed + m.limited + m.hidden, static_cast<int>(dishes.size()));
        EXPECT_EQ(m.state, code == "npo" ? MenuState::kNpo : MenuState::kOpen);
        for (size_t i = 0; i < dishes.size(); ++i) {
          const Dish& dish = dishes[i];
          const DishView& v = m.dishes[i];
          EXPECT_EQ(v.id, dish.id);
          const bool in_slot = std::find(dish.slots.begin(), dish.slots.end(), slot) != dish.slots.end();
          const bool diet_ok = std::find(dish.diets.begin(), dish.diets.end(), code) != dish.diets.end();
          std::string hit;
          for (const auto& a : dish.allergens)
            if (hit.empty() && std::find(mix.begin(), mix.end(), a) != mix.end()) hit = a;
          const std::string expect = code == "npo" ? "npo" : !in_slot ? "not_in_slot" : !diet_ok ? "diet_excludes"
                                     : !hit.empty() ? "allergen" : "";
          if (expect.empty()) {
            EXPECT_NE(v.state, DishState::kHidden) << code << " " << dish.id;
            EXPECT_GE(v.max_qty, 1);
          } else {
            EXPECT_EQ(v.state, DishState::kHidden) << code << " " << dish.id;
            EXPECT_EQ(v.reason, expect) << code << " " << dish.id;
            EXPECT_EQ(v.max_qty, 0);
          }
          if (expect == "allergen") {
            EXPECT_EQ(v.params["allergen"], hit);
          }
          reasons_seen.insert(v.reason);
        }
      }
    }
  }
  EXPECT_EQ(reasons_seen, (std::set<std::string>{"", "npo", "not_in_slot", "diet_excludes", "allergen"}));
}

TEST_F(MealsRules, FilterMenuSpecificCases) {
  const auto dishes = DemoDishes();
  DietOrder liquid{"B", "liquid", {}, "dr"};
  const MenuView m = FilterMenu(dishes, &liquid, Slot::kLunch);
  std::set<std::string> allowed;
  for (const auto& v : m.dishes)
    if (v.state != DishState::kHidden) allowed.insert(v.id);
  EXPECT_EQ(allowed, (std::set<std::string>{"D018", "D025", "D026"}));  // soups and the blended meal
  // Allergen to milk removes the blended nutrition meal for a liquid diet.
  DietOrder liquid_milk{"B", "liquid", {"milk"}, "dr"};
  EXPECT_EQ(JudgeDish(catalog.at("D025"), &liquid_milk, Slot::kLunch).reason, "allergen");
  // No diet order: everything hidden, said why.
  const MenuView none = FilterMenu(dishes, nullptr, Slot::kLunch);
  EXPECT_EQ(none.state, MenuState::kNoDietOrder);
  EXPECT_EQ(none.hidden, static_cast<int>(dishes.size()));
  EXPECT_EQ(none.dishes[0].reason, "no_diet_order");
  // Limited: a per-diet portion limit on the dish.
  Dish rice = catalog.at("D010");
  rice.diet_limits["diabetic"] = 1;
  DietOrder diabetic{"B", "diabetic", {}, "dr"};
  const DishView v = JudgeDish(rice, &diabetic, Slot::kLunch, 3);
  EXPECT_EQ(v.state, DishState::kLimited);
  EXPECT_EQ(v.reason, "diet_limit");
  EXPECT_EQ(v.max_qty, 1);
  EXPECT_EQ(v.params["max_qty"], 1);
  EXPECT_EQ(JudgeDish(rice, &regular, Slot::kLunch, 3).state, DishState::kAllowed);
  EXPECT_EQ(DishStateName(DishState::kLimited), "limited");
}

TEST_F(MealsRules, ValidationReasonCodes) {
  const int64_t now = Local(2026, 11, 23, 8, 0);
  const std::string today = "2026-11-23";
  auto code = [&](const MealOrder& o, const DietOrder* d, const std::vector<std::string>* menu = nullptr) {
    auto r = ValidateMealOrder(o, Ctx(d, now, menu));
    return r.ok() ? std::string("ok") : r.error().code;
  };
  EXPECT_EQ(code(Order(Slot::kLunch, today, {{"D010", 2}, {"D012", 1}}, regular), &regular), "ok");
  EXPECT_EQ(code(Order(Slot::kLunch, today, {}, regular), &regular), "empty_basket");
  EXPECT_EQ(code(Order(Slot::kLunch, today, {{"D999", 1}}, regular), &regular), "unknown_dish");
  EXPECT_EQ(code(Order(Slot::kLunch, today, {{"D001", 1}}, regular), &regular), "not_in_slot");  // breakfast dish
  const std::vector<std::string> menu = {"D010", "D013"};
  EXPECT_EQ(code(Order(Slot::kLunch, today, {{"D012", 1}}, regular), &regular, &menu), "not_in_slot");  // not on the day's menu
  EXPECT_EQ(code(Order(Slot::kLunch, today, {{"D013", 1}}, regular), &regular, &menu), "ok");
  DietOrder diabetic{"B", "diabetic", {}, "dr"};
  EXPECT_EQ(code(Order(Slot::kLunch, today, {{"D011", 1}}, diabetic), &diabetic), "diet_excludes");
  DietOrder egg{"B", "regular", {"egg"}, "dr"};
  EXPECT_EQ(code(Order(Slot::kLunch, today, {{"D014", 1}}, egg), &egg), "allergen");
  DietOrder npo{"B", "npo", {}, "dr"};
  EXPECT_EQ(code(Order(Slot::kLunch, today, {{"D010", 1}}, npo), &npo), "npo");
  EXPECT_EQ(code(Order(Slot::kLunch, today, {{"D010", 1}}, regular), nullptr), "no_diet_order");
  EXPECT_EQ(code(Order(Slot::kLunch, today, {{"D010", 4}}, regular), &regular), "qty_range");
  EXPECT_EQ(code(Order(Slot::kLunch, today, {{"D010", 3}}, regular), &regular), "ok");
  EXPECT_EQ(code(Order(Slot::kLunch, today, {{"D010", 1}, {"D010", 1}}, regular), &regular), "duplicate_item");
  EXPECT_EQ(code(Order(Slot::kLunch, today, {{"D010", 1}, {"D012", 1}, {"D013", 1}, {"D014", 1}, {"D015", 1}}, regular), &regular),
            "too_many_dishes");
  EXPECT_EQ(code(Order(Slot::kLunch, "2026-12-05", {{"D010", 1}}, regular), &regular), "too_far_ahead");
  EXPECT_EQ(code(Order(Slot::kLunch, "2026-11-30", {{"D010", 1}}, regular), &regular), "ok");  // 7 days ahead
  EXPECT_EQ(code(Order(Slot::kLunch, "2026-11-22", {{"D010", 1}}, regular), &regular), "past_cutoff");
  EXPECT_EQ(code(Order(Slot::kLate, today, {{"D031", 1}}, regular), &regular), "late_window_closed");
  // Diet limit: allowed dish, limited portions.
  catalog["D010"].diet_limits["diabetic"] = 1;
  EXPECT_EQ(code(Order(Slot::kLunch, today, {{"D010", 2}}, diabetic), &diabetic), "diet_limit");
  EXPECT_EQ(code(Order(Slot::kLunch, today, {{"D010", 1}}, diabetic), &diabetic), "ok");
  // The diet the patient saw differs from the current one: valid, but flagged for hold.
  auto differs = ValidateMealOrder(Order(Slot::kLunch, today, {{"D013", 1}}, regular), Ctx(&diabetic, now));
  ASSERT_TRUE(differs.ok());
  EXPECT_TRUE(differs->diet_differs);
  EXPECT_FALSE(ValidateMealOrder(Order(Slot::kLunch, today, {{"D013", 1}}, diabetic), Ctx(&diabetic, now))->diet_differs);

  auto problems = BasketProblems(Order(Slot::kLunch, today, {{"D011", 1}, {"D013", 1}, {"D999", 1}}, diabetic), Ctx(&diabetic, now));
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems.at("D011").code, "diet_excludes");
  EXPECT_EQ(problems.at("D999").code, "unknown_dish");
}

TEST_F(MealsRules, PayloadRoundTripAndStrictParse) {
  auto o = Order(Slot::kLate, "2026-11-23", {{"D031", 2}}, DietOrder{"B", "soft", {"egg"}, ""});
  o.note = "no onions";
  const json p = MealOrderPayload(o);
  EXPECT_EQ(p["slot"], "late");
  EXPECT_EQ(p["late"], true);
  EXPECT_EQ(p["diet"]["code"], "soft");
  auto back = ParseMealOrder(p);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->items, o.items);
  EXPECT_EQ(back->allergens, o.allergens);
  EXPECT_EQ(back->note, "no onions");
  for (const char* key : {"slot", "date", "items", "diet"}) {
    json bad = p;
    bad.erase(key);
    auto r = ParseMealOrder(bad);
    EXPECT_FALSE(r.ok()) << key;
    if (!r.ok()) {
      EXPECT_EQ(r.error().code, reason::kBadPayload);
    }
  }
  json wrong_late = p;
  wrong_late["late"] = false;
  EXPECT_FALSE(ParseMealOrder(wrong_late).ok());
  json qty = p;
  qty["items"][0]["qty"] = 0;
  EXPECT_FALSE(ParseMealOrder(qty).ok());
  json long_note = p;
  long_note["note"] = std::string(201, 'x');
  EXPECT_FALSE(ParseMealOrder(long_note).ok());
  json diet = p;
  diet["diet"]["code"] = "keto";
  EXPECT_FALSE(ParseMealOrder(diet).ok());
  EXPECT_EQ(OrderCancelPayload("TK-000001"), (json{{"ticket", "TK-000001"}}));
}

TEST_F(MealsRules, CancelUntilCutoffAndOnlyWhilePending) {
  auto o = Order(Slot::kLunch, "2026-11-23", {{"D010", 1}}, regular);
  const int64_t cut = Local(2026, 11, 23, 9, 30);
  EXPECT_TRUE(CanCancel(cfg, tz, o, "received", cut - kSec).ok());
  EXPECT_TRUE(CanCancel(cfg, tz, o, "accepted", cut - kSec).ok());
  EXPECT_EQ(CanCancel(cfg, tz, o, "accepted", cut).error().code, reason::kCancelPastCutoff);
  EXPECT_EQ(CanCancel(cfg, tz, o, "received", cut + kMin).error().code, reason::kCancelPastCutoff);
  for (const char* s : {"dispatched", "in_progress", "completed", "cancelled", "rejected"})
    EXPECT_EQ(CanCancel(cfg, tz, o, s, cut - kMin).error().code, reason::kCancelState) << s;
  auto late = Order(Slot::kLate, "2026-11-23", {{"D031", 1}}, regular);
  const int64_t due = Local(2026, 11, 23, 22, 20);
  EXPECT_TRUE(CanCancel(cfg, tz, late, "received", due - kSec, due).ok());
  EXPECT_EQ(CanCancel(cfg, tz, late, "received", due, due).error().code, reason::kCancelPastCutoff);
}

TEST_F(MealsRules, MyMealsStates) {
  const auto o = Order(Slot::kLunch, "2026-11-23", {{"D010", 1}}, regular);
  const int64_t now = Local(2026, 11, 23, 8, 0);
  auto state = [&](const LocalRecord& l, const json* t, const DietOrder* d = nullptr) {
    return std::string(OrderStateName(DeriveOrderState(l, t, o, d ? d : &regular, now).state));
  };
  EXPECT_EQ(state({OutboxState::kQueued, "", "", now}, nullptr), "saved");
  EXPECT_EQ(state({OutboxState::kAcknowledged, "TK-1", "", now}, nullptr), "sent");
  auto rej = DeriveOrderState({OutboxState::kRejected, "", "diet_excludes: dish D011 is not allowed for diet diabetic", now},
                              nullptr, o, &regular, now);
  EXPECT_EQ(rej.state, OrderState::kRejected);
  EXPECT_EQ(rej.reason_code, "diet_excludes");
  EXPECT_EQ(rej.reason_detail, "dish D011 is not allowed for diet diabetic");
  const std::map<std::string, std::string> mapping = {
      {"received", "in_review"}, {"accepted", "approved"},     {"dispatched", "preparing"}, {"in_progress", "preparing"},
      {"completed", "delivered"}, {"followed_up", "delivered"}, {"assessed", "delivered"},   {"cancelled", "cancelled"},
      {"rejected", "rejected"}};
  for (const auto& [status, expect] : mapping) {
    json t = {{"id", "TK-000009"}, {"status", status}, {"detail", MealOrderPayload(o)}, {"history", json::array()}};
    EXPECT_EQ(state({OutboxState::kAcknowledged, "TK-000009", "", now}, &t), expect) << status;
  }
  // Rejected at review: the reason comes from the history note.
  json r = {{"id", "TK-2"}, {"status", "rejected"}, {"detail", MealOrderPayload(o)},
            {"history", {{{"status", "received"}}, {{"from", "received"}, {"status", "rejected"}, {"note", "review_rejected: fasting for surgery"}}}}};
  auto rs = DeriveOrderState({}, &r, o, &regular, now);
  EXPECT_EQ(rs.reason_code, "review_rejected");
  EXPECT_EQ(rs.reason_detail, "fasting for surgery");
  EXPECT_EQ(rs.ticket, "TK-2");
  // A hold in the ticket detail.
  json held = {{"id", "TK-3"}, {"status", "accepted"}, {"detail", MealOrderPayload(o)}};
  held["detail"]["hold"] = {{"reason", "diet_changed: diet changed from regular to soft"}};
  auto h = DeriveOrderState({}, &held, o, &regular, now);
  EXPECT_EQ(h.state, OrderState::kOnHold);
  EXPECT_EQ(h.reason_code, "diet_changed");
  // A diet change seen locally holds pending orders before the hub says so, not kitchen ones.
  DietOrder soft{"B", "soft", {}, "dr"};
  EXPECT_EQ(state({OutboxState::kQueued, "", "", now}, nullptr, &soft), "on_hold");
  json prep = {{"id", "TK-4"}, {"status", "dispatched"}, {"detail", MealOrderPayload(o)}};
  EXPECT_EQ(state({}, &prep, &soft), "preparing");
  DietOrder regular_egg{"B", "regular", {"egg"}, "dr"};
  EXPECT_EQ(state({OutboxState::kQueued, "", "", now}, nullptr, &regular_egg), "on_hold");  // new allergy
}

TEST_F(MealsRules, LateOrderDueAndOverdue) {
  const auto o = Order(Slot::kLate, "2026-11-23", {{"D031", 1}}, regular);
  const int64_t created = Local(2026, 11, 23, 21, 0);
  auto saved = DeriveOrderState({OutboxState::kQueued, "", "", created}, nullptr, o, &regular, created + 5 * kMin);
  EXPECT_EQ(saved.due_ms, created + 20 * kMin);
  EXPECT_FALSE(saved.overdue);
  json t = {{"id", "TK-5"}, {"status", "in_progress"}, {"detail", MealOrderPayload(o)}};
  t["detail"]["due_at"] = FormatIsoUtcMs(created + 20 * kMin);
  auto late = DeriveOrderState({}, &t, o, &regular, created + 20 * kMin + kSec);
  EXPECT_TRUE(late.overdue);
  EXPECT_EQ(late.due_ms, created + 20 * kMin);
  t["status"] = "completed";
  EXPECT_FALSE(DeriveOrderState({}, &t, o, &regular, created + 60 * kMin).overdue);
}
