// Hub meal rules through the real HTTP API (in-process Hub on loopback, temp SQLite, a FakeClock so
// no test depends on the time of day): push validation with coded reasons (diet, allergen, NPO,
// cut-off judged at created_at, clock ahead, late window, limits, location), holds on arrival and on
// diet change, review (approve/reject, CLI functions and HTTP routes), cancel rule and kitchen output.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "kiosk/core/clock.h"
#include "kiosk/core/meals.h"
#include "kiosk/core/protocol.h"
#include "server/hub.h"
#include "server/meals.h"
#include "server/store.h"

namespace onestop::hub {
namespace {
namespace fs = std::filesystem;
namespace pr = onestop::protocol;
using nlohmann::json;

constexpr int64_t kMin = 60000;
const char* kWard = "B1-1F-W01";
const char* kBed = "B1-1F-W01-BED01";
const char* kNpoBed = "B1-1F-W01-BED02";
const char* kEggBed = "B1-1F-W01-BED03";
const char* kAdminToken = "meals-test-admin-token";

struct Terminal {
  std::string id, token;
  httplib::Headers auth() const { return {{"Authorization", "Bearer " + token}}; }
};

class MealsHub : public ::testing::Test {
 protected:
  TimeZone tz = TimeZone::Find("Asia/Shanghai").value();
  FakeClock clock{tz.ToUtcMs(2026, 11, 23, 8, 0)};  // Monday 08:00 in the hospital
  fs::path dir;
  std::unique_ptr<Hub> hub;
  std::thread thread;
  int port = 0;
  Terminal ward;

