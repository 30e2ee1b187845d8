// What the meals feature asks of the app's store reader (kiosk/app/lookups/meals_lookup.cpp).
#pragma once
#include <string>

namespace onestop::mealui::job {

struct ReadMealContext { std::string bed; };   // → cmd::MealContextRead
// → cmd::WardBedsRead: the ward's beds in code order, each with its diet and next meal's order.
struct ReadWardBeds { std::string ward; };

}  // namespace onestop::mealui::job
