// Network partition harness (issue 11 item 7): runs the real `onestop-kiosk sync` in its own network
// namespace joined to the host by a veth pair, the real hub on the host end, cuts the link with a
// blackhole route while records keep being queued, heals it and measures how long the outbox takes
// to drain. Shared by tests/integration/partition_test.cpp and bench/partition_drain_bench.cpp.
// Test/bench only. It must never touch addresses, links or routes it did not create: it only uses
// 169.254.A.B/30 pairs on its own veth, and removes its namespace, veth and routes when done.
#pragma once
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "tests/integration/sync_harness.h"

namespace partition {

using namespace sync_test;
using SteadyClock = std::chrono::steady_clock;

inline int64_t MsSince(SteadyClock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - t).count();
}

inline std::string IpBinary() {
  for (const char* p : {"/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"})
    if (::access(p, X_OK) == 0) return p;
  return "";
}

inline std::string Tail(const std::string& s, size_t n = 3000) { return s.size() > n ? s.substr(s.size() - n) : s; }

// A namespace "osk-<pid>-<A>-<B>" with one veth pair: host end 169.254.A.(B+1), kiosk end
// 169.254.A.(B+2). The name carries the creator's pid and the addresses so that a later run can
// remove what a killed run (SIGKILL, ctest timeout) left behind.
class Netlab {
 public:
  Netlab() = default;
  Netlab(const Netlab&) = delete;
  Netlab& operator=(const Netlab&) = delete;
  ~Netlab() { Teardown(); }

  // Empty = ready; otherwise the reason the lab cannot exist here (for a loud skip).
  std::string Setup(const std::string& scratch) {
    scratch_ = scratch;
    ip_ = IpBinary();
    if (ip_.empty()) return "iproute2's `ip` is not installed (apt-get install iproute2)";
    if (::geteuid() != 0) return "not running as root: creating a network namespace needs CAP_NET_ADMIN";
    RemoveStaleLabs();
    const std::string addrs = Ip({"-o", "-4", "addr", "show"}).out + Ip({"-4", "route", "show", "table", "all"}).out;
    // Pick a /24 inside 169.254/16 that nothing on this host uses (169.254.169.x is cloud metadata).
    const int pid = static_cast<int>(::getpid());
    for (int attempt = 0; attempt < 200 && a_ < 0; ++attempt) {
      const int a = 20 + (pid + attempt * 7) % 200;
      if (a == 169) continue;
      if (addrs.find("169.254." + std::to_string(a) + ".") == std::string::npos) a_ = a;
    }
    if (a_ < 0) return "no free 169.254.x.0/24 range for the test link";
    static int counter = 0;
    b_ = 4 * (counter++ % 60);
    host_ip = "169.254." + std::to_string(a_) + "." + std::to_string(b_ + 1);
    kiosk_ip = "169.254." + std::to_string(a_) + "." + std::to_string(b_ + 2);
    ns = "osk-" + std::to_string(pid) + "-" + std::to_string(a_) + "-" + std::to_string(b_);
    char hex[16];
    std::snprintf(hex, sizeof hex, "%x%d", static_cast<unsigned>(pid), b_ / 4);
    host_if = std::string("osh") + hex;  // interface names are at most 15 characters
    kiosk_if = std::string("osk") + hex;
    if (host_if.size() > 15) return "interface name too long";
    if (auto r = Ip({"netns", "add", ns}); r.rc != 0) return "`ip netns add` failed: " + Trim(r.err);
    created_ = true;
    const std::vector<std::vector<std::string>> steps = {
        {"link", "add", host_if, "type", "veth", "peer", "name", kiosk_if, "netns", ns},
        {"addr", "add", host_ip + "/30", "dev", host_if},
        {"link", "set", host_if, "up"},
        {"-n", ns, "addr", "add", kiosk_ip + "/30", "dev", kiosk_if},
        {"-n", ns, "link", "set", kiosk_if, "up"},
        {"-n", ns, "link", "set", "lo", "up"},
    };
    for (const auto& s : steps)
      if (auto r = Ip(s); r.rc != 0) return "`ip " + Join(s) + "` failed: " + Trim(r.err);
    return "";
  }

  // silent (default): the hub's replies to the terminal vanish on the host; from inside the
  // namespace this looks like a real partition somewhere upstream (no error, no link event, just
  // silence until a timeout). local: the route to the hub is blackholed inside the namespace, as
  // when the terminal's own network goes away: connects fail at once and the heal is a route event.
  bool Cut(bool local = false) { return Route(local, true); }
  // Both directions: the terminal's packets fail at once and the hub's replies vanish.
  bool CutBoth() { return Route(false, true) && Route(true, true); }
  bool Heal() {
    bool ok = true;
    if (cut_silent_) ok = Route(false, false) && ok;
    if (cut_local_) ok = Route(true, false) && ok;
    return ok;
  }

