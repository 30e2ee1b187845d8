// Integration tests of the offline spine against the REAL onestop-hub on loopback (ephemeral port,
// temp dirs, real SQLite files): enroll + push + pull through the kiosk CLI, duplicate push, the hub
// killed and restarted mid-push, the hub's injected faults, and a pull interrupted half-way.
// Arrival is checked in the hub's own database file.
#include <gtest/gtest.h>

#include <atomic>

#include "offline/http_transport.h"
#include "offline/store.h"
#include "offline/sync_engine.h"
#include "tests/integration/sync_harness.h"

using namespace sync_test;
using json = nlohmann::json;
using onestop::SystemClock;
using namespace onestop::offline;

namespace {

TransportOptions To(const std::string& url, int connect_ms = 3000, int total_ms = 15000) {
  TransportOptions o;
  o.base_url = url;
  o.connect_timeout_ms = connect_ms;
  o.total_timeout_ms = total_ms;
  return o;
}

struct Kiosk {
  std::string dir;
  std::string hub_url;
  std::vector<std::string> Args(std::vector<std::string> cmd) const {
    std::vector<std::string> a = {Env("ONESTOP_KIOSK_BIN"), "--data-dir", dir, "--hub", hub_url, "--log-level", "warn"};
    a.insert(a.end(), cmd.begin(), cmd.end());
    return a;
  }
  RunResult Do(std::vector<std::string> cmd) const { return RunProgram(Args(std::move(cmd)), dir + "/last"); }
  json Status() const {
    auto r = Do({"status"});
    return json::parse(r.out, nullptr, false);
  }
};

// Puts n rows straight into the kiosk outbox in one transaction (the subject here is the push, not
// Enqueue's fsync, which would make seeding thousands of rows slow).
std::vector<std::string> SeedOutbox(const std::string& kiosk_db, int n, const std::string& text) {
  SystemClock clock;
  { auto s = Store::Open(kiosk_db, clock); EXPECT_TRUE(s); }  // create + migrate
  sqlite3* db = nullptr;
  sqlite3_open(kiosk_db.c_str(), &db);
  sqlite3_busy_timeout(db, 5000);
  sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO outbox(id, kind, payload, created_at) VALUES(?1, 'complaint', ?2, ?3)", -1, &st, nullptr);
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) {
    ids.push_back(onestop::protocol::NewUuidV4());
    const std::string payload = json{{"text", text + " " + std::to_string(i)}}.dump();
    sqlite3_bind_text(st, 1, ids.back().c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, payload.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, clock.NowUtcMs());
    EXPECT_EQ(sqlite3_step(st), SQLITE_DONE);
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  EXPECT_EQ(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  return ids;
}

// Enrolls in-process against `hub` and returns the opened kiosk store.
std::unique_ptr<Store> EnrolledStore(Hub& hub, const std::string& path, const SystemClock& clock,
                                     const std::string& code) {
  auto store = Store::Open(path, clock);
  EXPECT_TRUE(store);
  CurlTransport t(To(hub.url()));
  auto r = Enroll(t, *store.value(), hub.url(), code, {"SN-TEST", "bedside", "test"});
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return std::move(store).value();
}

void ExpectExactlyOnce(HubDb& hub_db, const std::vector<std::string>& ids) {
  const auto records = hub_db.RecordIds();
  const auto tickets = hub_db.TicketsPerRecord();
  int missing = 0, doubled = 0;
  for (const auto& id : ids) {
    if (records.count(id) != 1) ++missing;
    auto it = tickets.find(id);
    if (it == tickets.end() || it->second != 1) ++doubled;
  }
  EXPECT_EQ(missing, 0) << "records missing at the hub";
  EXPECT_EQ(doubled, 0) << "records without exactly one ticket";
  EXPECT_EQ(records.size(), ids.size()) << "the hub holds records the kiosk never queued";
}

}  // namespace

TEST(SyncHub, EnrollPushPullRoundTripThroughTheCli) {
  TempDir tmp;
  Hub hub(tmp.File(""));
  const std::string code = hub.EnrollCode("bedside", "B1-1F-W01-BED01");
  ASSERT_FALSE(code.empty());
  ASSERT_TRUE(hub.Start()) << hub.Log();
  Kiosk k{tmp.File("kiosk"), hub.url()};
  fs::create_directories(k.dir);

  // Before enrollment: status says so, sync refuses with exit 1.
  EXPECT_EQ(k.Status()["enrolled"], false);
  EXPECT_EQ(k.Do({"sync", "--once"}).rc, 1);

  auto e = k.Do({"enroll", "--code", code});
  ASSERT_EQ(e.rc, 0) << e.err;
  auto ej = json::parse(e.out, nullptr, false);
  EXPECT_EQ(ej["binding"]["location"], "B1-1F-W01-BED01");
  EXPECT_EQ(ej["binding"]["kind"], "bedside");
  // A used code is refused with a clear message and exit 1.
  auto again = k.Do({"enroll", "--code", code});
  EXPECT_EQ(again.rc, 1);
  EXPECT_NE(again.err.find("ask for a new code"), std::string::npos) << again.err;

  auto c1 = k.Do({"enqueue", "--kind", "complaint", "--payload", R"({"text":"the tap drips"})"});
  auto c2 = k.Do({"enqueue", "--kind", "repair_request", "--payload", R"({"description":"bed light broken"})"});
  auto c3 = k.Do({"enqueue", "--kind", "rating", "--payload", R"({"ticket":"TK-999999","overall":5})"});
  ASSERT_EQ(c1.rc, 0) << c1.err;
  ASSERT_EQ(c2.rc, 0) << c2.err;
  ASSERT_EQ(c3.rc, 0) << c3.err;
  EXPECT_EQ(k.Do({"enqueue", "--kind", "complaint", "--payload", "{oops"}).rc, 1);
  EXPECT_EQ(k.Status()["outbox_depth"], 3);

  auto s = k.Do({"sync", "--once"});
  ASSERT_EQ(s.rc, 0) << s.err;
  EXPECT_NE(s.err.find("pushed 2, rejected 1"), std::string::npos) << s.err;
  json st = k.Status();
  EXPECT_EQ(st["enrolled"], true);
  EXPECT_EQ(st["outbox_depth"], 0);
  EXPECT_EQ(st["dead_letters"], 1);
  EXPECT_EQ(st["dead_letter_list"][0]["id"], Trim(c3.out));
  EXPECT_FALSE(st["dead_letter_list"][0]["reason"].get<std::string>().empty());
  EXPECT_TRUE(st["last_push"].is_string());
  EXPECT_TRUE(st["last_pull"].is_string());
  EXPECT_NE(st["cursor"], "0");
  EXPECT_LT(std::abs(st["clock_skew_ms"].get<int64_t>()), 2000);  // same machine

  HubDb hub_db(hub.db());
  const auto records = hub_db.RecordIds();
  EXPECT_EQ(records.count(Trim(c1.out)), 1u);
  EXPECT_EQ(records.count(Trim(c2.out)), 1u);
  const auto tickets = hub_db.TicketsPerRecord();
  EXPECT_EQ(tickets.at(Trim(c1.out)), 1);
  EXPECT_EQ(tickets.at(Trim(c2.out)), 1);

  // The pull brought this bed's tickets back; the receipt names the same ticket as the hub.
  SystemClock clock;
  auto store = Store::Open(k.dir + "/kiosk.db", clock);
  ASSERT_TRUE(store);
  EXPECT_EQ(store.value()->CountEntities("ticket"), 2);
  const auto rs = store.value()->GetRecordStatus(Trim(c1.out));
  EXPECT_EQ(rs.state, RecordState::kSent);
  EXPECT_EQ(hub_db.Strings("SELECT id FROM tickets WHERE record_id = '" + Trim(c1.out) + "'").at(0), rs.ref);
  EXPECT_TRUE(store.value()->GetEntity("ticket", rs.ref).value().has_value());
}

TEST(SyncHub, DuplicatePushChangesNothing) {
  TempDir tmp;
  Hub hub(tmp.File(""));
  const std::string code = hub.EnrollCode("bedside", "B1-1F-W01-BED02");
  ASSERT_TRUE(hub.Start()) << hub.Log();
  SystemClock clock;
  auto store = EnrolledStore(hub, tmp.File("kiosk.db"), clock, code);
  CurlTransport t(To(hub.url()));
  SyncEngine engine(*store, t, clock, nullptr);
  const std::string payload = R"({"text":"noise at night"})";
  const std::string id = store->Enqueue("complaint", payload).value();
  ASSERT_TRUE(engine.SyncOnce().ok);
  const auto first = store->GetRecordStatus(id);
  ASSERT_EQ(first.state, RecordState::kSent);
  HubDb hub_db(hub.db());
  const int64_t tickets_before = hub_db.Int("SELECT count(*) FROM tickets");

  // The same record again, as after a crash between the hub's commit and our delete.
  ASSERT_TRUE(store->EnqueueWithId(id, "complaint", payload));
  const auto r = engine.SyncOnce();
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.pushed, 1);
  EXPECT_EQ(store->OutboxDepth(), 0);
  EXPECT_EQ(store->GetRecordStatus(id).ref, first.ref);
  EXPECT_EQ(hub_db.Int("SELECT count(*) FROM tickets"), tickets_before);
  ExpectExactlyOnce(hub_db, {id});
}

