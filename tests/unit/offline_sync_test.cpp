// Unit tests of the sync engine against FakeTransport: backoff math, push/pull round trips with an
// in-memory fake hub, hostile and broken responses (must never crash, lose, double or spin), 401,
// 413, Retry-After, an interrupted pull that resumes, and the worker thread as a LinkMonitor.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "kiosk/core/protocol.h"
#include "offline/sync_engine.h"

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace onestop;
using namespace onestop::offline;

namespace {

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("onestop-sync-" + protocol::NewUuidV4())) { fs::create_directories(path_); }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string File(const std::string& n) const { return (path_ / n).string(); }

 private:
  fs::path path_;
};

// An in-memory hub good enough to exercise the engine: idempotent push, paged pull of `changes`.
struct FakeHub {
  std::map<std::string, std::string> accepted;  // id -> ref
  int push_calls = 0, pull_calls = 0;
  size_t max_records_seen = 0, max_body_seen = 0;
  std::vector<protocol::Change> changes;
  std::set<std::string> reject_kinds;
  int64_t server_time_ms = 1'800'000'000'000;

  Result<HttpResponse> Handle(const HttpRequest& r) {
    if (r.bearer_token != "tok") return HttpResponse{401, {}, R"({"title":"bad token","status":401})"};
    if (r.path == "/v1/sync/push") {
      ++push_calls;
      max_body_seen = std::max(max_body_seen, r.body.size());
      auto req = protocol::DecodePushRequest(r.body);
      if (!req) return HttpResponse{400, {}, "{}"};
      max_records_seen = std::max(max_records_seen, req->records.size());
      protocol::PushResponse resp;
      resp.server_time_ms = server_time_ms;
      for (const auto& rec : req->records) {
        if (reject_kinds.count(std::string(protocol::RecordKindName(rec.kind)))) {
          resp.results.push_back({rec.id, protocol::PushStatus::kRejected, "", "not allowed here"});
        } else if (auto it = accepted.find(rec.id); it != accepted.end()) {
          resp.results.push_back({rec.id, protocol::PushStatus::kDuplicate, it->second, ""});
        } else {
          const std::string ref = "TK-" + std::to_string(accepted.size() + 1);
          accepted[rec.id] = ref;
          resp.results.push_back({rec.id, protocol::PushStatus::kAccepted, ref, ""});
        }
      }
      return HttpResponse{200, {}, protocol::ToJson(resp).dump()};
    }
    if (r.path.rfind("/v1/sync/pull?", 0) == 0) {
      ++pull_calls;
      int64_t cursor = 0;
      int limit = 0;
      std::sscanf(r.path.c_str(), "/v1/sync/pull?cursor=%ld&limit=%d", &cursor, &limit);
      protocol::PullResponse page;
      page.next_cursor = cursor;
      for (const auto& c : changes) {
        if (c.seq <= cursor) continue;
        if (static_cast<int>(page.changes.size()) == limit) {
          page.more = true;
          break;
        }
        page.changes.push_back(c);
        page.next_cursor = c.seq;
      }
      return HttpResponse{200, {}, protocol::ToJson(page).dump()};
    }
    return HttpResponse{404, {}, "{}"};
  }
};

struct Fixture {
  TempDir dir;
  FakeClock clock{1'800'000'000'000 - 2500};  // 2.5 s behind the fake hub
  std::unique_ptr<Store> store;
  FakeTransport transport;
  FakeHub hub;
  SyncOptions options;

  Fixture() {
    store = std::move(Store::Open(dir.File("k.db"), clock)).value();
    EXPECT_TRUE(store->SaveEnrollment("http://hub", "T1", "tok", Binding{onestop::Role::kBedside, "B2-3F-W12-BED07"}));
    options.pull_limit = 3;
  }
  void UseHub() {
    transport.SetHandler([this](const HttpRequest& r) { return hub.Handle(r); });
  }
  void AddChanges(int n) {
    for (int i = 1; i <= n; ++i)
      hub.changes.push_back({i, "asset", protocol::ChangeOp::kUpsert, "a" + std::to_string(i),
                             json{{"tag", "ZC-" + std::to_string(i)}}});
  }
};

}  // namespace

