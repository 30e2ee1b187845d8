// Live pull end to end with real parts: a Hub on loopback (temp SQLite), a ward terminal enrolled by
// the kiosk's own code (curl transport, SQLite store), raw pulls with wait=S, and the kiosk's LiveWatch
// driving a SyncEngine whose poll interval is a minute. Changes are committed through the hub's store
// as any hub write commits them (the bell rings on commit). Timings are bounds on "did not wait for
// the deadline", far from any speed target (benchmarks measure speed).
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "offline/http_transport.h"
#include "offline/live_watch.h"
#include "offline/store.h"
#include "offline/sync_engine.h"
#include "tests/integration/loopback_hub.h"

namespace onestop {
namespace {
using nlohmann::json;
using Clock_ = std::chrono::steady_clock;

const std::string kWard = "B2-3F-W12";

offline::TransportOptions To(const std::string& url, int total_ms = 60000) {
  offline::TransportOptions o;
  o.base_url = url;
  o.total_timeout_ms = total_ms;
  return o;
}
const std::string kOtherWard = "B1-1F-W01";

class LivePull : public ::testing::Test {
 protected:
  void StartHub(int long_poll_max = 512) {
    hub::HubOptions o;
    o.long_poll_max = long_poll_max;
    ASSERT_NO_FATAL_FAILURE(server.Start(o));
    url = server.url;
    hub_ = server.hub.get();
    auto st = offline::Store::Open(server.Path("kiosk.db"), clock);
    ASSERT_TRUE(st.ok()) << st.error().message;
    store = std::move(st).value();
    transport = std::make_unique<offline::CurlTransport>(To(url));
    const std::string code = server.NewCode("ward", kWard);
    auto enrolled = offline::Enroll(*transport, *store, url, code, {"SN-LIVE", "ward", "test"});
    ASSERT_TRUE(enrolled.ok()) << enrolled.error().message;
    token = enrolled->token;
  }
  void TearDown() override {
    transport.reset();  // its keep-alive connection would hold a server worker until it times out
    server.Stop();
  }
  // A notice for `scope`, committed like every hub write (a change row, then the bell).
  void CommitNotice(const std::string& id, const std::string& scope) {
    auto tx = hub_->store()->Begin();
    ASSERT_TRUE(tx.ok());
    tx.value()->PutMaster("notice", id, json{{"id", id}, {"area", scope}, {"text", {{"en", "Water off"}}}}, scope);
    ASSERT_TRUE(tx.value()->Commit().ok());
  }
  int64_t Newest() { return hub_->store()->LastChangeSeq().value(); }
  Result<offline::HttpResponse> Pull(int64_t cursor, const std::string& wait) {
    offline::CurlTransport t(To(url));
    return t.Send({"GET", "/v1/sync/pull?cursor=" + std::to_string(cursor) + "&limit=10&wait=" + wait, "", token});
  }
  int Waiting() {
    offline::CurlTransport t(To(url, 15000));
    auto r = t.Send({"GET", "/metrics", "", ""});
    const std::string key = "\nonestop_hub_pull_waiting ";
    const auto at = r->body.find(key);
    return at == std::string::npos ? -1 : std::stoi(r->body.substr(at + key.size()));
  }
  void AwaitWaiting(int n) {
    const auto end = Clock_::now() + std::chrono::seconds(10);
    while (Waiting() != n && Clock_::now() < end) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_EQ(Waiting(), n);
  }

