// Ticket lifecycle rules and the desk's "move" operation. Rules only; storage goes through HubStore.
#include "server/tickets.h"

#include "kiosk/core/clock.h"

namespace onestop::hub {

Status ApplyTransition(TicketRow& t, std::string_view to, const std::string& actor, int64_t now_ms,
                       const std::string& note) {
  if (auto why = tickets::TransitionError(t.status, to); !why.empty()) return Error{"ticket.bad_transition", why};
  nlohmann::json h = {{"from", t.status}, {"status", to}, {"at", FormatIsoUtcMs(now_ms)}, {"actor", actor}};
  if (!note.empty()) h["note"] = note;
  t.history.push_back(std::move(h));
  t.status = std::string(to);
  t.updated_ms = now_ms;
  return Ok{};
}

Status ApplyTransition(TicketRow& t, TicketStatus to, const std::string& actor, int64_t now_ms, const std::string& note) {
  return ApplyTransition(t, tickets::StatusName(to), actor, now_ms, note);
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
  if (auto s = ApplyTransition(tk, TicketStatus::kDispatched, actor, now_ms, n); !s) return s.error();
  tk.history.back()["team"] = who.team;
  if (!who.worker.empty()) tk.history.back()["worker"] = who.worker;
  tk.team = who.team;
  tk.worker = who.worker;
  t.PutTicket(tk);
  return Ok{};
}

}  // namespace onestop::hub
