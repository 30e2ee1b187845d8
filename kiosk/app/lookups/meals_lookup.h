// The meal context of one bed, read from the local store: hub config (slots, cut-offs, limits, time
// zone), the bed's diet order, the menus of the slots orderable now (diet-filtered), the dish
// catalogue and this bed's orders with their "My meals" state. Shared by `onestop-kiosk order` and the
// ordering screens' worker; it only reads (never writes, never contacts the hub) and judges with
// kiosk/core/meals.h.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/features/meals/ward_beds.h"
#include "kiosk/core/meal_context.h"
#include "offline/store.h"

namespace onestop::app {

// The context types live in the core so the ordering screens can hold them.
using onestop::MealContext;
using onestop::MealSlotMenu;
using onestop::MyMeal;

struct MealLookupOptions {
  // Online/offline for judging cut-offs; nullopt = from the store's last exchange with the hub
  // (online when it is at most meals::kOnlineMaxAgeMs old). The UI passes its LinkStatus.
  std::optional<bool> online;
  int max_tickets = 20000;  // bound on pulled tickets scanned (a corrupt store must not flood memory)
};

// Fails (code "meals.config") when the pulled hub config is malformed, and with store errors.
// A missing config entity means defaults (UTC, default cut-offs) — the store has not pulled yet.
Result<MealContext> LoadMealContext(offline::Store& store, const std::string& bed, int64_t local_now_ms,
                                    const MealLookupOptions& options = {});

// A ward kiosk's bed grid (issue 16): the ward's beds in code order, each with its diet order
// (occupancy), the next meal and what the bed has ordered for it. One read of the shared data for all.
Result<std::vector<mealui::WardBed>> LoadWardBeds(offline::Store& store, const std::string& ward, int64_t local_now_ms,
                                                  const MealLookupOptions& options = {});

// The menu for a specific (slot, date) even when it is not in ctx.slots (e.g. a later day).
MealSlotMenu MenuFor(offline::Store& store, const MealContext& ctx, const meals::SlotChoice& choice);

}  // namespace onestop::app
