// Multi-frame confirmation for the live camera stream: a payload is accepted only after it was
// decoded in `required` of the last `window` frames, so one misread frame never yields a wrong
// asset; and it is reported once per presentation (re-armed after it has left the view).
// Pure logic: no clock, no threads, no ZXing.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace onestop::devices {

struct ConfirmOptions {
  int required = 3;      // sightings needed...
  int window = 5;        // ...within this many most recent frames
  int rearm_frames = 10;  // frames without the payload before it can be reported again
};

class ConfirmationFilter {
 public:
  explicit ConfirmationFilter(ConfirmOptions options = {});
  // Call once per decoded frame with every payload decoded in it (duplicates in a frame count
  // once). Returns the payloads confirmed by this frame, in input order.
  std::vector<std::string> Observe(const std::vector<std::string>& payloads);
  void Reset() { seen_.clear(); }

 private:
  struct Track {
    std::vector<long long> frames;  // frame numbers of recent sightings
    long long last_seen = 0;
    bool reported = false;
  };
  ConfirmOptions options_;
  long long frame_ = 0;
  std::map<std::string, Track> seen_;
};

}  // namespace onestop::devices
