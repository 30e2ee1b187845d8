// End-to-end meal ordering with the REAL onestop-hub and onestop-kiosk binaries on loopback (demo
// hospital, ward kiosk): orders placed while the hub is unreachable reach the kitchen counts exactly
// once after the network returns, a duplicate hand-off is counted once, review status comes back to
// the kiosk store, an order that breaks a diet changed meanwhile never reaches the kitchen and its
// coded reason reaches the terminal, and a cancel before the cut-off removes the order from the counts.
// Independent of the time of day: the hub's cut-offs are set three hours after "now".
#include <gtest/gtest.h>

#include <algorithm>

#include "kiosk/core/clock.h"
#include "kiosk/core/local_time.h"
#include "kiosk/core/meals.h"
#include "offline/store.h"
#include "server/demo.h"
#include "server/meals.h"
#include "server/store.h"
#include "tests/integration/sync_harness.h"

using namespace sync_test;
using json = nlohmann::json;

namespace {

const std::string kWard = "B1-1F-W01";
const std::string kBedA = "B1-1F-W01-BED01";  // orders stay valid
const std::string kBedB = "B1-1F-W01-BED02";  // diet changes to liquid while the kiosk is offline

struct Kiosk {
  std::string dir;
  std::string hub_url;
  RunResult Do(std::vector<std::string> cmd) const {
    std::vector<std::string> a = {Env("ONESTOP_KIOSK_BIN"), "--data-dir", dir, "--log-level", "warn"};
    if (!hub_url.empty()) a.insert(a.end(), {"--hub", hub_url});
    a.insert(a.end(), cmd.begin(), cmd.end());
    return RunProgram(a, dir + "-last");
  }
  std::vector<json> Lines(const std::vector<std::string>& cmd) const {
    std::vector<json> out;
    std::stringstream ss(Do(cmd).out);
    std::string line;
    while (std::getline(ss, line))
      if (!line.empty()) out.push_back(json::parse(line, nullptr, false));
    return out;
  }
};

RunResult HubCli(const Hub& hub, std::vector<std::string> args, const std::string& scratch) {
  std::vector<std::string> a = {Env("ONESTOP_HUB_BIN")};
  a.insert(a.end(), args.begin(), args.end());
  a.insert(a.end(), {"--db", hub.db()});
  return RunProgram(a, scratch);
}

// Demo hospital, cut-offs three hours from now (local), both beds on a regular diet.
void PrepareHub(const std::string& db) {
  onestop::SystemClock clock;
  auto store = onestop::hub::OpenSqliteStore(db);
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto demo = onestop::hub::LoadDemoData(*store.value(), ONESTOP_ASSETS_DIR "/demo", clock.NowUtcMs());
  ASSERT_TRUE(demo.ok()) << demo.error().message;
  ASSERT_EQ(demo->first_ward, kWard);
  {  // the transaction holds the writer until destroyed
    auto tx = store.value()->Begin();
    ASSERT_TRUE(tx.ok());
    json cfg = tx.value()->GetMaster("config", "hub").value();
    const auto tz = onestop::TimeZone::Find(cfg["time_zone"].get<std::string>()).value();
    const auto l = tz.ToLocal(clock.NowUtcMs());
    const std::string cut = onestop::meals::HourMinuteText((l.hour * 60 + l.minute + 180) % 1440);
    cfg["meal_cutoffs"] = {{"breakfast", cut}, {"lunch", cut}, {"dinner", cut}};
    cfg["meal_cutoff_day_before"] = {{"breakfast", false}, {"lunch", false}, {"dinner", false}};
    tx.value()->PutMaster("config", "hub", cfg, "");
    // The demo menus rotate by weekday; the dishes this test orders are on every day's lunch menu,
    // so it does not depend on the day it runs.
    for (const char* day : {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}) {
      const std::string id = std::string("menu-") + day + "-lunch";
      json menu = tx.value()->GetMaster("menu", id).value();
      for (const char* dish : {"D010", "D011", "D013", "D025"})
        if (std::find(menu["items"].begin(), menu["items"].end(), dish) == menu["items"].end()) menu["items"].push_back(dish);
      tx.value()->PutMaster("menu", id, menu, "");
    }
    ASSERT_TRUE(tx.value()->Commit().ok());
  }
  for (const auto& bed : {kBedA, kBedB})
    ASSERT_TRUE(onestop::hub::SetDietOrder(*store.value(), {bed, "regular", {}, "test"}, "test", clock.NowUtcMs()).ok());
}

std::string StoredTicketStatus(const std::string& kiosk_db, const std::string& id) {
  onestop::SystemClock clock;
  auto store = onestop::offline::Store::Open(kiosk_db, clock);
  if (!store) return "store: " + store.error().message;
  auto e = store.value()->GetEntity("ticket", id);
  if (!e || !e.value()) return "missing";
  const json j = json::parse(*e.value(), nullptr, false);
  return j.is_object() && j.contains("status") ? j["status"].get<std::string>() : "bad json";
}

json Kitchen(const Hub& hub, const std::string& date, const std::string& scratch) {
  auto r = HubCli(hub, {"kitchen", "--date", date, "--slot", "lunch", "--json"}, scratch);
  EXPECT_EQ(r.rc, 0) << r.err;
  return json::parse(r.out, nullptr, false);
}

std::map<std::string, int> Counts(const json& k) {
  std::map<std::string, int> out;
  if (!k.is_object()) return out;
  for (const auto& c : k["counts"]) out[c["ward"].get<std::string>() + "/" + c["dish"].get<std::string>()] += c["qty"].get<int>();
  return out;
}

}  // namespace