  void SetUp() override {
    dir = fs::temp_directory_path() / ("onestop-meals-hub-" + pr::NewUuidV4());
    fs::create_directories(dir);
    HubOptions o;
    o.listen_port = 0;
    o.db_path = (dir / "hub.db").string();
    o.threads = 4;
    o.clock = &clock;
    o.admin_token = kAdminToken;
    hub = std::make_unique<Hub>(o);
    std::string err;
    port = hub->Bind(&err);
    ASSERT_GT(port, 0) << err;
    thread = std::thread([h = hub.get()] { h->Serve(); });
    ASSERT_TRUE(Client().Get("/v1/health"));
    Seed();
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
  // The review and kitchen routes take the admin token (loopback is not trusted).
  httplib::Client Admin() {
    httplib::Client c = Client();
    c.set_bearer_token_auth(kAdminToken);
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
                                  {"late_slot", {{"from", "20:00"}, {"to", "06:00"}}},
                                  {"meal_limits", {{"max_dishes", 4}, {"max_qty_per_dish", 3}}}}, "");
    for (json d : dishes.at("dishes")) {
      if (d["id"] == "D010") d["diet_limits"] = {{"diabetic", 1}};
      t.PutMaster("menu_item", d["id"].get<std::string>(), d, "");
    }
    // Monday's lunch menu leaves out the sea bass (D012).
    t.PutMaster("menu", "menu-mon-lunch", {{"id", "menu-mon-lunch"}, {"weekday", "mon"}, {"slot", "lunch"},
                                          {"items", {"D010", "D011", "D013", "D014", "D016", "D018", "D025", "D026"}}}, "");
    t.PutMaster("location", kWard, {{"code", kWard}, {"kind", "ward"}}, "");
    for (const char* b : {kBed, kNpoBed, kEggBed}) t.PutMaster("location", b, {{"code", b}, {"kind", "bed"}, {"ward", kWard}}, "");
    t.PutMaster("diet_order", kBed, {{"bed", kBed}, {"diet", "regular"}, {"allergens", json::array()}}, kBed);
    t.PutMaster("diet_order", kNpoBed, {{"bed", kNpoBed}, {"diet", "npo"}, {"allergens", json::array()}}, kNpoBed);
    t.PutMaster("diet_order", kEggBed, {{"bed", kEggBed}, {"diet", "regular"}, {"allergens", {"egg"}}}, kEggBed);
    ASSERT_TRUE(t.Commit().ok());
  }
  Terminal Enroll(const std::string& kind, const std::string& location) {
    const std::string code = NewEnrollCode();
    EXPECT_TRUE(AddEnrollCode(*hub->store(), code, kind, location, clock.NowUtcMs(), 3600000).ok());
    auto res = Client().Post("/v1/enroll", pr::ToJson(pr::EnrollRequest{code, {"SN", kind, "test"}}).dump(), "application/json");
    auto e = pr::DecodeEnrollResponse(res ? res->body : "");
    EXPECT_TRUE(e.ok());
    return e.ok() ? Terminal{e->terminal_id, e->token} : Terminal{};
  }
  json Order(const std::string& bed, const std::string& slot, const std::string& date, json items, const std::string& diet = "regular",
             json allergens = json::array()) {
    return {{"location", bed}, {"slot", slot}, {"date", date}, {"items", items}, {"late", slot == "late"},
            {"diet", {{"code", diet}, {"allergens", allergens}}}};
  }
  pr::PushRecord Rec(pr::RecordKind kind, json payload, int64_t created) {
    return pr::PushRecord{pr::NewUuidV4(), kind, created, std::move(payload)};
  }
  pr::PushResult Push1(const pr::PushRecord& r) {
    auto res = Client().Post("/v1/sync/push", ward.auth(), pr::ToJson(pr::PushRequest{ward.id, {r}}).dump(), "application/json");
    EXPECT_TRUE(res);
    auto d = pr::DecodePushResponse(res ? res->body : "");
    EXPECT_TRUE(d.ok() && d->results.size() == 1) << (res ? res->body : "no answer");
    return d.ok() && !d->results.empty() ? d->results[0] : pr::PushResult{};
  }
  std::string Code(const pr::PushResult& r) {
    return r.status == pr::PushStatus::kRejected ? meals::ParseReason(r.reason).code : std::string("accepted");
  }
  TicketRow Ticket(const std::string& id) { return hub->store()->LoadTicket(id).value(); }
  int64_t Local(int d, int h, int m, int s = 0) { return tz.ToUtcMs(2026, 11, d, h, m, s); }
};

TEST_F(MealsHub, ValidatesWithCodedReasons) {
  const int64_t now = clock.NowUtcMs();
  auto ok = Push1(Rec(pr::RecordKind::kMealOrder, Order(kBed, "lunch", "2026-11-23", {{{"menu_item", "D010"}, {"qty", 2}}}), now));
  ASSERT_EQ(ok.status, pr::PushStatus::kAccepted) << ok.reason;
  const TicketRow t = Ticket(ok.ref);
  EXPECT_EQ(t.kind, "meal");
  EXPECT_EQ(t.detail["cutoff_at"], FormatIsoUtcMs(Local(23, 9, 30)));
  EXPECT_EQ(t.detail["ordered_at"], FormatIsoUtcMs(now));
  EXPECT_FALSE(t.detail.contains("hold"));
  EXPECT_FALSE(t.detail.contains("due_at"));

  auto code = [&](json payload, int64_t created) { return Code(Push1(Rec(pr::RecordKind::kMealOrder, std::move(payload), created))); };
  EXPECT_EQ(code(Order(kBed, "lunch", "2026-11-23", {{{"menu_item", "D025"}, {"qty", 1}}}), now), "diet_excludes");
  EXPECT_EQ(code(Order(kEggBed, "lunch", "2026-11-23", {{{"menu_item", "D014"}, {"qty", 1}}}, "regular", {"egg"}), now), "allergen");
  EXPECT_EQ(code(Order(kNpoBed, "lunch", "2026-11-23", {{{"menu_item", "D010"}, {"qty", 1}}}, "npo"), now), "npo");
  EXPECT_EQ(code(Order(kBed, "lunch", "2026-11-23", {{{"menu_item", "D012"}, {"qty", 1}}}), now), "not_in_slot");  // not on Monday's menu
  EXPECT_EQ(code(Order(kBed, "lunch", "2026-11-23", {{{"menu_item", "D999"}, {"qty", 1}}}), now), "unknown_dish");
  EXPECT_EQ(code(Order(kBed, "lunch", "2026-11-23", {{{"menu_item", "D010"}, {"qty", 4}}}), now), "qty_range");
  EXPECT_EQ(code(Order(kBed, "lunch", "2026-11-23",
                       {{{"menu_item", "D010"}, {"qty", 1}}, {{"menu_item", "D011"}, {"qty", 1}}, {{"menu_item", "D013"}, {"qty", 1}},
                        {{"menu_item", "D014"}, {"qty", 1}}, {{"menu_item", "D016"}, {"qty", 1}}}),
                 now),
            "too_many_dishes");
  EXPECT_EQ(code(Order(kWard, "lunch", "2026-11-23", {{{"menu_item", "D010"}, {"qty", 1}}}), now), "bad_location");
  EXPECT_EQ(code(Order(kBed, "late", "2026-11-23", {{{"menu_item", "D031"}, {"qty", 1}}}), now), "late_window_closed");
  json no_diet = Order(kBed, "lunch", "2026-11-23", {{{"menu_item", "D010"}, {"qty", 1}}});
  no_diet.erase("diet");
  EXPECT_EQ(code(no_diet, now), "bad_payload");

  // Cut-off judged at created_at: one second before counts even when it arrives later (offline).
  clock.SetUtcMs(Local(23, 11, 0));
  // (Another bed: kBed has its lunch already, and one order per bed and meal is the rule.)
  EXPECT_EQ(code(Order(kEggBed, "lunch", "2026-11-23", {{{"menu_item", "D013"}, {"qty", 1}}}, "regular", {"egg"}), Local(23, 9, 29, 59)),
            "accepted");
  EXPECT_EQ(code(Order(kEggBed, "lunch", "2026-11-23", {{{"menu_item", "D013"}, {"qty", 1}}}, "regular", {"egg"}), Local(23, 9, 30, 0)),
            "past_cutoff");
  // Trust rule: at most 2 minutes ahead of the hub clock.
  EXPECT_EQ(code(Order(kBed, "dinner", "2026-11-23", {{{"menu_item", "D013"}, {"qty", 1}}}), Local(23, 11, 2, 1)), "clock_ahead");
  EXPECT_EQ(code(Order(kBed, "dinner", "2026-11-23", {{{"menu_item", "D013"}, {"qty", 1}}}), Local(23, 11, 2, 0)), "accepted");
  // Placed in time for a meal whose day is over by the time it arrives: refused.
  clock.SetUtcMs(Local(24, 8, 0));
  EXPECT_EQ(code(Order(kBed, "dinner", "2026-11-23", {{{"menu_item", "D013"}, {"qty", 1}}}), Local(23, 14, 0)), "past_cutoff");
}

// Issue 16: a second lunch for the same bed and day went through and the kitchen listed two trays.
TEST_F(MealsHub, OneOrderPerBedMealAndDayUnlessChangedOrAddedByANurse) {
  const int64_t now = clock.NowUtcMs();
  const Terminal bedside = Enroll("bedside", kBed);
  auto push = [&](const Terminal& from, json payload) {
    auto res = Client().Post("/v1/sync/push", from.auth(),
                             pr::ToJson(pr::PushRequest{from.id, {Rec(pr::RecordKind::kMealOrder, std::move(payload), now)}}).dump(),
                             "application/json");
    auto d = pr::DecodePushResponse(res ? res->body : "");
    return d.ok() && d->results.size() == 1 ? d->results[0] : pr::PushResult{};
  };
  const json rice = {{{"menu_item", "D010"}, {"qty", 1}}}, ribs = {{{"menu_item", "D011"}, {"qty", 1}}};
  auto first = push(bedside, Order(kBed, "lunch", "2026-11-23", rice));
  ASSERT_EQ(first.status, pr::PushStatus::kAccepted) << first.reason;
  // The second lunch for the same bed and day: refused with a code the terminal translates.
  auto again = push(bedside, Order(kBed, "lunch", "2026-11-23", ribs));
  EXPECT_EQ(Code(again), "already_ordered");
  EXPECT_NE(again.reason.find(first.ref), std::string::npos) << again.reason;
  // Another meal, another day, another bed: fine.
  EXPECT_EQ(Code(push(bedside, Order(kBed, "dinner", "2026-11-23", rice))), "accepted");
  EXPECT_EQ(Code(push(bedside, Order(kBed, "lunch", "2026-11-24", rice))), "accepted");
  EXPECT_EQ(Code(push(ward, Order(kEggBed, "lunch", "2026-11-23", ribs, "regular", {"egg"}))), "accepted");

  // A patient cannot add; a nurse can, with her staff id, from the ward kiosk.
  json add = Order(kBed, "lunch", "2026-11-23", ribs);
  add["add_to"] = first.ref;
  EXPECT_EQ(Code(push(ward, add)), "add_not_allowed");  // no ordered_by
  add["ordered_by"] = "N1001";
  EXPECT_EQ(Code(push(bedside, add)), "add_not_allowed");
  auto added = push(ward, add);
  ASSERT_EQ(added.status, pr::PushStatus::kAccepted) << added.reason;
  EXPECT_EQ(Ticket(added.ref).detail["add_to"], first.ref);

  // A change replaces the order in one step; a change of a change's old order is refused.
  json change = Order(kBed, "lunch", "2026-11-23", ribs);
  change["replaces"] = first.ref;
  auto changed = push(bedside, change);
  ASSERT_EQ(changed.status, pr::PushStatus::kAccepted) << changed.reason;
  EXPECT_EQ(Ticket(first.ref).status, "cancelled");
  EXPECT_EQ(Ticket(changed.ref).detail["replaces"], first.ref);
  EXPECT_EQ(Code(push(bedside, change)), "not_meal_order");
  // A change the rules refuse leaves the order standing.
  json bad = Order(kBed, "lunch", "2026-11-23", {{{"menu_item", "D025"}, {"qty", 1}}});
  bad["replaces"] = changed.ref;
  EXPECT_EQ(Code(push(bedside, bad)), "diet_excludes");
  EXPECT_EQ(Ticket(changed.ref).status, "received");
  auto rep = BuildKitchenReport(*hub->store(), "2026-11-23", "lunch", now);
  ASSERT_TRUE(rep.ok());
  EXPECT_EQ(rep->orders, 3);  // kBed's changed order + the nurse's addition, and kEggBed's

  // A rejected (or cancelled) order frees the meal for a new one.
  clock.SetUtcMs(Local(23, 9, 31));
  json late_change = Order(kBed, "dinner", "2026-11-23", ribs);
  auto dinner = ListMealOrders(*hub->store(), MealFilter{"2026-11-23", "dinner", {}});
  ASSERT_EQ(dinner->size(), 1u);
  ASSERT_TRUE(RejectMealOrder(*hub->store(), dinner->front().id, "no rice today", "dietitian", clock.NowUtcMs()).ok());
  auto after_reject = Push1(Rec(pr::RecordKind::kMealOrder, late_change, clock.NowUtcMs()));
  EXPECT_EQ(Code(after_reject), "accepted");
}

TEST_F(MealsHub, LateOrdersGetDueTimeAndTurnOverdue) {
  clock.SetUtcMs(Local(23, 21, 0));
  auto r = Push1(Rec(pr::RecordKind::kMealOrder, Order(kBed, "late", "2026-11-23", {{{"menu_item", "D031"}, {"qty", 1}}}), Local(23, 20, 58)));
  ASSERT_EQ(r.status, pr::PushStatus::kAccepted) << r.reason;
  EXPECT_EQ(Ticket(r.ref).detail["due_at"], FormatIsoUtcMs(Local(23, 21, 18)));
  auto rep = BuildKitchenReport(*hub->store(), "2026-11-23", "late", clock.NowUtcMs());
  ASSERT_TRUE(rep.ok());
  ASSERT_EQ(rep->trays.size(), 1u);
  EXPECT_EQ(rep->trays[0].due_at, "21:18");
  EXPECT_FALSE(rep->trays[0].overdue);
  clock.SetUtcMs(Local(23, 21, 18, 1));
  rep = BuildKitchenReport(*hub->store(), "2026-11-23", "late", clock.NowUtcMs());
  EXPECT_TRUE(rep->trays[0].overdue);
  EXPECT_EQ(rep->overdue, 1);
  EXPECT_NE(KitchenText(rep.value()).find("OVERDUE"), std::string::npos);
  // A late order that reaches the hub after its window closed is refused.
  clock.SetUtcMs(Local(24, 6, 1));
  auto stale = Push1(Rec(pr::RecordKind::kMealOrder, Order(kBed, "late", "2026-11-24", {{{"menu_item", "D031"}, {"qty", 1}}}), Local(24, 5, 50)));
  EXPECT_EQ(Code(stale), "late_window_closed");
}

TEST_F(MealsHub, DietChangeHoldsAndReviewDecides) {
  const int64_t now = clock.NowUtcMs();
  auto a = Push1(Rec(pr::RecordKind::kMealOrder, Order(kBed, "lunch", "2026-11-23", {{{"menu_item", "D010"}, {"qty", 2}}}), now));
  auto b = Push1(Rec(pr::RecordKind::kMealOrder, Order(kBed, "dinner", "2026-11-23", {{{"menu_item", "D013"}, {"qty", 1}}}), now));
  ASSERT_EQ(a.status, pr::PushStatus::kAccepted);
  ASSERT_EQ(b.status, pr::PushStatus::kAccepted);
  // The order the patient made under another diet is held on arrival (dish allowed for both).
  json c_order = Order(kBed, "dinner", "2026-11-23", {{{"menu_item", "D018"}, {"qty", 1}}}, "soft");
  c_order["add_to"] = b.ref;  // a second tray for the same dinner: a nurse's addition (one order per meal otherwise)
  c_order["ordered_by"] = "N1001";
  auto c = Push1(Rec(pr::RecordKind::kMealOrder, c_order, now));
  ASSERT_EQ(c.status, pr::PushStatus::kAccepted);
  EXPECT_TRUE(Ticket(c.ref).detail.contains("hold"));

  auto change = SetDietOrder(*hub->store(), meals::DietOrder{kBed, "diabetic", {}, "dr-wu"}, "dr-wu", now);
  ASSERT_TRUE(change.ok()) << change.error().message;
  EXPECT_EQ(change->held, 2);  // a and b; c was held already
  EXPECT_EQ(Ticket(a.ref).detail["hold"]["to"], "diabetic");
  EXPECT_EQ(meals::ParseReason(Ticket(a.ref).detail["hold"]["reason"].get<std::string>()).code, "diet_changed");
  auto held = ListMealOrders(*hub->store(), MealFilter{"2026-11-23", "", {"held"}});
  ASSERT_TRUE(held.ok());
  EXPECT_EQ(held->size(), 3u);
  // Running it again changes nothing more.
  EXPECT_EQ(SetDietOrder(*hub->store(), meals::DietOrder{kBed, "diabetic", {}, "dr-wu"}, "dr-wu", now)->held, 0);

  // Held orders are listed in the kitchen but not counted.
  auto rep = BuildKitchenReport(*hub->store(), "2026-11-23", "lunch", now);
  EXPECT_EQ(rep->orders, 0);
  EXPECT_TRUE(rep->counts.empty());
  ASSERT_EQ(rep->held.size(), 1u);
  EXPECT_NE(KitchenCsv(rep.value()).find("held,B1-1F-W01,B1-1F-W01-BED01,"), std::string::npos);

  // 2 x rice breaks the diabetic limit: approval refused, rejection reaches the ticket history.
  auto refused = ApproveMealOrder(*hub->store(), a.ref, "dietitian", now);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "diet_limit");
  auto rej = RejectMealOrder(*hub->store(), a.ref, "two portions of rice are too much for a diabetic diet", "dietitian", now);
  ASSERT_TRUE(rej.ok());
  EXPECT_EQ(rej->status, "rejected");
  EXPECT_EQ(rej->history.back()["note"], "review_rejected: two portions of rice are too much for a diabetic diet");
  // Greens are fine for diabetic: approve clears the hold and counts it.
  auto ap = ApproveMealOrder(*hub->store(), b.ref, "dietitian", now);
  ASSERT_TRUE(ap.ok()) << ap.error().message;
  EXPECT_EQ(ap->status, "accepted");
  EXPECT_FALSE(ap->detail.contains("hold"));
  rep = BuildKitchenReport(*hub->store(), "2026-11-23", "dinner", now);
  ASSERT_EQ(rep->counts.size(), 1u);
  EXPECT_EQ(rep->counts[0].dish, "D013");
  EXPECT_EQ(rep->counts[0].ward, kWard);
  EXPECT_EQ(rep->counts[0].qty, 1);
  EXPECT_EQ(rep->held.size(), 1u);  // c is still held
  EXPECT_FALSE(ApproveMealOrder(*hub->store(), b.ref, "dietitian", now).ok());  // already approved

