// Ticket wire shape: the hub's writer and the terminals' one reader (see ticket.h). Never throws on
// hostile input: every field is type-checked before it is read.
#include "kiosk/core/tickets/ticket.h"

#include "kiosk/core/clock.h"

namespace onestop::tickets {
namespace {
using nlohmann::json;

constexpr std::array<std::string_view, kAllKinds.size()> kKindNames = {"repair", "cleaning", "complaint", "meal"};

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t Ms(const std::string& iso) {
  int64_t ms = 0;
  return ParseIsoUtcMs(iso, &ms) ? ms : 0;
}

}  // namespace

std::string_view KindName(TicketKind k) { return kKindNames[static_cast<size_t>(k)]; }

std::optional<TicketKind> ParseKind(std::string_view name) {
  for (size_t i = 0; i < kKindNames.size(); ++i)
    if (kKindNames[i] == name) return kAllKinds[i];
  return std::nullopt;
}

std::vector<Step> Steps(const Ticket& t) {
  std::vector<Step> out;
  if (!t.history.is_array()) return out;
  for (const auto& h : t.history) {
    if (!h.is_object() || Str(h, "status").empty()) continue;
    Step s{Str(h, "status"), Str(h, "at"), 0, Str(h, "note")};
    s.at_ms = Ms(s.at);
    out.push_back(std::move(s));
  }
  return out;
}

int CompletionRound(const Ticket& t) {
  int n = 0;
  for (const auto& s : Steps(t))
    if (s.status == TicketStatus::kCompleted) ++n;
  return n;
}

std::optional<Step> LastStepInto(const Ticket& t, TicketStatus status) {
  std::optional<Step> last;
  for (auto& s : Steps(t))
    if (s.status == status) last = std::move(s);
  return last;
}

json RatingEntry(const std::string& rater, int round, int overall, int64_t at_ms, const json& given) {
  json e = {{"rater", rater}, {"round", round}, {"overall", overall}, {"at", FormatIsoUtcMs(at_ms)}};
  for (const char* k : {"dimensions", "tags", "comment", "reopen"})
    if (given.is_object() && given.contains(k)) e[k] = given[k];
  return e;
}

json TicketToJson(const Ticket& t) {
  return {{"id", t.id},
          {"kind", t.kind},
          {"trade", t.trade},
          {"status", t.status},
          {"location", t.location},
          {"asset", t.asset},
          {"record_id", t.record_id},
          {"team", t.team},
          {"worker", t.worker},
          {"callback", t.callback.empty() ? json(nullptr) : json(t.callback)},
          {"created_at", FormatIsoUtcMs(t.created_ms)},
          {"updated_at", FormatIsoUtcMs(t.updated_ms)},
          {"detail", t.detail},
          {"history", t.history},
          {"ratings", t.ratings}};
}

Result<Ticket> ParseTicket(const json& j) {
  if (!j.is_object()) return Error{"ticket.bad_entity", "a ticket must be a JSON object"};
  Ticket t;
  t.id = Str(j, "id");
  t.kind = Str(j, "kind");
  t.status = Str(j, "status");
  if (t.id.empty() || t.status.empty()) return Error{"ticket.bad_entity", "a ticket needs id and status"};
  t.trade = Str(j, "trade");
  t.location = Str(j, "location");
  t.asset = Str(j, "asset");
  t.record_id = Str(j, "record_id");
  t.team = Str(j, "team");
  t.worker = Str(j, "worker");
  // Older hubs sent the flag as a boolean (true = open).
  if (auto it = j.find("callback"); it != j.end())
    t.callback = it->is_string() ? it->get<std::string>() : it->is_boolean() && it->get<bool>() ? std::string(kCallbackOpen) : "";
  t.created_ms = Ms(Str(j, "created_at"));
  t.updated_ms = Ms(Str(j, "updated_at"));
  if (auto it = j.find("detail"); it != j.end() && it->is_object()) t.detail = *it;
  if (auto it = j.find("history"); it != j.end() && it->is_array()) t.history = *it;
  if (auto it = j.find("ratings"); it != j.end() && it->is_array()) t.ratings = *it;
  return t;
}

}  // namespace onestop::tickets
