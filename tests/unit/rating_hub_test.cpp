// Hub side of ratings (issue 7), on temp SQLite files through the real HubStore and the push
// handler's ApplyRating: recording, rounds, reopen, call-back flag, dispatch assignment, the monthly
// report on a hand-built set (numbers worked out by hand below), CSV, the call-back list, staff PINs,
// and the v1 → v2 schema migration of an existing database.
#include <gtest/gtest.h>
#include <sodium.h>
#include <sqlite3.h>

#include <filesystem>

#include "kiosk/core/clock.h"
#include "server/ratings.h"
#include "server/staff_pins.h"
#include "server/store.h"
#include "server/tickets.h"

using namespace onestop;
using namespace onestop::hub;
using nlohmann::json;
namespace pr = onestop::protocol;
namespace fs = std::filesystem;

namespace {

int64_t At(const char* iso) {
  int64_t ms = 0;
  EXPECT_TRUE(ParseIsoUtcMs(iso, &ms)) << iso;
  return ms;
}

class RatingHub : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("onestop-ratinghub-" + pr::NewUuidV4());
    fs::create_directories(dir_);
    auto s = OpenSqliteStore((dir_ / "hub.db").string());
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(s.value());
    auto tx = store_->Begin();
    ASSERT_TRUE(tx.ok());
    tx.value()->PutMaster("config", "team:elec", {{"team", "elec"}, {"trade", "electrical"}}, "");
    tx.value()->PutMaster("config", "team:clean", {{"team", "clean"}, {"trade", "cleaning"}}, "");
    tx.value()->PutMaster("staff", "S1", {{"id", "S1"}, {"team", "elec"}, {"role", "worker"}}, "");
    tx.value()->PutMaster("staff", "S2", {{"id", "S2"}, {"team", "clean"}, {"role", "worker"}}, "");
    tx.value()->PutMaster("staff", "N1", {{"id", "N1"}, {"role", "nurse"}, {"ward", "W1"}}, "W1");
    tx.value()->PutMaster("staff", "N2", {{"id", "N2"}, {"role", "nurse"}, {"ward", "W1"}}, "W1");
    tx.value()->PutMaster("staff", "N9", {{"id", "N9"}, {"role", "nurse"}, {"ward", "W2"}}, "W2");
    ASSERT_TRUE(tx.value()->Commit().ok());
  }
  void TearDown() override {
    store_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // A ticket with the given history steps [(status, iso time)], created at its first step.
  std::string Put(const std::string& kind, const std::string& loc, const std::vector<std::pair<std::string, std::string>>& steps,
                  const std::string& team = "", const std::string& worker = "") {
    auto tx = store_->Begin();
    EXPECT_TRUE(tx.ok());
    TicketRow t;
    t.id = tx.value()->NewTicketId();
    t.kind = kind;
    t.trade = kind == "cleaning" ? "cleaning" : "electrical";
    t.location = loc;
    t.team = team;
    t.worker = worker;
    t.created_ms = At(steps.front().second.c_str());
    std::string prev;
    for (const auto& [st, at] : steps) {
      json h = {{"status", st}, {"at", at}, {"actor", "desk"}};
      if (!prev.empty()) h["from"] = prev;
      if (st == "dispatched" && !team.empty()) h["team"] = team;
      if (st == "dispatched" && !worker.empty()) h["worker"] = worker;
      t.history.push_back(h);
      t.status = prev = st;
      t.updated_ms = At(at.c_str());
    }
    tx.value()->PutTicket(t);
    EXPECT_TRUE(tx.value()->Commit().ok());
    return t.id;
  }

  pr::PushResult Rate(const TerminalRow& term, json payload, int64_t now, int64_t created = 0) {
    auto tx = store_->Begin();
    EXPECT_TRUE(tx.ok());
    pr::PushRecord r;
    r.id = pr::NewUuidV4();
    r.kind = pr::RecordKind::kRating;
    r.created_at_ms = created ? created : now;
    r.payload = std::move(payload);
    auto res = ApplyRating(*tx.value(), term, r, now);
    tx.value()->AddRecord(r, term.id, now, res);
    EXPECT_TRUE(tx.value()->Commit().ok());
    return res;
  }

  fs::path dir_;
  std::unique_ptr<HubStore> store_;
  TerminalRow ward_{"term-ward", {onestop::Role::kWard, "W1"}};
  TerminalRow bed_{"term-bed", {onestop::Role::kBedside, "W1-BED01"}};
};

