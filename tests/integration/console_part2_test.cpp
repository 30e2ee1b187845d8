// Console part 2 (issue 14) against a real in-process hub: the dietitian's queue, approve / reject
// (reason required, the patient's text), diet change holds; the kitchen's counts, late orders and
// "delivered"; the manager's report and CSV (the CLI's function); the administrator's terminals,
// enrollment codes (QR), notices and PINs. Role checks, CSRF, 400/409 with reasons, and audit rows
// without secrets. It reads the store only to compare with what the CLI would print.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "kiosk/core/clock.h"
#include "kiosk/core/meals.h"
#include "kiosk/core/protocol.h"
#include "server/console_admin.h"
#include "server/console_auth.h"
#include "server/hub.h"
#include "server/ratings.h"
#include "server/store.h"
#include "server/tickets.h"

namespace onestop::hub {
namespace {
namespace fs = std::filesystem;
namespace pr = onestop::protocol;
using nlohmann::json;

const char* kWard = "B1-1F-W01";
const char* kBed = "B1-1F-W01-BED01";
const char* kBed2 = "B1-1F-W01-BED02";
const char* kPassword = "correct-horse";

struct Session {
  std::string cookie, csrf;
  httplib::Headers headers(bool with_csrf = true) const {
    httplib::Headers h = {{"Cookie", cookie}};
    if (with_csrf) h.emplace("X-CSRF-Token", csrf);
    return h;
  }
};

struct Terminal {
  std::string id, token;
};

class ConsolePart2 : public ::testing::Test {
 protected:
  TimeZone tz = TimeZone::Find("Asia/Shanghai").value();
  FakeClock clock{tz.ToUtcMs(2026, 11, 23, 8, 0)};  // Monday 08:00 in the hospital
  fs::path dir;
  std::unique_ptr<Hub> hub;
  std::thread thread;
  int port = 0;
  Terminal ward;

