// Validation of a terminal's self-report headers (see terminal_report.h). Only digits and a short
// version alphabet are accepted, so nothing a client sends here can reach a page or a log as markup.
#include "kiosk/core/terminal_report.h"

#include <algorithm>

namespace onestop::protocol {
namespace {

// A non-negative decimal of at most 15 digits (no sign, no spaces): fits int64 without overflow.
std::optional<int64_t> Digits(std::string_view s) {
  if (s.empty() || s.size() > 15) return std::nullopt;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

bool VersionChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.' || c == '+' ||
         c == '_' || c == '-';
}

}  // namespace

TerminalReport ParseTerminalReport(std::string_view app_version, std::string_view outbox_depth,
                                   std::string_view terminal_time_ms, int64_t hub_now_ms) {
  TerminalReport r;
  if (!app_version.empty() && app_version.size() <= kMaxAppVersionBytes &&
      std::all_of(app_version.begin(), app_version.end(), VersionChar))
    r.app_version = std::string(app_version);
  if (auto d = Digits(outbox_depth); d && *d <= kMaxReportedOutboxDepth) r.outbox_depth = *d;
  if (auto t = Digits(terminal_time_ms)) {
    const int64_t skew = *t - hub_now_ms;
    if (skew >= -kMaxReportedSkewMs && skew <= kMaxReportedSkewMs) r.clock_skew_ms = skew;
  }
  return r;
}

}  // namespace onestop::protocol
