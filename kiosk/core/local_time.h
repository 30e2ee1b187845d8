// Hospital-local time for display and for meal slots: an IANA zone from config ("Asia/Shanghai").
// Wire and storage stay UTC; this module only converts for people. It must not read the system TZ.
#pragma once
#include <cstdint>
#include <string>

#include "kiosk/core/result.h"

namespace onestop {

struct LocalDateTime {
  int year, month, day, hour, minute, second;
  int weekday;  // 0 = Sunday
};

class TimeZone {
 public:
  // Looks the zone up in the OS tz database (/usr/share/zoneinfo); UTC is always available.
  static Result<TimeZone> Find(const std::string& iana_name);
  static TimeZone Utc();

  LocalDateTime ToLocal(int64_t utc_ms) const;
  // Local wall time → UTC; for a time that does not exist or is ambiguous (DST), the earliest
  // matching instant. Asia/Shanghai has no DST, but the rule is defined for every zone.
  int64_t ToUtcMs(int year, int month, int day, int hour, int minute, int second = 0) const;
  const std::string& name() const { return name_; }
  // "14:02" and "2026-11-22" in local time.
  std::string HourMinute(int64_t utc_ms) const;
  std::string Date(int64_t utc_ms) const;

 private:
  const void* zone_ = nullptr;  // const date::time_zone*; nullptr means UTC
  std::string name_ = "UTC";
};

}  // namespace onestop
