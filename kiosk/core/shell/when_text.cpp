// See when_text.h. Day words by the local calendar day, not by 24-hour distance: 23:50 yesterday
// is "yesterday" at 00:10 today.
#include "kiosk/core/shell/when_text.h"

#include "kiosk/core/clock.h"

namespace onestop {

std::string WhenText(const AppState& s, int64_t utc_ms) {
  const TimeZone& tz = s.terminal.tz;
  const std::string hm = tz.HourMinute(utc_ms);
  const auto day = DaysFromIsoDate(tz.Date(utc_ms)), today = DaysFromIsoDate(tz.Date(s.clock->NowUtcMs()));
  if (!day || !today) return tz.Date(utc_ms) + " " + hm;
  switch (*day - *today) {
    case 0: return hm;
    case -1: return s.TrF("when.yesterday", {hm});
    case 1: return s.TrF("when.tomorrow", {hm});
    default: break;
  }
  const LocalDateTime t = tz.ToLocal(utc_ms);
  // Another year: the full date, which nobody misreads.
  if (t.year != tz.ToLocal(s.clock->NowUtcMs()).year) return tz.Date(utc_ms) + " " + hm;
  const std::string month = std::to_string(t.month);
  return s.TrF("when.date", {month, std::to_string(t.day), hm, s.TrOr("when.month." + month, month)});
}

}  // namespace onestop
