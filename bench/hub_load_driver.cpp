// Hub load driver (issue 18 item 4): N simulated bedside terminals against 1 or 2 real
// `onestop-hub serve` processes on one database. Each terminal holds one live pull on its own
// keep-alive connection and pushes a mix of records; a desk moves their tickets through the console
// API; the driver times push latency and status delivery (desk's 200 -> the bed's pull returns it).
// One epoll thread drives every connection. It never reads the database: only the hub's HTTP API.
#include <CLI/CLI.hpp>
#include <arpa/inet.h>
#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <set>

#include "bench/load/event_http.h"
#include "bench/load/hub_procs.h"
#include "bench/load/load_records.h"
#include "kiosk/core/protocol.h"

namespace {
namespace fs = std::filesystem;
namespace pr = onestop::protocol;
namespace ob = onestop::bench;
using nlohmann::json;
using ob::Conn;
using ob::HttpAnswer;
using ob::Loop;

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

double Pct(std::vector<double> v, double p) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())) - 1))];
}

sockaddr_in Dest(int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}
// Every simulated device gets its own loopback address (127.<net>.<hi>.<lo>), as real kiosks have:
// the hub's per-address connection cap and enrollment rate limit then judge each one alone.
in_addr Source(int net, int index) {
  in_addr a{};
  a.s_addr = htonl((127u << 24) | (static_cast<uint32_t>(net) << 16) | (static_cast<uint32_t>(index / 250) << 8) |
                   static_cast<uint32_t>(index % 250 + 1));
  return a;
}

int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

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
constexpr std::array<const char*, 3> kSteps = {"accepted", "dispatched", "completed"};
constexpr std::array<const char*, 3> kFrom = {"received", "accepted", "dispatched"};
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
  std::unique_ptr<Conn> desk_, metrics_;
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

bool Driver::StartHubs() {
  if (!o_.attach.empty()) {
    for (const auto& a : o_.attach) {
      // host:port[:pid] (pid for /proc readings); the driver only talks to loopback hubs.
      ob::HubProc h;
      h.port = std::atoi(a.c_str() + a.find(':') + 1);
      if (auto p = a.find(':', a.find(':') + 1); p != std::string::npos) h.pid = std::atoi(a.c_str() + p + 1);
      hubs_.push_back(h);
    }
    return true;
  }
  for (int i = 0; i < o_.hubs; ++i) {
    std::string err;
    // The first process fills an empty database with the demo hospital; the others find it there.
    auto h = ob::StartHub(o_.hub_bin, o_.db, i == 0, o_.hub_args, o_.work_dir + "/hub" + std::to_string(i) + ".log", 60, &err);
    if (h.pid == 0) {
      std::cerr << "hub_load_driver: " << err << "\n";
      return false;
    }
    hubs_.push_back(h);
  }
  return true;
}

bool Driver::SignIn(Conn& c, const std::string& user, std::string* headers) {
  bool done = false, ok = false;
  c.Send(ob::Request("POST", "/v1/console/session", "", json{{"user", user}, {"password", o_.password}}.dump()), 10000,
         [&](const HttpAnswer* a, const std::string& err) {
           done = true;
           if (!a || a->status != 200) {
             std::cerr << "hub_load_driver: console sign-in as " << user << " failed: " << (a ? a->body : err) << "\n";
             return;
           }
           const std::string cookie = a->Header("set-cookie");
           const json me = json::parse(a->body, nullptr, false);
           if (cookie.empty() || !me.is_object() || !me.contains("csrf")) return;
           *headers = "Cookie: " + cookie.substr(0, cookie.find(';')) + "\r\nX-CSRF-Token: " + me["csrf"].get<std::string>() + "\r\n";
           ok = true;
         });
  Wait([&] { return done; }, 15);
  return ok;
}

