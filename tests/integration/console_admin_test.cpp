// Console administration (issues 13, 14, 16) against a real in-process hub: terminals (revoke, what
// they last reported), enrollment codes, notices, staff PINs, dishes, teams and console accounts.
// Role checks, CSRF, 400/409 with reasons, and audit rows without secrets.
#include "tests/integration/console_part2_fixture.h"

namespace onestop::hub {
namespace {
using namespace console_test;  // NOLINT: the fixture's names
namespace fs = std::filesystem;
namespace pr = onestop::protocol;
using nlohmann::json;

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