TEST(SyncBackoff, CeilingDoublesFromBaseToCap) {
  EXPECT_EQ(BackoffCeilingMs(0, 1000, 300000), 0);
  EXPECT_EQ(BackoffCeilingMs(1, 1000, 300000), 1000);
  EXPECT_EQ(BackoffCeilingMs(2, 1000, 300000), 2000);
  EXPECT_EQ(BackoffCeilingMs(5, 1000, 300000), 16000);
  EXPECT_EQ(BackoffCeilingMs(9, 1000, 300000), 256000);
  EXPECT_EQ(BackoffCeilingMs(10, 1000, 300000), 300000);
  EXPECT_EQ(BackoffCeilingMs(1000000, 1000, 300000), 300000);  // no overflow
}

TEST(SyncBackoff, FullJitterIsUniformUnderTheCeiling) {
  std::mt19937_64 rng(42);
  for (int failures = 1; failures < 15; ++failures) {
    const int64_t ceiling = BackoffCeilingMs(failures, 1000, 300000);
    int64_t lo = ceiling, hi = 0;
    double sum = 0;
    const int n = 4000;
    for (int i = 0; i < n; ++i) {
      const int64_t d = FullJitterBackoffMs(failures, 1000, 300000, rng);
      ASSERT_GE(d, 0);
      ASSERT_LE(d, ceiling);
      lo = std::min(lo, d);
      hi = std::max(hi, d);
      sum += static_cast<double>(d);
    }
    // Full jitter spreads over the whole range: mean near half the ceiling, extremes near the ends.
    EXPECT_NEAR(sum / n / static_cast<double>(ceiling), 0.5, 0.05) << failures;
    EXPECT_LT(lo, ceiling / 20);
    EXPECT_GT(hi, ceiling - ceiling / 20);
  }
}

TEST(HttpRetryAfter, SecondsAndHttpDate) {
  EXPECT_EQ(ParseRetryAfterMs("7", 0), 7000);
  EXPECT_EQ(ParseRetryAfterMs("0", 0), 0);
  EXPECT_FALSE(ParseRetryAfterMs("", 0));
  EXPECT_FALSE(ParseRetryAfterMs("soon", 0));
  EXPECT_FALSE(ParseRetryAfterMs("-3", 0));
  // Sun, 06 Nov 1994 08:49:37 GMT = 784111777 s.
  EXPECT_EQ(ParseRetryAfterMs("Sun, 06 Nov 1994 08:49:37 GMT", 784111777000 - 5000), 5000);
  EXPECT_EQ(ParseRetryAfterMs("Sun, 06 Nov 1994 08:49:37 GMT", 784111777000 + 5000), 0);  // in the past
  EXPECT_EQ(ParseHttpDateMs("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777000);
}

TEST(SyncEngine, NotEnrolledDoesNotTouchTheNetwork) {
  TempDir dir;
  FakeClock clock;
  auto store = std::move(Store::Open(dir.File("k.db"), clock)).value();
  FakeTransport transport;
  SyncEngine engine(*store, transport, clock, nullptr);
  const auto r = engine.SyncOnce();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.state, LinkState::kNotEnrolled);
  EXPECT_TRUE(transport.Requests().empty());
}

TEST(SyncEngine, PushesOutboxAndPullsAllPages) {
  Fixture f;
  f.UseHub();
  f.AddChanges(10);
  f.hub.reject_kinds = {"complaint"};
  std::vector<std::string> ids;
  for (int i = 0; i < 7; ++i) ids.push_back(f.store->Enqueue("rating", json{{"ticket", "TK-" + std::to_string(i)}, {"overall", 5}}.dump()).value());
  const std::string bad = f.store->Enqueue("complaint", R"({"text":"x"})").value();
  SyncEngine engine(*f.store, f.transport, f.clock, nullptr, f.options);
  const auto r = engine.SyncOnce();
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.state, LinkState::kOnline);
  EXPECT_EQ(r.pushed, 7);
  EXPECT_EQ(r.rejected, 1);
  EXPECT_EQ(r.pulled, 10);
  EXPECT_EQ(r.pages, 4);  // 3 + 3 + 3 + 1
  EXPECT_EQ(f.store->OutboxDepth(), 0);
  EXPECT_EQ(f.store->DeadLetterCount(), 1);
  EXPECT_EQ(f.store->GetRecordStatus(bad).reason, "not allowed here");
  EXPECT_EQ(f.hub.accepted.size(), 7u);
  for (const auto& id : ids) EXPECT_EQ(f.store->GetRecordStatus(id).ref, f.hub.accepted[id]);
  EXPECT_EQ(f.store->CountEntities("asset"), 10);
  auto st = f.store->LoadSyncState().value();
  EXPECT_EQ(st.cursor, "10");
  EXPECT_EQ(st.clock_skew_ms, 2500);
  EXPECT_GT(st.last_push_ms, 0);
  EXPECT_GT(st.last_pull_ms, 0);
  EXPECT_EQ(engine.CurrentStatus().clock_skew_ms, 2500);
  // A second round sends nothing and pulls from the stored cursor.
  const size_t before = f.transport.Requests().size();
  ASSERT_TRUE(engine.SyncOnce().ok);
  const auto reqs = f.transport.Requests();
  ASSERT_EQ(reqs.size(), before + 1);
  EXPECT_EQ(reqs.back().path, "/v1/sync/pull?cursor=10&limit=3");
}

