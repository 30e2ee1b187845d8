// Test helpers over AppState::effects.jobs: the jobs of one type a feature asked for, and forgetting
// them (as if the app had taken them). Reads and erases only; never answers a job.
#pragma once
#include <algorithm>
#include <vector>

#include "kiosk/core/shell/app_state.h"

namespace onestop {

template <class J>
std::vector<J> JobsOf(const AppState& s) {
  std::vector<J> out;
  for (const Job& j : s.effects.jobs)
    if (const J* x = j.As<J>()) out.push_back(*x);
  return out;
}

inline std::vector<OutboxRequest> Outbox(const AppState& s) { return JobsOf<OutboxRequest>(s); }

template <class J>
void ClearJobs(AppState& s) {
  auto& v = s.effects.jobs;
  v.erase(std::remove_if(v.begin(), v.end(), [](const Job& j) { return j.As<J>() != nullptr; }), v.end());
}

}  // namespace onestop