TEST(SyncHub, HubKilledAndRestartedMidPush) {
  TempDir tmp;
  Hub hub(tmp.File(""));
  const std::string code = hub.EnrollCode("bedside", "B1-1F-W01-BED02");
  ASSERT_TRUE(hub.Start()) << hub.Log();
  SystemClock clock;
  auto store = EnrolledStore(hub, tmp.File("kiosk.db"), clock, code);
  const auto ids = SeedOutbox(tmp.File("kiosk.db"), 3000, "restart");
  ASSERT_EQ(store->OutboxDepth(), 3000);

  CurlTransport t(To(hub.url(), 1000, 5000));
  SyncOptions opt;
  opt.max_batch_records = 50;  // many small pushes, so the kill lands in the middle
  SyncEngine engine(*store, t, clock, nullptr, opt);
  std::atomic<bool> done{false};
  std::atomic<int> failed_rounds{0};
  std::thread pusher([&] {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
    while (std::chrono::steady_clock::now() < deadline) {
      const auto r = engine.SyncOnce();
      if (r.ok && store->OutboxDepth() == 0) break;
      if (!r.ok) ++failed_rounds;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    done = true;
  });
  int64_t at_kill = 0;
  {
    HubDb hub_db(hub.db());
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while ((at_kill = hub_db.Int("SELECT count(*) FROM records")) < 300 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  hub.Kill();
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  ASSERT_TRUE(hub.Restart()) << hub.Log();
  pusher.join();
  EXPECT_GT(at_kill, 0);
  EXPECT_LT(at_kill, 3000) << "the push finished before the kill; the test proved nothing";
  EXPECT_GE(failed_rounds.load(), 1);
  EXPECT_EQ(store->OutboxDepth(), 0);
  EXPECT_EQ(store->DeadLetterCount(), 0);
  HubDb hub_db(hub.db());
  ExpectExactlyOnce(hub_db, ids);
}

TEST(SyncHub, SurvivesInjected500And503SlowAndReset) {
  TempDir tmp;
  Hub hub(tmp.File(""), {"--fault-rate", "0.35", "--fault-kinds", "500,503,slow,reset", "--fault-seed", "11"});
  const std::string code = hub.EnrollCode("bedside", "B1-1F-W01-BED02");
  ASSERT_TRUE(hub.Start()) << hub.Log();
  SystemClock clock;
  auto store = EnrolledStore(hub, tmp.File("kiosk.db"), clock, code);
  const auto ids = SeedOutbox(tmp.File("kiosk.db"), 400, "fault");
  // Total timeout below the hub's 1.5 s "slow": the hub may commit what we gave up on, so the
  // retry meets "duplicate" -- exactly the case idempotency is for.
  CurlTransport t(To(hub.url(), 1000, 1000));
  SyncOptions opt;
  opt.max_batch_records = 40;
  opt.pull_limit = 40;
  SyncEngine engine(*store, t, clock, nullptr, opt);
  int rounds = 0, failures = 0, retry_afters = 0;
  bool complete = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (!complete && std::chrono::steady_clock::now() < deadline) {
    ++rounds;
    const auto r = engine.SyncOnce();
    complete = r.ok && store->OutboxDepth() == 0;
    if (!r.ok) {
      ++failures;
      if (r.retry_after_ms >= 0) ++retry_afters;
      // Honour Retry-After like the worker does, but keep the test short otherwise.
      std::this_thread::sleep_for(std::chrono::milliseconds(r.retry_after_ms >= 0 ? std::min<int64_t>(r.retry_after_ms, 1000) : 20));
    }
  }
  ASSERT_TRUE(complete) << "not drained after " << rounds << " rounds";
  EXPECT_GT(failures, 0);
  EXPECT_GT(retry_afters, 0);
  EXPECT_EQ(store->DeadLetterCount(), 0);
  HubDb hub_db(hub.db());
  ExpectExactlyOnce(hub_db, ids);
  // The pull mirrored every ticket of this bed despite the faults.
  EXPECT_EQ(store->CountEntities("ticket"), 400);
  // The hub really injected faults (else this test would prove nothing).
  CurlTransport plain(To(hub.url()));
  auto metrics = plain.Send({"GET", "/metrics", "", ""});
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("onestop_hub_faults_injected_total"), std::string::npos);
}

namespace {
// Passes requests through, but fails the Nth pull with a connection reset (once).
class CutPullTransport final : public Transport {
 public:
  CutPullTransport(Transport& inner, int fail_on_pull) : inner_(inner), fail_on_(fail_on_pull) {}
  onestop::Result<HttpResponse> Send(const HttpRequest& r) override {
    if (r.path.rfind("/v1/sync/pull", 0) == 0) {
      paths.push_back(r.path);
      if (++pulls_ == fail_on_) return onestop::Error{"net.error", "connection reset by peer (test cut)"};
    }
    auto resp = inner_.Send(r);
    if (resp && r.path.rfind("/v1/sync/pull", 0) == 0)
      if (auto page = onestop::protocol::DecodePullResponse(resp->body)) cursors.push_back(page->next_cursor);
    return resp;
  }
  std::vector<std::string> paths;
  std::vector<int64_t> cursors;

 private:
  Transport& inner_;
  int fail_on_;
  int pulls_ = 0;
};
}  // namespace

TEST(SyncHub, PullInterruptedHalfWayResumesFromItsCursor) {
  TempDir tmp;
  Hub hub(tmp.File(""), {"--demo-data"});
  ASSERT_TRUE(hub.Start()) << hub.Log();
  SystemClock clock;
  auto store = EnrolledStore(hub, tmp.File("kiosk.db"), clock, "DEMO-WARD");
  CurlTransport curl(To(hub.url()));
  CutPullTransport cut(curl, 4);
  SyncOptions opt;
  opt.pull_limit = 1000;
  SyncEngine engine(*store, cut, clock, nullptr, opt);
  auto r = engine.SyncOnce();
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.pages, 3);
  ASSERT_EQ(cut.cursors.size(), 3u);
  EXPECT_EQ(store->LoadSyncState()->cursor, std::to_string(cut.cursors[2]));
  r = engine.SyncOnce();
  ASSERT_TRUE(r.ok) << r.error;
  // The resumed round started where the cut one stopped, not from 0.
  EXPECT_EQ(cut.paths[4], "/v1/sync/pull?cursor=" + std::to_string(cut.cursors[2]) + "&limit=1000");

  // Same result as one uninterrupted pull from scratch with the same credentials.
  auto fresh = std::move(Store::Open(tmp.File("fresh.db"), clock)).value();
  const auto st = store->LoadSyncState().value();
  ASSERT_TRUE(fresh->SaveEnrollment(st.hub_url, st.terminal_id, st.token, *st.binding));
  SyncEngine engine2(*fresh, curl, clock, nullptr, opt);
  ASSERT_TRUE(engine2.SyncOnce().ok);
  int total = 0;
  for (const char* e : {"location", "asset", "part", "menu", "menu_item", "diet_order", "staff", "ticket", "notice", "config"}) {
    EXPECT_EQ(store->CountEntities(e), fresh->CountEntities(e)) << e;
    total += store->CountEntities(e);
  }
  EXPECT_GT(total, 3000);
}
