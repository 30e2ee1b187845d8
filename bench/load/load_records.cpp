// Record payloads of the simulated terminals (see load_records.h). Meal orders go through the same
// core rules the kiosk's menu screen runs (OrderableSlots, FilterMenu), so a rejection means the hub
// and the kiosk disagree, which the driver reports.
#include "bench/load/load_records.h"

#include <array>

namespace onestop::bench {
using nlohmann::json;

void HospitalData::Take(const protocol::Change& c) {
  if (c.op != protocol::ChangeOp::kUpsert || !c.data.is_object()) return;
  if (c.entity == "config" && c.id == "hub") {
    if (auto cfg = meals::ParseMealConfig(c.data)) meal_config = cfg.value();
  } else if (c.entity == "menu_item") {
    if (auto d = meals::DishFromJson(c.data)) dishes[d->id] = d.value();
  } else if (c.entity == "menu") {
    menus[c.id] = c.data;
  } else if (c.entity == "diet_order") {
    if (auto d = meals::DietOrderFromJson(c.data)) diets[c.id] = d.value();
  } else if (c.entity == "location" && c.data.value("kind", "") == "bed") {
    bed_ward[c.id] = c.data.value("ward", "");
  }
}

std::optional<json> MealOrderFor(const HospitalData& h, const std::string& bed, int64_t now_ms, std::set<std::string>& ordered,
                                 std::mt19937_64& rng) {
  if (!h.meal_config) return std::nullopt;
  auto diet = h.diets.find(bed);
  if (diet == h.diets.end()) return std::nullopt;  // an empty bed orders nothing
  const meals::MealConfig& cfg = *h.meal_config;
  const TimeZone tz = meals::ZoneOf(cfg);
  for (const meals::SlotChoice& s : meals::OrderableSlots(cfg, tz, now_ms)) {
    // Late orders answer an off-hours need with a delivery promise; the planned trays are the load.
    if (s.late) continue;
    const std::string key = std::string(meals::SlotName(s.slot)) + "/" + s.date;
    // A minute's margin before the cut-off: an order placed at the last second may reach the hub after it.
    if (ordered.count(key) || s.cutoff_ms - now_ms < 60000) continue;
    auto menu = h.menus.find(meals::MenuId(s.weekday, s.slot));
    if (menu == h.menus.end()) continue;
    const auto dishes = meals::MenuDishes(menu->second, h.dishes);
    const meals::MenuView view = meals::FilterMenu(dishes, &diet->second, s.slot, cfg.max_qty_per_dish);
    std::vector<const meals::DishView*> allowed;
    for (const auto& d : view.dishes)
      if (d.state != meals::DishState::kHidden) allowed.push_back(&d);
    if (allowed.empty()) continue;
    meals::MealOrder o;
    o.location = bed;
    o.slot = s.slot;
    o.date = s.date;
    o.items.push_back({allowed[rng() % allowed.size()]->id, 1});
    o.diet = diet->second.diet;
    o.allergens = diet->second.allergens;
    ordered.insert(key);
    return meals::MealOrderPayload(o);
  }
  return std::nullopt;
}

json RepairPayload(std::mt19937_64& rng) {
  static const std::array<const char*, 4> kText = {"the reading lamp does not switch on", "the tap drips all night",
                                                   "the call button sticks", "the window does not close"};
  return {{"description", kText[rng() % kText.size()]}};
}

json CleaningPayload(std::mt19937_64& rng) {
  static const std::array<const char*, 3> kText = {"spilled tea by the bed", "bin is full", "floor needs a mop"};
  return {{"description", kText[rng() % kText.size()]}};
}

json RatingPayload(const std::string& ticket, std::mt19937_64& rng) {
  // Mostly content patients, some unhappy ones (a score <= 2 puts the ticket on the call-back list).
  static const std::array<int, 10> kScores = {5, 5, 5, 4, 4, 4, 3, 3, 2, 1};
  return {{"ticket", ticket}, {"overall", kScores[rng() % kScores.size()]}};
}

}  // namespace onestop::bench
