// Integration tests of the hub HTTP API: an in-process Hub on an ephemeral loopback port with a
// temporary SQLite file, driven by httplib::Client. Covers enrollment, auth, push idempotency and
// validation, limits, scoped pagination, restart durability, tickets and fault injection.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "kiosk/core/protocol.h"
#include "kiosk/core/repair.h"
#include "tests/integration/pg_backend.h"
#include "server/demo.h"
#include "server/hub.h"
#include "server/store.h"
#include "server/tickets.h"

namespace onestop::hub {
namespace {
namespace fs = std::filesystem;
namespace pr = onestop::protocol;
using nlohmann::json;

fs::path MakeTempDir() {
  std::string tmpl = (fs::temp_directory_path() / "onestop-hub-test-XXXXXX").string();
  char* d = mkdtemp(tmpl.data());
  EXPECT_NE(d, nullptr);
  return fs::path(tmpl);
}

struct Terminal {
  std::string id, token;
  Binding binding;
  httplib::Headers auth() const { return {{"Authorization", "Bearer " + token}}; }
};

class HubTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    opts_.listen_port = 0;
    opts_.db_path = pg_test::HubTestDb((dir_ / "hub.db").string());  // ctest hub_api_pg: PostgreSQL
    opts_.threads = 4;
  }
  void TearDown() override {
    StopHub();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void StartHub() {
    hub_ = std::make_unique<Hub>(opts_);
    std::string err;
    port_ = hub_->Bind(&err);
    ASSERT_GT(port_, 0) << err;
    thread_ = std::thread([h = hub_.get()] { h->Serve(); });
    // A served request proves the accept loop runs, so Stop() cannot race the start.
    auto res = Client().Get("/v1/health");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200);
  }
  void StopHub() {
    if (!hub_) return;
    hub_->Stop();
    if (thread_.joinable()) thread_.join();
    hub_.reset();
  }
  httplib::Client Client() {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(10, 0);
    return c;
  }
  Terminal Enroll(const std::string& kind, const std::string& location) {
    const std::string code = NewEnrollCode();
    EXPECT_TRUE(AddEnrollCode(*hub_->store(), code, kind, location, Now(), 3600000).ok());
    auto res = Client().Post("/v1/enroll", pr::ToJson(pr::EnrollRequest{code, {"SN-1", kind, "test"}}).dump(),
                             "application/json");
    EXPECT_TRUE(res);
    EXPECT_EQ(res->status, 200) << res->body;
    auto e = pr::DecodeEnrollResponse(res->body);
    EXPECT_TRUE(e.ok()) << res->body;
    return e.ok() ? Terminal{e->terminal_id, e->token, e->binding} : Terminal{};
  }
  static int64_t Now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  static pr::PushRecord Rec(pr::RecordKind kind, json payload) {
    return pr::PushRecord{pr::NewUuidV4(), kind, Now(), std::move(payload)};
  }
  httplib::Result PushRaw(const Terminal& t, const std::string& body) {
    return Client().Post("/v1/sync/push", t.auth(), body, "application/json");
  }
  pr::PushResponse Push(const Terminal& t, const std::vector<pr::PushRecord>& recs) {
    auto res = PushRaw(t, pr::ToJson(pr::PushRequest{t.id, recs}).dump());
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, 200) << res->body;
    auto r = pr::DecodePushResponse(res->body);
    EXPECT_TRUE(r.ok()) << res->body;
    return r.ok() ? r.value() : pr::PushResponse{};
  }
  pr::PullResponse Pull(const Terminal& t, int64_t cursor, int limit) {
    auto res = Client().Get("/v1/sync/pull?cursor=" + std::to_string(cursor) + "&limit=" + std::to_string(limit), t.auth());
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, 200) << res->body;
    auto r = pr::DecodePullResponse(res->body);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : pr::PullResponse{};
  }
  std::vector<pr::Change> PullAll(const Terminal& t, int limit = 1000) {
    std::vector<pr::Change> all;
    int64_t cursor = 0;
    for (int guard = 0; guard < 10000; ++guard) {
      auto page = Pull(t, cursor, limit);
      all.insert(all.end(), page.changes.begin(), page.changes.end());
      cursor = page.next_cursor;
      if (!page.more) break;
    }
    return all;
  }
  void Seed(const std::function<void(HubTx&)>& f) {
    auto tx = hub_->store()->Begin();
    ASSERT_TRUE(tx.ok());
    f(*tx.value());
    ASSERT_TRUE(tx.value()->Commit().ok());
  }
  static void ExpectProblem(const httplib::Result& res, int status) {
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, status) << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/problem+json");
    auto p = pr::DecodeProblem(res->body);
    ASSERT_TRUE(p.ok()) << res->body;
    EXPECT_EQ(p->status, status);
    EXPECT_FALSE(p->title.empty());
  }

  fs::path dir_;
  HubOptions opts_;
  std::unique_ptr<Hub> hub_;
  std::thread thread_;
  int port_ = 0;
};

