// The meals feature's slice of the Session: whose meals (the bedside's bed, or the bed a nurse chose),
// the bed's meal context as last read, the chosen meal, the basket and the order being tracked.
// Plain data; the rules are in apply.cpp. Nothing here survives a session reset.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/features/meals/ward_beds.h"
#include "kiosk/core/local_text.h"
#include "kiosk/core/meal_context.h"
#include "kiosk/core/shell/app_state.h"

namespace onestop::mealui {

// A dish's photo as a worker decoded it (never the frame thread): RGBA rows, at most kDishPhotoPx on the
// longer edge (a card shows it a few hundred pixels wide). The frame only uploads it to a texture.
inline constexpr int kDishPhotoPx = 320;
struct DishPicture {
  std::string dish, sha256;  // sha256 of the JPEG as the hub keeps it: a replaced photo is a new texture
  int width = 0, height = 0;
  std::vector<uint8_t> rgba;  // width * height * 4
};

struct MealsSession {
  std::string bed;                            // whose meals: the bedside's own bed, or the bed a nurse chose
  // A ward kiosk's beds for nurses, with occupancy, diet and the next meal's order (the bed grid);
  // re-read whenever the grid is shown, so an order just placed shows there.
  std::vector<WardBed> beds;
  bool beds_loading = false;
  bool loading = false;
  std::shared_ptr<const MealContext> ctx;     // last read; shared so views copy nothing
  std::string error;                          // why the context could not be read
  int slot = -1;                              // index into ctx->slots; -1 = not chosen
  std::map<std::string, int> basket;          // menu_item → portions
  std::string error_code, error_detail;       // last refused Place order
  std::string submitted_tag;                  // the placed order's action
  std::string confirming_cancel;              // the ticket whose Cancel was tapped once (asks again)
  // The chosen meal already has the bed's order (one per bed, meal and day, issue 16): the patient's
  // new basket replaces it (`changing`), a signed-in nurse's adds a tray to it (`adding_to`). Tickets.
  std::string changing, adding_to;
  // The menu cards' photos (dish id → picture), asked for once per dish and session as menus are read.
  std::map<std::string, std::shared_ptr<const DishPicture>> photos;
  std::set<std::string> photos_asked;
};

inline MealsSession& Get(AppState& s) { return s.session.slices.Get<MealsSession>(); }
inline const MealsSession& Get(const AppState& s) { return s.session.slices.Get<MealsSession>(); }

}  // namespace onestop::mealui
