// Unit tests of sync recovery (issue 11 item 7): the RetryScheduler policy with simulated time (no
// sleeping), and what SyncOnce/Probe report to it (progress, link failure, Retry-After) against
// FakeTransport. The real-network proof is tests/integration/partition_test.cpp.
#include <gtest/gtest.h>

#include <filesystem>

#include "kiosk/core/protocol.h"
#include "offline/sync_engine.h"

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace onestop;
using namespace onestop::offline;

namespace {

SyncReport Failed(bool link, bool progress = false, int64_t retry_after_ms = -1) {
  SyncReport r;
  r.ok = false;
  r.state = LinkState::kOffline;
  r.link_failure = link;
  r.progress = progress;
  r.retry_after_ms = retry_after_ms;
  return r;
}
SyncReport Clean() {
  SyncReport r;
  r.ok = true;
  r.state = LinkState::kOnline;
  return r;
}
ProbeResult Silent() { return ProbeResult{false, 0, -1, "timeout"}; }
ProbeResult Answered(int status = 200, int64_t retry_after_ms = -1) { return ProbeResult{true, status, retry_after_ms, ""}; }

// Drives a scheduler like the worker does: each attempt starts at next_at.
struct Sim {
  SyncOptions opt;
  RetryScheduler s;
  explicit Sim(SyncOptions o = {}, uint64_t seed = 7) : opt(o), s(o, seed) {}
  int64_t Round(const SyncReport& r) {
    const int64_t t = s.next_at_ms();
    s.Started(t);
    s.AfterRound(r, t);
    return s.next_at_ms() - t;
  }
  int64_t Probe(const ProbeResult& p) {
    const int64_t t = s.next_at_ms();
    s.Started(t);
    s.AfterProbe(p, t);
    return s.next_at_ms() - t;
  }
};

}  // namespace

TEST(RetryScheduler, CleanRoundWaitsTheInterval) {
  Sim sim;
  EXPECT_EQ(sim.Round(Clean()), SyncOptions{}.interval_ms);
  EXPECT_FALSE(sim.s.probe_next());
}

TEST(RetryScheduler, HubErrorsBackOffExponentiallyWithinTheCap) {
  SyncOptions o;
  o.backoff_base_ms = 1000;
  o.backoff_cap_ms = 300000;
  Sim sim(o);
  for (int i = 1; i <= 12; ++i) {
    const int64_t d = sim.Round(Failed(false));
    EXPECT_EQ(sim.s.failures(), i);
    EXPECT_GE(d, 0);
    EXPECT_LE(d, BackoffCeilingMs(i, 1000, 300000));
    EXPECT_FALSE(sim.s.probe_next()) << "a hub that answers is not probed";
  }
}

// The stall of the issue: good pages, then one failure after a long failure streak.
TEST(RetryScheduler, AnySuccessfulRequestResetsTheBackoff) {
  SyncOptions o;
  o.backoff_base_ms = 1000;
  Sim sim(o);
  for (int i = 0; i < 10; ++i) sim.Round(Failed(false));
  ASSERT_EQ(sim.s.failures(), 10);
  const int64_t d = sim.Round(Failed(false, /*progress=*/true));
  EXPECT_EQ(sim.s.failures(), 1);
  EXPECT_LE(d, 1000);
}

TEST(RetryScheduler, RetryAfterIsHonouredEvenWhenARecordArrives) {
  Sim sim;
  EXPECT_EQ(sim.Round(Failed(false, false, 30000)), 30000);
  const int64_t due = sim.s.next_at_ms();
  sim.s.Nudge(due - 29000, /*link_changed=*/false);
  EXPECT_EQ(sim.s.next_at_ms(), due);
  sim.s.Nudge(due - 29000, /*link_changed=*/true);
  EXPECT_EQ(sim.s.next_at_ms(), due);
}

