// What the simulated terminals push: repair and cleaning requests, meal orders a bed's patient may
// really place (the bed's diet, the day's menu, an orderable slot, one order per meal) and ratings of
// completed work. Payloads follow kiosk/core (protocol.h, meals.h) so the hub accepts them; this file
// must not know how they travel.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>

#include "kiosk/core/meals.h"
#include "kiosk/core/protocol.h"

namespace onestop::bench {

// The hospital as a terminal sees it after its first sync (filled from scouts' catch-up pulls).
struct HospitalData {
  std::optional<meals::MealConfig> meal_config;
  std::map<std::string, meals::Dish> dishes;
  std::map<std::string, nlohmann::json> menus;      // menu id -> menu entity
  std::map<std::string, meals::DietOrder> diets;    // bed -> diet order
  std::map<std::string, std::string> bed_ward;      // bed -> ward (every bed of the hospital)
  // Folds one pulled change in (master data only; other entities are ignored).
  void Take(const protocol::Change& c);
};

// A meal order the bed's patient can place now, or nullopt (no diet order, NPO, nothing left to
// order). `ordered` holds "slot/date" of orders already placed from this bed and gains the new one.
std::optional<nlohmann::json> MealOrderFor(const HospitalData& h, const std::string& bed, int64_t now_ms,
                                           std::set<std::string>& ordered, std::mt19937_64& rng);
nlohmann::json RepairPayload(std::mt19937_64& rng);
nlohmann::json CleaningPayload(std::mt19937_64& rng);
nlohmann::json RatingPayload(const std::string& ticket, std::mt19937_64& rng);

}  // namespace onestop::bench