const std::vector<std::pair<std::string, std::string>> kDone = {
    {"received", "2026-11-10T10:00:00.000Z"}, {"accepted", "2026-11-10T10:15:00.000Z"},
    {"dispatched", "2026-11-10T10:20:00.000Z"}, {"in_progress", "2026-11-10T11:00:00.000Z"},
    {"completed", "2026-11-10T12:00:00.000Z"}};

json Full(const std::string& ticket, int overall) {
  return {{"ticket", ticket}, {"overall", overall}, {"dimensions", {{"timeliness", 4}, {"attitude", 4}, {"quality", overall}}}};
}

TEST_F(RatingHub, RecordFollowUpReopenAndCallback) {
  const std::string tk = Put("repair", "W1-R01", kDone, "elec", "S1");
  const int64_t now = At("2026-11-11T09:00:00.000Z");
  json low = Full(tk, 2);
  low["rater"] = "N1";
  low["reopen"] = true;
  low["tags"] = {"not_fixed"};
  auto r = Rate(ward_, low, now, At("2026-11-11T08:59:00.000Z"));
  ASSERT_EQ(r.status, pr::PushStatus::kAccepted) << r.reason;
  EXPECT_EQ(r.ref, tk);
  auto t = store_->LoadTicket(tk);
  EXPECT_EQ(t->status, "accepted");  // completed → followed_up → accepted in one step
  EXPECT_EQ(t->callback, "open");
  ASSERT_GE(t->history.size(), 7u);
  EXPECT_EQ(t->history[5]["status"], "followed_up");
  EXPECT_EQ(t->history[6]["status"], "accepted");
  EXPECT_EQ(t->history[6]["actor"], "N1");
  auto rs = store_->LoadRatings(tk);
  ASSERT_EQ(rs->size(), 1u);
  EXPECT_EQ(rs.value()[0].round, 1);
  EXPECT_EQ(rs.value()[0].team, "elec");
  EXPECT_EQ(rs.value()[0].worker, "S1");
  EXPECT_EQ(rs.value()[0].rated_ms, At("2026-11-11T08:59:00.000Z"));

  // The same rater again (another record) is refused with the first rating named.
  auto again = Rate(ward_, low, now + 1000);
  EXPECT_EQ(again.status, pr::PushStatus::kRejected);
  EXPECT_NE(again.reason.find("already rated"), std::string::npos) << again.reason;
  EXPECT_NE(again.reason.find("overall 2"), std::string::npos) << again.reason;

  // A late offline rating of round 1 by N2 still counts, without moving the reopened ticket.
  json late = Full(tk, 4);
  late["rater"] = "N2";
  late["round"] = 1;
  EXPECT_EQ(Rate(ward_, late, now + 2000).status, pr::PushStatus::kAccepted);
  EXPECT_EQ(store_->LoadTicket(tk)->status, "accepted");
  json future = Full(tk, 4);
  future["rater"] = "N2";
  future["round"] = 2;
  EXPECT_EQ(Rate(ward_, future, now + 2000).status, pr::PushStatus::kRejected);

  // Redone by another worker, completed again: round 2, attributed to the new worker; N1 may rate again.
  auto d = DispatchTicket(*store_, tk, {"elec", ""}, "desk", now + 3000);
  ASSERT_TRUE(d.ok()) << d.error().message;
  for (const char* s : {"in_progress", "completed"}) ASSERT_TRUE(MoveTicket(*store_, tk, s, "desk", now + 4000).ok());
  json second = Full(tk, 5);
  second["rater"] = "N1";
  auto ok2 = Rate(ward_, second, now + 5000);
  ASSERT_EQ(ok2.status, pr::PushStatus::kAccepted) << ok2.reason;
  rs = store_->LoadRatings(tk);
  ASSERT_EQ(rs->size(), 3u);
  EXPECT_EQ(rs.value()[2].round, 2);
  EXPECT_EQ(rs.value()[2].worker, "");  // dispatched to the team as a whole this time
  t = store_->LoadTicket(tk);
  EXPECT_EQ(t->status, "followed_up");
  EXPECT_EQ(t->callback, "open");  // a good second rating does not close the desk's call-back
  ASSERT_TRUE(CloseCallback(*store_, tk, now + 6000).ok());
  EXPECT_EQ(store_->LoadTicket(tk)->callback, "done");
  EXPECT_EQ(CloseCallback(*store_, tk, now + 6000).error().code, "callback.not_open");
}

