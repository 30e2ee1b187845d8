// LinkWatcher: notices that this machine's network changed (an interface went up or down, an
// address or a route came or went), so the sync engine can retry at once after a cable is plugged
// back in or Wi-Fi returns, instead of waiting for its next probe. Linux rtnetlink, listen-only:
// it never changes the network and never blocks (the sync worker polls it between waits).
#pragma once
#include <memory>

namespace onestop::offline {

class LinkWatcher {
 public:
  // nullptr when rtnetlink is unavailable (not Linux, a sandbox): the probe still finds the link.
  static std::unique_ptr<LinkWatcher> Open();
  ~LinkWatcher();
  LinkWatcher(const LinkWatcher&) = delete;
  LinkWatcher& operator=(const LinkWatcher&) = delete;

  // Drains pending notifications without blocking; true if any reported a change.
  bool Changed();

 private:
  explicit LinkWatcher(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace onestop::offline
