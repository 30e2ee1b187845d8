// Screenshot content of the meals feature's screens: a soft-diet patient allergic to milk with the demo
// dish catalogue — the meal chooser, the dinner menu with a basket, My meals with two orders.
// Built through the same rules the live screens use. The running kiosk never calls this.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "kiosk/core/features/meals/feature.h"
#include "kiosk/core/features/meals/state.h"

namespace onestop::mealui {

void Feature::FillDemo(AppState& s, ScreenId screen, const DemoData& demo) const {
  using nlohmann::json;
  const int64_t now = s.clock->NowUtcMs();
  const TimeZone& tz = s.terminal.tz;
  MealContext ctx;
  ctx.bed = s.terminal.binding.location;
  ctx.config.time_zone = tz.name();
  ctx.tz = tz;
  ctx.now = meals::JudgeNow(now, true, 0);
  ctx.diet = meals::DietOrder{ctx.bed, "soft", {"milk"}, "demo"};
  for (const auto& d : demo.dishes.value("dishes", json::array()))
    if (auto dish = meals::DishFromJson(d)) ctx.catalog.emplace(dish->id, dish.value());
  for (const auto& choice : meals::OrderableSlots(ctx.config, ctx.tz, now)) {
    MealSlotMenu m;
    m.choice = choice;
    for (const auto& [id, dish] : ctx.catalog)
      if (std::find(dish.slots.begin(), dish.slots.end(), choice.slot) != dish.slots.end()) m.dishes.push_back(dish);
    m.view = meals::FilterMenu(m.dishes, &*ctx.diet, choice.slot, ctx.config.max_qty_per_dish);
    ctx.slots.push_back(std::move(m));
  }
  auto order = [&](meals::Slot slot, const std::string& date, std::vector<meals::OrderItem> items, meals::OrderState st,
                   const std::string& ticket, int64_t due) {
    MyMeal m;
    m.record_id = ticket;
    m.order = {ctx.bed, slot, date, std::move(items), slot == meals::Slot::kLate, "soft", {"milk"}, ""};
    m.status.state = st;
    m.status.ticket = ticket;
    m.status.due_ms = due;
    m.can_cancel = st == meals::OrderState::kApproved;
    ctx.orders.push_back(std::move(m));
  };
  const std::string today = tz.Date(now);
  order(meals::Slot::kDinner, today, {{"D001", 1}}, meals::OrderState::kApproved, "TK-000088", 0);
  order(meals::Slot::kLunch, today, {{"D001", 1}}, meals::OrderState::kDelivered, "TK-000061", 0);
  // A dietitian's rejection in her own words, with "Order again" (issue 16).
  order(meals::Slot::kBreakfast, today, {{"D001", 2}}, meals::OrderState::kRejected, "TK-000047", 0);
  ctx.orders.back().status.reason_code = std::string(meals::reason::kReviewRejected);
  ctx.orders.back().status.reason_detail = "2 portions exceed the soft diet";
  MealsSession& ms = Get(s);
  ms.bed = ctx.bed;
  ms.ctx = std::make_shared<const MealContext>(std::move(ctx));
  if (screen == screens::kMenu && !ms.ctx->slots.empty()) {
    ms.slot = 0;
    int added = 0;
    for (const auto& d : ms.ctx->slots[0].view.dishes)
      if (d.state != meals::DishState::kHidden && added < 2) ms.basket[d.id] = ++added;
  }
}

}  // namespace onestop::mealui
