// Integration test of `onestop-kiosk report` against the REAL onestop-hub on loopback (demo data):
// enroll a ward kiosk, pull the register, report a real demo asset by its label, sync, and check the
// hub filed exactly one repair ticket with the asset's location and trade; the desk's status change
// comes back to the kiosk store and shows up as an open ticket in the next draft. Invalid input is
// refused with exit 1 and nothing queued.
#include <gtest/gtest.h>

#include <fstream>

#include "devices/cameras.h"
#include "devices/jpeg.h"
#include "kiosk/core/photo.h"
#include "offline/store.h"
#include "tests/integration/decode_imaging.h"
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
  int OutboxDepth() const {
    const json s = json::parse(Do({"status"}).out, nullptr, false);
    return s.is_object() && s.contains("outbox_depth") ? s["outbox_depth"].get<int>() : -1;
  }
};

std::string StoredTicketStatus(const std::string& kiosk_db, const std::string& id) {
  onestop::SystemClock clock;
  auto store = onestop::offline::Store::Open(kiosk_db, clock);
  if (!store) return "store: " + store.error().message;
  auto e = store.value()->GetEntity("ticket", id);
  if (!e || !e.value()) return "missing";
  const json j = json::parse(*e.value(), nullptr, false);
  return j.is_object() && j.contains("status") ? j["status"].get<std::string>() : "bad json";
}

}  // namespace