  void SetUp() override {
    dir = fs::temp_directory_path() / ("onestop-console2-" + pr::NewUuidV4());
    fs::create_directories(dir);
    HubOptions o;
    o.listen_port = 0;
    o.db_path = (dir / "hub.db").string();
    o.threads = 4;
    o.clock = &clock;
    hub = std::make_unique<Hub>(o);
    std::string err;
    port = hub->Bind(&err);
    ASSERT_GT(port, 0) << err;
    thread = std::thread([h = hub.get()] { h->Serve(); });
    ASSERT_TRUE(Client().Get("/v1/health"));
    Seed();
    const int64_t now = clock.NowUtcMs();
    for (const char* r : {"dietitian", "kitchen", "manager", "admin", "desk"})
      ASSERT_TRUE(console::AddUser(*hub->store(), r, kPassword, {r}, "", "test", now));
    ward = Enroll("ward", kWard);
  }
  void TearDown() override {
    hub->Stop();
    if (thread.joinable()) thread.join();
    hub.reset();
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  httplib::Client Client() {
    httplib::Client c("127.0.0.1", port);
    c.set_read_timeout(10, 0);
    return c;
  }
  void Seed() {
    std::ifstream in(ONESTOP_ASSETS_DIR "/demo/dishes.json");
    std::stringstream ss;
    ss << in.rdbuf();
    const json dishes = json::parse(ss.str());
    auto tx = hub->store()->Begin();
    ASSERT_TRUE(tx.ok());
    HubTx& t = *tx.value();
    t.PutMaster("config", "hub", {{"time_zone", "Asia/Shanghai"},
                                  {"meal_cutoffs", {{"breakfast", "18:00"}, {"lunch", "09:30"}, {"dinner", "15:00"}}},
                                  {"meal_cutoff_day_before", {{"breakfast", true}}},
                                  {"late_order_promise_min", 20},
                                  {"late_slot", {{"from", "20:00"}, {"to", "06:00"}}}}, "");
    for (const json& d : dishes.at("dishes")) t.PutMaster("menu_item", d["id"].get<std::string>(), d, "");
    t.PutMaster("location", kWard, {{"code", kWard}, {"kind", "ward"}}, "");
    for (const char* b : {kBed, kBed2}) t.PutMaster("location", b, {{"code", b}, {"kind", "bed"}, {"ward", kWard}}, "");
    t.PutMaster("diet_order", kBed, {{"bed", kBed}, {"diet", "regular"}, {"allergens", json::array()}}, kBed);
    t.PutMaster("diet_order", kBed2, {{"bed", kBed2}, {"diet", "regular"}, {"allergens", json::array()}}, kBed2);
    t.PutMaster("config", "team:elec_team", {{"code", "elec_team"}, {"trade", "electrical"}, {"name", "Electricians"}}, "");
    t.PutMaster("staff", "70001", {{"id", "70001"}, {"name", "Nurse One"}, {"role", "nurse"}, {"ward", kWard}}, kWard);
    ASSERT_TRUE(t.Commit().ok());
  }
  Terminal Enroll(const std::string& kind, const std::string& location) {
    const std::string code = NewEnrollCode();
    EXPECT_TRUE(AddEnrollCode(*hub->store(), code, kind, location, clock.NowUtcMs(), 3600000).ok());
    return EnrollWith(code, kind);
  }
  Terminal EnrollWith(const std::string& code, const std::string& kind) {
    auto res = Client().Post("/v1/enroll", pr::ToJson(pr::EnrollRequest{code, {"SN", kind, "test"}}).dump(), "application/json");
    auto e = pr::DecodeEnrollResponse(res ? res->body : "");
    EXPECT_TRUE(e.ok()) << (res ? res->body : "no answer");
    return e.ok() ? Terminal{e->terminal_id, e->token} : Terminal{};
  }
  Session SignIn(const std::string& user) {
    auto res = Client().Post("/v1/console/session", json{{"user", user}, {"password", kPassword}}.dump(), "application/json");
    if (!res || res->status != 200) {
      ADD_FAILURE() << "sign-in of " << user << " failed: " << (res ? res->body : "no answer");
      return {};
    }
    const std::string set = res->get_header_value("Set-Cookie");
    return Session{set.substr(0, set.find(';')), json::parse(res->body)["csrf"].get<std::string>()};
  }
  // A lunch (or late) order from the ward kiosk for `bed`; returns the ticket id.
  std::string PushOrder(const std::string& bed, const std::string& slot = "lunch", const std::string& dish = "D010",
                        int64_t created = 0) {
    json payload = {{"location", bed}, {"slot", slot}, {"date", "2026-11-23"}, {"items", {{{"menu_item", dish}, {"qty", 2}}}},
                    {"late", slot == "late"}, {"diet", {{"code", "regular"}, {"allergens", json::array()}}},
                    {"note", "no spring onion"}};
    pr::PushRecord r{pr::NewUuidV4(), pr::RecordKind::kMealOrder, created ? created : clock.NowUtcMs(), payload};
    auto res = Client().Post("/v1/sync/push", {{"Authorization", "Bearer " + ward.token}},
                             pr::ToJson(pr::PushRequest{ward.id, {r}}).dump(), "application/json");
    EXPECT_TRUE(res && res->status == 200) << (res ? res->body : "");
    const json j = json::parse(res ? res->body : "{}");
    EXPECT_EQ(j["results"][0]["status"], "accepted") << j.dump();
    return j["results"][0].value("ref", "");
  }
  httplib::Result Get(const Session& s, const std::string& path) { return Client().Get(path, s.headers(false)); }
  httplib::Result Post(const Session& s, const std::string& path, const json& body, bool with_csrf = true) {
    return Client().Post(path, s.headers(with_csrf), body.dump(), "application/json");
  }
  std::vector<AuditRow> Audit() { return hub->store()->ListAudit(0, 1000).value(); }
  std::string AuditText() {
    std::string all;
    for (const auto& a : Audit()) all += a.action + " " + a.target + " " + a.before.dump() + " " + a.after.dump() + "\n";
    return all;
  }
};

TEST_F(ConsolePart2, DietitianSeesQueueWithCurrentDietAndRejectsWithAReasonThePatientReads) {
  const std::string id = PushOrder(kBed);
  const Session diet = SignIn("dietitian"), kitchen = SignIn("kitchen");
  auto q = Get(diet, "/v1/console/meals/queue?date=2026-11-23");
  ASSERT_TRUE(q);
  ASSERT_EQ(q->status, 200) << q->body;
  const json queue = json::parse(q->body);
  ASSERT_EQ(queue["orders"].size(), 1u);
  EXPECT_EQ(queue["orders"][0]["id"], id);
  EXPECT_EQ(queue["orders"][0]["current_diet"]["diet"], "regular");
  EXPECT_EQ(queue["orders"][0]["diet_differs"], false);
  EXPECT_TRUE(queue["dishes"].contains("D010"));
  EXPECT_EQ(Get(diet, "/v1/console/meals/queue?date=23-11-2026")->status, 400);

  // Roles and CSRF: the kitchen cannot review; without the token nobody can.
  auto r = Post(kitchen, "/v1/console/meals/orders/" + id + "/approve", json::object());
  EXPECT_EQ(r->status, 403) << r->body;
  r = Post(diet, "/v1/console/meals/orders/" + id + "/reject", {{"reason", "x"}}, false);
  EXPECT_EQ(r->status, 403) << r->body;
  EXPECT_EQ(json::parse(r->body)["type"], "https://onestop.example/problems/csrf");
  // A reject needs a reason (it is what the patient reads).
  r = Post(diet, "/v1/console/meals/orders/" + id + "/reject", {{"reason", "   "}});
  EXPECT_EQ(r->status, 400) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/problem+json");
  EXPECT_EQ(Post(diet, "/v1/console/meals/orders/TK-999999/approve", json::object())->status, 404);

  r = Post(diet, "/v1/console/meals/orders/" + id + "/reject", {{"reason", "fasting for surgery tomorrow"}});
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["status"], "rejected");
  // The terminal pulls the ticket with the reason as its last history note.
  auto pull = Client().Get("/v1/sync/pull?cursor=0&limit=5000", {{"Authorization", "Bearer " + ward.token}});
  ASSERT_TRUE(pull && pull->status == 200);
  EXPECT_NE(pull->body.find("review_rejected: fasting for surgery tomorrow"), std::string::npos);
  // Rejecting again is a conflict with the rule's reason.
  r = Post(diet, "/v1/console/meals/orders/" + id + "/approve", json::object());
  EXPECT_EQ(r->status, 409) << r->body;
  EXPECT_NE(json::parse(r->body)["detail"].get<std::string>().find("rejected"), std::string::npos);
  // Audit: who, what, before → after.
  bool found = false;
  for (const auto& a : Audit())
    if (a.action == "meal.reject" && a.target == id) {
      found = true;
      EXPECT_EQ(a.actor, "dietitian");
      EXPECT_EQ(a.before["status"], "received");
      EXPECT_EQ(a.after["status"], "rejected");
    }
  EXPECT_TRUE(found) << AuditText();
  EXPECT_EQ(json::parse(Get(diet, "/v1/console/meals/queue")->body)["orders"].size(), 0u);
}

TEST_F(ConsolePart2, DietChangeFromTheConsoleHoldsPendingOrdersAndApproveClearsTheHold) {
  const std::string id = PushOrder(kBed2);
  const Session diet = SignIn("dietitian"), kitchen = SignIn("kitchen");
  EXPECT_EQ(Post(kitchen, "/v1/console/meals/diet", {{"bed", kBed2}, {"diet", "soft"}})->status, 403);
  auto r = Post(diet, "/v1/console/meals/diet", {{"bed", kBed2}, {"diet", "porridge"}});
  EXPECT_EQ(r->status, 400) << r->body;
  r = Post(diet, "/v1/console/meals/diet", {{"bed", kBed2}, {"diet", "regular"}, {"allergens", {"Milk!"}}});
  EXPECT_EQ(r->status, 400) << r->body;
  r = Post(diet, "/v1/console/meals/diet", {{"bed", kWard}, {"diet", "regular"}});
  EXPECT_EQ(r->status, 400) << r->body;  // a ward is not a bed

  r = Post(diet, "/v1/console/meals/diet", {{"bed", kBed2}, {"diet", "regular"}, {"allergens", {"peanut"}}, {"ordered_by", "Dr Li"}});
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["held"], 1);
  const json q = json::parse(Get(diet, "/v1/console/meals/queue")->body);
  ASSERT_EQ(q["orders"].size(), 1u);
  EXPECT_EQ(q["orders"][0]["held"], true);
  EXPECT_EQ(q["orders"][0]["diet_differs"], true);
  EXPECT_EQ(q["orders"][0]["current_diet"]["allergens"], json::array({"peanut"}));
  // The kitchen does not count a held order.
  const json k = json::parse(Get(kitchen, "/v1/console/meals/kitchen?date=2026-11-23")->body);
  EXPECT_EQ(k["slots"][1]["slot"], "lunch");
  EXPECT_EQ(k["slots"][1]["portions"], 0);
  EXPECT_EQ(k["slots"][1]["held"].size(), 1u);