TEST(SyncEngine, BatchesStayWithinRecordAndByteLimits) {
  Fixture f;
  f.UseHub();
  for (int i = 0; i < 1001; ++i) ASSERT_TRUE(f.store->Enqueue("rating", json{{"n", i}}.dump()));
  const std::string big = json{{"text", std::string(200 * 1024, 'z')}}.dump();
  for (int i = 0; i < 8; ++i) ASSERT_TRUE(f.store->Enqueue("complaint", big));
  SyncEngine engine(*f.store, f.transport, f.clock, nullptr);
  const auto r = engine.SyncOnce();
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.pushed, 1009);
  EXPECT_EQ(f.hub.max_records_seen, 500u);
  EXPECT_LE(f.hub.max_body_seen, protocol::kMaxPushBytes);
  // 500 | 500 | 1 small + 4 x 200 KiB | 4 x 200 KiB: the byte budget, not the count, splits the last two.
  EXPECT_EQ(f.hub.push_calls, 4);
  EXPECT_EQ(f.store->OutboxDepth(), 0);
}

TEST(SyncEngine, HalvesTheBatchOn413) {
  Fixture f;
  for (int i = 0; i < 9; ++i) ASSERT_TRUE(f.store->Enqueue("rating", "{}"));
  f.transport.SetHandler([&](const HttpRequest& r) -> Result<HttpResponse> {
    if (r.path == "/v1/sync/push" && protocol::DecodePushRequest(r.body)->records.size() > 2)
      return HttpResponse{413, {}, R"({"title":"too large","status":413})"};
    return f.hub.Handle(r);
  });
  SyncEngine engine(*f.store, f.transport, f.clock, nullptr);
  const auto r = engine.SyncOnce();
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.pushed, 9);
  EXPECT_EQ(f.hub.max_records_seen, 2u);
}

TEST(SyncEngine, DuplicateResponsesAreAcknowledgementsNotCopies) {
  Fixture f;
  f.UseHub();
  const std::string id = f.store->Enqueue("rating", "{}").value();
  // The hub took it earlier but the answer was lost: the kiosk resends, the hub says duplicate.
  f.hub.accepted[id] = "TK-77";
  SyncEngine engine(*f.store, f.transport, f.clock, nullptr);
  ASSERT_TRUE(engine.SyncOnce().ok);
  EXPECT_EQ(f.store->OutboxDepth(), 0);
  EXPECT_EQ(f.store->GetRecordStatus(id).ref, "TK-77");
  EXPECT_EQ(f.hub.accepted.size(), 1u);
}

