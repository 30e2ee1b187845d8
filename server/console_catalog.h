// Console routes of the administrator's catalogue pages (issue 14): dishes (names in three
// languages, slots, diets, allergens, diet limits, nutrition), service teams, and console accounts
// with their roles. Each change is validated whole, written in one transaction with its audit row,
// and refused with a problem whose `code` the page translates. No SQL and no password in answers.
#pragma once
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "kiosk/core/result.h"

namespace onestop::hub {

class ConsoleService;

void RegisterConsoleCatalogRoutes(httplib::Server& server, ConsoleService& console);

// A dish as the administrator sends it, checked and put into the menu_item shape terminals pull
// (kiosk/core/meals.h DishFromJson accepts it). Error code "dish.<rule>" (dish.id, dish.name_required,
// dish.name_length, dish.slots, dish.diet, dish.allergen, dish.diet_limit, dish.nutrition, dish.category, dish.price);
// Error.message names the field. Public for tests.
Result<nlohmann::json> ValidateDish(const nlohmann::json& body);

}  // namespace onestop::hub