  r = Post(diet, "/v1/console/meals/orders/" + id + "/approve", json::object());
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["status"], "accepted");
  EXPECT_EQ(json::parse(r->body)["held"], false);
  const std::string audit = AuditText();
  EXPECT_NE(audit.find("diet.set " + std::string(kBed2)), std::string::npos) << audit;
  EXPECT_NE(audit.find("\"peanut\""), std::string::npos) << audit;
}

TEST_F(ConsolePart2, KitchenCountsLateOrdersCountDownAndDeliveredCompletesTheTicket) {
  const std::string lunch = PushOrder(kBed);
  clock.SetUtcMs(tz.ToUtcMs(2026, 11, 23, 21, 0));
  const std::string late = PushOrder(kBed2, "late", "D031", tz.ToUtcMs(2026, 11, 23, 20, 58));
  const Session kitchen = SignIn("kitchen"), diet = SignIn("dietitian"), desk = SignIn("desk");
  EXPECT_EQ(Get(desk, "/v1/console/meals/kitchen")->status, 403);
  auto res = Get(kitchen, "/v1/console/meals/kitchen?date=2026-11-23");
  ASSERT_EQ(res->status, 200) << res->body;
  json k = json::parse(res->body);
  ASSERT_EQ(k["slots"].size(), 4u);
  EXPECT_EQ(k["slots"][1]["counts"][0]["dish"], "D010");
  EXPECT_EQ(k["slots"][1]["counts"][0]["qty"], 2);
  ASSERT_EQ(k["late"].size(), 1u);
  EXPECT_EQ(k["late"][0]["id"], late);
  EXPECT_EQ(k["late"][0]["due_at"], FormatIsoUtcMs(tz.ToUtcMs(2026, 11, 23, 21, 18)));
  EXPECT_EQ(k["late"][0]["overdue"], false);
  // One tray ticket per order, with the note and the current diet.
  bool ticket_ok = false;
  for (const auto& t : k["tickets"])
    if (t["ticket"] == lunch) ticket_ok = t["note"] == "no spring onion" && t["diet"] == "regular" && t["bed"] == kBed;
  EXPECT_TRUE(ticket_ok) << k["tickets"].dump();

  clock.SetUtcMs(tz.ToUtcMs(2026, 11, 23, 21, 19));
  k = json::parse(Get(kitchen, "/v1/console/meals/kitchen?date=2026-11-23")->body);
  EXPECT_EQ(k["late"][0]["overdue"], true);
  EXPECT_EQ(Get(kitchen, "/v1/console/meals/kitchen?date=tomorrow")->status, 400);

  EXPECT_EQ(Post(diet, "/v1/console/meals/orders/" + late + "/delivered", json::object())->status, 403);
  // Not reviewed yet: the kitchen cannot deliver it (the dietitian approves first), and nothing moved.
  auto r = Post(kitchen, "/v1/console/meals/orders/" + late + "/delivered", json::object());
  EXPECT_EQ(r->status, 409) << r->body;
  EXPECT_EQ(json::parse(r->body)["code"], "not_reviewed");
  EXPECT_EQ(hub->store()->LoadTicket(late).value().status, "received");
  ASSERT_EQ(Post(diet, "/v1/console/meals/orders/" + late + "/approve", json::object())->status, 200);
  r = Post(kitchen, "/v1/console/meals/orders/" + late + "/delivered", json::object());
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["status"], "completed");
  r = Post(kitchen, "/v1/console/meals/orders/" + late + "/delivered", json::object());
  EXPECT_EQ(r->status, 409) << r->body;
  k = json::parse(Get(kitchen, "/v1/console/meals/kitchen?date=2026-11-23")->body);
  ASSERT_EQ(k["late"].size(), 1u) << "delivered late orders stay listed for 'not eaten'";
  EXPECT_EQ(k["late"][0]["delivered"], true);
  EXPECT_EQ(k["slots"][3]["overdue"], 0);  // delivered: no longer overdue
  const TicketRow t = hub->store()->LoadTicket(late).value();
  EXPECT_EQ(t.history.back()["note"], "delivered");
  EXPECT_EQ(t.history.back()["actor"], "kitchen");
}