TEST(ReportHub, LabelToTicketAndStatusBack) {
  TempDir tmp;
  Hub hub(tmp.File("h-"), {"--demo-data"});
  ASSERT_TRUE(hub.Start()) << hub.Log();
  Kiosk k{tmp.File("kiosk"), hub.url()};

  auto r = k.Do({"enroll", "--code", "DEMO-WARD"});
  ASSERT_EQ(r.rc, 0) << r.err;
  const std::string ward = json::parse(r.out)["binding"]["location"].get<std::string>();
  ASSERT_FALSE(ward.empty());
  r = k.Do({"sync", "--once"});
  ASSERT_EQ(r.rc, 0) << r.err;

  // A real demo asset of this ward, as the hub's register has it.
  std::string asset, asset_loc, trade;
  {
    HubDb db(hub.db());
    const std::string where = "FROM master WHERE entity='asset' AND json_extract(data,'$.location') LIKE '" + ward +
                              "-%' ORDER BY id LIMIT 1";
    asset = db.Strings("SELECT id " + where).at(0);
    asset_loc = db.Strings("SELECT json_extract(data,'$.location') " + where).at(0);
    trade = db.Strings("SELECT json_extract(data,'$.trade') " + where).at(0);
  }
  ASSERT_FALSE(asset.empty());

  // Invalid input first: nothing may reach the outbox.
  r = k.Do({"report", "--code", "ZC-2019-0457"});
  EXPECT_EQ(r.rc, 1) << r.out;
  EXPECT_NE(r.err.find("not in the local register"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--location"), std::string::npos) << r.err;
  r = k.Do({"report", "--code", "https://any.host/a/" + asset, "--urgency", "asap"});
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.err.find("routine, urgent, emergency"), std::string::npos) << r.err;
  r = k.Do({"report", "--code", "https://any.host/a/" + asset, "--location", "B9-9F-W99-R01"});
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.err.find("outside this terminal's area"), std::string::npos) << r.err;
  r = k.Do({"report", "--code", std::string("https://any.host/a/") + asset + "\x01"});
  EXPECT_EQ(r.rc, 1);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_EQ(k.OutboxDepth(), 0);

  // The real report: pre-filled from the pulled register.
  r = k.Do({"report", "--code", "https://any.host/a/" + asset, "--urgency", "urgent", "--note", "alarm keeps sounding"});
  ASSERT_EQ(r.rc, 0) << r.err;
  const json out = json::parse(r.out, nullptr, false);
  ASSERT_TRUE(out.is_object()) << r.out;
  const std::string record_id = out["record_id"].get<std::string>();
  EXPECT_TRUE(onestop::protocol::IsUuid(record_id));
  EXPECT_EQ(out["kind"], "repair_request");
  EXPECT_EQ(out["draft"]["asset"]["id"], asset);
  EXPECT_EQ(out["draft"]["asset"]["trade"], trade);
  EXPECT_EQ(out["draft"]["location"], asset_loc);
  EXPECT_EQ(out["draft"]["needs_location"], false);
  EXPECT_TRUE(out["draft"]["open_tickets"].empty());
  EXPECT_NE(out["draft"]["warranty"], "unknown");
  EXPECT_EQ(k.OutboxDepth(), 1);

  r = k.Do({"sync", "--once"});
  ASSERT_EQ(r.rc, 0) << r.err;
  std::string ticket;
  {
    HubDb db(hub.db());
    EXPECT_EQ(db.Int("SELECT COUNT(*) FROM tickets"), 1);
    const auto rows = db.Strings("SELECT id || '|' || kind || '|' || asset || '|' || location || '|' || trade || '|' || "
                                 "status FROM tickets WHERE record_id='" + record_id + "'");
    ASSERT_EQ(rows.size(), 1u);
    ticket = rows[0].substr(0, rows[0].find('|'));
    EXPECT_EQ(rows[0], ticket + "|repair|" + asset + "|" + asset_loc + "|" + trade + "|received");
  }
  // A second round has nothing to send and must not file anything again.
  r = k.Do({"sync", "--once"});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(HubDb(hub.db()).Int("SELECT COUNT(*) FROM tickets"), 1);
  EXPECT_EQ(StoredTicketStatus(k.dir + "/kiosk.db", ticket), "received");

  // The desk accepts it with the hub CLI while the server runs (the server must keep writing after
  // another process wrote its file: the last push below depends on it).
  auto mv = RunProgram({Env("ONESTOP_HUB_BIN"), "tickets", "--db", hub.db(), "move", ticket, "accepted"}, tmp.File("move"));
  ASSERT_EQ(mv.rc, 0) << mv.err;
  r = k.Do({"sync", "--once"});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(StoredTicketStatus(k.dir + "/kiosk.db", ticket), "accepted");

  // The next scan of the same label says it is already reported.
  r = k.Do({"report", "--asset", asset});
  ASSERT_EQ(r.rc, 0) << r.err;
  const json again = json::parse(r.out, nullptr, false);
  ASSERT_EQ(again["draft"]["open_tickets"].size(), 1u) << r.out;
  EXPECT_EQ(again["draft"]["open_tickets"][0]["id"], ticket);
  EXPECT_EQ(again["draft"]["open_tickets"][0]["status"], "accepted");

  // `scan` of a photographed label carries the same draft, from the same store.
  namespace ti = onestop::testimg;
  const std::string png = tmp.File("label.png");
  ASSERT_TRUE(ti::WritePng(ti::Place(ti::RenderSymbol(ZXing::BarcodeFormat::QRCode, "https://any.host/a/" + asset, 5),
                                     800, 600, 400, 300, 0),
                           png));
  r = k.Do({"scan", png});
  ASSERT_EQ(r.rc, 0) << r.err;
  const json scanned = json::parse(r.out, nullptr, false);
  ASSERT_TRUE(scanned.is_object()) << r.out;
  EXPECT_EQ(scanned["draft"]["asset"]["id"], asset) << r.out;
  EXPECT_EQ(scanned["draft"]["location"], asset_loc);
  ASSERT_EQ(scanned["draft"]["open_tickets"].size(), 1u) << r.out;
  EXPECT_EQ(scanned["draft"]["open_tickets"][0]["id"], ticket);
  r = k.Do({"sync", "--once"});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(HubDb(hub.db()).Int("SELECT COUNT(*) FROM tickets WHERE asset='" + asset + "'"), 2);
  EXPECT_EQ(k.OutboxDepth(), 0);
}

