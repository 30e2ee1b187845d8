// Several hub processes on one PostgreSQL (issue 18 item 2 and 3): two real `onestop-hub serve`
// processes (ONESTOP_HUB_BIN) on a throwaway cluster (pg_cluster.h), driven over HTTP at the same
// time. Proves: one record pushed to both at once is accepted once and answered `duplicate` with
// the same ref by the other; concurrent ticket creation numbers tickets without gap or clash; a
// puller following its cursor never misses a change; a live pull on one process answers for a
// commit on the other (LISTEN/NOTIFY); and a PostgreSQL restart costs a 503, not the process.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <barrier>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "kiosk/core/protocol.h"
#include "tests/integration/pg_cluster.h"
#include "tests/integration/sync_harness.h"

namespace {
namespace pr = onestop::protocol;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

struct Terminal {
  std::string id, token;
  httplib::Headers auth() const { return {{"Authorization", "Bearer " + token}}; }
};

class PgMulti : public ::testing::Test {
 protected:
  void SetUp() override {
    cluster_ = pg_test::PgCluster::Shared();
    ASSERT_NE(cluster_, nullptr) << "PostgreSQL test cluster: " << pg_test::PgCluster::StartError();
    url_ = cluster_->NewDatabase();
    ASSERT_FALSE(url_.empty());
    db_name_ = url_.substr(std::string("postgresql:///").size(), url_.find('?') - std::string("postgresql:///").size());
    for (int i = 0; i < 2; ++i) ASSERT_NO_FATAL_FAILURE(StartHub(i));
  }
  void TearDown() override {
    for (auto& h : hubs_) {
      if (!h.Running()) continue;
      ::kill(h.pid(), SIGTERM);
      if (h.Wait(5000) == -1) h.Kill(SIGKILL);
    }
  }
  void StartHub(int i) {
    const std::string log = tmp_.File("hub" + std::to_string(i) + ".log");
    ASSERT_TRUE(hubs_[i].Start({sync_test::Env("ONESTOP_HUB_BIN"), "serve", "--listen", "127.0.0.1:0", "--db", url_,
                                "--threads", "8"},
                               "", log, /*stdout_pipe=*/true));
    const std::string hostport = hubs_[i].WaitForLine("listening ", 60000);
    ASSERT_NE(hostport.rfind(':'), std::string::npos) << sync_test::ReadFile(log);
    ports_[i] = std::stoi(hostport.substr(hostport.rfind(':') + 1));
  }
  httplib::Client Client(int hub) {
    httplib::Client c("127.0.0.1", ports_[hub]);
    c.set_read_timeout(40, 0);
    return c;
  }
  // Enrolled through hub 0 with a code the CLI wrote into PostgreSQL (a third process).
  Terminal Enroll(const std::string& kind, const std::string& location) {
    std::vector<std::string> argv = {sync_test::Env("ONESTOP_HUB_BIN"), "enroll-code", "--db", url_, "--kind", kind};
    if (!location.empty()) argv.insert(argv.end(), {"--location", location});
    auto code = sync_test::RunProgram(argv, tmp_.File("enroll-code"));
    EXPECT_EQ(code.rc, 0) << code.err;
    auto res = Client(0).Post("/v1/enroll", pr::ToJson(pr::EnrollRequest{sync_test::Trim(code.out), {"SN", kind, "t"}}).dump(),
                              "application/json");
    EXPECT_TRUE(res && res->status == 200) << (res ? res->body : "no answer");
    auto e = pr::DecodeEnrollResponse(res ? res->body : "");
    EXPECT_TRUE(e.ok());
    return e.ok() ? Terminal{e->terminal_id, e->token} : Terminal{};
  }
  static std::string Complaint(const std::string& id) {
    return json{{"records", {{{"id", id}, {"kind", "complaint"}, {"created_at", "2026-11-30T10:00:00.000Z"},
                              {"payload", {{"text", "noisy"}}}}}}}
        .dump();
  }
  // One record pushed to `hub`; its result (status "" when the push failed as a whole).
  pr::PushResult Push(int hub, const Terminal& t, const std::string& id) {
    auto res = Client(hub).Post("/v1/sync/push", t.auth(), Complaint(id), "application/json");
    if (!res || res->status != 200) return {};
    auto d = pr::DecodePushResponse(res->body);
    return d.ok() && d->results.size() == 1 ? d->results[0] : pr::PushResult{};
  }
  std::string Sql(const std::string& q) { return cluster_->Psql(db_name_, q); }