// Late changes: void (reason the patient reads), reduce portions (never more, never a new dish),
// "not eaten" after delivery; each refused state leaves the ticket as it was.
TEST_F(ConsolePart2, KitchenVoidsModifiesAndMarksNotEatenLateOrders) {
  clock.SetUtcMs(tz.ToUtcMs(2026, 11, 23, 21, 0));
  const std::string a = PushOrder(kBed, "late", "D031", tz.ToUtcMs(2026, 11, 23, 20, 58));
  const std::string b = PushOrder(kBed2, "late", "D031", tz.ToUtcMs(2026, 11, 23, 20, 59));
  const Session kitchen = SignIn("kitchen"), desk = SignIn("desk");
  const std::string base = "/v1/console/meals/orders/";
  auto code = [](const httplib::Result& r) { return json::parse(r->body).value("code", ""); };
  EXPECT_EQ(Post(desk, base + a + "/void", {{"reason", "x"}})->status, 403);
  EXPECT_EQ(code(Post(kitchen, base + a + "/void", json::object())), "reason_required");
  EXPECT_EQ(code(Post(kitchen, base + a + "/void", {{"reason", std::string(201, 'x')}})), "reason_length");
  EXPECT_EQ(code(Post(kitchen, base + a + "/modify", {{"reason", "short of fish"}, {"items", {{{"menu_item", "D031"}, {"qty", 3}}}}})), "qty_up");
  EXPECT_EQ(code(Post(kitchen, base + a + "/modify", {{"reason", "swap"}, {"items", {{{"menu_item", "D010"}, {"qty", 1}}}}})), "new_dish");
  EXPECT_EQ(code(Post(kitchen, base + a + "/modify", {{"reason", "none"}, {"items", {{{"menu_item", "D031"}, {"qty", 0}}}}})), "empty");
  EXPECT_EQ(code(Post(kitchen, base + a + "/modify", {{"reason", "same"}, {"items", {{{"menu_item", "D031"}, {"qty", 2}}}}})), "unchanged");
  EXPECT_EQ(hub->store()->LoadTicket(a).value().detail["items"][0]["qty"], 2) << "nothing half-saved";
  auto r = Post(kitchen, base + a + "/modify", {{"reason", "only one portion left"}, {"items", {{{"menu_item", "D031"}, {"qty", 1}}}}});
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["items"][0]["qty"], 1);
  auto k = json::parse(Get(kitchen, "/v1/console/meals/kitchen?date=2026-11-23")->body);
  int portions = 0;
  for (const auto& c : k["slots"][3]["counts"]) portions += c["qty"].get<int>();
  EXPECT_EQ(portions, 3) << "the kitchen's count follows the change (1 + 2)";
  r = Post(kitchen, base + b + "/void", {{"reason", "patient discharged"}});
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["status"], "cancelled");
  const TicketRow tb = hub->store()->LoadTicket(b).value();
  EXPECT_EQ(tb.history.back()["note"], "patient discharged");
  EXPECT_EQ(code(Post(kitchen, base + b + "/void", {{"reason", "again"}})), "state");
  // Not eaten: only after delivery, once.
  EXPECT_EQ(code(Post(kitchen, base + a + "/not-eaten", json::object())), "state");
  ASSERT_EQ(Post(SignIn("dietitian"), base + a + "/approve", json::object())->status, 200);
  ASSERT_EQ(Post(kitchen, base + a + "/delivered", json::object())->status, 200);
  r = Post(kitchen, base + a + "/not-eaten", {{"reason", "asleep"}});
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(hub->store()->LoadTicket(a).value().detail["not_eaten"]["reason"], "asleep");
  EXPECT_EQ(code(Post(kitchen, base + a + "/not-eaten", json::object())), "already");
  const std::string audit = AuditText();
  for (const char* act : {"meal.modify", "meal.void", "meal.not_eaten"}) EXPECT_NE(audit.find(act), std::string::npos) << act;
}

TEST_F(ConsolePart2, ManagerReportAndCsvAreTheClisAndOthersMayNotSeeThem) {
  const Session manager = SignIn("manager"), kitchen = SignIn("kitchen");
  EXPECT_EQ(Get(kitchen, "/v1/console/reports/monthly?month=2026-11")->status, 403);
  EXPECT_EQ(Get(manager, "/v1/console/reports/monthly?month=2026-13")->status, 400);
  EXPECT_EQ(Get(manager, "/v1/console/reports/monthly?month=2026-11&by=colour")->status, 400);
  // A repair ticket completed and rated 2 in November.
  pr::PushRecord rep{pr::NewUuidV4(), pr::RecordKind::kRepairRequest, clock.NowUtcMs(),
                     json{{"location", kBed}, {"description", "light flickers"}, {"trade", "electrical"}}};
  auto pushed = Client().Post("/v1/sync/push", {{"Authorization", "Bearer " + ward.token}},
                              pr::ToJson(pr::PushRequest{ward.id, {rep}}).dump(), "application/json");
  const std::string tk = json::parse(pushed->body)["results"][0]["ref"];
  for (const char* to : {"accepted", "dispatched", "in_progress", "completed"}) {
    clock.Advance(10 * 60000);
    if (std::string(to) == "dispatched")
      ASSERT_TRUE(DispatchTicket(*hub->store(), tk, {"elec_team", ""}, "test", clock.NowUtcMs()).ok());
    else
      ASSERT_TRUE(MoveTicket(*hub->store(), tk, to, "test", clock.NowUtcMs()).ok());
  }
  pr::PushRecord rating{pr::NewUuidV4(), pr::RecordKind::kRating, clock.NowUtcMs(),
                        json{{"ticket", tk}, {"overall", 2}, {"rater", "70001"}}};
  pushed = Client().Post("/v1/sync/push", {{"Authorization", "Bearer " + ward.token}},
                         pr::ToJson(pr::PushRequest{ward.id, {rating}}).dump(), "application/json");
  ASSERT_EQ(json::parse(pushed->body)["results"][0]["status"], "accepted") << pushed->body;

  const Session mgr = SignIn("manager");  // 40 minutes went by: the first session idled out
  auto res = Get(mgr, "/v1/console/reports/monthly?month=2026-11&by=team");
  ASSERT_EQ(res->status, 200) << res->body;
  const json j = json::parse(res->body);
  EXPECT_EQ(j["total"]["ratings"], 1);
  EXPECT_EQ(j["total"]["dist"][1], 1);
  EXPECT_EQ(j["total"]["completed"], 1);
  EXPECT_EQ(j["groups"][0]["group"], "elec_team");
  EXPECT_EQ(j["trend"].size(), 12u);
  EXPECT_EQ(j["trend"][11]["month"], "2026-11");
  EXPECT_EQ(j["trend"][11]["ratings"], 1);
  EXPECT_EQ(j["callbacks"]["open"], 1);

  auto csv = Get(mgr, "/v1/console/reports/monthly?month=2026-11&by=team&format=csv");
  ASSERT_EQ(csv->status, 200);
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  auto range = MonthBounds("2026-11", tz).value();
  const std::string cli = ReportCsv(LoadMonthlyReport(*hub->store(), range, GroupBy::kTeam).value());
  EXPECT_EQ(csv->body, cli);
  EXPECT_NE(cli.find("elec_team,1,2.00,0,1,0,0,0"), std::string::npos) << cli;
}

