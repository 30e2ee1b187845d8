// Hub meal rules (see meals.h): validation at push time with the core rules, diet-change holds,
// review and the kitchen view. Never logs order contents (patient data) at info level; no SQL here.
#include "server/meals.h"

#include <httplib.h>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include "kiosk/core/clock.h"
#include "kiosk/core/staff_session.h"
#include "server/request_gate.h"
#include "server/tickets.h"

namespace onestop::hub {
namespace {
using nlohmann::json;
namespace rs = meals::reason;

constexpr std::string_view kTradeKitchen = "kitchen";  // meal tickets are the kitchen's

Error Refuse(std::string_view code, std::string message) { return Error{std::string(code), std::move(message)}; }

bool Held(const TicketRow& t) { return t.detail.is_object() && t.detail.contains("hold") && t.detail["hold"].is_object(); }

// The hub's meal config (defaults when the config entity is missing).
Result<meals::MealConfig> LoadConfig(HubTx& tx) {
  auto c = tx.GetMaster("config", "hub");
  if (!c) return meals::MealConfig{};
  return meals::ParseMealConfig(*c);
}

std::optional<meals::DietOrder> LoadDiet(HubTx& tx, const std::string& bed) {
  auto d = tx.GetMaster("diet_order", bed);
  if (!d) return std::nullopt;
  auto p = meals::DietOrderFromJson(*d);
  if (!p) {
    spdlog::warn("diet_order {} is malformed: {}", bed, p.error().message);
    return std::nullopt;
  }
  return p.value();
}

// Dishes of the order (only those; the catalogue is large) plus the day's menu, if there is one.
struct OrderInputs {
  std::map<std::string, meals::Dish> catalog;
  std::optional<std::vector<std::string>> menu;
};
OrderInputs LoadInputs(HubTx& tx, const meals::MealOrder& o) {
  OrderInputs in;
  for (const auto& i : o.items)
    if (auto j = tx.GetMaster("menu_item", i.menu_item))
      if (auto d = meals::DishFromJson(*j)) in.catalog.emplace(d->id, d.value());
  if (auto wd = meals::WeekdayOf(o.date))
    if (auto m = tx.GetMaster("menu", meals::MenuId(*wd, o.slot)); m && m->contains("items") && (*m)["items"].is_array()) {
      std::vector<std::string> ids;
      for (const auto& v : (*m)["items"])
        if (v.is_string()) ids.push_back(v.get<std::string>());
      in.menu = std::move(ids);
    }
  return in;
}

json HoldJson(const std::string& from, const meals::DietOrder& now_diet, int64_t at_ms) {
  return {{"reason", meals::FormatReason(rs::kDietChanged, "diet changed from " + from + " to " + now_diet.diet +
                                                              "; the dietitian must review this order")},
          {"since", FormatIsoUtcMs(at_ms)},
          {"from", from},
          {"to", now_diet.diet},
          {"allergens", now_diet.allergens}};
}

// A history entry that does not move the status (holds, releases): the trail the dietitian reads.
void Note(TicketRow& t, const std::string& actor, int64_t now_ms, const std::string& note) {
  t.history.push_back({{"from", t.status}, {"status", t.status}, {"at", FormatIsoUtcMs(now_ms)}, {"actor", actor}, {"note", note}});
  t.updated_ms = now_ms;
}

std::string WardOf(HubTx* tx, const std::string& bed) {
  if (tx)
    if (auto l = tx->GetMaster("location", bed); l && l->contains("ward") && (*l)["ward"].is_string())
      return (*l)["ward"].get<std::string>();
  const auto dash = bed.rfind('-');
  return dash == std::string::npos ? bed : bed.substr(0, dash);
}

Result<std::unique_ptr<HubTx>> BeginTx(HubStore& store) { return store.Begin(); }

}  // namespace

// ---- push time --------------------------------------------------------------------------------------
Status PrepareMealOrder(HubTx& tx, const protocol::PushRecord& r, const std::string& location, int64_t hub_now,
                        TicketRow& ticket) {
  if (tx.CountMaster("menu_item") == 0) {
    ticket.detail["unchecked"] = true;
    spdlog::warn("meal order {} kept unchecked: this hub has no dish catalogue", r.id);
    return Ok{};
  }
  auto parsed = meals::ParseMealOrder(r.payload);
  if (!parsed) return parsed.error();
  meals::MealOrder o = std::move(parsed).value();
  o.location = location;
  if (r.created_at_ms > hub_now + meals::kMaxFutureSkewMs)
    return Refuse(rs::kClockAhead, "the order's time " + FormatIsoUtcMs(r.created_at_ms) +
                                       " is more than 2 minutes ahead of the hub clock; set the terminal's clock");
  if (auto loc = tx.GetMaster("location", location); loc && loc->value("kind", "") != "bed")
    return Refuse(rs::kBadLocation, "meals are ordered for a bed, and " + location + " is a " + loc->value("kind", "location"));
  auto cfg = LoadConfig(tx);
  if (!cfg) return Refuse(rs::kBadPayload, cfg.error().message);
  const TimeZone tz = meals::ZoneOf(cfg.value());
  const auto diet = LoadDiet(tx, location);
  OrderInputs in = LoadInputs(tx, o);
  meals::OrderContext ctx{&cfg.value(), &tz, &in.catalog, in.menu ? &*in.menu : nullptr, diet ? &*diet : nullptr,
                          r.created_at_ms};
  auto check = meals::ValidateMealOrder(o, ctx);
  if (!check) return check.error();
  // Placed in time, but does it still make sense now?
  if (o.late) {
    if (hub_now >= check->cutoff_ms)
      return Refuse(rs::kLateClosed, "the off-hours order reached the hub after its window closed at " +
                                         tz.HourMinute(check->cutoff_ms) + "; order again");
  } else {
    if (tz.Date(hub_now) > o.date)
      return Refuse(rs::kPastCutoff, "the order reached the hub after its meal day " + o.date + " was over");
  }
  json& d = ticket.detail;
  d["ordered_at"] = FormatIsoUtcMs(r.created_at_ms);
  d["cutoff_at"] = FormatIsoUtcMs(check->cutoff_ms);
  if (o.late) d["due_at"] = FormatIsoUtcMs(check->due_ms);
  if (check->diet_differs) d["hold"] = HoldJson(o.diet, *diet, hub_now);
  return Ok{};
}

namespace {

// One tray per bed, meal and day (issue 16): the kitchen listed two lunches for one bed when a patient
// ordered twice. A live order (not cancelled or rejected) for the same bed, slot and date refuses a new
// one unless the new one says what it is:
//  - replaces = that order's ticket: a change. The old order is cancelled in this same transaction,
//    under the cancel rule judged at the change's created_at, so a change refused for any reason (diet,
//    cut-off, the kitchen already at work) leaves the old order standing and the patient never ends up
//    with no meal. Chosen over "cancel, then order" as two records, which could leave the bed with
//    neither order when the second is refused, and over editing the ticket in place, which would hide
//    the change from the kitchen's and the dietitian's history.
//  - add_to = that order's ticket: a nurse adds a tray (a visitor's meal, a second portion the ward
//    decided). Only from a ward kiosk or staff tablet, with payload.ordered_by a staff member allowed
//    there (as ratings vouch for their rater). Patients at the bedside change their order instead.
// Late (off-hours) orders are exempt: each answers a new need within the promise, not a planned tray.
Status OneOrderPerMeal(const PushedRecord& in, TicketRow& ticket) {
  auto parsed = meals::ParseMealOrder(in.record.payload);
  if (!parsed) return Ok{};  // kept unchecked by a hub without a dish catalogue: it cannot say which meal it is
  const meals::MealOrder& o = parsed.value();
  const std::string kind(tickets::KindName(TicketKind::kMeal));
  auto same_meal = [&](const TicketRow& t) {
    return t.kind == kind && t.location == in.location && t.detail.value("slot", "") == meals::SlotName(o.slot) &&
           t.detail.value("date", "") == o.date;
  };
  auto live_status = [](const std::string& st) {
    return st != tickets::StatusName(TicketStatus::kCancelled) && st != tickets::StatusName(TicketStatus::kRejected);
  };
  std::optional<TicketRow> live;  // the bed's first live order for this meal (a nurse may have added more)
  for (auto& t : in.tx.TicketsAt(in.location, kind))
    if (!live && live_status(t.status) && same_meal(t)) live = std::move(t);
  const std::string link = !o.replaces.empty() ? o.replaces : o.add_to;
  std::optional<TicketRow> linked;
  if (!link.empty()) {
    linked = in.tx.GetTicket(link);
    if (!linked || !same_meal(*linked) || !live_status(linked->status))
      return Refuse(o.replaces.empty() ? rs::kAddNotAllowed : rs::kNotMealOrder,
                    "order " + link + " is no live meal order of " + in.location + " for " +
                        std::string(meals::SlotName(o.slot)) + " on " + o.date);
  }
  if (!o.add_to.empty()) {
    if (in.term.binding.role == Role::kBedside)
      return Refuse(rs::kAddNotAllowed, "only a nurse on a ward kiosk adds to an order; a patient changes it");
    if (o.ordered_by.empty()) return Refuse(rs::kAddNotAllowed, "adding to an order needs payload.ordered_by (the signed-in staff id)");
    if (in.tx.CountMaster("staff") > 0) {
      auto j = in.tx.GetMaster("staff", o.ordered_by);
      if (!j) return Refuse(rs::kAddNotAllowed, o.ordered_by + " is not a known staff member");
      auto member = staff::StaffFromJson(*j);
      if (!member) return Refuse(rs::kAddNotAllowed, member.error().message);
      if (auto ok = staff::StaffAllowedAt(member.value(), in.term.binding); !ok) return Refuse(rs::kAddNotAllowed, ok.error().message);
    }
    return Ok{};
  }
  if (linked) {  // replaces
    TicketRow* old = &*linked;
    if (!tickets::IsAwaitingWork(old->status))
      return Refuse(rs::kCancelState, "order " + old->id + " is already " + old->status + " and can no longer be changed");
    if (auto s = CheckMealCancel(in.tx, *old, in.record.created_at_ms, in.now_ms); !s) return s.error();
    if (auto s = ApplyTransition(*old, TicketStatus::kCancelled, in.term.id, in.now_ms, "changed by the patient (replaced by a new order)"); !s)
      return Refuse(rs::kCancelState, s.error().message);
    in.tx.PutTicket(*old);
    ticket.detail["replaces"] = old->id;
    return Ok{};
  }
  if (live && !o.late)
    return Refuse(rs::kAlreadyOrdered, in.location + " already has order " + live->id + " for " +
                                           std::string(meals::SlotName(o.slot)) + " on " + o.date + "; change it or add to it");
  return Ok{};
}

}  // namespace

Status MealOrderTicket(const PushedRecord& in, TicketRow& ticket) {
  if (auto s = meals::CheckOrderShape(in.record.payload); !s) return s.error();
  ticket.kind = tickets::KindName(TicketKind::kMeal);
  ticket.trade = kTradeKitchen;
  // Diet, cut-off, limits, holds and due time: the same core rules as the kiosk; then one order per meal.
  if (auto s = PrepareMealOrder(in.tx, in.record, in.location, in.now_ms, ticket); !s) return s;
  return OneOrderPerMeal(in, ticket);
}

protocol::PushResult ApplyOrderCancel(const PushedRecord& in) {
  protocol::PushResult res{in.record.id, protocol::PushStatus::kRejected, "", ""};
  auto reject = [&](std::string why) {
    res.reason = std::move(why);
    return res;
  };
  auto refuse = [&](std::string_view code, const std::string& detail) { return reject(meals::FormatReason(code, detail)); };
  std::string why;
  const std::string* id = OptString(in.record.payload, "ticket", &why);
  if (!why.empty()) return refuse(rs::kBadPayload, why);
  if (!id || id->empty()) return refuse(rs::kBadPayload, "an order cancel needs payload.ticket (the order's ref)");
  auto order = in.tx.GetTicket(*id);
  if (!order || !protocol::LocationWithin(order->location, in.term.binding.location))
    return refuse(rs::kNotMealOrder, "no meal order " + *id + " for this terminal");
  if (order->kind != TicketKind::kMeal) return refuse(rs::kNotMealOrder, *id + " is not a meal order");
  if (!tickets::IsAwaitingWork(order->status))
    return refuse(rs::kCancelState, "the order is already " + order->status + " and can no longer be cancelled");
  if (auto s = CheckMealCancel(in.tx, *order, in.record.created_at_ms, in.now_ms); !s) return reject(meals::FormatReason(s.error()));
  if (auto s = ApplyTransition(*order, TicketStatus::kCancelled, in.term.id, in.now_ms, "cancelled by terminal"); !s)
    return reject(s.error().message);
  in.tx.PutTicket(*order);
  res.status = protocol::PushStatus::kAccepted;
  res.ref = order->id;
  return res;
}

Status CheckMealCancel(HubTx& tx, const TicketRow& order, int64_t created_ms, int64_t hub_now) {
  if (created_ms > hub_now + meals::kMaxFutureSkewMs)
    return Refuse(rs::kClockAhead, "the cancel's time is more than 2 minutes ahead of the hub clock");
  if (order.detail.value("unchecked", false)) return Ok{};
  auto o = meals::ParseMealOrder(order.detail);
  if (!o) return Ok{};  // an order kept without rules: the status rule alone applies
  auto cfg = LoadConfig(tx);
  if (!cfg) return Refuse(rs::kBadPayload, cfg.error().message);
  int64_t due = 0;
  if (auto it = order.detail.find("due_at"); it != order.detail.end() && it->is_string()) ParseIsoUtcMs(it->get<std::string>(), &due);
  return meals::CanCancel(cfg.value(), meals::ZoneOf(cfg.value()), o.value(), order.status, created_ms, due);
}

// ---- diet orders --------------------------------------------------------------------------------------
Result<DietChange> SetDietOrder(HubStore& store, const meals::DietOrder& diet, const std::string& actor, int64_t now_ms) {
  if (diet.bed.empty()) return Error{"diet.bed", "--bed is required (a bed code such as B1-1F-W01-BED01)"};
  if (!meals::IsDietCode(diet.diet)) {
    std::string all;
    for (const auto& c : meals::DietCodes()) all += (all.empty() ? "" : ", ") + c;
    return Error{"diet.code", "unknown diet \"" + diet.diet + "\" (one of: " + all + ")"};
  }
  {
    auto tx = BeginTx(store);
    if (!tx) return tx.error();
    if (tx.value()->CountMaster("location") > 0) {
      auto loc = tx.value()->GetMaster("location", diet.bed);
      if (!loc) return Error{"diet.bed", "no location " + diet.bed + " in the hub's master data"};
      if (loc->value("kind", "") != "bed") return Error{"diet.bed", diet.bed + " is not a bed"};
    }
    json data = meals::ToJson(diet);
    data["updated_at"] = FormatIsoUtcMs(now_ms);
    tx.value()->PutMaster("diet_order", diet.bed, data, diet.bed);
    if (auto s = tx.value()->Commit(); !s) return s.error();
  }
  // After the commit every new order is judged against the new diet; these are the ones before it.
  auto rows = store.ListTickets();
  if (!rows) return rows.error();
  DietChange out;
  auto tx = BeginTx(store);
  if (!tx) return tx.error();
  for (const auto& listed : rows.value()) {
    if (listed.kind != TicketKind::kMeal || listed.location != diet.bed || !tickets::IsAwaitingWork(listed.status)) continue;
    auto t = tx.value()->GetTicket(listed.id);
    if (!t || !tickets::IsAwaitingWork(t->status) || t->detail.value("unchecked", false)) continue;
    auto o = meals::ParseMealOrder(t->detail);
    if (!o) continue;
    const bool differs = !meals::SameDiet(o->diet, o->allergens, diet.diet, diet.allergens);
    if (differs && !Held(*t)) {
      t->detail["hold"] = HoldJson(o->diet, diet, now_ms);
      Note(*t, actor, now_ms, t->detail["hold"]["reason"].get<std::string>());
      tx.value()->PutTicket(*t);
      ++out.held;
    } else if (differs && Held(*t) && (*t).detail["hold"].value("to", "") != diet.diet) {
      t->detail["hold"] = HoldJson(o->diet, diet, now_ms);  // changed again: the newest diet counts
      tx.value()->PutTicket(*t);
    } else if (!differs && Held(*t) && t->detail["hold"].value("reason", "").rfind(rs::kDietChanged, 0) == 0) {
      t->detail.erase("hold");
      Note(*t, actor, now_ms, "hold released: the diet order matches the order again");
      tx.value()->PutTicket(*t);
      ++out.released;
    }
  }
  if (auto s = tx.value()->Commit(); !s) return s.error();
  return out;
}

// ---- review -------------------------------------------------------------------------------------------
Result<std::vector<TicketRow>> ListMealOrders(HubStore& store, const MealFilter& f) {
  auto rows = store.ListTickets();
  if (!rows) return rows.error();
  std::vector<TicketRow> out;
  for (auto& t : rows.value()) {
    if (t.kind != TicketKind::kMeal) continue;
    if (!f.date.empty() && t.detail.value("date", "") != f.date) continue;
    if (!f.slot.empty() && t.detail.value("slot", "") != f.slot) continue;
    if (!f.statuses.empty()) {
      bool match = false;
      for (const auto& s : f.statuses) match |= s == t.status || (s == kHeldFilter && Held(t));
      if (!match) continue;
    }
    out.push_back(std::move(t));
  }
  return out;
}

json MealOrderJson(const TicketRow& t) {
  const json& d = t.detail;
  json j = {{"id", t.id},
            {"status", t.status},
            {"held", Held(t)},
            {"location", t.location},
            {"slot", d.value("slot", "")},
            {"date", d.value("date", "")},
            {"late", d.value("late", false)},
            {"items", d.value("items", json::array())},
            {"diet", d.value("diet", json::object())},
            {"created_at", FormatIsoUtcMs(t.created_ms)},
            {"updated_at", FormatIsoUtcMs(t.updated_ms)}};
  for (const char* k : {"ordered_at", "cutoff_at", "due_at", "note", "hold", "unchecked"})
    if (d.contains(k)) j[k] = d[k];
  if (t.status == TicketStatus::kRejected && t.history.is_array() && !t.history.empty())
    if (const auto& last = t.history.back(); last.contains("note")) j["reason"] = last["note"];
  return j;
}

Result<TicketRow> ApproveMealOrder(HubStore& store, const std::string& id, const std::string& actor, int64_t now_ms) {
  auto tx = BeginTx(store);
  if (!tx) return tx.error();
  auto t = tx.value()->GetTicket(id);
  if (!tx.value()->ok()) return Error{"store.tx", "cannot read ticket " + id};
  if (!t || t->kind != TicketKind::kMeal) return Error{"meals.unknown", "no meal order " + id + " (see `meals list`)"};
  if (!tickets::IsAwaitingWork(t->status)) return Error{"meals.state", "meal order " + id + " is " + t->status + "; only received or accepted orders can be approved"};
  if (t->status == TicketStatus::kAccepted && !Held(*t)) return Error{"meals.state", "meal order " + id + " is already approved"};
  // Approval under the current diet: a dish the diet no longer allows must be rejected instead.
  if (!t->detail.value("unchecked", false)) {
    if (auto o = meals::ParseMealOrder(t->detail)) {
      auto cfg = LoadConfig(*tx.value());
      if (!cfg) return cfg.error();
      const TimeZone tz = meals::ZoneOf(cfg.value());
      const auto diet = LoadDiet(*tx.value(), t->location);
      OrderInputs in = LoadInputs(*tx.value(), o.value());
      meals::OrderContext ctx{&cfg.value(), &tz, &in.catalog, in.menu ? &*in.menu : nullptr, diet ? &*diet : nullptr, 0};
      if (!diet) return Error{std::string(rs::kNoDietOrder), "bed " + t->location + " has no diet order any more; reject the order"};
      if (diet->diet == meals::kDietNpo) return Error{std::string(rs::kNpo), "the bed is NPO now; reject the order"};
      const auto problems = meals::BasketProblems(o.value(), ctx);
      if (!problems.empty())
        return Error{problems.begin()->second.code, problems.begin()->second.message + " under the current diet order; reject it instead"};
    }
  }
  const bool was_held = Held(*t);
  if (was_held) t->detail.erase("hold");
  if (t->status == TicketStatus::kReceived) {
    if (auto s = ApplyTransition(*t, TicketStatus::kAccepted, actor, now_ms, was_held ? "approved at review (hold cleared)" : "approved at review"); !s)
      return s.error();
  } else {
    Note(*t, actor, now_ms, "hold cleared at review");
  }
  tx.value()->PutTicket(*t);
  if (auto s = tx.value()->Commit(); !s) return s.error();
  return *t;
}

Result<TicketRow> RejectMealOrder(HubStore& store, const std::string& id, const std::string& reason,
                                  const std::string& actor, int64_t now_ms) {
  if (reason.empty()) return Error{"meals.reason", "--reason is required: it is shown to the patient"};
  if (reason.size() > 300) return Error{"meals.reason", "--reason is longer than 300 bytes"};
  auto tx = BeginTx(store);
  if (!tx) return tx.error();
  auto t = tx.value()->GetTicket(id);
  if (!tx.value()->ok()) return Error{"store.tx", "cannot read ticket " + id};
  if (!t || t->kind != TicketKind::kMeal) return Error{"meals.unknown", "no meal order " + id + " (see `meals list`)"};
  const std::string note = meals::ParseReason(reason).code.empty() ? meals::FormatReason(rs::kReviewRejected, reason) : reason;
  if (auto s = ApplyTransition(*t, TicketStatus::kRejected, actor, now_ms, note); !s) return s.error();
  t->detail.erase("hold");
  tx.value()->PutTicket(*t);
  if (auto s = tx.value()->Commit(); !s) return s.error();
  return *t;
}

// ---- kitchen --------------------------------------------------------------------------------------------
Result<KitchenReport> BuildKitchenReport(HubStore& store, const std::string& date, const std::string& slot, int64_t now_ms) {
  if (!meals::IsIsoDate(date)) return Error{"kitchen.date", "--date must be YYYY-MM-DD, not \"" + date + "\""};
  if (!meals::ParseSlot(slot)) return Error{"kitchen.slot", "--slot must be breakfast, lunch, dinner or late"};
  auto rows = ListMealOrders(store, MealFilter{date, slot, {}});
  if (!rows) return rows.error();
  KitchenReport rep;
  rep.date = date;
  rep.slot = slot;
  // Master data is read in a transaction that is never committed (it writes nothing).
  auto tx = BeginTx(store);
  if (!tx) return tx.error();
  auto cfg = LoadConfig(*tx.value());
  const TimeZone tz = cfg ? meals::ZoneOf(cfg.value()) : TimeZone::Utc();
  rep.time_zone = tz.name();
  std::map<std::string, std::string> names;
  auto dish_name = [&](const std::string& id) {
    if (auto it = names.find(id); it != names.end()) return it->second;
    std::string n = id;
    if (auto j = tx.value()->GetMaster("menu_item", id); j && j->contains("name"))
      n = LocalText::FromJson((*j)["name"]).Get(Lang::kEn);
    return names[id] = n;
  };
  std::map<std::pair<std::string, std::string>, int> counts;
  for (const auto& t : rows.value()) {
    if (t.status == TicketStatus::kCancelled || t.status == TicketStatus::kRejected) continue;
    const json& d = t.detail;
    const std::string ward = WardOf(tx.value().get(), t.location);
    std::string diet = d.contains("diet") && d["diet"].is_object() ? d["diet"].value("code", "") : "";
    std::vector<std::string> allergens;
    if (d.contains("diet") && d["diet"].is_object() && d["diet"].contains("allergens") && d["diet"]["allergens"].is_array())
      for (const auto& a : d["diet"]["allergens"])
        if (a.is_string()) allergens.push_back(a.get<std::string>());
    // The tray follows the bed's current diet order (allergies added later matter most).
    if (auto cur = LoadDiet(*tx.value(), t.location)) {
      diet = cur->diet;
      allergens = cur->allergens;
    }
    int64_t due = 0;
    if (auto it = d.find("due_at"); it != d.end() && it->is_string()) ParseIsoUtcMs(it->get<std::string>(), &due);
    const bool done = tickets::IsDone(t.status);
    const bool held = Held(t);
    if (!d.contains("items") || !d["items"].is_array()) continue;
    for (const auto& it : d["items"]) {
      if (!it.is_object() || !it.contains("menu_item") || !it["menu_item"].is_string()) continue;
      KitchenLine l;
      l.ticket = t.id;
      l.ward = ward;
      l.bed = t.location;
      l.dish = it["menu_item"].get<std::string>();
      l.dish_name = dish_name(l.dish);
      l.qty = it.value("qty", 1);
      l.diet = diet;
      l.allergens = allergens;
      l.status = t.status;
      l.held = held;
      l.unchecked = d.value("unchecked", false);
      if (due > 0) {
        l.due_at = tz.HourMinute(due);
        l.overdue = !done && now_ms > due;
      }
      if (held) {
        rep.held.push_back(l);
        continue;
      }
      counts[{ward, l.dish}] += l.qty;
      rep.portions += l.qty;
      rep.trays.push_back(l);
    }
    if (!held) {
      ++rep.orders;
      if (due > 0 && !done && now_ms > due) ++rep.overdue;
    }
  }
  for (const auto& [k, q] : counts) rep.counts.push_back({k.first, k.second, dish_name(k.second), q});
  auto by_bed = [](const KitchenLine& a, const KitchenLine& b) {
    return std::tie(a.ward, a.bed, a.ticket, a.dish) < std::tie(b.ward, b.bed, b.ticket, b.dish);
  };
  std::sort(rep.trays.begin(), rep.trays.end(), by_bed);
  std::sort(rep.held.begin(), rep.held.end(), by_bed);
  return rep;
}

namespace {
std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}
std::string Flag(const KitchenLine& l) {
  std::vector<std::string> f;
  if (l.overdue) f.push_back("OVERDUE");
  if (l.held) f.push_back("HELD");
  if (l.unchecked) f.push_back("UNCHECKED");
  return Join(f, " ");
}
std::string Csv(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string o = "\"";
  for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
  return o + "\"";
}
std::string TrayText(const KitchenLine& l) {
  std::string s = "  " + l.bed + "\t" + l.dish + " " + l.dish_name + "\tx" + std::to_string(l.qty) + "\t" + l.diet +
                  "\tallergens: " + (l.allergens.empty() ? "-" : Join(l.allergens, ",")) + "\t" + l.ticket + " " + l.status;
  if (!l.due_at.empty()) s += "\tdue " + l.due_at;
  if (const auto f = Flag(l); !f.empty()) s += "\t" + f;
  return s + "\n";
}
}  // namespace

