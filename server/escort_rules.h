// Hub rule of escort_request records: a valid request becomes an "escort" ticket for the
// transport trade. It judges with the core rule the kiosk ran (kiosk/core/features/escort/rules.h) and
// never retypes it; no HTTP and no SQL here, and no other record kind.
// One row of the push table (server/push_rules.cpp).
#pragma once
#include <cstdint>
#include <string>

#include "kiosk/core/protocol.h"
#include "kiosk/core/result.h"
#include "server/push_rules.h"
#include "server/store.h"

namespace onestop::hub {

// Fills the new ticket's kind and trade, or refuses with Error{records::reason code, detail}.
Status EscortTicket(const PushedRecord& in, TicketRow& ticket);

}  // namespace onestop::hub