void Driver::Enroll(Conn& admin, Conn& device, const std::string& kind, const std::string& location, EnrollFn done) {
  // Code from the console (admin), then the device enrolls with it from its own address.
  json want = {{"kind", kind}, {"ttl_hours", 1}};
  if (!location.empty()) want["location"] = location;
  admin.Send(ob::Request("POST", "/v1/console/admin/enroll-codes", admin_headers_, want.dump()), 30000,
             [&device, kind, done](const HttpAnswer* a, const std::string& err) {
               const json j = a ? json::parse(a->body, nullptr, false) : json();
               if (!a || a->status != 201 || !j.is_object() || !j.contains("code"))
                 return done(false, "enroll code: " + (a ? a->body : err), "");
               const std::string code = j["code"];
               device.Send(ob::Request("POST", "/v1/enroll", "", pr::ToJson(pr::EnrollRequest{code, {"load", kind, "load"}}).dump()),
                           30000, [done](const HttpAnswer* e, const std::string& err2) {
                             auto r = pr::DecodeEnrollResponse(e && e->status == 200 ? e->body : "");
                             if (!r) return done(false, "enroll: " + (e ? e->body : err2), "");
                             done(true, r->terminal_id, r->token);
                           });
             });
}

bool Driver::Scout(const std::string& kind, const std::string& location, int source_index, int64_t* head) {
  // A terminal's first sync: the whole log in scope, page by page. Gives the hospital's master data
  // and the head the simulated terminals start from (they are past their first sync).
  Conn admin(loop_, Dest(hubs_[0].port), Source(9, 100 + source_index));
  Conn dev(loop_, Dest(hubs_[0].port), Source(11, source_index));
  bool done = false, ok = false;
  std::string auth;
  Enroll(admin, dev, kind, location, [&](bool good, const std::string& what, const std::string& token) {
    done = true;
    if (!good) std::cerr << "hub_load_driver: scout " << kind << " " << location << ": " << what << "\n";
    ok = good;
    auth = "Authorization: Bearer " + token + "\r\n";
  });
  if (!Wait([&] { return done; }, 60) || !ok) return false;
  int64_t cursor = 0;
  for (bool more = true; more;) {
    bool got = false;
    more = false;
    dev.Send(ob::Request("GET", pr::PullPath(cursor, 1000), auth), 60000, [&](const HttpAnswer* a, const std::string& err) {
      auto p = pr::DecodePullResponse(a && a->status == 200 ? a->body : "");
      if (!p) {
        std::cerr << "hub_load_driver: scout pull: " << (a ? a->body.substr(0, 200) : err) << "\n";
        return;
      }
      for (const auto& c : p->changes) hosp_.Take(c);
      cursor = p->next_cursor;
      more = p->more;
      got = true;
    });
    if (!Wait([&] { return got || !dev.busy(); }, 90) || !got) return false;
  }
  *head = std::max(*head, cursor);
  return true;
}

bool Driver::EnrollAll() {
  // Beds ward by ward (the map is ordered by code, so a ward's beds are together): N terminals fill
  // N / 24 wards of the demo hospital, as a real roll-out does.
  std::vector<std::string> beds;
  for (const auto& [bed, ward] : hosp_.bed_ward) beds.push_back(bed);
  if (static_cast<int>(beds.size()) < o_.terminals) {
    std::cerr << "hub_load_driver: the hub knows " << beds.size() << " beds, fewer than --terminals " << o_.terminals << "\n";
    return false;
  }
  terms_.resize(static_cast<size_t>(o_.terminals));
  for (int i = 0; i < o_.terminals; ++i) {
    Terminal& t = terms_[static_cast<size_t>(i)];
    t.index = i;
    t.hub = i % static_cast<int>(hubs_.size());
    t.bed = beds[static_cast<size_t>(i)];
    const sockaddr_in dst = Dest(hubs_[static_cast<size_t>(t.hub)].port);
    t.pull = std::make_unique<Conn>(loop_, dst, Source(10, i));
    t.push = std::make_unique<Conn>(loop_, dst, Source(10, i));
  }
  // Eight enrollments at a time, each worker with its own admin connection.
  constexpr int kWorkers = 8;
  std::vector<std::unique_ptr<Conn>> admins;
  int next = 0, finished = 0, failed = 0;
  std::function<void(int)> work = [&](int w) {
    if (next >= o_.terminals) return;
    Terminal& t = terms_[static_cast<size_t>(next++)];
    Enroll(*admins[static_cast<size_t>(w)], *t.push, "bedside", t.bed, [&, w](bool ok, const std::string& what, const std::string& token) {
      ++finished;
      if (!ok) {
        ++failed;
        std::cerr << "hub_load_driver: terminal " << t.index << ": " << what << "\n";
      } else {
        t.id = what;
        t.auth = "Authorization: Bearer " + token + "\r\n";
      }
      work(w);
    });
  };
  for (int w = 0; w < kWorkers; ++w) {
    admins.push_back(std::make_unique<Conn>(loop_, Dest(hubs_[0].port), Source(9, 10 + w)));
    work(w);
  }
  Wait([&] { return finished == o_.terminals; }, 30.0 + o_.terminals * 0.1);
  return finished == o_.terminals && failed == 0;
}

