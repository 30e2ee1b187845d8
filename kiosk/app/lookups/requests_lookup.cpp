// The requests feature's store reads: a scanned label's repair draft (asset register, pulled tickets,
// names, fault categories) and "My requests" with what still waits in the outbox. Reads only; a
// failed read answers with its error so the screen says so instead of waiting.
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "kiosk/app/lookups/lookups.h"
#include "kiosk/app/lookups/requests_lookup.h"
#include "kiosk/core/features/requests/commands.h"
#include "kiosk/core/features/requests/jobs.h"
#include "kiosk/core/features/requests/store_data.h"
#include "kiosk/core/protocol.h"

namespace onestop::app {
namespace {

using json = nlohmann::json;
namespace rq = requests;

// Pulled tickets are per location and few; this bound only keeps a corrupt store from flooding memory.
constexpr int kMaxTicketsScanned = 20000;
constexpr size_t kMaxRows = 100;
// A bed has a handful of assets and a ward some dozens of rooms and beds; the bounds keep a corrupt
// or unusual store from flooding a form with chips.
constexpr int kMaxAssetsHere = 200;
constexpr size_t kMaxClassesHere = 12;
constexpr int kMaxPlaces = 200;

// The register entry for the first lookup key that matches (label asset id, tag, GIAI, serial).
Result<std::optional<json>> LookUpAsset(offline::Store& store, const labels::ParsedLabel& label) {
  for (const auto& key : repair::AssetLookupKeys(label)) {
    auto rows = store.FindAssetsByCode(key);
    if (!rows) return rows.error();
    for (const auto& text : rows.value()) {
      auto j = protocol::ParseJsonText(text);
      if (j && j->is_object()) return std::optional<json>(std::move(j).value());
    }
  }
  return std::optional<json>();
}

Result<json> PulledTickets(offline::Store& store) {
  auto rows = store.ListEntities("ticket", kMaxTicketsScanned);
  if (!rows) return rows.error();
  json out = json::array();
  for (const auto& text : rows.value())
    if (auto j = protocol::ParseJsonText(text); j && j->is_object()) out.push_back(std::move(j).value());
  return out;
}

std::optional<json> Entity(offline::Store& store, const std::string& kind, const std::string& id) {
  auto row = store.GetEntity(kind, id);
  if (!row || !row.value()) return std::nullopt;
  auto j = protocol::ParseJsonText(*row.value());
  if (!j || !j->is_object()) return std::nullopt;
  return std::move(j).value();
}

LocalText NameOf(const std::optional<json>& j) {
  return j && j->contains("name") ? LocalText::FromJson((*j)["name"]) : LocalText{};
}

rq::cmd::DraftRead ReadDraft(offline::Store& store, const std::string& raw, int64_t now_ms) {
  auto label = labels::ParseLabel(raw);
  Result<repair::RepairDraft> draft =
      label ? RepairDraftFromStore(store, raw, label.value(), now_ms) : Result<repair::RepairDraft>(label.error());
  rq::DraftExtras extras;
  if (draft) {
    const repair::RepairDraft& d = draft.value();
    if (!d.location_code.empty()) extras.location_name = NameOf(Entity(store, "location", d.location_code));
    if (d.asset) {
      extras.trade_name = NameOf(Entity(store, "config", "trade:" + d.asset->trade));
      // The class's own vocabulary; a hub from before asset classes were pulled has only its faults.
      if (auto c = Entity(store, std::string(repair::kAssetClassEntity), d.asset->class_code)) {
        if (auto info = rq::AssetClassFromJson(*c)) {
          extras.categories = std::move(info->categories);
          extras.phrases = std::move(info->phrases);
        }
      } else if (auto f = Entity(store, "config", "faults:" + d.asset->class_code)) {
        extras.categories = rq::FaultCategoriesFromJson(*f);
      }
    }
  }
  return {raw, std::move(draft), std::move(extras)};
}

rq::cmd::RequestsRead ReadRequests(offline::Store& store, const std::string& location) {
  // Tickets are scoped to this terminal's area by the hub already; the bound is checked again here.
  std::vector<rq::TicketSummary> tickets;
  if (auto rows = store.ListEntities("ticket", kMaxTicketsScanned)) {
    for (const auto& text : rows.value()) {
      rq::TicketSummary t;
      if (auto j = protocol::ParseJsonText(text); j && rq::TicketSummaryFromJson(j.value(), &t)) tickets.push_back(std::move(t));
    }
  } else {
    spdlog::warn("cannot list tickets: {}", rows.error().message);
  }
  tickets = rq::SelectRequests(std::move(tickets), location, kMaxRows);
  std::vector<rq::PendingRequest> pending;
  if (auto out = store.PeekOutbox(kMaxRows, offline::kMaxPayloadBytes * 4)) {
    for (const auto& r : out.value()) {
      rq::PendingRequest p;
      if (rq::PendingFromOutbox(r.id, r.kind, r.payload_json, r.created_at_ms, &p)) pending.push_back(std::move(p));
    }
  }
  return {std::move(tickets), std::move(pending)};
}

std::vector<json> AssetsAt(offline::Store& store, const std::string& location) {
  std::vector<json> out;
  auto rows = store.FindAssetsAt(location, kMaxAssetsHere);
  if (!rows) {
    spdlog::warn("cannot list assets at {}: {}", location, rows.error().message);
    return out;
  }
  for (const auto& text : rows.value())
    if (auto j = protocol::ParseJsonText(text); j && j->is_object()) out.push_back(std::move(j).value());
  return out;
}

// The asset classes at a place (a bed: and in its room, where the TV, the light and the air
// conditioning are) and the rooms and beds under it. Only classes the hub describes are offered:
// the hub refuses a class it does not know.
rq::cmd::HereRead ReadHere(offline::Store& store, const std::string& location) {
  rq::HereData here;
  here.location = location;
  std::vector<json> assets = AssetsAt(store, location);
  if (auto self = Entity(store, "location", location)) {
    const std::string parent = self->value("parent", json()).is_string() ? (*self)["parent"].get<std::string>() : "";
    if (self->value("kind", json()) == "bed" && !parent.empty()) {
      std::vector<json> room = AssetsAt(store, parent);
      assets.insert(assets.end(), std::make_move_iterator(room.begin()), std::make_move_iterator(room.end()));
    }
  }
  for (const auto& code : rq::AssetClassCodes(assets, kMaxClassesHere))
    if (auto c = Entity(store, std::string(repair::kAssetClassEntity), code))
      if (auto info = rq::AssetClassFromJson(*c)) here.classes.push_back(std::move(*info));
  if (auto rows = store.ListLocationsUnder(location, kMaxPlaces)) {
    for (const auto& text : rows.value())
      if (auto j = protocol::ParseJsonText(text))
        if (auto p = rq::PlaceFromJson(j.value())) here.places.push_back(std::move(*p));
  } else {
    spdlog::warn("cannot list places under {}: {}", location, rows.error().message);
  }
  return {std::move(here)};
}

}  // namespace

Result<repair::RepairDraft> RepairDraftFromStore(offline::Store& store, const std::string& raw,
                                                 const labels::ParsedLabel& label, int64_t now_utc_ms) {
  auto asset = LookUpAsset(store, label);
  if (!asset) return asset.error();
  auto tickets = PulledTickets(store);
  if (!tickets) return tickets.error();
  return repair::BuildRepairDraft(raw, label, asset.value(), tickets.value(), now_utc_ms);
}

void RegisterRequestLookups(JobRouter& router, Executor::Lane lane, std::shared_ptr<StoreReader> store, const Clock& clock) {
  router.On<rq::job::LookUpLabel>(lane, [store, &clock](const rq::job::LookUpLabel& j) -> std::optional<Command> {
    auto s = store->Get();
    if (!s) return rq::cmd::DraftRead{j.raw, s.error(), {}};
    return ReadDraft(*s.value(), j.raw, clock.NowUtcMs());
  });
  router.On<rq::job::ReadHere>(lane, [store](const rq::job::ReadHere& j) -> std::optional<Command> {
    auto s = store->Get();
    if (!s) return rq::cmd::HereRead{rq::HereData{j.location, {}, {}}};
    return ReadHere(*s.value(), j.location);
  });
  router.On<rq::job::ListRequests>(lane, [store](const rq::job::ListRequests& j) -> std::optional<Command> {
    auto s = store->Get();
    if (!s) return rq::cmd::RequestsRead{};
    return ReadRequests(*s.value(), j.location);
  });
}

}  // namespace onestop::app
