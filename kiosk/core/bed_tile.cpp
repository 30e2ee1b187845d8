// The words of a bed tile's occupancy (see bed_tile.h), shared by the meal and escort bed grids.
#include "kiosk/core/bed_tile.h"

namespace onestop {

BedTile OccupancyTile(const AppState& s, const std::string& code, const std::string& id, const LocalText& name,
                      const std::string& fallback_name, const meals::DietOrder* diet) {
  BedTile t;
  t.code = code;
  t.id = id;
  t.name = name.empty() ? fallback_name : name.Get(s.session.lang);
  t.occupied = diet != nullptr;
  if (!diet) {
    t.diet = s.Tr("meal.bed_empty");
    return t;
  }
  t.diet = s.TrF("meal.bed_diet", {s.TrOr("diet." + diet->diet, diet->diet)});
  std::string allergies;
  for (const auto& a : diet->allergens) allergies += (allergies.empty() ? "" : ", ") + s.TrOr("allergen." + a, a);
  if (!allergies.empty()) t.diet += " · " + s.TrF("meal.bed_allergy", {allergies});
  return t;
}

}  // namespace onestop
