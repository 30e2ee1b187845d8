// Fault campaign runner (issue 18 item 5); what it proves is in campaign.h. The processes are the real
// `onestop-hub serve` and `onestop-kiosk sync`; the workload is the real kiosk CLI (validated like the
// screens) and the desk moves tickets through the hub's own rules on the same database.
// Test/bench only: it removes every namespace, route and process it made, also when a check fails.
#include "tests/faults/campaign.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "kiosk/core/clock.h"
#include "offline/store.h"
#include "offline/sync_engine.h"
#include "server/hub.h"
#include "server/store.h"
#include "server/tickets.h"
#include "tests/integration/partition_harness.h"

namespace faults {
namespace {

using nlohmann::json;
using partition::MsSince;
using partition::Netlab;
using partition::SteadyClock;
using sync_test::Child;
using sync_test::ReadFile;
using sync_test::RunProgram;
using sync_test::Trim;
namespace fs = std::filesystem;
namespace hub = onestop::hub;

constexpr const char* kFaketime = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Tail(const std::string& s) { return partition::Tail(s, 1500); }

// One hub process. Restarts come back on the same port so terminals need no new address.
struct HubProc {
  Child child;
  int port = 0;
  bool stopped = false;  // SIGSTOPped
  std::string log;
};

// One headless terminal: its namespace, store and `sync` daemon.
struct Term {
  Netlab lab;
  std::string data, bed, config, url, skew;  // skew: libfaketime offset, "" = the true clock
  int hub = 0;
  Child sync;
  bool stopped = false;
  std::vector<std::string> Env() const {
    if (skew.empty()) return {};
    return {"/usr/bin/env", std::string("LD_PRELOAD=") + kFaketime, "FAKETIME=" + skew, "DONT_FAKE_MONOTONIC=1"};
  }
};

class Campaign {
 public:
  explicit Campaign(const Options& o) : o_(o), rng_(o.seed) {}
  ~Campaign() { TearDown(); }

  Result Run() {
    if (!SetUp()) return res_;
    std::atomic<bool> stop{false};
    std::thread load([&] { Workload(stop); });
    const auto start = SteadyClock::now();
    while (MsSince(start) < int64_t{o_.fault_seconds} * 1000) {
      RunDueUndos(false);
      // Every campaign that can restart its database does so at least once, half-way through.
      const bool db_due = o_.restart_db && !res_.faults.count("restart_db") && MsSince(start) > o_.fault_seconds * 500;
      InjectOne(db_due ? "restart_db" : "");
      Sleep(Pick(600, 1800));
    }
    stop = true;
    load.join();
    Heal();
    Check();
    return res_;
  }