TEST(MealsE2E, OfflineOrderReachesKitchenOnceAndStatusComesBack) {
  TempDir tmp;
  Hub hub(tmp.File("h-"));
  PrepareHub(hub.db());
  ASSERT_FALSE(HasFatalFailure());
  ASSERT_TRUE(hub.Start()) << hub.Log();
  Kiosk k{tmp.File("kiosk"), hub.url()};
  auto r = k.Do({"enroll", "--code", "DEMO-WARD"});
  ASSERT_EQ(r.rc, 0) << r.err;
  ASSERT_EQ(k.Do({"sync", "--once"}).rc, 0);

  // ---- the hub becomes unreachable ----
  hub.Stop();
  auto menu = k.Lines({"order", "menu", "--bed", kBedA, "--slot", "lunch", "--online", "no"});
  ASSERT_GE(menu.size(), 2u);
  EXPECT_EQ(menu[0]["clock"]["source"], "local");  // the screen says "local clock"
  EXPECT_EQ(menu[0]["menu_state"], "open");
  bool rice_allowed = false;
  for (const auto& d : menu)
    if (d.value("menu_item", "") == "D010") rice_allowed = d["state"] == "allowed";
  EXPECT_TRUE(rice_allowed);

  // Refused locally, nothing queued: the same rules as the screen.
  r = k.Do({"order", "place", "--bed", kBedA, "--slot", "lunch", "--item", "D025"});
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.err.find("order: diet_excludes: "), std::string::npos) << r.err;
  r = k.Do({"order", "place", "--bed", "B1-1F-W02-BED01", "--slot", "lunch", "--item", "D010"});
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.err.find("bad_location"), std::string::npos) << r.err;

  r = k.Do({"order", "place", "--bed", kBedA, "--slot", "lunch", "--item", "D010:2", "--item", "D013"});
  ASSERT_EQ(r.rc, 0) << r.err;
  const json placed_a = json::parse(r.out);
  const std::string rec_a = placed_a["record_id"], date = placed_a["payload"]["date"];
  r = k.Do({"order", "place", "--bed", kBedB, "--slot", "lunch", "--item", "D011"});
  ASSERT_EQ(r.rc, 0) << r.err;
  const std::string rec_b = json::parse(r.out)["record_id"];
  EXPECT_NE(k.Do({"sync", "--once"}).rc, 0);  // unreachable
  auto mine = k.Lines({"order", "list", "--bed", kBedA});
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0]["state"], "saved");

  // Meanwhile the physician changes bed B to a liquid diet at the hub.
  r = HubCli(hub, {"diet", "set", "--bed", kBedB, "--diet", "liquid"}, tmp.File("diet"));
  ASSERT_EQ(r.rc, 0) << r.err;

  // ---- the network returns ----
  ASSERT_TRUE(hub.Restart()) << hub.Log();
  r = k.Do({"sync", "--once"});
  ASSERT_EQ(r.rc, 0) << r.err;
  std::string ticket;
  {
    HubDb db(hub.db());
    const auto rows = db.Strings("SELECT id FROM tickets WHERE record_id='" + rec_a + "'");
    ASSERT_EQ(rows.size(), 1u);
    ticket = rows[0];
    EXPECT_EQ(db.Int("SELECT COUNT(*) FROM tickets WHERE record_id='" + rec_b + "'"), 0);
  }
  json kit = Kitchen(hub, date, tmp.File("k1"));
  EXPECT_EQ(Counts(kit), (std::map<std::string, int>{{kWard + "/D010", 2}, {kWard + "/D013", 1}})) << kit.dump();
  EXPECT_EQ(kit["orders"], 1);

  // The diet-breaking order: rejected with its code, shown on the terminal.
  auto mine_b = k.Lines({"order", "list", "--bed", kBedB});
  ASSERT_EQ(mine_b.size(), 1u);
  EXPECT_EQ(mine_b[0]["state"], "rejected");
  EXPECT_EQ(mine_b[0]["reason"]["code"], "diet_excludes");
  EXPECT_NE(mine_b[0]["reason"]["detail"].get<std::string>().find("liquid"), std::string::npos);
  mine = k.Lines({"order", "list", "--bed", kBedA});
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0]["state"], "in_review");
  EXPECT_EQ(mine[0]["ticket"], ticket);

  // Duplicate hand-off (the answer was lost, the kiosk sends the same record again): counted once.
  {
    onestop::SystemClock clock;
    auto store = onestop::offline::Store::Open(k.dir + "/kiosk.db", clock);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE(store.value()->EnqueueWithId(rec_a, "meal_order", placed_a["payload"].dump()).ok());
  }
  ASSERT_EQ(k.Do({"sync", "--once"}).rc, 0);
  EXPECT_EQ(HubDb(hub.db()).Int("SELECT COUNT(*) FROM tickets WHERE kind='meal'"), 1);
  EXPECT_EQ(Counts(Kitchen(hub, date, tmp.File("k2"))), (std::map<std::string, int>{{kWard + "/D010", 2}, {kWard + "/D013", 1}}));

  // Review at the hub while it serves; the status comes back to the kiosk store.
  r = HubCli(hub, {"meals", "approve", ticket}, tmp.File("approve"));
  ASSERT_EQ(r.rc, 0) << r.err;
  ASSERT_EQ(k.Do({"sync", "--once"}).rc, 0);
  EXPECT_EQ(StoredTicketStatus(k.dir + "/kiosk.db", ticket), "accepted");
  mine = k.Lines({"order", "list", "--bed", kBedA});
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0]["state"], "approved");
  EXPECT_EQ(mine[0]["can_cancel"], true);

  // Cancel before the cut-off: queued, accepted, and gone from the counts.
  r = k.Do({"order", "cancel", "--bed", kBedA, "--ticket", ticket});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(k.Do({"order", "cancel", "--bed", kBedA, "--ticket", ticket}).rc, 1);  // already queued
  ASSERT_EQ(k.Do({"sync", "--once"}).rc, 0);
  EXPECT_EQ(StoredTicketStatus(k.dir + "/kiosk.db", ticket), "cancelled");
  EXPECT_TRUE(Counts(Kitchen(hub, date, tmp.File("k3"))).empty());
  mine = k.Lines({"order", "list", "--bed", kBedA});
  EXPECT_EQ(mine[0]["state"], "cancelled");
  hub.Stop();
}
