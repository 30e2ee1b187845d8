// What the meals feature asks of the app's store reader (kiosk/app/lookups/meals_lookup.cpp).
#pragma once
#include <string>
#include <vector>

namespace onestop::mealui::job {

struct ReadMealContext { std::string bed; };   // → cmd::MealContextRead
// → cmd::WardBedsRead: the ward's beds in code order, each with its diet and next meal's order.
struct ReadWardBeds { std::string ward; };
// → cmd::DishPhotosRead: the pulled `dish_photo` entities of these dishes, decoded and scaled to at most
// kDishPhotoPx on a worker of their own (decoding never holds up the store reads or the frame).
struct ReadDishPhotos { std::vector<std::string> dishes; };

}  // namespace onestop::mealui::job