const char* kBed = "B1-2F-W03-BED04";
const char* kWard = "B1-2F-W03";

TEST_F(HubTest, EnrollGoodUsedUnknownExpiredCodes) {
  StartHub();
  ASSERT_TRUE(AddEnrollCode(*hub_->store(), "GOOD-0001", "bedside", kBed, Now(), 3600000).ok());
  const std::string body = pr::ToJson(pr::EnrollRequest{"GOOD-0001", {"SN", "bedside", "1"}}).dump();
  auto ok = Client().Post("/v1/enroll", body, "application/json");
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->status, 200) << ok->body;
  auto e = pr::DecodeEnrollResponse(ok->body);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->binding, (Binding{onestop::Role::kBedside, kBed}));
  EXPECT_EQ(e->token.size(), 64u);

  ExpectProblem(Client().Post("/v1/enroll", body, "application/json"), 409);  // one-time
  ExpectProblem(Client().Post("/v1/enroll", R"({"code":"NOPE-NOPE"})", "application/json"), 400);
  ASSERT_TRUE(AddEnrollCode(*hub_->store(), "OLD-0001", "ward", kWard, Now() - 7200000, 3600000).ok());
  ExpectProblem(Client().Post("/v1/enroll", R"({"code":"OLD-0001"})", "application/json"), 410);
  ExpectProblem(Client().Post("/v1/enroll", "<html>", "application/json"), 400);
  ExpectProblem(Client().Post("/v1/enroll", R"({"code":42})", "application/json"), 400);

  // Bad codes are refused by the issuing side too.
  EXPECT_FALSE(AddEnrollCode(*hub_->store(), "X", "robot", "", Now(), 1000).ok());
  EXPECT_FALSE(AddEnrollCode(*hub_->store(), "X", "bedside", "", Now(), 1000).ok());
  EXPECT_FALSE(AddEnrollCode(*hub_->store(), "X", "staff", kWard, Now(), 1000).ok());

  // The token works; the hub database never holds it in clear.
  Terminal t{e->terminal_id, e->token, e->binding};
  auto pull = Client().Get("/v1/sync/pull", t.auth());
  ASSERT_TRUE(pull);
  EXPECT_EQ(pull->status, 200);
  StopHub();
  if (pg_test::OnPostgres()) return;  // the file check below reads SQLite's files
  std::string db;
  {
    std::ifstream in(opts_.db_path, std::ios::binary);
    db.assign(std::istreambuf_iterator<char>(in), {});
    std::ifstream wal(opts_.db_path + "-wal", std::ios::binary);
    db.append(std::istreambuf_iterator<char>(wal), {});
  }
  EXPECT_EQ(db.find(e->token), std::string::npos);
  EXPECT_NE(db.find(HashToken(e->token)), std::string::npos);
}

