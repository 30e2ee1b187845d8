// ActionWriter: commits the frame's OutboxRequests to the outbox on a worker (a durable SQLite commit
// must never stall a frame) and posts each answer back to the frame thread. Order is preserved.
// It decides nothing about the actions; validation happened in the core before the request.
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

#include "kiosk/core/shell/shell.h"
#include "kiosk/core/main_queue.h"
#include "offline/sync_engine.h"

namespace onestop::app {

class ActionWriter {
 public:
  // `state` is only touched from tasks posted to `queue` (the frame thread).
  ActionWriter(offline::SyncEngine& engine, MainQueue& queue, AppState& state);
  ~ActionWriter();  // finishes what was submitted: an accepted tap is never dropped at shutdown
  void Submit(OutboxRequest request);

 private:
  void Run();
  offline::SyncEngine& engine_;
  MainQueue& queue_;
  AppState& state_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<OutboxRequest> pending_;
  bool stop_ = false;
  std::thread worker_;
};

}  // namespace onestop::app
