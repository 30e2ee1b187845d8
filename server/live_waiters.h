// Held live pulls (GET /v1/sync/pull?wait=S), woken by scope: after a change commits, one probe pull per
// group of waiters (the parent of their bound location, which sees everything its children see) says
// whether that group looks again, so a commit at one bed wakes one ward's waiters, not the hospital's.
// It must not decide what a terminal receives: a woken waiter runs its own pull (the visibility rule
// stays in the store), and a missed wake only costs the wait, never a change.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "kiosk/core/binding.h"

namespace onestop::hub {

class ChangeBell;
class HubStore;

// The binding a group of waiters is probed as: the parent of the bound location (a bed's ward), or the
// binding itself when it has no parent (an unbound staff tablet, a top-level location).
Binding ProbeBindingOf(const Binding& b);

class LiveWaiters {
 public:
  LiveWaiters(HubStore& store, ChangeBell& bell) : store_(store), bell_(bell) {}
  ~LiveWaiters() { Stop(); }
  LiveWaiters(const LiveWaiters&) = delete;
  LiveWaiters& operator=(const LiveWaiters&) = delete;

  // Starts the prober. Reads the newest seq first, so every later commit is probed.
  void Start();
  // Ends the prober (after the bell stopped) and wakes every waiter; idempotent.
  void Stop();

  // One held pull: Join, re-check the store once (a change may have committed between the caller's
  // first read and Join), then Wait until the generation moves (a probe saw something), the deadline
  // passes or the hub stops; Leave at the end.
  struct Ticket {
    std::string group;
    uint64_t generation = 0;
  };
  Ticket Join(const Binding& b);
  // True when woken by a probe (the caller pulls again), false on deadline or stop.
  bool Wait(Ticket& t, std::chrono::steady_clock::time_point deadline);
  void Leave(const Ticket& t);
  bool stopping() const;

 private:
  struct Group {
    Binding probe;
    int waiters = 0;
    uint64_t generation = 0;
    std::condition_variable cv;
  };
  void Run();

  HubStore& store_;
  ChangeBell& bell_;
  mutable std::mutex mu_;
  std::map<std::string, Group> groups_;  // by probe location (node addresses are stable)
  bool stopping_ = false;
  int64_t seen_ = 0;  // prober thread only, after Start
  std::thread prober_;
};

}  // namespace onestop::hub
