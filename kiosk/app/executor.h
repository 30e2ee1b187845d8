// Executor: the app's one pool of worker threads (DESIGN §2). Work is posted to a Lane; a lane's tasks
// run one at a time in order (so a lane may own a store connection or a device), lanes run in
// parallel. Tasks must never touch AppState: they post their answer to the frame through the MainQueue.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace onestop::app {

class Executor {
 public:
  using Task = std::function<void()>;
  using Lane = int;

  explicit Executor(int threads = 2);
  // Runs every task already posted (an accepted tap is never dropped at shutdown; delayed tasks not
  // yet due are dropped), then joins the threads.
  ~Executor();
  // What the destructor does, earlier: for owners whose tasks reference objects about to be destroyed.
  void Stop();
  Lane NewLane();
  void Post(Lane lane, Task task);
  // Runs `task` on `lane` once `delay_ms` have passed (timers such as a camera health check).
  void PostAfter(Lane lane, int64_t delay_ms, Task task);

 private:
  struct LaneQueue {
    std::deque<Task> tasks;
    bool running = false;  // a thread is running one of its tasks
  };
  void Run();
  void MakeReady(Lane lane);  // with mu_ held

  std::mutex mu_;
  std::condition_variable cv_;
  std::map<Lane, LaneQueue> lanes_;
  std::deque<Lane> ready_;                                   // lanes with work and no running task
  std::multimap<int64_t, std::pair<Lane, Task>> timers_;     // due (steady ms) → task
  Lane next_lane_ = 0;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace onestop::app