 private:
  // ---- set-up ---------------------------------------------------------------------------------
  bool SetUp() {
    db_ = o_.db.empty() ? o_.dir + "/hub.db" : o_.db;
    for (int i = 0; i < o_.terminals; ++i) terms_.push_back(std::make_unique<Term>());
    for (int i = 0; i < o_.terminals; ++i) {
      Term& t = *terms_[i];
      const std::string dir = o_.dir + "/t" + std::to_string(i);
      fs::create_directories(dir);
      if (auto why = t.lab.Setup(dir); !why.empty()) return Fail("network lab: " + why);
      t.data = dir + "/kiosk";
      char bed[40];
      std::snprintf(bed, sizeof bed, "B1-1F-W01-BED%02d", i + 1);
      t.bed = bed;
      t.hub = i % o_.hubs;
      // Short timeouts so a partition of a few seconds holds several failed attempts.
      t.config = dir + "/kiosk.toml";
      std::ofstream(t.config) << "[hub]\nconnect_timeout_ms = 1000\ntotal_timeout_ms = 4000\nsync_interval_s = 2\n";
    }
    // Clock skew of +-5 minutes on two terminals for the whole campaign (their CLI runs skewed too).
    if (::access(kFaketime, R_OK) == 0) {
      if (o_.terminals > 0) terms_[0]->skew = "+300";
      if (o_.terminals > 1) terms_[1]->skew = "-300";
      res_.faults["clock_skew"] = std::min(o_.terminals, 2);
    } else {
      res_.problems.push_back("libfaketime is not installed: no clock skew in this campaign");
    }
    for (int h = 0; h < o_.hubs; ++h) hubs_.push_back(std::make_unique<HubProc>());
    for (int h = 0; h < o_.hubs; ++h)
      if (!StartHub(h, /*demo=*/h == 0)) return Fail("hub " + std::to_string(h) + " did not start: " + Tail(ReadFile(hubs_[h]->log)));
    auto store = OpenDb();
    if (!store) return false;
    for (auto& tp : terms_) {
      Term& t = *tp;
      const std::string code = hub::NewEnrollCode();
      if (!hub::AddEnrollCode(*store, code, "bedside", t.bed, NowMs(), NowMs() + 3600000).ok()) return Fail("enroll code");
      t.url = "http://" + t.lab.host_ip + ":" + std::to_string(hubs_[t.hub]->port);
      auto r = RunProgram(t.lab.InNs(Kiosk(t, {"enroll", "--code", code})), t.data + "-enroll", 60000);
      if (r.rc != 0) return Fail("enroll from the namespace failed: " + Tail(r.err));
      if (!StartSync(t)) return Fail("cannot start `onestop-kiosk sync`");
    }
    return true;
  }

  bool Fail(std::string why) {
    res_.error = std::move(why);
    return false;
  }

  std::unique_ptr<hub::HubStore> OpenDb() {
    auto s = hub::OpenHubStore(db_);
    if (!s.ok()) {
      Fail("cannot open the hub database: " + s.error().message);
      return nullptr;
    }
    return std::move(s.value());
  }

  std::vector<std::string> Kiosk(const Term& t, const std::vector<std::string>& cmd) const {
    std::vector<std::string> a = t.Env();
    for (const std::string& s : {o_.kiosk_bin, std::string("--data-dir"), t.data, std::string("--hub"), t.url,
                                 std::string("--config"), t.config, std::string("--log-level"), std::string("info")})
      a.push_back(s);
    a.insert(a.end(), cmd.begin(), cmd.end());
    return a;
  }

  bool StartHub(int h, bool demo) {
    HubProc& p = *hubs_[h];
    p.log = o_.dir + "/hub" + std::to_string(h) + ".log";
    std::vector<std::string> argv = {o_.hub_bin, "serve", "--listen", "0.0.0.0:" + std::to_string(p.port), "--db", db_};
    if (demo) argv.push_back("--demo-data");
    for (int attempt = 0; attempt < 50; ++attempt) {  // the port may linger a moment after SIGKILL
      if (p.child.Start(argv, "", p.log, /*stdout_pipe=*/true)) {
        const std::string hostport = p.child.WaitForLine("listening ", 120000);
        if (const auto colon = hostport.rfind(':'); colon != std::string::npos) {
          p.port = std::stoi(hostport.substr(colon + 1));
          p.stopped = false;
          return true;
        }
      }
      p.child.Kill(SIGKILL);
      Sleep(100);
    }
    return false;
  }

  bool StartSync(Term& t) {
    t.stopped = false;
    return t.sync.Start(t.lab.InNs(Kiosk(t, {"sync"})), t.data + "-sync.out", t.data + "-sync.log");
  }

  // ---- faults ---------------------------------------------------------------------------------
  struct Undo {
    SteadyClock::time_point at;
    std::string target;
    std::function<void()> fn;
  };

  void Schedule(const std::string& target, int after_ms, std::function<void()> fn) {
    busy_.insert(target);
    undos_.push_back({SteadyClock::now() + std::chrono::milliseconds(after_ms), target, std::move(fn)});
  }

