// Enrollment codes as a terminal receives them (issue 14): typed ("ABCDE-FGHJK", any case, dashes
// and spaces optional) or scanned from the console's QR code, the hub's own URL form
// "http(s)://host[:port][/prefix]/e/<code>". Pure and bounded: no I/O, never throws, never trusts its
// input (a QR code can hold anything); it checks the form only, the hub decides whether a code is valid.
#pragma once
#include <string>
#include <string_view>

#include "kiosk/core/result.h"

namespace onestop::enroll {

inline constexpr std::size_t kMaxInputBytes = 512;
inline constexpr std::size_t kMaxCodeBytes = 64;

// The code inside an own enrollment URL; error "enroll.not_url" when the text is not an http(s) URL
// ending in /e/<code>, "enroll.bad_code" when it is but the code is malformed.
Result<std::string> ParseEnrollUrl(std::string_view text);

// What `onestop-kiosk enroll --code` and the enrollment screen accept: an own enrollment URL or a
// bare code (letters, digits, dashes, spaces). Returns the code as given (the hub normalises it);
// error "enroll.bad_code" otherwise.
Result<std::string> ParseEnrollInput(std::string_view text);

// Where an enrollment goes: the code, and the hub that gets it.
struct EnrollTarget {
  std::string code;
  std::string hub_url;
};
// The enrollment screen's rule for the hub: the terminal's configured (or stored) hub when it has
// one, whatever address a scanned URL names (a QR code cannot redirect a configured terminal to
// another hub); on a blank tablet, the hub the console's QR code names. Error "enroll.no_hub" when
// a bare code is typed on a terminal that knows no hub.
Result<EnrollTarget> ResolveEnrollTarget(std::string_view input, std::string_view known_hub);

}  // namespace onestop::enroll