TEST_F(RatingHub, WhoMayRateAndWhat) {
  const std::string tk = Put("repair", "W1-BED01", kDone);
  const int64_t now = At("2026-11-11T09:00:00.000Z");
  EXPECT_NE(Rate(ward_, Full(tk, 5), now).reason.find("needs payload.rater"), std::string::npos);
  json stranger = Full(tk, 5);
  stranger["rater"] = "N9";  // nurse of another ward
  EXPECT_NE(Rate(ward_, stranger, now).reason.find("cannot sign in"), std::string::npos);
  stranger["rater"] = "X404";
  EXPECT_NE(Rate(ward_, stranger, now).reason.find("not a known staff"), std::string::npos);
  json bad = Full(tk, 5);
  bad["rater"] = "N1";
  bad["reopen"] = true;
  EXPECT_NE(Rate(ward_, bad, now).reason.find("reopened only"), std::string::npos);
  bad.erase("reopen");
  bad["tags"] = {"tasty"};
  EXPECT_NE(Rate(ward_, bad, now).reason.find("unknown tag"), std::string::npos);
  bad.erase("tags");
  bad["dimensions"]["hygiene"] = 5;
  EXPECT_NE(Rate(ward_, bad, now).reason.find("hygiene"), std::string::npos);
  bad["dimensions"] = {{"timeliness", "5"}};
  EXPECT_NE(Rate(ward_, bad, now).reason.find("1..5"), std::string::npos);
  TerminalRow other{"term-x", {onestop::Role::kWard, "W2"}};
  json n9 = Full(tk, 5);
  n9["rater"] = "N9";
  EXPECT_NE(Rate(other, n9, now).reason.find("no ticket"), std::string::npos);
  // A patient at the bed: the terminal is the rater; the ticket moves to followed_up. JSON nulls
  // count as absent (they must never throw inside the push transaction).
  json patient = Full(tk, 5);
  for (const char* k : {"comment", "reopen", "tags", "round", "rater"}) patient[k] = nullptr;
  auto p = Rate(bed_, patient, now);
  ASSERT_EQ(p.status, pr::PushStatus::kAccepted) << p.reason;
  EXPECT_EQ(store_->LoadRatings(tk)->at(0).rater, "term-bed");
  EXPECT_EQ(store_->LoadTicket(tk)->status, "followed_up");
  EXPECT_EQ(store_->LoadTicket(tk)->callback, "");
  // The pulled ticket carries team/worker/callback and its ratings.
  bool more = false;
  auto changes = store_->Pull(bed_.binding, 0, 1000, &more);
  json last;
  for (const auto& c : changes.value())
    if (c.entity == "ticket" && c.id == tk) last = json::parse(c.data_json);
  ASSERT_TRUE(last.is_object());
  ASSERT_EQ(last["ratings"].size(), 1u);
  EXPECT_EQ(last["ratings"][0]["rater"], "term-bed");
  EXPECT_EQ(last["ratings"][0]["overall"], 5);
  EXPECT_TRUE(last.contains("team"));
  EXPECT_TRUE(last["callback"].is_null());
}