// 180 s of silence: probes stay about a second apart and the backoff never grows, so the first
// answer after the heal starts a round at once.
TEST(RetryScheduler, LongOutageProbesBriefly_AndTheHealStartsARoundAtOnce) {
  SyncOptions o;
  o.link_probe_ms = 1000;
  Sim sim(o);
  sim.Round(Failed(false));  // a hub error first: the streak must not survive the outage
  sim.Round(Failed(false));
  int64_t d = sim.Round(Failed(true));
  EXPECT_TRUE(sim.s.probe_next());
  EXPECT_GE(d, 500);
  EXPECT_LE(d, 1000);
  const int64_t heal = sim.s.next_at_ms() + 180000;
  int probes = 0;
  while (sim.s.next_at_ms() < heal) {
    d = sim.Probe(Silent());
    ++probes;
    ASSERT_TRUE(sim.s.probe_next());
    ASSERT_GE(d, 500);
    ASSERT_LE(d, 1000);
    ASSERT_EQ(sim.s.failures(), 0);
  }
  EXPECT_GE(probes, 180);
  EXPECT_LE(probes, 360);
  EXPECT_LE(sim.s.next_at_ms() - heal, 1000) << "the first probe after the heal comes within a second";
  EXPECT_EQ(sim.Probe(Answered()), 0) << "an answer after silence starts the round at once";
  EXPECT_FALSE(sim.s.probe_next());
}

// A reset by a working hub looks like a link failure, but the probe is answered at once: the
// round then waits its normal backoff instead of hammering the hub.
TEST(RetryScheduler, ProbeAnsweredAtOnceKeepsTheRoundBackoff) {
  SyncOptions o;
  o.backoff_base_ms = 1000;
  int long_waits = 0;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    Sim sim(o, seed);
    for (int i = 0; i < 5; ++i) sim.Round(Failed(false));
    sim.Round(Failed(true));
    ASSERT_EQ(sim.s.failures(), 6);
    const int64_t d = sim.Probe(Answered());
    EXPECT_FALSE(sim.s.probe_next());
    EXPECT_LE(d, BackoffCeilingMs(6, 1000, o.backoff_cap_ms));
    long_waits += d > 1000 ? 1 : 0;
  }
  EXPECT_GE(long_waits, 15) << "the backoff (ceiling 32 s) was not applied";
}

TEST(RetryScheduler, ProbeAnswered503WaitsItsRetryAfter) {
  Sim sim;
  sim.Round(Failed(true));
  sim.Probe(Silent());
  EXPECT_EQ(sim.Probe(Answered(503, 5000)), 5000);
  EXPECT_FALSE(sim.s.probe_next());
  const int64_t due = sim.s.next_at_ms();
  sim.s.Nudge(due - 4000, false);
  EXPECT_EQ(sim.s.next_at_ms(), due);
}

TEST(RetryScheduler, NewRecordWhenIdleGoesAtOnce) {
  Sim sim;
  sim.Round(Clean());
  const int64_t now = sim.s.next_at_ms() - 9000;
  sim.s.Nudge(now, false);
  EXPECT_EQ(sim.s.next_at_ms(), now);
}

TEST(RetryScheduler, NewRecordInBackoffTriesEarlyButNotFasterThanTheGap) {
  SyncOptions o;
  o.backoff_base_ms = 60000;
  o.backoff_cap_ms = 300000;
  o.early_retry_gap_ms = 1000;
  Sim sim(o);
  for (int i = 0; i < 4; ++i) sim.Round(Failed(false));
  const int64_t last = sim.s.next_at_ms();
  sim.s.Started(last);
  sim.s.AfterRound(Failed(false), last);
  ASSERT_GT(sim.s.next_at_ms(), last + 1000) << "seed drew a tiny backoff; pick another";
  sim.s.Nudge(last + 10, false);
  EXPECT_EQ(sim.s.next_at_ms(), last + 1000) << "early, but one gap after the previous attempt";
  sim.s.Nudge(last + 5000, false);
  EXPECT_EQ(sim.s.next_at_ms(), last + 1000) << "a nudge never postpones";
}

TEST(RetryScheduler, LinkChangeWhileProbingMakesTheNextAnswerStartARound) {
  Sim sim;
  sim.Round(Failed(false));
  sim.Round(Failed(true));  // no probe has failed yet
  const int64_t t = sim.s.next_at_ms() - 400;
  sim.s.Nudge(t, /*link_changed=*/true);
  EXPECT_TRUE(sim.s.probe_next());
  EXPECT_EQ(sim.Probe(Answered()), 0) << "after a link change an answered probe means the link is back";
}

