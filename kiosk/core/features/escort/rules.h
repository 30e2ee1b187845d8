// Escort / transport requests: a patient taken from a bed of the ward to an examination.
// The rules of record kind escort_request, shared by the ward kiosk (before it queues the record) and
// the hub (server/escort_rules.cpp, before it makes the ticket), plus the payload builder and parser.
// Pure rules: no I/O, no clock reads (callers pass created_at), no user-facing text (codes only), and
// no shell or view header, so the hub can include it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/core/result.h"

namespace onestop::escort {

// The codes, spelled once. Destinations and modes are wire values; their words live in the catalogs
// as "escort.dest.<code>" and "escort.mode.<code>".
const std::vector<std::string_view>& Destinations();  // ct, mri, xray, ultrasound, ecg, endoscopy, theatre, other
const std::vector<std::string_view>& Modes();         // wheelchair, bed, walking
bool IsDestination(std::string_view code);
bool IsMode(std::string_view code);

// "When" chips on the kiosk: a code and its offset from the moment the nurse sends.
struct WhenChoice {
  std::string_view code;  // now, in_30m, in_1h, in_2h ("escort.when.<code>" in the catalogs)
  int minutes;
};
const std::vector<WhenChoice>& WhenChoices();
// The offset of a When code, or -1 for an unknown one.
int WhenMinutes(std::string_view code);

// The ticket an accepted escort_request becomes at the hub.
inline constexpr std::string_view kTicketKind = "escort";
inline constexpr std::string_view kTrade = "transport";

// A requested time must lie in [created_at - kEarliestMs, created_at + kLatestMs]: a few minutes back
// for "now" sent by a kiosk whose tap and commit straddle a minute, a day ahead for planned exams.
// Judged against the record's own created_at (not the hub clock) so a request queued offline for
// hours is still judged as the nurse meant it.
inline constexpr int64_t kEarliestMs = 5LL * 60 * 1000;
inline constexpr int64_t kLatestMs = 24LL * 3600 * 1000;
inline constexpr std::size_t kMaxNoteChars = 500;

struct EscortDraft {
  std::string location;      // the patient's bed (inside the terminal's binding)
  std::string destination;   // one of Destinations()
  std::string mode;          // one of Modes()
  int64_t requested_at_ms = 0;
  std::string note;          // optional free text
};

// Error codes: escort.needs_location, escort.bad_location, escort.outside_binding,
// escort.bad_destination, escort.bad_mode, escort.bad_time, and text.* of repair::ValidateFreeText.
Status ValidateEscort(const EscortDraft& draft, std::string_view bound_location, int64_t created_at_ms);

// {location, destination, mode, requested_at (RFC 3339 UTC), note?}. Call only with a valid draft.
nlohmann::json EscortPayload(const EscortDraft& draft);
// The draft a payload carries; fails (escort.bad_payload, or escort.bad_time for an unreadable time)
// on a missing or mistyped key. A missing location is left empty for the caller to fill.
Result<EscortDraft> EscortFromPayload(const nlohmann::json& payload);

// The record refusal (records::reason code, detail) for a failed ValidateEscort, so the kiosk shows a
// translated reason: an unknown code or a bad time is a bad_field, too long a note field_too_long.
Error RecordRefusal(const Error& escort_error);

}  // namespace onestop::escort
