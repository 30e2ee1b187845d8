// End-to-end rating test (issue 7, "done when"): the real hub and kiosk binaries on loopback. A repair
// filed from the ward kiosk is dispatched to a team and worker and completed with the hub CLI, pulled
// by the kiosk, rated while the hub is DOWN by a nurse signed in with her PIN (Argon2id hash pulled
// from the hub, checked offline), synced when the hub is back, pushed a second time from a restored
// copy of the kiosk store (a crash after the hub's commit), and the hub's monthly report for that team
// counts exactly that one rating. A low rating with reopen sets the call-back flag and reopens.
#include <gtest/gtest.h>

#include "kiosk/core/clock.h"
#include "kiosk/core/local_time.h"
#include "tests/integration/sync_harness.h"

using namespace sync_test;
using json = nlohmann::json;

namespace {

struct Kiosk {
  std::string dir;
  std::string hub_url;
  RunResult Do(std::vector<std::string> cmd) const {
    std::vector<std::string> a = {Env("ONESTOP_KIOSK_BIN"), "--data-dir", dir, "--log-level", "warn"};
    if (!hub_url.empty()) a.insert(a.end(), {"--hub", hub_url});
    a.insert(a.end(), cmd.begin(), cmd.end());
    return RunProgram(a, dir + "-last");
  }
  // The same with `stdin_text` on standard input (through sh, the harness has no stdin pipe).
  RunResult DoWithStdin(const std::string& stdin_text, std::vector<std::string> cmd) const {
    std::vector<std::string> a = {"/bin/sh", "-c", "printf '%s\\n' \"$0\" | \"$@\"", stdin_text,
                                  Env("ONESTOP_KIOSK_BIN"), "--data-dir", dir, "--log-level", "warn"};
    a.insert(a.end(), cmd.begin(), cmd.end());
    return RunProgram(a, dir + "-last");
  }
  int OutboxDepth() const {
    const json s = json::parse(Do({"status"}).out, nullptr, false);
    return s.is_object() && s.contains("outbox_depth") ? s["outbox_depth"].get<int>() : -1;
  }
};

RunResult HubCli(const Hub& hub, std::vector<std::string> args, const std::string& scratch) {
  // --db right after the command name: it is an option of `tickets` / `ratings` / `staff` themselves.
  std::vector<std::string> a = {Env("ONESTOP_HUB_BIN"), args.at(0), "--db", hub.db()};
  a.insert(a.end(), args.begin() + 1, args.end());
  return RunProgram(a, scratch);
}

json ListItem(const RunResult& r, const std::string& ticket) {
  const json j = json::parse(r.out, nullptr, false);
  if (!j.is_object()) return json();
  for (const auto& it : j["items"])
    if (it["id"] == ticket) return it;
  return json();
}

const char* kPin = "246810";  // demo nurses' PIN (server/README.md)

TEST(RatingE2E, CompletedAtHubRatedOfflineCountedOnce) {
  TempDir tmp;
  Hub hub(tmp.File("h-"), {"--demo-data"});
  ASSERT_TRUE(hub.Start()) << hub.Log();
  Kiosk k{tmp.File("kiosk"), hub.url()};
  auto r = k.Do({"enroll", "--code", "DEMO-WARD"});
  ASSERT_EQ(r.rc, 0) << r.err;
  const std::string ward = json::parse(r.out)["binding"]["location"].get<std::string>();
  ASSERT_EQ(k.Do({"sync", "--once"}).rc, 0);

  // A real asset of this ward, and a worker of a team of its trade.
  std::string asset, trade, team, worker, worker_badge;
  {
    HubDb db(hub.db());
    asset = db.Strings("SELECT id FROM master WHERE entity='asset' AND json_extract(data,'$.location') LIKE '" + ward +
                       "-%' ORDER BY id LIMIT 1").at(0);
    trade = db.Strings("SELECT json_extract(data,'$.trade') FROM master WHERE entity='asset' AND id='" + asset + "'").at(0);
    const auto w = db.Strings("SELECT id || '|' || json_extract(data,'$.team') FROM master WHERE entity='staff' AND "
                              "json_extract(data,'$.trade')='" + trade + "' AND json_extract(data,'$.role')='worker' ORDER BY id LIMIT 1");
    ASSERT_EQ(w.size(), 1u) << "no worker for trade " << trade;
    worker = w[0].substr(0, w[0].find('|'));
    team = w[0].substr(w[0].find('|') + 1);
    worker_badge = db.Strings("SELECT json_extract(data,'$.badge') FROM master WHERE entity='staff' AND id='" + worker + "'").at(0);
  }

  r = k.Do({"report", "--asset", asset, "--note", "display flickers"});
  ASSERT_EQ(r.rc, 0) << r.err;
  ASSERT_EQ(k.Do({"sync", "--once"}).rc, 0);
  const std::string ticket = HubDb(hub.db()).Strings("SELECT id FROM tickets ORDER BY num DESC LIMIT 1").at(0);

  // The desk: accept, dispatch to the team and worker, work done.
  ASSERT_EQ(HubCli(hub, {"tickets", "move", ticket, "accepted"}, tmp.File("mv")).rc, 0);
  auto bad = HubCli(hub, {"tickets", "move", ticket, "dispatched", "--team", "no-such-team"}, tmp.File("mv"));
  EXPECT_EQ(bad.rc, 1) << bad.err;
  EXPECT_NE(bad.err.find("no team"), std::string::npos) << bad.err;
  EXPECT_EQ(HubCli(hub, {"tickets", "move", ticket, "in_progress", "--worker", worker}, tmp.File("mv")).rc, 2);
  auto d = HubCli(hub, {"tickets", "move", ticket, "dispatched", "--worker", worker}, tmp.File("mv"));
  ASSERT_EQ(d.rc, 0) << d.err;
  for (const char* s : {"in_progress", "completed"}) ASSERT_EQ(HubCli(hub, {"tickets", "move", ticket, s}, tmp.File("mv")).rc, 0);
  auto listed = HubCli(hub, {"tickets", "list", "--json"}, tmp.File("ls"));
  EXPECT_NE(listed.out.find("\"team\":\"" + team + "\""), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("\"worker\":\"" + worker + "\""), std::string::npos) << listed.out;

  // The completed ticket reaches the ward kiosk; nobody may rate there without signing in.
  ASSERT_EQ(k.Do({"sync", "--once"}).rc, 0);
  r = k.Do({"rate", "--ticket", ticket, "--overall", "4"});
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.err.find("rating.needs_rater"), std::string::npos) << r.err;
  r = k.Do({"rate", "list", "--staff", "70001", "--pin", kPin});
  ASSERT_EQ(r.rc, 0) << r.err;
  json item = ListItem(r, ticket);
  ASSERT_TRUE(item.is_object()) << r.out;
  EXPECT_EQ(item["rated"], false);
  EXPECT_EQ(item["team"], team);
  EXPECT_EQ(item["worker"], worker);
  EXPECT_EQ(json::parse(r.out)["rater"], "70001");
  {
    // Issue 16: the nurse sees who did the job and where, as the hub names them (pulled over HTTP).
    HubDb db(hub.db());
    const std::string worker_en = db.Strings("SELECT json_extract(data,'$.name.en') FROM master WHERE entity='staff' AND id='" + worker + "'").at(0);
    const std::string class_en = db.Strings("SELECT json_extract(data,'$.class_name.en') FROM master WHERE entity='asset' AND id='" + asset + "'").at(0);
    const std::string ward_en = db.Strings("SELECT json_extract(data,'$.name.en') FROM master WHERE entity='location' AND id='" + ward + "'").at(0);
    ASSERT_TRUE(item.contains("names")) << item.dump();
    EXPECT_EQ(item["names"]["worker"]["en"], worker_en);
    EXPECT_FALSE(item["names"]["worker"].value("zh-Hans", "").empty());
    EXPECT_EQ(item["names"]["asset_class"]["en"], class_en);
    const std::string place = item["names"]["place"].value("en", "");
    EXPECT_EQ(place.rfind(ward_en, 0), 0u) << "the place starts at the ward: " << place;
    EXPECT_GT(place.size(), ward_en.size()) << "and names the room or bed inside it: " << place;
  }