TEST_F(HubTest, UnauthorizedWithoutOrWithBadToken) {
  StartHub();
  ExpectProblem(Client().Get("/v1/sync/pull"), 401);
  ExpectProblem(Client().Post("/v1/sync/push", R"({"records":[]})", "application/json"), 401);
  httplib::Headers bad = {{"Authorization", "Bearer 0000"}};
  ExpectProblem(Client().Get("/v1/sync/pull", bad), 401);
  httplib::Headers basic = {{"Authorization", "Basic dXNlcjpwYXNz"}};
  ExpectProblem(Client().Get("/v1/sync/pull", basic), 401);
  auto health = Client().Get("/v1/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  // A Date header (kiosks use it for clock skew on pulls): "Sun, 22 Nov 2026 19:22:56 GMT".
  const std::string date = health->get_header_value("Date");
  EXPECT_EQ(date.size(), 29u) << date;
  EXPECT_EQ(date.substr(date.size() - 4), " GMT");
  EXPECT_EQ(json::parse(health->body)["db"], "ok");
  ExpectProblem(Client().Get("/v1/nothing-here"), 404);
}

TEST_F(HubTest, PushRoundTripCreatesTicketVisibleInPull) {
  StartHub();
  Terminal t = Enroll("bedside", kBed);
  Seed([](HubTx& tx) {
    tx.PutMaster("asset", "EQ-2015-000123", {{"id", "EQ-2015-000123"}, {"trade", "medical_equipment"}}, "");
  });
  auto r = Push(t, {Rec(pr::RecordKind::kRepairRequest, {{"asset", "EQ-2015-000123"}, {"description", "alarm"}}),
                    Rec(pr::RecordKind::kCleaningRequest, json::object()),
                    Rec(pr::RecordKind::kComplaint, {{"text", "noisy corridor"}}),
                    Rec(pr::RecordKind::kMealOrder, {{"slot", "lunch"}, {"items", {{{"menu_item", "D010"}, {"qty", 1}}}}})});
  ASSERT_EQ(r.results.size(), 4u);
  for (const auto& x : r.results) {
    EXPECT_EQ(x.status, pr::PushStatus::kAccepted) << x.reason;
    EXPECT_EQ(x.ref.rfind("TK-", 0), 0u);
  }
  EXPECT_GT(r.server_time_ms, Now() - 60000);

  auto changes = PullAll(t);
  std::map<std::string, json> tickets;
  for (const auto& c : changes)
    if (c.entity == "ticket") tickets[c.id] = c.data;
  ASSERT_EQ(tickets.size(), 4u);
  const json& repair = tickets.at(r.results[0].ref);
  EXPECT_EQ(repair["status"], "received");
  EXPECT_EQ(repair["kind"], "repair");
  EXPECT_EQ(repair["trade"], "medical_equipment");  // from the asset register
  EXPECT_EQ(repair["location"], kBed);               // defaulted from the binding
  EXPECT_EQ(tickets.at(r.results[1].ref)["trade"], "cleaning");
  EXPECT_EQ(tickets.at(r.results[3].ref)["kind"], "meal");

  auto listed = hub_->store()->ListTickets();
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), 4u);
}

TEST_F(HubTest, DuplicatePushReturnsFirstResultAndChangesNothing) {
  StartHub();
  Terminal t = Enroll("ward", kWard);
  auto rec = Rec(pr::RecordKind::kRepairRequest, {{"location", kBed}, {"description", "door"}});
  auto bad = Rec(pr::RecordKind::kComplaint, json::object());  // rejected: no text
  auto first = Push(t, {rec, bad});
  ASSERT_EQ(first.results.size(), 2u);
  ASSERT_EQ(first.results[0].status, pr::PushStatus::kAccepted);
  ASSERT_EQ(first.results[1].status, pr::PushStatus::kRejected);
  const auto before = PullAll(t);

  auto changed = rec;
  changed.payload["description"] = "something else";  // same id: still the first result
  auto again = Push(t, {changed, bad, rec});
  ASSERT_EQ(again.results.size(), 3u);
  EXPECT_EQ(again.results[0].status, pr::PushStatus::kDuplicate);
  EXPECT_EQ(again.results[0].ref, first.results[0].ref);
  EXPECT_EQ(again.results[1], first.results[1]);  // a rejection is answered the same way again
  EXPECT_EQ(again.results[2].status, pr::PushStatus::kDuplicate);
  EXPECT_EQ(PullAll(t), before);
  auto tk = hub_->store()->LoadTicket(first.results[0].ref);
  ASSERT_TRUE(tk.ok());
  EXPECT_EQ(tk->detail["description"], "door");

  // Same id twice in one batch: the second is the duplicate.
  auto twice = Rec(pr::RecordKind::kCleaningRequest, {{"location", kWard}});
  auto both = Push(t, {twice, twice});
  EXPECT_EQ(both.results[0].status, pr::PushStatus::kAccepted);
  EXPECT_EQ(both.results[1].status, pr::PushStatus::kDuplicate);
  EXPECT_EQ(both.results[1].ref, both.results[0].ref);
}

TEST_F(HubTest, TooLargeBatchesGet413) {
  StartHub();
  Terminal t = Enroll("bedside", kBed);
  std::vector<pr::PushRecord> many;
  for (int i = 0; i < 501; ++i) many.push_back(Rec(pr::RecordKind::kCleaningRequest, json::object()));
  ExpectProblem(PushRaw(t, pr::ToJson(pr::PushRequest{t.id, many}).dump()), 413);
  many.pop_back();
  auto ok = PushRaw(t, pr::ToJson(pr::PushRequest{t.id, many}).dump());
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);

  auto big = Rec(pr::RecordKind::kComplaint, {{"text", "x"}, {"blob", std::string(1100 * 1024, 'a')}});
  ExpectProblem(PushRaw(t, pr::ToJson(pr::PushRequest{t.id, {big}}).dump()), 413);
  ExpectProblem(PushRaw(t, std::string(9 * 1024 * 1024, ' ')), 413);  // refused by the server's own cap
  EXPECT_EQ(hub_->store()->ListTickets()->size(), 500u);              // nothing of the refused batches kept
}