  // Back to the soft diet c was made under: its hold is released.
  auto back = SetDietOrder(*hub->store(), meals::DietOrder{kBed, "soft", {}, "dr-wu"}, "dr-wu", now);
  EXPECT_EQ(back->released, 1);
  EXPECT_FALSE(Ticket(c.ref).detail.contains("hold"));
  EXPECT_FALSE(SetDietOrder(*hub->store(), meals::DietOrder{kBed, "keto", {}, "x"}, "x", now).ok());
  EXPECT_FALSE(SetDietOrder(*hub->store(), meals::DietOrder{kWard, "soft", {}, "x"}, "x", now).ok());  // not a bed
}

TEST_F(MealsHub, CancelUntilCutoffJudgedAtTheCancelsTime) {
  auto a = Push1(Rec(pr::RecordKind::kMealOrder, Order(kBed, "lunch", "2026-11-23", {{{"menu_item", "D013"}, {"qty", 1}}}), clock.NowUtcMs()));
  auto b = Push1(Rec(pr::RecordKind::kMealOrder, Order(kEggBed, "lunch", "2026-11-23", {{{"menu_item", "D011"}, {"qty", 1}}}, "regular", {"egg"}),
                     clock.NowUtcMs()));
  clock.SetUtcMs(Local(23, 10, 0));
  // Cancelled offline at 09:29, arriving at 10:00: accepted. Cancelled at 09:30: refused.
  auto c1 = Push1(Rec(pr::RecordKind::kOrderCancel, {{"ticket", a.ref}}, Local(23, 9, 29)));
  EXPECT_EQ(c1.status, pr::PushStatus::kAccepted) << c1.reason;
  EXPECT_EQ(Ticket(a.ref).status, "cancelled");
  auto c2 = Push1(Rec(pr::RecordKind::kOrderCancel, {{"ticket", b.ref}}, Local(23, 9, 30)));
  EXPECT_EQ(Code(c2), "cancel_past_cutoff");
  EXPECT_EQ(Code(Push1(Rec(pr::RecordKind::kOrderCancel, {{"ticket", a.ref}}, Local(23, 9, 0)))), "cancel_state");
  auto rep = BuildKitchenReport(*hub->store(), "2026-11-23", "lunch", clock.NowUtcMs());
  ASSERT_EQ(rep->counts.size(), 1u);  // the cancelled one is not produced
  EXPECT_EQ(rep->counts[0].dish, "D011");
}