std::string KitchenText(const KitchenReport& r) {
  std::string o = "Kitchen " + r.date + " " + r.slot + " (" + r.time_zone + "): " + std::to_string(r.orders) +
                  " orders, " + std::to_string(r.portions) + " portions";
  if (r.overdue) o += ", " + std::to_string(r.overdue) + " OVERDUE";
  if (!r.held.empty()) o += ", " + std::to_string(r.held.size()) + " held lines not counted";
  o += "\n\nProduction counts (ward, dish, qty)\n";
  if (r.counts.empty()) o += "  (none)\n";
  std::string ward;
  for (const auto& c : r.counts) {
    if (c.ward != ward) o += "  " + (ward = c.ward) + "\n";
    o += "    " + c.dish + "\t" + c.dish_name + "\t" + std::to_string(c.qty) + "\n";
  }
  o += "\nTrays (bed, dish, qty, diet, allergens, ticket)\n";
  if (r.trays.empty()) o += "  (none)\n";
  for (const auto& l : r.trays) o += TrayText(l);
  if (!r.held.empty()) {
    o += "\nON HOLD - not counted, awaiting review (onestop-hub meals approve|reject ID)\n";
    for (const auto& l : r.held) o += TrayText(l);
  }
  return o;
}

std::string KitchenCsv(const KitchenReport& r) {
  std::string o = "record,ward,bed,ticket,dish,dish_name,qty,diet,allergens,status,due_at,flag\r\n";
  for (const auto& c : r.counts)
    o += "count," + Csv(c.ward) + ",,," + Csv(c.dish) + "," + Csv(c.dish_name) + "," + std::to_string(c.qty) + ",,,,,\r\n";
  auto line = [&](const char* kind, const KitchenLine& l) {
    o += std::string(kind) + "," + Csv(l.ward) + "," + Csv(l.bed) + "," + Csv(l.ticket) + "," + Csv(l.dish) + "," +
         Csv(l.dish_name) + "," + std::to_string(l.qty) + "," + Csv(l.diet) + "," + Csv(Join(l.allergens, ";")) + "," +
         Csv(l.status) + "," + Csv(l.due_at) + "," + Csv(Flag(l)) + "\r\n";
  };
  for (const auto& l : r.trays) line("tray", l);
  for (const auto& l : r.held) line("held", l);
  return o;
}

