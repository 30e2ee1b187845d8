// Moving stored tickets (DESIGN §6): the one place that applies the lifecycle of
// kiosk/core/tickets/ticket_status.h to a hub ticket and records who moved it when. No HTTP here.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.h"
#include "kiosk/core/tickets/ticket_status.h"
#include "server/store.h"

namespace onestop::hub {

// The lifecycle itself (statuses, allowed moves, the reopen edge) is kiosk/core/tickets/ticket_status.h,
// shared with the terminals; this file applies it to stored tickets.

// Appends the transition to t's history and sets status/updated time; checks the rule first.
// `to` is a wire name (the desk's request); an unknown one is refused like a wrong move.
Status ApplyTransition(TicketRow& t, std::string_view to, const std::string& actor, int64_t now_ms,
                       const std::string& note = "");
Status ApplyTransition(TicketRow& t, TicketStatus to, const std::string& actor, int64_t now_ms,
                       const std::string& note = "");

// Moves a stored ticket in its own transaction (desk and CLI); emits the ticket change.
Result<TicketRow> MoveTicket(HubStore& store, const std::string& id, const std::string& to, const std::string& actor,
                             int64_t now_ms, const std::string& note = "");

// Who a ticket is dispatched to. At least one is needed; a worker alone implies the worker's team.
struct Assignment {
  std::string team;    // team code (config "team:<code>")
  std::string worker;  // staff id
};
// Moves a ticket to dispatched and records team and worker (history entry carries them too).
// Checks them against master data when the hub has staff: the team must exist, the worker must be a
// staff member of that team. Codes: dispatch.needs_assignee, dispatch.unknown_team,
// dispatch.unknown_worker, dispatch.team_mismatch, plus MoveTicket's.
Result<TicketRow> DispatchTicket(HubStore& store, const std::string& id, const Assignment& to, const std::string& actor,
                                 int64_t now_ms, const std::string& note = "");
// The same dispatch on a ticket already read in the caller's transaction (the console commits its
// audit row with it); stores the ticket on success. Same rules and codes as DispatchTicket.
Status DispatchInTx(HubTx& tx, TicketRow& ticket, const Assignment& to, const std::string& actor, int64_t now_ms,
                    const std::string& note = "");

}  // namespace onestop::hub