  void RunDueUndos(bool all) {
    for (size_t i = 0; i < undos_.size();) {
      if (all || SteadyClock::now() >= undos_[i].at) {
        auto u = std::move(undos_[i]);
        undos_.erase(undos_.begin() + static_cast<long>(i));
        u.fn();
        busy_.erase(u.target);
      } else {
        ++i;
      }
    }
  }

  // One fault of a random kind on a random target not already faulted (`forced`: this kind).
  void InjectOne(const std::string& forced) {
    static const std::vector<std::string> kKinds = {"partition_hub_to_terminal", "partition_terminal_to_hub",
                                                    "partition_both", "kill_terminal", "stop_terminal",
                                                    "kill_hub", "stop_hub", "restart_db"};
    const std::string kind = forced.empty() ? kKinds[Pick(0, static_cast<int>(kKinds.size()) - 1)] : forced;
    if (kind == "restart_db") {
      if (!o_.restart_db || busy_.count("db")) return;
      busy_.insert("db");
      if (!o_.restart_db()) res_.problems.push_back("the database did not restart");
      busy_.erase("db");
      ++res_.faults[kind];
      return;
    }
    if (kind.find("hub") != std::string::npos && kind.find("partition") == std::string::npos) {
      const int h = Pick(0, o_.hubs - 1);
      const std::string target = "hub" + std::to_string(h);
      if (busy_.count(target)) return;
      HubProc& p = *hubs_[h];
      if (kind == "kill_hub") {
        p.child.Kill(SIGKILL);
        Schedule(target, Pick(300, 3000), [this, h] {
          if (!StartHub(h, false)) res_.problems.push_back("hub " + std::to_string(h) + " did not restart");
        });
      } else {
        ::kill(p.child.pid(), SIGSTOP);
        p.stopped = true;
        Schedule(target, Pick(1000, 4000), [&p] {
          ::kill(p.child.pid(), SIGCONT);
          p.stopped = false;
        });
      }
      ++res_.faults[kind];
      return;
    }
    const int i = Pick(0, o_.terminals - 1);
    const std::string target = "term" + std::to_string(i);
    if (busy_.count(target)) return;
    Term& t = *terms_[i];
    if (kind == "kill_terminal") {
      t.sync.Kill(SIGKILL);
      Schedule(target, Pick(300, 3000), [this, &t] {
        if (!StartSync(t)) res_.problems.push_back("a terminal did not restart");
      });
    } else if (kind == "stop_terminal") {
      ::kill(t.sync.pid(), SIGSTOP);
      t.stopped = true;
      Schedule(target, Pick(1000, 5000), [&t] {
        ::kill(t.sync.pid(), SIGCONT);
        t.stopped = false;
      });
    } else {
      const bool ok = kind == "partition_both"              ? t.lab.CutBoth()
                      : kind == "partition_terminal_to_hub" ? t.lab.Cut(/*local=*/true)
                                                            : t.lab.Cut(/*local=*/false);
      if (!ok) res_.problems.push_back("cannot add a blackhole route");
      Schedule(target, Pick(1000, 8000), [this, &t] {
        if (!t.lab.Heal()) res_.problems.push_back("cannot remove a blackhole route");
      });
    }
    ++res_.faults[kind];
  }

  // ---- workload (its own thread: CLI runs may wait on a stopped process's lock) --------------
  void Workload(std::atomic<bool>& stop) {
    std::mt19937_64 rng(o_.seed * 7919 + 1);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
    std::unique_ptr<hub::HubStore> desk;  // (re)opened when gone: a database restart may break the first open
    for (int n = 0; !stop; ++n) {
      Term& t = *terms_[pick(0, o_.terminals - 1)];
      const int dice = pick(0, 99);
      if (dice < 45) {
        Accept(t, dice < 25 ? std::vector<std::string>{"report", "--kind", "cleaning", "--category", "cleaning",
                                                        "--location", t.bed}
                            : std::vector<std::string>{"report", "--kind", "complaint", "--category", "noise",
                                                        "--note", "campaign " + std::to_string(n)});
      } else if (dice < 75) {
        PlaceOrder(t);
      } else {
        Rate(t, pick(3, 5));
      }
      if (n % 2 == 0) {
        if (!desk)
          if (auto s = hub::OpenHubStore(db_); s.ok()) desk = std::move(s.value());
        if (desk) DeskMove(*desk);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(pick(50, 250)));
    }
  }

