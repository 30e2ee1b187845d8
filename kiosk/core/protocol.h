// Sync protocol v1 (DESIGN §4): plain message structs and their JSON codecs, shared by kiosk and hub.
// Decoders never throw and never crash on hostile input (wrong types, truncation, HTML, deep nesting):
// they return Result with a reason. No I/O and no transport details live here.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/core/binding.h"
#include "kiosk/core/result.h"

namespace onestop::protocol {

inline constexpr int kMaxPushRecords = 500;              // per batch, else 413
inline constexpr size_t kMaxPushBytes = 1024 * 1024;     // body size per batch, else 413
inline constexpr int kMaxJsonDepth = 64;                 // deeper documents are refused before parsing
inline constexpr int kDefaultPullLimit = 500;
inline constexpr int kMaxPullLimit = 5000;

// ---- enums with stable wire names -------------------------------------------------------------
enum class RecordKind { kMealOrder, kOrderCancel, kRepairRequest, kCleaningRequest, kComplaint, kRating, kEscortRequest };
inline constexpr std::array<RecordKind, 7> kAllRecordKinds = {RecordKind::kMealOrder,       RecordKind::kOrderCancel,
                                                              RecordKind::kRepairRequest,   RecordKind::kCleaningRequest,
                                                              RecordKind::kComplaint,       RecordKind::kRating,
                                                              RecordKind::kEscortRequest};
std::string_view RecordKindName(RecordKind k);  // "meal_order", "order_cancel", ...
std::optional<RecordKind> ParseRecordKind(std::string_view name);


enum class PushStatus { kAccepted, kDuplicate, kRejected };
std::string_view PushStatusName(PushStatus s);  // "accepted", "duplicate", "rejected"
std::optional<PushStatus> ParsePushStatus(std::string_view name);

enum class ChangeOp { kUpsert, kDelete };
std::string_view ChangeOpName(ChangeOp op);  // "upsert", "delete"
std::optional<ChangeOp> ParseChangeOp(std::string_view name);

// ---- messages ---------------------------------------------------------------------------------
// The binding travels as {kind: RoleName, location}: kiosk/core/binding.h is its one type.
struct DeviceInfo {
  std::string serial;
  std::string kind;         // what the device says it is; the code decides the binding
  std::string app_version;
  bool operator==(const DeviceInfo&) const = default;
};

// POST /v1/enroll
struct EnrollRequest {
  std::string code;
  DeviceInfo device;
  bool operator==(const EnrollRequest&) const = default;
};
struct EnrollResponse {
  std::string terminal_id;
  std::string token;  // send as "Authorization: Bearer <token>"
  Binding binding;
  bool operator==(const EnrollResponse&) const = default;
};

// One outbox record. Payload conventions (validated by the hub, per kind):
//   meal_order:       {location?, slot, date, items:[{menu_item, qty}], late, diet:{code, allergens}, note?}
//                     (rules: kiosk/core/meals.h; rejections read "<code>: <detail>")
//   order_cancel:     {ticket}                      (ref of the meal order's ticket)
//   repair_request:   {location?, asset?, trade?, asset_class?, category?, description}
//   cleaning_request: {location?, description?}
//   complaint:        {location?, text}
//   rating:           {ticket, round, overall 1..5, dimensions?{name:1..5}, tags?[], comment?, reopen?,
//                     rater?}  (rules: kiosk/core/rating.h; rater = signed-in staff id, else the terminal)
//   escort_request:   {location, destination, mode, requested_at, note?}  (rules: features/escort/rules.h)
// A missing "location" means the terminal's bound location.
struct PushRecord {
  std::string id;  // client-generated UUID (lower-case on the wire), the idempotency key
  RecordKind kind = RecordKind::kMealOrder;
  int64_t created_at_ms = 0;  // UTC ms; ISO 8601 with ms on the wire
  nlohmann::json payload = nlohmann::json::object();
  bool operator==(const PushRecord&) const = default;
};

// POST /v1/sync/push
struct PushRequest {
  std::string terminal_id;
  std::vector<PushRecord> records;
  bool operator==(const PushRequest&) const = default;
};
// Results come in the order of the pushed records, one each. `id` echoes the record's id; it is empty
// when the record had no readable id (such a record is always rejected and cannot be remembered).
struct PushResult {
  std::string id;
  PushStatus status = PushStatus::kAccepted;
  std::string ref;     // e.g. the ticket id created; empty = absent on the wire
  std::string reason;  // why rejected; empty = absent on the wire
  bool operator==(const PushResult&) const = default;
};
struct PushResponse {
  std::vector<PushResult> results;
  int64_t server_time_ms = 0;  // "server_time" (ISO) on the wire
  bool operator==(const PushResponse&) const = default;
};

// GET /v1/sync/pull?cursor=C&limit=N. The cursor is the last seen seq (0 = from the start).
// Live pull (issue 18): "&wait=S" asks the hub to hold an empty answer up to S seconds (at most
// kMaxPullWaitS) until a change in the terminal's scope commits. The hub names the wait it granted in
// kPullWaitHeader: 0 = none now (all slots busy); no header = a hub without live pull.
inline constexpr int kMaxPullWaitS = 30;
inline constexpr const char* kPullWaitHeader = "X-OneStop-Wait";
std::string PullPath(int64_t cursor, int limit, int wait_s = 0);

struct Change {
  int64_t seq = 0;
  std::string entity;  // location, asset, part, menu, menu_item, diet_order, staff, ticket, notice, config
  ChangeOp op = ChangeOp::kUpsert;
  std::string id;
  nlohmann::json data = nlohmann::json::object();  // null for deletes
  bool operator==(const Change&) const = default;
};
struct PullResponse {
  std::vector<Change> changes;
  int64_t next_cursor = 0;
  bool more = false;
  bool operator==(const PullResponse&) const = default;
};

// RFC 9457 problem details ("application/problem+json").
struct Problem {
  std::string type = "about:blank";
  std::string title;
  int status = 0;
  std::string detail;
  bool operator==(const Problem&) const = default;
};

// ---- codecs -----------------------------------------------------------------------------------
// Parses JSON text without throwing; refuses documents nested deeper than max_depth (a deep
// document would otherwise overflow the stack when later serialised) and non-JSON such as HTML.
Result<nlohmann::json> ParseJsonText(std::string_view text, int max_depth = kMaxJsonDepth);

nlohmann::json ToJson(const Binding& v);
nlohmann::json ToJson(const DeviceInfo& v);
nlohmann::json ToJson(const EnrollRequest& v);
nlohmann::json ToJson(const EnrollResponse& v);
nlohmann::json ToJson(const PushRecord& v);
nlohmann::json ToJson(const PushRequest& v);
nlohmann::json ToJson(const PushResult& v);
nlohmann::json ToJson(const PushResponse& v);
nlohmann::json ToJson(const Change& v);
nlohmann::json ToJson(const PullResponse& v);
nlohmann::json ToJson(const Problem& v);

Result<Binding> BindingFromJson(const nlohmann::json& j);
Result<EnrollRequest> EnrollRequestFromJson(const nlohmann::json& j);
Result<EnrollResponse> EnrollResponseFromJson(const nlohmann::json& j);
Result<PushRecord> PushRecordFromJson(const nlohmann::json& j);
// Strict: fails if any record fails (the hub validates records one by one instead).
Result<PushRequest> PushRequestFromJson(const nlohmann::json& j);
Result<PushResult> PushResultFromJson(const nlohmann::json& j);
Result<PushResponse> PushResponseFromJson(const nlohmann::json& j);
Result<Change> ChangeFromJson(const nlohmann::json& j);
Result<PullResponse> PullResponseFromJson(const nlohmann::json& j);
Result<Problem> ProblemFromJson(const nlohmann::json& j);

// Text convenience: ParseJsonText + XFromJson.
Result<EnrollRequest> DecodeEnrollRequest(std::string_view body);
Result<EnrollResponse> DecodeEnrollResponse(std::string_view body);
Result<PushRequest> DecodePushRequest(std::string_view body);
Result<PushResponse> DecodePushResponse(std::string_view body);
Result<PullResponse> DecodePullResponse(std::string_view body);
Result<Problem> DecodeProblem(std::string_view body);

// ---- helpers ----------------------------------------------------------------------------------
// Random RFC 4122 version-4 UUID, lower-case ("xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx").
// Seeded from std::random_device once per thread; not for secrets (tokens use libsodium).
std::string NewUuidV4();
// True for the 8-4-4-4-12 hex form (any version, either case).
bool IsUuid(std::string_view s);
// At most max_bytes of s, cut at a UTF-8 character boundary (for quoting client input in reasons;
// a cut inside a character would make the JSON answer invalid).
std::string TruncateUtf8(std::string_view s, size_t max_bytes);
// True if `inner` equals `outer` or lies inside it ("B2-3F-W12-BED07" is inside "B2-3F-W12").
// An empty outer contains everything (unbound staff terminal).
bool LocationWithin(std::string_view inner, std::string_view outer);
// The comparable form of an enrollment code: ASCII upper case, dashes and spaces dropped, so
// "abcde-fghjk", "ABCDEFGHJK" and "ABCDE FGHJK" (a keypad may type any of them) are the same code.
std::string NormalizeEnrollCode(std::string_view code);
// Strict RFC 3339 UTC: "YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z" (upper-case T and Z, a real calendar day, no
// leap second, no offset). The form every terminal writes; anything else is a broken or hostile client.
bool ParseRfc3339UtcMs(std::string_view text, int64_t* utc_ms);

}  // namespace onestop::protocol
