// Pushed records (DESIGN §4 push): the checks every record passes (time window, payload whitelist,
// location within the terminal's binding), then the ONE table from record kind to its rule function,
// which lives in that kind's rule file (request_rules, meals, ratings). No HTTP and no SQL here; a new
// record kind is one row in the table (push_rules.cpp) and a rule file.
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "kiosk/core/protocol.h"
#include "kiosk/core/result.h"
#include "server/store.h"

namespace onestop::hub {

// What a kind's rule is given: a record that passed the shared checks, inside the push transaction.
struct PushedRecord {
  HubTx& tx;
  const TerminalRow& term;
  const protocol::PushRecord& record;
  std::string location;  // payload.location or the terminal's own, checked against its binding ("" if the kind has none)
  int64_t now_ms = 0;    // hub time
};

// Judges one new record (not seen before) and applies it: a ticket, a cancel, a rating. Rejections
// carry "<reason code>: <English detail>" (records::reason, meals::reason codes).
protocol::PushResult ApplyPushedRecord(HubTx& tx, const TerminalRow& term, const protocol::PushRecord& record,
                                       int64_t now_ms);

// payload[key] when it is a string; nullptr when absent or null; when of another type, nullptr and
// `*why` says so (rules refuse such a record with reason bad_field).
const std::string* OptString(const nlohmann::json& payload, const char* key, std::string* why);

}  // namespace onestop::hub
