// Store rows → the requests feature's data (see store_data.h). Pure parsing for the app's worker.
#include "kiosk/core/features/requests/store_data.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "kiosk/core/clock.h"
#include "kiosk/core/protocol.h"
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

bool IsRequestKind(const std::string& ticket_kind) {
  return ticket_kind == "repair" || ticket_kind == "cleaning" || ticket_kind == "complaint";
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
  if (kind != "repair_request" && kind != "cleaning_request" && kind != "complaint") return false;
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

std::vector<FaultCategory> FaultCategoriesFromJson(const json& j) {
  std::vector<FaultCategory> out;
  if (!j.is_object()) return out;
  auto c = j.find("categories");
  if (c == j.end() || !c->is_array()) return out;
  for (const auto& e : *c) {
    const std::string code = e.is_object() ? Str(e, "code") : std::string();
    // Codes travel in the payload; the core's validation accepts [a-z0-9_] only.
    if (code.empty() || code.size() > 32 ||
        !std::all_of(code.begin(), code.end(), [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'; }))
      continue;
    out.push_back({code, e.contains("name") ? LocalText::FromJson(e["name"]) : LocalText::Same(code)});
  }
  return out;
}

}  // namespace onestop::requests
