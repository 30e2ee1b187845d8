// The ticket as it travels from hub to terminals: the `ticket` entity of a pull change. The hub writes
// it with TicketToJson and every terminal reads it with ParseTicket, so the shape has one definition.
// Features (my requests, rating, repair, meals) build their own views from a Ticket; they must not
// read the pulled JSON themselves. No I/O and no storage here.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/core/result.h"
#include "kiosk/core/tickets/ticket_status.h"

namespace onestop::tickets {

// What a ticket is about; a pushed record kind (protocol::RecordKind) creates one of these.
enum class TicketKind { kRepair, kCleaning, kComplaint, kMeal };
inline constexpr std::array<TicketKind, 4> kAllKinds = {TicketKind::kRepair, TicketKind::kCleaning, TicketKind::kComplaint,
                                                        TicketKind::kMeal};
std::string_view KindName(TicketKind k);  // "repair", "cleaning", "complaint", "meal"
std::optional<TicketKind> ParseKind(std::string_view name);
// `row.kind == TicketKind::kMeal`, like the status comparison in ticket_status.h.
inline bool operator==(std::string_view name, TicketKind k) { return name == KindName(k); }

// The ticket's call-back flag: "" none, "open" (a rating <= 2 asks the desk to call back), "done".
inline constexpr std::string_view kCallbackOpen = "open";
inline constexpr std::string_view kCallbackDone = "done";

struct Ticket {
  std::string id;            // "TK-000001"
  std::string kind;          // KindName(TicketKind)
  std::string trade;         // responsible trade (electrical, cleaning, kitchen, ...)
  std::string status;        // StatusName(TicketStatus)
  std::string location;
  std::string asset;
  std::string record_id;     // the outbox record that created it
  std::string team;          // service team it was dispatched to ("" = not dispatched yet)
  std::string worker;        // staff id of the worker ("" = the team as a whole)
  std::string callback;      // "", kCallbackOpen or kCallbackDone
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
  nlohmann::json detail = nlohmann::json::object();  // the record payload, as submitted (photo bytes left out)
  nlohmann::json history = nlohmann::json::array();  // [{from?, status, at, actor, note?, team?, worker?}]
  // [{rater, round, overall, at, dimensions?, tags?, comment?, reopen?}] (rating.h reads an entry). The hub
  // keeps ratings in their own table and fills this only when it writes the change.
  nlohmann::json ratings = nlohmann::json::array();
};

// One step of a ticket's history, as terminals show it.
struct Step {
  std::string status;
  std::string at;      // ISO 8601 UTC as sent
  int64_t at_ms = 0;   // 0 when `at` did not parse
  std::string note;
};
// The well-formed steps (objects with a status), in history order.
std::vector<Step> Steps(const Ticket& t);
// How many times the ticket entered "completed" (its current rating round; 0 = never completed).
int CompletionRound(const Ticket& t);
// The last step into `status`, if any.
std::optional<Step> LastStepInto(const Ticket& t, TicketStatus status);

// One ratings[] entry as the hub writes it: the fixed fields plus the rating's own keys from `given`
// (the pushed rating payload: dimensions, tags, comment, reopen).
nlohmann::json RatingEntry(const std::string& rater, int round, int overall, int64_t at_ms, const nlohmann::json& given);

// The wire shape of the ticket change (hub side).
nlohmann::json TicketToJson(const Ticket& t);
// The one reader of a pulled ticket. Never throws; wrong types read as absent. Fails (code
// ticket.bad_entity) on a non-object or a ticket without id or status (a reader that needs the kind,
// such as rating, checks it itself).
Result<Ticket> ParseTicket(const nlohmann::json& j);

}  // namespace onestop::tickets