  // Runs a queuing CLI command; a printed record id is a record the terminal accepted.
  json Accept(const Term& t, const std::vector<std::string>& cmd) {
    auto r = RunProgram(Kiosk(t, cmd), t.data + "-cli", 60000);
    json out = json::parse(r.out, nullptr, false);
    if (r.rc == 0 && out.is_object() && out.contains("record_id")) {
      std::lock_guard lock(mu_);
      accepted_.push_back(out.at("record_id").get<std::string>());
    } else {
      std::lock_guard lock(mu_);
      ++res_.refused;
    }
    return out;
  }

  // The first allowed dish of the first orderable slot (a second order of a slot is refused by the
  // terminal or by the hub: both are answers, neither is a loss).
  void PlaceOrder(const Term& t) {
    auto menu = RunProgram(Kiosk(t, {"order", "menu"}), t.data + "-menu", 60000);
    std::istringstream lines(menu.out);
    std::string line, slot, dish;
    while (std::getline(lines, line) && dish.empty()) {
      const json j = json::parse(line, nullptr, false);
      if (!j.is_object()) continue;
      if (j.contains("slots") && j.at("slots").is_array() && !j.at("slots").empty())
        slot = j.at("slots")[0].value("slot", "");
      else if (j.value("state", "") == "allowed" && j.value("slot", "") == slot)
        dish = j.value("menu_item", "");
    }
    if (dish.empty()) return;
    Accept(t, {"order", "place", "--slot", slot, "--item", dish});
  }

  // Rates the newest unrated completed service; the scores each dimension asks for come from the
  // terminal's own refusal (so the campaign follows whatever dimensions the rules ask of a kind).
  void Rate(const Term& t, int score) {
    auto list = RunProgram(Kiosk(t, {"rate", "list"}), t.data + "-rlist", 60000);
    const json j = json::parse(list.out, nullptr, false);
    if (!j.is_object() || !j.contains("items")) return;
    for (const json& item : j.at("items")) {
      if (item.value("rated", true)) continue;
      std::vector<std::string> cmd = {"rate", "--ticket", item.value("id", ""), "--overall", std::to_string(score)};
      auto first = RunProgram(Kiosk(t, cmd), t.data + "-rate", 60000);
      const json refusal = json::parse(first.out, nullptr, false);
      if (refusal.is_object() && refusal.contains("problems"))
        for (const json& p : refusal.at("problems"))
          if (p.value("code", "") == "rating.score_required")
            cmd.insert(cmd.end(), {"--dim", p.value("field", "") + "=" + std::to_string(score)});
      Accept(t, cmd);
      return;
    }
  }

  // The desk moves the oldest open cleaning or complaint one step on (through the hub's own rules,
  // on the same database, as a third writer next to the two hubs).
  void DeskMove(hub::HubStore& store) {
    if (team_of_trade_.empty())
      if (auto teams = store.ListMasterRows("config", "team:"); teams.ok())
        for (const auto& [id, row] : teams.value()) team_of_trade_[row.value("trade", "")] = row.value("team", "");
    auto open = store.ListTicketsWithStatus({"received", "accepted", "dispatched", "in_progress"});
    if (!open.ok()) return;
    for (const auto& tk : open.value()) {
      if (tk.kind == "meal") continue;
      static const std::map<std::string, std::string> kNext = {
          {"received", "accepted"}, {"dispatched", "in_progress"}, {"in_progress", "completed"}};
      bool ok = false;
      if (tk.status == "accepted") {
        auto team = team_of_trade_.find(tk.trade);
        if (team == team_of_trade_.end()) continue;  // no team of that trade: a desk would phone
        ok = hub::DispatchTicket(store, tk.id, {team->second, ""}, "desk", NowMs()).ok();
      } else {
        ok = hub::MoveTicket(store, tk.id, kNext.at(tk.status), "desk", NowMs()).ok();
      }
      if (ok) {
        std::lock_guard lock(mu_);
        ++res_.desk_moves;
      }
      return;
    }
  }