TEST_F(RatingHub, DispatchRecordsTeamAndWorker) {
  const std::string tk = Put("repair", "W1-R01", {{"received", "2026-11-10T10:00:00.000Z"}, {"accepted", "2026-11-10T10:05:00.000Z"}});
  const int64_t now = At("2026-11-10T10:10:00.000Z");
  EXPECT_EQ(DispatchTicket(*store_, tk, {}, "desk", now).error().code, "dispatch.needs_assignee");
  EXPECT_EQ(DispatchTicket(*store_, tk, {"nope", ""}, "desk", now).error().code, "dispatch.unknown_team");
  EXPECT_EQ(DispatchTicket(*store_, tk, {"", "S404"}, "desk", now).error().code, "dispatch.unknown_worker");
  EXPECT_EQ(DispatchTicket(*store_, tk, {"", "N1"}, "desk", now).error().code, "dispatch.unknown_worker");  // not in a team
  EXPECT_EQ(DispatchTicket(*store_, tk, {"clean", "S1"}, "desk", now).error().code, "dispatch.team_mismatch");
  auto t = DispatchTicket(*store_, tk, {"", "S1"}, "desk", now);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->team, "elec");
  EXPECT_EQ(t->worker, "S1");
  EXPECT_EQ(t->history.back()["worker"], "S1");
  EXPECT_EQ(store_->LoadTicket(tk)->team, "elec");
  EXPECT_EQ(DispatchTicket(*store_, tk, {"elec", ""}, "desk", now).error().code, "ticket.bad_transition");
  // The reopen edge, and only from finished work.
  EXPECT_TRUE(tickets::IsReopen("completed", "accepted"));
  EXPECT_TRUE(tickets::IsReopen("followed_up", "accepted"));
  EXPECT_FALSE(tickets::IsReopen("assessed", "accepted"));
  EXPECT_FALSE(tickets::TransitionError("assessed", "accepted").empty());
  EXPECT_FALSE(tickets::TransitionError("in_progress", "accepted").empty());
}

