// Meal screens through Apply with a meal context built by the core rules, answered the way the app's
// store worker answers: what the patient can tap, what reaches the outbox, and what they are told.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include "kiosk/core/features/foundation/feature.h"
#include "kiosk/core/features/meals/commands.h"
#include "kiosk/core/features/meals/feature.h"
#include "kiosk/core/features/meals/jobs.h"
#include "kiosk/core/features/meals/views.h"
#include "kiosk/core/features/meals/ward_beds.h"
#include "kiosk/core/shell/events.h"
#include "kiosk/core/features/rating/commands.h"
#include "kiosk/core/features/rating/feature.h"
#include "kiosk/core/features/rating/jobs.h"
#include "kiosk/core/features/rating/views.h"
#include "kiosk/core/features/requests/commands.h"
#include "kiosk/core/features/requests/feature.h"
#include "kiosk/core/features/requests/jobs.h"
#include "kiosk/core/features/requests/store_data.h"
#include "kiosk/core/features/requests/views.h"
#include "kiosk/core/features/staff/commands.h"
#include "kiosk/core/features/staff/feature.h"
#include "kiosk/core/features/staff/jobs.h"
#include "kiosk/core/features/staff/state.h"
#include "kiosk/core/shell/shell.h"
#include "tests/unit/effects_helpers.h"


using namespace onestop;
using json = nlohmann::json;

