// Live pulls woken by scope (server/live_waiters.h) through the real hub on loopback: a held pull at a
// bed is answered by a change at its bed, its ward or hospital-wide, keeps waiting through a sibling
// bed's change (its group is woken, its own pull finds nothing), and hears a commit made by another
// store on the same SQLite file (another process) within the prober's second. Timings are bounds on
// "answered at the commit, not at the deadline", not speed targets.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <future>
#include <thread>

#include "kiosk/core/protocol.h"
#include "server/live_waiters.h"
#include "tests/integration/loopback_hub.h"

namespace onestop {
namespace {
using nlohmann::json;
namespace pr = onestop::protocol;
using Clock_ = std::chrono::steady_clock;

const std::string kWard = "B2-3F-W12";
const std::string kBed = kWard + "-BED01";
const std::string kSibling = kWard + "-BED02";

TEST(ProbeBinding, ABedIsProbedAsItsWardAndTopLevelOrUnboundAsThemselves) {
  EXPECT_EQ(hub::ProbeBindingOf({Role::kBedside, kBed}), (Binding{Role::kWard, kWard}));
  EXPECT_EQ(hub::ProbeBindingOf({Role::kWard, kWard}), (Binding{Role::kWard, "B2-3F"}));
  EXPECT_EQ(hub::ProbeBindingOf({Role::kWard, "B2"}), (Binding{Role::kWard, "B2"}));
  EXPECT_EQ(hub::ProbeBindingOf({Role::kStaff, ""}), (Binding{Role::kStaff, ""}));
}

class LiveWaitersHub : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(Start(hub::HubOptions{})); }
  void Start(hub::HubOptions o) {
    server.Stop();
    ASSERT_NO_FATAL_FAILURE(server.Start(o));
    port = std::stoi(server.url.substr(server.url.rfind(':') + 1));
    httplib::Client c("127.0.0.1", port);
    auto res = c.Post("/v1/enroll", pr::ToJson(pr::EnrollRequest{server.NewCode("bedside", kBed), {"SN", "bedside", "t"}}).dump(),
                      "application/json");
    ASSERT_TRUE(res && res->status == 200);
    token = pr::DecodeEnrollResponse(res->body)->token;
    terminal = pr::DecodeEnrollResponse(res->body)->terminal_id;
  }
  void Commit(hub::HubStore& store, const std::string& id, const std::string& scope) {
    auto tx = store.Begin();
    ASSERT_TRUE(tx.ok());
    tx.value()->PutMaster("notice", id, json{{"id", id}, {"area", scope}, {"text", {{"en", "Water off"}}}}, scope);
    ASSERT_TRUE(tx.value()->Commit().ok());
  }
  int64_t Newest() { return server.hub->store()->LastChangeSeq().value(); }
  std::future<httplib::Result> HeldPull(int64_t cursor) {
    return std::async(std::launch::async, [this, cursor] {
      httplib::Client c("127.0.0.1", port);
      c.set_read_timeout(40, 0);
      return c.Get(pr::PullPath(cursor, 10, 25), {{"Authorization", "Bearer " + token}});
    });
  }
  int Waiting() {
    httplib::Client c("127.0.0.1", port);
    auto r = c.Get("/metrics");
    const std::string key = "\nonestop_hub_pull_waiting ";
    const auto at = r ? r->body.find(key) : std::string::npos;
    return at == std::string::npos ? -1 : std::stoi(r->body.substr(at + key.size()));
  }
  void AwaitWaiting(int n) {
    const auto end = Clock_::now() + std::chrono::seconds(10);
    while (Waiting() != n && Clock_::now() < end) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_EQ(Waiting(), n);
  }
  std::string OnlyChange(httplib::Result r) {
    if (!r || r->status != 200) return "no answer";
    auto page = pr::DecodePullResponse(r->body);
    return page.ok() && page->changes.size() == 1 ? page->changes[0].id : "not one change: " + r->body;
  }

  testing_hub::LoopbackHub server;
  int port = 0;
  std::string token, terminal;
};

TEST_F(LiveWaitersHub, ABedHearsItsBedItsWardAndTheHospitalButNotASiblingBed) {
  for (const auto& [id, scope] : std::vector<std::pair<std::string, std::string>>{{"N-BED", kBed}, {"N-WARD", kWard}, {"N-ALL", ""}}) {
    const auto t0 = Clock_::now();
    auto pending = HeldPull(Newest());
    ASSERT_NO_FATAL_FAILURE(AwaitWaiting(1));
    // The sibling's change wakes the ward's group; this bed's own pull finds nothing and waits on.
    Commit(*server.hub->store(), "N-SIB-" + id, kSibling);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(Waiting(), 1) << "a sibling bed's change does not end the wait";
    Commit(*server.hub->store(), id, scope);
    EXPECT_EQ(OnlyChange(pending.get()), id);
    EXPECT_LT(Clock_::now() - t0, std::chrono::seconds(15)) << "answered at the commit, not at the 25 s deadline";
  }
}

TEST_F(LiveWaitersHub, HeldPullsNeverTakeTheWorkersPushesNeed) {
  // A pool of 4 workers and 8 live-pull slots: the pool grows by the slots, so with every slot held a
  // push is still answered at once (before, it queued behind the held pulls until their deadline).
  hub::HubOptions o;
  o.guard.max_threads = 4;
  o.long_poll_max = 8;
  ASSERT_NO_FATAL_FAILURE(Start(o));
  std::vector<std::future<httplib::Result>> held;
  for (int i = 0; i < 8; ++i) held.push_back(HeldPull(Newest()));
  ASSERT_NO_FATAL_FAILURE(AwaitWaiting(8));
  httplib::Client c("127.0.0.1", port);
  c.set_read_timeout(10, 0);
  const pr::PushRequest push{terminal, {{pr::NewUuidV4(), pr::RecordKind::kCleaningRequest,
                                   std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::system_clock::now().time_since_epoch()).count(),
                                   json::object()}}};
  const auto t0 = Clock_::now();
  auto res = c.Post("/v1/sync/push", {{"Authorization", "Bearer " + token}}, pr::ToJson(push).dump(), "application/json");
  ASSERT_TRUE(res) << "the push got no worker";
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_LT(Clock_::now() - t0, std::chrono::seconds(5));
  // The push's ticket is at this bed: every held pull here answers with it.
  for (auto& h : held) EXPECT_EQ(OnlyChange(h.get()).rfind("TK-", 0), 0u);
}

TEST_F(LiveWaitersHub, ACommitByAnotherProcessOnTheSameFileIsHeardWithinSeconds) {
  // Another store on the same file shares no bell with the hub: the prober notices the newest seq.
  auto other = hub::OpenSqliteStore(server.Path("hub.db"));
  ASSERT_TRUE(other.ok()) << other.error().message;
  auto pending = HeldPull(Newest());
  ASSERT_NO_FATAL_FAILURE(AwaitWaiting(1));
  const auto t0 = Clock_::now();
  Commit(*other.value(), "N-ELSEWHERE", kWard);
  EXPECT_EQ(OnlyChange(pending.get()), "N-ELSEWHERE");
  EXPECT_LT(Clock_::now() - t0, std::chrono::seconds(5)) << "the prober looks once a second";
}

}  // namespace
}  // namespace onestop
