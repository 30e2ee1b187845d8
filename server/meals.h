// Hub side of meal ordering (issue 6): push-time validation of meal orders and cancels with the SAME
// core rules as the kiosk (kiosk/core/meals.h), diet changes that hold pending orders, the dietitian's
// order review and the kitchen's production view. Hold/review/due data live in the ticket's
// detail JSON and history; no SQL here (HubStore only). Must not trust a terminal's clock beyond
// meals::kMaxFutureSkewMs.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/core/meals.h"
#include "kiosk/core/protocol.h"
#include "kiosk/core/result.h"
#include "server/push_rules.h"
#include "server/store.h"

namespace httplib {
class Server;
}

namespace onestop::hub {

// ---- push time -------------------------------------------------------------------------------------
// A new meal_order (shape already checked by the hub). Trust rule: the cut-off is judged at the
// record's created_at (the terminal's clock when the patient confirmed, so an order placed offline
// before the cut-off still counts), but created_at may be at most 2 minutes ahead of hub time
// (clock_ahead), a regular meal must still be to come by hub time (its service day not over) and a
// late order must arrive while its off-hours window is still open. Rejects (Error.code = a
// meals::reason code) an order that breaks the bed's current diet order, NPO, the cut-off or limits.
// On success fills ticket.detail: ordered_at, cutoff_at, due_at (late: created_at + promise), and
// hold {reason, since, from, to} when the order's diet differs from the current diet order.
// A hub without a dish catalogue (no menu_item rows) cannot judge dishes: the order is kept with
// detail.unchecked = true (shape-only, as before issue 6) and the kitchen lists it as unchecked.
Status PrepareMealOrder(HubTx& tx, const protocol::PushRecord& record, const std::string& location, int64_t hub_now_ms,
                        TicketRow& ticket);
// An order_cancel of `order` (already known to be a pending meal of this terminal), judged at the
// cancel record's created_at with the same trust rule: before the meal's cut-off / a late order's due time.
Status CheckMealCancel(HubTx& tx, const TicketRow& order, int64_t record_created_ms, int64_t hub_now_ms);

// The push table's meal rules (server/push_rules.cpp). A meal_order: the core shape check
// (meals::CheckOrderShape, also on a hub without a dish catalogue), then PrepareMealOrder; fills a
// kitchen ticket. An order_cancel {ticket}: only this terminal's meal order, only while received or
// accepted, then CheckMealCancel; cancels it (ref = the order's ticket).
Status MealOrderTicket(const PushedRecord& in, TicketRow& ticket);
protocol::PushResult ApplyOrderCancel(const PushedRecord& in);

// ---- diet orders ------------------------------------------------------------------------------------
struct DietChange {
  int held = 0;      // pending orders put on hold by this change
  int released = 0;  // held orders whose diet matches again (hold cleared)
};
// Writes the bed's diet_order master entity (scope = the bed) and then holds every pending
// (received/accepted) meal order of the bed whose diet differs from the new one. Idempotent: running
// it again finishes the holds if the hub stopped in between.
Result<DietChange> SetDietOrder(HubStore& store, const meals::DietOrder& diet, const std::string& actor, int64_t now_ms);

// ---- order review ---------------------------------------------------------------------------------
// Not a ticket status: a filter value for meal orders on hold after a diet change (any status).
inline constexpr std::string_view kHeldFilter = "held";
struct MealFilter {
  std::string date;                   // "" = any
  std::string slot;                   // "" = any
  std::vector<std::string> statuses;  // empty = any; kHeldFilter matches orders on hold
};
// Meal tickets matching the filter, oldest first.
Result<std::vector<TicketRow>> ListMealOrders(HubStore& store, const MealFilter& filter);
// One meal ticket for listings and the API: {id, status, held, hold?, location, slot, date, late,
// due_at?, items, diet, note?, ordered_at, created_at, updated_at, reason?}.
nlohmann::json MealOrderJson(const TicketRow& t);
// received → accepted (clears a hold); an accepted order on hold: the hold is cleared. Refused when
// a dish breaks the bed's CURRENT diet order (reject it instead) or the order is not pending.
Result<TicketRow> ApproveMealOrder(HubStore& store, const std::string& id, const std::string& actor, int64_t now_ms);
// → rejected; the history note is "review_rejected: <reason>" (or the reason as given if it already
// starts with a meals reason code), which is what the patient's screen shows.
Result<TicketRow> RejectMealOrder(HubStore& store, const std::string& id, const std::string& reason,
                                  const std::string& actor, int64_t now_ms);

// ---- kitchen ------------------------------------------------------------------------------------------
struct KitchenLine {           // one tray line
  std::string ticket, ward, bed, dish, dish_name, diet, status;
  int qty = 0;
  std::vector<std::string> allergens;
  std::string due_at;          // late orders: promised time (local HH:MM)
  bool overdue = false;        // late order, promise missed by hub now, not yet delivered
  bool held = false;           // on hold: listed, never counted
  bool unchecked = false;      // accepted by a hub without dish catalogue
};
struct KitchenCount {
  std::string ward, dish, dish_name;
  int qty = 0;
};
struct KitchenReport {
  std::string date, slot, time_zone;
  std::vector<KitchenCount> counts;  // per ward and dish: orders not cancelled, rejected or held
  std::vector<KitchenLine> trays;    // counted orders, by ward, bed, ticket
  std::vector<KitchenLine> held;     // orders on hold: shown for the dietitian, not produced
  int orders = 0, portions = 0, overdue = 0;
};
Result<KitchenReport> BuildKitchenReport(HubStore& store, const std::string& date, const std::string& slot, int64_t now_ms);
std::string KitchenText(const KitchenReport& r);
// One CSV table: record,ward,bed,ticket,dish,dish_name,qty,diet,allergens,status,due_at,flag
// (record = count | tray | held). RFC 4180 quoting.
std::string KitchenCsv(const KitchenReport& r);
nlohmann::json KitchenJson(const KitchenReport& r);

// ---- HTTP ----------------------------------------------------------------------------------------------
// Review and kitchen routes (see server/README.md). There is no desk sign-in yet, so they answer only
// requests with "Authorization: Bearer <admin_token>" (the hub's ONESTOP_HUB_ADMIN_TOKEN); anything
// else gets 401, wherever it comes from. An empty token turns the routes off.
void RegisterMealRoutes(httplib::Server& server, std::function<HubStore*()> store, std::function<int64_t()> now,
                        std::string admin_token);

}  // namespace onestop::hub