namespace {

constexpr int64_t k1430Shanghai = 1795329000000;  // 2026-11-22 14:30 in Asia/Shanghai

meals::Dish MakeDish(const std::string& id, std::vector<meals::Slot> slots, std::vector<std::string> diets,
                     std::vector<std::string> allergens = {}, std::map<std::string, int> limits = {}) {
  meals::Dish d;
  d.id = id;
  d.name = LocalText::Same("dish " + id);
  d.slots = std::move(slots);
  d.diets = std::move(diets);
  d.allergens = std::move(allergens);
  d.diet_limits = std::move(limits);
  d.price_cents = 500;
  return d;
}

class MealScreens : public ::testing::Test {
 protected:
  void SetUp() override {
    auto i = I18n::LoadDir(std::string(ONESTOP_ASSETS_DIR) + "/i18n");
    ASSERT_TRUE(i.ok());
    i18n = std::move(i.value());
    s.i18n = &i18n;
    s.clock = &clock;
    s.terminal.tz = TimeZone::Find("Asia/Shanghai").value();
    s.terminal.binding.role = Role::kBedside;
    s.terminal.binding.location = "B2-3F-W12-BED07";
    s.terminal.link.state = LinkState::kOnline;
    ResetSession(s);
  }
  // The context the worker would read for `diet` at the current time.
  MealContext Context(const std::string& diet, std::vector<std::string> allergens = {}) const {
    MealContext c;
    c.bed = "B2-3F-W12-BED07";
    c.config.time_zone = "Asia/Shanghai";
    c.tz = s.terminal.tz;
    c.now = meals::JudgeNow(clock.NowUtcMs(), true, 0);
    c.diet = meals::DietOrder{c.bed, diet, std::move(allergens), "dr"};
    using meals::Slot;
    for (auto d : {MakeDish("rice", {Slot::kLunch, Slot::kDinner}, {"regular", "soft", "diabetic"}),
                   MakeDish("fish", {Slot::kDinner}, {"regular", "soft"}, {"fish"}),
                   MakeDish("cake", {Slot::kDinner}, {"regular"}, {"milk", "egg"}),
                   MakeDish("soup", {Slot::kDinner}, {"regular", "soft", "liquid"}, {}, {{"soft", 1}})})
      c.catalog.emplace(d.id, d);
    for (const auto& choice : meals::OrderableSlots(c.config, c.tz, c.now.now_ms)) {
      MealSlotMenu m;
      m.choice = choice;
      for (const auto& [id, d] : c.catalog)
        if (std::find(d.slots.begin(), d.slots.end(), choice.slot) != d.slots.end()) m.dishes.push_back(d);
      m.view = meals::FilterMenu(m.dishes, &*c.diet, choice.slot, c.config.max_qty_per_dish);
      c.slots.push_back(std::move(m));
    }
    return c;
  }
  // An order of this bed already known to the store (one per bed, meal and day).
  static MyMeal Ordered(const MealContext& c, meals::Slot slot, const std::string& date, const std::string& ticket,
                        meals::OrderState state, bool can_cancel) {
    MyMeal m;
    m.order = {c.bed, slot, date, {{"rice", 2}}, false, "regular", {}, ""};
    m.status.state = state;
    m.status.ticket = ticket;
    m.can_cancel = can_cancel;
    return m;
  }
  void SignInNurse() {
    s.terminal.binding.role = Role::kWard;
    s.terminal.binding.location = "B2-3F-W12";
    s.terminal.staff = std::make_shared<staff::StaffSession>(clock, [](std::string_view, std::string_view) { return false; },
                                                    Binding{Role::kWard, "B2-3F-W12"});
    s.terminal.staff->SetDirectory(staff::StaffDirectory(
        {staff::StaffFromJson({{"id", "70001"}, {"role", "nurse"}, {"ward", "B2-3F-W12"}, {"badge", "NB1"}}).value()}));
    Apply(s, cmd::Navigate{screens::kSignIn});
    Apply(s, cmd::ScanCode{"NB1"});
    ASSERT_TRUE(s.terminal.staff->signed_in());
    s.effects.jobs.clear();
    Apply(s, mealui::cmd::PickMealBed{"B2-3F-W12-BED07"});
    s.effects.jobs.clear();
  }
  std::string Tr(const char* key) const { return i18n.Tr(Lang::kEn, key); }
  void OpenWith(MealContext c) {
    Apply(s, cmd::Navigate{screens::kMeals});
    ASSERT_EQ(JobsOf<mealui::job::ReadMealContext>(s).size(), 1u);
    EXPECT_EQ(JobsOf<mealui::job::ReadMealContext>(s)[0].bed, "B2-3F-W12-BED07");
    s.effects.jobs.clear();
    const std::string bed = c.bed;
    Apply(s, mealui::cmd::MealContextRead{bed, std::move(c)});
  }
  I18n i18n;
  FakeClock clock{k1430Shanghai};
  AppState s;
};

TEST_F(MealScreens, NextMealFirstWithItsCountdown) {
  OpenWith(Context("soft"));
  const auto v = mealui::BuildMealsView(s);
  ASSERT_GE(v.slots.size(), 3u);
  EXPECT_EQ(v.slots[0].title, i18n.Tr(Lang::kZhHans, "meal.slot.dinner") + "  " + i18n.Tr(Lang::kZhHans, "meal.day.today"));
  EXPECT_NE(v.slots[0].subtitle.find("15:00"), std::string::npos);
  EXPECT_NE(v.slots[0].subtitle.find("30"), std::string::npos) << v.slots[0].subtitle;  // 30 minutes left
  EXPECT_TRUE(v.clock_note.empty());
}

TEST_F(MealScreens, BasketFollowsTheDietAndTheOrderCarriesIt) {
  OpenWith(Context("soft", {"fish"}));
  Apply(s, mealui::cmd::PickMealSlot{0});  // dinner today
  ASSERT_EQ(s.session.screen, screens::kMenu);
  auto v = mealui::BuildMenuView(s);
  // Orderable first; fish (allergen) and cake (not for soft) come last with their reasons.
  ASSERT_EQ(v.cards.size(), 4u);
  EXPECT_TRUE(v.cards[0].orderable);
  EXPECT_FALSE(v.cards[2].orderable);
  EXPECT_FALSE(v.cards[3].orderable);
  for (const auto& c : v.cards) {
    if (c.id == "fish") {
      EXPECT_NE(c.note.find(i18n.Tr(Lang::kZhHans, "allergen.fish")), std::string::npos) << c.note;
    } else if (c.id == "cake") {
      EXPECT_NE(c.note.find(i18n.Tr(Lang::kZhHans, "diet.soft")), std::string::npos) << c.note;
    } else if (c.id == "soup") {
      EXPECT_EQ(c.max_qty, 1);
    }
  }
  Apply(s, mealui::cmd::SetMealQty{"fish", 1});  // a hidden dish never enters the basket
  Apply(s, mealui::cmd::SetMealQty{"soup", 3});  // limited to one portion
  Apply(s, mealui::cmd::SetMealQty{"rice", 2});
  EXPECT_EQ(mealui::Get(s).basket.count("fish"), 0u);
  EXPECT_EQ(mealui::Get(s).basket["soup"], 1);
  Apply(s, mealui::cmd::PlaceMealOrder{});
  ASSERT_EQ(Outbox(s).size(), 1u);
  EXPECT_EQ(Outbox(s)[0].kind, "meal_order");
  const json p = json::parse(Outbox(s)[0].payload_json);
  EXPECT_EQ(p["slot"], "dinner");
  EXPECT_EQ(p["date"], "2026-11-22");
  EXPECT_EQ(p["location"], "B2-3F-W12-BED07");
  EXPECT_EQ(p["diet"]["code"], "soft");
  EXPECT_EQ(p["items"].size(), 2u);
  Apply(s, mealui::cmd::PlaceMealOrder{});  // a second tap orders nothing more
  EXPECT_EQ(Outbox(s).size(), 1u);
  // The hub's coded rejection reaches the screen translated.
  Apply(s, job::OutboxSaved{Outbox(s)[0].tag, "rec-1"});
  Apply(s, job::RecordOutcome{"rec-1", protocol::PushStatus::kRejected, "", "diet_excludes: dish rice is not allowed for a liquid diet"});
  v = mealui::BuildMenuView(s);
  EXPECT_EQ(v.progress_detail, i18n.Tr(Lang::kZhHans, "meal.reason.diet_excludes"));
}

TEST_F(MealScreens, CutOffPassingOnScreenRefusesTheOrder) {
  OpenWith(Context("regular"));
  Apply(s, mealui::cmd::PickMealSlot{0});
  Apply(s, mealui::cmd::SetMealQty{"rice", 1});
  clock.Advance(30 * 60 * 1000 - 1000);  // 14:59:59: one second before the cut-off
  EXPECT_TRUE(mealui::BuildMenuView(s).problem.empty());
  clock.Advance(2000);  // 15:00:01
  EXPECT_FALSE(mealui::BuildMenuView(s).problem.empty());
  Apply(s, mealui::cmd::PlaceMealOrder{});
  EXPECT_TRUE(Outbox(s).empty());
  EXPECT_EQ(mealui::Get(s).error_code, "past_cutoff");
}

TEST_F(MealScreens, NpoBedSeesWhyAndCannotOrder) {
  OpenWith(Context("npo"));
  const auto v = mealui::BuildMealsView(s);
  EXPECT_EQ(v.problem, i18n.Tr(Lang::kZhHans, "meal.why.npo"));
  EXPECT_TRUE(v.slots.empty());
  mealui::Get(s).slot = 0;
  s.session.screen = screens::kMenu;
  ChromeView chrome = BuildChrome(s);
  EXPECT_TRUE(chrome.action.empty()) << "no Place order for an NPO bed";
}

TEST_F(MealScreens, OfflineJudgesByTheLocalClockAndSaysSo) {
  s.terminal.link.state = LinkState::kOffline;
  s.terminal.link.clock_skew_ms = 600000;  // ignored offline
  OpenWith(Context("regular"));
  EXPECT_FALSE(mealui::BuildMealsView(s).clock_note.empty());
  EXPECT_EQ(mealui::JudgedNowOf(s).now_ms, clock.NowUtcMs());
  s.terminal.link.state = LinkState::kOnline;
  EXPECT_EQ(mealui::JudgedNowOf(s).now_ms, clock.NowUtcMs() + 600000);
}

TEST_F(MealScreens, CancelAsksFirst) {
  MealContext c = Context("regular");
  MyMeal m;
  m.order = {c.bed, meals::Slot::kDinner, "2026-11-22", {{"rice", 1}}, false, "regular", {}, ""};
  m.status.state = meals::OrderState::kApproved;
  m.status.ticket = "TK-000010";
  m.can_cancel = true;
  c.orders.push_back(m);
  Apply(s, cmd::Navigate{screens::kMyMeals});
  ASSERT_EQ(s.effects.jobs.size(), 1u);
  Apply(s, mealui::cmd::MealContextRead{"B2-3F-W12-BED07-OTHER", Context("regular")});  // another bed's answer: ignored
  EXPECT_FALSE(mealui::Get(s).ctx);
  Apply(s, mealui::cmd::MealContextRead{"B2-3F-W12-BED07", std::move(c)});
  auto v = mealui::BuildMyMealsView(s);
  ASSERT_EQ(v.rows.size(), 1u);
  EXPECT_EQ(v.rows[0].ticket, "TK-000010");
  EXPECT_FALSE(v.rows[0].confirming);
  Apply(s, mealui::cmd::AskCancel{"TK-000010"});
  EXPECT_TRUE(mealui::BuildMyMealsView(s).rows[0].confirming);
  Apply(s, mealui::cmd::CancelMealOrder{"TK-000010"});
  ASSERT_EQ(Outbox(s).size(), 1u);
  EXPECT_EQ(Outbox(s)[0].kind, "order_cancel");
  EXPECT_EQ(json::parse(Outbox(s)[0].payload_json)["ticket"], "TK-000010");
  Apply(s, mealui::cmd::CancelMealOrder{"TK-000010"});
  EXPECT_EQ(Outbox(s).size(), 1u);
  // After the cut-off a cancel is refused at the tap even if the list still offered it.
  ClearJobs<OutboxRequest>(s);
  s.effects.actions.clear();
  clock.Advance(3600 * 1000);
  Apply(s, mealui::cmd::CancelMealOrder{"TK-000010"});
  EXPECT_TRUE(Outbox(s).empty());
}

// Issue 16: the chooser never said "already ordered", and a second lunch went to the kitchen.
TEST_F(MealScreens, AlreadyOrderedMealShowsOnItsTileAndIsChangedInOneStep) {
  s.session.lang = Lang::kEn;
  MealContext c = Context("regular");
  c.orders.push_back(Ordered(c, meals::Slot::kDinner, "2026-11-22", "TK-000010", meals::OrderState::kApproved, true));
  OpenWith(std::move(c));
  auto v = mealui::BuildMealsView(s);
  ASSERT_GE(v.slots.size(), 2u);
  EXPECT_EQ(v.slots[0].ordered, "Ordered: 2 × dish rice · " + Tr("meal.state.approved"));
  EXPECT_EQ(v.slots[0].ordered_hint, Tr("meal.change_hint"));
  EXPECT_TRUE(v.slots[1].ordered.empty()) << "breakfast tomorrow has no order";
  // The tap opens the menu with what was ordered; the action is "Change order".
  Apply(s, mealui::cmd::PickMealSlot{0});
  ASSERT_EQ(s.session.screen, screens::kMenu);
  EXPECT_EQ(mealui::Get(s).basket.at("rice"), 2);
  EXPECT_EQ(BuildChrome(s).action_label, Tr("meal.change_order"));
  EXPECT_EQ(mealui::BuildMenuView(s).change_note, Tr("meal.changing_note"));
  Apply(s, mealui::cmd::SetMealQty{"rice", 1});
  Apply(s, mealui::cmd::PlaceMealOrder{});
  ASSERT_EQ(Outbox(s).size(), 1u) << "one record: the hub cancels the old order only if it takes the new one";
  const json p = json::parse(Outbox(s)[0].payload_json);
  EXPECT_EQ(p["replaces"], "TK-000010");
  EXPECT_FALSE(p.contains("add_to"));
  Apply(s, job::OutboxSaved{Outbox(s)[0].tag, "rec-1"});
  EXPECT_EQ(mealui::BuildMenuView(s).progress_title, Tr("meal.change_saved"));
  Apply(s, job::RecordOutcome{"rec-1", protocol::PushStatus::kRejected, "", "cancel_past_cutoff: too late"});
  auto m = mealui::BuildMenuView(s);
  EXPECT_EQ(m.progress_title, Tr("meal.change_rejected"));
  EXPECT_EQ(m.progress_detail, Tr("meal.reason.cancel_past_cutoff"));
  // The hub's refusal of a second order is translated.
  EXPECT_EQ(RefusalText(s, "already_ordered: bed has TK-1"), Tr("meal.reason.already_ordered"));
}

TEST_F(MealScreens, OrderTheKitchenHasOrNotYetSentCannotBeChanged) {
  MealContext c = Context("regular");
  c.orders.push_back(Ordered(c, meals::Slot::kDinner, "2026-11-22", "TK-000010", meals::OrderState::kPreparing, false));
  c.orders.push_back(Ordered(c, meals::Slot::kBreakfast, "2026-11-23", "", meals::OrderState::kSaved, false));
  OpenWith(std::move(c));
  auto v = mealui::BuildMealsView(s);
  EXPECT_EQ(v.slots[0].ordered_hint, i18n.Tr(Lang::kZhHans, "meal.no_change"));
  EXPECT_EQ(v.slots[1].ordered_hint, i18n.Tr(Lang::kZhHans, "meal.change_after_sent"));
  Apply(s, mealui::cmd::PickMealSlot{0});
  Apply(s, mealui::cmd::PickMealSlot{1});
  EXPECT_EQ(s.session.screen, screens::kMeals) << "no second order for a meal the bed has";
}

TEST_F(MealScreens, NurseAddsToTheBedsOrderWithHerStaffId) {
  s.session.lang = Lang::kEn;
  SignInNurse();
  MealContext c = Context("regular");
  c.orders.push_back(Ordered(c, meals::Slot::kDinner, "2026-11-22", "TK-000010", meals::OrderState::kPreparing, false));
  Apply(s, mealui::cmd::MealContextRead{"B2-3F-W12-BED07", std::move(c)});
  auto v = mealui::BuildMealsView(s);
  EXPECT_EQ(v.slots[0].ordered_hint, Tr("meal.add_hint"));
  EXPECT_EQ(v.diet_line, i18n.Format(Lang::kEn, "meal.diet_line_bed", {i18n.Tr(Lang::kEn, "diet.regular")}));
  Apply(s, mealui::cmd::PickMealSlot{0});
  EXPECT_TRUE(mealui::Get(s).basket.empty()) << "an addition starts empty";
  EXPECT_EQ(BuildChrome(s).action_label, Tr("meal.add_order"));
  Apply(s, mealui::cmd::SetMealQty{"rice", 1});
  Apply(s, mealui::cmd::PlaceMealOrder{});
  ASSERT_EQ(Outbox(s).size(), 1u);
  const json p = json::parse(Outbox(s)[0].payload_json);
  EXPECT_EQ(p["add_to"], "TK-000010");
  EXPECT_EQ(p["ordered_by"], "70001");
  // The nurse is told about the bed's diet order, not "your" diet order.
  Apply(s, job::OutboxSaved{Outbox(s)[0].tag, "rec-1"});
  Apply(s, job::RecordOutcome{"rec-1", protocol::PushStatus::kRejected, "", "diet_excludes: no"});
  EXPECT_EQ(mealui::BuildMenuView(s).progress_detail, Tr("meal.reason_bed.diet_excludes"));
}

// My meals (issue 16): the dietitian's words, "Cancelled" alone, today/tomorrow, Order again.
TEST_F(MealScreens, MyMealsSaysWhyWhenAndOffersToOrderAgain) {
  s.session.lang = Lang::kEn;
  MealContext c = Context("regular");
  MyMeal rejected = Ordered(c, meals::Slot::kDinner, "2026-11-22", "TK-000011", meals::OrderState::kRejected, false);
  rejected.status.reason_code = "review_rejected";
  rejected.status.reason_detail = "two portions of rice are too much";
  MyMeal cancelled = Ordered(c, meals::Slot::kBreakfast, "2026-11-23", "TK-000012", meals::OrderState::kCancelled, false);
  MyMeal later = Ordered(c, meals::Slot::kLunch, "2026-11-25", "TK-000013", meals::OrderState::kApproved, true);
  c.orders = {rejected, cancelled, later};
  Apply(s, cmd::Navigate{screens::kMyMeals});
  s.effects.jobs.clear();
  s.effects.actions["cancel:TK-000012"] = ActionProgress{ActionState::kSent, "rec-9", "TK-000012", ""};  // cancelled this session
  Apply(s, mealui::cmd::MealContextRead{"B2-3F-W12-BED07", std::move(c)});
  const auto v = mealui::BuildMyMealsView(s);
  ASSERT_EQ(v.rows.size(), 3u);
  EXPECT_EQ(v.rows[0].title, Tr("meal.slot.dinner") + std::string("  ") + Tr("meal.day.today"));
  EXPECT_EQ(v.rows[0].state_text, i18n.Format(Lang::kEn, "meal.rejected_because", {"two portions of rice are too much"}));
  EXPECT_TRUE(v.rows[0].order_again);
  EXPECT_EQ(v.rows[1].title, Tr("meal.slot.breakfast") + std::string("  ") + Tr("meal.day.tomorrow"));
  EXPECT_EQ(v.rows[1].state_text, Tr("meal.state.cancelled"));
  EXPECT_TRUE(v.rows[1].order_again);
  EXPECT_EQ(v.rows[2].title, Tr("meal.slot.lunch") + std::string("  2026-11-25"));
  EXPECT_FALSE(v.rows[2].order_again);
}

// Issue 16: the idle reset discarded a basket without a word.
TEST_F(MealScreens, IdleCountdownSaysTheBasketWillBeLost) {
  s.session.lang = Lang::kEn;
  OpenWith(Context("regular"));
  const IdleStatus warning{false, true, 12};
  EXPECT_EQ(BuildStatusBar(s, warning).idle_text, i18n.Format(Lang::kEn, "idle.countdown", {"12"})) << "nothing to lose yet";
  Apply(s, mealui::cmd::PickMealSlot{0});
  Apply(s, mealui::cmd::SetMealQty{"rice", 2});
  Apply(s, mealui::cmd::SetMealQty{"soup", 1});
  const std::string text = BuildStatusBar(s, warning).idle_text;
  EXPECT_NE(text.find(i18n.Format(Lang::kEn, "meal.basket_will_be_lost", {"3"})), std::string::npos) << text;
  Apply(s, mealui::cmd::PlaceMealOrder{});  // placed: saved in the outbox, nothing is lost any more
  EXPECT_EQ(BuildStatusBar(s, warning).idle_text, i18n.Format(Lang::kEn, "idle.countdown", {"12"}));
}

// Issue 16: patients reached the widget gallery and the hub address from "This terminal".
TEST_F(MealScreens, HubAddressAndGalleryOnlyForSignedInStaff) {
  s.session.lang = Lang::kEn;
  s.terminal.hub_url = "https://hub.example:8443";
  s.terminal.staff = std::make_shared<staff::StaffSession>(clock, [](std::string_view, std::string_view) { return false; },
                                                  Binding{Role::kBedside, "B2-3F-W12-BED07"});
  s.terminal.staff->SetDirectory(staff::StaffDirectory(
      {staff::StaffFromJson({{"id", "70001"}, {"role", "nurse"}, {"ward", "B2-3F-W12"}, {"badge", "NB1"}}).value()}));
  auto shows_hub = [](const foundation::TerminalView& v) {
    for (const auto& [label, value] : v.rows)
      if (value.find("hub.example") != std::string::npos) return true;
    return false;
  };
  auto patient = foundation::BuildTerminalView(s);
  EXPECT_FALSE(shows_hub(patient));
  EXPECT_TRUE(patient.gallery_label.empty());
  EXPECT_EQ(patient.sign_in_label, Tr("terminal.staff_sign_in"));
  EXPECT_TRUE(foundation::BuildGalleryView(s).locked);
  // A nurse signs in from there (badge) and comes back to the same screen with both.
  Apply(s, cmd::Navigate{screens::kTerminal});
  Apply(s, cmd::Navigate{screens::kSignIn});
  Apply(s, cmd::ScanCode{"NB1"});
  ASSERT_TRUE(s.terminal.staff->signed_in());
  EXPECT_EQ(s.session.screen, screens::kTerminal);
  auto nurse = foundation::BuildTerminalView(s);
  EXPECT_TRUE(shows_hub(nurse));
  EXPECT_FALSE(nurse.gallery_label.empty());
  EXPECT_TRUE(nurse.sign_in_label.empty());
  EXPECT_FALSE(foundation::BuildGalleryView(s).locked);
}

TEST_F(MealScreens, StaffTabletHasNoBedToOrderFor) {
  s.terminal.binding.role = Role::kStaff;
  s.terminal.binding.location.clear();
  Apply(s, cmd::Navigate{screens::kMeals});
  EXPECT_TRUE(s.effects.jobs.empty());
  EXPECT_EQ(mealui::BuildMealsView(s).problem, i18n.Tr(Lang::kZhHans, "meal.no_bed"));
}

TEST_F(MealScreens, SignedInNurseOrdersForABedOfHerWard) {
  s.terminal.binding.role = Role::kWard;
  s.terminal.binding.location = "B2-3F-W12";
  s.terminal.staff = std::make_shared<staff::StaffSession>(clock, [](std::string_view, std::string_view) { return false; },
                                                  Binding{Role::kWard, "B2-3F-W12"});
  s.terminal.staff->SetDirectory(staff::StaffDirectory(
      {staff::StaffFromJson({{"id", "70001"}, {"role", "nurse"}, {"ward", "B2-3F-W12"}, {"badge", "NB1"}}).value()}));
  Apply(s, cmd::Navigate{screens::kMeals});
  EXPECT_TRUE(mealui::BuildMealsView(s).needs_sign_in);
  EXPECT_TRUE(s.effects.jobs.empty()) << "nothing is read for a ward kiosk before a nurse signs in";
  Apply(s, cmd::Navigate{screens::kSignIn});
  s.effects.jobs.clear();  // the sign-in screen's own read (staff list) is not this test's
  Apply(s, cmd::ScanCode{"NB1"});  // a badge: signs in and returns to the meals screen
  ASSERT_TRUE(s.terminal.staff->signed_in());
  ASSERT_EQ(s.session.screen, screens::kMeals);
  ASSERT_EQ(s.effects.jobs.size(), 1u);
  EXPECT_EQ(JobsOf<mealui::job::ReadWardBeds>(s).size(), 1u);
  s.effects.jobs.clear();
  mealui::WardBed bed7, bed8;
  bed7.code = "B2-3F-W12-BED07", bed7.name = LocalText::Same("Bed 7");
  bed8.code = "B2-3F-W12-BED08", bed8.name = LocalText::Same("Bed 8");
  Apply(s, mealui::cmd::WardBedsRead{"B2-3F-W12", {bed7, bed8}});
  EXPECT_EQ(mealui::BuildMealsView(s).beds.size(), 2u);
  Apply(s, mealui::cmd::PickMealBed{"B1-1F-W01-BED01"});  // another ward's bed: refused
  EXPECT_TRUE(s.effects.jobs.empty());
  Apply(s, mealui::cmd::PickMealBed{"B2-3F-W12-BED07"});
  ASSERT_EQ(s.effects.jobs.size(), 1u);
  ASSERT_EQ(JobsOf<mealui::job::ReadMealContext>(s).size(), 1u);
  EXPECT_EQ(JobsOf<mealui::job::ReadMealContext>(s)[0].bed, "B2-3F-W12-BED07");
  s.effects.jobs.clear();
  Apply(s, mealui::cmd::MealContextRead{"B2-3F-W12-BED07", Context("regular")});
  Apply(s, mealui::cmd::PickMealSlot{0});
  Apply(s, mealui::cmd::SetMealQty{"rice", 1});
  Apply(s, mealui::cmd::PlaceMealOrder{});
  ASSERT_EQ(Outbox(s).size(), 1u);
  EXPECT_EQ(json::parse(Outbox(s)[0].payload_json)["location"], "B2-3F-W12-BED07");
  // Signing out takes the nurse's meal screens with her.
  Apply(s, cmd::StaffSignOut{});
  EXPECT_EQ(s.session.screen, screens::kHome);
  EXPECT_TRUE(mealui::Get(s).bed.empty());
  EXPECT_FALSE(mealui::Get(s).ctx);
}

// Issue 16 item 1: the nurse's bed grid says per bed whether it is occupied, its diet, and what it
// already has for the next meal with the order's state; it is read again whenever it is shown.
TEST_F(MealScreens, NurseBedGridShowsOccupancyDietAndTheNextMealsOrder) {
  SignInNurse();
  s.session.lang = Lang::kEn;
  Apply(s, mealui::cmd::WardBedsRead{"B2-3F-W12", {}});  // the read at sign-in, answered
  Apply(s, cmd::Navigate{screens::kMeals});
  s.effects.jobs.clear();
  Apply(s, mealui::cmd::PickMealBed{""});  // "Other bed": back to the grid, which is read again
  ASSERT_EQ(JobsOf<mealui::job::ReadWardBeds>(s).size(), 1u);
  s.effects.jobs.clear();

  MealContext ordered = Context("soft", {"milk"});
  meals::SlotChoice next;
  for (const auto& m : ordered.slots)
    if (!m.choice.late) {
      next = m.choice;
      break;
    }
  ordered.orders.push_back(Ordered(ordered, next.slot, next.date, "TK-000009", meals::OrderState::kInReview, true));
  // A nurse's addition to another meal and a cancelled order are not "the order" for the next meal.
  ordered.orders.push_back(Ordered(ordered, next.slot, "2026-11-30", "TK-000010", meals::OrderState::kSent, true));
  MealContext empty = Context("regular");
  empty.diet.reset();
  MealContext waiting = Context("diabetic");
  MyMeal cancelled = Ordered(waiting, next.slot, next.date, "TK-000011", meals::OrderState::kCancelled, false);
  waiting.orders.push_back(cancelled);
  Apply(s, mealui::cmd::WardBedsRead{"B2-3F-W12", {mealui::SummarizeWardBed("B2-3F-W12-BED07", LocalText::Same("Bed 7"), ordered),
                                                   mealui::SummarizeWardBed("B2-3F-W12-BED08", LocalText::Same("Bed 8"), empty),
                                                   mealui::SummarizeWardBed("B2-3F-W12-BED09", LocalText::Same("Bed 9"), waiting)}});
  const auto v = mealui::BuildMealsView(s);
  ASSERT_EQ(v.beds.size(), 3u);
  const auto& b7 = v.beds[0];
  EXPECT_EQ(b7.id, "bed.B2-3F-W12-BED07");
  EXPECT_TRUE(b7.occupied);
  EXPECT_NE(b7.diet.find(i18n.Tr(Lang::kEn, "diet.soft")), std::string::npos) << b7.diet;
  EXPECT_NE(b7.diet.find(i18n.Tr(Lang::kEn, "allergen.milk")), std::string::npos) << b7.diet;
  EXPECT_TRUE(b7.has_order);
  EXPECT_NE(b7.ordered.find("2 × dish rice"), std::string::npos) << b7.ordered;
  EXPECT_NE(b7.ordered.find(i18n.Tr(Lang::kEn, "meal.slot." + std::string(meals::SlotName(next.slot)))), std::string::npos);
  EXPECT_EQ(b7.state, Tr("meal.state.in_review"));
  const auto& b8 = v.beds[1];
  EXPECT_FALSE(b8.occupied);
  EXPECT_EQ(b8.diet, Tr("meal.bed_empty"));
  EXPECT_TRUE(b8.ordered.empty());
  const auto& b9 = v.beds[2];
  EXPECT_TRUE(b9.occupied);
  EXPECT_FALSE(b9.has_order);
  EXPECT_NE(b9.ordered.find("nothing ordered"), std::string::npos) << b9.ordered;
  EXPECT_TRUE(b9.state.empty());

  // What the pull brings (the dietitian approved) reaches the grid on screen; an answer for another
  // ward (re-enrolled meanwhile) does not.
  Apply(s, event::TicketsChanged{});
  ASSERT_EQ(JobsOf<mealui::job::ReadWardBeds>(s).size(), 1u);
  s.effects.jobs.clear();
  Apply(s, mealui::cmd::WardBedsRead{"B1-1F-W01", {}});
  EXPECT_EQ(mealui::BuildMealsView(s).beds.size(), 3u);
}

}  // namespace
