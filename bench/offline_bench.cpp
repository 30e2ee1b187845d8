// Offline-spine benchmark driver (prints a Markdown table for docs/benchmarks.md):
//   1. durable outbox commit (Store::Enqueue, WAL + synchronous=FULL) p50/p99, next to a raw
//      4 KiB write+fsync on the same directory (the disk's floor);
//   2. 10,000 queued records drained to a local onestop-hub (push only);
//   3. initial pull of the full demo hospital (`--demo-data`) by a staff terminal.
// Usage: offline_bench [--dir D] [--hub-bin PATH] [--commits N] [--drain N]. Not part of ctest.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "offline/http_transport.h"
#include "offline/store.h"
#include "offline/sync_engine.h"
#include "tests/integration/sync_harness.h"

using namespace onestop;
using namespace onestop::offline;
using Clk = std::chrono::steady_clock;

namespace {

double Ms(Clk::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

struct Stats {
  double p50, p99, max;
};
Stats Percentiles(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())))]; };
  return {at(0.50), at(0.99), v.back()};
}

TransportOptions To(const std::string& url) {
  TransportOptions o;
  o.base_url = url;
  o.total_timeout_ms = 60000;
  return o;
}

std::string Arg(int argc, char** argv, const std::string& name, const std::string& def) {
  for (int i = 1; i + 1 < argc; ++i)
    if (argv[i] == name) return argv[i + 1];
  return def;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string dir = Arg(argc, argv, "--dir", std::filesystem::temp_directory_path().string());
  const std::string hub_bin = Arg(argc, argv, "--hub-bin", ONESTOP_HUB_BIN_DEFAULT);
  const int commits = std::stoi(Arg(argc, argv, "--commits", "1000"));
  const int drain_n = std::stoi(Arg(argc, argv, "--drain", "10000"));
  setenv("ONESTOP_HUB_BIN", hub_bin.c_str(), 0);
  const std::string work = dir + "/onestop-offline-bench-" + protocol::NewUuidV4();
  std::filesystem::create_directories(work);
  SystemClock clock;
  std::printf("| measurement | n | p50 | p99 | max / total | goal |\n|---|---|---|---|---|---|\n");

  // 1a. Raw write + fsync: the floor any durable commit on this disk pays.
  {
    const std::string f = work + "/raw.bin";
    const int fd = open(f.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<char> block(4096, 'x');
    std::vector<double> t;
    for (int i = 0; i < commits; ++i) {
      const auto a = Clk::now();
      if (write(fd, block.data(), block.size()) != static_cast<ssize_t>(block.size()) || fsync(fd) != 0) return 3;
      t.push_back(Ms(Clk::now() - a));
    }
    close(fd);
    const auto s = Percentiles(t);
    std::printf("| raw 4 KiB write + fsync (same dir) | %d | %.2f ms | %.2f ms | %.2f ms | - |\n", commits, s.p50, s.p99, s.max);
  }
  // 1b. Store::Enqueue: one durable transaction per user action.
  {
    auto store = std::move(Store::Open(work + "/commit.db", clock)).value();
    const std::string payload = R"({"location":"B1-1F-W01-BED01","slot":"lunch","items":[{"menu_item":"MI-0001","qty":1}],"note":"no onions"})";
    std::vector<double> t;
    for (int i = 0; i < commits; ++i) {
      const auto a = Clk::now();
      if (!store->Enqueue("meal_order", payload)) return 3;
      t.push_back(Ms(Clk::now() - a));
    }
    const auto s = Percentiles(t);
    std::printf("| durable outbox commit (Store::Enqueue) | %d | %.2f ms | %.2f ms | %.2f ms | p99 < 5 ms |\n", commits, s.p50, s.p99, s.max);
  }

  // 2. Drain N queued records to a local hub (push only; 500-record batches).
  {
    sync_test::Hub hub(work + "/drain-");
    const std::string code = hub.EnrollCode("bedside", "B1-1F-W01-BED01");
    if (!hub.Start()) { std::cerr << "hub did not start\n" << hub.Log(); return 3; }
    auto store = std::move(Store::Open(work + "/drain.db", clock)).value();
    CurlTransport t(To(hub.url()));
    if (auto r = Enroll(t, *store, hub.url(), code, {"BENCH", "bedside", "bench"}); !r) { std::cerr << r.error().message << "\n"; return 3; }
    {
      // Seed in one transaction (the subject is the drain, not 10k fsyncs).
      sqlite3* db = nullptr;
      sqlite3_open((work + "/drain.db").c_str(), &db);
      sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
      sqlite3_stmt* st = nullptr;
      sqlite3_prepare_v2(db, "INSERT INTO outbox(id, kind, payload, created_at) VALUES(?1, 'complaint', ?2, ?3)", -1, &st, nullptr);
      for (int i = 0; i < drain_n; ++i) {
        const std::string id = protocol::NewUuidV4(), p = "{\"text\":\"bench complaint " + std::to_string(i) + "\"}";
        sqlite3_bind_text(st, 1, id.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, p.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 3, clock.NowUtcMs());
        sqlite3_step(st);
        sqlite3_reset(st);
      }
      sqlite3_finalize(st);
      sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
      sqlite3_close(db);
    }
    SyncOptions opt;
    opt.pull = false;
    SyncEngine engine(*store, t, clock, nullptr, opt);
    const auto a = Clk::now();
    const auto r = engine.SyncOnce();
    const double ms = Ms(Clk::now() - a);
    if (!r.ok || store->OutboxDepth() != 0) { std::cerr << "drain failed: " << r.error << "\n"; return 3; }
    sync_test::HubDb hdb(hub.db());
    std::printf("| drain %d queued records to a local hub (push only) | %d | - | - | %.0f ms (%.0f rec/s; hub holds %lld) | < 3 s |\n",
                drain_n, r.pushed, ms, r.pushed / (ms / 1000.0), static_cast<long long>(hdb.Int("SELECT count(*) FROM records")));
    hub.Kill();
  }

  // 3. Initial pull of the full demo hospital by a staff terminal (sees every location).
  {
    sync_test::Hub hub(work + "/pull-", {"--demo-data"});
    if (!hub.Start()) { std::cerr << "hub did not start\n" << hub.Log(); return 3; }
    hub.Kill();  // codes are issued while the hub is down (see sync_harness.h)
    const std::string code = hub.EnrollCode("staff", "");
    if (!hub.Restart()) return 3;
    for (int limit : {500, 5000}) {
      auto store = std::move(Store::Open(work + "/pull-" + std::to_string(limit) + ".db", clock)).value();
      CurlTransport t(To(hub.url()));
      if (limit == 500) {
        if (auto r = Enroll(t, *store, hub.url(), code, {"BENCH", "staff", "bench"}); !r) { std::cerr << r.error().message << "\n"; return 3; }
      } else {
        auto first = std::move(Store::Open(work + "/pull-500.db", clock)).value();
        const auto st = first->LoadSyncState().value();
        (void)store->SaveEnrollment(st.hub_url, st.terminal_id, st.token, *st.binding);
      }
      SyncOptions opt;
      opt.pull_limit = limit;
      SyncEngine engine(*store, t, clock, nullptr, opt);
      const auto a = Clk::now();
      const auto r = engine.SyncOnce();
      const double ms = Ms(Clk::now() - a);
      if (!r.ok) { std::cerr << "pull failed: " << r.error << "\n"; return 3; }
      std::printf("| initial pull, full demo hospital, limit=%d (%d locations, %d assets, %d parts) | %d changes / %d pages | - | - | %.0f ms | < 2 s |\n",
                  limit, store->CountEntities("location"), store->CountEntities("asset"), store->CountEntities("part"),
                  r.pulled, r.pages, ms);
    }
    hub.Kill();
  }
  std::error_code ec;
  std::filesystem::remove_all(work, ec);
  return 0;
}
