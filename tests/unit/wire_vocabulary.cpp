// Prints every wire literal kiosk/core spells (record kinds, record statuses, ticket statuses, reason
// codes), one a line, for wire_literals.cmake-script. Read from the core's own tables, so the guard
// cannot drift from them; prints nothing else and takes no input.
#include <iostream>

#include "kiosk/core/meals.h"
#include "kiosk/core/protocol.h"
#include "kiosk/core/record_rules.h"
#include "kiosk/core/tickets/ticket_status.h"

int main() {
  using namespace onestop;
  for (auto k : protocol::kAllRecordKinds) std::cout << protocol::RecordKindName(k) << "\n";
  for (auto s : {protocol::PushStatus::kAccepted, protocol::PushStatus::kDuplicate, protocol::PushStatus::kRejected})
    std::cout << protocol::PushStatusName(s) << "\n";
  for (auto s : tickets::kAllStatuses) std::cout << tickets::StatusName(s) << "\n";
  for (auto c : meals::AllReasonCodes()) std::cout << c << "\n";
  for (auto c : records::AllReasonCodes()) std::cout << c << "\n";
  return 0;
}
