// Hub rules of the ward's service requests: repair_request, cleaning_request and complaint records
// each become a ticket of their kind with a responsible trade. Called through the push table
// (push_rules.cpp) after the shared checks; no HTTP, no SQL, no other record kinds here.
#pragma once
#include "kiosk/core/result.h"
#include "server/push_rules.h"

namespace onestop::hub {

// Each fills the new ticket's kind, trade (and asset) or refuses with Error{records::reason code, detail}.
Status RepairTicket(const PushedRecord& in, TicketRow& ticket);
Status CleaningTicket(const PushedRecord& in, TicketRow& ticket);
Status ComplaintTicket(const PushedRecord& in, TicketRow& ticket);

}  // namespace onestop::hub