// Hand-built month (UTC): ratings of team elec 5,4,4,2 → n 4, mean 3.75, 1/2/3/4/5 = 0/1/0/2/1,
// satisfied 3 of 4 = 75.0 %; team clean one 5 → 100 %. Tickets completed in November: elec T1
// (received 10:00, accepted 10:15, completed 12:00 → 15 / 120 min) and T2 (08:00, 08:45, 09:30 →
// 45 / 90 min): response mean 30, median 30; completion mean 105, median 105. T3 completed in
// October is left out; T4 (clean, never accepted) counts for completion only.
TEST_F(RatingHub, MonthlyReportNumbersAndCsv) {
  std::vector<TicketRow> tickets;
  auto ticket = [&](const std::string& id, const std::string& team, const std::string& worker,
                    std::vector<std::pair<std::string, std::string>> steps) {
    TicketRow t;
    t.id = id;
    t.kind = team == "clean" ? "cleaning" : "repair";
    t.trade = team == "clean" ? "cleaning" : "electrical";
    t.team = team;
    t.worker = worker;
    t.created_ms = At(steps.front().second.c_str());
    for (const auto& [s, at] : steps) t.history.push_back({{"status", s}, {"at", at}});
    t.status = steps.back().first;
    tickets.push_back(t);
  };
  ticket("T1", "elec", "S1", {{"received", "2026-11-10T10:00:00.000Z"}, {"accepted", "2026-11-10T10:15:00.000Z"}, {"completed", "2026-11-10T12:00:00.000Z"}});
  ticket("T2", "elec", "S3", {{"received", "2026-11-12T08:00:00.000Z"}, {"accepted", "2026-11-12T08:45:00.000Z"}, {"completed", "2026-11-12T09:30:00.000Z"}});
  ticket("T3", "elec", "S1", {{"received", "2026-10-30T08:00:00.000Z"}, {"accepted", "2026-10-30T09:00:00.000Z"}, {"completed", "2026-10-31T09:00:00.000Z"}});
  ticket("T4", "clean", "", {{"received", "2026-11-20T08:00:00.000Z"}, {"completed", "2026-11-20T08:30:00.000Z"}});
  std::vector<RatingRow> ratings;
  auto rating = [&](const std::string& ticket_id, const std::string& team, const std::string& worker, int overall, const char* at) {
    RatingRow r;
    r.ticket_id = ticket_id;
    r.team = team;
    r.worker = worker;
    r.kind = team == "clean" ? "cleaning" : "repair";
    r.trade = team == "clean" ? "cleaning" : "electrical";
    r.overall = overall;
    r.rated_ms = At(at);
    ratings.push_back(r);
  };
  rating("T1", "elec", "S1", 5, "2026-11-10T13:00:00.000Z");
  rating("T1", "elec", "S1", 4, "2026-11-10T14:00:00.000Z");
  rating("T2", "elec", "S3", 4, "2026-11-12T10:00:00.000Z");
  rating("T2", "elec", "S3", 2, "2026-11-30T23:59:59.999Z");
  rating("T3", "elec", "S1", 1, "2026-10-31T23:00:00.000Z");  // October in UTC, November 07:00 in Shanghai
  rating("T4", "clean", "", 5, "2026-11-20T09:00:00.000Z");

  auto utc = MonthBounds("2026-11", TimeZone::Utc());
  ASSERT_TRUE(utc.ok());
  auto rep = BuildMonthlyReport(tickets, ratings, utc.value(), GroupBy::kTeam);
  ASSERT_EQ(rep.groups.size(), 2u);
  const GroupStats& clean = rep.groups[0];
  const GroupStats& elec = rep.groups[1];
  EXPECT_EQ(elec.group, "elec");
  EXPECT_EQ(elec.ratings, 4);
  EXPECT_DOUBLE_EQ(elec.mean, 3.75);
  EXPECT_EQ(elec.dist, (std::array<int64_t, 5>{0, 1, 0, 2, 1}));
  EXPECT_DOUBLE_EQ(elec.satisfaction_pct, 75.0);
  EXPECT_EQ(elec.completed, 2);
  EXPECT_EQ(elec.responded, 2);
  EXPECT_DOUBLE_EQ(elec.response_mean_min, 30);
  EXPECT_DOUBLE_EQ(elec.completion_mean_min, 105);
  EXPECT_DOUBLE_EQ(elec.completion_median_min, 105);
  EXPECT_EQ(clean.group, "clean");
  EXPECT_DOUBLE_EQ(clean.satisfaction_pct, 100.0);
  EXPECT_EQ(clean.completed, 1);
  EXPECT_EQ(clean.responded, 0);
  EXPECT_EQ(rep.total.ratings, 5);
  EXPECT_DOUBLE_EQ(rep.total.satisfaction_pct, 80.0);
  EXPECT_EQ(rep.total.completed, 3);

  const std::string csv = ReportCsv(rep);
  EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
            "month,zone,by,group,ratings,mean,n1,n2,n3,n4,n5,satisfaction_pct,completed,responded,response_mean_min,"
            "response_median_min,completion_mean_min,completion_median_min");
  EXPECT_NE(csv.find("\r\n2026-11,UTC,team,elec,4,3.75,0,1,0,2,1,75.0,2,2,30.0,30.0,105.0,105.0\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\r\n2026-11,UTC,team,clean,1,5.00,0,0,0,0,1,100.0,1,0,,,30.0,30.0\r\n"), std::string::npos) << csv;
  EXPECT_NE(ReportText(rep).find("75.0%"), std::string::npos);

  // By worker; and in the hospital's zone the late-October rating (UTC) belongs to November.
  auto by_worker = BuildMonthlyReport(tickets, ratings, utc.value(), GroupBy::kWorker);
  ASSERT_EQ(by_worker.groups.size(), 3u);
  EXPECT_EQ(by_worker.groups[0].group, "-");
  EXPECT_EQ(by_worker.groups[1].group, "S1");
  EXPECT_EQ(by_worker.groups[1].ratings, 2);
  auto zone = TimeZone::Find("Asia/Shanghai");
  ASSERT_TRUE(zone.ok());
  auto sh = MonthBounds("2026-11", zone.value());
  EXPECT_EQ(sh->from_ms, At("2026-10-31T16:00:00.000Z"));
  auto local = BuildMonthlyReport(tickets, ratings, sh.value(), GroupBy::kTeam);
  EXPECT_EQ(local.total.ratings, 5);  // + T3's rating, - the one at 23:59 UTC on Nov 30 (Dec 1 locally)
  EXPECT_EQ(local.groups[1].dist[0], 1);
  EXPECT_FALSE(MonthBounds("2026-13", TimeZone::Utc()).ok());
  EXPECT_FALSE(MonthBounds("26-11", TimeZone::Utc()).ok());
  EXPECT_FALSE(ParseGroupBy("ward"));
}