// SLA breaches per day: each service ticket judged against its urgency's targets, counted on the
// hospital-time day the target passed; cancelled in time and meal orders do not count; CSV = JSON.
TEST_F(ConsolePart2, SlaBreachesPerDayCountWhenTheTargetPassed) {
  auto at = [&](int d, int h, int m) { return tz.ToUtcMs(2026, 11, d, h, m); };
  auto put = [&](const std::string& id, int64_t created, std::vector<std::pair<std::string, int64_t>> steps, std::string kind = "repair") {
    TicketRow t;
    t.id = id;
    t.kind = kind;
    t.trade = "electrical";
    t.location = kWard;
    t.team = "elec_team";
    t.created_ms = t.updated_ms = created;
    t.status = "received";
    t.detail = {{"urgency", "urgent"}};  // targets: response 15 min, completion 240 min
    t.history = json::array({{{"status", "received"}, {"at", FormatIsoUtcMs(created)}, {"actor", "T"}}});
    for (const auto& [st, ms] : steps) {
      t.history.push_back({{"status", st}, {"at", FormatIsoUtcMs(ms)}, {"actor", "desk"}});
      t.status = st;
      t.updated_ms = ms;
    }
    auto tx = hub->store()->Begin();
    tx.value()->PutTicket(t);
    ASSERT_TRUE(tx.value()->Commit().ok());
  };
  put("TK-000901", at(20, 10, 0), {{"accepted", at(20, 10, 10)}, {"completed", at(20, 11, 40)}});       // in time
  put("TK-000902", at(20, 10, 0), {{"accepted", at(20, 10, 30)}, {"completed", at(20, 15, 0)}});        // both late
  put("TK-000903", at(22, 23, 50), {});                                                                  // open, both passed
  put("TK-000904", at(21, 9, 0), {{"cancelled", at(21, 9, 5)}});                                         // ended in time
  put("TK-000905", at(21, 9, 0), {}, "meal");                                                            // not a service ticket
  const Session manager = SignIn("manager");
  EXPECT_EQ(Get(SignIn("kitchen"), "/v1/console/reports/sla?month=2026-11")->status, 403);
  auto r = Get(manager, "/v1/console/reports/sla?month=2026-11");
  ASSERT_EQ(r->status, 200) << r->body;
  const json j = json::parse(r->body);
  EXPECT_EQ(j["tickets"], 4);
  EXPECT_EQ(j["total"]["response"], 2);
  EXPECT_EQ(j["total"]["completion"], 2);
  ASSERT_EQ(j["days"].size(), 2u) << j.dump();
  EXPECT_EQ(j["days"][0], json({{"date", "2026-11-20"}, {"response", 1}, {"completion", 1}}));
  EXPECT_EQ(j["days"][1], json({{"date", "2026-11-23"}, {"response", 1}, {"completion", 1}}));  // 00:05 and 03:50
  auto csv = Get(manager, "/v1/console/reports/sla?month=2026-11&format=csv");
  EXPECT_EQ(csv->body, "date,response_breaches,completion_breaches\n2026-11-20,1,1\n2026-11-23,1,1\nALL,2,2\n");
  EXPECT_EQ(Get(manager, "/v1/console/reports/sla?month=2026-13")->status, 400);
  // The monthly report's trend carries each group's figures per month (the page's per-group chart).
  auto m = json::parse(Get(manager, "/v1/console/reports/monthly?month=2026-11&by=team")->body);
  ASSERT_EQ(m["trend"].size(), 12u);
  EXPECT_TRUE(m["trend"][11]["groups"].is_object());
  EXPECT_EQ(m["trend"][11]["month"], "2026-11");
}

TEST_F(ConsolePart2, AdminRevokesATerminalWhichThenGets401) {
  const Session admin = SignIn("admin"), manager = SignIn("manager");
  EXPECT_EQ(Get(manager, "/v1/console/admin/terminals")->status, 403);
  auto res = Get(admin, "/v1/console/admin/terminals");
  ASSERT_EQ(res->status, 200) << res->body;
  const json list = json::parse(res->body)["terminals"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["id"], ward.id);
  EXPECT_EQ(list[0]["kind"], "ward");
  EXPECT_EQ(list[0]["revoked"], false);
  EXPECT_EQ(Post(admin, "/v1/console/admin/terminals/" + ward.id + "/revoke", json::object(), false)->status, 403);
  EXPECT_EQ(Post(manager, "/v1/console/admin/terminals/" + ward.id + "/revoke", json::object())->status, 403);
  EXPECT_EQ(Post(admin, "/v1/console/admin/terminals/T-nobody/revoke", json::object())->status, 404);
  auto r = Post(admin, "/v1/console/admin/terminals/" + ward.id + "/revoke", json::object());
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Post(admin, "/v1/console/admin/terminals/" + ward.id + "/revoke", json::object())->status, 409);
  clock.Advance(1500);  // the hub re-checks a cached token after 1 s
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto pull = Client().Get("/v1/sync/pull?cursor=0", {{"Authorization", "Bearer " + ward.token}});
  ASSERT_TRUE(pull);
  EXPECT_EQ(pull->status, 401);
  EXPECT_NE(AuditText().find("terminal.revoke " + ward.id), std::string::npos);
}

