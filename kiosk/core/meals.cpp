// Meal ordering rules (see meals.h). Pure functions over parsed master data and a caller-given "now";
// local times only through TimeZone (never the system TZ). No user-facing text: codes + English detail.
#include "kiosk/core/meals.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "kiosk/core/clock.h"
#include "kiosk/core/record_rules.h"
#include "kiosk/core/tickets/ticket.h"

namespace onestop::meals {
namespace {
using nlohmann::json;
constexpr int64_t kMinuteMs = 60 * 1000;
constexpr int64_t kDayMs = 86400 * 1000;


Error Fail(std::string_view code, std::string message) { return Error{std::string(code), std::move(message)}; }

bool Contains(const std::vector<std::string>& v, std::string_view s) { return std::find(v.begin(), v.end(), s) != v.end(); }

std::string AddDays(const std::string& date, int64_t n) {
  const auto days = DaysFromIsoDate(date);
  return IsoDateFromDays(*days + n);
}

std::string LocalDate(const TimeZone& tz, int64_t utc_ms) { return tz.Date(utc_ms); }

// Local wall time on a date → UTC ms.
int64_t At(const TimeZone& tz, const std::string& date, int minute_of_day) {
  const auto days = DaysFromIsoDate(date);
  const CivilDate c = CivilFromDays(*days);
  return tz.ToUtcMs(static_cast<int>(c.year), static_cast<int>(c.month), static_cast<int>(c.day), minute_of_day / 60,
                    minute_of_day % 60, 0);
}

Result<std::vector<std::string>> StringList(const json& j, const char* what) {
  std::vector<std::string> out;
  if (j.is_null()) return out;
  if (!j.is_array()) return Fail("bad_json", std::string(what) + " must be an array of strings");
  for (const auto& v : j) {
    if (!v.is_string()) return Fail("bad_json", std::string(what) + " must be an array of strings");
    out.push_back(v.get<std::string>());
  }
  return out;
}

json Params(std::initializer_list<std::pair<const char*, json>> kv) {
  json p = json::object();
  for (const auto& [k, v] : kv) p[k] = v;
  return p;
}


}  // namespace

// ---- reasons -----------------------------------------------------------------------------------------
const std::vector<std::string_view>& AllReasonCodes() {
  static const std::vector<std::string_view> k = {
      reason::kBadPayload,     reason::kBadLocation,  reason::kUnknownDish,     reason::kNotInSlot,
      reason::kDietExcludes,   reason::kAllergen,     reason::kDietLimit,       reason::kNpo,
      reason::kNoDietOrder,    reason::kDietChanged,  reason::kPastCutoff,      reason::kTooFarAhead,
      reason::kLateClosed,     reason::kQtyRange,     reason::kTooManyDishes,   reason::kDuplicateItem,
      reason::kEmptyBasket,    reason::kClockAhead,   reason::kCancelPastCutoff, reason::kCancelState,
      reason::kNotMealOrder,   reason::kReviewRejected, reason::kAlreadyOrdered, reason::kAddNotAllowed};
  return k;
}

std::string FormatReason(std::string_view code, std::string_view detail) {
  return std::string(code) + ": " + std::string(detail);
}
std::string FormatReason(const Error& e) { return FormatReason(e.code, e.message); }

bool IsReasonCode(std::string_view code) {
  const auto& all = AllReasonCodes();
  // Record refusals (kiosk/core/record_rules.h) share the wire form, so one parser reads both.
  return std::find(all.begin(), all.end(), code) != all.end() || records::IsReasonCode(code);
}

ParsedReason ParseReason(std::string_view text) {
  const auto colon = text.find(": ");
  if (colon != std::string_view::npos && IsReasonCode(text.substr(0, colon)))
    return {std::string(text.substr(0, colon)), std::string(text.substr(colon + 2))};
  return {"", std::string(text)};
}

// ---- slots / config ----------------------------------------------------------------------------------
std::string_view SlotName(Slot s) {
  switch (s) {
    case Slot::kBreakfast: return "breakfast";
    case Slot::kLunch: return "lunch";
    case Slot::kDinner: return "dinner";
    case Slot::kLate: return "late";
  }
  return "lunch";
}

std::optional<Slot> ParseSlot(std::string_view name) {
  for (Slot s : kAllSlots)
    if (SlotName(s) == name) return s;
  return std::nullopt;
}

const std::vector<std::string>& DietCodes() {
  static const std::vector<std::string> k = {"regular", "soft",    "semi_liquid", "liquid", "diabetic",
                                             "low_salt", "low_fat", "renal",       "npo"};
  return k;
}
bool IsDietCode(std::string_view code) { return Contains(DietCodes(), code); }

std::optional<int> ParseHourMinute(std::string_view t) {
  if (t.size() != 5 || t[2] != ':') return std::nullopt;
  for (size_t i : {0u, 1u, 3u, 4u})
    if (t[i] < '0' || t[i] > '9') return std::nullopt;
  const int h = (t[0] - '0') * 10 + (t[1] - '0'), m = (t[3] - '0') * 10 + (t[4] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

std::string HourMinuteText(int minute_of_day) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", (minute_of_day / 60) % 24, minute_of_day % 60);
  return buf;
}

Result<MealConfig> ParseMealConfig(const json& c) {
  MealConfig cfg;
  auto bad = [](const std::string& m) { return Fail("config.meals", "hub config: " + m); };
  if (!c.is_object()) return bad("the config entity must be a JSON object");
  if (auto it = c.find("time_zone"); it != c.end() && !it->is_null()) {
    if (!it->is_string()) return bad("time_zone must be an IANA name string");
    auto tz = TimeZone::Find(it->get<std::string>());
    if (!tz) return bad(tz.error().message);
    cfg.time_zone = tz->name();
  }
  if (auto it = c.find("meal_cutoffs"); it != c.end() && !it->is_null()) {
    if (!it->is_object()) return bad("meal_cutoffs must be an object {slot: \"HH:MM\"}");
    for (const auto& [k, v] : it->items()) {
      auto s = ParseSlot(k);
      if (!s || *s == Slot::kLate) return bad("meal_cutoffs." + k + ": not breakfast, lunch or dinner");
      auto m = v.is_string() ? ParseHourMinute(v.get<std::string>()) : std::nullopt;
      if (!m) return bad("meal_cutoffs." + k + " must be \"HH:MM\" (00:00..23:59)");
      cfg.cutoff_minute[static_cast<size_t>(*s)] = *m;
    }
  }
  if (auto it = c.find("meal_cutoff_day_before"); it != c.end() && !it->is_null()) {
    if (!it->is_object()) return bad("meal_cutoff_day_before must be an object {slot: true|false}");
    for (const auto& [k, v] : it->items()) {
      auto s = ParseSlot(k);
      if (!s || *s == Slot::kLate) return bad("meal_cutoff_day_before." + k + ": not breakfast, lunch or dinner");
      if (!v.is_boolean()) return bad("meal_cutoff_day_before." + k + " must be true or false");
      cfg.cutoff_day_before[static_cast<size_t>(*s)] = v.get<bool>();
    }
  }
  if (auto it = c.find("late_slot"); it != c.end()) {
    if (it->is_null()) {
      cfg.late_enabled = false;
    } else {
      if (!it->is_object()) return bad("late_slot must be {\"from\":\"HH:MM\",\"to\":\"HH:MM\"}");
      auto f = it->contains("from") && (*it)["from"].is_string() ? ParseHourMinute((*it)["from"].get<std::string>()) : std::nullopt;
      auto t = it->contains("to") && (*it)["to"].is_string() ? ParseHourMinute((*it)["to"].get<std::string>()) : std::nullopt;
      if (!f || !t) return bad("late_slot.from and late_slot.to must be \"HH:MM\"");
      if (*f == *t) return bad("late_slot.from and late_slot.to must differ");
      cfg.late_from_minute = *f;
      cfg.late_to_minute = *t;
    }
  }
  auto positive = [&](const json& obj, const char* key, int* out, int max) -> std::optional<Error> {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return std::nullopt;
    if (!it->is_number_integer() || it->get<int64_t>() < 1 || it->get<int64_t>() > max)
      return Fail("config.meals", std::string("hub config: ") + key + " must be an integer 1.." + std::to_string(max));
    *out = static_cast<int>(it->get<int64_t>());
    return std::nullopt;
  };
  if (auto e = positive(c, "late_order_promise_min", &cfg.late_promise_min, 24 * 60)) return *e;
  if (auto it = c.find("meal_limits"); it != c.end() && !it->is_null()) {
    if (!it->is_object()) return bad("meal_limits must be an object");
    if (auto e = positive(*it, "max_dishes", &cfg.max_dishes, 50)) return *e;
    if (auto e = positive(*it, "max_qty_per_dish", &cfg.max_qty_per_dish, 20)) return *e;
    if (auto e = positive(*it, "max_days_ahead", &cfg.max_days_ahead, 60)) return *e;
  }
  return cfg;
}

TimeZone ZoneOf(const MealConfig& cfg) {
  auto tz = TimeZone::Find(cfg.time_zone);
  return tz ? tz.value() : TimeZone::Utc();
}

// ---- time judgement ------------------------------------------------------------------------------------
std::string_view ClockSourceName(ClockSource s) { return s == ClockSource::kHub ? "hub" : "local"; }

JudgedNow JudgeNow(int64_t local_now_ms, bool online, int64_t skew_ms) {
  if (!online) return {local_now_ms, ClockSource::kLocal, 0};
  return {local_now_ms + skew_ms, ClockSource::kHub, skew_ms};
}

bool IsOnline(int64_t last_ok_local_ms, int64_t local_now_ms, int64_t max_age_ms) {
  return last_ok_local_ms > 0 && local_now_ms - last_ok_local_ms <= max_age_ms && local_now_ms >= last_ok_local_ms - max_age_ms;
}

// ---- slots ---------------------------------------------------------------------------------------------
bool IsIsoDate(std::string_view date) { return DaysFromIsoDate(date).has_value(); }

std::optional<std::string> WeekdayOf(const std::string& date) {
  static const char* kNames[] = {"thu", "fri", "sat", "sun", "mon", "tue", "wed"};  // 1970-01-01 was a Thursday
  const auto days = DaysFromIsoDate(date);
  if (!days) return std::nullopt;
  return std::string(kNames[((*days % 7) + 7) % 7]);
}

std::string MenuId(const std::string& weekday, Slot slot) { return "menu-" + weekday + "-" + std::string(SlotName(slot)); }

Result<int64_t> CutoffMs(const MealConfig& cfg, const TimeZone& tz, Slot slot, const std::string& date) {
  if (slot == Slot::kLate) return Fail(reason::kBadPayload, "late orders have no fixed cut-off");
  if (!IsIsoDate(date)) return Fail(reason::kBadPayload, "date must be YYYY-MM-DD, not \"" + date.substr(0, 20) + "\"");
  const size_t i = static_cast<size_t>(slot);
  const std::string day = cfg.cutoff_day_before[i] ? AddDays(date, -1) : date;
  return At(tz, day, cfg.cutoff_minute[i]);
}

std::optional<int64_t> LateWindowCloses(const MealConfig& cfg, const TimeZone& tz, int64_t now_ms) {
  if (!cfg.late_enabled) return std::nullopt;
  const LocalDateTime l = tz.ToLocal(now_ms);
  const int m = l.hour * 60 + l.minute;
  const int from = cfg.late_from_minute, to = cfg.late_to_minute;
  const std::string today = IsoDateFromDays(DaysFromCivil(l.year, static_cast<unsigned>(l.month), static_cast<unsigned>(l.day)));
  if (from < to) {
    if (m >= from && m < to) return At(tz, today, to);
    return std::nullopt;
  }
  if (m >= from) return At(tz, AddDays(today, 1), to);  // evening part: closes tomorrow morning
  if (m < to) return At(tz, today, to);                 // after midnight: closes this morning
  return std::nullopt;
}

std::vector<SlotChoice> OrderableSlots(const MealConfig& cfg, const TimeZone& tz, int64_t now_ms) {
  std::vector<SlotChoice> out;
  const std::string today = LocalDate(tz, now_ms);
  if (auto closes = LateWindowCloses(cfg, tz, now_ms)) {
    out.push_back({Slot::kLate, today, *WeekdayOf(today), *closes, true, now_ms + cfg.late_promise_min * kMinuteMs});
  }
  std::vector<SlotChoice> regular;
  for (Slot s : {Slot::kBreakfast, Slot::kLunch, Slot::kDinner}) {
    // A day-before cut-off can put the next orderable meal two days out; look a few days ahead.
    for (int d = 0; d <= 3; ++d) {
      const std::string date = AddDays(today, d);
      const int64_t cut = CutoffMs(cfg, tz, s, date).value();
      if (cut > now_ms) {
        regular.push_back({s, date, *WeekdayOf(date), cut, false, 0});
        break;
      }
    }
  }
  std::sort(regular.begin(), regular.end(), [](const SlotChoice& a, const SlotChoice& b) {
    return a.date != b.date ? a.date < b.date : a.slot < b.slot;
  });
  out.insert(out.end(), regular.begin(), regular.end());
  return out;
}

// ---- dishes / diets -----------------------------------------------------------------------------------
const std::vector<std::string>& DishCategories() {
  static const std::vector<std::string> k = {"staple", "porridge", "soup", "meat", "fish", "egg", "vegetable",
                                             "tofu", "drink", "fruit", "dessert"};
  return k;
}

Result<Dish> DishFromJson(const json& j) {
  if (!j.is_object()) return Fail("bad_json", "menu_item must be an object");
  Dish d;
  if (!j.contains("id") || !j["id"].is_string() || j["id"].get<std::string>().empty())
    return Fail("bad_json", "menu_item.id must be a non-empty string");
  d.id = j["id"].get<std::string>();
  if (j.contains("name")) d.name = LocalText::FromJson(j["name"]);
  auto slots = StringList(j.value("slots", json::array()), "menu_item.slots");
  if (!slots) return slots.error();
  for (const auto& s : slots.value()) {
    auto p = ParseSlot(s);
    if (!p) return Fail("bad_json", "menu_item " + d.id + ": unknown slot \"" + s + "\"");
    d.slots.push_back(*p);
  }
  auto diets = StringList(j.value("diets", json::array()), "menu_item.diets");
  if (!diets) return diets.error();
  d.diets = diets.value();
  auto allergens = StringList(j.value("allergens", json::array()), "menu_item.allergens");
  if (!allergens) return allergens.error();
  d.allergens = allergens.value();
  if (auto it = j.find("price_cents"); it != j.end() && it->is_number_integer()) d.price_cents = it->get<int>();
  // Figures a label could print (finite, 0 ..< 100000); anything else stays unknown rather than wrong.
  if (auto it = j.find("nutrition"); it != j.end() && it->is_object()) {
    auto figure = [&](const char* key, std::optional<double>* out) {
      auto v = it->find(key);
      if (v != it->end() && v->is_number() && std::isfinite(v->get<double>()) && v->get<double>() >= 0 &&
          v->get<double>() < 100000)
        *out = v->get<double>();
    };
    figure("energy_kcal", &d.nutrition.energy_kcal);
    figure("protein_g", &d.nutrition.protein_g);
    figure("fat_g", &d.nutrition.fat_g);
    figure("carbohydrate_g", &d.nutrition.carbohydrate_g);
    figure("sodium_mg", &d.nutrition.sodium_mg);
  }
  if (auto it = j.find("category"); it != j.end() && it->is_string()) {
    const auto& cats = DishCategories();
    if (std::find(cats.begin(), cats.end(), it->get<std::string>()) != cats.end()) d.category = it->get<std::string>();
  }
  if (auto it = j.find("diet_limits"); it != j.end() && !it->is_null()) {
    if (!it->is_object()) return Fail("bad_json", "menu_item " + d.id + ": diet_limits must be {diet: max_qty}");
    for (const auto& [k, v] : it->items()) {
      if (!v.is_number_integer() || v.get<int64_t>() < 1 || v.get<int64_t>() > 20)
        return Fail("bad_json", "menu_item " + d.id + ": diet_limits." + k + " must be 1..20");
      d.diet_limits[k] = v.get<int>();
    }
  }
  return d;
}

Result<DietOrder> DietOrderFromJson(const json& j) {
  if (!j.is_object()) return Fail("bad_json", "diet_order must be an object");
  DietOrder d;
  if (auto it = j.find("bed"); it != j.end() && it->is_string()) d.bed = it->get<std::string>();
  if (!j.contains("diet") || !j["diet"].is_string() || !IsDietCode(j["diet"].get<std::string>()))
    return Fail("bad_json", "diet_order.diet must be one of the diet codes (regular, soft, ..., npo)");
  d.diet = j["diet"].get<std::string>();
  auto a = StringList(j.value("allergens", json::array()), "diet_order.allergens");
  if (!a) return a.error();
  d.allergens = a.value();
  if (auto it = j.find("ordered_by"); it != j.end() && it->is_string()) d.ordered_by = it->get<std::string>();
  return d;
}

json ToJson(const DietOrder& d) {
  return {{"bed", d.bed}, {"diet", d.diet}, {"allergens", d.allergens}, {"ordered_by", d.ordered_by}};
}

bool SameDiet(const std::string& diet_a, const std::vector<std::string>& allergens_a, const std::string& diet_b,
              const std::vector<std::string>& allergens_b) {
  return diet_a == diet_b &&
         std::set<std::string>(allergens_a.begin(), allergens_a.end()) ==
             std::set<std::string>(allergens_b.begin(), allergens_b.end());
}

std::string_view DishStateName(DishState s) {
  return s == DishState::kAllowed ? "allowed" : s == DishState::kLimited ? "limited" : "hidden";
}
std::string_view MenuStateName(MenuState s) {
  return s == MenuState::kOpen ? "open" : s == MenuState::kNpo ? "npo" : "no_diet_order";
}

DishView JudgeDish(const Dish& dish, const DietOrder* diet, Slot slot, int max_qty_per_dish) {
  DishView v;
  v.id = dish.id;
  auto hide = [&](std::string_view code, json params) {
    v.state = DishState::kHidden;
    v.reason = std::string(code);
    v.params = std::move(params);
    v.max_qty = 0;
    return v;
  };
  if (!diet) return hide(reason::kNoDietOrder, json::object());
  if (diet->diet == kDietNpo) return hide(reason::kNpo, Params({{"diet", kDietNpo}}));
  if (std::find(dish.slots.begin(), dish.slots.end(), slot) == dish.slots.end())
    return hide(reason::kNotInSlot, Params({{"menu_item", dish.id}, {"slot", std::string(SlotName(slot))}}));
  if (!Contains(dish.diets, diet->diet)) return hide(reason::kDietExcludes, Params({{"menu_item", dish.id}, {"diet", diet->diet}}));
  for (const auto& a : dish.allergens)
    if (Contains(diet->allergens, a)) return hide(reason::kAllergen, Params({{"menu_item", dish.id}, {"allergen", a}}));
  v.max_qty = max_qty_per_dish;
  if (auto it = dish.diet_limits.find(diet->diet); it != dish.diet_limits.end() && it->second < max_qty_per_dish) {
    v.state = DishState::kLimited;
    v.reason = std::string(reason::kDietLimit);
    v.max_qty = it->second;
    v.params = Params({{"menu_item", dish.id}, {"diet", diet->diet}, {"max_qty", it->second}});
  }
  return v;
}

MenuView FilterMenu(const std::vector<Dish>& dishes, const DietOrder* diet, Slot slot, int max_qty_per_dish) {
  MenuView m;
  m.state = !diet ? MenuState::kNoDietOrder : diet->diet == kDietNpo ? MenuState::kNpo : MenuState::kOpen;
  m.dishes.reserve(dishes.size());
  for (const auto& d : dishes) {
    m.dishes.push_back(JudgeDish(d, diet, slot, max_qty_per_dish));
    switch (m.dishes.back().state) {
      case DishState::kAllowed: ++m.allowed; break;
      case DishState::kLimited: ++m.limited; break;
      case DishState::kHidden: ++m.hidden; break;
    }
  }
  return m;
}

std::vector<Dish> MenuDishes(const json& menu, const std::map<std::string, Dish>& catalog) {
  std::vector<Dish> out;
  if (!menu.is_object() || !menu.contains("items") || !menu["items"].is_array()) return out;
  for (const auto& id : menu["items"])
    if (id.is_string())
      if (auto it = catalog.find(id.get<std::string>()); it != catalog.end()) out.push_back(it->second);
  return out;
}

// ---- orders --------------------------------------------------------------------------------------------
json MealOrderPayload(const MealOrder& o) {
  json items = json::array();
  for (const auto& i : o.items) items.push_back({{"menu_item", i.menu_item}, {"qty", i.qty}});
  json p = {{"slot", std::string(SlotName(o.slot))}, {"date", o.date},  {"items", items},
            {"late", o.late}, {"diet", {{"code", o.diet}, {"allergens", o.allergens}}}};
  if (!o.location.empty()) p["location"] = o.location;
  if (!o.note.empty()) p["note"] = o.note;
  if (!o.replaces.empty()) p["replaces"] = o.replaces;
  if (!o.add_to.empty()) p["add_to"] = o.add_to;
  if (!o.ordered_by.empty()) p["ordered_by"] = o.ordered_by;
  return p;
}

json OrderCancelPayload(const std::string& ticket) { return {{"ticket", ticket}}; }

namespace {
constexpr std::string_view kNeedsItems = "a meal order needs payload.items: [{menu_item, qty}]";
Error BadPayload(std::string_view m) { return Fail(reason::kBadPayload, std::string(m)); }

Result<Slot> SlotField(const json& p) {
  auto it = p.find("slot");
  if (it == p.end() || !it->is_string() || !ParseSlot(it->get<std::string>()))
    return BadPayload("payload.slot must be one of breakfast, lunch, dinner, late");
  return *ParseSlot(it->get<std::string>());
}

// The items as given (maybe none: an empty basket is a rule of its own, reason::kEmptyBasket).
Result<std::vector<OrderItem>> ItemsField(const json& p) {
  auto items = p.find("items");
  if (items == p.end() || !items->is_array()) return BadPayload(kNeedsItems);
  std::vector<OrderItem> out;
  for (const auto& it : *items) {
    if (!it.is_object() || !it.contains("menu_item") || !it["menu_item"].is_string() || it["menu_item"].get<std::string>().empty())
      return BadPayload("each payload.items entry needs a menu_item (string)");
    if (!it.contains("qty") || !it["qty"].is_number_integer() || it["qty"].get<int64_t>() < 1 ||
        it["qty"].get<int64_t>() > kMaxItemQty)
      return Fail(reason::kQtyRange, "each payload.items entry needs qty between 1 and " + std::to_string(kMaxItemQty));
    out.push_back({it["menu_item"].get<std::string>(), static_cast<int>(it["qty"].get<int64_t>())});
  }
  return out;
}
}  // namespace

Status CheckOrderShape(const json& p) {
  if (!p.is_object()) return BadPayload("a meal order payload must be a JSON object");
  if (auto s = SlotField(p); !s) return s.error();
  auto items = ItemsField(p);
  if (!items) return items.error();
  if (items->empty()) return BadPayload(kNeedsItems);
  return Ok{};
}

Result<MealOrder> ParseMealOrder(const json& p) {
  auto bad = [](const std::string& m) { return Fail(reason::kBadPayload, m); };
  if (!p.is_object()) return bad("a meal order payload must be a JSON object");
  MealOrder o;
  if (auto it = p.find("location"); it != p.end() && !it->is_null()) {
    if (!it->is_string()) return bad("payload.location must be a string");
    o.location = it->get<std::string>();
  }
  auto slot = SlotField(p);
  if (!slot) return slot.error();
  o.slot = slot.value();
  if (!p.contains("date") || !p["date"].is_string() || !IsIsoDate(p["date"].get<std::string>()))
    return bad("payload.date must be the local service date YYYY-MM-DD");
  o.date = p["date"].get<std::string>();
  if (auto it = p.find("late"); it != p.end() && !it->is_null()) {
    if (!it->is_boolean()) return bad("payload.late must be true or false");
    o.late = it->get<bool>();
  }
  if (o.late != (o.slot == Slot::kLate)) return bad("payload.late must be true exactly for the late slot");
  auto items = ItemsField(p);
  if (!items) return items.error();
  o.items = std::move(items).value();
  auto diet = p.find("diet");
  if (diet == p.end() || !diet->is_object() || !diet->contains("code") || !(*diet)["code"].is_string() ||
      !IsDietCode((*diet)["code"].get<std::string>()))
    return bad("payload.diet must be {code, allergens[]} with the diet code the patient ordered under");
  o.diet = (*diet)["code"].get<std::string>();
  auto al = StringList(diet->value("allergens", json::array()), "payload.diet.allergens");
  if (!al) return bad(al.error().message);
  o.allergens = al.value();
  if (auto it = p.find("note"); it != p.end() && !it->is_null()) {
    if (!it->is_string()) return bad("payload.note must be a string");
    o.note = it->get<std::string>();
    if (o.note.size() > kMaxNoteBytes) return bad("payload.note is longer than 200 bytes");
  }
  const std::pair<const char*, std::string*> links[] = {{"replaces", &o.replaces}, {"add_to", &o.add_to}, {"ordered_by", &o.ordered_by}};
  for (auto [key, field] : links) {
    auto it = p.find(key);
    if (it == p.end() || it->is_null()) continue;
    if (!it->is_string() || it->get<std::string>().size() > 64) return bad(std::string("payload.") + key + " must be a string of at most 64 bytes");
    *field = it->get<std::string>();
  }
  if (!o.replaces.empty() && !o.add_to.empty()) return bad("payload.replaces and payload.add_to exclude each other");
  return o;
}

namespace {

// One item against catalogue, menu, diet and the per-dish limit.
std::optional<Error> ItemProblem(const OrderItem& item, const MealOrder& order, const OrderContext& ctx) {
  const auto it = ctx.catalog->find(item.menu_item);
  if (it == ctx.catalog->end())
    return Fail(reason::kUnknownDish, "dish " + item.menu_item + " is not in the menu catalogue");
  const Dish& dish = it->second;
  const std::string slot(SlotName(order.slot));
  if (ctx.menu_items && !Contains(*ctx.menu_items, dish.id))
    return Fail(reason::kNotInSlot, "dish " + dish.id + " is not on the " + slot + " menu of " + order.date);
  const DishView v = JudgeDish(dish, ctx.diet, order.slot, ctx.config->max_qty_per_dish);
  if (v.state == DishState::kHidden) {
    if (v.reason == reason::kNotInSlot) return Fail(v.reason, "dish " + dish.id + " is not served at " + slot);
    if (v.reason == reason::kDietExcludes)
      return Fail(v.reason, "dish " + dish.id + " is not allowed for diet " + ctx.diet->diet);
    if (v.reason == reason::kAllergen)
      return Fail(v.reason, "dish " + dish.id + " contains " + v.params["allergen"].get<std::string>() +
                                ", which the patient is allergic to");
    return Fail(v.reason, "dish " + dish.id + " cannot be ordered");
  }
  if (item.qty < 1 || item.qty > v.max_qty) {
    if (v.state == DishState::kLimited)
      return Fail(reason::kDietLimit, "dish " + dish.id + ": at most " + std::to_string(v.max_qty) + " for diet " +
                                          ctx.diet->diet);
    return Fail(reason::kQtyRange, "dish " + dish.id + ": quantity must be 1.." + std::to_string(v.max_qty));
  }
  return std::nullopt;
}

}  // namespace

std::map<std::string, Error> BasketProblems(const MealOrder& order, const OrderContext& ctx) {
  std::map<std::string, Error> out;
  if (!ctx.config || !ctx.catalog) return out;
  for (const auto& item : order.items)
    if (auto e = ItemProblem(item, order, ctx); e && !out.count(item.menu_item)) out.emplace(item.menu_item, *e);
  return out;
}

Result<OrderCheck> ValidateMealOrder(const MealOrder& order, const OrderContext& ctx) {
  if (!ctx.config || !ctx.tz || !ctx.catalog) return Fail(reason::kBadPayload, "meal rules are not configured");
  const MealConfig& cfg = *ctx.config;
  const TimeZone& tz = *ctx.tz;
  OrderCheck check;
  if (order.late != (order.slot == Slot::kLate)) return Fail(reason::kBadPayload, "late must be set exactly for the late slot");
  if (!IsIsoDate(order.date)) return Fail(reason::kBadPayload, "date must be YYYY-MM-DD");
  if (order.items.empty()) return Fail(reason::kEmptyBasket, "the order has no dishes");
  if (!ctx.diet) return Fail(reason::kNoDietOrder, "bed " + order.location + " has no diet order; ask the ward nurse");
  if (ctx.diet->diet == kDietNpo) return Fail(reason::kNpo, "the patient may not eat or drink (NPO) by the current diet order");

  // Time: the meal must still be open at the judged instant.
  const std::string today = LocalDate(tz, ctx.now_ms);
  if (order.slot == Slot::kLate) {
    const auto closes = LateWindowCloses(cfg, tz, ctx.now_ms);
    if (!closes)
      return Fail(reason::kLateClosed, cfg.late_enabled ? "off-hours ordering is open " + HourMinuteText(cfg.late_from_minute) +
                                                              "-" + HourMinuteText(cfg.late_to_minute) + " only"
                                                        : "off-hours ordering is not offered");
    // The service date is the local date of ordering; a day either way absorbs a clock near midnight.
    const int64_t diff = *DaysFromIsoDate(order.date) - *DaysFromIsoDate(today);
    if (diff < -1 || diff > 1) return Fail(reason::kBadPayload, "a late order's date must be today (" + today + ")");
    check.cutoff_ms = *closes;
    check.due_ms = ctx.now_ms + cfg.late_promise_min * kMinuteMs;
  } else {
    const int64_t cut = CutoffMs(cfg, tz, order.slot, order.date).value();
    if (ctx.now_ms >= cut)
      return Fail(reason::kPastCutoff, "ordering " + std::string(SlotName(order.slot)) + " for " + order.date +
                                           " closed at " + tz.HourMinute(cut) + " on " + tz.Date(cut));
    if (*DaysFromIsoDate(order.date) - *DaysFromIsoDate(today) > cfg.max_days_ahead)
      return Fail(reason::kTooFarAhead, "meals can be ordered at most " + std::to_string(cfg.max_days_ahead) + " days ahead");
    check.cutoff_ms = cut;
  }

  // Limits.
  std::set<std::string> seen;
  for (const auto& i : order.items)
    if (!seen.insert(i.menu_item).second)
      return Fail(reason::kDuplicateItem, "dish " + i.menu_item + " appears twice; order it once with a quantity");
  if (static_cast<int>(order.items.size()) > cfg.max_dishes)
    return Fail(reason::kTooManyDishes, "at most " + std::to_string(cfg.max_dishes) + " different dishes per order");

  for (const auto& i : order.items) {
    if (auto e = ItemProblem(i, order, ctx)) return *e;
    check.portions += i.qty;
    check.price_cents += static_cast<int64_t>(i.qty) * ctx.catalog->at(i.menu_item).price_cents;
  }
  check.dishes = static_cast<int>(order.items.size());
  check.diet_differs = !SameDiet(order.diet, order.allergens, ctx.diet->diet, ctx.diet->allergens);
  return check;
}

Status CanCancel(const MealConfig& cfg, const TimeZone& tz, const MealOrder& order, std::string_view status,
                 int64_t now_ms, int64_t due_ms) {
  if (!tickets::IsAwaitingWork(status))
    return Fail(reason::kCancelState, "the order is already " + std::string(status) + " and can no longer be cancelled");
  if (order.slot == Slot::kLate) {
    if (due_ms > 0 && now_ms >= due_ms)
      return Fail(reason::kCancelPastCutoff, "a late order can be cancelled only before its promised time " + tz.HourMinute(due_ms));
    return Ok{};
  }
  auto cut = CutoffMs(cfg, tz, order.slot, order.date);
  if (!cut) return cut.error();
  if (now_ms >= cut.value())
    return Fail(reason::kCancelPastCutoff, "the cut-off for this meal was " + tz.HourMinute(cut.value()) + " on " +
                                               tz.Date(cut.value()) + "; the kitchen has planned it");
  return Ok{};
}

// ---- My meals -------------------------------------------------------------------------------------------
std::string_view OrderStateName(OrderState s) {
  switch (s) {
    case OrderState::kSaved: return "saved";
    case OrderState::kSent: return "sent";
    case OrderState::kInReview: return "in_review";
    case OrderState::kApproved: return "approved";
    case OrderState::kRejected: return "rejected";
    case OrderState::kOnHold: return "on_hold";
    case OrderState::kPreparing: return "preparing";
    case OrderState::kDelivered: return "delivered";
    case OrderState::kCancelled: return "cancelled";
  }
  return "saved";
}

OrderStatus DeriveOrderState(const LocalRecord& local, const json* ticket, const MealOrder& order,
                             const DietOrder* current_diet, int64_t now_ms, int late_promise_min) {
  OrderStatus st;
  st.ticket = local.ref;
  if (order.late && local.created_at_ms > 0) st.due_ms = local.created_at_ms + late_promise_min * kMinuteMs;
  // The pulled ticket, read by the one ticket reader; an unreadable one counts as not yet pulled.
  std::optional<tickets::Ticket> tk;
  if (ticket)
    if (auto parsed = tickets::ParseTicket(*ticket)) tk = std::move(parsed).value();
  std::string status;
  if (tk) {
    st.ticket = tk->id;
    status = tk->status;
    if (auto due = tk->detail.find("due_at"); due != tk->detail.end() && due->is_string()) {
      int64_t ms = 0;
      if (ParseIsoUtcMs(due->get<std::string>(), &ms)) st.due_ms = ms;
    }
  }
  auto set_reason = [&](std::string_view text) {
    auto r = ParseReason(text);
    st.reason_code = r.code;
    st.reason_detail = r.detail;
  };
  if (status.empty()) {
    switch (local.state) {
      case OutboxState::kRejected:
        st.state = OrderState::kRejected;
        set_reason(local.reason);
        break;
      case OutboxState::kAcknowledged: st.state = OrderState::kSent; break;
      default: st.state = OrderState::kSaved; break;
    }
  } else if (tickets::IsAwaitingWork(status)) {
    st.state = status == tickets::TicketStatus::kReceived ? OrderState::kInReview : OrderState::kApproved;
    const json& detail = tk->detail;
    if (auto hold = detail.find("hold"); hold != detail.end() && hold->is_object()) {
      st.state = OrderState::kOnHold;
      set_reason(hold->value("reason", std::string(reason::kDietChanged) + ": diet changed"));
    }
  } else if (tickets::IsInWork(status)) {
    st.state = OrderState::kPreparing;
  } else if (tickets::IsDone(status)) {
    st.state = OrderState::kDelivered;
  } else if (status == tickets::TicketStatus::kCancelled) {
    st.state = OrderState::kCancelled;
  } else if (status == tickets::TicketStatus::kRejected) {
    st.state = OrderState::kRejected;
    const auto step = tickets::LastStepInto(*tk, tickets::TicketStatus::kRejected);
    const std::string note = step ? step->note : "";
    set_reason(note.empty() ? FormatReason(reason::kReviewRejected, "rejected at review") : note);
  }
  // A diet change after ordering holds every order not yet in the kitchen, before the hub says so.
  const bool pending = st.state == OrderState::kSaved || st.state == OrderState::kSent ||
                       st.state == OrderState::kInReview || st.state == OrderState::kApproved;
  if (pending && current_diet && !SameDiet(order.diet, order.allergens, current_diet->diet, current_diet->allergens)) {
    st.state = OrderState::kOnHold;
    st.reason_code = std::string(reason::kDietChanged);
    st.reason_detail = "diet changed from " + order.diet + " to " + current_diet->diet + " after ordering";
  }
  const bool open = st.state != OrderState::kDelivered && st.state != OrderState::kCancelled && st.state != OrderState::kRejected;
  st.overdue = order.late && st.due_ms > 0 && open && now_ms > st.due_ms;
  return st;
}

}  // namespace onestop::meals
