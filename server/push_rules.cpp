// The push pipeline of one record (see push_rules.h): shared checks, then the kind's rule from the
// table below. Kind rules live in their own files; this file must not grow per-kind branches.
#include "server/push_rules.h"

#include "server/escort_rules.h"

#include <array>

#include "kiosk/core/clock.h"
#include "kiosk/core/meals.h"
#include "kiosk/core/record_rules.h"
#include "server/meals.h"
#include "server/ratings.h"
#include "server/request_rules.h"

namespace onestop::hub {
namespace {
using nlohmann::json;
namespace pr = onestop::protocol;

// A kind either makes a new ticket (the rule fills it: kind, trade, detail) or answers the record
// itself (a cancel or a rating changes an existing ticket).
struct KindRule {
  pr::RecordKind kind;
  bool needs_location;  // judged against the terminal's binding before the rule runs
  Status (*make_ticket)(const PushedRecord&, TicketRow&);
  pr::PushResult (*answer)(const PushedRecord&);
};

// The one table from record kind to its rule (and so to its rule file).
const std::array<KindRule, 7>& Rules() {
  static const std::array<KindRule, 7> k = {{
      {pr::RecordKind::kRepairRequest, true, RepairTicket, nullptr},
      {pr::RecordKind::kCleaningRequest, true, CleaningTicket, nullptr},
      {pr::RecordKind::kComplaint, true, ComplaintTicket, nullptr},
      {pr::RecordKind::kEscortRequest, true, EscortTicket, nullptr},
      {pr::RecordKind::kMealOrder, true, MealOrderTicket, nullptr},
      {pr::RecordKind::kOrderCancel, false, nullptr, ApplyOrderCancel},
      // Rules, rounds, call-back flag and reopen: server/ratings.h (same core rules as the kiosk).
      {pr::RecordKind::kRating, false, nullptr,
       [](const PushedRecord& in) { return ApplyRating(in.tx, in.term, in.record, in.now_ms); }},
  }};
  return k;
}

const KindRule* RuleOf(pr::RecordKind kind) {
  for (const auto& r : Rules())
    if (r.kind == kind) return &r;
  return nullptr;
}

}  // namespace

const std::string* OptString(const json& payload, const char* key, std::string* why) {
  auto it = payload.find(key);
  if (it == payload.end() || it->is_null()) return nullptr;
  if (!it->is_string()) {
    *why = std::string("payload.") + key + " must be a string";
    return nullptr;
  }
  return &it->get_ref<const std::string&>();
}

pr::PushResult ApplyPushedRecord(HubTx& t, const TerminalRow& term, const pr::PushRecord& r, int64_t now) {
  pr::PushResult res{r.id, pr::PushStatus::kRejected, "", ""};
  auto reject = [&](std::string why) {
    res.reason = std::move(why);
    return res;
  };
  auto refuse = [&](std::string_view code, const std::string& detail) { return reject(records::FormatReason({std::string(code), detail})); };
  const KindRule* rule = RuleOf(r.kind);
  if (!rule) return refuse(records::reason::kBadRecord, "no hub rule for this record kind");
  // Shared record rules first (kiosk/core/record_rules.h): the time window, then the payload's keys
  // and sizes, so no kind's rules ever see a key or a size the whitelist does not allow.
  if (auto s = records::CheckCreatedAt(r.created_at_ms, now); !s) return reject(records::FormatReason(s.error()));
  if (auto s = records::CheckPayload(r.kind, r.payload); !s) return reject(records::FormatReason(s.error()));
  std::string why;
  // Location: explicit, else the terminal's own; never outside the binding, never one the hub does not know.
  std::string location = term.binding.location;
  if (const std::string* loc = OptString(r.payload, "location", &why)) location = *loc;
  if (!why.empty()) return refuse(records::reason::kBadField, why);
  if (rule->needs_location) {
    if (location.empty())
      return refuse(records::reason::kMissingField, "payload.location is required for a terminal without a bound location");
    if (!pr::LocationWithin(location, term.binding.location))
      return refuse(records::reason::kOutOfScope, "location " + pr::TruncateUtf8(location, 64) +
                                                      " is outside this terminal's binding (" + term.binding.location + ")");
    // A hub without location master data (a bare test hub) cannot tell; one with it refuses made-up codes.
    if (!t.GetMaster("location", location) && t.CountMaster("location") > 0)
      return refuse(records::reason::kUnknownLocation, "no location " + pr::TruncateUtf8(location, 64) + " in the hub's master data");
  }
  const PushedRecord in{t, term, r, location, now};
  if (rule->answer) return rule->answer(in);

  TicketRow ticket;
  ticket.location = location;
  ticket.terminal_id = term.id;
  ticket.record_id = r.id;
  ticket.created_ms = ticket.updated_ms = now;
  ticket.status = tickets::StatusName(TicketStatus::kReceived);
  ticket.detail = r.payload;
  if (auto s = rule->make_ticket(in, ticket); !s) return reject(records::FormatReason(s.error()));
  ticket.id = t.NewTicketId();
  ticket.history = json::array(
      {{{"status", tickets::StatusName(TicketStatus::kReceived)}, {"at", FormatIsoUtcMs(now)}, {"actor", term.id}}});
  t.PutTicket(ticket);
  res.status = pr::PushStatus::kAccepted;
  res.ref = ticket.id;
  return res;
}

}  // namespace onestop::hub