  // ---- heal and check -------------------------------------------------------------------------
  void Heal() {
    RunDueUndos(/*all=*/true);
    for (int h = 0; h < o_.hubs; ++h)
      if (!hubs_[h]->child.Running() && !StartHub(h, false)) res_.problems.push_back("a hub did not come back");
    for (auto& t : terms_)
      if (!t->sync.Running() && !StartSync(*t)) res_.problems.push_back("a terminal did not come back");
  }

  void Check() {
    res_.records = static_cast<int>(accepted_.size());
    auto store = OpenDb();
    if (!store) return;
    for (auto& t : terms_)
      if (auto kiosk = onestop::offline::Store::Open(t->data + "/kiosk.db", clock_); kiosk.ok())
        res_.outbox_at_heal += kiosk.value()->OutboxDepth();
    const auto healed = SteadyClock::now();
    std::vector<bool> done(terms_.size(), false);
    std::vector<std::string> why(terms_.size());
    while (MsSince(healed) < int64_t{o_.drain_deadline_s} * 1000) {
      bool all = true;
      for (size_t i = 0; i < terms_.size(); ++i) {
        if (!done[i]) done[i] = Converged(*store, *terms_[i], &why[i]);
        all = all && done[i];
      }
      if (all) {
        res_.drain_ms = MsSince(healed);
        break;
      }
      Sleep(100);
    }
    for (size_t i = 0; i < terms_.size(); ++i) {
      if (done[i]) continue;
      const bool queue = why[i].rfind("outbox", 0) == 0 || why[i].rfind("behind", 0) == 0;
      (queue ? res_.stuck : res_.diverged)++;
      res_.problems.push_back("terminal " + std::to_string(i) + ": " + why[i] + "\n" +
                              Tail(ReadFile(terms_[i]->data + "-sync.log")));
    }
    CountLostAndDoubled(*store);
  }

  // Outbox empty, and every change the hub shows this terminal's binding is in its store as the hub
  // has it (upserts equal, deletes absent).
  bool Converged(hub::HubStore& store, const Term& t, std::string* why) {
    auto kiosk = onestop::offline::Store::Open(t.data + "/kiosk.db", clock_);
    if (!kiosk.ok()) return (*why = "store: " + kiosk.error().message), false;
    auto& k = *kiosk.value();
    if (const int depth = k.OutboxDepth(); depth != 0) return (*why = "outbox holds " + std::to_string(depth)), false;
    auto state = k.LoadSyncState();
    if (!state.ok() || !state.value().binding) return (*why = "not enrolled"), false;
    // Behind: the hub has a change for this scope past the terminal's cursor.
    bool behind = false;
    if (auto next = store.Pull(*state.value().binding, onestop::offline::ParseCursor(state.value().cursor), 1, &behind);
        !next.ok() || !next.value().empty())
      return (*why = "behind: the hub has changes past cursor " + state.value().cursor), false;
    std::map<std::pair<std::string, std::string>, const hub::ChangeRow*> last;
    std::vector<hub::ChangeRow> all;
    for (int64_t cursor = 0;;) {
      bool more = false;
      auto page = store.Pull(*state.value().binding, cursor, 5000, &more);
      if (!page.ok()) return (*why = "hub pull: " + page.error().message), false;
      for (auto& c : page.value()) all.push_back(std::move(c));
      if (!more || all.empty()) break;
      cursor = all.back().seq;
    }
    for (const auto& c : all) last[{c.entity, c.id}] = &c;
    for (const auto& [key, c] : last) {
      auto mine = k.GetEntity(key.first, key.second);
      if (!mine.ok()) continue;  // an entity this terminal does not keep
      if (c->op == "delete") {
        if (mine.value()) return (*why = key.first + "/" + key.second + " deleted at the hub, kept here"), false;
        continue;
      }
      if (!mine.value()) return (*why = key.first + "/" + key.second + " missing"), false;
      if (json::parse(*mine.value(), nullptr, false) != json::parse(c->data_json, nullptr, false))
        return (*why = key.first + "/" + key.second + " differs"), false;
    }
    return true;
  }

