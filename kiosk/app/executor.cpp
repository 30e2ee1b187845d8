// See executor.h. One mutex guards lanes, the ready list and the timers; tasks run outside it.
#include "kiosk/app/executor.h"

#include <algorithm>
#include <chrono>

namespace onestop::app {
namespace {
int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
}  // namespace

Executor::Executor(int threads) {
  for (int i = 0; i < std::max(1, threads); ++i) threads_.emplace_back([this] { Run(); });
}

Executor::~Executor() { Stop(); }

void Executor::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    timers_.clear();
  }
  cv_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
}

Executor::Lane Executor::NewLane() {
  std::lock_guard lock(mu_);
  lanes_[next_lane_];
  return next_lane_++;
}

void Executor::MakeReady(Lane lane) {
  LaneQueue& q = lanes_[lane];
  if (!q.running && !q.tasks.empty() && std::find(ready_.begin(), ready_.end(), lane) == ready_.end()) ready_.push_back(lane);
}

void Executor::Post(Lane lane, Task task) {
  {
    std::lock_guard lock(mu_);
    lanes_[lane].tasks.push_back(std::move(task));
    MakeReady(lane);
  }
  cv_.notify_one();
}

void Executor::PostAfter(Lane lane, int64_t delay_ms, Task task) {
  {
    std::lock_guard lock(mu_);
    if (stop_) return;
    timers_.emplace(SteadyMs() + delay_ms, std::make_pair(lane, std::move(task)));
  }
  cv_.notify_one();
}

void Executor::Run() {
  std::unique_lock lock(mu_);
  for (;;) {
    // Timers that fell due join their lane's queue.
    const int64_t now = SteadyMs();
    while (!timers_.empty() && timers_.begin()->first <= now) {
      auto node = timers_.extract(timers_.begin());
      lanes_[node.mapped().first].tasks.push_back(std::move(node.mapped().second));
      MakeReady(node.mapped().first);
    }
    if (ready_.empty()) {
      if (stop_) return;  // nothing queued and no task of a lane still running here
      if (timers_.empty()) cv_.wait(lock);
      else cv_.wait_for(lock, std::chrono::milliseconds(timers_.begin()->first - now));
      continue;
    }
    const Lane lane = ready_.front();
    ready_.pop_front();
    LaneQueue& q = lanes_[lane];
    Task task = std::move(q.tasks.front());
    q.tasks.pop_front();
    q.running = true;
    lock.unlock();
    task();
    lock.lock();
    lanes_[lane].running = false;
    MakeReady(lane);
    if (!ready_.empty()) cv_.notify_one();
  }
}

}  // namespace onestop::app
