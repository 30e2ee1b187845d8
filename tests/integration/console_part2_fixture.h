// Fixture of the console part 2 API tests (issue 14): a real in-process hub with the demo hospital,
// signed-in console sessions by role, enrolled terminals and audit reads. Test-only; shared by
// console_part2_test.cpp (meals, kitchen, reports) and console_admin_test.cpp (administration).
#pragma once
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
namespace console_test {
namespace fs = std::filesystem;
namespace pr = onestop::protocol;
using nlohmann::json;

inline constexpr const char* kWard = "B1-1F-W01";
inline constexpr const char* kBed = "B1-1F-W01-BED01";
inline constexpr const char* kBed2 = "B1-1F-W01-BED02";
inline constexpr const char* kPassword = "correct-horse";

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
}  // namespace console_test
}  // namespace onestop::hub
