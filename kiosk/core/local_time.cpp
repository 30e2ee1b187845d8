// TimeZone over Howard Hinnant's date/tz (reads the OS zoneinfo; USE_OS_TZDB).
#include "kiosk/core/local_time.h"

#include <date/tz.h>

#include <cstdio>

namespace onestop {
namespace {
using Ms = std::chrono::milliseconds;
const date::time_zone* Z(const void* p) { return static_cast<const date::time_zone*>(p); }
}  // namespace

Result<TimeZone> TimeZone::Find(const std::string& name) {
  if (name.empty() || name == "UTC" || name == "Etc/UTC") return Utc();
  try {
    TimeZone tz;
    tz.zone_ = date::locate_zone(name);
    tz.name_ = name;
    return tz;
  } catch (const std::exception& e) {
    return Error{"config.bad_timezone", "unknown time zone '" + name + "' (use an IANA name such as Asia/Shanghai)"};
  }
}

TimeZone TimeZone::Utc() { return TimeZone{}; }

LocalDateTime TimeZone::ToLocal(int64_t utc_ms) const {
  date::sys_time<Ms> tp{Ms{utc_ms}};
  date::local_time<Ms> lt;
  if (zone_) {
    lt = Z(zone_)->to_local(tp);
  } else {
    lt = date::local_time<Ms>{tp.time_since_epoch()};
  }
  const auto day = date::floor<date::days>(lt);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<Ms> hms{lt - day};
  return LocalDateTime{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                       static_cast<int>(static_cast<unsigned>(ymd.day())), static_cast<int>(hms.hours().count()),
                       static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()),
                       static_cast<int>(date::weekday{day}.c_encoding())};
}

int64_t TimeZone::ToUtcMs(int year, int month, int day, int hour, int minute, int second) const {
  const date::local_days ld{date::year{year} / month / day};
  const date::local_time<Ms> lt{ld + std::chrono::hours{hour} + std::chrono::minutes{minute} +
                                std::chrono::seconds{second}};
  if (!zone_) return lt.time_since_epoch().count();
  const auto info = Z(zone_)->get_info(lt);
  // unique: the offset; nonexistent (spring-forward gap): the instant the gap ends; ambiguous: first.
  if (info.result == date::local_info::nonexistent) return date::sys_time<Ms>{info.second.begin}.time_since_epoch().count();
  return (lt.time_since_epoch() - info.first.offset).count();
}

std::string TimeZone::HourMinute(int64_t utc_ms) const {
  const auto l = ToLocal(utc_ms);
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", l.hour, l.minute);
  return buf;
}

std::string TimeZone::Date(int64_t utc_ms) const {
  const auto l = ToLocal(utc_ms);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", l.year, l.month, l.day);
  return buf;
}

}  // namespace onestop