// Without a hub or enrollment the command still validates and queues (offline first); store
// problems are exit 3, not 1.
// A photo of the fault (issue 5) travels with the request: the hub keeps it in the record and the
// ticket says how big it is; a file that is not a whole JPEG is refused before it is queued.
TEST(ReportHub, PhotoTravelsWithTheRequest) {
  TempDir tmp;
  Hub hub(tmp.File("h-"), {"--demo-data"});
  ASSERT_TRUE(hub.Start()) << hub.Log();
  Kiosk k{tmp.File("kiosk"), hub.url()};
  ASSERT_EQ(k.Do({"enroll", "--code", "DEMO-WARD"}).rc, 0);
  ASSERT_EQ(k.Do({"sync", "--once"}).rc, 0);
  // A real JPEG made by the same encoder the camera path uses.
  auto frame = onestop::devices::RenderLabelFrame("fault photo", 640, 360, 4);
  ASSERT_TRUE(frame.ok());
  auto jpeg = onestop::devices::EncodeJpeg(frame.value(), 960, onestop::photo::kMaxPhotoBytes);
  ASSERT_TRUE(jpeg.ok()) << jpeg.error().message;
  const std::string good = tmp.File("fault.jpg"), bad = tmp.File("cut.jpg");
  std::ofstream(good, std::ios::binary) << jpeg.value();
  std::ofstream(bad, std::ios::binary) << jpeg.value().substr(0, jpeg.value().size() / 2);
  auto r = k.Do({"report", "--code", "ZC-2019-0457", "--location", "B1-1F-W01-R01", "--photo", bad});
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.err.find("--photo"), std::string::npos) << r.err;
  r = k.Do({"report", "--code", "ZC-2019-0457", "--location", "B1-1F-W01-R01", "--photo", good});
  ASSERT_EQ(r.rc, 0) << r.err;
  const std::string record_id = json::parse(r.out)["record_id"];
  ASSERT_EQ(k.Do({"sync", "--once"}).rc, 0);
  HubDb db(hub.db());
  EXPECT_EQ(db.Strings("SELECT json_extract(detail,'$.photo_bytes') FROM tickets WHERE record_id='" + record_id + "'").at(0),
            std::to_string(jpeg.value().size()));
  EXPECT_EQ(db.Int("SELECT COUNT(*) FROM tickets WHERE json_extract(detail,'$.photo') IS NOT NULL"), 0)
      << "pulled tickets never carry the picture itself";
}

TEST(ReportHub, OfflineQueueAndStoreProblems) {
  TempDir tmp;
  Kiosk k{tmp.File("kiosk"), ""};
  auto r = k.Do({"report", "--kind", "complaint"});
  EXPECT_EQ(r.rc, 1);  // unbound and no --location
  EXPECT_NE(r.err.find("--location"), std::string::npos) << r.err;
  r = k.Do({"report", "--kind", "complaint", "--location", "B1-1F-W01"});
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.err.find("--note"), std::string::npos) << r.err;
  r = k.Do({"report"});
  EXPECT_EQ(r.rc, 1);
  EXPECT_NE(r.err.find("--code"), std::string::npos) << r.err;
  r = k.Do({"report", "--code", "ZC-2019-0457", "--location", "B1-1F-W01-R01", "--category", "no_power"});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["payload"]["category"], "no_power");
  r = k.Do({"report", "--kind", "cleaning", "--location", "B1-1F-W01-R01", "--category", "disinfection"});
  ASSERT_EQ(r.rc, 0) << r.err;
  EXPECT_EQ(k.OutboxDepth(), 2);

  // The data dir is a plain file: the store cannot be opened.
  const std::string blocked = tmp.File("not-a-dir");
  { std::ofstream(blocked) << "x"; }
  Kiosk bad{blocked, ""};
  r = bad.Do({"report", "--asset", "EQ-2015-000123", "--location", "B1-1F-W01-R01"});
  EXPECT_EQ(r.rc, 3) << r.err;
}
