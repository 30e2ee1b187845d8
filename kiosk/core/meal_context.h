// The meal context of one bed as the ordering screens and `onestop-kiosk order` see it: config, zone,
// judged time, diet order, dish catalogue, the orderable slots' filtered menus and this bed's orders.
// Plain data built by the app's store reader (kiosk/app/lookups/meals_lookup.h); rules are in meals.h.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/local_time.h"
#include "kiosk/core/meals.h"

namespace onestop {

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
  // The bed's live order for one meal (not cancelled, rejected or being cancelled), or nullptr: the one
  // order per bed, meal and day the hub keeps (a nurse's additions are not it). Issue 16.
  const MyMeal* LiveOrder(meals::Slot slot, const std::string& date) const;
};

}  // namespace onestop