void Driver::Poll(Terminal& t) {
  const std::string path = pr::PullPath(t.cursor, o_.limit, o_.wait_s);
  t.pull->Send(ob::Request("GET", path, t.auth), (o_.wait_s + 15) * 1000, [this, &t](const HttpAnswer* a, const std::string& err) {
    if (stopping_) return;
    if (!a || a->status != 200) {
      st_.Error(a ? "pull: HTTP " + std::to_string(a->status) : "pull: " + err);
      loop_.After(1000000, [this, &t] { Poll(t); });
      return;
    }
    OnPulled(t, *a);
  });
}

void Driver::OnPulled(Terminal& t, const HttpAnswer& a) {
  ++st_.pulls;
  auto p = pr::DecodePullResponse(a.body);
  if (!p) {
    st_.Error("pull: undecodable answer");
    loop_.After(1000000, [this, &t] { Poll(t); });
    return;
  }
  for (const auto& c : p->changes)
    if (c.entity == "ticket" && c.data.is_object()) TicketSeen(t, c.id, c.data.value("status", ""));
  if (!p->changes.empty()) t.cursor = p->next_cursor;
  // Granted 0 = the hub had no live-pull slot free: back off a second, as the kiosk does.
  if (p->changes.empty() && a.Header("x-onestop-wait") == "0") {
    ++st_.wait_refused;
    loop_.After(1000000, [this, &t] { Poll(t); });
    return;
  }
  Poll(t);
}

void Driver::Flush(Terminal& t) {
  if (t.push->busy() || t.outbox.empty() || t.retry_scheduled) return;
  pr::PushRequest req{t.id, {}};
  const size_t n = std::min<size_t>(t.outbox.size(), 50);
  for (size_t i = 0; i < n; ++i) req.records.push_back(t.outbox[i].record);
  const int64_t sent = Loop::NowUs();
  t.push->Send(ob::Request("POST", "/v1/sync/push", t.auth, pr::ToJson(req).dump()), 30000,
               [this, &t, n, sent](const HttpAnswer* a, const std::string& err) {
                 if (stopping_) return;
                 auto retry = [&](const std::string& why) {
                   st_.Error(why);
                   t.retry_scheduled = true;
                   loop_.After(1000000, [this, &t] {
                     t.retry_scheduled = false;
                     Flush(t);
                   });
                 };
                 if (!a) return retry("push: " + err);
                 if (a->status >= 500 || a->status == 429) return retry("push: HTTP " + std::to_string(a->status));
                 auto r = pr::DecodePushResponse(a->status == 200 ? a->body : "");
                 if (!r || r->results.size() != n) return retry("push: HTTP " + std::to_string(a->status) + " " + a->body.substr(0, 120));
                 st_.push_ms.push_back(static_cast<double>(Loop::NowUs() - sent) / 1000.0);
                 ++st_.pushed_answers;
                 for (size_t i = 0; i < n; ++i) {
                   const pr::PushRecord& rec = t.outbox[i].record;
                   const pr::PushResult& res = r->results[i];
                   const std::string kind(pr::RecordKindName(rec.kind));
                   if (res.status == pr::PushStatus::kRejected) {
                     ++st_.rejected[kind + ": " + res.reason.substr(0, 100)];
                     continue;
                   }
                   if (res.status == pr::PushStatus::kDuplicate) ++st_.duplicate;
                   else ++st_.accepted;
                   ++st_.accepted_kinds[kind];
                   if (res.status == pr::PushStatus::kAccepted &&
                       (rec.kind == pr::RecordKind::kRepairRequest || rec.kind == pr::RecordKind::kCleaningRequest)) {
                     owner_[res.ref] = t.index;
                     desk_queue_.push_back({res.ref, rec.kind == pr::RecordKind::kCleaningRequest ? "clean_team" : "maint_team", t.index, 0});
                   }
                 }
                 t.outbox.erase(t.outbox.begin(), t.outbox.begin() + static_cast<std::ptrdiff_t>(n));
                 Flush(t);
               });
}

