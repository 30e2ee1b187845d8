// Record rules shared by kiosk and hub (issue 11): which payload keys each record kind may carry, how
// large each may be, how large a whole record may be, and the window a record's created_at must lie in.
// The one whitelist: the kiosk's payload builders are tested against it and the hub refuses what breaks
// it. Pure rules: no I/O, no clock reads (callers pass "now"), no user-facing text (reason codes only).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/core/protocol.h"
#include "kiosk/core/result.h"

namespace onestop::records {

// Stable ASCII codes of record refusals. On the wire a refusal reads "<code>: <English detail>" like the
// meal reasons (meals::FormatReason / meals::ParseReason know these codes too), so the terminal can show
// a translated text; the detail names the key or value for the log and the dead-letter list.
namespace reason {
inline constexpr std::string_view kBadRecord = "bad_record";              // the envelope (id, kind, payload) is malformed
inline constexpr std::string_view kBadTime = "bad_time";                  // created_at missing, empty or not RFC 3339 UTC
inline constexpr std::string_view kTimeOutOfWindow = "time_out_of_window";  // created_at > 31 days old or > 24 h ahead
inline constexpr std::string_view kUnknownKey = "unknown_key";            // {key}: a payload key this kind does not use
inline constexpr std::string_view kBadField = "bad_field";                // {key}: wrong JSON type for the key
inline constexpr std::string_view kMissingField = "missing_field";        // {key}: a required value is absent or empty
inline constexpr std::string_view kFieldTooLong = "field_too_long";       // {key, max}: a value beyond its size cap
inline constexpr std::string_view kRecordTooLarge = "record_too_large";   // the payload beyond 8 KiB of JSON (photo aside)
inline constexpr std::string_view kBadPhoto = "bad_photo";                // the photo is no whole JPEG or beyond 150 KiB
inline constexpr std::string_view kUnknownLocation = "unknown_location";  // {location}: not in the hub's master data
inline constexpr std::string_view kOutOfScope = "out_of_scope";           // {location}: outside this terminal's binding
inline constexpr std::string_view kUnknownAssetClass = "unknown_asset_class";  // {class}: not in the hub's asset classes
}  // namespace reason
const std::vector<std::string_view>& AllReasonCodes();
bool IsReasonCode(std::string_view code);

// Size caps. Keys are counted in UTF-8 bytes of the value (strings) or of its JSON text (the rest).
inline constexpr std::size_t kMaxPayloadBytes = 8 * 1024;  // the payload's JSON text, "photo" not counted
inline constexpr std::size_t kMaxLocationBytes = 64;
inline constexpr std::size_t kMaxCodeBytes = 32;          // enum-like codes: urgency, category, type, slot, ...
inline constexpr std::size_t kMaxIdBytes = 64;            // asset, ticket, rater, menu_item ids
inline constexpr std::size_t kMaxLabelBytes = 512;        // a scanned label's raw text (DESIGN §5)
inline constexpr std::size_t kMaxTextBytes = 2000;        // description / complaint text (500 chars of CJK)

// created_at window, judged against the hub clock on arrival. A terminal may sit offline for days (a
// ward closed over a holiday, a broken switch): 31 days covers a month and still lets the hub tell a
// replayed or forged record from a late one. 24 h ahead tolerates a badly set kiosk clock without
// letting a record sort itself into tomorrow; rules that depend on time judge such a record at hub
// time (ratings clamp to it) or stricter (meals and cancels refuse more than 2 minutes ahead).
inline constexpr int64_t kMaxRecordAgeMs = 31LL * 24 * 3600 * 1000;
inline constexpr int64_t kMaxRecordAheadMs = 24LL * 3600 * 1000;

enum class FieldType { kString, kInteger, kBoolean, kObject, kArray };

// One allowed payload key. For objects, `sub_keys` lists the allowed keys (empty = any key: a map such
// as rating dimensions); for arrays of objects, the allowed keys of each element.
struct FieldRule {
  std::string_view key;
  FieldType type;
  std::size_t max_bytes;
  std::vector<std::string_view> sub_keys = {};
};

// The payload keys of one record kind (protocol.h lists the same shapes in prose).
const std::vector<FieldRule>& PayloadFields(protocol::RecordKind kind);

// Shape of a payload: only whitelisted keys (nested ones too), the right JSON type, each value within its
// cap, the whole payload within kMaxPayloadBytes with "photo" left out. Content rules (a repair needs an
// asset or a description, a dish must exist, ...) are the kinds' own. Error::code is a reason::k* code.
Status CheckPayload(protocol::RecordKind kind, const nlohmann::json& payload);

// created_at against the hub clock: within [now - kMaxRecordAgeMs, now + kMaxRecordAheadMs].
Status CheckCreatedAt(int64_t created_at_ms, int64_t now_ms);

// "<code>: <detail>" of an Error whose code is a reason::k* code.
std::string FormatReason(const Error& e);

}  // namespace onestop::records
