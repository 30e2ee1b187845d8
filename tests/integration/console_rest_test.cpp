// Console staff administration and dish photos (issue 14) against a real in-process hub, and the pull's
// byte budget: hostile forms (wrong PIN length, unknown ward or team, duplicate number, missing default
// name, forged pin_hash), nothing half-saved, audit rows without secrets, PIN hashes reaching only the
// ward's terminals; photos that are not JPEGs, too large or truncated refused by code; many photos
// arriving over several pull pages, each within the budget. Reads the store only to check what is kept.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sodium.h>
#include <stb/stb_image_write.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <thread>

#include "kiosk/core/clock.h"
#include "kiosk/core/photo.h"
#include "kiosk/core/protocol.h"
#include "kiosk/core/staff_session.h"
#include "offline/http_transport.h"
#include "server/console_auth.h"
#include "server/console_dish_photo.h"
#include "server/console_staff.h"
#include "server/hub.h"
#include "server/store.h"

namespace onestop::hub {
namespace {
namespace fs = std::filesystem;
namespace pr = onestop::protocol;
using nlohmann::json;

const char* kWard = "B1-1F-W01";
const char* kWard2 = "B1-1F-W02";
const char* kPassword = "correct-horse";

// A JPEG of noise (hard to compress, so its size follows its pixel count), encoded by stb.
std::string NoiseJpeg(int w, int h, unsigned seed, int quality = 90) {
  std::mt19937 rng(seed);
  std::vector<unsigned char> px(static_cast<size_t>(w * h * 3));
  for (auto& p : px) p = static_cast<unsigned char>(rng());
  std::string out;
  stbi_write_jpg_to_func([](void* ctx, void* data, int n) { static_cast<std::string*>(ctx)->append(static_cast<char*>(data), n); },
                         &out, w, h, 3, px.data(), quality);
  return out;
}

// JPEG markers around 300 KiB: over the cap, under the route's body cap once in base64.
std::string Oversized() { return std::string("\xFF\xD8\xFF\xE0", 4) + std::string(300 * 1024, 'x') + "\xFF\xD9"; }

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

class ConsoleRest : public ::testing::Test {
 protected:
  FakeClock clock{1795000000000};
  fs::path dir;
  std::unique_ptr<Hub> hub;
  std::thread thread;
  int port = 0;

  virtual size_t PullBudget() { return kPullPageBytes; }