void Driver::Generate() {
  if (!generating_) return;
  std::exponential_distribution<double> gap(o_.push_rate);
  loop_.After(static_cast<int64_t>(gap(rng_) * 1e6), [this] { Generate(); });
  Terminal& t = terms_[rng_() % terms_.size()];
  const double r = std::uniform_real_distribution<double>(0, 1)(rng_);
  pr::PushRecord rec{pr::NewUuidV4(), pr::RecordKind::kRepairRequest, WallMs(), {}};
  std::optional<json> meal;
  if (r < o_.meal_share) meal = ob::MealOrderFor(hosp_, t.bed, rec.created_at_ms, t.meals_ordered, rng_);
  if (meal) {
    rec.kind = pr::RecordKind::kMealOrder;
    rec.payload = std::move(*meal);
  } else if (r < o_.meal_share + (1 - o_.meal_share) * 0.55) {
    rec.payload = ob::RepairPayload(rng_);
  } else {
    rec.kind = pr::RecordKind::kCleaningRequest;
    rec.payload = ob::CleaningPayload(rng_);
  }
  t.outbox.push_back({std::move(rec), Loop::NowUs()});
  Flush(t);
}

void Driver::DeskTick() {
  if (!generating_) return;
  loop_.After(static_cast<int64_t>(1e6 / o_.desk_rate), [this] { DeskTick(); });
  if (desk_->busy() || desk_queue_.empty()) return;
  DeskJob job = desk_queue_.front();
  desk_queue_.pop_front();
  json body = {{"to", kSteps[static_cast<size_t>(job.step)]}, {"from", kFrom[static_cast<size_t>(job.step)]}};
  if (job.step == 1) body["team"] = job.team;
  // The step exists from now on: a bed may see the move before the desk has its 200.
  deliveries_[job.ticket][static_cast<size_t>(job.step)].desk_sent_us = Loop::NowUs();
  desk_->Send(ob::Request("POST", "/v1/console/tickets/" + job.ticket + "/transition", desk_headers_, body.dump()), 30000,
              [this, job](const HttpAnswer* a, const std::string& err) {
                if (stopping_) return;
                Delivery& d = deliveries_[job.ticket][static_cast<size_t>(job.step)];
                if (!a || a->status != 200) {
                  d.seen_us = -1;  // not moved: nothing to deliver
                  st_.Error("desk: " + (a ? "HTTP " + std::to_string(a->status) + " " + a->body.substr(0, 120) : err));
                  return;
                }
                ++st_.desk_moves;
                d.desk_ok_us = Loop::NowUs();
                if (d.seen_us > 0) {
                  // The bed's pull returned the change before the desk had its answer.
                  ++st_.seen_before_200;
                  const bool same = terms_[static_cast<size_t>(job.terminal)].hub == 0;
                  st_.status_ms.push_back(0);
                  (same ? st_.status_same_ms : st_.status_other_ms).push_back(0);
                }
                if (job.step + 1 < static_cast<int>(kSteps.size())) desk_queue_.push_back({job.ticket, job.team, job.terminal, job.step + 1});
              });
}

void Driver::TicketSeen(Terminal& t, const std::string& ticket, const std::string& status) {
  int k = -1;
  for (size_t i = 0; i < kSteps.size(); ++i)
    if (status == kSteps[i]) k = static_cast<int>(i);
  if (status == "followed_up" || status == "assessed") k = 2;
  auto it = deliveries_.find(ticket);
  if (k < 0 || it == deliveries_.end()) return;
  const int64_t now = Loop::NowUs();
  bool newly_completed = false;
  for (int j = 0; j <= k; ++j) {
    Delivery& d = it->second[static_cast<size_t>(j)];
    if (d.seen_us != 0) continue;
    d.seen_us = now;
    if (j == 2) newly_completed = true;
    if (d.desk_sent_us > 0) st_.status_from_send_ms.push_back(static_cast<double>(now - d.desk_sent_us) / 1000.0);
    if (d.desk_ok_us > 0) {
      const double ms = static_cast<double>(now - d.desk_ok_us) / 1000.0;
      st_.status_ms.push_back(ms);
      (t.hub == 0 ? st_.status_same_ms : st_.status_other_ms).push_back(ms);
    }
  }
  // Patients rate part of the finished work from the bed, right after they see it done.
  if (newly_completed && generating_ && owner_[ticket] == t.index &&
      std::uniform_real_distribution<double>(0, 1)(rng_) < o_.rating_share) {
    t.outbox.push_back({{pr::NewUuidV4(), pr::RecordKind::kRating, WallMs(), ob::RatingPayload(ticket, rng_)}, now});
    Flush(t);
  }
}

