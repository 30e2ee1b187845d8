// Test helpers: a bedside terminal online, and the meal context a bed's menu screen reads with one
// dish (congee) on every orderable slot for the bed's `diet`, as the app's store worker would answer
// mealui::job::ReadMealContext. Test-only; it reads nothing and applies nothing.
#pragma once
#include <string>

#include "kiosk/core/features/meals/feature.h"
#include "kiosk/core/meal_context.h"
#include "kiosk/core/shell/app_state.h"

namespace onestop::test {

// A bedside terminal at bed 7 of ward 12, online: where the meal screens are tried.
inline void BedsideOnline(AppState& s) {
  s.terminal.binding.role = Role::kBedside;
  s.terminal.binding.location = "B2-3F-W12-BED07";
  s.terminal.link.state = LinkState::kOnline;
}

inline MealContext OneDishMealContext(const AppState& s, const std::string& diet) {
  MealContext c;
  c.bed = s.terminal.binding.location;
  c.config.time_zone = "Asia/Shanghai";
  c.tz = s.terminal.tz;
  c.now = meals::JudgeNow(s.clock->NowUtcMs(), true, 0);
  c.diet = meals::DietOrder{c.bed, diet, {}, "dr"};
  meals::Dish d;
  d.id = "D100";
  d.name = LocalText::Same("Congee");
  d.slots = {meals::Slot::kDinner, meals::Slot::kBreakfast, meals::Slot::kLunch};
  d.diets = {"regular", "soft"};
  c.catalog.emplace(d.id, d);
  for (const auto& choice : meals::OrderableSlots(c.config, c.tz, c.now.now_ms))
    c.slots.push_back(MealSlotMenu{choice, {d}, std::nullopt, meals::FilterMenu({d}, &*c.diet, choice.slot)});
  return c;
}

}  // namespace onestop::test
