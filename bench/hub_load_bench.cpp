// Hub throughput on loopback (DESIGN §7 goals: >= 5,000 pull req/s, >= 2,000 pushed records/s on
// 2 cores). Starts one in-process hub with the demo data set in a temp dir; each benchmark thread is
// one keep-alive client (a terminal). Load generator and hub share the machine's cores, as on CI.
// Loopback only; every loop is bounded by Google Benchmark's time budget.
#include <benchmark/benchmark.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <thread>

#include "kiosk/core/protocol.h"
#include "server/hub.h"
#include "server/store.h"

namespace {
namespace fs = std::filesystem;
namespace pr = onestop::protocol;
using nlohmann::json;

int g_port = 0;
onestop::hub::Hub* g_hub = nullptr;
int64_t g_head = 0;  // seq of the last change a bedside terminal can see

struct Term {
  std::string id, token;
};

Term EnrollOne(const std::string& kind, const std::string& location) {
  const std::string code = onestop::hub::NewEnrollCode();
  if (!onestop::hub::AddEnrollCode(*g_hub->store(), code, kind, location, 0, INT64_MAX / 2).ok()) std::abort();
  httplib::Client c("127.0.0.1", g_port);
  auto res = c.Post("/v1/enroll", pr::ToJson(pr::EnrollRequest{code, {"bench", kind, "bench"}}).dump(), "application/json");
  if (!res || res->status != 200) std::abort();
  auto e = pr::DecodeEnrollResponse(res->body);
  return {e->terminal_id, e->token};
}

// Every benchmark thread is its own bedside terminal with its own connection.
struct Client {
  explicit Client(int thread) : cli("127.0.0.1", g_port) {
    cli.set_keep_alive(true);
    cli.set_tcp_nodelay(true);  // as libcurl does by default
    cli.set_read_timeout(30, 0);
    char loc[64];
    std::snprintf(loc, sizeof loc, "B1-1F-W01-BED%02d", thread % 24 + 1);
    term = EnrollOne("bedside", loc);
    auth = {{"Authorization", "Bearer " + term.token}};
  }
  httplib::Client cli;
  Term term;
  httplib::Headers auth;
};

// Steady state: a terminal polls and nothing has changed (empty page at the head).
void BM_PullAtHead(benchmark::State& state) {
  Client c(state.thread_index());
  const std::string path = "/v1/sync/pull?cursor=" + std::to_string(g_head) + "&limit=500";
  for (auto _ : state) {
    auto res = c.cli.Get(path, c.auth);
    if (!res || res->status != 200) {
      state.SkipWithError("pull failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

// Catch-up: pages of `limit` changes of master data from a cursor that walks the log.
void BM_PullPage(benchmark::State& state) {
  Client c(state.thread_index());
  const int limit = static_cast<int>(state.range(0));
  int64_t cursor = 0;
  int64_t changes = 0;
  for (auto _ : state) {
    auto res = c.cli.Get("/v1/sync/pull?cursor=" + std::to_string(cursor) + "&limit=" + std::to_string(limit), c.auth);
    if (!res || res->status != 200) {
      state.SkipWithError("pull failed");
      break;
    }
    // Cheap cursor walk without a full decode (the client's cost is not what is measured).
    const auto pos = res->body.rfind("\"next_cursor\":");
    cursor = std::stoll(res->body.substr(pos + 14));
    changes += limit;
    if (res->body.find("\"more\":false") != std::string::npos) cursor = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["changes/s"] = benchmark::Counter(static_cast<double>(changes), benchmark::Counter::kIsRate);
}

// Push batches of new records (repair requests -> tickets + change rows), one transaction a batch.
void BM_PushRecords(benchmark::State& state) {
  Client c(state.thread_index());
  const int batch = static_cast<int>(state.range(0));
  int64_t records = 0;
  for (auto _ : state) {
    state.PauseTiming();
    pr::PushRequest req{c.term.id, {}};
    const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch()).count();
    for (int i = 0; i < batch; ++i)
      // created_at now: the hub refuses records more than 31 days old (kiosk/core/record_rules.h).
      req.records.push_back({pr::NewUuidV4(), pr::RecordKind::kRepairRequest, now_ms,
                             {{"asset", "EQ-2015-000123"}, {"description", "bench"}}});
    const std::string body = pr::ToJson(req).dump();
    state.ResumeTiming();
    auto res = c.cli.Post("/v1/sync/push", c.auth, body, "application/json");
    if (!res || res->status != 200 || res->body.find("rejected") != std::string::npos) {
      state.SkipWithError("push failed");
      break;
    }
    records += batch;
  }
  state.SetItemsProcessed(records);
}

BENCHMARK(BM_PullAtHead)->Threads(1)->Threads(4)->Threads(8)->UseRealTime()->MinTime(3.0);
BENCHMARK(BM_PullPage)->Arg(100)->Threads(4)->UseRealTime()->MinTime(3.0);
BENCHMARK(BM_PushRecords)->Arg(1)->Threads(4)->UseRealTime()->MinTime(3.0);
BENCHMARK(BM_PushRecords)->Arg(100)->Threads(1)->Threads(4)->UseRealTime()->MinTime(3.0);
BENCHMARK(BM_PushRecords)->Arg(500)->Threads(4)->UseRealTime()->MinTime(3.0);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  spdlog::set_level(spdlog::level::warn);  // one info line per enrollment would flood the table
  std::string tmpl = (fs::temp_directory_path() / "onestop-hub-bench-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) return 3;
  onestop::hub::HubOptions o;
  o.listen_port = 0;
  o.db_path = tmpl + "/hub.db";
  o.demo_data = true;
  o.enroll_burst = 100000;  // every benchmark thread enrolls a terminal from 127.0.0.1
  onestop::hub::Hub hub(o);
  std::string err;
  g_port = hub.Bind(&err);
  if (g_port < 0) {
    std::cerr << err << "\n";
    return 3;
  }
  g_hub = &hub;
  std::thread serve([&] { hub.Serve(); });
  {
    // Where the head is for a bedside terminal: walk the log once.
    httplib::Client c("127.0.0.1", g_port);
    const Term t = EnrollOne("bedside", "B1-1F-W01-BED01");
    for (bool more = true; more;) {
      auto res = c.Get("/v1/sync/pull?cursor=" + std::to_string(g_head) + "&limit=5000",
                       {{"Authorization", "Bearer " + t.token}});
      auto p = pr::DecodePullResponse(res->body);
      if (!p) return 3;
      g_head = p->next_cursor;
      more = p->more;
    }
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  hub.Stop();
  serve.join();
  std::error_code ec;
  fs::remove_all(tmpl, ec);
  return 0;
}
