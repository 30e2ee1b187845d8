// Console meal routes (see console_meals.h): review queue, approve/reject and diet orders for the
// dietitian; production counts, late orders, tray tickets and "delivered" for the kitchen. Rules are
// server/meals.h and server/tickets.h; this file must not decide what an order may do, and must
// never write a row without its audit row (who, what, before → after).
#include "server/console_meals.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "kiosk/core/clock.h"
#include "kiosk/core/meals.h"
#include "kiosk/core/protocol.h"
#include "server/console_api.h"
#include "server/console_auth.h"
#include "server/meals.h"
#include "server/ratings.h"
#include "server/request_gate.h"
#include "server/tickets.h"

namespace onestop::hub {
namespace {
using nlohmann::json;
namespace con = console;

constexpr size_t kMaxReasonBytes = 300;  // RejectMealOrder's own cap; checked here for a clear 400
constexpr size_t kMaxAllergens = 16;

bool IsCode(const std::string& s, size_t max) {
  return !s.empty() && s.size() <= max && s.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
}

bool ValidDate(const std::string& d) { return d.empty() || meals::IsIsoDate(d); }
bool ValidSlot(const std::string& s) { return s.empty() || meals::ParseSlot(s).has_value(); }

// The bed's current diet order as the page shows it beside the order (null: none).
json DietJson(HubStore& store, const std::string& bed) {
  auto rows = store.LoadMasterRows("diet_order", {bed});
  if (!rows || rows->empty()) return nullptr;
  const json& d = rows->front().second;
  return {{"diet", d.value("diet", "")},
          {"allergens", d.value("allergens", json::array())},
          {"ordered_by", d.value("ordered_by", "")},
          {"updated_at", d.value("updated_at", "")}};
}

// {dish id: name as master data has it ({lang: text})}: the page picks the language.
json DishNames(HubStore& store, const std::set<std::string>& ids) {
  json out = json::object();
  if (ids.empty()) return out;
  auto rows = store.LoadMasterRows("menu_item", std::vector<std::string>(ids.begin(), ids.end()));
  if (!rows) return out;
  for (const auto& [id, data] : rows.value()) out[id] = data.value("name", json(id));
  return out;
}

void CollectDishes(const json& items, std::set<std::string>* ids) {
  if (!items.is_array()) return;
  for (const auto& it : items)
    if (it.is_object() && it.contains("menu_item") && it["menu_item"].is_string()) ids->insert(it["menu_item"].get<std::string>());
}

// Meal errors → HTTP (the same split as the /v1/meals/* routes): unknown 404, bad input 400, a rule
// or state conflict 409 with the rule's reason.
void SendMealError(ConsoleService& c, httplib::Response& res, const Error& e) {
  if (e.code.rfind("store", 0) == 0) return c.StoreDown(res, e);
  if (e.code == "meals.unknown" || e.code == "ticket.unknown") return SendProblem(res, 404, "not-found", "Not Found", e.message);
  if (e.code == "meals.reason" || e.code.rfind("diet.", 0) == 0 || e.code == "kitchen.date" || e.code == "kitchen.slot")
    return SendProblem(res, 400, "bad-request", "Bad Request", e.message);
  SendProblem(res, 409, "meal-refused", "Conflict", e.message, {{"code", e.code}});
}

std::optional<json> Body(const httplib::Request& req, httplib::Response& res, const char* shape) {
  auto parsed = protocol::ParseJsonText(req.body.empty() ? "{}" : req.body);
  if (!parsed || !parsed->is_object()) {
    SendProblem(res, 400, "bad-request", "Bad Request", std::string("send a JSON object ") + shape);
    return std::nullopt;
  }
  return parsed.value();
}

// ---- dietitian ----------------------------------------------------------------------------------
void Queue(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  auto p = c.Authenticate(req, res, {con::kRoleDietitian, con::kRoleKitchen, con::kRoleManager, con::kRoleAdmin});
  if (!p) return;
  MealFilter f{req.get_param_value("date"), req.get_param_value("slot"), {std::string(tickets::StatusName(TicketStatus::kReceived)), std::string(kHeldFilter)}};
  if (!ValidDate(f.date)) return SendProblem(res, 400, "bad-request", "Bad Request", "date must be YYYY-MM-DD");
  if (!ValidSlot(f.slot)) return SendProblem(res, 400, "bad-request", "Bad Request", "slot must be breakfast, lunch, dinner or late");
  auto rows = ListMealOrders(c.Store(), f);
  if (!rows) return c.StoreDown(res, rows.error());
  json orders = json::array();
  std::set<std::string> dishes;
  std::map<std::string, json> diets;
  for (const auto& t : rows.value()) {
    json o = MealOrderJson(t);
    CollectDishes(o["items"], &dishes);
    if (!diets.count(t.location)) diets[t.location] = DietJson(c.Store(), t.location);
    o["current_diet"] = diets[t.location];
    const json& cur = diets[t.location];
    const json& ordered = o["diet"];
    std::vector<std::string> a1, a2;
    if (ordered.is_object() && ordered.contains("allergens") && ordered["allergens"].is_array())
      for (const auto& a : ordered["allergens"]) if (a.is_string()) a1.push_back(a);
    if (cur.is_object())
      for (const auto& a : cur["allergens"]) if (a.is_string()) a2.push_back(a);
    o["diet_differs"] = cur.is_null() || !meals::SameDiet(ordered.is_object() ? ordered.value("code", "") : "", a1,
                                                           cur.is_object() ? cur.value("diet", "") : "", a2);
    orders.push_back(std::move(o));
  }
  json codes = json::array();
  for (const auto& d : meals::DietCodes()) codes.push_back(d);
  auto seq = c.Store().LastChangeSeq();
  SendConsoleJson(res, {{"orders", orders}, {"dishes", DishNames(c.Store(), dishes)}, {"diet_codes", codes},
                        {"server_time", FormatIsoUtcMs(c.Now())}, {"seq", seq ? seq.value() : 0}});
}

void Review(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  auto p = c.Authenticate(req, res, {con::kRoleDietitian, con::kRoleAdmin});
  if (!p) return;
  const std::string id = req.matches[1], action = req.matches[2];
  auto body = Body(req, res, "{\"reason\": text} (reject)");
  if (!body) return;
  std::string reason;
  if (body->contains("reason") && !(*body)["reason"].is_null()) {
    if (!(*body)["reason"].is_string()) return SendProblem(res, 400, "bad-request", "Bad Request", "reason must be text");
    reason = (*body)["reason"].get<std::string>();
  }
  if (action == "reject") {
    if (reason.find_first_not_of(" \t\r\n") == std::string::npos)
      return SendProblem(res, 400, "reason-required", "Bad Request", "rejecting needs a reason: the patient reads it on the terminal");
    if (reason.size() > kMaxReasonBytes)
      return SendProblem(res, 400, "bad-request", "Bad Request", "the reason is longer than 300 bytes");
  }
  auto before = c.Store().LoadTicket(id);
  if (!before) {
    if (before.error().code == "ticket.unknown") return SendProblem(res, 404, "not-found", "Not Found", "no meal order " + id);
    return c.StoreDown(res, before.error());
  }
  const int64_t now = c.Now();
  const std::string actor = p->user.name;
  auto t = action == "approve" ? ApproveMealOrder(c.Store(), id, actor, now) : RejectMealOrder(c.Store(), id, reason, actor, now);
  if (!t) return SendMealError(c, res, t.error());
  json after = {{"status", t->status}, {"held", t->detail.contains("hold")}};
  if (action == "reject") after["reason"] = reason;
  (void)con::Audit(c.Store(), AuditRow{0, now, actor, "meal." + action, id,
                                       json{{"status", before->status}, {"held", before->detail.contains("hold")}}, after});
  SendConsoleJson(res, MealOrderJson(t.value()));
}

void GetDiet(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  auto p = c.Authenticate(req, res, {con::kRoleDietitian, con::kRoleKitchen, con::kRoleAdmin});
  if (!p) return;
  const std::string bed = req.get_param_value("bed");
  if (bed.empty() || bed.size() > 64) return SendProblem(res, 400, "bad-request", "Bad Request", "bed (a bed code) is required");
  SendConsoleJson(res, {{"bed", bed}, {"diet", DietJson(c.Store(), bed)}});
}

// Sets or changes a bed's diet order: SetDietOrder holds the bed's pending orders (as `diet set`).
void PutDiet(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  auto p = c.Authenticate(req, res, {con::kRoleDietitian, con::kRoleAdmin});
  if (!p) return;
  auto body = Body(req, res, "{\"bed\", \"diet\", \"allergens\": [code], \"ordered_by\"?}");
  if (!body) return;
  const json& b = *body;
  if (!b.contains("bed") || !b["bed"].is_string() || b["bed"].get<std::string>().empty() || b["bed"].get<std::string>().size() > 64)
    return SendProblem(res, 400, "bad-request", "Bad Request", "bed (a bed code such as B1-1F-W01-BED01) is required");
  auto d = meals::DietOrderFromJson(b);
  if (!d) return SendProblem(res, 400, "bad-request", "Bad Request", d.error().message);
  if (d->allergens.size() > kMaxAllergens) return SendProblem(res, 400, "bad-request", "Bad Request", "at most 16 allergens");
  for (const auto& a : d->allergens)
    if (!IsCode(a, 32))
      return SendProblem(res, 400, "bad-request", "Bad Request", "an allergen is a lower-case code such as milk, egg, peanut");
  std::sort(d->allergens.begin(), d->allergens.end());
  d->allergens.erase(std::unique(d->allergens.begin(), d->allergens.end()), d->allergens.end());
  if (d->ordered_by.size() > 64) return SendProblem(res, 400, "bad-request", "Bad Request", "ordered_by is at most 64 bytes");
  if (d->ordered_by.empty()) d->ordered_by = p->user.name;
  const json before = DietJson(c.Store(), d->bed);
  const int64_t now = c.Now();
  auto changed = SetDietOrder(c.Store(), d.value(), p->user.name, now);
  if (!changed) return SendMealError(c, res, changed.error());
  const json after = {{"diet", d->diet}, {"allergens", d->allergens}, {"ordered_by", d->ordered_by},
                      {"held", changed->held}, {"released", changed->released}};
  (void)con::Audit(c.Store(), AuditRow{0, now, p->user.name, "diet.set", d->bed, before, after});
  SendConsoleJson(res, {{"bed", d->bed}, {"diet", DietJson(c.Store(), d->bed)}, {"held", changed->held}, {"released", changed->released}});
}

// ---- kitchen --------------------------------------------------------------------------------------
// Counts for every slot of a date (the next meals at a glance), the late orders still to deliver with
// their promised time, and one tray ticket per order (bed, current diet, allergens, dishes, note).
void Kitchen(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  auto p = c.Authenticate(req, res, {con::kRoleKitchen, con::kRoleDietitian, con::kRoleManager, con::kRoleAdmin});
  if (!p) return;
  const int64_t now = c.Now();
  auto tz = ReportTimeZone(c.Store(), "");
  std::string date = req.get_param_value("date");
  if (date.empty()) date = tz ? tz->Date(now) : FormatIsoUtcMs(now).substr(0, 10);
  if (!meals::IsIsoDate(date)) return SendProblem(res, 400, "bad-request", "Bad Request", "date must be YYYY-MM-DD");
  auto orders = ListMealOrders(c.Store(), MealFilter{date, "", {}});
  if (!orders) return c.StoreDown(res, orders.error());
  std::map<std::string, const TicketRow*> by_id;
  for (const auto& t : orders.value()) by_id[t.id] = &t;
  std::set<std::string> dishes;
  json slots = json::array(), tickets = json::array();
  for (const auto s : {meals::Slot::kBreakfast, meals::Slot::kLunch, meals::Slot::kDinner, meals::Slot::kLate}) {
    auto r = BuildKitchenReport(c.Store(), date, std::string(meals::SlotName(s)), now);
    if (!r) return SendMealError(c, res, r.error());
    json j = KitchenJson(r.value());
    for (const auto& k : r->counts) dishes.insert(k.dish);
    slots.push_back(j);
    // Tray tickets: the report's lines of one order together, in the report's ward/bed order.
    std::map<std::string, size_t> index;
    for (const auto& l : r->trays) {
      dishes.insert(l.dish);
      auto [it, fresh] = index.emplace(l.ticket, tickets.size());
      if (fresh) {
        json tk = {{"ticket", l.ticket}, {"slot", r->slot}, {"date", date}, {"ward", l.ward}, {"bed", l.bed},
                   {"diet", l.diet}, {"allergens", l.allergens}, {"status", l.status}, {"items", json::array()},
                   {"due_at", nullptr}, {"overdue", l.overdue}, {"unchecked", l.unchecked}};
        if (auto o = by_id.find(l.ticket); o != by_id.end()) {
          const json& d = o->second->detail;
          if (d.contains("note") && d["note"].is_string()) tk["note"] = d["note"];
          if (d.contains("due_at") && d["due_at"].is_string()) tk["due_at"] = d["due_at"];
        }
        tickets.push_back(std::move(tk));
      }
      tickets[it->second]["items"].push_back({{"dish", l.dish}, {"dish_name", l.dish_name}, {"qty", l.qty}});
    }
  }
  // Late orders still to deliver, whatever their date (a late slot crosses midnight), soonest first.
  // Delivered ones of the last 12 hours stay listed (marked) so the kitchen can record "not eaten".
  auto late = ListMealOrders(c.Store(), MealFilter{"", "late", tickets::StatusNames({TicketStatus::kReceived, TicketStatus::kAccepted, TicketStatus::kDispatched, TicketStatus::kInProgress, TicketStatus::kCompleted})});
  if (!late) return c.StoreDown(res, late.error());
  json late_out = json::array();
  for (const auto& t : late.value()) {
    if (t.status == TicketStatus::kCompleted && now - t.updated_ms > 12 * 3600 * 1000LL) continue;
    json o = MealOrderJson(t);
    o["delivered"] = t.status == TicketStatus::kCompleted;
    o["not_eaten"] = t.detail.contains("not_eaten");
    CollectDishes(o["items"], &dishes);
    int64_t due = 0;
    if (o.contains("due_at") && o["due_at"].is_string()) ParseIsoUtcMs(o["due_at"].get<std::string>(), &due);
    o["overdue"] = due > 0 && now > due;
    late_out.push_back(std::move(o));
  }
  std::sort(late_out.begin(), late_out.end(),
            [](const json& a, const json& b) { return a.value("due_at", "") < b.value("due_at", ""); });
  auto seq = c.Store().LastChangeSeq();
  SendConsoleJson(res, {{"date", date}, {"time_zone", tz ? tz->name() : "UTC"}, {"slots", slots}, {"tickets", tickets},
                        {"late", late_out}, {"dishes", DishNames(c.Store(), dishes)},
                        {"server_time", FormatIsoUtcMs(now)}, {"seq", seq ? seq.value() : 0}});
}

// The kitchen handed the tray over: the order's ticket goes to completed through the lifecycle
// (received → accepted → dispatched → in_progress → completed; each step in its history). An order on
// hold is the dietitian's first.
void Delivered(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  auto p = c.Authenticate(req, res, {con::kRoleKitchen, con::kRoleAdmin});
  if (!p) return;
  const std::string id = req.matches[1];
  const int64_t now = c.Now();
  const std::string actor = p->user.name;
  auto tx = c.Store().Begin();
  if (!tx) return c.StoreDown(res, tx.error());
  HubTx& t = *tx.value();
  auto tk = t.GetTicket(id);
  if (!t.ok()) return c.StoreDown(res, Error{"store.tx", "cannot read ticket " + id});
  if (!tk || tk->kind != TicketKind::kMeal) return SendProblem(res, 404, "not-found", "Not Found", "no meal order " + id);
  if (tk->detail.contains("hold"))
    return SendProblem(res, 409, "meal-refused", "Conflict",
                       "order " + id + " is on hold after a diet change: the dietitian approves or rejects it first", {{"code", "on_hold"}});
  // Decision (issue 14): an order the dietitian has not reviewed yet ("received") is not delivered.
  // Delivering it used to approve it on the way, so its history said "accepted" by the kitchen, which
  // nobody decided; the push-time rules check the diet order, but the review is the human check the
  // hospital asked for. The kitchen sees such an order as awaiting review and the dietitian (or an
  // administrator) approves it first; a late order at night then needs the dietitian on call.
  if (tk->status == TicketStatus::kReceived)
    return SendProblem(res, 409, "meal-refused", "Conflict",
                       "order " + id + " has not been reviewed: the dietitian approves it first", {{"code", "not_reviewed"}});
  const std::string before = tk->status;
  static constexpr std::array<TicketStatus, 4> path = {TicketStatus::kAccepted, TicketStatus::kDispatched,
                                                        TicketStatus::kInProgress, TicketStatus::kCompleted};
  auto start = std::find_if(path.begin(), path.end(), [&](TicketStatus s) { return tk->status == s; });
  if (start == path.end() || tk->status == TicketStatus::kCompleted)
    return SendProblem(res, 409, "meal-refused", "Conflict", "order " + id + " is " + tk->status + "; it cannot be delivered",
                       {{"code", "state"}});
  ++start;
  for (auto it = start; it != path.end(); ++it) {
    const bool last = *it == TicketStatus::kCompleted;
    if (auto s = ApplyTransition(*tk, *it, actor, now, last ? "delivered" : "kitchen delivery"); !s)
      return SendProblem(res, 409, "meal-refused", "Conflict", s.error().message, {{"code", "state"}});
  }
  t.PutTicket(*tk);
  t.AddAudit(AuditRow{0, now, actor, "meal.delivered", id, json{{"status", before}}, json{{"status", tk->status}}});
  if (auto s = t.Commit(); !s) return c.StoreDown(res, s.error());
  SendConsoleJson(res, MealOrderJson(*tk));
}

// Late changes (issue 14, after Morrison's): the kitchen or the dietitian voids an order that is
// still to be delivered (the patient reads the reason), reduces or drops its dishes (a different dish
// is a new order from the terminal, which the diet rules then check), or marks a delivered order as
// not eaten. Each is one transaction with its audit row; nothing else of the ticket changes.
constexpr size_t kMaxChangeReason = 200;
const std::vector<std::string>& PendingMeal() {
  static const std::vector<std::string> k =
      tickets::StatusNames({TicketStatus::kReceived, TicketStatus::kAccepted, TicketStatus::kDispatched, TicketStatus::kInProgress});
  return k;
}

struct MealChange {
  std::optional<console::Principal> who;
  std::unique_ptr<HubTx> tx;
  TicketRow ticket;
  json body;
  std::string reason;
};

// Signs in, reads the body and the meal ticket in a transaction; nullopt = the answer is set.
std::optional<MealChange> BeginMealChange(ConsoleService& c, const httplib::Request& req, httplib::Response& res,
                                          bool reason_required) {
  MealChange m;
  m.who = c.Authenticate(req, res, {con::kRoleKitchen, con::kRoleDietitian, con::kRoleAdmin});
  if (!m.who) return std::nullopt;
  auto body = Body(req, res, "{\"reason\": text, ...}");
  if (!body) return std::nullopt;
  m.body = *body;
  m.reason = body->contains("reason") && (*body)["reason"].is_string() ? (*body)["reason"].get<std::string>() : "";
  while (!m.reason.empty() && m.reason.back() == ' ') m.reason.pop_back();
  if (m.reason.size() > kMaxChangeReason) {
    SendProblem(res, 400, "bad-request", "Bad Request", "the reason is at most 200 bytes", {{"code", "reason_length"}});
    return std::nullopt;
  }
  if (reason_required && m.reason.empty()) {
    SendProblem(res, 400, "bad-request", "Bad Request", "say why (the patient reads it on the terminal)", {{"code", "reason_required"}});
    return std::nullopt;
  }
  auto tx = c.Store().Begin();
  if (!tx) {
    c.StoreDown(res, tx.error());
    return std::nullopt;
  }
  m.tx = std::move(tx.value());
  const std::string id = req.matches[1];
  auto tk = m.tx->GetTicket(id);
  if (!m.tx->ok()) {
    c.StoreDown(res, Error{"store.tx", "cannot read ticket " + id});
    return std::nullopt;
  }
  if (!tk || tk->kind != "meal") {
    SendProblem(res, 404, "not-found", "Not Found", "no meal order " + id);
    return std::nullopt;
  }
  m.ticket = std::move(*tk);
  return m;
}

void FinishMealChange(ConsoleService& c, httplib::Response& res, MealChange& m, const std::string& action, json before, json after) {
  m.tx->PutTicket(m.ticket);
  m.tx->AddAudit(AuditRow{0, c.Now(), m.who->user.name, action, m.ticket.id, std::move(before), std::move(after)});
  if (auto s = m.tx->Commit(); !s) return c.StoreDown(res, s.error());
  SendConsoleJson(res, MealOrderJson(m.ticket));
}

void VoidOrder(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  auto m = BeginMealChange(c, req, res, true);
  if (!m) return;
  const auto& pending = PendingMeal();
  if (std::find(pending.begin(), pending.end(), m->ticket.status) == pending.end())
    return SendProblem(res, 409, "meal-refused", "Conflict", "order " + m->ticket.id + " is " + m->ticket.status +
                               "; only an order still to be delivered can be voided", {{"code", "state"}});
  const std::string before = m->ticket.status;
  if (auto s = ApplyTransition(m->ticket, TicketStatus::kCancelled, m->who->user.name, c.Now(), m->reason); !s)
    return SendProblem(res, 409, "meal-refused", "Conflict", s.error().message, {{"code", "state"}});
  FinishMealChange(c, res, *m, "meal.void", json{{"status", before}}, json{{"status", tickets::StatusName(TicketStatus::kCancelled)}, {"reason", m->reason}});
}

void ModifyOrder(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  auto m = BeginMealChange(c, req, res, true);
  if (!m) return;
  const auto& pending = PendingMeal();
  if (std::find(pending.begin(), pending.end(), m->ticket.status) == pending.end())
    return SendProblem(res, 409, "meal-refused", "Conflict", "order " + m->ticket.id + " is " + m->ticket.status +
                               "; only an order still to be delivered can be changed", {{"code", "state"}});
  const json old_items = m->ticket.detail.value("items", json::array());
  std::map<std::string, int64_t> had;
  for (const auto& it : old_items)
    if (it.is_object() && it.contains("menu_item") && it["menu_item"].is_string() && it.contains("qty") && it["qty"].is_number_integer())
      had[it["menu_item"].get<std::string>()] = it["qty"].get<int64_t>();
  const json& want = m->body.contains("items") ? m->body["items"] : json();
  if (!want.is_array() || want.size() > had.size())
    return SendProblem(res, 400, "bad-request", "Bad Request", "items must list dishes of the order with their new portions", {{"code", "items"}});
  std::map<std::string, int64_t> now_qty = had;
  for (const auto& it : want) {
    if (!it.is_object() || !it.contains("menu_item") || !it["menu_item"].is_string() || !it.contains("qty") ||
        !it["qty"].is_number_integer())
      return SendProblem(res, 400, "bad-request", "Bad Request", "each item is {menu_item, qty}", {{"code", "items"}});
    const std::string dish = it["menu_item"];
    const int64_t q = it["qty"];
    if (!had.count(dish))
      return SendProblem(res, 400, "bad-request", "Bad Request",
                                 "dish " + dish.substr(0, 32) + " is not in this order; a new dish is a new order from the terminal", {{"code", "new_dish"}});
    if (q < 0 || q > had[dish])
      return SendProblem(res, 400, "bad-request", "Bad Request", "portions can only be reduced (0 drops the dish)", {{"code", "qty_up"}});
    now_qty[dish] = q;
  }
  json items = json::array();
  for (const auto& it : old_items)  // keep the order's own order of dishes
    if (it.is_object() && it.contains("menu_item") && it["menu_item"].is_string() && now_qty[it["menu_item"].get<std::string>()] > 0)
      items.push_back({{"menu_item", it["menu_item"]}, {"qty", now_qty[it["menu_item"].get<std::string>()]}});
  if (items.empty())
    return SendProblem(res, 400, "bad-request", "Bad Request", "nothing would be left: void the order instead", {{"code", "empty"}});
  if (items == old_items) return SendProblem(res, 400, "bad-request", "Bad Request", "nothing changed", {{"code", "unchanged"}});
  m->ticket.detail["items"] = items;
  json& changes = m->ticket.detail["changes"];
  if (!changes.is_array()) changes = json::array();
  changes.push_back({{"at", FormatIsoUtcMs(c.Now())}, {"by", m->who->user.name}, {"reason", m->reason}, {"items_before", old_items}});
  m->ticket.updated_ms = c.Now();
  FinishMealChange(c, res, *m, "meal.modify", json{{"items", old_items}}, json{{"items", items}, {"reason", m->reason}});
}

void NotEaten(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  auto m = BeginMealChange(c, req, res, false);
  if (!m) return;
  if (!tickets::IsDone(m->ticket.status))
    return SendProblem(res, 409, "meal-refused", "Conflict", "order " + m->ticket.id + " is " + m->ticket.status +
                               "; only a delivered order can be marked not eaten", {{"code", "state"}});
  if (m->ticket.detail.contains("not_eaten"))
    return SendProblem(res, 409, "meal-refused", "Conflict", "order " + m->ticket.id + " is marked not eaten already", {{"code", "already"}});
  m->ticket.detail["not_eaten"] = {{"at", FormatIsoUtcMs(c.Now())}, {"by", m->who->user.name}, {"reason", m->reason}};
  m->ticket.updated_ms = c.Now();
  FinishMealChange(c, res, *m, "meal.not_eaten", nullptr, m->ticket.detail["not_eaten"]);
}

}  // namespace

void RegisterConsoleMealRoutes(httplib::Server& s, ConsoleService& c) {
  using Req = const httplib::Request&;
  using Res = httplib::Response&;
  ConsoleService* cs = &c;
  s.Get("/v1/console/meals/queue", [cs](Req q, Res r) { Queue(*cs, q, r); });
  PostCapped(s, R"(/v1/console/meals/orders/(TK-\d{1,12})/(approve|reject))", [cs](Req q, Res r) { Review(*cs, q, r); });
  PostCapped(s, R"(/v1/console/meals/orders/(TK-\d{1,12})/delivered)", [cs](Req q, Res r) { Delivered(*cs, q, r); });
  PostCapped(s, R"(/v1/console/meals/orders/(TK-\d{1,12})/void)", [cs](Req q, Res r) { VoidOrder(*cs, q, r); });
  PostCapped(s, R"(/v1/console/meals/orders/(TK-\d{1,12})/modify)", [cs](Req q, Res r) { ModifyOrder(*cs, q, r); });
  PostCapped(s, R"(/v1/console/meals/orders/(TK-\d{1,12})/not-eaten)", [cs](Req q, Res r) { NotEaten(*cs, q, r); });
  s.Get("/v1/console/meals/diet", [cs](Req q, Res r) { GetDiet(*cs, q, r); });
  PostCapped(s, "/v1/console/meals/diet", [cs](Req q, Res r) { PutDiet(*cs, q, r); });
  s.Get("/v1/console/meals/kitchen", [cs](Req q, Res r) { Kitchen(*cs, q, r); });
}

}  // namespace onestop::hub
