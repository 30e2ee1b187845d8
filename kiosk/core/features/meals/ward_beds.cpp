// A bed's row on the nurse's bed grid (see ward_beds.h). Pure; no I/O, no clock reads, no words.
#include "kiosk/core/features/meals/ward_beds.h"

namespace onestop::mealui {

WardBed SummarizeWardBed(std::string code, LocalText name, const MealContext& ctx) {
  WardBed b;
  b.code = std::move(code);
  b.name = std::move(name);
  b.diet = ctx.diet;
  for (const auto& m : ctx.slots)
    if (!m.choice.late) {  // slots come next meal first
      b.next = m.choice;
      break;
    }
  if (!b.next) return b;
  const MyMeal* live = ctx.LiveOrder(b.next->slot, b.next->date);
  if (!live) return b;
  b.state = live->status.state;
  for (const auto& it : live->order.items) {
    auto d = ctx.catalog.find(it.menu_item);
    b.ordered.emplace_back(d == ctx.catalog.end() ? LocalText::Same(it.menu_item) : d->second.name, it.qty);
  }
  return b;
}

}  // namespace onestop::mealui