void Driver::Sample() {
  if (!generating_) return;
  loop_.After(1000000, [this] { Sample(); });
  for (size_t h = 0; h < hubs_.size(); ++h) {
    const ob::ProcStat p = ob::ReadProc(hubs_[h].pid);
    peak_[h].rss_kib = std::max(peak_[h].rss_kib, p.rss_kib);
    peak_[h].threads = std::max(peak_[h].threads, p.threads);
  }
}

int64_t Driver::HubsWaiting() {
  // Live pulls held now, as the hubs count them (/metrics gauge onestop_hub_pull_waiting).
  int64_t total = 0;
  for (size_t h = 0; h < hubs_.size(); ++h) {
    Conn c(loop_, Dest(hubs_[h].port), Source(9, 200 + static_cast<int>(h)));
    bool done = false;
    c.Send(ob::Request("GET", "/metrics"), 10000, [&](const HttpAnswer* a, const std::string& err) {
      done = true;
      if (!a) {
        std::cerr << "hub_load_driver: /metrics of hub " << h << " unanswered (" << err << "): the hub is starved\n";
        return;
      }
      const std::string key = "\nonestop_hub_pull_waiting ";
      if (auto at = a->body.find(key); at != std::string::npos) total += std::atoll(a->body.c_str() + at + key.size());
    });
    Wait([&] { return done; }, 12);
  }
  return total;
}

