// LinkStatus: how this terminal stands with the hub, as the status bar and the terminal screen show it.
// Produced by a LinkMonitor (the sync engine in offline/) on a worker and handed to the frame
// through the MainQueue; the frame never asks the network itself.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

namespace onestop {

enum class LinkState {
  kUnknown,      // nothing tried yet
  kNotEnrolled,  // no device token: enroll first
  kOnline,       // last exchange with the hub succeeded
  kOffline,      // hub unreachable or failing; actions queue locally
  kUnauthorized  // hub answered 401: the token was revoked, re-enroll
};
const char* LinkStateName(LinkState s);  // "online", "offline"... for logs and `status`

struct LinkStatus {
  LinkState state = LinkState::kUnknown;
  int64_t last_ok_utc_ms = 0;    // last successful exchange (0 = never)
  int64_t clock_skew_ms = 0;     // hub time minus local time, from server_time
  int outbox_depth = 0;          // records accepted locally, not yet acknowledged by the hub
  int dead_letters = 0;          // records the hub rejected; each has a reason for the user
  int64_t pulled_changes = 0;    // changes applied from pulls since start: a new value means new data
  std::string detail;            // last error in plain words (never patient data)
};

class LinkMonitor {
 public:
  virtual ~LinkMonitor() = default;
  // Starts watching; `publish` is called on the frame thread (via the MainQueue) on every change.
  virtual void Start(std::function<void(const LinkStatus&)> publish) = 0;
  virtual void Stop() = 0;
};

}  // namespace onestop