TEST_F(HubTest, MalformedBodiesAndRecords) {
  StartHub();
  Terminal t = Enroll("bedside", kBed);
  ExpectProblem(PushRaw(t, "this is not json"), 400);
  ExpectProblem(PushRaw(t, "<html><body>hello</body></html>"), 400);
  ExpectProblem(PushRaw(t, R"({"records":{"a":1}})"), 400);
  ExpectProblem(PushRaw(t, R"([1,2])"), 400);
  ExpectProblem(PushRaw(t, R"({"records":[)"), 400);
  ExpectProblem(PushRaw(t, std::string(100, '[') + std::string(100, ']')), 400);
  ExpectProblem(PushRaw(t, R"({"terminal_id":"someone-else","records":[]})"), 403);

  const std::string id = pr::NewUuidV4();
  // Inside the created_at window, so each record is refused for its own fault, not for its age.
  const std::string now = FormatIsoUtcMs(Now());
  auto res = PushRaw(t, R"({"records":[
      {"id":")" + id + R"(","kind":"pizza","created_at":")" + now + R"(","payload":{}},
      {"id":")" + pr::NewUuidV4() + R"(","kind":"complaint","created_at":12,"payload":{"text":"x"}},
      {"id":")" + pr::NewUuidV4() + R"(","kind":"complaint","created_at":")" + now + R"(","payload":"text"},
      {"id":")" + pr::NewUuidV4() + R"(","kind":"rating","created_at":")" + now + R"(","payload":{"ticket":"TK-000001","overall":"5"}},
      {"id":")" + pr::NewUuidV4() + R"(","kind":"meal_order","created_at":")" + now + R"(","payload":{"slot":"brunch","items":[]}},
      {"id":")" + pr::NewUuidV4() + R"(","kind":"repair_request","created_at":")" + now + R"(","payload":{"location":7}},
      7, null, "x"]})");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  auto r = pr::DecodePushResponse(res->body);
  ASSERT_TRUE(r.ok()) << res->body;
  ASSERT_EQ(r->results.size(), 9u);
  for (const auto& x : r->results) {
    EXPECT_EQ(x.status, pr::PushStatus::kRejected);
    EXPECT_FALSE(x.reason.empty());
  }
  EXPECT_NE(r->results[0].reason.find("pizza"), std::string::npos);
  EXPECT_EQ(r->results[0].id, id);
  EXPECT_NE(r->results[3].reason.find("overall"), std::string::npos);
  EXPECT_NE(r->results[4].reason.find("slot"), std::string::npos);
  EXPECT_TRUE(hub_->store()->ListTickets()->empty());
}

TEST_F(HubTest, LongMultibyteIdsAndKindsAreQuotedSafely) {
  StartHub();
  Terminal t = Enroll("bedside", kBed);
  std::string zh;
  for (int i = 0; i < 40; ++i) zh += "\xe8\x86\xb3";  // 120 bytes of 3-byte characters
  const std::string now = FormatIsoUtcMs(Now());
  const json body = {{"records", {{{"id", zh}, {"kind", "complaint"}, {"created_at", now}, {"payload", json::object()}},
                                  {{"id", pr::NewUuidV4()}, {"kind", zh}, {"created_at", now}, {"payload", json::object()}}}}};
  auto res = PushRaw(t, body.dump());
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  auto r = pr::DecodePushResponse(res->body);
  ASSERT_TRUE(r.ok()) << res->body;
  EXPECT_EQ(r->results[0].status, pr::PushStatus::kRejected);
  EXPECT_EQ(r->results[0].id, zh.substr(0, 63));  // 64 bytes would split a character
  EXPECT_EQ(r->results[1].status, pr::PushStatus::kRejected);
}

