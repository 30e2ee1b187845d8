// Kill -9 trials: the kiosk's `enqueue` and `sync` processes are SIGKILLed at random points while a
// real hub runs. Invariant: every record whose enqueue reported success (printed its id, exit 0)
// is at the hub exactly once, and the hub holds nothing the kiosk did not queue.
// ONESTOP_KILL9_TRIALS (default 50) and ONESTOP_KILL9_SEED tune it; scripts/soak.sh runs more.
#include <gtest/gtest.h>

#include <random>

#include "offline/store.h"
#include "tests/integration/sync_harness.h"

using namespace sync_test;

TEST(SyncKill9, AcceptedRecordsReachTheHubExactlyOnce) {
  const int trials = Env("ONESTOP_KILL9_TRIALS").empty() ? 50 : std::atoi(Env("ONESTOP_KILL9_TRIALS").c_str());
  const uint64_t seed = Env("ONESTOP_KILL9_SEED").empty() ? std::random_device{}() : std::stoull(Env("ONESTOP_KILL9_SEED"));
  RecordProperty("seed", std::to_string(seed));
  std::cerr << "kill-9 trials: " << trials << ", seed " << seed << " (ONESTOP_KILL9_SEED to replay)\n";
  std::mt19937_64 rng(seed);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };

  TempDir tmp;
  Hub hub(tmp.File(""));
  const std::string code = hub.EnrollCode("bedside", "B9-9F-W99-BED01");
  ASSERT_TRUE(hub.Start()) << hub.Log();
  const std::string dir = tmp.File("kiosk");
  const std::string cfg = tmp.File("kiosk.toml");
  {
    std::ofstream(cfg) << "[hub]\nsync_interval_s = 1\nconnect_timeout_ms = 500\ntotal_timeout_ms = 3000\n";
  }
  auto kiosk = [&](std::vector<std::string> cmd) {
    std::vector<std::string> a = {Env("ONESTOP_KIOSK_BIN"), "-c", cfg, "--data-dir", dir, "--hub", hub.url(), "--log-level", "error"};
    a.insert(a.end(), cmd.begin(), cmd.end());
    return a;
  };
  auto e = RunProgram(kiosk({"enroll", "--code", code}), tmp.File("enroll"));
  ASSERT_EQ(e.rc, 0) << e.err;

  std::set<std::string> reported;  // enqueue said "accepted"
  int enqueue_kills = 0, sync_kills = 0;
  HubDb hub_db(hub.db());
  for (int t = 0; t < trials; ++t) {
    Child sync;
    ASSERT_TRUE(sync.Start(kiosk({"sync"}), tmp.File("sync.out"), tmp.File("sync.err")));
    const auto start = std::chrono::steady_clock::now();
    const int kill_sync_ms = uniform(0, 400);
    const int n = uniform(1, 4);
    const int kill_index = uniform(0, n);  // n = no enqueue killed this trial
    for (int i = 0; i < n; ++i) {
      Child enq;
      const std::string payload = "{\"text\":\"trial " + std::to_string(t) + " record " + std::to_string(i) + "\"}";
      ASSERT_TRUE(enq.Start(kiosk({"enqueue", "--kind", "complaint", "--payload", payload}), tmp.File("enq.out"),
                            tmp.File("enq.err")));
      if (i == kill_index) {
        std::this_thread::sleep_for(std::chrono::milliseconds(uniform(0, 60)));
        enq.Kill(SIGKILL);
      }
      const int rc = enq.Wait();
      const std::string out = enq.Stdout();
      if (rc == 0) {
        const std::string id = Trim(out);
        ASSERT_TRUE(onestop::protocol::IsUuid(id)) << "enqueue printed '" << out << "'";
        reported.insert(id);
      } else {
        ASSERT_EQ(rc, 128 + SIGKILL) << "enqueue failed on its own: " << enq.Stderr();
        ++enqueue_kills;
        // Killed after printing a full line still counts as reported.
        if (out.size() == 37 && out.back() == '\n') reported.insert(Trim(out));
      }
    }
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    if (elapsed < kill_sync_ms) std::this_thread::sleep_for(std::chrono::milliseconds(kill_sync_ms - elapsed));
    if (sync.Running()) {
      sync.Kill(SIGKILL);
      ++sync_kills;
    }
  }

  // Recovery: an undisturbed sync drains whatever the kills left behind.
  int drains = 0;
  for (; drains < 20; ++drains) {
    auto r = RunProgram(kiosk({"sync", "--once"}), tmp.File("drain"));
    auto st = RunProgram(kiosk({"status"}), tmp.File("status"));
    auto j = nlohmann::json::parse(st.out, nullptr, false);
    if (r.rc == 0 && j.is_object() && j["outbox_depth"] == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  ASSERT_LT(drains, 20) << "the outbox did not drain";

  std::cerr << "reported " << reported.size() << " records, killed " << enqueue_kills << " enqueues and "
            << sync_kills << " syncs\n";
  EXPECT_GE(reported.size(), static_cast<size_t>(trials));  // most trials accept something
  EXPECT_GT(sync_kills, trials / 2);

  const auto records = hub_db.RecordIds();
  const auto tickets = hub_db.TicketsPerRecord();
  for (const auto& id : reported) {
    EXPECT_EQ(records.count(id), 1u) << id << " was accepted by the kiosk but is not at the hub";
    EXPECT_EQ(tickets.count(id) ? tickets.at(id) : 0, 1) << id << " does not have exactly one ticket";
  }
  // Nothing extra: the hub holds exactly what the kiosk's receipts say it sent (a record whose
  // enqueue was killed after its commit is legitimately there, and in the receipts).
  HubDb kiosk_db(dir + "/kiosk.db");
  const auto receipts = kiosk_db.Strings("SELECT id FROM receipts");
  EXPECT_EQ(kiosk_db.Int("SELECT count(*) FROM outbox"), 0);
  EXPECT_EQ(kiosk_db.Int("SELECT count(*) FROM dead_letters"), 0);
  EXPECT_EQ(records.size(), receipts.size());
  for (const auto& id : receipts) EXPECT_EQ(records.count(id), 1u) << id;
  EXPECT_LE(records.size() - reported.size(), static_cast<size_t>(enqueue_kills));
}