void Driver::Report() {
  const double secs = static_cast<double>(run_end_us_ - run_start_us_) / 1e6;
  uint64_t lost = 0, undelivered = 0, delivered = 0;
  for (const auto& t : terms_) lost += t.outbox.size();
  for (const auto& [id, steps] : deliveries_)
    for (const auto& d : steps) {
      if (d.desk_ok_us > 0 && d.seen_us <= 0) ++undelivered;
      if (d.desk_ok_us > 0 && d.seen_us > 0) ++delivered;
    }
  int64_t base = 0, held = 0, peak_rss = 0;
  int threads_base = 0, threads_held = 0, threads_peak = 0;
  double cpu = 0;
  for (size_t h = 0; h < hubs_.size(); ++h) {
    base += base_[h].rss_kib;
    held += held_[h].rss_kib;
    peak_rss += peak_[h].rss_kib;
    threads_base += base_[h].threads;
    threads_held += held_[h].threads;
    threads_peak += peak_[h].threads;
    cpu += cpu_end_[h].cpu_s - cpu_start_[h].cpu_s;
  }
  const double per_k = held_count_ > 0 ? static_cast<double>(held - base) / 1024.0 / static_cast<double>(held_count_) * 1000.0 : NAN;
  const double records = static_cast<double>(st_.accepted + st_.duplicate + st_.Rejected());
  char line[1024];
  std::snprintf(line, sizeof line,
                "| %zu | %d | %.0f | %.0f | %.1f / %.1f | %.0f / %.0f | %.0f -> %.0f | %.1f | %d -> %d (peak %d) | %llu | %llu | %llu | %llu |",
                hubs_.size(), o_.terminals, records / secs, static_cast<double>(st_.pulls) / secs, Pct(st_.push_ms, 50),
                Pct(st_.push_ms, 99), Pct(st_.status_ms, 50), Pct(st_.status_ms, 99), static_cast<double>(base) / 1024.0,
                static_cast<double>(held) / 1024.0, per_k, threads_base, threads_held, threads_peak,
                static_cast<unsigned long long>(st_.errors), static_cast<unsigned long long>(st_.Rejected()),
                static_cast<unsigned long long>(lost), static_cast<unsigned long long>(undelivered));
  std::cout << "\n| hubs | terminals | pushed records/s | pulls/s | push p50 / p99 ms | status delivery p50 / p99 ms | "
               "hub RSS idle -> N long-polls MiB | MiB per 1,000 long-polls | hub threads idle -> held (peak) | errors | "
               "rejected | lost | undelivered |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
            << line << "\n\n";
  std::printf("run %.1f s: %llu records answered (%llu accepted, %llu duplicate, %llu rejected), %llu push requests, "
              "%llu pulls, %llu desk moves; long-polls held at the memory reading: %lld\n",
              secs, static_cast<unsigned long long>(records), static_cast<unsigned long long>(st_.accepted),
              static_cast<unsigned long long>(st_.duplicate), static_cast<unsigned long long>(st_.Rejected()),
              static_cast<unsigned long long>(st_.pushed_answers), static_cast<unsigned long long>(st_.pulls),
              static_cast<unsigned long long>(st_.desk_moves), static_cast<long long>(held_count_));
  std::printf("status delivery: %llu delivered (%llu seen before the desk's 200), %llu undelivered; same hub as the desk "
              "p50/p99 %.0f/%.0f ms (%zu), other hub %.0f/%.0f ms (%zu)\n",
              static_cast<unsigned long long>(delivered), static_cast<unsigned long long>(st_.seen_before_200),
              static_cast<unsigned long long>(undelivered), Pct(st_.status_same_ms, 50), Pct(st_.status_same_ms, 99),
              st_.status_same_ms.size(), Pct(st_.status_other_ms, 50), Pct(st_.status_other_ms, 99), st_.status_other_ms.size());
  std::printf("hub CPU %.1f s in %.1f s; peak RSS %.0f MiB; load average at the end of the run: %s; client retries on "
              "closed keep-alive connections: %llu; live pulls refused (granted wait 0): %llu\n",
              cpu, secs, static_cast<double>(peak_rss) / 1024.0, loadavg_.c_str(),
              static_cast<unsigned long long>(loop_.retries()), static_cast<unsigned long long>(st_.wait_refused));
  std::printf("status delivery from the desk's request: p50/p99 %.0f/%.0f ms; records answered by kind:",
              Pct(st_.status_from_send_ms, 50), Pct(st_.status_from_send_ms, 99));
  for (const auto& [k, v] : st_.accepted_kinds) std::printf(" %s %llu", k.c_str(), static_cast<unsigned long long>(v));
  std::printf("\n");
  for (const auto& [k, v] : st_.rejected) std::printf("rejected %llu x %s\n", static_cast<unsigned long long>(v), k.c_str());
  for (const auto& [k, v] : st_.error_kinds) std::printf("error %llu x %s\n", static_cast<unsigned long long>(v), k.c_str());
  if (!o_.json_out.empty()) {
    std::ofstream out(o_.json_out, std::ios::app);
    out << json{{"hubs", hubs_.size()}, {"db", o_.db.rfind("postgresql://", 0) == 0 ? "postgresql" : "sqlite"},
                {"terminals", o_.terminals}, {"seconds", secs}, {"records_per_s", records / secs},
                {"pulls_per_s", static_cast<double>(st_.pulls) / secs}, {"push_p50_ms", Pct(st_.push_ms, 50)},
                {"push_p99_ms", Pct(st_.push_ms, 99)}, {"status_p50_ms", Pct(st_.status_ms, 50)},
                {"status_p99_ms", Pct(st_.status_ms, 99)},
                {"status_from_request_p99_ms", Pct(st_.status_from_send_ms, 99)}, {"status_samples", st_.status_ms.size()},
                {"rss_idle_kib", base}, {"rss_held_kib", held}, {"long_polls_held", held_count_}, {"mib_per_1000", per_k},
                {"threads_held", threads_held}, {"threads_peak", threads_peak}, {"errors", st_.errors},
                {"rejected", st_.Rejected()}, {"lost", lost}, {"undelivered", undelivered}, {"loadavg", loadavg_},
                {"hub_cpu_s", cpu}}
               .dump()
        << "\n";
  }
  if (o_.strict) {
    std::vector<std::string> why;
    if (st_.errors) why.push_back("errors");
    if (st_.Rejected()) why.push_back("rejected records");
    if (lost) why.push_back("records never answered");
    if (undelivered) why.push_back("status changes not delivered");
    if (st_.accepted == 0) why.push_back("nothing accepted");
    if (st_.status_ms.empty()) why.push_back("no status change timed");
    if (held_count_ < o_.terminals) why.push_back("not every terminal held a live pull");
    strict_failed_ = !why.empty();
    for (const auto& w : why) std::cerr << "hub_load_driver: FAILED: " << w << "\n";
  }
}

