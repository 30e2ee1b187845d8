// Clock seam: wall time (UTC) and a monotonic tick, so rules and timeouts are testable.
// Nothing in core may call std::chrono::system_clock::now() directly; take a Clock&.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace onestop {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch, UTC.
  virtual int64_t NowUtcMs() const = 0;
  // Monotonic milliseconds for timeouts; unrelated to wall time.
  virtual int64_t MonotonicMs() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t NowUtcMs() const override {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  }
  int64_t MonotonicMs() const override {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
  }
};

// Test and screenshot clock: time moves only when told.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t utc_ms = 0) : utc_ms_(utc_ms) {}
  int64_t NowUtcMs() const override { return utc_ms_; }
  int64_t MonotonicMs() const override { return mono_ms_; }
  void Advance(int64_t ms) { utc_ms_ += ms; mono_ms_ += ms; }
  void SetUtcMs(int64_t ms) { utc_ms_ = ms; }

 private:
  int64_t utc_ms_;
  int64_t mono_ms_ = 0;
};

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);
// The inverse (civil_from_days): the one civil-date conversion of the code base; meals and the wire
// format both use it, so a calendar fix lands everywhere at once.
struct CivilDate {
  int64_t year = 1970;
  unsigned month = 1;  // 1..12
  unsigned day = 1;    // 1..31
};
CivilDate CivilFromDays(int64_t days);
// Strict "YYYY-MM-DD" (a real calendar day, four-digit year) → days since 1970-01-01; nullopt else.
std::optional<int64_t> DaysFromIsoDate(std::string_view yyyy_mm_dd);
// Days since 1970-01-01 → "YYYY-MM-DD".
std::string IsoDateFromDays(int64_t days);

// "2026-11-22T19:22:56.123Z": the only timestamp form on the wire (DESIGN §4).
std::string FormatIsoUtcMs(int64_t utc_ms);
// Parses the wire form (also accepts no milliseconds, and a +hh:mm offset); false on bad input.
bool ParseIsoUtcMs(const std::string& text, int64_t* utc_ms);

}  // namespace onestop
