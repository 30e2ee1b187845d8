// Hub rule of escort_request records (陪检/运送): a valid request becomes an "escort" ticket for the
// transport trade. It judges with the core rule the kiosk ran (kiosk/core/features/escort/rules.h) and
// never retypes it; no HTTP and no SQL here, and no other record kind.
// Shaped like the request rules of the push table (server/push_rules.h on branch h12-tickets): at
// merge, EscortPushIn becomes that PushedRecord and EscortTicket one row of the table.
#pragma once
#include <cstdint>
#include <string>

#include "kiosk/core/protocol.h"
#include "kiosk/core/result.h"
#include "server/store.h"

namespace onestop::hub {

// A record that passed the shared checks (time window, payload whitelist, location within the
// terminal's binding and known to the hub), inside the push transaction. Same fields as PushedRecord.
struct EscortPushIn {
  HubTx& tx;
  const TerminalRow& term;
  const protocol::PushRecord& record;
  std::string location;  // payload.location or the terminal's own, already checked against its binding
  int64_t now_ms = 0;    // hub time
};

// Fills the new ticket's kind and trade, or refuses with Error{records::reason code, detail}.
Status EscortTicket(const EscortPushIn& in, TicketRow& ticket);

}  // namespace onestop::hub