json KitchenJson(const KitchenReport& r) {
  auto line = [](const KitchenLine& l) {
    return json{{"ticket", l.ticket}, {"ward", l.ward},     {"bed", l.bed},         {"dish", l.dish},
                {"dish_name", l.dish_name}, {"qty", l.qty}, {"diet", l.diet},       {"allergens", l.allergens},
                {"status", l.status}, {"due_at", l.due_at}, {"overdue", l.overdue}, {"held", l.held},
                {"unchecked", l.unchecked}};
  };
  json counts = json::array(), trays = json::array(), held = json::array();
  for (const auto& c : r.counts) counts.push_back({{"ward", c.ward}, {"dish", c.dish}, {"dish_name", c.dish_name}, {"qty", c.qty}});
  for (const auto& l : r.trays) trays.push_back(line(l));
  for (const auto& l : r.held) held.push_back(line(l));
  return {{"date", r.date}, {"slot", r.slot}, {"time_zone", r.time_zone}, {"orders", r.orders}, {"portions", r.portions},
          {"overdue", r.overdue}, {"counts", counts}, {"trays", trays}, {"held", held}};
}

// ---- HTTP ---------------------------------------------------------------------------------------------
namespace {
// No client is trusted for its address (a proxy on the host, or a browser page posting to
// 127.0.0.1, would be "local"): the review and kitchen routes take the admin token only, until
// console sign-in (issue 13) gives people their own sessions.
bool Allowed(const std::string& admin_token, const httplib::Request& req, httplib::Response& res) {
  const std::string h = req.get_header_value("Authorization");
  if (!admin_token.empty() && h.size() == admin_token.size() + 7 && h.compare(0, 7, "Bearer ") == 0 &&
      sodium_memcmp(h.data() + 7, admin_token.data(), admin_token.size()) == 0)
    return true;
  res.set_header("WWW-Authenticate", "Bearer");
  SendProblem(res, 401, "review-unauthorized", "Unauthorized",
              admin_token.empty() ? "meal review and kitchen routes are off: start the hub with ONESTOP_HUB_ADMIN_TOKEN set"
                                  : "send Authorization: Bearer <ONESTOP_HUB_ADMIN_TOKEN>");
  return false;
}

int StatusFor(const Error& e) {
  if (e.code.rfind("store", 0) == 0) return 503;
  if (e.code == "meals.unknown") return 404;
  if (e.code == "kitchen.date" || e.code == "kitchen.slot" || e.code == "meals.reason") return 400;
  return 409;  // state or rule conflict
}
}  // namespace