TEST_F(HubTest, LocationOutsideBindingIsRejected) {
  StartHub();
  Terminal bed = Enroll("bedside", kBed);
  Terminal ward = Enroll("ward", kWard);
  Terminal staff = Enroll("staff", "");
  auto r = Push(bed, {Rec(pr::RecordKind::kCleaningRequest, {{"location", "B1-2F-W03-BED05"}}),
                      Rec(pr::RecordKind::kCleaningRequest, {{"location", "B2-2F-W03-BED04"}}),
                      Rec(pr::RecordKind::kCleaningRequest, {{"location", kWard}}),
                      Rec(pr::RecordKind::kCleaningRequest, {{"location", kBed}})});
  EXPECT_EQ(r.results[0].status, pr::PushStatus::kRejected);
  EXPECT_NE(r.results[0].reason.find("outside"), std::string::npos);
  EXPECT_EQ(r.results[1].status, pr::PushStatus::kRejected);
  EXPECT_EQ(r.results[2].status, pr::PushStatus::kRejected);
  EXPECT_EQ(r.results[3].status, pr::PushStatus::kAccepted);
  auto w = Push(ward, {Rec(pr::RecordKind::kCleaningRequest, {{"location", "B1-2F-W03-BED05"}}),
                       Rec(pr::RecordKind::kCleaningRequest, {{"location", "B1-2F-W030-BED01"}})});
  EXPECT_EQ(w.results[0].status, pr::PushStatus::kAccepted);
  EXPECT_EQ(w.results[1].status, pr::PushStatus::kRejected);
  auto s = Push(staff, {Rec(pr::RecordKind::kCleaningRequest, {{"location", "B6-1F-W01"}}),
                        Rec(pr::RecordKind::kCleaningRequest, json::object())});
  EXPECT_EQ(s.results[0].status, pr::PushStatus::kAccepted);
  EXPECT_EQ(s.results[1].status, pr::PushStatus::kRejected);  // staff must say where
}

TEST_F(HubTest, PullPaginatesAndResumesFromCursor) {
  StartHub();
  Terminal t = Enroll("bedside", kBed);
  Seed([](HubTx& tx) {
    for (int i = 0; i < 95; ++i) tx.PutMaster("part", "P-" + std::to_string(i), {{"n", i}}, "");
  });
  std::vector<pr::Change> all;
  int64_t cursor = 0;
  int pages = 0;
  bool more = true;
  while (more) {
    auto p = Pull(t, cursor, 10);
    ASSERT_LE(p.changes.size(), 10u);
    for (const auto& c : p.changes) {
      ASSERT_GT(c.seq, cursor);
      all.push_back(c);
    }
    if (!p.changes.empty()) {
      EXPECT_EQ(p.next_cursor, p.changes.back().seq);
    }
    cursor = p.next_cursor;
    more = p.more;
    ASSERT_LT(++pages, 100);
  }
  EXPECT_EQ(pages, 10);
  ASSERT_EQ(all.size(), 95u);
  for (size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1].seq, all[i].seq);
  EXPECT_EQ(all[42].data["n"], 42);

  // Resume from the middle gives exactly the rest; a pull at the head is empty and keeps the cursor.
  auto rest = PullAll(t, 1000);
  const int64_t mid = all[49].seq;
  std::vector<pr::Change> tail;
  for (int64_t c = mid;;) {
    auto p = Pull(t, c, 7);
    tail.insert(tail.end(), p.changes.begin(), p.changes.end());
    c = p.next_cursor;
    if (!p.more) break;
  }
  EXPECT_EQ(tail, std::vector<pr::Change>(all.begin() + 50, all.end()));
  auto head = Pull(t, cursor, 10);
  EXPECT_TRUE(head.changes.empty());
  EXPECT_FALSE(head.more);
  EXPECT_EQ(head.next_cursor, cursor);

  // New data after the head arrives in the next pull.
  Seed([](HubTx& tx) { tx.PutMaster("part", "P-new", {{"n", 999}}, ""); });
  auto next = Pull(t, cursor, 10);
  ASSERT_EQ(next.changes.size(), 1u);
  EXPECT_EQ(next.changes[0].id, "P-new");

  ExpectProblem(Client().Get("/v1/sync/pull?cursor=-1", t.auth()), 400);
  ExpectProblem(Client().Get("/v1/sync/pull?limit=0", t.auth()), 400);
  ExpectProblem(Client().Get("/v1/sync/pull?limit=ten", t.auth()), 400);
}

