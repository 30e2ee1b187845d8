// Rules of escort_request records (see rules.h), shared by kiosk and hub. Must stay free of I/O and
// clock reads, and must never throw on hostile JSON (the hub feeds it what terminals pushed).
#include "kiosk/core/features/escort/rules.h"

#include <algorithm>

#include "kiosk/core/clock.h"
#include "kiosk/core/protocol.h"
#include "kiosk/core/record_rules.h"
#include "kiosk/core/repair.h"

namespace onestop::escort {
namespace {
using nlohmann::json;

Error Fail(std::string code, std::string message) { return Error{std::move(code), std::move(message)}; }

bool OneOf(std::string_view v, const std::vector<std::string_view>& list) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

std::string Joined(const std::vector<std::string_view>& list) {
  std::string out;
  for (auto v : list) out += (out.empty() ? "" : ", ") + std::string(v);
  return out;
}

// The location code form of the master data: letters, digits and dashes (e.g. B2-3F-W12-BED07).
bool ValidLocationCode(std::string_view s) {
  if (s.empty() || s.size() > records::kMaxLocationBytes) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

}  // namespace

const std::vector<std::string_view>& Destinations() {
  static const std::vector<std::string_view> k = {"ct", "mri", "xray", "ultrasound", "ecg", "endoscopy", "theatre", "other"};
  return k;
}

const std::vector<std::string_view>& Modes() {
  static const std::vector<std::string_view> k = {"wheelchair", "bed", "walking"};
  return k;
}

bool IsDestination(std::string_view code) { return OneOf(code, Destinations()); }
bool IsMode(std::string_view code) { return OneOf(code, Modes()); }

const std::vector<WhenChoice>& WhenChoices() {
  static const std::vector<WhenChoice> k = {{"now", 0}, {"in_30m", 30}, {"in_1h", 60}, {"in_2h", 120}};
  return k;
}

int WhenMinutes(std::string_view code) {
  for (const auto& w : WhenChoices())
    if (w.code == code) return w.minutes;
  return -1;
}

Status ValidateEscort(const EscortDraft& d, std::string_view bound_location, int64_t created_at_ms) {
  if (d.location.empty()) return Fail("escort.needs_location", "Choose the patient's bed.");
  if (!ValidLocationCode(d.location))
    return Fail("escort.bad_location", "\"" + protocol::TruncateUtf8(d.location, 64) + "\" is not a location code.");
  if (!protocol::LocationWithin(d.location, bound_location))
    return Fail("escort.outside_binding", "Location " + d.location + " is outside this terminal's area (" +
                                              std::string(bound_location) + ").");
  if (!IsDestination(d.destination))
    return Fail("escort.bad_destination", "Destination \"" + protocol::TruncateUtf8(d.destination, 32) +
                                              "\" is not one of " + Joined(Destinations()) + ".");
  if (!IsMode(d.mode))
    return Fail("escort.bad_mode", "Transport \"" + protocol::TruncateUtf8(d.mode, 32) + "\" is not one of " +
                                       Joined(Modes()) + ".");
  if (d.requested_at_ms < created_at_ms - kEarliestMs || d.requested_at_ms > created_at_ms + kLatestMs)
    return Fail("escort.bad_time", "The requested time " + FormatIsoUtcMs(d.requested_at_ms) +
                                       " must lie between 5 minutes before and 24 hours after " +
                                       FormatIsoUtcMs(created_at_ms) + ".");
  if (auto s = repair::ValidateFreeText(d.note, kMaxNoteChars, "note"); !s) return s;
  return Ok{};
}

json EscortPayload(const EscortDraft& d) {
  json p = {{"location", d.location}, {"destination", d.destination}, {"mode", d.mode},
            {"requested_at", FormatIsoUtcMs(d.requested_at_ms)}};
  if (!d.note.empty()) p["note"] = d.note;
  return p;
}

Result<EscortDraft> EscortFromPayload(const json& p) {
  if (!p.is_object()) return Fail("escort.bad_payload", "the escort_request payload must be a JSON object");
  EscortDraft d;
  auto str = [&](const char* key, std::string* out, bool required) -> Status {
    auto it = p.find(key);
    if (it == p.end() || it->is_null()) {
      if (required) return Fail("escort.bad_payload", std::string("payload.") + key + " is required");
      return Ok{};
    }
    if (!it->is_string()) return Fail("escort.bad_payload", std::string("payload.") + key + " must be a string");
    *out = it->get<std::string>();
    return Ok{};
  };
  std::string when;
  for (auto s : {str("location", &d.location, false), str("destination", &d.destination, true),
                 str("mode", &d.mode, true), str("requested_at", &when, true), str("note", &d.note, false)})
    if (!s) return s.error();
  // The strict wire form only: a kiosk writes exactly this, anything else is a broken client.
  if (!protocol::ParseRfc3339UtcMs(when, &d.requested_at_ms))
    return Fail("escort.bad_time", "payload.requested_at must be an RFC 3339 UTC time, e.g. 2026-11-22T14:30:00.000Z");
  return d;
}

Error RecordRefusal(const Error& e) {
  namespace rs = records::reason;
  std::string_view code = rs::kBadField;
  if (e.code == "escort.needs_location") code = rs::kMissingField;
  else if (e.code == "escort.outside_binding") code = rs::kOutOfScope;
  else if (e.code == "text.too_long") code = rs::kFieldTooLong;
  return Error{std::string(code), e.code + ": " + e.message};
}

}  // namespace onestop::escort
