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
// side exits cancelled / rejected.
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

}  // namespace onestop::hub
