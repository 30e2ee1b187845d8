// What a terminal tells the hub about itself on every push and pull (issue 14): app version, outbox
// depth and its own clock, as request headers; the hub keeps the last values for the administrator.
// Shared by the kiosk (which sends) and the hub (which validates). Pure: no I/O, no HTTP library.
// A report is advisory and comes from a possibly hostile client: parsing never fails a request, it
// only drops a value that is not well-formed or out of range.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace onestop::protocol {

inline constexpr char kHeaderAppVersion[] = "OneStop-App-Version";
inline constexpr char kHeaderOutboxDepth[] = "OneStop-Outbox-Depth";
inline constexpr char kHeaderTerminalTime[] = "OneStop-Terminal-Time";  // terminal's UTC clock, ms since epoch

inline constexpr size_t kMaxAppVersionBytes = 32;
inline constexpr int64_t kMaxReportedOutboxDepth = 10'000'000;
// A clock further off than this is stored as "unknown": a year covers any real drift and a dead RTC
// battery (1970) is reported as such on the terminal itself.
inline constexpr int64_t kMaxReportedSkewMs = 366LL * 24 * 3600 * 1000;

struct TerminalReport {
  std::optional<std::string> app_version;  // [0-9A-Za-z.+_-]{1,32}
  std::optional<int64_t> outbox_depth;     // 0..kMaxReportedOutboxDepth
  std::optional<int64_t> clock_skew_ms;    // terminal clock - hub clock at receipt, |x| <= kMaxReportedSkewMs
  bool empty() const { return !app_version && !outbox_depth && !clock_skew_ms; }
  bool operator==(const TerminalReport&) const = default;
};

// Validates the three header values (an absent header is ""), judging the terminal's clock against
// the hub's `hub_now_ms`. Values that fail are left out; the rest are kept.
TerminalReport ParseTerminalReport(std::string_view app_version, std::string_view outbox_depth,
                                   std::string_view terminal_time_ms, int64_t hub_now_ms);

}  // namespace onestop::protocol