TEST_F(MealsHub, ReviewAndKitchenOverHttp) {
  auto a = Push1(Rec(pr::RecordKind::kMealOrder, Order(kBed, "lunch", "2026-11-23", {{{"menu_item", "D011"}, {"qty", 2}}}), clock.NowUtcMs()));
  auto b = Push1(Rec(pr::RecordKind::kMealOrder, Order(kEggBed, "lunch", "2026-11-23", {{{"menu_item", "D013"}, {"qty", 1}}}, "regular", {"egg"}),
                     clock.NowUtcMs()));
  auto list = Admin().Get("/v1/meals/orders?date=2026-11-23&slot=lunch&status=received");
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200) << list->body;
  EXPECT_EQ(json::parse(list->body)["orders"].size(), 2u);
  auto ap = Admin().Post("/v1/meals/orders/" + a.ref + "/approve", "", "application/json");
  ASSERT_TRUE(ap);
  EXPECT_EQ(ap->status, 200) << ap->body;
  EXPECT_EQ(json::parse(ap->body)["status"], "accepted");
  auto rj = Admin().Post("/v1/meals/orders/" + b.ref + "/reject", json{{"reason", "kitchen out of greens"}}.dump(), "application/json");
  ASSERT_TRUE(rj);
  EXPECT_EQ(rj->status, 200) << rj->body;
  EXPECT_EQ(json::parse(rj->body)["reason"], "review_rejected: kitchen out of greens");
  auto again = Admin().Post("/v1/meals/orders/" + b.ref + "/approve", "", "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409);
  EXPECT_EQ(again->get_header_value("Content-Type"), "application/problem+json");
  auto missing = Admin().Post("/v1/meals/orders/TK-999999/approve", "", "application/json");
  EXPECT_EQ(missing->status, 404);
  auto k = Admin().Get("/v1/meals/kitchen?date=2026-11-23&slot=lunch&format=csv");
  ASSERT_TRUE(k);
  ASSERT_EQ(k->status, 200);
  EXPECT_EQ(k->body.substr(0, k->body.find("\r\n")), "record,ward,bed,ticket,dish,dish_name,qty,diet,allergens,status,due_at,flag");
  EXPECT_NE(k->body.find("count,B1-1F-W01,,,D011,Wuxi braised spare ribs,2,"), std::string::npos) << k->body;
  EXPECT_NE(k->body.find("tray,B1-1F-W01,B1-1F-W01-BED01," + a.ref + ",D011,Wuxi braised spare ribs,2,regular,,accepted,,"),
            std::string::npos) << k->body;
  EXPECT_EQ(k->body.find("D013"), std::string::npos);  // rejected: not produced
  EXPECT_EQ(Admin().Get("/v1/meals/kitchen?date=23-11-2026&slot=lunch")->status, 400);
  // The rejection reaches the bed's terminal through the pull (ticket change with the history note).
  auto pull = Client().Get("/v1/sync/pull?cursor=0&limit=5000", ward.auth());
  auto changes = pr::DecodePullResponse(pull->body);
  ASSERT_TRUE(changes.ok());
  std::string note;
  for (const auto& ch : changes->changes)
    if (ch.entity == "ticket" && ch.id == b.ref) note = ch.data["history"].back().value("note", "");
  EXPECT_EQ(note, "review_rejected: kitchen out of greens");
}

}  // namespace
}  // namespace onestop::hub
