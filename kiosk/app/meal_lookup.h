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

#include "kiosk/core/local_time.h"
#include "kiosk/core/meals.h"
#include "offline/store.h"

namespace onestop::app {

struct MealSlotMenu {
  meals::SlotChoice choice;
  std::vector<meals::Dish> dishes;                       // the weekday menu's dishes (all, hidden ones too)
  std::optional<std::vector<std::string>> menu_items;    // the menu entity's ids; nullopt = no menu entity
  meals::MenuView view;                                  // dishes filtered by the bed's diet, same order
};

struct MyMeal {
  std::string record_id;  // outbox / dead-letter id ("" for tickets pulled without a local record)
  meals::MealOrder order;
  meals::OrderStatus status;
  int64_t created_at_ms = 0;
  bool cancel_pending = false;  // an order_cancel for its ticket waits in the outbox
  bool can_cancel = false;      // CanCancel now (needs a ticket)
  std::string cancel_refusal;   // "code: detail" when !can_cancel and there is a ticket
};

struct MealContext {
  std::string bed;
  meals::MealConfig config;
  TimeZone tz = TimeZone::Utc();
  meals::JudgedNow now;                    // hub clock (local + skew) when online, else local clock
  std::optional<meals::DietOrder> diet;    // nullopt: the bed has no diet order
  std::map<std::string, meals::Dish> catalog;
  std::vector<MealSlotMenu> slots;         // orderable now, next meal first
  std::vector<MyMeal> orders;              // this bed's orders, newest first

  // The judging context for an order on `menu` (pointers into this object: keep it alive).
  meals::OrderContext OrderContextFor(const MealSlotMenu* menu) const;
  // The orderable slot for (slot, date); date "" = the next one.
  const MealSlotMenu* FindSlot(meals::Slot slot, const std::string& date = "") const;
};

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

// The menu for a specific (slot, date) even when it is not in ctx.slots (e.g. a later day).
MealSlotMenu MenuFor(offline::Store& store, const MealContext& ctx, const meals::SlotChoice& choice);

}  // namespace onestop::app
