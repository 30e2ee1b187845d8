// ChangeBell: wakes whoever waits for the hub's change log to move (terminals' live pulls). The store
// rings it after a write transaction that added or dropped changes commits. It carries no data:
// waiters re-read the store, so a spurious ring costs one query and a missed one (another process's
// commit) costs at most the waiter's own poll interval. It must not hold any lock while ringing.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace onestop::hub {

class ChangeBell {
 public:
  void Ring() {
    {
      std::lock_guard lock(mu_);
      ++rung_;
    }
    cv_.notify_all();
  }
  uint64_t rung() const {
    std::lock_guard lock(mu_);
    return rung_;
  }
  // Returns once the bell has rung since `seen`, Stop() was called, or `timeout` passed; the count now.
  uint64_t Wait(uint64_t seen, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, timeout, [&] { return stopping_ || rung_ != seen; });
    return rung_;
  }
  // Server shutdown: every waiter returns now and later waits return at once.
  void Stop() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
  }
  bool stopping() const {
    std::lock_guard lock(mu_);
    return stopping_;
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  uint64_t rung_ = 0;
  bool stopping_ = false;
};

}  // namespace onestop::hub
