// LiveWatch (issue 18): keeps one live pull open to the hub while the terminal is enrolled
// (GET /v1/sync/pull?cursor=C&limit=1&wait=S) and wakes the sync engine when it returns with a
// change, so a status change reaches the bed in about a second instead of at the next poll. It never
// writes the store nor applies what it receives (the engine's own round does): losing it costs only
// latency, never data. A hub without live pull (no X-OneStop-Wait header) is asked again rarely.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

#include "offline/http_transport.h"
#include "offline/store.h"

namespace onestop::offline {

struct LiveWatchOptions {
  int wait_s = 25;                      // asked of the hub per live pull (it may grant less or none)
  int64_t retry_ms = 10000;             // after a failure, or while not enrolled
  int64_t unsupported_retry_ms = 60000; // the hub has no live pull (or no slot free): ask again later
};

class LiveWatch {
 public:
  // `transport` is its own (the engine's is busy with rounds); its total timeout must exceed wait_s.
  LiveWatch(Store& store, Transport& transport, std::function<void()> on_change, LiveWatchOptions options = {});
  ~LiveWatch();
  void Start();
  void Stop();  // returns within about a second (libcurl looks at the cancel flag once a second)
  uint64_t wakes() const { return wakes_; }  // changes announced so far (tests, metrics)

 private:
  void Run();
  void Sleep(int64_t ms);
  Store& store_;
  Transport& transport_;
  std::function<void()> on_change_;
  LiveWatchOptions options_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> wakes_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  std::thread thread_;
};

}  // namespace onestop::offline