int Driver::Run() {
  // Two sockets per terminal plus the hub's own: lift the descriptor limit to the hard cap.
  rlimit rl{};
  ::getrlimit(RLIMIT_NOFILE, &rl);
  rl.rlim_cur = rl.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &rl);
  if (rl.rlim_cur < static_cast<rlim_t>(o_.terminals) * 2 + 64) {
    std::cerr << "hub_load_driver: the descriptor limit " << rl.rlim_cur << " is too low for " << o_.terminals << " terminals\n";
    return 3;
  }
  if (!StartHubs()) return 3;
  int code = 3;
  [&] {
    Conn admin(loop_, Dest(hubs_[0].port), Source(9, 1));
    desk_ = std::make_unique<Conn>(loop_, Dest(hubs_[0].port), Source(9, 2));
    if (!SignIn(admin, o_.admin_user, &admin_headers_) || !SignIn(*desk_, o_.console_user, &desk_headers_)) return;
    std::vector<int> idle_threads;
    for (const auto& h : hubs_) idle_threads.push_back(ob::ReadProc(h.pid).threads);
    int64_t head = 0;
    const auto t0 = Loop::NowUs();
    // The hospital's beds and master data, as a staff tablet sees them.
    if (!Scout("staff", "", 0, &head)) return;
    if (!EnrollAll()) return;
    // Diet orders are bed-scoped: one ward kiosk per ward in use reads them.
    if (o_.meal_share > 0) {
      std::set<std::string> wards;
      for (const auto& t : terms_) wards.insert(hosp_.bed_ward[t.bed]);
      int i = 1;
      for (const auto& w : wards)
        if (!Scout("ward", w, i++, &head)) return;
    }
    std::printf("set-up: %zu hub(s), %d terminals enrolled, head seq %lld, %zu beds with a diet order, %.1f s\n", hubs_.size(),
                o_.terminals, static_cast<long long>(head), hosp_.diets.size(), static_cast<double>(Loop::NowUs() - t0) / 1e6);
    for (auto& t : terms_) t.cursor = head;

    // Memory per held long-poll: RSS before any is open, then with every terminal's held. The
    // enrollment connections go first and the hub's pool shrinks back (idle workers end after 30 s),
    // so the first reading holds no connection's thread.
    for (auto& t : terms_) t.push->Close();
    const int64_t settle_until = Loop::NowUs() + 45000000;
    auto settled = [&] {
      for (size_t h = 0; h < hubs_.size(); ++h)
        if (hubs_[h].pid > 0 && ob::ReadProc(hubs_[h].pid).threads > idle_threads[h] + 8) return false;
      return true;
    };
    while (o_.settle && !settled() && Loop::NowUs() < settle_until) loop_.Run([] { return false; }, Loop::NowUs() + 1000000);
    loop_.Run([] { return false; }, Loop::NowUs() + 1000000);
    for (const auto& h : hubs_) base_.push_back(ob::ReadProc(h.pid));
    for (auto& t : terms_) Poll(t);
    const int64_t until = Loop::NowUs() + 30000000;
    while (Loop::NowUs() < until && (held_count_ = HubsWaiting()) < o_.terminals) loop_.Run([] { return false; }, Loop::NowUs() + 500000);
    loop_.Run([] { return false; }, Loop::NowUs() + 1000000);
    held_count_ = HubsWaiting();
    for (const auto& h : hubs_) held_.push_back(ob::ReadProc(h.pid));
    peak_ = held_;
    std::printf("long-polls held: %lld of %d\n", static_cast<long long>(held_count_), o_.terminals);

    // Steady state.
    for (const auto& h : hubs_) cpu_start_.push_back(ob::ReadProc(h.pid));
    generating_ = true;
    run_start_us_ = Loop::NowUs();
    Generate();
    DeskTick();
    Sample();
    loop_.Run([] { return false; }, run_start_us_ + static_cast<int64_t>(o_.seconds * 1e6));
    run_end_us_ = Loop::NowUs();
    loadavg_ = ob::LoadAverage();
    for (const auto& h : hubs_) cpu_end_.push_back(ob::ReadProc(h.pid));
    generating_ = false;
    // Drain: answers to what was sent, deliveries of the last moves (a pull across processes may take a second).
    auto drained = [&] {
      for (const auto& t : terms_)
        if (!t.outbox.empty() || t.push->busy()) return false;
      if (desk_->busy()) return false;
      for (const auto& [id, steps] : deliveries_)
        for (const auto& d : steps)
          if (d.desk_ok_us > 0 && d.seen_us == 0) return false;
      return true;
    };
    Wait(drained, 10);
    stopping_ = true;
    Report();
    code = strict_failed_ ? 1 : 0;
  }();
  stopping_ = true;
  for (auto& t : terms_) {
    t.pull->Close();
    t.push->Close();
  }
  for (auto& h : hubs_) ob::StopHub(h);
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"hub_load_driver: N simulated terminals (live pull + pushes) and a desk against 1 or 2 onestop-hub processes"};
  Options o;
  app.add_option("--db", o.db, "the hubs' --db: a SQLite file (created with the demo hospital) or postgresql://...");
  app.add_option("--hubs", o.hubs, "hub processes to start on that database")->check(CLI::Range(1, 8))->capture_default_str();
  app.add_option("--attach", o.attach, "use a running hub instead: 127.0.0.1:PORT[:PID] (repeatable; PID for memory readings)");
  app.add_option("--hub-bin", o.hub_bin, "onestop-hub binary")->capture_default_str();
  app.add_option("--hub-arg", o.hub_args, "extra argument for every started hub's serve (repeatable), e.g. --hub-arg=--threads=32");
  app.add_option("--terminals", o.terminals, "simulated bedside terminals")->check(CLI::Range(1, 40000))->capture_default_str();
  app.add_option("--seconds", o.seconds, "length of the measured run")->check(CLI::Range(1.0, 3600.0))->capture_default_str();
  app.add_option("--push-rate", o.push_rate, "records pushed per second by all terminals (0 = terminals / 200: a record per bed every 200 s, several times a busy hospital's peak)")->capture_default_str();
  app.add_option("--desk-rate", o.desk_rate, "desk status moves per second")->check(CLI::Range(0.1, 1000.0))->capture_default_str();
  app.add_option("--meal-share", o.meal_share, "share of pushes that are meal orders")->check(CLI::Range(0.0, 1.0))->capture_default_str();
  app.add_option("--limit", o.limit, "pull page size")->check(CLI::Range(1, 1000))->capture_default_str();
  app.add_option("--wait", o.wait_s, "live pull wait (s)")->check(CLI::Range(1, 30))->capture_default_str();
  app.add_option("--user", o.console_user, "console desk account")->capture_default_str();
  app.add_option("--admin", o.admin_user, "console admin account (issues enrollment codes)")->capture_default_str();
  app.add_option("--work-dir", o.work_dir, "where hub logs (and a default SQLite file) go; default: a new temp dir");
  app.add_option("--json-out", o.json_out, "append the result as one JSON line to this file");
  app.add_flag("--strict", o.strict, "exit 1 on any error, rejection, lost record or undelivered status change (ctest smoke)");
  app.add_flag("!--no-settle", o.settle,
               "read the idle RSS at once, without waiting up to 45 s for enrollment's idle hub workers to end "
               "(the memory per long-poll then reads low)");
  bool keep = false;
  app.add_flag("--keep", keep, "keep the temp dir (database, hub logs) after a passing run");
  CLI11_PARSE(app, argc, argv);
  if (const char* pw = std::getenv("ONESTOP_LOAD_PASSWORD")) o.password = pw;  // not on the command line
  if (o.push_rate <= 0) o.push_rate = std::max(1.0, o.terminals / 200.0);
  bool own_dir = false;
  if (o.work_dir.empty()) {
    std::string tmpl = (fs::temp_directory_path() / "onestop-load-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) return 3;
    o.work_dir = tmpl;
    own_dir = true;
  }
  if (o.db.empty()) o.db = o.work_dir + "/hub.db";
  if (o.attach.empty() && !o.db.empty() && o.db.rfind("postgresql://", 0) != 0 && fs::exists(o.db))
    std::cerr << "hub_load_driver: note: " << o.db << " exists; its data (and earlier runs' tickets) stay in it\n";
  std::printf("hub_load_driver: %d terminals, %d hub(s), %.0f s, %.1f records/s, desk %.1f moves/s, db %s, logs in %s\n",
              o.terminals, o.attach.empty() ? o.hubs : static_cast<int>(o.attach.size()), o.seconds, o.push_rate, o.desk_rate,
              o.db.rfind("postgresql://", 0) == 0 ? "postgresql://..." : o.db.c_str(), o.work_dir.c_str());
  const int code = Driver(o).Run();
  // A passing run's temp dir (database, hub logs) goes; a failing one stays for reading.
  if (code == 0 && own_dir && !keep) {
    std::error_code ec;
    fs::remove_all(o.work_dir, ec);
  }
  return code;
}