  void SetUp() override {
    dir = fs::temp_directory_path() / ("onestop-console-rest-" + pr::NewUuidV4());
    fs::create_directories(dir);
    HubOptions o;
    o.listen_port = 0;
    o.db_path = (dir / "hub.db").string();
    o.threads = 4;
    o.clock = &clock;
    o.pull_page_bytes = PullBudget();
    hub = std::make_unique<Hub>(o);
    std::string err;
    port = hub->Bind(&err);
    ASSERT_GT(port, 0) << err;
    thread = std::thread([h = hub.get()] { h->Serve(); });
    ASSERT_TRUE(Client().Get("/v1/health"));
    Seed();
    for (const char* r : {"admin", "kitchen", "desk"})
      ASSERT_TRUE(console::AddUser(*hub->store(), r, kPassword, {r}, "", "test", clock.NowUtcMs()));
  }
  void Seed() {  // its own scope: the transaction holds the writer until it is destroyed
    auto tx = hub->store()->Begin();
    ASSERT_TRUE(tx.ok());
    HubTx& t = *tx.value();
    for (const char* w : {kWard, kWard2}) t.PutMaster("location", w, {{"code", w}, {"kind", "ward"}}, "");
    t.PutMaster("location", "B1-1F-W01-BED01", {{"code", "B1-1F-W01-BED01"}, {"kind", "bed"}, {"ward", kWard}}, "");
    t.PutMaster("config", "team:elec_team", {{"code", "elec_team"}, {"trade", "electrical"}, {"name", "Electricians"}}, "");
    t.PutMaster("menu_item", "D010", {{"id", "D010"}, {"name", {{"zh-Hans", "Z"}}}, {"slots", {"lunch"}}, {"diets", {"regular"}}}, "");
    ASSERT_TRUE(t.Commit().ok());
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
    c.set_read_timeout(20, 0);
    return c;
  }
  Terminal Enroll(const std::string& kind, const std::string& location) {
    const std::string code = NewEnrollCode();
    EXPECT_TRUE(AddEnrollCode(*hub->store(), code, kind, location, clock.NowUtcMs(), 3600000).ok());
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
  httplib::Result Get(const Session& s, const std::string& path) { return Client().Get(path, s.headers(false)); }
  httplib::Result Post(const Session& s, const std::string& path, const json& body, bool with_csrf = true) {
    return Client().Post(path, s.headers(with_csrf), body.dump(), "application/json");
  }
  static std::string Code(const httplib::Result& r) {
    if (!r) return "no answer";
    const json j = json::parse(r->body, nullptr, false);
    return j.is_object() ? j.value("code", "(no code) " + r->body.substr(0, 200)) : r->body.substr(0, 200);
  }
  std::string AuditText() {
    std::string all;
    const std::vector<AuditRow> rows = hub->store()->ListAudit(0, 1000).value();  // kept: not a temporary's member
    for (const auto& a : rows)
      all += a.action + " " + a.target + " " + a.before.dump() + " " + a.after.dump() + "\n";
    return all;
  }
  std::optional<json> StaffRow(const std::string& id) {
    auto rows = hub->store()->LoadMasterRows("staff", {id});
    if (!rows || rows->empty()) return std::nullopt;
    return rows->front().second;
  }
  // Every page of a terminal's pull from cursor 0; returns the changes, and each page's body size.
  std::vector<json> PullAll(const Terminal& t, std::vector<size_t>* page_bytes = nullptr,
                            std::vector<size_t>* page_data_bytes = nullptr) {
    std::vector<json> out;
    int64_t cursor = 0;
    for (int guard = 0; guard < 1000; ++guard) {
      auto res = Client().Get("/v1/sync/pull?cursor=" + std::to_string(cursor) + "&limit=5000",
                              {{"Authorization", "Bearer " + t.token}});
      if (!res || res->status != 200) {
        ADD_FAILURE() << "pull failed: " << (res ? res->body.substr(0, 300) : "no answer");
        return out;
      }
      const json page = json::parse(res->body);
      size_t data = 0;
      for (const auto& c : page["changes"]) {
        data += c["data"].dump().size();
        out.push_back(c);
      }
      if (page_bytes) page_bytes->push_back(res->body.size());
      if (page_data_bytes) page_data_bytes->push_back(data);
      EXPECT_TRUE(!page["changes"].empty() || !page["more"].get<bool>()) << "a page with more must carry a change";
      cursor = page["next_cursor"];
      if (!page["more"].get<bool>()) return out;
    }
    ADD_FAILURE() << "the pull never ended";
    return out;
  }
  // The newest pulled row of entity/id (nullopt: never pulled).
  static std::optional<json> Latest(const std::vector<json>& changes, const std::string& entity, const std::string& id) {
    std::optional<json> out;
    for (const auto& c : changes)
      if (c["entity"] == entity && c["id"] == id) out = c["data"];
    return out;
  }
};

json Nurse(const std::string& id, const std::string& ward = kWard) {
  return {{"id", id}, {"create", true}, {"name", {{"zh-Hans", "Z"}, {"zh-Hant", "T"}, {"en", "Nurse Wu"}}},
          {"role", "nurse"}, {"ward", ward}, {"badge", "NURSE-" + id}, {"active", true}, {"pin", "246810"}};
}

// ---- staff ------------------------------------------------------------------------------------------------
TEST_F(ConsoleRest, StaffFormRefusesEveryBadFieldByCodeAndKeepsNothing) {
  const Session admin = SignIn("admin");
  const int64_t changes_before = hub->store()->LastChangeSeq().value();
  struct Case {
    const char* what;
    json body;
    int status;
    const char* code;
  };
  auto with = [](json b, const char* k, json v) {
    if (v.is_null() && std::string(k) != "badge") b.erase(k);
    else b[k] = v;
    return b;
  };
  const std::vector<Case> cases = {
      {"short PIN", with(Nurse("80001"), "pin", "12345"), 400, "staff.pin_length"},
      {"long PIN", with(Nurse("80001"), "pin", "1234567890123"), 400, "staff.pin_length"},
      {"PIN with letters", with(Nurse("80001"), "pin", "12ab56"), 400, "staff.pin_length"},
      {"PIN as a number", with(Nurse("80001"), "pin", 246810), 400, "staff.pin_length"},
      {"unknown ward", with(Nurse("80001"), "ward", "B9-9F-W99"), 400, "staff.unknown_ward"},
      {"a bed is not a ward", with(Nurse("80001"), "ward", "B1-1F-W01-BED01"), 400, "staff.unknown_ward"},
      {"nurse without ward", with(Nurse("80001"), "ward", nullptr), 400, "staff.unknown_ward"},
      {"unknown team", with(with(Nurse("80001"), "role", "worker"), "team", "plumbers"), 400, "staff.unknown_team"},
      {"unknown role", with(Nurse("80001"), "role", "surgeon"), 400, "staff.role"},
      {"no default-language name", with(Nurse("80001"), "name", {{"en", "Nurse Wu"}}), 400, "staff.name_required"},
      {"blank default-language name", with(Nurse("80001"), "name", {{"zh-Hans", "   "}}), 400, "staff.name_required"},
      {"name not an object", with(Nurse("80001"), "name", "Wu"), 400, "staff.name_required"},
      {"name too long", with(Nurse("80001"), "name", {{"zh-Hans", std::string(81, 'x')}}), 400, "staff.name_length"},
      {"control characters", with(Nurse("80001"), "name", {{"zh-Hans", "a\nb"}}), 400, "staff.name_length"},
      {"bad number", with(Nurse("80001"), "id", "80 001"), 400, "staff.number"},
      {"number with a path", with(Nurse("80001"), "id", "../x"), 400, "staff.number"},
      {"bad badge", with(Nurse("80001"), "badge", "<b>"), 400, "staff.badge"},
      {"active not boolean", with(Nurse("80001"), "active", "yes"), 400, "staff.active"},
      {"edit of nobody", with(Nurse("80001"), "create", false), 404, "staff.unknown"},
  };
  for (const auto& c : cases) {
    auto r = Post(admin, "/v1/console/admin/staff", c.body);
    ASSERT_TRUE(r) << c.what;
    EXPECT_EQ(r->status, c.status) << c.what << ": " << r->body;
    EXPECT_EQ(Code(r), c.code) << c.what;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/problem+json") << c.what;
  }
  EXPECT_EQ(Post(admin, "/v1/console/admin/staff", json::array())->status, 400);
  EXPECT_EQ(Client().Post("/v1/console/admin/staff", admin.headers(), "{not json", "application/json")->status, 400);
  // Roles and CSRF.
  EXPECT_EQ(Post(SignIn("kitchen"), "/v1/console/admin/staff", Nurse("80001"))->status, 403);
  EXPECT_EQ(Post(admin, "/v1/console/admin/staff", Nurse("80001"), false)->status, 403);
  EXPECT_EQ(Get(SignIn("desk"), "/v1/console/admin/staff")->status, 403);
  // Nothing was kept: no row, no change, no audit row.
  EXPECT_FALSE(StaffRow("80001"));
  EXPECT_EQ(hub->store()->LastChangeSeq().value(), changes_before);
  EXPECT_EQ(AuditText().find("staff.create"), std::string::npos);
}

TEST_F(ConsoleRest, CreatedNurseReachesOnlyHerWardWithThePinHashAndSignsInOffline) {
  const Terminal ward = Enroll("ward", kWard), ward2 = Enroll("ward", kWard2), bed = Enroll("bedside", "B1-1F-W01-BED01");
  const Session admin = SignIn("admin");
  json body = Nurse("80001");
  body["pin_hash"] = "$argon2id$v=19$m=8,t=1,p=1$forged$forged";  // forged fields are never taken
  body["trade"] = "electrical";
  body["scope"] = "";
  auto r = Post(admin, "/v1/console/admin/staff", body);
  ASSERT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(r->body.find("246810"), std::string::npos);
  EXPECT_EQ(r->body.find("argon2"), std::string::npos);
  EXPECT_EQ(r->body.find("NURSE-80001"), std::string::npos) << "the badge code is not echoed";
  const json answer = json::parse(r->body);
  EXPECT_EQ(answer["has_pin"], true);
  EXPECT_EQ(answer["has_badge"], true);
  // Duplicate number.
  r = Post(admin, "/v1/console/admin/staff", Nurse("80001"));
  EXPECT_EQ(r->status, 409) << r->body;
  EXPECT_EQ(Code(r), "staff.exists");
  // A badge another member holds.
  json other = Nurse("80002");
  other["badge"] = "NURSE-80001";
  r = Post(admin, "/v1/console/admin/staff", other);
  EXPECT_EQ(r->status, 409) << r->body;
  EXPECT_EQ(Code(r), "staff.badge_taken");

  const json row = StaffRow("80001").value();
  ASSERT_TRUE(row.contains("pin_hash"));
  const std::string hash = row["pin_hash"];
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
  ASSERT_EQ(sodium_init() >= 0, true);
  EXPECT_EQ(crypto_pwhash_str_verify(hash.c_str(), "246810", 6), 0) << "the stored hash verifies the PIN";
  EXPECT_FALSE(row.contains("trade"));
  EXPECT_FALSE(row.contains("scope"));

  // The ward's kiosk gets the hash and the badge; another ward never sees her; a bedside tablet in
  // her ward gets her without secrets.
  const auto here = Latest(PullAll(ward), "staff", "80001");
  ASSERT_TRUE(here);
  EXPECT_EQ((*here)["pin_hash"], hash);
  EXPECT_EQ((*here)["badge"], "NURSE-80001");
  EXPECT_EQ((*here)["name"]["en"], "Nurse Wu");
  EXPECT_EQ((*here)["active"], true);
  auto member = staff::StaffFromJson(*here);
  ASSERT_TRUE(member.ok());
  EXPECT_TRUE(staff::StaffAllowedAt(member.value(), Binding{Role::kWard, kWard}).ok());
  EXPECT_FALSE(Latest(PullAll(ward2), "staff", "80001"));
  const auto at_bed = Latest(PullAll(bed), "staff", "80001");
  ASSERT_TRUE(at_bed);
  EXPECT_FALSE(at_bed->contains("pin_hash"));
  EXPECT_FALSE(at_bed->contains("badge"));

  // Audit: who and what, never the PIN, the hash or the badge.
  const std::string audit = AuditText();
  EXPECT_NE(audit.find("staff.create 80001"), std::string::npos) << audit;
  EXPECT_EQ(audit.find("246810"), std::string::npos);
  EXPECT_EQ(audit.find("argon2"), std::string::npos);
  EXPECT_EQ(audit.find("NURSE-80001"), std::string::npos);
  // The list shows whether a PIN and a badge are set, never them.
  auto list = Get(admin, "/v1/console/admin/staff");
  ASSERT_EQ(list->status, 200);
  EXPECT_EQ(list->body.find("argon2"), std::string::npos);
  EXPECT_EQ(list->body.find("NURSE-80001"), std::string::npos);
  const json l = json::parse(list->body);
  EXPECT_NE(l["wards"].dump().find(kWard2), std::string::npos);
  EXPECT_EQ(l["wards"].dump().find("BED01"), std::string::npos);
  EXPECT_NE(l["teams"].dump().find("elec_team"), std::string::npos);
}

TEST_F(ConsoleRest, EditKeepsThePinMovesWardsAndDeactivatesAsTerminalsSeeIt) {
  const Terminal ward = Enroll("ward", kWard), ward2 = Enroll("ward", kWard2);
  const Session admin = SignIn("admin");
  ASSERT_EQ(Post(admin, "/v1/console/admin/staff", Nurse("80001"))->status, 201);
  const std::string hash = StaffRow("80001").value()["pin_hash"];
  ASSERT_TRUE(Latest(PullAll(ward), "staff", "80001"));

  // Moved to the other ward without a new PIN: the hash stays, and her old ward's kiosk learns she left
  // (the row arrives there without secrets and she may no longer sign in there).
  json edit = Nurse("80001", kWard2);
  edit["create"] = false;
  edit.erase("pin");
  edit.erase("badge");
  edit["name"]["en"] = "Nurse Wu-Li";
  auto r = Post(admin, "/v1/console/admin/staff", edit);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(StaffRow("80001").value()["pin_hash"], hash);
  EXPECT_EQ(StaffRow("80001").value()["badge"], "NURSE-80001");
  const auto old_ward = Latest(PullAll(ward), "staff", "80001");
  ASSERT_TRUE(old_ward);
  EXPECT_EQ((*old_ward)["ward"], kWard2);
  EXPECT_FALSE(old_ward->contains("pin_hash"));
  EXPECT_FALSE(staff::StaffAllowedAt(staff::StaffFromJson(*old_ward).value(), Binding{Role::kWard, kWard}).ok());
  const auto new_ward = Latest(PullAll(ward2), "staff", "80001");
  ASSERT_TRUE(new_ward);
  EXPECT_EQ((*new_ward)["pin_hash"], hash);
  EXPECT_EQ((*new_ward)["name"]["en"], "Nurse Wu-Li");

  // Reset the PIN and deactivate in one form; the new hash verifies the new PIN only.
  edit["pin"] = "97531086";
  edit["active"] = false;
  r = Post(admin, "/v1/console/admin/staff", edit);
  ASSERT_EQ(r->status, 200) << r->body;
  const json row = StaffRow("80001").value();
  EXPECT_NE(row["pin_hash"], hash);
  EXPECT_EQ(crypto_pwhash_str_verify(row["pin_hash"].get<std::string>().c_str(), "97531086", 8), 0);
  const auto off = Latest(PullAll(ward2), "staff", "80001");
  ASSERT_TRUE(off);
  EXPECT_EQ((*off)["active"], false);
  EXPECT_FALSE(off->contains("pin_hash")) << "an inactive member signs in nowhere: no terminal needs her hash";

  // A wrong PIN length on edit changes nothing at all.
  const int64_t seq = hub->store()->LastChangeSeq().value();
  edit["pin"] = "123";
  edit["active"] = true;
  r = Post(admin, "/v1/console/admin/staff", edit);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(Code(r), "staff.pin_length");
  EXPECT_EQ(StaffRow("80001").value()["active"], false);
  EXPECT_EQ(hub->store()->LastChangeSeq().value(), seq);

  // A service worker: the team's trade is copied; the row is hospital-wide and has no ward.
  json worker = {{"id", "S9001"}, {"create", true}, {"name", {{"zh-Hans", "W"}}}, {"role", "worker"}, {"team", "elec_team"}};
  r = Post(admin, "/v1/console/admin/staff", worker);
  ASSERT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(StaffRow("S9001").value()["trade"], "electrical");
  EXPECT_FALSE(StaffRow("S9001").value().contains("ward"));
  EXPECT_TRUE(Latest(PullAll(ward), "staff", "S9001"));
  const std::string audit = AuditText();
  EXPECT_NE(audit.find("staff.update 80001"), std::string::npos);
  EXPECT_EQ(audit.find("97531086"), std::string::npos);
  EXPECT_EQ(audit.find("argon2"), std::string::npos);
}

TEST(ConsoleStaffForm, ShapeChecksNeedNoStore) {
  EXPECT_TRUE(CheckStaffForm(Nurse("70001")).ok());
  json b = Nurse("70001");
  b["pin"] = "";
  EXPECT_TRUE(CheckStaffForm(b).ok()) << "an empty PIN keeps the one set";
  b["pin"] = "1234567";
  EXPECT_TRUE(CheckStaffForm(b).ok());
  b["pin"] = "12345";
  EXPECT_EQ(CheckStaffForm(b).error().code, "staff.pin_length");
}

// ---- dish photos -------------------------------------------------------------------------------------------
TEST(ConsoleDishPhotoCheck, RefusesWhatIsNotAWholeSmallJpeg) {
  const std::string good = NoiseJpeg(64, 48, 1);
  auto ok = ValidateDishPhoto(good);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->width, 64);
  EXPECT_EQ(ok->height, 48);
  EXPECT_EQ(ValidateDishPhoto("").error().code, "photo.empty");
  EXPECT_EQ(ValidateDishPhoto("\x89PNG\r\n\x1a\n0000").error().code, "photo.not_jpeg");
  EXPECT_EQ(ValidateDishPhoto("GIF89a....").error().code, "photo.not_jpeg");
  EXPECT_EQ(ValidateDishPhoto(good.substr(0, good.size() / 2)).error().code, "photo.truncated");
  // Cut in the middle but given an end marker: the decoder refuses it.
  EXPECT_EQ(ValidateDishPhoto(good.substr(0, 200) + "\xFF\xD9").error().code, "photo.undecodable");
  // Magic bytes and end marker around junk.
  EXPECT_EQ(ValidateDishPhoto(std::string("\xFF\xD8\xFF\xE0", 4) + std::string(1000, 'x') + "\xFF\xD9").error().code,
            "photo.undecodable");
  EXPECT_EQ(ValidateDishPhoto(NoiseJpeg(2100, 20, 2, 30)).error().code, "photo.dimensions");
  EXPECT_EQ(ValidateDishPhoto(Oversized()).error().code, "photo.too_large");
}

TEST_F(ConsoleRest, DishPhotoIsCheckedStoredOnceAndPulledAsItsOwnEntity) {
  const Terminal bed = Enroll("bedside", "B1-1F-W01-BED01");
  const Session admin = SignIn("admin");
  const std::string url = "/v1/console/admin/dishes/D010/photo";
  const std::string good = NoiseJpeg(120, 90, 7);
  const int64_t seq = hub->store()->LastChangeSeq().value();
  auto up = [&](const std::string& jpeg) { return Post(admin, url, {{"jpeg", photo::Base64Encode(jpeg)}}); };
  // Hostile uploads: each refused by its code, nothing kept.
  auto r = up("\x89PNG\r\n\x1a\nxxxxxxxxxxxxxxxx");
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(Code(r), "photo.not_jpeg");
  r = up(good.substr(0, good.size() - 40));
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(Code(r), "photo.truncated");
  r = up(good.substr(0, 300) + "\xFF\xD9");
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(Code(r), "photo.undecodable");
  r = up(Oversized());
  EXPECT_EQ(r->status, 413) << r->body.substr(0, 300);
  EXPECT_EQ(Code(r), "photo.too_large");
  r = up(std::string(1u << 20, '\xFF'));  // far beyond the route's body cap: refused at the gate
  EXPECT_TRUE(!r || r->status == 413) << r->status;
  r = Post(admin, url, {{"jpeg", "not base64!"}});
  EXPECT_EQ(Code(r), "photo.base64");
  r = Post(admin, url, {{"jpeg", 12}});
  EXPECT_EQ(Code(r), "photo.empty");
  r = Post(admin, "/v1/console/admin/dishes/D999/photo", {{"jpeg", photo::Base64Encode(good)}});
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(Code(r), "dish.unknown");
  EXPECT_EQ(Post(SignIn("kitchen"), url, {{"jpeg", photo::Base64Encode(good)}})->status, 403);
  EXPECT_EQ(Post(admin, url, {{"jpeg", photo::Base64Encode(good)}}, false)->status, 403);
  EXPECT_EQ(hub->store()->LastChangeSeq().value(), seq) << "a refused photo leaves nothing behind";

  r = up(good);
  ASSERT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(json::parse(r->body)["bytes"], good.size());
  EXPECT_FALSE(json::parse(r->body).contains("data"));
  // Served back to the console as it was sent; listed without its bytes.
  auto back = Get(SignIn("kitchen"), url);
  ASSERT_EQ(back->status, 200);
  EXPECT_EQ(back->get_header_value("Content-Type"), "image/jpeg");
  EXPECT_EQ(back->body, good);
  auto list = Get(admin, "/v1/console/admin/dish-photos");
  ASSERT_EQ(list->status, 200);
  EXPECT_EQ(json::parse(list->body)["photos"][0]["id"], "D010");
  EXPECT_LT(list->body.size(), 1000u);

  // Replaced: the change log keeps only the newest photo; the dish row itself never changes.
  const std::string second = NoiseJpeg(100, 100, 8);
  ASSERT_EQ(up(second)->status, 200);
  EXPECT_EQ(hub->store()->ListChangesOf("dish_photo", 0, 100).value().size(), 1u);
  const auto changes = PullAll(bed);
  const auto pulled = Latest(changes, "dish_photo", "D010");
  ASSERT_TRUE(pulled);
  std::string bytes;
  ASSERT_TRUE(photo::Base64Decode((*pulled)["data"].get<std::string>(), &bytes));
  EXPECT_EQ(bytes, second);
  EXPECT_EQ((*pulled)["mime"], "image/jpeg");
  const auto dish = Latest(changes, "menu_item", "D010");
  ASSERT_TRUE(dish);
  EXPECT_FALSE(dish->contains("data")) << "the menu stays small";
  const std::string audit = AuditText();
  EXPECT_NE(audit.find("dish_photo.create D010"), std::string::npos) << audit;
  EXPECT_NE(audit.find("dish_photo.update D010"), std::string::npos) << audit;
  EXPECT_LT(audit.size(), 4000u) << "the audit keeps size and hash, not the bytes";
}

// ---- the pull's byte budget --------------------------------------------------------------------------------
TEST_F(ConsoleRest, ManyPhotosArriveOverSeveralPullPagesEachWithinTheBudget) {
  EXPECT_LT(kPullPageBytes * 4, offline::TransportOptions{}.max_body_bytes) << "a page is far below the kiosk's cap";
  const Terminal bed = Enroll("bedside", "B1-1F-W01-BED01");
  const Session admin = SignIn("admin");
  // ~230 KiB photos: their base64 alone is ~300 KiB, so 40 of them are ~12 MiB, three pages or more.
  const int kPhotos = 40;
  size_t total = 0;
  {
    auto tx = hub->store()->Begin();
    ASSERT_TRUE(tx.ok());
    for (int i = 0; i < kPhotos; ++i) {
      const std::string id = "P" + std::to_string(100 + i);
      tx.value()->PutMaster("menu_item", id, {{"id", id}, {"name", {{"zh-Hans", "Z"}}}, {"slots", {"lunch"}}, {"diets", {"regular"}}}, "");
    }
    ASSERT_TRUE(tx.value()->Commit().ok());
  }
  const std::string base = NoiseJpeg(300, 280, 11, 97);
  ASSERT_LE(base.size(), kMaxDishPhotoBytes);
  ASSERT_GT(base.size(), 150u * 1024);
  for (int i = 0; i < kPhotos; ++i) {
    auto r = Post(admin, "/v1/console/admin/dishes/P" + std::to_string(100 + i) + "/photo", {{"jpeg", photo::Base64Encode(base)}});
    ASSERT_EQ(r->status, 201) << r->body.substr(0, 300);
    total += base.size();
  }
  std::vector<size_t> pages, data;
  const auto changes = PullAll(bed, &pages, &data);
  int photos = 0;
  for (const auto& c : changes) photos += c["entity"] == "dish_photo";
  EXPECT_EQ(photos, kPhotos) << "every photo arrives";
  EXPECT_GE(pages.size(), 3u) << "the budget split them over several pages";
  for (size_t i = 0; i < pages.size(); ++i) {
    EXPECT_LE(data[i], kPullPageBytes) << "page " << i;
    EXPECT_LE(pages[i], kPullPageBytes + 64 * 1024) << "page " << i << ": data plus the changes' envelopes";
  }
  EXPECT_GT(total, 2 * kPullPageBytes);
  std::string sizes;
  for (size_t i = 0; i < pages.size(); ++i) sizes += " " + std::to_string(pages[i]);
  std::printf("pull budget %zu: %d photos (%zu JPEG bytes) in %zu pages of%s bytes\n", kPullPageBytes, kPhotos, total,
              pages.size(), sizes.c_str());
}

// A budget smaller than one change: every page still carries one, so the pull always progresses.
class ConsoleRestTinyBudget : public ConsoleRest {
  size_t PullBudget() override { return 10; }  // below any change's data
};

TEST_F(ConsoleRestTinyBudget, PullWithABudgetBelowOneChangeStillMakesProgress) {
  const Terminal bed = Enroll("bedside", "B1-1F-W01-BED01");
  const Session admin = SignIn("admin");
  ASSERT_EQ(Post(admin, "/v1/console/admin/dishes/D010/photo", {{"jpeg", photo::Base64Encode(NoiseJpeg(50, 50, 5))}})->status, 201);
  std::vector<size_t> pages;
  const auto changes = PullAll(bed, &pages);
  EXPECT_TRUE(Latest(changes, "dish_photo", "D010"));
  EXPECT_TRUE(Latest(changes, "menu_item", "D010"));
  EXPECT_EQ(pages.size(), changes.size()) << "one change a page";
}

}  // namespace
}  // namespace onestop::hub