TEST_F(RatingHub, CallbackList) {
  const std::string old_done = Put("repair", "W1-R01", kDone);  // completed 2026-11-10 12:00, never rated
  std::vector<std::pair<std::string, std::string>> recent = kDone;
  recent.back().second = "2026-11-13T06:00:00.000Z";
  const std::string fresh = Put("repair", "W1-R02", recent);
  const std::string low = Put("repair", "W1-R03", kDone);
  json p = Full(low, 1);
  p["rater"] = "N1";
  p["comment"] = "no change";
  ASSERT_EQ(Rate(ward_, p, At("2026-11-11T00:00:00.000Z")).status, pr::PushStatus::kAccepted);
  const int64_t now = At("2026-11-13T12:00:00.000Z");  // 72 h after the old one, 6 h after the fresh one
  auto list = LoadCallbacks(*store_, now, 72LL * 3600000);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ(list.value()[0].ticket.id, old_done);
  EXPECT_EQ(list.value()[0].reason, "not_rated");
  EXPECT_EQ(list.value()[1].ticket.id, low);
  EXPECT_EQ(list.value()[1].reason, "low_rating");
  ASSERT_TRUE(list.value()[1].rating);
  EXPECT_EQ(list.value()[1].rating->overall, 1);
  EXPECT_EQ(CallbackJson(list.value()[1])["rating"]["comment"], "no change");
  EXPECT_EQ(LoadCallbacks(*store_, now, 73LL * 3600000)->size(), 1u);
  EXPECT_EQ(LoadCallbacks(*store_, now, 6LL * 3600000)->size(), 3u);
  (void)fresh;
}

TEST_F(RatingHub, StaffPinHashAndScope) {
  auto h = HashPin("246810");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(crypto_pwhash_str_verify(h->c_str(), "246810", 6), 0);
  EXPECT_NE(crypto_pwhash_str_verify(h->c_str(), "246811", 6), 0);
  EXPECT_EQ(HashPin("1234").error().code, "pin.bad_format");
  EXPECT_EQ(SetStaffPin(*store_, "X404", "246810").error().code, "staff.unknown");
  ASSERT_TRUE(SetStaffPin(*store_, "N1", "135790").ok());
  bool more = false;
  auto seen = [&](const Binding& b) {
    json last;
    auto rows = store_->Pull(b, 0, 5000, &more);
    EXPECT_TRUE(rows.ok());
    for (const auto& c : rows.value())
      if (c.entity == "staff" && c.id == "N1") last = json::parse(c.data_json);
    return last;
  };
  const json w1 = seen({onestop::Role::kWard, "W1"});
  ASSERT_TRUE(w1.contains("pin_hash"));
  EXPECT_EQ(crypto_pwhash_str_verify(w1["pin_hash"].get<std::string>().c_str(), "135790", 6), 0);
  EXPECT_EQ(w1["ward"], "W1");  // other fields kept
  EXPECT_TRUE(seen({onestop::Role::kWard, "W2"}).is_null());  // another ward never receives the hash
}