  // The hub goes away; the nurse rates offline.
  hub.Stop();
  r = k.Do({"rate", "--ticket", ticket, "--overall", "4", "--staff", "70001", "--pin", "111111"});
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.err.find("staff.bad_credentials"), std::string::npos) << r.err;
  // A nurse of another ward is not even on this kiosk (her entity and PIN hash stay in her ward)...
  r = k.Do({"rate", "--ticket", ticket, "--overall", "4", "--badge", "NURSE900005"});
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.err.find("staff.unknown_badge"), std::string::npos) << r.err;
  // ...and the worker who did the job cannot sign in on a ward kiosk to rate his own work: his badge
  // does not even reach it (staff secrets go only where that member can sign in, server/pull_scope.h).
  r = k.Do({"rate", "--ticket", ticket, "--overall", "5", "--badge", worker_badge});
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.err.find("staff.unknown_badge"), std::string::npos) << r.err;
  r = k.DoWithStdin(kPin, {"rate", "--ticket", ticket, "--overall", "4", "--dim", "timeliness=5", "--staff", "70001", "--pin-stdin"});
  EXPECT_EQ(r.rc, 1);  // attitude and quality missing
  EXPECT_NE(r.err.find("rating.score_required"), std::string::npos) << r.err;
  EXPECT_EQ(k.OutboxDepth(), 0);
  r = k.DoWithStdin(kPin, {"rate", "--ticket", ticket, "--overall", "4", "--dim", "timeliness=5", "--dim", "attitude=4",
                           "--dim", "quality=4", "--tag", "on_time", "--comment", "fixed quickly", "--staff", "70001",
                           "--pin-stdin"});
  ASSERT_EQ(r.rc, 0) << r.err;
  const json queued = json::parse(r.out);
  EXPECT_EQ(queued["rater"], "70001");
  EXPECT_EQ(queued["payload"]["round"], 1);
  EXPECT_EQ(k.OutboxDepth(), 1);
  // A second attempt shows the first rating.
  r = k.Do({"rate", "--ticket", ticket, "--overall", "1", "--staff", "70001", "--pin", kPin});
  EXPECT_EQ(r.rc, 1);
  const json again = json::parse(r.out, nullptr, false);
  ASSERT_TRUE(again.is_object()) << r.out;
  EXPECT_EQ(again["problems"][0]["code"], "rating.already_rated");
  EXPECT_EQ(again["first"]["overall"], 4);
  EXPECT_EQ(again["first"]["pending"], true);
  r = k.Do({"sync", "--once"});
  EXPECT_EQ(r.rc, 3) << r.err;  // hub unreachable: kept
  EXPECT_EQ(k.OutboxDepth(), 1);

  // A copy of the kiosk store as it is now: restoring it later replays the same record.
  const std::string snapshot = tmp.File("kiosk-snapshot");
  fs::copy(k.dir, snapshot, fs::copy_options::recursive);

  ASSERT_TRUE(hub.Restart()) << hub.Log();
  ASSERT_EQ(k.Do({"sync", "--once"}).rc, 0);
  EXPECT_EQ(k.OutboxDepth(), 0);
  {
    HubDb db(hub.db());
    EXPECT_EQ(db.Int("SELECT COUNT(*) FROM ratings"), 1);
    EXPECT_EQ(db.Strings("SELECT status FROM tickets WHERE id='" + ticket + "'").at(0), "followed_up");
    EXPECT_EQ(db.Strings("SELECT team || '|' || worker || '|' || rater FROM ratings").at(0), team + "|" + worker + "|70001");
  }
  // After the outbox row is gone the kiosk still knows it is rated (the pulled ticket carries it).
  r = k.Do({"rate", "list", "--badge", "NURSE900001"});
  ASSERT_EQ(r.rc, 0) << r.err;
  item = ListItem(r, ticket);
  EXPECT_EQ(item["rated"], true) << r.out;
  EXPECT_EQ(item["mine"]["overall"], 4);
  EXPECT_EQ(item["mine"]["pending"], false);

  // Crash replay: the restored store pushes the same record again; the hub answers duplicate.
  fs::remove_all(k.dir);
  fs::copy(snapshot, k.dir, fs::copy_options::recursive);
  EXPECT_EQ(k.OutboxDepth(), 1);
  r = k.Do({"sync", "--once"});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(k.OutboxDepth(), 0);
  EXPECT_EQ(HubDb(hub.db()).Int("SELECT COUNT(*) FROM ratings"), 1);

  // The month the rating was given in, in the hospital's zone (demo config: Asia/Shanghai).
  const int64_t rated_ms = HubDb(hub.db()).Int("SELECT rated_ms FROM ratings");
  auto zone = onestop::TimeZone::Find("Asia/Shanghai");
  ASSERT_TRUE(zone.ok());
  const std::string month = zone->Date(rated_ms).substr(0, 7);
  auto rep = HubCli(hub, {"ratings", "--month", month, "--by", "team", "--csv"}, tmp.File("rep"));
  ASSERT_EQ(rep.rc, 0) << rep.err;
  EXPECT_NE(rep.out.find("\r\n" + month + ",Asia/Shanghai,team," + team + ",1,4.00,0,0,0,1,0,100.0,1,1,"), std::string::npos)
      << rep.out;
  EXPECT_NE(rep.out.find("\r\n" + month + ",Asia/Shanghai,team,ALL,1,4.00,"), std::string::npos) << rep.out;
  rep = HubCli(hub, {"ratings", "--month", month, "--by", "worker"}, tmp.File("rep"));
  ASSERT_EQ(rep.rc, 0) << rep.err;
  EXPECT_NE(rep.out.find(worker), std::string::npos) << rep.out;
  EXPECT_EQ(HubCli(hub, {"ratings", "--month", "2026-13"}, tmp.File("rep")).rc, 1);
  EXPECT_EQ(HubCli(hub, {"ratings", "--month", month, "--by", "ward"}, tmp.File("rep")).rc, 2);

  // Another nurse is unhappy: overall 2 with reopen → call-back flag and the ticket back to accepted.
  r = k.Do({"rate", "--ticket", ticket, "--overall", "3", "--reopen", "--dim", "timeliness=2", "--dim", "attitude=3",
            "--dim", "quality=2", "--badge", "NURSE900002"});
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.err.find("rating.reopen_not_allowed"), std::string::npos) << r.err;
  r = k.Do({"rate", "--ticket", ticket, "--overall", "2", "--reopen", "--dim", "timeliness=2", "--dim", "attitude=3",
            "--dim", "quality=2", "--tag", "not_fixed", "--badge", "NURSE900002"});
  ASSERT_EQ(r.rc, 0) << r.err;
  ASSERT_EQ(k.Do({"sync", "--once"}).rc, 0);
  EXPECT_EQ(HubDb(hub.db()).Strings("SELECT status || '|' || callback FROM tickets WHERE id='" + ticket + "'").at(0), "accepted|open");
  auto cb = HubCli(hub, {"ratings", "callbacks", "--json"}, tmp.File("cb"));
  ASSERT_EQ(cb.rc, 0) << cb.err;
  const json cbj = json::parse(cb.out.substr(0, cb.out.find('\n')), nullptr, false);
  ASSERT_TRUE(cbj.is_object()) << cb.out;
  EXPECT_EQ(cbj["id"], ticket);
  EXPECT_EQ(cbj["reason"], "low_rating");
  EXPECT_EQ(cbj["rating"]["rater"], "70002");
  ASSERT_EQ(HubCli(hub, {"ratings", "callback-done", ticket}, tmp.File("cb")).rc, 0);
  EXPECT_EQ(HubCli(hub, {"ratings", "callbacks"}, tmp.File("cb")).out, "");
  // The reopened ticket is off the kiosk's list until it is completed again.
  ASSERT_EQ(k.Do({"sync", "--once"}).rc, 0);
  EXPECT_TRUE(ListItem(k.Do({"rate", "list", "--badge", "NURSE900002"}), ticket).is_null());
}

