// Meal ordering rules (DESIGN §6, issue 6): slots and cut-offs in the hospital time zone, the late
// (off-hours) window and its delivery promise, diet/allergen menu filtering, per-order limits, the
// cancel rule and the "My meals" state of an order. Shared by the kiosk UI, `onestop-kiosk order` and
// the hub, so every place judges an order the same way. Pure rules: no I/O, no clock reads (callers
// pass "now"), no user-facing text (reason CODES + parameters; the UI maps them to catalog keys).
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/core/local_text.h"
#include "kiosk/core/local_time.h"
#include "kiosk/core/result.h"

namespace onestop::meals {

// ---- reason codes --------------------------------------------------------------------------------
// Stable ASCII codes. Every refusal (Error::code), every hidden/limited dish (DishView::reason) and
// every rejection the hub sends back uses one of these. On the wire (PushResult.reason, a rejected
// ticket's history note, detail.hold.reason) a reason reads "<code>: <English detail>" — see
// FormatReason/ParseReason — so the kiosk can show a translated text for the code.
namespace reason {
inline constexpr std::string_view kBadPayload = "bad_payload";          // malformed order/cancel payload
inline constexpr std::string_view kBadLocation = "bad_location";        // not a bed, or outside the terminal's area
inline constexpr std::string_view kUnknownDish = "unknown_dish";        // {menu_item}: not in the dish catalogue
inline constexpr std::string_view kNotInSlot = "not_in_slot";           // {menu_item, slot}: not served in this slot / not on this day's menu
inline constexpr std::string_view kDietExcludes = "diet_excludes";      // {menu_item, diet}: the diet order does not allow the dish
inline constexpr std::string_view kAllergen = "allergen";               // {menu_item, allergen}: the patient is allergic to an ingredient
inline constexpr std::string_view kDietLimit = "diet_limit";            // {menu_item, diet, max_qty}: allowed, limited portions (state "limited")
inline constexpr std::string_view kNpo = "npo";                         // nil per os: nothing may be ordered
inline constexpr std::string_view kNoDietOrder = "no_diet_order";       // the bed has no diet order (no patient / not admitted yet)
inline constexpr std::string_view kDietChanged = "diet_changed";        // {from, to}: diet changed since the order was made (hold)
inline constexpr std::string_view kPastCutoff = "past_cutoff";          // {slot, date, cutoff}: ordering for this meal has closed
inline constexpr std::string_view kTooFarAhead = "too_far_ahead";       // {date, max_days}: date beyond the ordering horizon
inline constexpr std::string_view kLateClosed = "late_window_closed";   // {from, to}: off-hours ordering is closed now
inline constexpr std::string_view kQtyRange = "qty_range";              // {menu_item, max_qty}: qty < 1 or above the per-dish limit
inline constexpr std::string_view kTooManyDishes = "too_many_dishes";   // {max_dishes}: more distinct dishes than allowed
inline constexpr std::string_view kDuplicateItem = "duplicate_item";    // {menu_item}: the same dish twice in one basket
inline constexpr std::string_view kEmptyBasket = "empty_basket";        // no items
inline constexpr std::string_view kClockAhead = "clock_ahead";          // record time > 2 min ahead of the hub clock
inline constexpr std::string_view kCancelPastCutoff = "cancel_past_cutoff";  // {cutoff}: too late to cancel
inline constexpr std::string_view kCancelState = "cancel_state";        // {status}: the kitchen already works on it / it is closed
inline constexpr std::string_view kNotMealOrder = "not_meal_order";     // cancel of a ticket that is no meal order of this terminal
inline constexpr std::string_view kReviewRejected = "review_rejected";  // the dietitian refused it (detail = their words)
// {ticket}: the bed already has an order for this meal and day (one tray per bed and meal): change it
// (payload.replaces) or, a nurse on a ward kiosk, add to it (payload.add_to).
inline constexpr std::string_view kAlreadyOrdered = "already_ordered";
// {ticket}: add_to is a nurse's: only from a ward kiosk or staff tablet with the signed-in staff id
// (payload.ordered_by), and only to a live order of the same bed, meal and day.
inline constexpr std::string_view kAddNotAllowed = "add_not_allowed";
}  // namespace reason

// "code: detail" (the wire form of a reason) and back. ParseReason of a text without a known
// "code: " prefix yields {"", text}.
std::string FormatReason(std::string_view code, std::string_view detail);
std::string FormatReason(const Error& e);
struct ParsedReason {
  std::string code;    // one of reason::k*, or "" when the text carries no known code
  std::string detail;  // English detail (never empty when the text was not empty)
};
ParsedReason ParseReason(std::string_view text);
// Every reason::k* code above (the record refusal codes are records::AllReasonCodes()).
const std::vector<std::string_view>& AllReasonCodes();
// True for every reason::k* code, and for the record refusal codes of kiosk/core/record_rules.h.
bool IsReasonCode(std::string_view code);

// ---- slots and configuration ----------------------------------------------------------------------
enum class Slot { kBreakfast = 0, kLunch = 1, kDinner = 2, kLate = 3 };
inline constexpr std::array<Slot, 4> kAllSlots = {Slot::kBreakfast, Slot::kLunch, Slot::kDinner, Slot::kLate};
std::string_view SlotName(Slot s);  // "breakfast", "lunch", "dinner", "late"
std::optional<Slot> ParseSlot(std::string_view name);

// Diet codes known to the rules (a diet order with another code is refused as malformed).
const std::vector<std::string>& DietCodes();  // regular, soft, semi_liquid, liquid, diabetic, low_salt, low_fat, renal, npo
bool IsDietCode(std::string_view code);
inline constexpr std::string_view kDietNpo = "npo";  // nil per os: the diet code that forbids every dish

inline constexpr int kDefaultMaxDishes = 6;        // distinct dishes per order
inline constexpr int kDefaultMaxQtyPerDish = 3;    // portions of one dish per order
inline constexpr int kDefaultMaxDaysAhead = 7;     // menus are weekly
inline constexpr int kDefaultLatePromiseMin = 20;  // Wuxi "168": hot meal at the bedside within 20 minutes
// A record may claim a creation time at most this far ahead of the hub clock (kiosk clock drift).
inline constexpr int64_t kMaxFutureSkewMs = 2 * 60 * 1000;

// Parsed from the hub `config` entity "hub":
//   time_zone                "Asia/Shanghai"
//   meal_cutoffs             {"breakfast":"18:00","lunch":"09:30","dinner":"15:00"}   local HH:MM
//   meal_cutoff_day_before   {"breakfast":true,...}   cut-off on the day before the meal
//   late_slot                {"from":"20:00","to":"06:00"}   may cross midnight; absent = no late orders
//   late_order_promise_min   20
//   meal_limits              {"max_dishes":6,"max_qty_per_dish":3,"max_days_ahead":7}   (all optional)
// Missing keys take the defaults above (cut-offs: breakfast 18:00 day before, lunch 09:30, dinner 15:00).
struct MealConfig {
  std::string time_zone = "UTC";
  std::array<int, 3> cutoff_minute = {18 * 60, 9 * 60 + 30, 15 * 60};  // minute of the local day, by Slot
  std::array<bool, 3> cutoff_day_before = {true, false, false};
  bool late_enabled = true;
  int late_from_minute = 20 * 60, late_to_minute = 6 * 60;  // [from, to), across midnight when from > to
  int late_promise_min = kDefaultLatePromiseMin;
  int max_dishes = kDefaultMaxDishes;
  int max_qty_per_dish = kDefaultMaxQtyPerDish;
  int max_days_ahead = kDefaultMaxDaysAhead;
};
// Fails (code "config.meals") on wrong types, bad HH:MM, non-positive limits or an unknown time zone.
Result<MealConfig> ParseMealConfig(const nlohmann::json& hub_config);
// The config's zone (already validated by ParseMealConfig; UTC if it cannot be found).
TimeZone ZoneOf(const MealConfig& cfg);
// "HH:MM" → minute of day; nullopt for anything else.
std::optional<int> ParseHourMinute(std::string_view text);
std::string HourMinuteText(int minute_of_day);

// ---- time judgement -------------------------------------------------------------------------------
// Which clock judged a cut-off: the hub's (local + measured skew, when online) or this terminal's
// own clock (offline; the screen shows "local clock").
enum class ClockSource { kHub, kLocal };
std::string_view ClockSourceName(ClockSource s);  // "hub", "local"
struct JudgedNow {
  int64_t now_ms = 0;
  ClockSource source = ClockSource::kLocal;
  int64_t skew_ms = 0;  // applied correction (0 when local)
};
JudgedNow JudgeNow(int64_t local_now_ms, bool online, int64_t skew_ms);
// "Online" for judging: the last successful exchange with the hub is at most max_age_ms old.
inline constexpr int64_t kOnlineMaxAgeMs = 5 * 60 * 1000;
bool IsOnline(int64_t last_ok_local_ms, int64_t local_now_ms, int64_t max_age_ms = kOnlineMaxAgeMs);

// ---- orderable slots ------------------------------------------------------------------------------
struct SlotChoice {
  Slot slot = Slot::kLunch;
  std::string date;       // local service date YYYY-MM-DD
  std::string weekday;    // "mon".."sun" of date (menus are weekly)
  int64_t cutoff_ms = 0;  // UTC ms; ordering closes at this instant (late: when the window closes)
  bool late = false;
  int64_t due_ms = 0;     // late only: now + promise
};
// The cut-off instant of a regular slot's meal on `date` (local), in UTC ms. Fails for kLate or a bad date.
Result<int64_t> CutoffMs(const MealConfig& cfg, const TimeZone& tz, Slot slot, const std::string& date);
// Whether the late window is open at `now_ms`, and if so when it closes (UTC ms).
std::optional<int64_t> LateWindowCloses(const MealConfig& cfg, const TimeZone& tz, int64_t now_ms);
// What a patient can order now: the late choice first when its window is open, then for each
// regular slot the next meal whose cut-off is still ahead, soonest meal first (date, then slot).
std::vector<SlotChoice> OrderableSlots(const MealConfig& cfg, const TimeZone& tz, int64_t now_ms);

// "mon".."sun" for a YYYY-MM-DD date; nullopt if malformed. Weekly menu ids are MenuId(weekday, slot).
std::optional<std::string> WeekdayOf(const std::string& date);
std::string MenuId(const std::string& weekday, Slot slot);  // "menu-mon-lunch"
bool IsIsoDate(std::string_view date);

// ---- dishes, diet orders, menu filtering ----------------------------------------------------------
struct Dish {
  std::string id;
  LocalText name;
  std::vector<Slot> slots;
  std::vector<std::string> diets;      // diet codes that may have it
  std::vector<std::string> allergens;  // e.g. milk, egg, fish, shellfish, soy, gluten, peanut
  int price_cents = 0;
  std::map<std::string, int> diet_limits;  // diet code → max portions (dish allowed but limited)
  // Per portion, from the hub's catalogue (the console validates it); absent figures are unknown,
  // never zero. The menu card shows energy, protein, sodium and carbohydrate.
  struct Nutrition {
    std::optional<double> energy_kcal, protein_g, fat_g, carbohydrate_g, sodium_mg;
  } nutrition;
  std::string category;  // one of DishCategories() (the card's drawn icon without a photo), or ""
};
// The kinds of dish a menu card draws an icon for when the hub has no photo of it.
const std::vector<std::string>& DishCategories();
// menu_item entity: {id, name, slots, diets, allergens, price_cents?, diet_limits?, nutrition?:
// {energy_kcal, protein_g, fat_g, carbohydrate_g, sodium_mg}, category?}. A malformed figure or an
// unknown category is dropped (the dish stays orderable); the console refuses them on entry.
Result<Dish> DishFromJson(const nlohmann::json& j);

// diet_order entity, keyed by bed: {bed, diet, allergens[], ordered_by, updated_at?}.
struct DietOrder {
  std::string bed;
  std::string diet = "regular";
  std::vector<std::string> allergens;
  std::string ordered_by;
};
Result<DietOrder> DietOrderFromJson(const nlohmann::json& j);
nlohmann::json ToJson(const DietOrder& d);
// Same diet code and the same allergen set (order ignored).
bool SameDiet(const std::string& diet_a, const std::vector<std::string>& allergens_a, const std::string& diet_b,
              const std::vector<std::string>& allergens_b);

enum class DishState { kAllowed, kLimited, kHidden };
std::string_view DishStateName(DishState s);  // "allowed", "limited", "hidden"
struct DishView {
  std::string id;
  DishState state = DishState::kAllowed;
  std::string reason;  // "" when allowed; kDietLimit when limited; else why hidden
  nlohmann::json params = nlohmann::json::object();
  int max_qty = 0;     // portions orderable (0 when hidden)
};
enum class MenuState { kOpen, kNpo, kNoDietOrder };
std::string_view MenuStateName(MenuState s);  // "open", "npo", "no_diet_order"
struct MenuView {
  MenuState state = MenuState::kOpen;  // kNpo / kNoDietOrder: every dish hidden, say why
  std::vector<DishView> dishes;        // same order as the input
  int allowed = 0, limited = 0, hidden = 0;
};
// Every dish with allowed/limited/hidden and the reason (first failing rule: npo / no_diet_order,
// not_in_slot, diet_excludes, allergen, then diet_limit). A null diet means the bed has none.
MenuView FilterMenu(const std::vector<Dish>& dishes, const DietOrder* diet, Slot slot,
                    int max_qty_per_dish = kDefaultMaxQtyPerDish);
// One dish's verdict (FilterMenu applies it to each).
DishView JudgeDish(const Dish& dish, const DietOrder* diet, Slot slot, int max_qty_per_dish = kDefaultMaxQtyPerDish);
// The dishes of a weekly menu entity {id, weekday, slot, items:[id]} found in `catalog`; ids not in
// the catalogue are skipped (the hub reports them as unknown_dish if ordered).
std::vector<Dish> MenuDishes(const nlohmann::json& menu, const std::map<std::string, Dish>& catalog);

// ---- orders ---------------------------------------------------------------------------------------
struct OrderItem {
  std::string menu_item;
  int qty = 1;
  bool operator==(const OrderItem&) const = default;
};
// meal_order payload: {location, slot, date, items:[{menu_item, qty}], late, diet:{code, allergens},
// note?, replaces?, add_to?, ordered_by?}. `diet` is what the patient saw when ordering; a different
// current diet puts it on hold. One live order per bed, meal and day (hub: reason::kAlreadyOrdered):
// `replaces` names the bed's order this one takes the place of (the hub cancels it in the same
// transaction, so a refused change leaves the old order standing); `add_to` names the order a nurse
// adds a second tray to, with `ordered_by` = her staff id.
struct MealOrder {
  std::string location;  // the bed
  Slot slot = Slot::kLunch;
  std::string date;      // local service date
  std::vector<OrderItem> items;
  bool late = false;     // must equal (slot == kLate)
  std::string diet;      // diet code seen
  std::vector<std::string> allergens;  // allergens seen
  std::string note;      // ≤ 200 bytes
  // Defaulted so positional initialisers written before them stay complete (-Wmissing-field-initializers).
  std::string replaces = {};    // ticket of the bed's order for this meal that this one changes ("" = a new order)
  std::string add_to = {};      // ticket a nurse adds to ("" = none)
  std::string ordered_by = {};  // signed-in staff id (nurse orders); "" at the bedside
};
inline constexpr size_t kMaxNoteBytes = 200;
nlohmann::json MealOrderPayload(const MealOrder& o);
inline constexpr int kMaxItemQty = 20;  // portions of one dish in one order, whatever the diet allows
// Strict parse (code reason::kBadPayload; reason::kQtyRange for a qty outside 1..kMaxItemQty). location
// may be empty (the terminal's own bed).
Result<MealOrder> ParseMealOrder(const nlohmann::json& payload);
// The part of ParseMealOrder any hub can judge, also one without a dish catalogue: the slot and a
// non-empty list of items. Same codes and messages as ParseMealOrder.
Status CheckOrderShape(const nlohmann::json& payload);
// order_cancel payload {ticket}.
nlohmann::json OrderCancelPayload(const std::string& ticket);

// What an order is judged against.
struct OrderContext {
  const MealConfig* config = nullptr;
  const TimeZone* tz = nullptr;
  const std::map<std::string, Dish>* catalog = nullptr;  // all dishes (unknown_dish if absent)
  // Dishes of the day's menu for the order's slot; null = no weekly menu entity, then the dish's own
  // `slots` decide.
  const std::vector<std::string>* menu_items = nullptr;
  const DietOrder* diet = nullptr;  // the bed's CURRENT diet order; null = none
  int64_t now_ms = 0;               // judged now (JudgeNow on the kiosk; the record time on the hub)
};
struct OrderCheck {
  int64_t cutoff_ms = 0;  // when ordering (regular) or the window (late) closes
  int64_t due_ms = 0;     // late: now + promise
  int dishes = 0, portions = 0;
  int64_t price_cents = 0;
  bool diet_differs = false;  // the payload's diet is not the current one: the hub holds such orders
};
// First refusal as Error{code = reason::k*, message = English detail}. Order of checks: shape,
// empty basket, no diet order, NPO, slot time (cut-off / late window / horizon), limits, then per
// item unknown / slot / diet / allergen / portion limit.
Result<OrderCheck> ValidateMealOrder(const MealOrder& order, const OrderContext& ctx);
// Per-item problems of a basket (for marking lines on the screen): menu_item → Error.
std::map<std::string, Error> BasketProblems(const MealOrder& order, const OrderContext& ctx);

// Cancel rule: only while the ticket is received or accepted, and (regular slots) before the meal's
// cut-off, (late orders) before the promised time. `due_ms` is used for late orders only.
Status CanCancel(const MealConfig& cfg, const TimeZone& tz, const MealOrder& order, std::string_view ticket_status,
                 int64_t now_ms, int64_t due_ms = 0);

// ---- "My meals" ------------------------------------------------------------------------------------
enum class OrderState { kSaved, kSent, kInReview, kApproved, kRejected, kOnHold, kPreparing, kDelivered, kCancelled };
std::string_view OrderStateName(OrderState s);  // saved, sent, in_review, approved, rejected, on_hold, preparing, delivered, cancelled

// Where the local record stands (mirrors the offline store, which core must not include).
enum class OutboxState { kUnknown, kQueued, kAcknowledged, kRejected };
struct LocalRecord {
  OutboxState state = OutboxState::kUnknown;
  std::string ref;           // hub ticket id once acknowledged
  std::string reason;        // hub's words when rejected ("code: detail")
  int64_t created_at_ms = 0;
};
struct OrderStatus {
  OrderState state = OrderState::kSaved;
  std::string ticket;          // "" until known
  std::string reason_code;     // rejected / on_hold: why (reason::k*, or "" if the hub gave free text)
  std::string reason_detail;
  int64_t due_ms = 0;          // late orders: the promised time (0 = none)
  bool overdue = false;        // late order, promise missed, not delivered/closed
};
// Ticket entity as pulled: {id, status, detail, history[{from,status,at,actor,note}], ...} or null.
// received → in_review, accepted → approved, dispatched/in_progress → preparing, completed and later →
// delivered, cancelled, rejected (reason from the last history note); a hold in detail, or a pending
// order whose diet differs from `current_diet`, → on_hold.
OrderStatus DeriveOrderState(const LocalRecord& local, const nlohmann::json* ticket, const MealOrder& order,
                             const DietOrder* current_diet, int64_t now_ms, int late_promise_min = kDefaultLatePromiseMin);

}  // namespace onestop::meals