  void CountLostAndDoubled(hub::HubStore& store) {
    std::map<std::string, int> tickets, ratings;
    if (auto all = store.ListTickets(); all.ok())
      for (const auto& t : all.value()) ++tickets[t.record_id];
    if (auto all = store.ListRatings(0, INT64_MAX); all.ok())
      for (const auto& r : all.value()) ++ratings[r.record_id];
    for (const std::string& id : accepted_) {
      auto payload = store.LoadRecordPayload(id);
      if (!payload.ok() || !payload.value()) {
        ++res_.lost;
        res_.problems.push_back("record " + id + " is not at the hub");
      }
      if (tickets[id] > 1 || ratings[id] > 1) {
        ++res_.duplicated;
        res_.problems.push_back("record " + id + " made " + std::to_string(tickets[id]) + " tickets and " +
                                std::to_string(ratings[id]) + " ratings");
      }
    }
    for (auto& t : terms_) {
      auto kiosk = onestop::offline::Store::Open(t->data + "/kiosk.db", clock_);
      if (!kiosk.ok()) continue;
      res_.dead_letters += kiosk.value()->DeadLetterCount();
      if (auto dead = kiosk.value()->ListDeadLetters(5); dead.ok())
        for (const auto& d : dead.value()) res_.problems.push_back("dead letter " + d.kind + ": " + d.reason);
    }
  }

  void TearDown() {
    RunDueUndos(true);
    for (auto& t : terms_) {
      t->sync.Kill(SIGKILL);
      t->lab.Teardown();
    }
    for (auto& h : hubs_) h->child.Kill(SIGKILL);
  }

  int Pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  static void Sleep(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

  Options o_;
  std::mt19937_64 rng_;
  onestop::SystemClock clock_;
  std::string db_;
  std::vector<std::unique_ptr<HubProc>> hubs_;
  std::vector<std::unique_ptr<Term>> terms_;
  std::vector<Undo> undos_;
  std::set<std::string> busy_;
  std::mutex mu_;  // accepted_, res_ counters written by the workload thread
  std::vector<std::string> accepted_;
  std::map<std::string, std::string> team_of_trade_;  // the desk's dispatch choice
  Result res_;
};

}  // namespace

int Result::FaultCount() const {
  int n = 0;
  for (const auto& [kind, count] : faults) n += count;
  return n;
}

std::string Result::Json() const {
  return json{{"error", error},   {"faults", faults},         {"fault_count", FaultCount()}, {"records", records},
              {"refused", refused}, {"desk_moves", desk_moves}, {"lost", lost},               {"duplicated", duplicated},
              {"stuck", stuck},   {"diverged", diverged},     {"dead_letters", dead_letters}, {"outbox_at_heal", outbox_at_heal},
              {"drain_ms", drain_ms}}
      .dump();
}

std::string CanRun() {
  if (partition::IpBinary().empty()) return "iproute2's `ip` is not installed (apt-get install iproute2)";
  if (::geteuid() != 0) return "not running as root: network namespaces need CAP_NET_ADMIN";
  return "";
}

Result RunCampaign(const Options& o) { return Campaign(o).Run(); }

}  // namespace faults
