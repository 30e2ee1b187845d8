// Hub load driver (issue 18 item 4): N simulated bedside terminals against 1 or 2 real
// `onestop-hub serve` processes on one database. Each terminal holds one live pull on its own
// keep-alive connection and pushes a mix of records; a desk moves their tickets through the console
// API; the driver times push latency and status delivery (desk's 200 -> the bed's pull returns it).
// One epoll thread drives every connection. It never reads the database: only the hub's HTTP API.
#include <CLI/CLI.hpp>
#include <sys/resource.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "bench/load/driver.h"

namespace onestop::bench {

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


}  // namespace onestop::bench

namespace {
namespace fs = std::filesystem;
namespace ob = onestop::bench;
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"hub_load_driver: N simulated terminals (live pull + pushes) and a desk against 1 or 2 onestop-hub processes"};
  ob::Options o;
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
  const int code = ob::Driver(o).Run();
  // A passing run's temp dir (database, hub logs) goes; a failing one stays for reading.
  if (code == 0 && own_dir && !keep) {
    std::error_code ec;
    fs::remove_all(o.work_dir, ec);
  }
  return code;
}

