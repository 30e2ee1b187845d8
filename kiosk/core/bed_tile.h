// A bed as the ward kiosk's bed grids show it (the nurse's meal grid, the escort's bed pick; issue 16):
// its name, whether someone is in it (a diet order is written at admission) with the diet, and for the
// meal grid what the bed has for the next meal. One type and one wording so both grids say occupancy
// the same way; ui/bed_grid.h draws it. Pure view data; no feature state is read here.
#pragma once
#include <string>

#include "kiosk/core/local_text.h"
#include "kiosk/core/meals.h"
#include "kiosk/core/shell/app_state.h"

namespace onestop {

struct BedTile {
  std::string code, id;   // location code; stable widget id ("bed.<code>", "escort.bed.<code>")
  std::string name;       // "Bed 7"
  std::string diet;       // "Diet: soft · allergy: milk", or "Empty bed"
  bool occupied = false;  // a diet order: someone is in it
  std::string ordered;    // meal grid: "Lunch today: 1 × Congee", or "Lunch today: nothing ordered"
  std::string state;      // meal grid: the order's state; "" when nothing is ordered
  bool has_order = false;
  bool attention = false; // the order is on hold (a diet change): the nurse should look
  bool selected = false;  // the bed chosen on this form (escort)
};

// Name, occupancy and diet in the session's language; `diet` nullptr = an empty bed. `fallback_name`
// stands in while the bed's name is not pulled.
BedTile OccupancyTile(const AppState& s, const std::string& code, const std::string& id, const LocalText& name,
                      const std::string& fallback_name, const meals::DietOrder* diet);

}  // namespace onestop