// Staff PINs set at the hub reach the kiosk and are checked there; the PIN itself never is stored.
TEST(RatingE2E, SetPinAtHubSignInAtKiosk) {
  TempDir tmp;
  Hub hub(tmp.File("h-"), {"--demo-data"});
  ASSERT_TRUE(hub.Start()) << hub.Log();
  // The PIN goes in on stdin only (the command line is visible to other users of the machine).
  auto set_pin = [&](const std::string& id, const std::string& pin) {
    return RunProgram({"/bin/sh", "-c", "printf '%s\\n' \"$0\" | \"$@\"", pin, Env("ONESTOP_HUB_BIN"), "staff", "--db",
                       hub.db(), "set-pin", "--id", id},
                      tmp.File("pin"));
  };
  EXPECT_EQ(set_pin("70003", "12").rc, 1);
  EXPECT_EQ(set_pin("N9999", "97531864").rc, 1);
  EXPECT_EQ(HubCli(hub, {"staff", "set-pin", "--id", "70003", "--pin", "97531864"}, tmp.File("pin")).rc, 2);
  auto r = set_pin("70003", "97531864");
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(HubDb(hub.db()).Int("SELECT COUNT(*) FROM master WHERE data LIKE '%97531864%'"), 0);
  Kiosk k{tmp.File("kiosk"), hub.url()};
  ASSERT_EQ(k.Do({"enroll", "--code", "DEMO-WARD"}).rc, 0);
  ASSERT_EQ(k.Do({"sync", "--once"}).rc, 0);
  EXPECT_EQ(k.Do({"rate", "list", "--staff", "70003", "--pin", kPin}).rc, 1);  // the old PIN no longer works
  r = k.Do({"rate", "list", "--staff", "70003", "--pin", "97531864"});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["rater"], "70003");
}

}  // namespace