  // argv run inside the namespace.
  std::vector<std::string> InNs(const std::vector<std::string>& argv) const {
    std::vector<std::string> a = {ip_, "netns", "exec", ns};
    a.insert(a.end(), argv.begin(), argv.end());
    return a;
  }

  void Teardown() {
    Heal();
    if (!created_) return;
    Ip({"link", "del", host_if});  // also removes the peer; fails harmlessly if already gone
    Ip({"netns", "del", ns});
    created_ = false;
  }

  std::string ns, host_if, kiosk_if, host_ip, kiosk_ip;

 private:
  static std::string Join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : " ") + x;
    return s;
  }
  bool Route(bool local, bool add) {
    const std::string verb = add ? "add" : "del";
    const bool ok = (local ? Ip({"-n", ns, "route", verb, "blackhole", host_ip + "/32"})
                           : Ip({"route", verb, "blackhole", kiosk_ip + "/32"})).rc == 0;
    if (ok) (local ? cut_local_ : cut_silent_) = add;
    return ok;
  }
  RunResult Ip(std::vector<std::string> args) {
    args.insert(args.begin(), ip_);
    return RunProgram(args, scratch_ + "/ip", 20000);
  }
  // Namespaces named osk-<pid>-<A>-<B> whose creator is gone: delete them and their blackhole route.
  void RemoveStaleLabs() {
    std::istringstream list(Ip({"netns", "list"}).out);
    for (std::string line; std::getline(list, line);) {
      int pid = 0, a = 0, b = 0;
      char name[64] = {0};
      if (std::sscanf(line.c_str(), "%63s", name) != 1) continue;
      if (std::sscanf(name, "osk-%d-%d-%d", &pid, &a, &b) != 3 || pid <= 0) continue;
      if (::kill(pid, 0) == 0 || errno != ESRCH) continue;  // its creator still runs
      Ip({"netns", "del", name});
      Ip({"route", "del", "blackhole", "169.254." + std::to_string(a) + "." + std::to_string(b + 2) + "/32"});
    }
  }

  std::string ip_, scratch_;
  int a_ = -1, b_ = 0;
  bool created_ = false, cut_silent_ = false, cut_local_ = false;
};

struct Options {
  std::string kiosk_bin, hub_bin;
  std::string dir;              // scratch directory (exists)
  int partition_s = 15;         // how long the link stays cut
  int record_every_ms = 500;    // a new outbox record this often while cut
  int drain_deadline_s = 180;   // give up waiting for the drain after the heal
  bool local_cut = false;       // see Netlab::Cut
  // The kiosk's [hub] timeouts (0 = its defaults, 3 s / 15 s). Shorter ones make a short partition
  // hold several failed attempts, as a long one does with the defaults.
  int connect_timeout_ms = 0, total_timeout_ms = 0;
};

struct Result {
  std::string error;             // the scenario could not run (setup), not a verdict
  int records = 0;               // queued in total (before and during the partition)
  int outbox_at_heal = -1;       // rows waiting when the link came back
  int64_t outbox_empty_ms = -1;  // heal -> kiosk outbox empty (-1: not within the deadline)
  int64_t hub_complete_ms = -1;  // heal -> hub holds every record
  int missing = 0, doubled = 0, extra = 0;
  std::string kiosk_log, hub_log;
};

inline int CountRows(const std::string& db, const std::string& sql) {
  HubDb d(db);  // read-only connection; works for the kiosk's file as well
  return static_cast<int>(d.Int(sql));
}

// Queues one complaint through the real CLI (on the host: the store is a file, not the network).
inline std::string QueueRecord(const Options& o, const std::string& data_dir, int n) {
  const std::string payload = "{\"text\":\"partition record " + std::to_string(n) + "\"}";
  auto r = RunProgram({o.kiosk_bin, "--data-dir", data_dir, "--log-level", "warn", "enqueue", "--kind", "complaint",
                       "--payload", payload},
                      o.dir + "/enqueue", 30000);
  return r.rc == 0 ? Trim(r.out) : "";
}

inline Result Fail(Result& res, std::string why) {
  res.error = std::move(why);
  return res;
}

