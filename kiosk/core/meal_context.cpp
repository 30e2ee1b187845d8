// MealContext lookups (see meal_context.h): pointers into the context for judging an order.
#include "kiosk/core/meal_context.h"

namespace onestop {

meals::OrderContext MealContext::OrderContextFor(const MealSlotMenu* menu) const {
  meals::OrderContext c;
  c.config = &config;
  c.tz = &tz;
  c.catalog = &catalog;
  c.menu_items = menu && menu->menu_items ? &*menu->menu_items : nullptr;
  c.diet = diet ? &*diet : nullptr;
  c.now_ms = now.now_ms;
  return c;
}

const MealSlotMenu* MealContext::FindSlot(meals::Slot slot, const std::string& date) const {
  for (const auto& s : slots)
    if (s.choice.slot == slot && (date.empty() || s.choice.date == date)) return &s;
  return nullptr;
}

}  // namespace onestop