void RegisterMealRoutes(httplib::Server& s, std::function<HubStore*()> store, std::function<int64_t()> now,
                        std::string admin_token) {
  s.Get("/v1/meals/orders", [store, admin_token](const httplib::Request& req, httplib::Response& res) {
    if (!Allowed(admin_token, req, res)) return;
    MealFilter f{req.get_param_value("date"), req.get_param_value("slot"), {}};
    for (size_t i = 0; i < req.get_param_value_count("status"); ++i) f.statuses.push_back(req.get_param_value("status", i));
    auto rows = ListMealOrders(*store(), f);
    if (!rows) return SendProblem(res, 503, "store-unavailable", "Service Unavailable", rows.error().message);
    json out = json::array();
    for (const auto& t : rows.value()) out.push_back(MealOrderJson(t));
    res.set_content(json{{"orders", out}}.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
  });
  auto admit = [admin_token](const httplib::Request& req, httplib::Response& res) { return Allowed(admin_token, req, res); };
  PostCapped(s, R"(/v1/meals/orders/([A-Za-z0-9-]{1,40})/(approve|reject))", [store, now](const httplib::Request& req,
                                                                                         httplib::Response& res) {
    const std::string id = req.matches[1], action = req.matches[2];
    std::string actor = "dietitian", reason;
    if (!req.body.empty()) {
      auto body = protocol::ParseJsonText(req.body);
      if (!body || !body->is_object()) return SendProblem(res, 400, "bad-request", "Bad Request", "body must be a JSON object");
      const json& b = body.value();
      if (b.contains("actor") && b["actor"].is_string()) actor = b["actor"].get<std::string>();
      if (b.contains("reason") && b["reason"].is_string()) reason = b["reason"].get<std::string>();
    }
    auto t = action == "approve" ? ApproveMealOrder(*store(), id, actor, now()) : RejectMealOrder(*store(), id, reason, actor, now());
    if (!t) return SendProblem(res, StatusFor(t.error()), "meal-review", "Meal review refused", t.error().message);
    res.set_content(MealOrderJson(t.value()).dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
  }, admit);
  s.Get("/v1/meals/kitchen", [store, now, admin_token](const httplib::Request& req, httplib::Response& res) {
    if (!Allowed(admin_token, req, res)) return;
    auto r = BuildKitchenReport(*store(), req.get_param_value("date"), req.get_param_value("slot"), now());
    if (!r) return SendProblem(res, StatusFor(r.error()), "kitchen", "Kitchen view refused", r.error().message);
    const std::string fmt = req.get_param_value("format");
    if (fmt == "csv") return res.set_content(KitchenCsv(r.value()), "text/csv; charset=utf-8");
    if (fmt == "text") return res.set_content(KitchenText(r.value()), "text/plain; charset=utf-8");
    res.set_content(KitchenJson(r.value()).dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
  });
}

}  // namespace onestop::hub
