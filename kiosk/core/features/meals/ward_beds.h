// A nurse's bed grid on a ward kiosk (issue 16 item 1): per bed, whether someone is in it, the diet
// order and what the bed already has for the next meal, with the order's state. Pure: built from a bed's
// MealContext by the app's store reader; the words are the views' (views.cpp), not this file's.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/local_text.h"
#include "kiosk/core/meal_context.h"
#include "kiosk/core/meals.h"

namespace onestop::mealui {

struct WardBed {
  std::string code;
  LocalText name;
  // A bed with a diet order is occupied (the hub writes one at admission); nullopt: the bed is empty.
  std::optional<meals::DietOrder> diet;
  // The next meal still open for regular orders (the late window is not "the next meal").
  std::optional<meals::SlotChoice> next;
  // The bed's one order for that meal (dish, portions) and its state; empty / nullopt: nothing ordered.
  std::vector<std::pair<LocalText, int>> ordered;
  std::optional<meals::OrderState> state;
};

// The grid's row of one bed from its context (read without menus: only diet, slots and orders count).
WardBed SummarizeWardBed(std::string code, LocalText name, const MealContext& ctx);

}  // namespace onestop::mealui