// Whatever the hub answers, the engine reports a failure, keeps every row queued and does not crash.
TEST(SyncEngine, HostilePushResponsesNeverLoseOrCrash) {
  const std::string long_nest = std::string(100000, '[') + std::string(100000, ']');
  const std::vector<HttpResponse> hostile = {
      {200, {}, ""},
      {200, {}, "<html><body>502 Bad Gateway</body></html>"},
      {200, {}, R"({"results": [{"id": "x", "status": "acc)"},  // truncated
      {200, {}, R"({"results": "all good", "server_time": 5})"},
      {200, {}, R"({"results": [{"id": 17, "status": []}], "server_time": "2026-01-01T00:00:00.000Z"})"},
      {200, {}, R"({"results": [{"id": "00000000-0000-4000-8000-000000000000", "status": "accepted"}],
                  "server_time": "2026-01-01T00:00:00.000Z"})"},  // ids we never sent
      {200, {}, R"({"results": [], "server_time": "2026-01-01T00:00:00.000Z"})"},
      {200, {}, "null"},
      {200, {}, "[]"},
      {200, {}, long_nest},
      {200, {}, std::string("{\"results\":[\xff\xfe]}")},  // invalid UTF-8
      {500, {{"content-type", "text/html"}}, "<h1>Internal Server Error</h1>"},
      {502, {}, ""},
      {404, {}, "not here"},
      {400, {}, R"({"type":"about:blank","title":"bad request","status":400,"detail":"records missing"})"},
      {302, {{"location", "http://elsewhere/"}}, ""},
  };
  for (size_t i = 0; i < hostile.size(); ++i) {
    SCOPED_TRACE("response #" + std::to_string(i));
    Fixture f;
    for (int k = 0; k < 3; ++k) ASSERT_TRUE(f.store->Enqueue("rating", "{}"));
    f.transport.Push(hostile[i]);
    SyncEngine engine(*f.store, f.transport, f.clock, nullptr);
    const auto r = engine.SyncOnce();
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.state, LinkState::kOffline);
    EXPECT_FALSE(r.error.empty());
    EXPECT_EQ(f.store->OutboxDepth(), 3);
    EXPECT_EQ(f.store->DeadLetterCount(), 0);
    EXPECT_EQ(f.transport.Requests().size(), 1u);  // one failure ends the round: no hot loop
    // Retry bookkeeping was written.
    auto recs = f.store->PeekOutbox(10, 1 << 20).value();
    EXPECT_EQ(recs[0].attempts, 1);
    EXPECT_FALSE(recs[0].last_error.empty());
  }
}

TEST(SyncEngine, PartialAnswerKeepsUnansweredRows) {
  Fixture f;
  const std::string a = f.store->Enqueue("rating", "{}").value();
  const std::string b = f.store->Enqueue("rating", "{}").value();
  protocol::PushResponse resp;
  resp.server_time_ms = 1;
  resp.results.push_back({a, protocol::PushStatus::kAccepted, "TK-1", ""});
  resp.results.push_back({a, protocol::PushStatus::kRejected, "", "second answer for the same id is ignored"});
  f.transport.PushStatus(200, protocol::ToJson(resp).dump());
  SyncEngine engine(*f.store, f.transport, f.clock, nullptr);
  const auto r = engine.SyncOnce();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.pushed, 1);
  EXPECT_EQ(f.store->GetRecordStatus(a).state, RecordState::kSent);
  EXPECT_EQ(f.store->GetRecordStatus(b).state, RecordState::kQueued);
  EXPECT_EQ(f.store->DeadLetterCount(), 0);
}

TEST(SyncEngine, HostilePullResponsesNeverCrashOrSpin) {
  const std::vector<std::string> hostile = {
      "",
      "<html>oops</html>",
      R"({"changes": [{"seq": 1, "entity": "asset", "op": "upsert", "id": "a1", "data": {}}], "next_cursor": 1, "mo)",
      R"({"changes": {}, "next_cursor": 1, "more": false})",
      R"({"changes": [], "next_cursor": "one", "more": false})",
      R"({"changes": [], "next_cursor": 5, "more": true})",   // more but no progress (5 -> 5)
      R"({"changes": [], "next_cursor": 2, "more": false})",  // cursor backwards (5 -> 2)
      R"({"changes": [{"seq": "x"}], "next_cursor": 9, "more": false})",
  };
  for (size_t i = 0; i < hostile.size(); ++i) {
    SCOPED_TRACE("pull response #" + std::to_string(i));
    Fixture f;
    ASSERT_TRUE(f.store->ApplyPullPage({}, "5"));
    f.transport.SetHandler([&](const HttpRequest&) -> Result<HttpResponse> { return HttpResponse{200, {}, hostile[i]}; });
    SyncEngine engine(*f.store, f.transport, f.clock, nullptr);
    const auto r = engine.SyncOnce();
    EXPECT_FALSE(r.ok);
    EXPECT_LE(f.transport.Requests().size(), 2u);
    EXPECT_EQ(f.store->LoadSyncState()->cursor, "5");
    EXPECT_EQ(f.store->CountEntities("asset"), 0);
  }
}

TEST(SyncEngine, InterruptedPullResumesFromTheLastAppliedPage) {
  Fixture f;
  f.AddChanges(8);
  int pulls = 0;
  f.transport.SetHandler([&](const HttpRequest& r) -> Result<HttpResponse> {
    if (r.path.rfind("/v1/sync/pull", 0) == 0 && ++pulls == 2) return Error{"net.error", "connection reset"};
    return f.hub.Handle(r);
  });
  SyncEngine engine(*f.store, f.transport, f.clock, nullptr, f.options);
  auto r = engine.SyncOnce();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.pages, 1);
  EXPECT_EQ(f.store->LoadSyncState()->cursor, "3");
  EXPECT_EQ(f.store->CountEntities("asset"), 3);
  r = engine.SyncOnce();
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(f.transport.Requests()[2].path, "/v1/sync/pull?cursor=3&limit=3");
  EXPECT_EQ(f.store->CountEntities("asset"), 8);
  EXPECT_EQ(f.store->LoadSyncState()->cursor, "8");
}