TEST(RatingHubMigration, V1DatabaseKeepsItsRatings) {
  const fs::path dir = fs::temp_directory_path() / ("onestop-ratingmig-" + pr::NewUuidV4());
  fs::create_directories(dir);
  const std::string path = (dir / "hub.db").string();
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    const char* v1 = R"sql(
CREATE TABLE terminals(id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
  location TEXT NOT NULL DEFAULT '', device TEXT NOT NULL DEFAULT '{}', created_ms INTEGER NOT NULL);
CREATE TABLE enroll_codes(code TEXT PRIMARY KEY, kind TEXT NOT NULL, location TEXT NOT NULL DEFAULT '',
  expires_ms INTEGER NOT NULL, used_ms INTEGER, terminal_id TEXT);
CREATE TABLE records(id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, kind TEXT NOT NULL, created_ms INTEGER NOT NULL,
  received_ms INTEGER NOT NULL, payload TEXT NOT NULL, result TEXT NOT NULL);
CREATE TABLE tickets(num INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, trade TEXT NOT NULL,
  status TEXT NOT NULL, location TEXT NOT NULL, asset TEXT NOT NULL DEFAULT '', terminal_id TEXT NOT NULL DEFAULT '',
  record_id TEXT NOT NULL DEFAULT '', created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL,
  detail TEXT NOT NULL, history TEXT NOT NULL);
CREATE TABLE ratings(ticket_id TEXT NOT NULL, rater TEXT NOT NULL, record_id TEXT NOT NULL, data TEXT NOT NULL,
  PRIMARY KEY(ticket_id, rater));
CREATE TABLE changes(seq INTEGER PRIMARY KEY AUTOINCREMENT, entity TEXT NOT NULL, op TEXT NOT NULL, id TEXT NOT NULL,
  data TEXT, scope TEXT NOT NULL DEFAULT '');
CREATE TABLE master(entity TEXT NOT NULL, id TEXT NOT NULL, scope TEXT NOT NULL DEFAULT '', data TEXT NOT NULL,
  PRIMARY KEY(entity, id));
INSERT INTO tickets(id,kind,trade,status,location,created_ms,updated_ms,detail,history)
  VALUES('TK-000001','repair','electrical','followed_up','W1',1000,5000,'{}','[{"status":"received","at":"1970-01-01T00:00:01.000Z"},{"status":"completed","at":"1970-01-01T00:00:04.000Z"}]');
INSERT INTO records VALUES('rec-1','term-1','rating',4500,4600,'{"ticket":"TK-000001","overall":3}','{"id":"rec-1","status":"accepted"}');
INSERT INTO ratings VALUES('TK-000001','term-1','rec-1','{"ticket":"TK-000001","overall":3}');
PRAGMA user_version=1;
)sql";
    ASSERT_EQ(sqlite3_exec(db, v1, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  {
    auto s = OpenSqliteStore(path);
    ASSERT_TRUE(s.ok()) << s.error().message;
    auto rs = s.value()->LoadRatings("TK-000001");
    ASSERT_TRUE(rs.ok()) << rs.error().message;
    ASSERT_EQ(rs->size(), 1u);
    EXPECT_EQ(rs.value()[0].round, 1);
    EXPECT_EQ(rs.value()[0].overall, 3);
    EXPECT_EQ(rs.value()[0].rated_ms, 4600);
    EXPECT_EQ(rs.value()[0].terminal_id, "term-1");
    EXPECT_EQ(rs.value()[0].kind, "repair");
    auto t = s.value()->LoadTicket("TK-000001");
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t->team, "");
    EXPECT_EQ(t->callback, "");
  }
  ASSERT_TRUE(OpenSqliteStore(path).ok());  // opening again is a no-op
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
