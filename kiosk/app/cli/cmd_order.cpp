// `order`: meal ordering headless (DESIGN §3, issue 6) — the menu a bed may order from now, placing
// and cancelling orders, and "My meals" — judged by kiosk/core/meals.h exactly as the screens judge,
// then committed durably to the outbox (`sync` sends it). Never contacts the hub.
// Output: JSON lines on stdout (only after a commit for place/cancel); refusals as "<code>: <detail>"
// on stderr. Exit codes: 0 ok, 1 refused / input error, 2 usage, 3 store/environment.
#include <iostream>
#include <memory>

#include "kiosk/app/cli/cli.h"
#include "kiosk/app/config.h"
#include "kiosk/app/lookups/meals_lookup.h"
#include "kiosk/app/spine_service.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/protocol.h"

namespace onestop::app {
namespace {

using json = nlohmann::json;

struct OrderArgs {
  std::string bed, slot, date, note, ticket;
  std::vector<std::string> items;  // ID or ID:QTY
  bool late = false;
  std::string online = "auto";     // auto | yes | no: which clock judges cut-offs
};

int Fail(int code, const std::string& message) {
  std::cerr << "onestop-kiosk order: " << message << "\n";
  return code;
}
int Refused(const Error& e) { return Fail(kExitInput, meals::FormatReason(e)); }

std::string Iso(int64_t ms) { return ms > 0 ? FormatIsoUtcMs(ms) : ""; }

json ClockJson(const MealContext& c) {
  return {{"source", std::string(meals::ClockSourceName(c.now.source))}, {"now", Iso(c.now.now_ms)}, {"skew_ms", c.now.skew_ms}};
}

json ChoiceJson(const MealContext& c, const meals::SlotChoice& s) {
  json j = {{"slot", std::string(meals::SlotName(s.slot))}, {"date", s.date}, {"late", s.late},
            {"cutoff_at", Iso(s.cutoff_ms)}, {"cutoff_local", c.tz.HourMinute(s.cutoff_ms) + " " + c.tz.Date(s.cutoff_ms)},
            {"seconds_left", (s.cutoff_ms - c.now.now_ms) / 1000}};
  if (s.late) j["due_at"] = Iso(s.due_ms);
  return j;
}

json DishJson(const meals::Dish& d) {
  json name = json::object();
  for (Lang l : kAllLangs) name[LangTag(l)] = d.name.Get(l);
  return {{"name", name}, {"allergens", d.allergens}, {"price_cents", d.price_cents}};
}

json MyMealJson(const MealContext& c, const MyMeal& m) {
  json j = meals::MealOrderPayload(m.order);
  j["record_id"] = m.record_id;
  j["ticket"] = m.status.ticket;
  j["state"] = std::string(meals::OrderStateName(m.status.state));
  if (!m.status.reason_code.empty() || !m.status.reason_detail.empty())
    j["reason"] = {{"code", m.status.reason_code}, {"detail", m.status.reason_detail}};
  if (m.status.due_ms > 0) {
    j["due_at"] = Iso(m.status.due_ms);
    j["due_local"] = c.tz.HourMinute(m.status.due_ms);
  }
  j["overdue"] = m.status.overdue;
  j["created_at"] = Iso(m.created_at_ms);
  j["cancel_pending"] = m.cancel_pending;
  j["can_cancel"] = m.can_cancel;
  if (!m.cancel_refusal.empty()) j["cancel_refusal"] = m.cancel_refusal;
  return j;
}

// Opens the store and the bed's meal context; *bed is filled from the binding when empty.
struct Opened {
  std::unique_ptr<Spine> spine;
  MealContext ctx;
};
int Open(const GlobalOptions& global, const OrderArgs& a, Opened* out) {
  auto c = LoadConfig(global);
  if (!c) return Fail(kExitInput, c.error().message);
  SetupLogging(c->log.level);
  auto opened = OpenSpine(c.value(), nullptr);
  if (!opened) return Fail(kExitEnv, opened.error().message);
  out->spine = std::move(opened.value());
  auto st = out->spine->store->LoadSyncState();
  if (!st) return Fail(kExitEnv, st.error().message);
  std::string bed = a.bed;
  if (bed.empty()) {
    const Binding bound = st->binding.value_or(Binding{});
    if (bound.role != Role::kBedside)
      return Fail(kExitInput, "this terminal is not a bedside terminal: say which bed with --bed CODE (e.g. B1-1F-W01-BED01)");
    bed = bound.location;
  }
  const std::string area = st->binding ? st->binding->location : std::string();
  if (!protocol::LocationWithin(bed, area))
    return Fail(kExitInput, meals::FormatReason(meals::reason::kBadLocation, "bed " + protocol::TruncateUtf8(bed, 64) +
                                                                                 " is outside this terminal's area (" +
                                                                                 area + ")"));
  MealLookupOptions opt;
  if (a.online != "auto") opt.online = a.online == "yes";
  auto ctx = LoadMealContext(*out->spine->store, bed, out->spine->clock.NowUtcMs(), opt);
  if (!ctx) return Fail(ctx.error().code == "meals.config" ? kExitInput : kExitEnv, ctx.error().message);
  out->ctx = std::move(ctx).value();
  return kExitOk;
}

int Commit(Spine& spine, const std::string& kind, const json& payload, json extra) {
  auto id = spine.store->Enqueue(kind, payload.dump());
  if (!id) return Fail(id.error().code.rfind("outbox.", 0) == 0 ? kExitInput : kExitEnv, id.error().message);
  // Printed only after the durable commit: whoever sees this line may count the order as accepted.
  extra["record_id"] = id.value();
  extra["kind"] = kind;
  extra["payload"] = payload;
  std::cout << extra.dump(-1, ' ', false, json::error_handler_t::replace) << std::endl;
  return kExitOk;
}

std::optional<meals::Slot> SlotArg(const OrderArgs& a, std::string* why) {
  if (a.late) {
    if (!a.slot.empty() && a.slot != "late") *why = "--late orders the late slot; leave out --slot " + a.slot;
    return meals::Slot::kLate;
  }
  if (a.slot.empty()) return std::nullopt;
  auto s = meals::ParseSlot(a.slot);
  if (!s) *why = "--slot must be breakfast, lunch, dinner or late";
  return s;
}

int RunMenu(const GlobalOptions& global, const OrderArgs& a) {
  Opened o;
  if (int rc = Open(global, a, &o); rc != kExitOk) return rc;
  const MealContext& c = o.ctx;
  std::string why;
  const auto slot = SlotArg(a, &why);
  if (!why.empty()) return Fail(kExitInput, why);
  json head = {{"bed", c.bed}, {"clock", ClockJson(c)}, {"time_zone", c.tz.name()}, {"slots", json::array()}};
  if (c.diet) head["diet"] = meals::ToJson(*c.diet);
  else head["diet"] = nullptr;
  head["menu_state"] = std::string(meals::MenuStateName(!c.diet ? meals::MenuState::kNoDietOrder
                                                        : c.diet->diet == "npo" ? meals::MenuState::kNpo
                                                                                : meals::MenuState::kOpen));
  head["limits"] = {{"max_dishes", c.config.max_dishes}, {"max_qty_per_dish", c.config.max_qty_per_dish}};
  for (const auto& s : c.slots) head["slots"].push_back(ChoiceJson(c, s.choice));
  std::cout << head.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
  bool any = false;
  for (const auto& s : c.slots) {
    if (slot && s.choice.slot != *slot) continue;
    if (!a.date.empty() && s.choice.date != a.date) continue;
    any = true;
    for (size_t i = 0; i < s.dishes.size(); ++i) {
      const auto& v = s.view.dishes[i];
      json line = DishJson(s.dishes[i]);
      line["slot"] = std::string(meals::SlotName(s.choice.slot));
      line["date"] = s.choice.date;
      line["menu_item"] = v.id;
      line["state"] = std::string(meals::DishStateName(v.state));
      line["reason"] = v.reason;
      line["params"] = v.params;
      line["max_qty"] = v.max_qty;
      std::cout << line.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
    }
  }
  if (slot && !any)
    return Fail(kExitInput, meals::FormatReason(*slot == meals::Slot::kLate ? meals::reason::kLateClosed : meals::reason::kPastCutoff,
                                                std::string(meals::SlotName(*slot)) + " cannot be ordered now"));
  return kExitOk;
}

int RunPlace(const GlobalOptions& global, const OrderArgs& a) {
  std::string why;
  const auto slot = SlotArg(a, &why);
  if (!why.empty()) return Fail(kExitInput, why);
  if (!slot) return Fail(kExitInput, "say which meal with --slot breakfast|lunch|dinner (or --late)");
  meals::MealOrder order;
  order.slot = *slot;
  order.late = *slot == meals::Slot::kLate;
  order.note = a.note;
  for (const auto& spec : a.items) {
    const auto colon = spec.find(':');
    meals::OrderItem it{spec.substr(0, colon), 1};
    if (colon != std::string::npos) {
      const std::string q = spec.substr(colon + 1);
      if (q.empty() || q.size() > 2 || q.find_first_not_of("0123456789") != std::string::npos)
        return Fail(kExitInput, "--item " + protocol::TruncateUtf8(spec, 40) + ": quantity must be a number (ID:QTY)");
      it.qty = std::stoi(q);
    }
    if (it.menu_item.empty()) return Fail(kExitInput, "--item needs a dish id, e.g. --item D010:2");
    order.items.push_back(it);
  }
  if (order.note.size() > meals::kMaxNoteBytes) return Fail(kExitInput, "--note is longer than 200 bytes");
  Opened o;
  if (int rc = Open(global, a, &o); rc != kExitOk) return rc;
  const MealContext& c = o.ctx;
  order.location = c.bed;
  if (c.diet) {
    order.diet = c.diet->diet;
    order.allergens = c.diet->allergens;
  }
  const MealSlotMenu* menu = c.FindSlot(*slot, a.date);
  MealSlotMenu later;
  if (menu) {
    order.date = menu->choice.date;
  } else if (!a.date.empty() && !order.late) {
    // A later day than the next orderable one: judged the same way (horizon, cut-off).
    if (!meals::IsIsoDate(a.date)) return Fail(kExitInput, "--date must be YYYY-MM-DD");
    order.date = a.date;
    meals::SlotChoice ch{*slot, a.date, meals::WeekdayOf(a.date).value_or("mon"), 0, false, 0};
    later = MenuFor(*o.spine->store, c, ch);
    menu = &later;
  } else {
    order.date = a.date.empty() ? c.tz.Date(c.now.now_ms) : a.date;
  }
  auto check = meals::ValidateMealOrder(order, c.OrderContextFor(menu));
  if (!check) return Refused(check.error());
  json extra = {{"bed", c.bed}, {"clock", ClockJson(c)}, {"cutoff_at", Iso(check->cutoff_ms)},
                {"portions", check->portions}, {"price_cents", check->price_cents}};
  if (order.late) extra["due_at"] = Iso(check->due_ms);
  return Commit(*o.spine, "meal_order", meals::MealOrderPayload(order), extra);
}

int RunCancel(const GlobalOptions& global, const OrderArgs& a) {
  if (a.ticket.empty()) return Fail(kExitInput, "say which order with --ticket ID (see `order list`)");
  Opened o;
  if (int rc = Open(global, a, &o); rc != kExitOk) return rc;
  const MealContext& c = o.ctx;
  for (const auto& m : c.orders) {
    if (m.status.ticket != a.ticket) continue;
    if (m.cancel_pending) return Fail(kExitInput, "a cancel for " + a.ticket + " is already queued");
    if (!m.can_cancel) {
      const auto r = meals::ParseReason(m.cancel_refusal);
      return Refused(Error{r.code, r.detail});
    }
    return Commit(*o.spine, "order_cancel", meals::OrderCancelPayload(a.ticket), {{"bed", c.bed}, {"clock", ClockJson(c)}});
  }
  return Fail(kExitInput, meals::FormatReason(meals::reason::kNotMealOrder,
                                              "no meal order " + protocol::TruncateUtf8(a.ticket, 40) + " of bed " + c.bed +
                                                  " in the local store (an order gets its ticket after `sync`)"));
}

int RunList(const GlobalOptions& global, const OrderArgs& a) {
  Opened o;
  if (int rc = Open(global, a, &o); rc != kExitOk) return rc;
  for (const auto& m : o.ctx.orders)
    std::cout << MyMealJson(o.ctx, m).dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
  return kExitOk;
}

}  // namespace

void RegisterOrderCommands(CLI::App& app, const GlobalOptions& global, Registry& registry) {
  auto a = std::make_shared<OrderArgs>();
  auto* cmd = app.add_subcommand("order", "meal ordering headless, validated like the screens (`sync` sends orders)");
  cmd->require_subcommand(1);
  auto common = [&](CLI::App* c) {
    c->add_option("--bed", a->bed, "bed code (default: this bedside terminal's bed; required on ward kiosks)");
    c->add_option("--online", a->online, "judge cut-offs by the hub clock (yes), the local clock (no), or by the last sync (auto)")
        ->check(CLI::IsMember({"auto", "yes", "no"}))
        ->capture_default_str();
  };
  auto* menu = cmd->add_subcommand("menu", "JSON lines: the context (diet, clock, orderable slots), then every dish "
                                           "with state allowed|limited|hidden and the reason code");
  common(menu);
  menu->add_option("--slot", a->slot, "only this slot");
  menu->add_option("--date", a->date, "only this service date");
  auto* place = cmd->add_subcommand("place", "validate and queue a meal order; prints {record_id, payload, ...}");
  common(place);
  place->add_option("--slot", a->slot, "breakfast, lunch, dinner or late");
  place->add_flag("--late", a->late, "off-hours order (the late slot, delivered within the promise)");
  place->add_option("--date", a->date, "service date YYYY-MM-DD (default: the next orderable one of the slot)");
  place->add_option("--item", a->items, "dish id with optional quantity, ID[:QTY]; repeatable")->required();
  place->add_option("--note", a->note, "note for the kitchen (at most 200 bytes)");
  auto* cancel = cmd->add_subcommand("cancel", "queue the cancel of an order (until its cut-off, while not yet in the kitchen)");
  common(cancel);
  cancel->add_option("--ticket", a->ticket, "the order's ticket id (see `order list`)")->required();
  auto* list = cmd->add_subcommand("list", "JSON lines: this bed's orders with their state (My meals), newest first");
  common(list);
  registry.push_back({cmd, [&global, a, menu, place, cancel, list] {
                        if (menu->parsed()) return RunMenu(global, *a);
                        if (place->parsed()) return RunPlace(global, *a);
                        if (cancel->parsed()) return RunCancel(global, *a);
                        if (list->parsed()) return RunList(global, *a);
                        return static_cast<int>(kExitUsage);
                      }});
}

}  // namespace onestop::app
