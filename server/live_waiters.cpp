// Held live pulls woken by scope (see live_waiters.h). One prober thread: it hears the bell (this
// process's commits) or looks at the newest seq once a second (another process's), and probes each
// group with waiters once per move of the log instead of every waiter pulling on every commit.
#include "server/live_waiters.h"

#include <spdlog/spdlog.h>

#include <vector>

#include "server/change_bell.h"
#include "server/store.h"

namespace onestop::hub {

Binding ProbeBindingOf(const Binding& b) {
  // A parent location sees the scopes of all its descendants plus its own ancestors (pull_scope.h),
  // so its view holds everything a child's does. Top-level and unbound bindings are probed as themselves:
  // an unbound view hides entities a bound one sees.
  const auto dash = b.location.rfind('-');
  if (b.location.empty() || dash == std::string::npos || dash == 0) return b;
  return Binding{Role::kWard, b.location.substr(0, dash)};
}

void LiveWaiters::Start() {
  if (prober_.joinable()) return;
  auto top = store_.LastChangeSeq();
  seen_ = top ? top.value() : 0;
  prober_ = std::thread([this] { Run(); });
}

void LiveWaiters::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    for (auto& [key, g] : groups_) g.cv.notify_all();
  }
  if (prober_.joinable() && prober_.get_id() != std::this_thread::get_id()) prober_.join();
}

bool LiveWaiters::stopping() const {
  std::lock_guard lock(mu_);
  return stopping_;
}

LiveWaiters::Ticket LiveWaiters::Join(const Binding& b) {
  const Binding probe = ProbeBindingOf(b);
  // The role is part of the key only for the unbound view ("" location), which differs by what it hides.
  const std::string key = probe.location.empty() ? std::string(RoleName(probe.role)) + ":" : "@" + probe.location;
  std::lock_guard lock(mu_);
  Group& g = groups_[key];
  g.probe = probe;
  ++g.waiters;
  return Ticket{key, g.generation};
}

bool LiveWaiters::Wait(Ticket& t, std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mu_);
  Group& g = groups_.at(t.group);
  g.cv.wait_until(lock, deadline, [&] { return stopping_ || g.generation != t.generation; });
  if (stopping_ || g.generation == t.generation) return false;
  t.generation = g.generation;
  return true;
}

void LiveWaiters::Leave(const Ticket& t) {
  std::lock_guard lock(mu_);
  auto it = groups_.find(t.group);
  if (it != groups_.end() && --it->second.waiters <= 0) groups_.erase(it);
}

void LiveWaiters::Run() {
  uint64_t heard = bell_.rung();
  // Stop() alone also ends it (within the second), should the server end without the bell stopping.
  while (!bell_.stopping() && !stopping()) {
    heard = bell_.Wait(heard, std::chrono::milliseconds(1000));
    auto top = store_.LastChangeSeq();
    if (top && top.value() == seen_) continue;
    std::vector<std::pair<std::string, Binding>> probes;
    {
      std::lock_guard lock(mu_);
      for (const auto& [key, g] : groups_) probes.emplace_back(key, g.probe);
    }
    std::vector<std::string> wake;
    for (const auto& [key, probe] : probes) {
      bool more = false;
      auto rows = store_.Pull(probe, seen_, 1, &more, 1);
      // A failed probe wakes its group: the waiters' own pulls then meet (and report) the failure.
      if (!rows || !rows->empty()) wake.push_back(key);
    }
    if (top) seen_ = top.value();
    std::lock_guard lock(mu_);
    for (const auto& key : wake)
      if (auto it = groups_.find(key); it != groups_.end()) {
        ++it->second.generation;
        it->second.cv.notify_all();
      }
  }
  std::lock_guard lock(mu_);
  stopping_ = true;
  for (auto& [key, g] : groups_) g.cv.notify_all();
}

}  // namespace onestop::hub
