// Reads a bed's meal context from the local store (see meal_lookup.h). Read-only; the rules are in
// kiosk/core/meals.h. Malformed pulled rows are skipped with a log line, never fatal, except the
// hub config (a wrong cut-off must not be guessed).
#include "kiosk/app/lookups/meals_lookup.h"

#include "kiosk/app/lookups/lookups.h"
#include "kiosk/core/features/meals/commands.h"
#include "kiosk/core/features/meals/jobs.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "kiosk/core/protocol.h"

namespace onestop::app {
namespace {
using json = nlohmann::json;

std::optional<json> Entity(offline::Store& store, const std::string& entity, const std::string& id) {
  auto e = store.GetEntity(entity, id);
  if (!e || !e.value()) return std::nullopt;
  auto j = protocol::ParseJsonText(*e.value());
  if (!j || !j->is_object()) return std::nullopt;
  return std::move(j).value();
}

std::vector<json> Entities(offline::Store& store, const std::string& entity, int limit) {
  std::vector<json> out;
  auto rows = store.ListEntities(entity, limit);
  if (!rows) return out;
  for (const auto& text : rows.value())
    if (auto j = protocol::ParseJsonText(text); j && j->is_object()) out.push_back(std::move(j).value());
  return out;
}

// The bed a payload is for: its location, else the terminal's bound location.
std::string PayloadBed(const json& p, const std::string& bound) {
  if (p.is_object() && p.contains("location") && p["location"].is_string()) return p["location"].get<std::string>();
  return bound;
}

}  // namespace

MealSlotMenu MenuFor(offline::Store& store, const MealContext& ctx, const meals::SlotChoice& choice) {
  MealSlotMenu m;
  m.choice = choice;
  if (auto menu = Entity(store, "menu", meals::MenuId(choice.weekday, choice.slot))) {
    m.dishes = meals::MenuDishes(*menu, ctx.catalog);
    std::vector<std::string> ids;
    if (menu->contains("items") && (*menu)["items"].is_array())
      for (const auto& v : (*menu)["items"])
        if (v.is_string()) ids.push_back(v.get<std::string>());
    m.menu_items = std::move(ids);
  } else {
    // No weekly menu pulled: every catalogue dish served in the slot.
    for (const auto& [id, d] : ctx.catalog)
      if (std::find(d.slots.begin(), d.slots.end(), choice.slot) != d.slots.end()) m.dishes.push_back(d);
  }
  m.view = meals::FilterMenu(m.dishes, ctx.diet ? &*ctx.diet : nullptr, choice.slot, ctx.config.max_qty_per_dish);
  return m;
}

namespace {

// What every bed's context shares, read once: config, zone, judged time, the dish catalogue, the outbox,
// the dead letters and the pulled tickets. A ward's bed grid reads it once for all its beds.
struct SharedMealData {
  MealContext base;  // config, tz, now and catalog filled; no bed
  std::string bound;
  std::vector<offline::OutboxRecord> outbox;
  std::vector<offline::DeadLetter> dead;
  std::vector<json> tickets;
};

Result<SharedMealData> ReadShared(offline::Store& store, int64_t local_now_ms, const MealLookupOptions& opt) {
  SharedMealData sh;
  MealContext& ctx = sh.base;
  if (auto cfg = Entity(store, "config", "hub")) {
    auto parsed = meals::ParseMealConfig(*cfg);
    if (!parsed) return Error{"meals.config", parsed.error().message};
    ctx.config = parsed.value();
  }
  ctx.tz = meals::ZoneOf(ctx.config);
  auto st = store.LoadSyncState();
  if (!st) return st.error();
  sh.bound = st->binding ? st->binding->location : std::string();
  const bool online = opt.online ? *opt.online
                                 : meals::IsOnline(std::max(st->last_push_ms, st->last_pull_ms), local_now_ms);
  ctx.now = meals::JudgeNow(local_now_ms, online, st->clock_skew_ms);
  for (const auto& j : Entities(store, "menu_item", 100000)) {
    auto d = meals::DishFromJson(j);
    if (d) ctx.catalog.emplace(d->id, d.value());
    else spdlog::warn("menu item skipped: {}", d.error().message);
  }
  auto outbox = store.PeekOutbox(100000, static_cast<size_t>(1) << 40);
  if (!outbox) return outbox.error();
  sh.outbox = std::move(outbox).value();
  auto dead = store.ListDeadLetters(10000);
  if (!dead) return dead.error();
  sh.dead = std::move(dead).value();
  sh.tickets = Entities(store, "ticket", opt.max_tickets);
  return sh;
}

// One bed's context from the shared reads; `with_menus` = false for the bed grid (no dish filtering).
MealContext ContextFor(offline::Store& store, const SharedMealData& sh, const std::string& bed, bool with_menus) {
  MealContext ctx = sh.base;
  ctx.bed = bed;
  const std::string& bound = sh.bound;
  if (auto d = Entity(store, "diet_order", bed)) {
    if (auto p = meals::DietOrderFromJson(*d)) ctx.diet = p.value();
    else spdlog::warn("diet order of {} is malformed: {}", bed, p.error().message);
  }
  for (const auto& choice : meals::OrderableSlots(ctx.config, ctx.tz, ctx.now.now_ms)) {
    if (with_menus) ctx.slots.push_back(MenuFor(store, ctx, choice));
    else ctx.slots.push_back(MealSlotMenu{choice, {}, std::nullopt, {}});
  }

  // ---- My meals: queued, rejected, and the hub's tickets ----
  std::set<std::string> cancel_queued;  // tickets with a queued order_cancel
  std::set<std::string> seen_records;
  auto add = [&](MyMeal m) {
    if (!m.record_id.empty()) seen_records.insert(m.record_id);
    ctx.orders.push_back(std::move(m));
  };
  const meals::DietOrder* diet = ctx.diet ? &*ctx.diet : nullptr;
  for (const auto& r : sh.outbox) {
    auto p = protocol::ParseJsonText(r.payload_json);
    if (!p) continue;
    if (r.kind == "order_cancel") {
      const json& pj = p.value();
      if (pj.is_object() && pj.contains("ticket") && pj["ticket"].is_string()) cancel_queued.insert(pj["ticket"].get<std::string>());
      continue;
    }
    if (r.kind != "meal_order" || PayloadBed(p.value(), bound) != bed) continue;
    auto o = meals::ParseMealOrder(p.value());
    if (!o) continue;
    MyMeal m;
    m.record_id = r.id;
    m.order = o.value();
    m.order.location = bed;
    m.created_at_ms = r.created_at_ms;
    m.status = meals::DeriveOrderState({meals::OutboxState::kQueued, "", "", r.created_at_ms}, nullptr, m.order, diet,
                                       ctx.now.now_ms, ctx.config.late_promise_min);
    add(std::move(m));
  }
  for (const auto& d : sh.dead) {
    if (d.kind != "meal_order") continue;
    auto p = protocol::ParseJsonText(d.payload_json);
    if (!p || PayloadBed(p.value(), bound) != bed) continue;
    auto o = meals::ParseMealOrder(p.value());
    if (!o) continue;
    MyMeal m;
    m.record_id = d.id;
    m.order = o.value();
    m.order.location = bed;
    m.created_at_ms = d.created_at_ms;
    m.status = meals::DeriveOrderState({meals::OutboxState::kRejected, "", d.reason, d.created_at_ms}, nullptr, m.order,
                                       diet, ctx.now.now_ms, ctx.config.late_promise_min);
    add(std::move(m));
  }
  for (const auto& t : sh.tickets) {
    if (t.value("kind", "") != "meal" || t.value("location", "") != bed) continue;
    const std::string record = t.value("record_id", "");
    if (!record.empty() && seen_records.count(record)) continue;
    if (!t.contains("detail")) continue;
    auto o = meals::ParseMealOrder(t["detail"]);
    if (!o) continue;  // an order kept "unchecked" by a hub without catalogue: not the patient's format
    MyMeal m;
    m.record_id = record;
    m.order = o.value();
    m.order.location = bed;
    int64_t created = 0;
    if (!ParseIsoUtcMs(t["detail"].value("ordered_at", ""), &created)) ParseIsoUtcMs(t.value("created_at", ""), &created);
    m.created_at_ms = created;
    m.status = meals::DeriveOrderState({meals::OutboxState::kAcknowledged, t.value("id", ""), "", created}, &t, m.order, diet,
                                       ctx.now.now_ms, ctx.config.late_promise_min);
    m.cancel_pending = cancel_queued.count(m.status.ticket) > 0;
    auto can = meals::CanCancel(ctx.config, ctx.tz, m.order, t.value("status", ""), ctx.now.now_ms, m.status.due_ms);
    m.can_cancel = can.ok() && !m.cancel_pending;
    if (!can) m.cancel_refusal = meals::FormatReason(can.error());
    add(std::move(m));
  }
  std::stable_sort(ctx.orders.begin(), ctx.orders.end(),
                   [](const MyMeal& a, const MyMeal& b) { return a.created_at_ms > b.created_at_ms; });
  return ctx;
}

}  // namespace

Result<MealContext> LoadMealContext(offline::Store& store, const std::string& bed, int64_t local_now_ms,
                                    const MealLookupOptions& opt) {
  auto sh = ReadShared(store, local_now_ms, opt);
  if (!sh) return sh.error();
  return ContextFor(store, sh.value(), bed, /*with_menus=*/true);
}

Result<std::vector<mealui::WardBed>> LoadWardBeds(offline::Store& store, const std::string& ward, int64_t local_now_ms,
                                                  const MealLookupOptions& opt) {
  // The ward's beds: location entities of kind bed whose ward is `ward`, in code order.
  std::vector<std::pair<std::string, LocalText>> beds;
  auto rows = store.ListLocationsUnder(ward, 2000);
  if (!rows) return rows.error();
  for (const auto& text : rows.value()) {
    auto loc = protocol::ParseJsonText(text);
    if (!loc || !loc->is_object() || loc->value("kind", "") != "bed" || loc->value("ward", "") != ward) continue;
    beds.emplace_back(loc->value("code", ""), loc->contains("name") ? LocalText::FromJson(loc.value()["name"]) : LocalText{});
  }
  std::sort(beds.begin(), beds.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  auto sh = ReadShared(store, local_now_ms, opt);
  if (!sh) return sh.error();
  std::vector<mealui::WardBed> out;
  for (auto& [code, name] : beds) {
    const MealContext ctx = ContextFor(store, sh.value(), code, /*with_menus=*/false);
    out.push_back(mealui::SummarizeWardBed(std::move(code), std::move(name), ctx));
  }
  return out;
}

void RegisterMealLookups(JobRouter& router, Executor::Lane lane, std::shared_ptr<StoreReader> store, const Clock& clock) {
  // The bed grid: the ward's beds with diet and next meal's order. A failed read shows no grid (and the
  // log says why) rather than a grid that claims beds have nothing ordered.
  router.On<mealui::job::ReadWardBeds>(lane, [store, &clock](const mealui::job::ReadWardBeds& j) -> std::optional<Command> {
    auto s = store->Get();
    auto beds = s ? LoadWardBeds(*s.value(), j.ward, clock.NowUtcMs()) : Result<std::vector<mealui::WardBed>>(s.error());
    if (!beds) spdlog::warn("cannot read the beds of {}: {}", j.ward, beds.error().message);
    return mealui::cmd::WardBedsRead{j.ward, beds ? std::move(beds).value() : std::vector<mealui::WardBed>{}};
  });
  router.On<mealui::job::ReadMealContext>(lane, [store, &clock](const mealui::job::ReadMealContext& j) -> std::optional<Command> {
    auto s = store->Get();
    if (!s) return mealui::cmd::MealContextRead{j.bed, s.error()};
    return mealui::cmd::MealContextRead{j.bed, LoadMealContext(*s.value(), j.bed, clock.NowUtcMs())};
  });
}

}  // namespace onestop::app