// Terminals report app version, outbox depth and their clock on push and pull (headers the sync
// engine sends); the hub measures the skew, keeps the last well-formed values, drops junk.
TEST_F(ConsolePart2, TerminalsPageShowsWhatTerminalsLastReportedAndDropsJunk) {
  const Session admin = SignIn("admin");
  auto list = [&] {
    auto res = Get(admin, "/v1/console/admin/terminals");
    EXPECT_EQ(res->status, 200);
    return json::parse(res->body)["terminals"][0];
  };
  json t = list();
  EXPECT_TRUE(t["app_version"].is_null());
  EXPECT_TRUE(t["last_pull_at"].is_null());
  EXPECT_TRUE(t["clock_skew_ms"].is_null());
  auto pull = [&](httplib::Headers h) {
    h.emplace("Authorization", "Bearer " + ward.token);
    auto res = Client().Get("/v1/sync/pull?cursor=0", h);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
  };
  pull({{"OneStop-App-Version", "1.4.2"}, {"OneStop-Outbox-Depth", "7"},
        {"OneStop-Terminal-Time", std::to_string(clock.NowUtcMs() + 90'000)}});
  t = list();
  EXPECT_EQ(t["app_version"], "1.4.2");
  EXPECT_EQ(t["outbox_depth"], 7);
  EXPECT_EQ(t["clock_skew_ms"], 90'000);
  EXPECT_EQ(t["last_pull_at"], FormatIsoUtcMs(clock.NowUtcMs()));
  EXPECT_EQ(t["reported_at"], FormatIsoUtcMs(clock.NowUtcMs()));
  // Junk in every header: nothing of it is stored, the earlier values stay; the pull itself is served.
  clock.Advance(1000);
  pull({{"OneStop-App-Version", "<img src=x onerror=alert(1)>"}, {"OneStop-Outbox-Depth", "-3"},
        {"OneStop-Terminal-Time", "0"}});
  t = list();
  EXPECT_EQ(t["app_version"], "1.4.2");
  EXPECT_EQ(t["outbox_depth"], 7);
  EXPECT_EQ(t["clock_skew_ms"], 90'000);
  EXPECT_EQ(t["reported_at"], FormatIsoUtcMs(clock.NowUtcMs()));
  // A push reports too (the outbox drained); it does not move the last pull.
  clock.Advance(1000);
  pr::PushRecord r{pr::NewUuidV4(), pr::RecordKind::kMealOrder, clock.NowUtcMs(), json::object()};
  auto push = Client().Post("/v1/sync/push",
                            {{"Authorization", "Bearer " + ward.token}, {"OneStop-App-Version", "1.4.3"},
                             {"OneStop-Outbox-Depth", "0"}, {"OneStop-Terminal-Time", std::to_string(clock.NowUtcMs() - 2500)}},
                            pr::ToJson(pr::PushRequest{ward.id, {r}}).dump(), "application/json");
  ASSERT_TRUE(push);
  EXPECT_EQ(push->status, 200);
  t = list();
  EXPECT_EQ(t["app_version"], "1.4.3");
  EXPECT_EQ(t["outbox_depth"], 0);
  EXPECT_EQ(t["clock_skew_ms"], -2500);
  EXPECT_EQ(t["last_pull_at"], FormatIsoUtcMs(clock.NowUtcMs() - 1000));
  // Unchanged values within a minute are not rewritten (5,000 terminals pulling must not queue
  // writers), so the last pull time may lag by up to a minute; a minute later it moves.
  const httplib::Headers same = {{"OneStop-App-Version", "1.4.3"}, {"OneStop-Outbox-Depth", "0"},
                                 {"OneStop-Terminal-Time", std::to_string(clock.NowUtcMs() - 2500)}};
  clock.Advance(10'000);
  pull(same);  // the skew now reads -12.5 s: a change, so this one is written
  EXPECT_EQ(list()["last_pull_at"], FormatIsoUtcMs(clock.NowUtcMs()));
  const int64_t written = clock.NowUtcMs();
  clock.Advance(10'000);
  pull({{"OneStop-App-Version", "1.4.3"}, {"OneStop-Outbox-Depth", "0"},
        {"OneStop-Terminal-Time", std::to_string(clock.NowUtcMs() - 12'000)}});
  EXPECT_EQ(list()["last_pull_at"], FormatIsoUtcMs(written));
  clock.Advance(61'000);
  pull({{"OneStop-App-Version", "1.4.3"}, {"OneStop-Outbox-Depth", "0"},
        {"OneStop-Terminal-Time", std::to_string(clock.NowUtcMs() - 12'000)}});
  EXPECT_EQ(list()["last_pull_at"], FormatIsoUtcMs(clock.NowUtcMs()));
  EXPECT_EQ(list()["clock_skew_ms"], -12'000);
}

TEST_F(ConsolePart2, EnrollmentCodeFromTheConsoleEnrollsAndIsNeverAudited) {
  const Session admin = SignIn("admin");
  auto r = Post(admin, "/v1/console/admin/enroll-codes", {{"kind", "bedside"}});
  EXPECT_EQ(r->status, 400) << r->body;  // a bedside tablet needs its bed
  EXPECT_EQ(Post(admin, "/v1/console/admin/enroll-codes", {{"kind", "bedside"}, {"location", "B9-NOWHERE"}})->status, 400);
  EXPECT_EQ(Post(admin, "/v1/console/admin/enroll-codes", {{"kind", "ward"}, {"location", kWard}, {"ttl_hours", 0}})->status, 400);
  EXPECT_EQ(Post(admin, "/v1/console/admin/enroll-codes", {{"kind", "ward"}, {"location", kWard}, {"origin", "javascript:x"}})->status, 400);
  r = Post(admin, "/v1/console/admin/enroll-codes", {{"kind", "bedside"}, {"location", kBed}, {"origin", "https://hub.example:8470"}});
  ASSERT_EQ(r->status, 201) << r->body;
  const json c = json::parse(r->body);
  const std::string code = c["code"];
  EXPECT_EQ(c["url"], "https://hub.example:8470/e/" + code);
  const std::string svg = c["qr_svg"];
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_EQ(svg, QrSvg(c["url"].get<std::string>()));
  EXPECT_GT(svg.size(), 500u);
  EXPECT_EQ(AuditText().find(code), std::string::npos) << "the audit log must not hold the code";
  EXPECT_NE(AuditText().find("enroll_code.create bedside:" + std::string(kBed)), std::string::npos);
  const Terminal t = EnrollWith(code, "bedside");
  EXPECT_FALSE(t.token.empty());
}

TEST_F(ConsolePart2, NoticesAreValidatedReachTheAreasTerminalsAndEnd) {
  const Session admin = SignIn("admin");
  const int64_t now = clock.NowUtcMs();
  json n = {{"kind", "water"}, {"location", kWard}, {"starts_at", FormatIsoUtcMs(now + 3600000)},
            {"ends_at", FormatIsoUtcMs(now + 7200000)}, {"text", {{"zh-Hans", "计划停水"}, {"en", "Planned water outage"}}}};
  json bad = n;
  bad["ends_at"] = FormatIsoUtcMs(now + 1800000);
  auto r = Post(admin, "/v1/console/admin/notices", bad);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["detail"], "the notice ends before it starts");
  bad = n;
  bad["text"] = {{"en", "English only"}};
  EXPECT_EQ(Post(admin, "/v1/console/admin/notices", bad)->status, 400);
  bad = n;
  bad["kind"] = "gas";
  EXPECT_EQ(Post(admin, "/v1/console/admin/notices", bad)->status, 400);
  bad = n;
  bad["location"] = "B7";
  EXPECT_EQ(Post(admin, "/v1/console/admin/notices", bad)->status, 400);
  EXPECT_EQ(Post(SignIn("manager"), "/v1/console/admin/notices", n)->status, 403);
  EXPECT_TRUE(hub->store()->ListMasterRows("notice", "").value().empty()) << "nothing half-saved";

  r = Post(admin, "/v1/console/admin/notices", n);
  ASSERT_EQ(r->status, 201) << r->body;
  const std::string id = json::parse(r->body)["id"];
  EXPECT_EQ(json::parse(r->body)["state"], "planned");
  // A bedside terminal of that ward gets it with its next pull.
  const Terminal bedside = Enroll("bedside", kBed);
  auto pull = Client().Get("/v1/sync/pull?cursor=0&limit=5000", {{"Authorization", "Bearer " + bedside.token}});
  ASSERT_TRUE(pull && pull->status == 200);
  EXPECT_NE(pull->body.find("Planned water outage"), std::string::npos);

  r = Post(admin, "/v1/console/admin/notices/" + id + "/end", json::object());
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["state"], "ended");
  EXPECT_EQ(Post(admin, "/v1/console/admin/notices/" + id + "/end", json::object())->status, 409);
  EXPECT_EQ(Post(admin, "/v1/console/admin/notices/N-999999/end", json::object())->status, 404);
}

TEST_F(ConsolePart2, StaffPinIsSetWithArgon2AndNeverEchoedOrAudited) {
  const Session admin = SignIn("admin");
  EXPECT_EQ(Post(admin, "/v1/console/admin/staff/70001/pin", {{"pin", "12ab"}})->status, 400);
  EXPECT_EQ(Post(admin, "/v1/console/admin/staff/70001/pin", {{"pin", "12345"}})->status, 400);
  EXPECT_EQ(Post(admin, "/v1/console/admin/staff/99999/pin", {{"pin", "135792"}})->status, 404);
  EXPECT_EQ(Post(SignIn("dietitian"), "/v1/console/admin/staff/70001/pin", {{"pin", "135792"}})->status, 403);
  auto r = Post(admin, "/v1/console/admin/staff/70001/pin", {{"pin", "135792"}});
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->body.find("135792"), std::string::npos);
  const json staff = hub->store()->LoadMasterRows("staff", {"70001"}).value().front().second;
  const std::string hash = staff["pin_hash"];
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
  auto list = Get(admin, "/v1/console/admin/staff");
  ASSERT_EQ(list->status, 200);
  EXPECT_EQ(list->body.find("argon2"), std::string::npos) << "the list shows whether a PIN is set, never the hash";
  EXPECT_NE(list->body.find("\"has_pin\":true"), std::string::npos);
  const std::string audit = AuditText();
  EXPECT_NE(audit.find("staff.set_pin 70001"), std::string::npos) << audit;
  EXPECT_EQ(audit.find("135792"), std::string::npos);
  EXPECT_EQ(audit.find("argon2"), std::string::npos);
}

// Dishes: every rule refused with its code and nothing stored; a good dish reaches terminals by pull
// in the shape the kiosk reads (meals::DishFromJson), with nutrition; create/update audited.
TEST_F(ConsolePart2, DishesAreValidatedWholeAndReachTheTerminalsByPull) {
  const Session admin = SignIn("admin");
  EXPECT_EQ(Post(SignIn("desk"), "/v1/console/admin/dishes", json::object())->status, 403);
  EXPECT_EQ(Get(SignIn("kitchen"), "/v1/console/admin/dishes")->status, 200);
  const json good = {{"id", "D900"}, {"name", {{"zh-Hans", "Z"}, {"en", "Steamed fish"}}}, {"slots", {"lunch", "dinner"}},
                     {"diets", {"regular", "soft", "diabetic"}}, {"allergens", {"fish"}}, {"diet_limits", {{"diabetic", 1}}},
                     {"nutrition", {{"energy_kcal", 320}, {"protein_g", 28.44}, {"fat_g", 9}, {"carbohydrate_g", 4}, {"sodium_mg", 610}}},
                     {"category", "fish"}};
  auto refused = [&](json patch, const std::string& code) {
    json b = good;
    b.merge_patch(patch);
    auto r = Post(admin, "/v1/console/admin/dishes", b);
    EXPECT_EQ(r->status, 400) << b.dump();
    EXPECT_EQ(json::parse(r->body).value("code", ""), code) << r->body;
  };
  refused({{"name", {{"zh-Hans", nullptr}}}}, "dish.name_required");
  refused({{"name", {{"en", std::string(81, 'x')}}}}, "dish.name_length");
  refused({{"id", "D 900"}}, "dish.id");
  refused({{"slots", json::array()}}, "dish.slots");
  refused({{"slots", {"brunch"}}}, "dish.slots");
  refused({{"diets", {"npo"}}}, "dish.diet");
  refused({{"allergens", {"glitter"}}}, "dish.allergen");
  refused({{"diet_limits", {{"renal", 1}}}}, "dish.diet_limit");
  refused({{"diet_limits", {{"diabetic", 0}}}}, "dish.diet_limit");
  refused({{"nutrition", {{"sodium_mg", -1}}}}, "dish.nutrition");
  refused({{"nutrition", {{"energy_kcal", 1e9}}}}, "dish.nutrition");
  refused({{"nutrition", {{"vitamin_q", 1}}}}, "dish.nutrition");
  refused({{"category", "pizza"}}, "dish.category");
  EXPECT_TRUE(hub->store()->LoadMasterRows("menu_item", {"D900"}).value().empty()) << "nothing half-saved";
  const int64_t cursor = hub->store()->LastChangeSeq().value();

  auto r = Post(admin, "/v1/console/admin/dishes", good);
  ASSERT_EQ(r->status, 201) << r->body;
  const json saved = json::parse(r->body);
  EXPECT_EQ(saved["nutrition"]["protein_g"], 28.4);
  auto dish = meals::DishFromJson(saved);
  ASSERT_TRUE(dish.ok());
  EXPECT_EQ(dish->diet_limits.at("diabetic"), 1);
  EXPECT_EQ(dish->category, "fish");
  ASSERT_TRUE(dish->nutrition.sodium_mg.has_value());
  EXPECT_EQ(*dish->nutrition.sodium_mg, 610);
  // The ward kiosk pulls it.
  auto pull = Client().Get("/v1/sync/pull?cursor=" + std::to_string(cursor), {{"Authorization", "Bearer " + ward.token}});
  ASSERT_TRUE(pull && pull->status == 200);
  const json changes = json::parse(pull->body)["changes"];
  bool seen = false;
  for (const auto& ch : changes) seen |= ch["entity"] == "menu_item" && ch["id"] == "D900" && ch["data"]["nutrition"]["sodium_mg"] == 610;
  EXPECT_TRUE(seen) << pull->body.substr(0, 400);
  // Update; "create" refuses to overwrite.
  json upd = good;
  upd["allergens"] = {"fish", "soy"};
  upd.erase("category");  // the console's form does not send it: the stored kind survives the edit
  auto updated = Post(admin, "/v1/console/admin/dishes", upd);
  EXPECT_EQ(updated->status, 200);
  EXPECT_EQ(json::parse(updated->body).value("category", ""), "fish");
  upd["create"] = true;
  EXPECT_EQ(json::parse(Post(admin, "/v1/console/admin/dishes", upd)->body)["code"], "dish.exists");
  const std::string audit = AuditText();
  EXPECT_NE(audit.find("dish.create D900"), std::string::npos) << audit;
  EXPECT_NE(audit.find("dish.update D900"), std::string::npos) << audit;
}

TEST_F(ConsolePart2, TeamsAndConsoleAccountsAreManagedWithTheirRules) {
  const Session admin = SignIn("admin");
  {
    auto tx = hub->store()->Begin();
    tx.value()->PutMaster("config", "trade:electrical", {{"trade", "electrical"}, {"name", {{"en", "Electrical"}}}}, "");
    ASSERT_TRUE(tx.value()->Commit().ok());
  }
  auto code = [](const httplib::Result& r) { return json::parse(r->body).value("code", ""); };
  EXPECT_EQ(code(Post(admin, "/v1/console/admin/teams", {{"code", "X"}, {"trade", "electrical"}, {"name", {{"zh-Hans", "a"}}}})), "team.code");
  EXPECT_EQ(code(Post(admin, "/v1/console/admin/teams", {{"code", "plumb_b"}, {"trade", "magic"}, {"name", {{"zh-Hans", "a"}}}})), "team.trade");
  EXPECT_EQ(code(Post(admin, "/v1/console/admin/teams", {{"code", "plumb_b"}, {"trade", "electrical"}, {"name", {{"en", "a"}}}})), "team.name_required");
  auto r = Post(admin, "/v1/console/admin/teams", {{"code", "elec_b"}, {"trade", "electrical"}, {"name", {{"zh-Hans", "B"}, {"en", "Electricians B"}}}});
  ASSERT_EQ(r->status, 201) << r->body;
  auto teams = json::parse(Get(admin, "/v1/console/admin/teams")->body);
  bool seen = false;
  for (const auto& t : teams["teams"]) seen |= t["code"] == "elec_b" && t["name"]["en"] == "Electricians B";
  EXPECT_TRUE(seen) << teams.dump();
  EXPECT_EQ(Get(SignIn("manager"), "/v1/console/admin/teams")->status, 403);

  // Accounts: the auth module's rules, translated codes; the password never comes back.
  EXPECT_EQ(code(Post(admin, "/v1/console/admin/users", {{"name", "nu"}, {"password", "short"}, {"roles", {"desk"}}})), "password.bad_length");
  EXPECT_EQ(code(Post(admin, "/v1/console/admin/users", {{"name", "nu"}, {"password", "long-enough"}, {"roles", json::array()}})), "user.no_role");
  EXPECT_EQ(code(Post(admin, "/v1/console/admin/users", {{"name", "nu"}, {"password", "long-enough"}, {"roles", {"wizard"}}})), "user.bad_role");
  EXPECT_EQ(code(Post(admin, "/v1/console/admin/users", {{"name", "nu"}, {"password", "long-enough"}, {"roles", {"worker"}}})), "user.worker_needs_staff");
  EXPECT_EQ(code(Post(admin, "/v1/console/admin/users", {{"name", "a b"}, {"password", "long-enough"}, {"roles", {"desk"}}})), "user.bad_name");
  r = Post(admin, "/v1/console/admin/users", {{"name", "nu"}, {"password", "long-enough"}, {"roles", {"desk", "kitchen"}}});
  ASSERT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(r->body.find("long-enough"), std::string::npos);
  EXPECT_EQ(code(Post(admin, "/v1/console/admin/users", {{"name", "nu"}, {"password", "long-enough"}, {"roles", {"desk"}}})), "user.exists");
  EXPECT_EQ(code(Post(admin, "/v1/console/admin/users/nu", {{"roles", {"desk"}}, {"disabled", true}})), "user.one_change");
  EXPECT_EQ(Post(admin, "/v1/console/admin/users/nu", {{"roles", {"manager"}}})->status, 200);
  EXPECT_EQ(code(Post(admin, "/v1/console/admin/users/admin", {{"roles", {"desk"}}})), "user.self_admin");
  EXPECT_EQ(code(Post(admin, "/v1/console/admin/users/admin", {{"disabled", true}})), "user.self_disable");
  EXPECT_EQ(Post(admin, "/v1/console/admin/users/nobody", {{"disabled", true}})->status, 404);
  const Session nu = [&] {
    auto s = Client().Post("/v1/console/session", json{{"user", "nu"}, {"password", "long-enough"}}.dump(), "application/json");
    EXPECT_EQ(s->status, 200);
    const std::string set = s->get_header_value("Set-Cookie");
    return Session{set.substr(0, set.find(';')), json::parse(s->body)["csrf"].get<std::string>()};
  }();
  EXPECT_EQ(Get(nu, "/v1/console/reports/monthly")->status, 200) << "the new role applies";
  EXPECT_EQ(Post(admin, "/v1/console/admin/users/nu", {{"disabled", true}})->status, 200);
  EXPECT_EQ(Get(nu, "/v1/console/reports/monthly")->status, 401) << "disabling ends the sessions";
  auto users = Get(admin, "/v1/console/admin/users");
  EXPECT_EQ(users->body.find("argon2"), std::string::npos);
  EXPECT_EQ(Get(SignIn("dietitian"), "/v1/console/admin/users")->status, 403);
  const std::string audit = AuditText();
  EXPECT_NE(audit.find("user.add nu"), std::string::npos) << audit;
  EXPECT_NE(audit.find("team.create elec_b"), std::string::npos) << audit;
  EXPECT_EQ(audit.find("long-enough"), std::string::npos);
}

}  // namespace
}  // namespace onestop::hub
