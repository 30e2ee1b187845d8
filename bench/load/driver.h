// The hub load driver's parts (see bench/hub_load_driver.cpp): options, counters, one simulated
// terminal, the desk's steps and the Driver that runs them on one event loop. Bench code only: it talks
// to hubs over HTTP and never opens their database.
#pragma once
#include <netinet/in.h>

#include <array>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "bench/load/event_http.h"
#include "bench/load/hub_procs.h"
#include "bench/load/load_records.h"
#include "kiosk/core/protocol.h"

namespace onestop::bench {
namespace fs = std::filesystem;
namespace pr = onestop::protocol;
namespace ob = onestop::bench;
using nlohmann::json;

struct Options {
  std::string db, hub_bin = ONESTOP_HUB_BIN, work_dir, json_out, console_user = "desk", admin_user = "admin",
              password = "onestop-demo";
  std::vector<std::string> hub_args, attach;
  int hubs = 1, terminals = 20, limit = 20, wait_s = 25;
  double seconds = 10, push_rate = 0, desk_rate = 5, meal_share = 0.3, rating_share = 0.5;
  bool strict = false, settle = true;
};

struct Stats {
  std::vector<double> push_ms, status_ms, status_same_ms, status_other_ms, status_from_send_ms;
  std::map<std::string, uint64_t> accepted_kinds;
  uint64_t pulls = 0, pushed_answers = 0, accepted = 0, duplicate = 0, errors = 0, wait_refused = 0, desk_moves = 0;
  uint64_t seen_before_200 = 0;
  std::map<std::string, uint64_t> rejected;  // "kind: reason" -> count
  std::map<std::string, uint64_t> error_kinds;
  uint64_t Rejected() const {
    uint64_t n = 0;
    for (const auto& [k, v] : rejected) n += v;
    return n;
  }
  void Error(const std::string& what) {
    ++errors;
    ++error_kinds[what.substr(0, 80)];
  }
};


// Percentile p (0..100) of v; NaN when empty.
double Pct(std::vector<double> v, double p);
sockaddr_in Dest(int port);
in_addr Source(int net, int index);
int64_t WallMs();

struct Pending {
  pr::PushRecord record;
  int64_t queued_us = 0;
};

struct Terminal {
  int index = 0, hub = 0;
  std::string bed, id, auth;
  std::unique_ptr<Conn> pull, push;
  int64_t cursor = 0;
  std::deque<Pending> outbox;
  std::set<std::string> meals_ordered;
  bool retry_scheduled = false;
};

// One desk step: the ticket, its owner and the status it is moved to next.
struct DeskJob {
  std::string ticket, team;
  int terminal = 0, step = 0;
};
inline constexpr std::array<const char*, 3> kSteps = {"accepted", "dispatched", "completed"};
inline constexpr std::array<const char*, 3> kFrom = {"received", "accepted", "dispatched"};
struct Delivery {
  int64_t desk_sent_us = 0, desk_ok_us = 0, seen_us = 0;
};

class Driver {
 public:
  explicit Driver(Options o) : o_(std::move(o)) {}
  int Run();

 private:
  // ---- set-up -----------------------------------------------------------------------------------
  bool StartHubs();
  bool SignIn(Conn& c, const std::string& user, std::string* headers);
  bool Scout(const std::string& kind, const std::string& location, int source_index, int64_t* head);
  bool EnrollAll();
  // Runs the loop until `done()` or the timeout; false on timeout.
  bool Wait(const std::function<bool()>& done, double seconds) {
    loop_.Run(done, Loop::NowUs() + static_cast<int64_t>(seconds * 1e6));
    return done();
  }
  // done(ok, terminal id or error, token)
  using EnrollFn = std::function<void(bool, const std::string&, const std::string&)>;
  void Enroll(Conn& admin, Conn& device, const std::string& kind, const std::string& location, EnrollFn done);
  // ---- steady state -----------------------------------------------------------------------------
  void Poll(Terminal& t);
  void OnPulled(Terminal& t, const HttpAnswer& a);
  void Flush(Terminal& t);
  void Generate();
  void DeskTick();
  void TicketSeen(Terminal& t, const std::string& ticket, const std::string& status);
  void Sample();
  int64_t HubsWaiting();
  void Report();

  Options o_;
  Loop loop_;
  std::vector<ob::HubProc> hubs_;
  std::vector<Terminal> terms_;
  std::unique_ptr<Conn> desk_;
  std::string desk_headers_, admin_headers_;
  ob::HospitalData hosp_;
  std::mt19937_64 rng_{18};
  Stats st_;
  bool generating_ = false, stopping_ = false, strict_failed_ = false;
  std::deque<DeskJob> desk_queue_;
  std::map<std::string, std::array<Delivery, 3>> deliveries_;
  std::map<std::string, int> owner_;  // ticket -> terminal
  std::vector<ob::ProcStat> base_, held_, peak_;
  int64_t held_count_ = 0;
  int64_t run_start_us_ = 0, run_end_us_ = 0;
  std::string loadavg_;
  std::vector<ob::ProcStat> cpu_start_, cpu_end_;
};

}  // namespace onestop::bench