TEST_F(HubTest, PullIsScopedToTheBinding) {
  StartHub();
  Seed([](HubTx& tx) {
    tx.PutMaster("menu", "menu-mon-lunch", {{"slot", "lunch"}}, "");
    tx.PutMaster("diet_order", kBed, {{"diet", "diabetic"}}, kBed);
    tx.PutMaster("diet_order", "B1-2F-W03-BED05", {{"diet", "soft"}}, "B1-2F-W03-BED05");
    tx.PutMaster("diet_order", "B1-2F-W04-BED04", {{"diet", "renal"}}, "B1-2F-W04-BED04");
    tx.PutMaster("diet_order", "B1-2F-W030-BED04", {{"diet", "npo"}}, "B1-2F-W030-BED04");  // prefix trap
    tx.PutMaster("notice", "N-1", {{"kind", "water"}}, kWard);
    tx.PutMaster("notice", "N-2", {{"kind", "power"}}, "B1-2F-W04");
    tx.PutMaster("notice", "N-3", {{"kind", "oxygen"}}, "B1");  // a whole building
  });
  Terminal bed = Enroll("bedside", kBed);
  Terminal ward = Enroll("ward", kWard);
  Terminal other_ward = Enroll("ward", "B1-2F-W04");
  Terminal staff = Enroll("staff", "");
  auto other = Push(other_ward, {Rec(pr::RecordKind::kComplaint, {{"text", "x"}, {"location", "B1-2F-W04-BED01"}})});
  ASSERT_EQ(other.results[0].status, pr::PushStatus::kAccepted);
  auto mine = Push(bed, {Rec(pr::RecordKind::kComplaint, {{"text", "y"}})});

  auto ids = [&](const Terminal& t, const std::string& entity) {
    std::set<std::string> s;
    for (const auto& c : PullAll(t))
      if (c.entity == entity) s.insert(c.id);
    return s;
  };
  EXPECT_EQ(ids(bed, "diet_order"), std::set<std::string>{kBed});
  EXPECT_EQ(ids(ward, "diet_order"), (std::set<std::string>{kBed, "B1-2F-W03-BED05"}));
  EXPECT_EQ(ids(other_ward, "diet_order"), std::set<std::string>{"B1-2F-W04-BED04"});
  EXPECT_TRUE(ids(staff, "diet_order").empty());
  EXPECT_EQ(ids(bed, "notice"), (std::set<std::string>{"N-1", "N-3"}));
  EXPECT_EQ(ids(bed, "menu"), std::set<std::string>{"menu-mon-lunch"});
  EXPECT_EQ(ids(bed, "ticket"), std::set<std::string>{mine.results[0].ref});
  EXPECT_EQ(ids(ward, "ticket"), std::set<std::string>{mine.results[0].ref});
  EXPECT_EQ(ids(other_ward, "ticket"), std::set<std::string>{other.results[0].ref});
  EXPECT_EQ(ids(staff, "ticket").size(), 2u);
}

TEST_F(HubTest, RestartKeepsTerminalsRecordsAndChanges) {
  StartHub();
  Terminal t = Enroll("bedside", kBed);
  auto rec = Rec(pr::RecordKind::kRepairRequest, {{"description", "lamp"}});
  auto first = Push(t, {rec});
  ASSERT_EQ(first.results[0].status, pr::PushStatus::kAccepted);
  const auto before = PullAll(t);
  StopHub();

  StartHub();  // same database file
  EXPECT_EQ(PullAll(t), before);
  auto again = Push(t, {rec});
  EXPECT_EQ(again.results[0].status, pr::PushStatus::kDuplicate);
  EXPECT_EQ(again.results[0].ref, first.results[0].ref);
  auto next = Push(t, {Rec(pr::RecordKind::kRepairRequest, {{"description", "tap"}})});
  EXPECT_NE(next.results[0].ref, first.results[0].ref);  // ticket numbering continues
}

