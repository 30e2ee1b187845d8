// Idle timeout rule: after `timeout_s` without input the session resets; for the last `warn_s`
// a countdown is shown so the person can stay. Pure arithmetic on monotonic milliseconds.
#pragma once
#include <algorithm>
#include <cstdint>

namespace onestop {

struct IdlePolicy {
  int timeout_s = 120;  // patients: 120 s (configurable; staff sign-out uses its own policy)
  int warn_s = 20;      // countdown shown for the last warn_s seconds
};

struct IdleStatus {
  bool expired = false;
  bool warning = false;
  int seconds_left = 0;  // rounded up, for the countdown
};

inline IdleStatus EvaluateIdle(const IdlePolicy& p, int64_t last_input_mono_ms, int64_t now_mono_ms) {
  const int64_t left_ms = static_cast<int64_t>(p.timeout_s) * 1000 - std::max<int64_t>(0, now_mono_ms - last_input_mono_ms);
  IdleStatus s;
  s.expired = left_ms <= 0;
  s.seconds_left = s.expired ? 0 : static_cast<int>((left_ms + 999) / 1000);
  s.warning = !s.expired && s.seconds_left <= p.warn_s;
  return s;
}

}  // namespace onestop