// ---- what the engine reports to the scheduler ------------------------------------------------

namespace {

struct Engine {
  fs::path dir = fs::temp_directory_path() / ("onestop-recovery-" + protocol::NewUuidV4());
  FakeClock clock{1'800'000'000'000};
  std::unique_ptr<Store> store;
  FakeTransport transport;
  SyncOptions options;
  Engine() {
    fs::create_directories(dir);
    store = std::move(Store::Open((dir / "k.db").string(), clock)).value();
    EXPECT_TRUE(store->SaveEnrollment("http://hub", "T1", "tok", Binding{Role::kBedside, "B2-3F-W12-BED07"}));
    options.pull_limit = 1;
  }
  ~Engine() {
    store.reset();
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  static std::string Page(int64_t seq, bool more) {
    protocol::PullResponse p;
    p.changes.push_back({seq, "asset", protocol::ChangeOp::kUpsert, "a" + std::to_string(seq), json{{"tag", "x"}}});
    p.next_cursor = seq;
    p.more = more;
    return protocol::ToJson(p).dump();
  }
};

}  // namespace

TEST(SyncRecovery, PagesThenAFailureReportProgress) {
  Engine e;
  e.transport.PushStatus(200, Engine::Page(1, true));
  e.transport.PushStatus(200, Engine::Page(2, true));
  e.transport.PushStatus(500, R"({"title":"boom"})");
  SyncEngine engine(*e.store, e.transport, e.clock, nullptr, e.options);
  const auto r = engine.SyncOnce();
  EXPECT_FALSE(r.ok);
  EXPECT_TRUE(r.progress);
  EXPECT_FALSE(r.link_failure) << "a 500 is an answer";
  EXPECT_EQ(r.pages, 2);
}

TEST(SyncRecovery, NoAnswerIsALinkFailureButTlsIsNot) {
  Engine e;
  SyncEngine engine(*e.store, e.transport, e.clock, nullptr, e.options);
  e.transport.PushFailure("net.timeout", "timed out");
  auto r = engine.SyncOnce();
  EXPECT_TRUE(r.link_failure);
  EXPECT_FALSE(r.progress);
  ASSERT_TRUE(e.store->Enqueue("rating", "{}"));
  e.transport.PushFailure("net.connect", "refused");
  r = engine.SyncOnce();
  EXPECT_TRUE(r.link_failure) << "push side too";
  e.transport.PushFailure("net.tls", "unknown CA");
  r = engine.SyncOnce();
  EXPECT_FALSE(r.link_failure) << "a TLS trust failure is configuration: back off, do not probe every second";
  EXPECT_EQ(e.store->OutboxDepth(), 1);
}

TEST(SyncRecovery, ProbeIsACheapHealthCheckWithShortTimeouts) {
  Engine e;
  e.options.link_probe_connect_timeout_ms = 1234;
  e.options.link_probe_total_timeout_ms = 2345;
  SyncEngine engine(*e.store, e.transport, e.clock, nullptr, e.options);
  e.transport.PushFailure("net.timeout", "timed out");
  auto p = engine.Probe();
  EXPECT_FALSE(p.reached);
  e.transport.PushStatus(503, "{}", {{"retry-after", "7"}});
  p = engine.Probe();
  EXPECT_TRUE(p.reached);
  EXPECT_EQ(p.status, 503);
  EXPECT_EQ(p.retry_after_ms, 7000);
  e.transport.PushStatus(200, R"({"status":"ok"})");
  p = engine.Probe();
  EXPECT_TRUE(p.reached);
  EXPECT_EQ(p.status, 200);
  const auto reqs = e.transport.Requests();
  ASSERT_EQ(reqs.size(), 3u);
  for (const auto& q : reqs) {
    EXPECT_EQ(q.method, "GET");
    EXPECT_EQ(q.path, "/v1/health");
    EXPECT_TRUE(q.bearer_token.empty()) << "the probe carries no token";
    EXPECT_EQ(q.connect_timeout_ms, 1234);
    EXPECT_EQ(q.total_timeout_ms, 2345);
  }
}