TEST_F(HubTest, RatingsAndCancelsFollowTheLifecycle) {
  StartHub();
  Terminal t = Enroll("bedside", kBed);
  Terminal other = Enroll("bedside", "B1-2F-W03-BED05");
  auto made = Push(t, {Rec(pr::RecordKind::kRepairRequest, {{"description", "bed rail"}}),
                       Rec(pr::RecordKind::kMealOrder, {{"slot", "dinner"}, {"items", {{{"menu_item", "D012"}, {"qty", 2}}}}})});
  const std::string repair = made.results[0].ref, meal = made.results[1].ref;
  auto rating = [&](const std::string& ticket, int overall) {
    return Rec(pr::RecordKind::kRating, {{"ticket", ticket}, {"overall", overall}, {"dimensions", {{"timeliness", 4}}}});
  };
  auto early = Push(t, {rating(repair, 5)});
  EXPECT_EQ(early.results[0].status, pr::PushStatus::kRejected);
  EXPECT_NE(early.results[0].reason.find("completed"), std::string::npos);

  for (const char* s : {"accepted", "dispatched", "in_progress", "completed"})
    ASSERT_TRUE(MoveTicket(*hub_->store(), repair, s, "desk", Now()).ok()) << s;
  auto skip = MoveTicket(*hub_->store(), meal, "completed", "desk", Now());
  ASSERT_FALSE(skip.ok());
  EXPECT_NE(skip.error().message.find("next step is accepted"), std::string::npos);

  EXPECT_EQ(Push(other, {rating(repair, 5)}).results[0].status, pr::PushStatus::kRejected);  // not its ticket
  EXPECT_EQ(Push(t, {rating(repair, 9)}).results[0].status, pr::PushStatus::kRejected);
  auto ok = Push(t, {rating(repair, 4)});
  EXPECT_EQ(ok.results[0].status, pr::PushStatus::kAccepted) << ok.results[0].reason;
  EXPECT_EQ(hub_->store()->LoadTicket(repair)->status, "followed_up");
  EXPECT_EQ(Push(t, {rating(repair, 3)}).results[0].status, pr::PushStatus::kRejected);  // once per rater

  auto cancel = Push(t, {Rec(pr::RecordKind::kOrderCancel, {{"ticket", meal}})});
  EXPECT_EQ(cancel.results[0].status, pr::PushStatus::kAccepted) << cancel.results[0].reason;
  auto tk = hub_->store()->LoadTicket(meal);
  EXPECT_EQ(tk->status, "cancelled");
  EXPECT_EQ(tk->history.size(), 2u);
  EXPECT_EQ(Push(t, {Rec(pr::RecordKind::kOrderCancel, {{"ticket", meal}})}).results[0].status, pr::PushStatus::kRejected);
  EXPECT_EQ(Push(t, {Rec(pr::RecordKind::kOrderCancel, {{"ticket", repair}})}).results[0].status, pr::PushStatus::kRejected);
  EXPECT_FALSE(MoveTicket(*hub_->store(), meal, "accepted", "desk", Now()).ok());  // terminal state
  EXPECT_FALSE(MoveTicket(*hub_->store(), "TK-999999", "accepted", "desk", Now()).ok());

  // The status change reaches the terminal as a ticket change.
  std::string last_status;
  for (const auto& c : PullAll(t))
    if (c.entity == "ticket" && c.id == repair) last_status = c.data["status"];
  EXPECT_EQ(last_status, "followed_up");
}

TEST_F(HubTest, MetricsCountRequestsAndRecords) {
  StartHub();
  Terminal t = Enroll("bedside", kBed);
  Push(t, {Rec(pr::RecordKind::kCleaningRequest, json::object()), Rec(pr::RecordKind::kComplaint, json::object())});
  Pull(t, 0, 100);
  (void)Client().Get("/v1/sync/pull");
  auto m = Client().Get("/metrics");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->status, 200);
  EXPECT_NE(m->body.find("onestop_hub_pushed_records_total{status=\"accepted\"} 1\n"), std::string::npos) << m->body;
  EXPECT_NE(m->body.find("onestop_hub_pushed_records_total{status=\"rejected\"} 1\n"), std::string::npos);
  EXPECT_NE(m->body.find("onestop_hub_requests_total{route=\"/v1/sync/pull\",status=\"401\"} 1\n"), std::string::npos);
  EXPECT_NE(m->body.find("onestop_hub_pull_changes_served_total 1\n"), std::string::npos);  // the ticket change
}

TEST_F(HubTest, FaultInjection503And500) {
  opts_.fault_rate = 1.0;
  opts_.fault_kinds = {"503"};
  StartHub();  // health is never faulted
  Terminal t = Enroll("bedside", kBed);
  auto res = PushRaw(t, pr::ToJson(pr::PushRequest{t.id, {Rec(pr::RecordKind::kCleaningRequest, json::object())}}).dump());
  ExpectProblem(res, 503);
  EXPECT_EQ(res->get_header_value("Retry-After"), "1");
  EXPECT_TRUE(hub_->store()->ListTickets()->empty());  // nothing applied
  StopHub();
  opts_.fault_kinds = {"500"};
  StartHub();
  ExpectProblem(Client().Get("/v1/sync/pull", t.auth()), 500);
}

TEST_F(HubTest, FaultInjectionResetAndSlow) {
  opts_.fault_rate = 1.0;
  opts_.fault_kinds = {"reset"};
  StartHub();
  Terminal t = Enroll("bedside", kBed);
  auto res = Client().Get("/v1/sync/pull", t.auth());
  EXPECT_FALSE(res) << "expected a dropped connection, got status " << (res ? res->status : 0);
  StopHub();

  opts_.fault_kinds = {"slow"};
  opts_.fault_slow_ms = 400;
  StartHub();
  const auto t0 = std::chrono::steady_clock::now();
  auto slow = Client().Get("/v1/sync/pull", t.auth());
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_TRUE(slow);
  EXPECT_EQ(slow->status, 200);
  EXPECT_GE(ms, 400);
  StopHub();

  opts_.fault_rate = 0.5;
  opts_.fault_kinds = {"503"};
  StartHub();
  int faults = 0, oks = 0;
  for (int i = 0; i < 60; ++i) {
    auto r = Client().Get("/v1/sync/pull", t.auth());
    ASSERT_TRUE(r);
    (r->status == 503 ? faults : oks)++;
  }
  EXPECT_GT(faults, 10);
  EXPECT_GT(oks, 10);
}

