// MainQueue: the one door from worker threads to the frame thread (DESIGN §2).
// Workers Post() closures; the frame drains them at the top of each frame. It must never block
// the frame on a worker, and closures must not block either.
#pragma once
#include <deque>
#include <functional>
#include <mutex>

namespace onestop {

class MainQueue {
 public:
  using Task = std::function<void()>;
  // Called after every Post (from the posting thread) so an idle frame loop wakes up,
  // e.g. by pushing an SDL user event. Set once before workers start.
  void SetWaker(std::function<void()> waker) { waker_ = std::move(waker); }

  void Post(Task task) {
    {
      std::lock_guard lock(mu_);
      tasks_.push_back(std::move(task));
    }
    if (waker_) waker_();
  }

  // Runs every task queued so far; returns how many ran. Tasks posted while draining wait for
  // the next frame, so a task that re-posts itself cannot starve the frame.
  int Drain() {
    std::deque<Task> batch;
    {
      std::lock_guard lock(mu_);
      batch.swap(tasks_);
    }
    for (auto& t : batch) t();
    return static_cast<int>(batch.size());
  }

 private:
  std::mutex mu_;
  std::deque<Task> tasks_;
  std::function<void()> waker_;
};

}  // namespace onestop
