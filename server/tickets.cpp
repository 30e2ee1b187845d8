// Ticket lifecycle rules and the desk's "move" operation. Rules only; storage goes through HubStore.
#include "server/tickets.h"

#include <algorithm>

#include "kiosk/core/clock.h"

namespace onestop::hub {

const std::vector<std::string_view>& TicketStatuses() {
  static const std::vector<std::string_view> k = {"received",  "accepted",    "dispatched", "in_progress", "completed",
                                                  "followed_up", "assessed", "cancelled",  "rejected"};
  return k;
}

bool IsTicketStatus(std::string_view s) {
  const auto& all = TicketStatuses();
  return std::find(all.begin(), all.end(), s) != all.end();
}

std::string TicketTransitionError(std::string_view from, std::string_view to) {
  if (!IsTicketStatus(to)) {
    std::string allowed;
    for (auto s : TicketStatuses()) allowed += (allowed.empty() ? "" : ", ") + std::string(s);
    return "unknown status \"" + std::string(to) + "\" (one of: " + allowed + ")";
  }
  static const std::vector<std::string_view> main_line = {"received",  "accepted",    "dispatched", "in_progress",
                                                          "completed", "followed_up", "assessed"};
  const auto pos = [&](std::string_view s) { return std::find(main_line.begin(), main_line.end(), s) - main_line.begin(); };
  const auto f = pos(from), t = pos(to);
  const auto n = static_cast<long>(main_line.size());
  if (from == "cancelled" || from == "rejected" || from == "assessed")
    return "ticket is already " + std::string(from) + "; it cannot change any more";
  if (IsReopen(from, to)) return "";
  if (to == "cancelled") {
    // Work that is finished cannot be cancelled, only rated and assessed.
    if (f <= pos("in_progress")) return "";
    return "a " + std::string(from) + " ticket cannot be cancelled";
  }
  if (to == "rejected") {
    if (f <= pos("accepted")) return "";
    return "only received or accepted tickets can be rejected, this one is " + std::string(from);
  }
  if (f < n && t < n && t == f + 1) return "";
  return "cannot move a ticket from " + std::string(from) + " to " + std::string(to) + " (next step is " +
         (f + 1 < n ? std::string(main_line[static_cast<size_t>(f + 1)]) : std::string("none")) + ")";
}

bool IsReopen(std::string_view from, std::string_view to) {
  return to == "accepted" && (from == "completed" || from == "followed_up");
}

int CompletionRound(const TicketRow& t) {
  int n = 0;
  if (t.history.is_array())
    for (const auto& h : t.history)
      if (h.is_object() && h.value("status", "") == "completed") ++n;
  return n;
}

Status ApplyTransition(TicketRow& t, std::string_view to, const std::string& actor, int64_t now_ms,
                       const std::string& note) {
  if (auto why = TicketTransitionError(t.status, to); !why.empty()) return Error{"ticket.bad_transition", why};
  nlohmann::json h = {{"from", t.status}, {"status", to}, {"at", FormatIsoUtcMs(now_ms)}, {"actor", actor}};
  if (!note.empty()) h["note"] = note;
  t.history.push_back(std::move(h));
  t.status = std::string(to);
  t.updated_ms = now_ms;
  return Ok{};
}

Result<TicketRow> MoveTicket(HubStore& store, const std::string& id, const std::string& to, const std::string& actor,
                             int64_t now_ms, const std::string& note) {
  auto tx = store.Begin();
  if (!tx) return tx.error();
  auto t = tx.value()->GetTicket(id);
  if (!tx.value()->ok()) return Error{"store.tx", "cannot read ticket " + id};
  if (!t) return Error{"ticket.unknown", "no ticket with id " + id + " (see `tickets list`)"};
  if (auto s = ApplyTransition(*t, to, actor, now_ms, note); !s) return s.error();
  tx.value()->PutTicket(*t);
  if (auto s = tx.value()->Commit(); !s) return s.error();
  return *t;
}

Result<TicketRow> DispatchTicket(HubStore& store, const std::string& id, const Assignment& a, const std::string& actor,
                                 int64_t now_ms, const std::string& note) {
  if (a.team.empty() && a.worker.empty())
    return Error{"dispatch.needs_assignee", "dispatching needs --team CODE and/or --worker STAFF_ID"};
  auto tx = store.Begin();
  if (!tx) return tx.error();
  HubTx& t = *tx.value();
  auto tk = t.GetTicket(id);
  if (!t.ok()) return Error{"store.tx", "cannot read ticket " + id};
  if (!tk) return Error{"ticket.unknown", "no ticket with id " + id + " (see `tickets list`)"};
  if (auto s = DispatchInTx(t, *tk, a, actor, now_ms, note); !s) return s.error();
  if (auto s = t.Commit(); !s) return s.error();
  return *tk;
}

Status DispatchInTx(HubTx& t, TicketRow& tk, const Assignment& a, const std::string& actor, int64_t now_ms,
                    const std::string& note) {
  if (a.team.empty() && a.worker.empty())
    return Error{"dispatch.needs_assignee", "dispatching needs a team and/or a worker"};
  Assignment who = a;
  // Without master data (a bare hub) the names are taken as given; with it they must exist.
  const bool checked = t.CountMaster("staff") > 0;
  if (checked && !who.worker.empty()) {
    auto w = t.GetMaster("staff", who.worker);
    if (!w) return Error{"dispatch.unknown_worker", "no staff member " + who.worker + " in the hub's master data"};
    const std::string wteam = w->contains("team") && (*w)["team"].is_string() ? (*w)["team"].get<std::string>() : "";
    if (wteam.empty()) return Error{"dispatch.unknown_worker", who.worker + " is not in a service team"};
    if (who.team.empty()) who.team = wteam;
    if (who.team != wteam)
      return Error{"dispatch.team_mismatch", "worker " + who.worker + " belongs to team " + wteam + ", not " + who.team};
  }
  if (checked && !t.GetMaster("config", "team:" + who.team))
    return Error{"dispatch.unknown_team", "no team " + who.team + " in the hub's master data (config team:<code>)"};
  std::string n = note.empty() ? "team " + who.team + (who.worker.empty() ? "" : ", worker " + who.worker) : note;
  if (auto s = ApplyTransition(tk, "dispatched", actor, now_ms, n); !s) return s.error();
  tk.history.back()["team"] = who.team;
  if (!who.worker.empty()) tk.history.back()["worker"] = who.worker;
  tk.team = who.team;
  tk.worker = who.worker;
  t.PutTicket(tk);
  return Ok{};
}

}  // namespace onestop::hub