TEST(HubDemoData, DeterministicAndComplete) {
  const fs::path dir = MakeTempDir();
  std::vector<std::vector<ChangeRow>> runs;
  for (int run = 0; run < 2; ++run) {
    auto store = OpenHubStore(pg_test::HubTestDb((dir / ("demo" + std::to_string(run) + ".db")).string()));
    ASSERT_TRUE(store.ok()) << store.error().message;
    auto sum = LoadDemoData(*store.value(), std::string(ONESTOP_ASSETS_DIR) + "/demo", 1795375376123);
    ASSERT_TRUE(sum.ok()) << sum.error().message;
    EXPECT_GE(sum->locations, 4000);
    EXPECT_GE(sum->parts, 2000);
    EXPECT_GE(sum->assets, 5000);
    EXPECT_EQ(sum->menus, 28);  // 7 days x 4 slots
    EXPECT_GT(sum->diet_orders, 0);
    EXPECT_GT(sum->staff, 0);
    EXPECT_EQ(sum->first_bed.rfind(sum->first_ward + "-BED", 0), 0u);
    auto again = LoadDemoData(*store.value(), std::string(ONESTOP_ASSETS_DIR) + "/demo", 1795375376123);
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->already_loaded);
    auto pull_all = [&](const Binding& b) {
      bool more = true;
      std::vector<ChangeRow> rows;
      for (int64_t cursor = 0; more;) {
        auto page = store.value()->Pull(b, cursor, 5000, &more);
        EXPECT_TRUE(page.ok());
        if (!page.ok() || page->empty()) break;
        cursor = page->back().seq;
        rows.insert(rows.end(), page->begin(), page->end());
      }
      return rows;
    };
    // A ward kiosk sees the diet orders of its own ward's beds only.
    int ward_diets = 0;
    for (const auto& r : pull_all(Binding{onestop::Role::kWard, sum->first_ward}))
      if (r.entity == "diet_order") {
        ++ward_diets;
        EXPECT_EQ(r.id.rfind(sum->first_ward + "-BED", 0), 0u) << r.id;
      }
    EXPECT_GT(ward_diets, 0);
    EXPECT_LT(ward_diets, sum->diet_orders);
    runs.push_back(pull_all(Binding{onestop::Role::kStaff, ""}));
  }
  ASSERT_EQ(runs[0].size(), runs[1].size());
  for (size_t i = 0; i < runs[0].size(); ++i) {
    ASSERT_EQ(runs[0][i].id, runs[1][i].id);
    ASSERT_EQ(runs[0][i].data_json, runs[1][i].data_json) << runs[0][i].id;
  }
  // Spot checks of the content the kiosk relies on.
  std::map<std::string, int> by_entity;
  bool asset_label = false, trilingual_dish = false;
  std::string notice_scope;
  int rooms = 0;
  for (const auto& r : runs[0]) {
    ++by_entity[r.entity];
    const json d = json::parse(r.data_json);
    if (r.entity == "asset" && r.id.size() == 14 && r.id.rfind("EQ-", 0) == 0 && d.contains("warranty_until") &&
        d.contains("trade") && d.contains("location"))
      asset_label = true;
    if (r.entity == "menu_item" && d["name"].contains("zh-Hans") && d["name"].contains("zh-Hant") && d["name"].contains("en"))
      trilingual_dish = true;
    if (r.entity == "notice") notice_scope = d["location"];
    if (r.entity == "location" && d.value("kind", "") == "room") ++rooms;
  }
  EXPECT_TRUE(asset_label);
  EXPECT_TRUE(trilingual_dish);
  EXPECT_EQ(notice_scope, "B1-1F-W01");
  EXPECT_GE(by_entity["location"], 4000);
  // 5000 drawn assets plus one television per room, the fixture of issue 16.
  EXPECT_GT(rooms, 100);
  EXPECT_EQ(by_entity["asset"], 5000 + rooms);
  EXPECT_EQ(by_entity[std::string(onestop::repair::kAssetClassEntity)], 12);
  EXPECT_EQ(by_entity["part"], 2000);
  EXPECT_EQ(by_entity["menu"], 28);
  EXPECT_GT(by_entity["staff"], 100);
  EXPECT_EQ(by_entity["diet_order"], 0);  // staff tablets get no patients' diet orders
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace onestop::hub
