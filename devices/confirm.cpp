// ConfirmationFilter (confirm.h). Memory is bounded: tracks not seen for rearm_frames are dropped,
// so a noisy stream of one-off misreads cannot grow the map without limit.
#include "devices/confirm.h"

#include <algorithm>

namespace onestop::devices {

ConfirmationFilter::ConfirmationFilter(ConfirmOptions options) : options_(options) {
  options_.required = std::max(1, options_.required);
  options_.window = std::max(options_.required, options_.window);
  options_.rearm_frames = std::max(1, options_.rearm_frames);
}

std::vector<std::string> ConfirmationFilter::Observe(const std::vector<std::string>& payloads) {
  ++frame_;
  std::vector<std::string> confirmed;
  for (const auto& p : payloads) {
    Track& t = seen_[p];
    if (!t.frames.empty() && t.frames.back() == frame_) continue;  // same payload twice in a frame
    t.frames.push_back(frame_);
    t.last_seen = frame_;
    const long long oldest = frame_ - options_.window + 1;
    t.frames.erase(t.frames.begin(), std::find_if(t.frames.begin(), t.frames.end(),
                                                  [&](long long f) { return f >= oldest; }));
    if (!t.reported && static_cast<int>(t.frames.size()) >= options_.required) {
      t.reported = true;
      confirmed.push_back(p);
    }
  }
  for (auto it = seen_.begin(); it != seen_.end();) {
    if (frame_ - it->second.last_seen >= options_.rearm_frames) it = seen_.erase(it);
    else ++it;
  }
  return confirmed;
}

}  // namespace onestop::devices