TEST(SyncEngine, RetryAfterIsHonouredOn429And503) {
  for (int status : {429, 503}) {
    Fixture f;
    ASSERT_TRUE(f.store->Enqueue("rating", "{}"));
    f.transport.PushStatus(status, R"({"title":"slow down","status":429})", {{"retry-after", "42"}});
    SyncEngine engine(*f.store, f.transport, f.clock, nullptr);
    const auto r = engine.SyncOnce();
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.retry_after_ms, 42000);
    EXPECT_NE(r.error.find("slow down"), std::string::npos);
    EXPECT_EQ(f.store->OutboxDepth(), 1);
  }
  Fixture f;
  f.transport.PushStatus(503, "", {{"retry-after", "86400"}});  // a day: capped at the backoff cap
  SyncEngine engine(*f.store, f.transport, f.clock, nullptr);
  EXPECT_EQ(engine.SyncOnce().retry_after_ms, SyncOptions{}.backoff_cap_ms);
}

TEST(SyncEngine, UnauthorizedStopsTalkingUntilReEnrolled) {
  Fixture f;
  f.UseHub();
  ASSERT_TRUE(f.store->Enqueue("rating", "{}"));
  ASSERT_TRUE(f.store->SaveEnrollment("http://hub", "T1", "revoked", Binding{onestop::Role::kBedside, "B2-3F-W12-BED07"}));
  SyncEngine engine(*f.store, f.transport, f.clock, nullptr);
  auto r = engine.SyncOnce();
  EXPECT_EQ(r.state, LinkState::kUnauthorized);
  EXPECT_TRUE(f.store->LoadSyncState()->unauthorized);
  EXPECT_EQ(engine.CurrentStatus().state, LinkState::kUnauthorized);
  const size_t n = f.transport.Requests().size();
  r = engine.SyncOnce();
  EXPECT_EQ(r.state, LinkState::kUnauthorized);
  EXPECT_EQ(f.transport.Requests().size(), n);  // no hammering with a dead token
  EXPECT_EQ(f.store->OutboxDepth(), 1);         // nothing lost meanwhile
  ASSERT_TRUE(f.store->SaveEnrollment("http://hub", "T1", "tok", Binding{onestop::Role::kBedside, "B2-3F-W12-BED07"}));
  r = engine.SyncOnce();
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(f.store->OutboxDepth(), 0);
}

TEST(SyncEngine, TransportFailureIsOfflineWithReason) {
  Fixture f;
  ASSERT_TRUE(f.store->Enqueue("rating", "{}"));
  f.transport.PushFailure("net.connect", "Couldn't connect to server");
  SyncEngine engine(*f.store, f.transport, f.clock, nullptr);
  const auto r = engine.SyncOnce();
  EXPECT_EQ(r.state, LinkState::kOffline);
  EXPECT_NE(r.error.find("connect"), std::string::npos);
  EXPECT_EQ(engine.CurrentStatus().outbox_depth, 1);
}

TEST(SyncEnroll, StoresTokenAndBindingAndExplainsRefusals) {
  TempDir dir;
  FakeClock clock;
  auto store = std::move(Store::Open(dir.File("k.db"), clock)).value();
  FakeTransport t;
  protocol::EnrollResponse ok{"T9", "secret", {onestop::Role::kWard, "B2-3F-W12"}};
  t.PushStatus(200, protocol::ToJson(ok).dump());
  auto r = Enroll(t, *store, "http://hub", "DEMO-WARD", {"SN1", "ward", "0.1.0"});
  ASSERT_TRUE(r) << r.error().message;
  auto st = store->LoadSyncState().value();
  EXPECT_EQ(st.token, "secret");
  EXPECT_EQ(st.terminal_id, "T9");
  ASSERT_TRUE(st.binding);
  EXPECT_EQ(st.binding->role, onestop::Role::kWard);
  EXPECT_EQ(st.binding->location, "B2-3F-W12");
  EXPECT_EQ(json::parse(t.Requests()[0].body)["code"], "DEMO-WARD");
  t.PushStatus(404, R"({"title":"unknown code","status":404,"detail":"code not found or already used"})");
  r = Enroll(t, *store, "http://hub", "USED", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "enroll.rejected");
  EXPECT_NE(r.error().message.find("already used"), std::string::npos);
  t.PushStatus(200, "<html>captive portal</html>");
  EXPECT_EQ(Enroll(t, *store, "http://hub", "X", {}).error().code, "enroll.bad_response");
  t.PushFailure("net.connect", "refused");
  EXPECT_EQ(Enroll(t, *store, "http://hub", "X", {}).error().code, "enroll.unreachable");
  EXPECT_EQ(store->LoadSyncState()->token, "secret");  // failures change nothing
}