  pg_test::PgCluster* cluster_ = nullptr;
  std::string url_, db_name_;
  sync_test::TempDir tmp_;
  sync_test::Child hubs_[2];
  int ports_[2] = {0, 0};
};

TEST_F(PgMulti, OneRecordPushedToBothProcessesAtOnceIsAcceptedOnce) {
  const Terminal t = Enroll("bedside", "B1-W1-BED01");
  constexpr int kRounds = 20;
  for (int round = 0; round < kRounds; ++round) {
    const std::string id = pr::NewUuidV4();
    pr::PushResult got[2];
    std::barrier start(2);
    std::thread a([&] { start.arrive_and_wait(); got[0] = Push(0, t, id); });
    std::thread b([&] { start.arrive_and_wait(); got[1] = Push(1, t, id); });
    a.join();
    b.join();
    const int accepted = (got[0].status == pr::PushStatus::kAccepted) + (got[1].status == pr::PushStatus::kAccepted);
    const int duplicate = (got[0].status == pr::PushStatus::kDuplicate) + (got[1].status == pr::PushStatus::kDuplicate);
    ASSERT_EQ(accepted, 1) << "round " << round;
    ASSERT_EQ(duplicate, 1) << "round " << round;
    ASSERT_FALSE(got[0].ref.empty());
    ASSERT_EQ(got[0].ref, got[1].ref) << "the duplicate names the first one's ticket";
  }
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM records"), std::to_string(kRounds));
  EXPECT_EQ(Sql("SELECT COUNT(*) FROM tickets"), std::to_string(kRounds));
}

TEST_F(PgMulti, ConcurrentTicketsAreNumberedWithoutGapOrClash) {
  const Terminal t = Enroll("bedside", "B1-W1-BED02");
  constexpr int kThreads = 4, kEach = 20;
  std::mutex mu;
  std::vector<std::string> refs;
  std::vector<std::thread> workers;
  for (int w = 0; w < kThreads; ++w)
    workers.emplace_back([&, w] {
      for (int i = 0; i < kEach; ++i) {
        const pr::PushResult r = Push(w % 2, t, pr::NewUuidV4());
        std::lock_guard lock(mu);
        refs.push_back(r.status == pr::PushStatus::kAccepted ? r.ref : "FAILED");
      }
    });
  for (auto& w : workers) w.join();
  std::set<std::string> unique(refs.begin(), refs.end());
  ASSERT_EQ(unique.size(), static_cast<size_t>(kThreads * kEach)) << "clash or failed push";
  EXPECT_EQ(unique.count("FAILED"), 0u);
  EXPECT_EQ(*unique.begin(), "TK-000001");
  EXPECT_EQ(*unique.rbegin(), "TK-000080") << "80 tickets numbered 1..80: no gap";
  EXPECT_EQ(Sql("SELECT MIN(num)||','||MAX(num)||','||COUNT(*) FROM tickets"), "1,80,80");
}

TEST_F(PgMulti, APullerFollowingItsCursorNeverMissesAChange) {
  const Terminal writer = Enroll("bedside", "B1-W1-BED03");
  const Terminal staff = Enroll("staff", "");
  std::atomic<bool> writing{true};
  std::mutex mu;
  std::set<std::string> pushed;
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w)
    writers.emplace_back([&, w] {
      for (int i = 0; i < 25; ++i) {
        const pr::PushResult r = Push(w % 2, writer, pr::NewUuidV4());
        std::lock_guard lock(mu);
        if (r.status == pr::PushStatus::kAccepted) pushed.insert(r.ref);
      }
    });
  // The puller alternates between the processes, small pages, as fast as it can while writes go on.
  std::set<std::string> seen;
  int64_t cursor = 0, last_seq = 0;
  int pulls = 0;
  auto pull_once = [&](int hub) {
    auto res = Client(hub).Get("/v1/sync/pull?cursor=" + std::to_string(cursor) + "&limit=3", staff.auth());
    ASSERT_TRUE(res && res->status == 200);
    auto p = pr::DecodePullResponse(res->body);
    ASSERT_TRUE(p.ok());
    for (const auto& c : p->changes) {
      ASSERT_GT(c.seq, last_seq) << "seq order";
      last_seq = c.seq;
      if (c.entity == "ticket") seen.insert(c.id);
    }
    cursor = p->next_cursor;
    ++pulls;
  };
  std::thread stopper([&] {
    for (auto& w : writers) w.join();
    writing = false;
  });
  while (writing) ASSERT_NO_FATAL_FAILURE(pull_once(pulls % 2));
  stopper.join();
  for (int i = 0; i < 200 && seen.size() < pushed.size(); ++i) ASSERT_NO_FATAL_FAILURE(pull_once(i % 2));
  EXPECT_EQ(pushed.size(), 100u);
  EXPECT_EQ(seen, pushed) << "a change committed behind the cursor was skipped (" << pulls << " pulls)";
  EXPECT_GT(pulls, 10) << "the puller did not run alongside the writers";
}

