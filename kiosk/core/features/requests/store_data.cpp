// Store rows → the requests feature's data (see store_data.h). Pure parsing for the app's worker.
#include "kiosk/core/features/requests/store_data.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "kiosk/core/clock.h"
#include "kiosk/core/protocol.h"
#include "kiosk/core/repair.h"
#include "kiosk/core/tickets/ticket.h"

namespace onestop::requests {
namespace {

using json = nlohmann::json;

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// What a request says in its own words: description, complaint text or note.
std::string PayloadSummary(const json& p) {
  for (const char* k : {"description", "text", "note"})
    if (std::string v = Str(p, k); !v.empty()) return v;
  return {};
}

// Every service ticket but meals (My meals follows those): repairs, cleaning, complaints, escorts and
// whatever kind the hub adds next, so a new service shows here without touching this feature.
bool IsRequestKind(const std::string& ticket_kind) { return !ticket_kind.empty() && !(ticket_kind == tickets::TicketKind::kMeal); }

// The records that become such tickets (meal orders, cancellations and ratings do not).
bool IsRequestRecord(const std::string& record_kind) {
  using protocol::RecordKind;
  const auto k = protocol::ParseRecordKind(record_kind);
  return k && *k != RecordKind::kMealOrder && *k != RecordKind::kOrderCancel && *k != RecordKind::kRating;
}

}  // namespace

bool TicketSummaryFromJson(const json& j, TicketSummary* out) {
  auto tk = tickets::ParseTicket(j);
  if (!tk) return false;
  TicketSummary t;
  t.id = tk->id;
  t.kind = tk->kind;
  t.status = tk->status;
  t.location = tk->location;
  t.asset = tk->asset;
  t.created_ms = tk->created_ms;
  t.updated_ms = tk->updated_ms;
  t.summary = PayloadSummary(tk->detail);
  for (auto& step : tickets::Steps(tk.value())) t.steps.emplace_back(std::move(step.status), step.at_ms);
  *out = std::move(t);
  return true;
}

bool PendingFromOutbox(const std::string& record_id, const std::string& kind, const std::string& payload_json,
                       int64_t created_ms, PendingRequest* out) {
  if (!IsRequestRecord(kind)) return false;
  PendingRequest p{record_id, kind, {}, created_ms};
  if (auto j = protocol::ParseJsonText(payload_json); j && j->is_object()) p.summary = PayloadSummary(j.value());
  *out = std::move(p);
  return true;
}

std::vector<TicketSummary> SelectRequests(std::vector<TicketSummary> all, const std::string& bound_location,
                                          size_t limit) {
  std::vector<TicketSummary> out;
  for (auto& t : all)
    if (IsRequestKind(t.kind) && protocol::LocationWithin(t.location, bound_location)) out.push_back(std::move(t));
  std::stable_sort(out.begin(), out.end(), [](const TicketSummary& a, const TicketSummary& b) {
    return a.created_ms != b.created_ms ? a.created_ms > b.created_ms : a.id > b.id;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

namespace {

std::vector<FaultCategory> CategoriesOf(const json& list) {
  std::vector<FaultCategory> out;
  if (!list.is_array()) return out;
  for (const auto& e : list) {
    const std::string code = e.is_object() ? Str(e, "code") : std::string();
    // Codes travel in the payload; the core's validation accepts [a-z0-9_] only.
    if (!repair::IsCode(code)) continue;
    out.push_back({code, e.contains("name") ? LocalText::FromJson(e["name"]) : LocalText::Same(code)});
  }
  return out;
}

// Hub data is bounded by the hub, but a phrase list that floods the form helps nobody.
constexpr size_t kMaxPhrases = 8;

}  // namespace

std::vector<FaultCategory> FaultCategoriesFromJson(const json& j) {
  if (!j.is_object()) return {};
  auto c = j.find("categories");
  return c == j.end() ? std::vector<FaultCategory>{} : CategoriesOf(*c);
}

std::optional<AssetClassInfo> AssetClassFromJson(const json& j) {
  if (!j.is_object()) return std::nullopt;
  AssetClassInfo c;
  c.code = Str(j, "code");
  if (!repair::IsCode(c.code)) return std::nullopt;
  c.name = j.contains("name") ? LocalText::FromJson(j["name"]) : LocalText{};
  if (c.name.empty()) c.name = LocalText::Same(c.code);
  if (auto f = j.find("faults"); f != j.end()) c.categories = CategoriesOf(*f);
  if (auto p = j.find("phrases"); p != j.end() && p->is_array())
    for (const auto& e : *p) {
      LocalText t = LocalText::FromJson(e);
      if (!t.empty() && c.phrases.size() < kMaxPhrases) c.phrases.push_back(std::move(t));
    }
  return c;
}

std::optional<Place> PlaceFromJson(const json& j) {
  if (!j.is_object()) return std::nullopt;
  const std::string kind = Str(j, "kind");
  if (kind != "room" && kind != "bed") return std::nullopt;
  Place p;
  p.code = Str(j, "code");
  if (p.code.empty()) return std::nullopt;
  p.parent = Str(j, "parent");
  p.name = j.contains("name") ? LocalText::FromJson(j["name"]) : LocalText{};
  if (p.name.empty()) p.name = LocalText::Same(p.code);
  return p;
}

std::vector<std::string> AssetClassCodes(const std::vector<json>& assets, size_t limit) {
  std::vector<std::string> out;
  for (const auto& a : assets) {
    const std::string c = a.is_object() ? Str(a, "class") : std::string();
    if (repair::IsCode(c) && std::find(out.begin(), out.end(), c) == out.end() && out.size() < limit) out.push_back(c);
  }
  return out;
}

}  // namespace onestop::requests
