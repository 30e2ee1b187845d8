// Console part 2 (issue 14) against a real in-process hub: the dietitian's queue, approve / reject
// (reason required, the patient's text), diet change holds; the kitchen's counts, late orders and
// "delivered"; the manager's report and CSV (the CLI's function). Role checks, CSRF, 400/409 with
// reasons. The administrator's pages are console_admin_test.cpp; the fixture console_part2_fixture.h.
#include "tests/integration/console_part2_fixture.h"

namespace onestop::hub {
namespace {
using namespace console_test;  // NOLINT: the fixture's names
namespace fs = std::filesystem;
namespace pr = onestop::protocol;
using nlohmann::json;

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


}  // namespace
}  // namespace onestop::hub
