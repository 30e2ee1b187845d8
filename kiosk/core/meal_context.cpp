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

const MyMeal* MealContext::LiveOrder(meals::Slot slot, const std::string& date) const {
  using meals::OrderState;
  const MyMeal* found = nullptr;
  for (const auto& o : orders) {  // newest first: the last match is the oldest, the one a change replaces
    if (o.order.slot != slot || o.order.date != date || !o.order.add_to.empty() || o.cancel_pending) continue;
    if (o.status.state == OrderState::kCancelled || o.status.state == OrderState::kRejected) continue;
    found = &o;
  }
  return found;
}

}  // namespace onestop