TEST_F(PgMulti, ALivePullOnOneProcessAnswersForACommitOnTheOther) {
  const Terminal bed = Enroll("bedside", "B1-W1-BED04");
  const Terminal ward = Enroll("ward", "B1-W1");
  auto top = Client(0).Get("/v1/sync/pull?cursor=0&limit=1000", ward.auth());
  ASSERT_TRUE(top && top->status == 200);
  int64_t cursor = pr::DecodePullResponse(top->body)->next_cursor;
  for (int round = 0; round < 3; ++round) {
    std::atomic<int64_t> answered_ms{-1};
    std::string body;
    const auto t0 = Clock::now();
    std::thread waiter([&] {
      auto res = Client(0).Get("/v1/sync/pull?cursor=" + std::to_string(cursor) + "&wait=10", ward.auth());
      if (res && res->status == 200) body = res->body;
      answered_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
    });
    // Well inside the hub's once-a-second seq look, so only the notification can answer in time.
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    const std::string id = pr::NewUuidV4();
    ASSERT_EQ(Push(1, bed, id).status, pr::PushStatus::kAccepted);
    const int64_t pushed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
    waiter.join();
    ASSERT_GE(answered_ms.load(), 0);
    EXPECT_LT(answered_ms.load() - pushed_ms, 500) << "round " << round << ": the live pull heard the commit late";
    EXPECT_NE(body.find(id), std::string::npos) << body;
    auto page = pr::DecodePullResponse(body);
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->changes.size(), 1u) << "only the new change is after the cursor";
    cursor = page->next_cursor;
  }
}

TEST_F(PgMulti, AnOutageAnswers503AndARestartedServerIsUsedAgain) {
  const Terminal bed = Enroll("bedside", "B1-W1-BED05");
  const Terminal ward = Enroll("ward", "B1-W1");
  ASSERT_EQ(Push(0, bed, pr::NewUuidV4()).status, pr::PushStatus::kAccepted);
  // While PostgreSQL is down: every request that needs it answers 503 problem+json with
  // Retry-After, never a 401 (the terminal keeps its token) and never a crash.
  ASSERT_TRUE(cluster_->Down());
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // past the hub's 1 s token cache
  for (int i = 0; i < 3; ++i) {
    auto res = Client(0).Post("/v1/sync/push", bed.auth(), Complaint(pr::NewUuidV4()), "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 503) << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/problem+json");
    EXPECT_FALSE(res->get_header_value("Retry-After").empty());
    auto health = Client(1).Get("/v1/health");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 503);
  }
  ASSERT_TRUE(cluster_->Up());
  // Back: the dead connections are dropped and replaced on first use, so requests work at once.
  EXPECT_EQ(Push(0, bed, pr::NewUuidV4()).status, pr::PushStatus::kAccepted);
  EXPECT_EQ(Push(1, bed, pr::NewUuidV4()).status, pr::PushStatus::kAccepted);
  // A restart while connections are open: the same, without an outage to see.
  ASSERT_TRUE(cluster_->Restart());
  EXPECT_EQ(Push(0, bed, pr::NewUuidV4()).status, pr::PushStatus::kAccepted);
  auto health = Client(1).Get("/v1/health");
  ASSERT_TRUE(health && health->status == 200);
  const json h = json::parse(health->body);
  EXPECT_EQ(h["db_backend"], "postgresql");
  EXPECT_EQ(h["db_role"], "primary");
  // The listener reconnected (it retries once a second): live pulls hear the other process again.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  auto top = Client(0).Get("/v1/sync/pull?cursor=0&limit=1000", ward.auth());
  for (int i = 0; i < 5 && (!top || top->status != 200); ++i) top = Client(0).Get("/v1/sync/pull?cursor=0&limit=1000", ward.auth());
  ASSERT_TRUE(top && top->status == 200);
  const int64_t cursor = pr::DecodePullResponse(top->body)->next_cursor;
  const auto t0 = Clock::now();
  int64_t answered_ms = -1;
  std::thread waiter([&] {
    auto res = Client(0).Get("/v1/sync/pull?cursor=" + std::to_string(cursor) + "&wait=10", ward.auth());
    if (res && res->status == 200) answered_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  ASSERT_EQ(Push(1, bed, pr::NewUuidV4()).status, pr::PushStatus::kAccepted);
  waiter.join();
  EXPECT_GE(answered_ms, 0);
  EXPECT_LT(answered_ms, 700);
  auto metrics = Client(0).Get("/metrics");
  ASSERT_TRUE(metrics && metrics->status == 200);
  EXPECT_NE(metrics->body.find("onestop_hub_db_connections_open "), std::string::npos);
  EXPECT_NE(metrics->body.find("onestop_hub_db_connections_in_use "), std::string::npos);
}

}  // namespace