// The worker as the app uses it: Start(publish) with a MainQueue, Enqueue wakes it, status reaches
// the "frame" only through the queue.
TEST(SyncEngine, WorkerPublishesThroughTheMainQueueAndWakesOnEnqueue) {
  Fixture f;
  f.UseHub();
  SystemClock clock;
  MainQueue queue;
  SyncOptions opt;
  opt.interval_ms = 60000;  // only a wake-up can explain a quick push
  SyncEngine engine(*f.store, f.transport, clock, &queue, opt);
  std::vector<LinkStatus> seen;
  std::vector<PushOutcome> outcomes;
  const auto frame_thread = std::this_thread::get_id();
  engine.SetOutcomeListener([&](const std::vector<PushOutcome>& o) {
    EXPECT_EQ(std::this_thread::get_id(), frame_thread);
    outcomes.insert(outcomes.end(), o.begin(), o.end());
  });
  engine.Start([&](const LinkStatus& s) {
    EXPECT_EQ(std::this_thread::get_id(), frame_thread);
    seen.push_back(s);
  });
  auto drain_until = [&](auto pred) {
    for (int i = 0; i < 500; ++i) {
      queue.Drain();
      if (pred()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  };
  ASSERT_TRUE(drain_until([&] { return !seen.empty() && seen.back().state == LinkState::kOnline; }));
  const auto id = engine.Enqueue("rating", "{}");
  ASSERT_TRUE(id);
  ASSERT_TRUE(drain_until([&] { return f.store->GetRecordStatus(id.value()).state == RecordState::kSent; }));
  ASSERT_TRUE(drain_until([&] { return seen.back().outbox_depth == 0 && seen.back().last_ok_utc_ms > 0; }));
  ASSERT_TRUE(drain_until([&] { return !outcomes.empty(); }));
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].id, id.value());
  EXPECT_EQ(outcomes[0].status, protocol::PushStatus::kAccepted);
  EXPECT_EQ(outcomes[0].ref, f.hub.accepted[id.value()]);
  engine.Stop();
  EXPECT_EQ(f.hub.accepted.size(), 1u);
}

// Offline and backing off: no request is made early, but the status bar learns of new rows at once.
TEST(SyncEngine, WorkerInBackoffStillPublishesNewDepth) {
  Fixture f;
  f.transport.SetHandler([](const HttpRequest&) -> Result<HttpResponse> { return Error{"net.connect", "down"}; });
  ASSERT_TRUE(f.store->Enqueue("rating", "{}"));
  SystemClock clock;
  MainQueue queue;
  SyncOptions opt;
  opt.backoff_base_ms = 60000;  // the first retry is seconds to a minute away
  opt.backoff_cap_ms = 60000;
  opt.poll_ms = 50;
  SyncEngine engine(*f.store, f.transport, clock, &queue, opt);
  LinkStatus last;
  engine.Start([&](const LinkStatus& s) { last = s; });
  auto drain_until = [&](auto pred) {
    for (int i = 0; i < 300; ++i) {
      queue.Drain();
      if (pred()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  };
  ASSERT_TRUE(drain_until([&] { return last.state == LinkState::kOffline && last.outbox_depth == 1; }));
  const size_t requests = f.transport.Requests().size();
  ASSERT_TRUE(engine.Enqueue("rating", "{}"));
  ASSERT_TRUE(drain_until([&] { return last.outbox_depth == 2; }));
  EXPECT_EQ(last.state, LinkState::kOffline);
  EXPECT_NE(last.detail.find("down"), std::string::npos);
  engine.Stop();
  // The wake-up did not cut the backoff short (at most a jittered retry that drew ~0 ms).
  EXPECT_LE(f.transport.Requests().size(), requests + 1);
}
