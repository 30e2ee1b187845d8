// The meals feature's typed commands (from its screens) and the answers of its jobs.
// Only this feature's apply.cpp looks inside them.
#pragma once
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/features/meals/state.h"
#include "kiosk/core/result.h"

namespace onestop::mealui::cmd {

struct PickMealSlot { int index; };                   // a meal on the meal chooser
struct SetMealQty { std::string menu_item; int qty; };  // basket: portions of one dish (0 removes it)
struct PlaceMealOrder {};
struct AskCancel { std::string ticket; };             // first tap on Cancel: ask to confirm ("" = keep)
struct CancelMealOrder { std::string ticket; };       // confirmed
struct PickMealBed { std::string bed; };              // a signed-in nurse orders for a bed of the ward ("" = choose again)

// Answers of jobs.h.
struct MealContextRead { std::string bed; Result<MealContext> ctx; };
struct WardBedsRead { std::string ward; std::vector<WardBed> beds; };
// The photos found (dishes without one, or with one that could not be decoded, are absent).
struct DishPhotosRead { std::vector<std::shared_ptr<const DishPicture>> pictures; };

}  // namespace onestop::mealui::cmd