inline Result Run(Netlab& lab, const Options& o) {
  Result res;
  const std::string hub_db = o.dir + "/hub.db", data = o.dir + "/kiosk";
  fs::create_directories(data);
  auto code = RunProgram({o.hub_bin, "enroll-code", "--db", hub_db, "--kind", "bedside", "--location", "B1-1F-W01-BED02"},
                         o.dir + "/code");
  if (code.rc != 0) return Fail(res, "enroll-code failed: " + code.err);
  Child hub;
  if (!hub.Start({o.hub_bin, "serve", "--listen", lab.host_ip + ":0", "--db", hub_db}, "", o.dir + "/hub.log", true))
    return Fail(res, "cannot start the hub");
  const std::string hostport = hub.WaitForLine("listening ", 120000);
  if (hostport.empty()) return Fail(res, "the hub did not start: " + Tail(ReadFile(o.dir + "/hub.log")));
  const std::string url = "http://" + hostport;
  std::vector<std::string> config;
  if (o.connect_timeout_ms > 0 || o.total_timeout_ms > 0) {
    std::ofstream toml(o.dir + "/kiosk.toml");
    toml << "[hub]\n";
    if (o.connect_timeout_ms > 0) toml << "connect_timeout_ms = " << o.connect_timeout_ms << "\n";
    if (o.total_timeout_ms > 0) toml << "total_timeout_ms = " << o.total_timeout_ms << "\n";
    config = {"--config", o.dir + "/kiosk.toml"};
  }
  auto kiosk_args = [&](std::vector<std::string> cmd) {
    std::vector<std::string> a = {o.kiosk_bin, "--data-dir", data, "--hub", url};
    a.insert(a.end(), config.begin(), config.end());
    a.insert(a.end(), cmd.begin(), cmd.end());
    return a;
  };
  // Enrolling from inside the namespace also proves the link works before it is cut.
  auto enroll = RunProgram(lab.InNs(kiosk_args({"--log-level", "warn", "enroll", "--code", Trim(code.out)})),
                           o.dir + "/enroll");
  if (enroll.rc != 0) return Fail(res, "enroll from the namespace failed: " + enroll.err);

  Child kiosk;
  if (!kiosk.Start(lab.InNs(kiosk_args({"--log-level", "info", "sync"})), o.dir + "/sync.out", o.dir + "/sync.log"))
    return Fail(res, "cannot start `onestop-kiosk sync` in the namespace");
  std::vector<std::string> ids;
  auto queue = [&] {
    auto id = QueueRecord(o, data, static_cast<int>(ids.size()));
    if (!id.empty()) ids.push_back(id);
    return !id.empty();
  };
  auto outbox = [&] { return CountRows(data + "/kiosk.db", "SELECT count(*) FROM outbox"); };
  // Warm-up: a few records drain over the healthy link.
  for (int i = 0; i < 3; ++i)
    if (!queue()) return Fail(res, "queueing a record failed");
  for (auto t = SteadyClock::now(); outbox() != 0;) {
    if (MsSince(t) > 30000) return Fail(res, "the healthy link did not drain: " + Tail(kiosk.Stderr()));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }

  if (!lab.Cut(o.local_cut)) return Fail(res, "cannot add the blackhole route");
  const auto cut_at = SteadyClock::now();
  while (MsSince(cut_at) < static_cast<int64_t>(o.partition_s) * 1000) {
    if (!queue()) return Fail(res, "queueing a record failed during the partition");
    std::this_thread::sleep_for(std::chrono::milliseconds(o.record_every_ms));
  }
  res.outbox_at_heal = outbox();
  if (!lab.Heal()) return Fail(res, "cannot remove the blackhole route");
  const auto healed_at = SteadyClock::now();
  const std::set<std::string> want(ids.begin(), ids.end());
  while (MsSince(healed_at) < static_cast<int64_t>(o.drain_deadline_s) * 1000 &&
         (res.outbox_empty_ms < 0 || res.hub_complete_ms < 0)) {
    if (res.outbox_empty_ms < 0 && outbox() == 0) res.outbox_empty_ms = MsSince(healed_at);
    if (res.hub_complete_ms < 0) {
      HubDb h(hub_db);
      const auto got = h.RecordIds();
      size_t have = 0;
      for (const auto& id : want) have += got.count(id) ? 1 : 0;
      if (have == want.size()) res.hub_complete_ms = MsSince(healed_at);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  res.records = static_cast<int>(ids.size());
  kiosk.Kill(SIGTERM);
  HubDb h(hub_db);
  const auto got = h.RecordIds();
  const auto tickets = h.TicketsPerRecord();
  for (const auto& id : ids) {
    if (got.count(id) != 1) ++res.missing;
    auto it = tickets.find(id);
    if (it != tickets.end() && it->second != 1) ++res.doubled;
    if (got.count(id) == 1 && it == tickets.end()) ++res.doubled;  // a record without its one ticket
  }
  res.extra = static_cast<int>(got.size()) - static_cast<int>(ids.size() - static_cast<size_t>(res.missing));
  hub.Kill(SIGTERM);
  res.kiosk_log = kiosk.Stderr();
  res.hub_log = ReadFile(o.dir + "/hub.log");
  return res;
}

}  // namespace partition
