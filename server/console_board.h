// The desk board's view of tickets: which statuses are on the board and in which column, SLA
// targets per urgency, the names (locations, assets, teams, staff) a card shows, and text search.
// Pure view building over HubStore reads: no HTTP, no sessions, no ticket rules (tickets.h has those).
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/core/result.h"
#include "server/store.h"

namespace onestop::hub::board {

const std::vector<std::string>& BoardStatuses();
int UrgencyRank(const std::string& urgency);
// Is the ticket on the board (open, or followed up with an open call-back)?
bool OnBoard(const TicketRow& t);

// SLA targets per urgency (minutes), overridable by hub config `sla: {urgency: {response_min, completion_min}}`.
struct Sla {
  int64_t response_min, completion_min;
};

// Master rows the board needs to name things: locations, assets, teams, staff, SLA config.
struct Names {
  std::map<std::string, nlohmann::json> loc, asset, team, staff;
  std::map<std::string, Sla> sla;
};
Result<Names> LoadNames(HubStore& store, const std::vector<TicketRow>& tickets);
// The SLA targets that apply to a ticket (by its urgency; config overrides in `n`).
Sla SlaFor(const TicketRow& t, const Names& n);

// The ticket as the board shows it (names as the master data has them, SLA clocks at `now`).
nlohmann::json TicketView(const TicketRow& t, const Names& n, int64_t now);
// Text search over what the desk sees on a card.
bool Matches(const nlohmann::json& view, const std::string& q);

}  // namespace onestop::hub::board
