// Loads tickets, staff and this terminal's own (queued or acknowledged) ratings from the kiosk store for the rating rules in core,
// and the names of what each ratable ticket is about (asset, place, worker). Bounded reads: a corrupt or oversized store must not
// flood memory.
#include "kiosk/app/lookups/rating_lookup.h"

#include <nlohmann/json.hpp>

#include "kiosk/app/lookups/lookups.h"
#include "kiosk/core/features/rating/commands.h"
#include "kiosk/core/features/rating/jobs.h"
#include "kiosk/core/features/requests/store_data.h"
#include "kiosk/core/repair.h"

#include <cstdint>
#include <unordered_map>

namespace onestop::app {
namespace {
constexpr int kMaxTickets = 20000;
constexpr int kMaxStaff = 20000;
constexpr size_t kMaxOutboxScan = 100000;
constexpr size_t kMaxReceiptScan = 2000;  // newest acknowledged ratings; older ones came back long ago
constexpr int kMaxPlaceDepth = 6;          // bed, room, ward, floor, building: deeper is a loop or bad data

using json = nlohmann::json;

std::string StrOf(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
LocalText NameIn(const json& j) {
  return j.is_object() && j.contains("name") ? LocalText::FromJson(j["name"]) : LocalText{};
}

// Master data rows by (entity, id), each read once per context: a ward's tickets share a handful of
// places, trades, classes and workers.
class MasterRows {
 public:
  explicit MasterRows(offline::Store& store) : store_(store) {}
  const json& Get(const std::string& entity, const std::string& id) {
    std::string key = entity + '\n' + id;
    if (auto it = rows_.find(key); it != rows_.end()) return it->second;
    json j;  // null: absent or unreadable, shown as unknown
    if (!id.empty())
      if (auto row = store_.GetEntity(entity, id); row && row.value())
        if (auto p = protocol::ParseJsonText(*row.value()); p && p->is_object()) j = std::move(p).value();
    return rows_.emplace(std::move(key), std::move(j)).first->second;
  }

 private:
  offline::Store& store_;
  std::unordered_map<std::string, json> rows_;
};

// "Ward 12 · Room 3 · Bed 7": the names from the ward (or, outside a ward, the building) down to the
// location, as the chooser and the status bar name places.
LocalText PlaceName(MasterRows& m, const std::string& code) {
  std::vector<LocalText> up;  // the location first
  std::string at = code;
  for (int depth = 0; depth < kMaxPlaceDepth && !at.empty(); ++depth) {
    const json& loc = m.Get("location", at);
    const std::string kind = loc.is_object() ? StrOf(loc, "kind") : "";
    if (!loc.is_object() || kind == "campus") break;
    if (LocalText n = NameIn(loc); !n.empty()) up.push_back(std::move(n));
    if (kind == "ward" || kind == "building") break;
    at = StrOf(loc, "parent");
  }
  LocalText out;
  for (Lang l : kAllLangs)
    for (auto it = up.rbegin(); it != up.rend(); ++it) {
      std::string& t = out.text[static_cast<size_t>(l)];
      t += (t.empty() ? "" : " \xC2\xB7 ") + it->Get(l);  // U+00B7 middle dot
    }
  return out;
}

// The fault category's name as the asset class defines it (the asset_class entity, or the older
// "faults:<class>" config of hubs from before asset classes were pulled).
LocalText CategoryName(MasterRows& m, const std::string& class_code, const std::string& category) {
  if (class_code.empty() || category.empty()) return {};
  std::vector<requests::FaultCategory> cats;
  if (auto c = requests::AssetClassFromJson(m.Get(std::string(repair::kAssetClassEntity), class_code)))
    cats = std::move(c->categories);
  else
    cats = requests::FaultCategoriesFromJson(m.Get("config", "faults:" + class_code));
  for (auto& c : cats)
    if (c.code == category) return c.name;
  return {};
}

TicketNames NamesFor(MasterRows& m, const staff::StaffDirectory& staff, const rating::TicketInfo& t) {
  TicketNames n;
  n.trade = NameIn(m.Get("config", "trade:" + t.trade));
  n.place = PlaceName(m, t.location);
  std::string class_code = t.detail.is_object() ? StrOf(t.detail, "asset_class") : "";
  if (!t.asset.empty()) {
    const json& a = m.Get("asset", t.asset);
    if (a.is_object()) {
      if (a.contains("class_name")) n.asset_class = LocalText::FromJson(a["class_name"]);
      if (const std::string c = StrOf(a, "class"); !c.empty()) class_code = c;
    }
  }
  if (n.asset_class.empty() && !class_code.empty())
    n.asset_class = NameIn(m.Get(std::string(repair::kAssetClassEntity), class_code));
  if (t.kind == "repair") n.category = CategoryName(m, class_code, t.detail.is_object() ? StrOf(t.detail, "category") : "");
  // Only the display name: the staff entity holds more (team, role), none of it shown here.
  if (const staff::StaffMember* w = t.worker.empty() ? nullptr : staff.ById(t.worker)) n.worker = LocalText::FromJson(w->name);
  if (n.worker.empty()) n.worker = NameIn(m.Get("config", "team:" + t.team));
  return n;
}

}  // namespace

Result<staff::StaffDirectory> LoadStaffDirectory(offline::Store& store) {
  auto staff_rows = store.ListEntities("staff", kMaxStaff);
  if (!staff_rows) return staff_rows.error();
  std::vector<staff::StaffMember> members;
  for (const auto& text : staff_rows.value())
    if (auto j = protocol::ParseJsonText(text); j)
      if (auto m = staff::StaffFromJson(j.value()); m) members.push_back(std::move(m).value());
  return staff::StaffDirectory(std::move(members));
}

Result<RatingContext> LoadRatingContext(offline::Store& store, const Binding& fallback) {
  RatingContext ctx;
  auto st = store.LoadSyncState();
  if (!st) return st.error();
  ctx.terminal_id = st->terminal_id;
  ctx.binding = fallback;
  if (st->binding) ctx.binding = *st->binding;

  auto tickets = store.ListEntities("ticket", kMaxTickets);
  if (!tickets) return tickets.error();
  for (const auto& text : tickets.value())
    if (auto j = protocol::ParseJsonText(text); j)
      if (auto t = rating::TicketFromJson(j.value()); t) ctx.tickets.push_back(std::move(t).value());

  auto directory = LoadStaffDirectory(store);
  if (!directory) return directory.error();
  ctx.staff = std::move(directory).value();

  // Names only for what can be rated: the rest of the pulled tickets are never shown here.
  MasterRows master(store);
  for (const auto& t : ctx.tickets)
    if (rating::IsRatableKind(t.kind) && rating::IsRatableStatus(t.status)) ctx.names[t.id] = NamesFor(master, ctx.staff, t);

  // A patient's rating carries no rater: the terminal is the rater (as the hub records it).
  const std::string patient = rating::RaterFor(ctx.binding, ctx.terminal_id, "");
  // Ratings still queued, and ratings the hub acknowledged whose effect a pull may not have brought
  // into the ticket yet: both are this terminal's, so the same completion is never rated twice.
  auto add = [&](const std::vector<offline::OutboxRecord>& records, bool pending) {
    for (const auto& rec : records) {
      if (rec.kind != "rating") continue;
      auto j = protocol::ParseJsonText(rec.payload_json);
      if (!j) continue;
      auto r = rating::SubmittedFromJson(j.value(), patient);
      if (!r) continue;
      r->pending = pending;
      if (r->at.empty()) r->at = FormatIsoUtcMs(rec.created_at_ms);
      ctx.own.push_back(std::move(r).value());
    }
  };
  auto outbox = store.PeekOutbox(kMaxOutboxScan, SIZE_MAX);
  if (!outbox) return outbox.error();
  add(outbox.value(), true);
  auto sent = store.ListReceipts("rating", kMaxReceiptScan);
  if (!sent) return sent.error();
  add(sent.value(), false);
  return ctx;
}

void RegisterRatingLookups(JobRouter& router, Executor::Lane lane, std::shared_ptr<StoreReader> store) {
  router.On<rateui::job::ReadRatingContext>(lane, [store](const rateui::job::ReadRatingContext& j) -> std::optional<Command> {
    auto s = store->Get();
    if (!s) return rateui::cmd::RatingContextRead{s.error()};
    return rateui::cmd::RatingContextRead{LoadRatingContext(*s.value(), j.fallback)};
  });
}

}  // namespace onestop::app