  testing_hub::LoopbackHub server;
  const Clock& clock = server.clock;
  hub::Hub* hub_ = nullptr;
  std::string url, token;
  std::unique_ptr<offline::Store> store;
  std::unique_ptr<offline::CurlTransport> transport;
};

TEST_F(LivePull, AnswersWhenAChangeInScopeCommitsAndNotForAnotherWard) {
  StartHub();
  const int64_t cursor = Newest();
  const auto t0 = Clock_::now();
  auto pending = std::async(std::launch::async, [&] { return Pull(cursor, "25"); });
  AwaitWaiting(1);
  CommitNotice("N-OTHER", kOtherWard);  // rings the bell, but this terminal may not see it
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(Waiting(), 1) << "another ward's change does not end the wait";
  CommitNotice("N-HERE", kWard);
  auto r = pending.get();
  const auto took = Clock_::now() - t0;
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->Header("x-onestop-wait"), "25");
  auto page = protocol::DecodePullResponse(r->body);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->changes.size(), 1u);
  EXPECT_EQ(page->changes[0].id, "N-HERE");
  EXPECT_LT(took, std::chrono::seconds(20)) << "answered at the commit, not at the deadline";
  EXPECT_EQ(Waiting(), 0);
}

TEST_F(LivePull, WithNothingNewItAnswersEmptyAtTheDeadline) {
  StartHub();
  auto r = Pull(Newest(), "1");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->Header("x-onestop-wait"), "1");
  EXPECT_TRUE(protocol::DecodePullResponse(r->body)->changes.empty());
  // A pull that has changes answers at once, wait or not.
  CommitNotice("N-1", kWard);
  auto now = Pull(0, "30");
  ASSERT_TRUE(now.ok());
  EXPECT_FALSE(protocol::DecodePullResponse(now->body)->changes.empty());
}

TEST_F(LivePull, BadWaitsAreRefusedAndNoSlotMeansAnOrdinaryPull) {
  StartHub(/*long_poll_max=*/0);
  for (const char* bad : {"31", "-1", "abc", "1e3", "", "99999999999999999999"}) {
    auto r = Pull(Newest(), bad);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 400) << "wait=" << bad;
  }
  auto r = Pull(Newest(), "30");  // no slot: at once, granted 0 (the kiosk then polls)
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->Header("x-onestop-wait"), "0");
}

TEST_F(LivePull, StoppingTheHubEndsHeldPulls) {
  StartHub();
  auto pending = std::async(std::launch::async, [&] { return Pull(Newest(), "30"); });
  AwaitWaiting(1);
  const auto t0 = Clock_::now();
  hub_->Stop();
  (void)pending.get();  // answered (or cut) at Stop, not at the 30 s deadline
  EXPECT_LT(Clock_::now() - t0, std::chrono::seconds(5));
}

// The kiosk side: the engine polls once a minute; the LiveWatch wakes it when the hub says a change
// for this ward committed, so the change is in the terminal's store within seconds.
TEST_F(LivePull, LiveWatchBringsAChangeToTheStoreLongBeforeThePoll) {
  StartHub();
  offline::SyncOptions so;
  so.interval_ms = 60000;
  offline::SyncEngine engine(*store, *transport, clock, nullptr, so);
  offline::CurlTransport live_transport(To(url));
  offline::LiveWatchOptions lw;
  lw.wait_s = 20;
  offline::LiveWatch watch(*store, live_transport, [&engine] { engine.Wake(); }, lw);
  engine.Start([](const LinkStatus&) {});
  // The first round (at start) pulls what exists; then the engine idles for a minute.
  const auto end0 = Clock_::now() + std::chrono::seconds(10);
  while (store->LoadSyncState()->last_pull_ms == 0 && Clock_::now() < end0)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_GT(store->LoadSyncState()->last_pull_ms, 0);
  watch.Start();
  AwaitWaiting(1);
  CommitNotice("N-LIVE", kWard);
  const auto end = Clock_::now() + std::chrono::seconds(15);
  bool arrived = false;
  while (!arrived && Clock_::now() < end) {
    auto notices = store->ListEntities("notice", 10);
    arrived = notices.ok() && !notices->empty();
    if (!arrived) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(arrived) << "the change should arrive via the live pull, not the 60 s poll";
  EXPECT_GE(watch.wakes(), 1u);
  const auto t0 = Clock_::now();
  watch.Stop();
  engine.Stop();
  EXPECT_LT(Clock_::now() - t0, std::chrono::seconds(5)) << "a held pull is cancelled at Stop";
}

}  // namespace
}  // namespace onestop
