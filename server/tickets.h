// Ticket lifecycle (DESIGN §6), owned by the hub: which status may follow which, and the one place
// that moves a ticket and records who moved it when. Terminals only mirror it; no HTTP here.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.h"
#include "server/store.h"

namespace onestop::hub {

// received → accepted → dispatched → in_progress → completed → followed_up → assessed,
// side exits cancelled / rejected, and one way back: the reopen edge completed | followed_up → accepted
// (a rater unhappy with the work, overall <= 2, or the desk after a call-back). A reopened ticket is
// dispatched and completed again; each completion is a new rating round.
const std::vector<std::string_view>& TicketStatuses();
bool IsTicketStatus(std::string_view s);
// Empty when allowed, else why not (for the desk user or the terminal).
std::string TicketTransitionError(std::string_view from, std::string_view to);

// Appends the transition to t's history and sets status/updated time; checks the rule first.
Status ApplyTransition(TicketRow& t, std::string_view to, const std::string& actor, int64_t now_ms,
                       const std::string& note = "");

// Moves a stored ticket in its own transaction (desk and CLI); emits the ticket change.
Result<TicketRow> MoveTicket(HubStore& store, const std::string& id, const std::string& to, const std::string& actor,
                             int64_t now_ms, const std::string& note = "");

// True for the reopen edge (completed | followed_up → accepted).
bool IsReopen(std::string_view from, std::string_view to);
// How many times the ticket entered "completed" (its current rating round; 0 = never completed).
int CompletionRound(const TicketRow& t);

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
