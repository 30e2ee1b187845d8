// Integration tests of issue 11's hub rules against a real hub over HTTP and real SQLite files: payload
// whitelist, sizes, master-data locations and the created_at window; staff secrets only where staff can
// sign in; revocation by the CLI binary while a hub process serves; file modes; enrollment codes;
// `staff set-pin` refusing --pin. Must not share state between tests (each has its own directory).
#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <thread>

#include "kiosk/core/clock.h"
#include "kiosk/core/meals.h"
#include "kiosk/core/protocol.h"
#include "kiosk/core/record_rules.h"
#include "server/hub.h"
#include "server/store.h"

namespace onestop::hub {
namespace {
namespace fs = std::filesystem;
namespace pr = onestop::protocol;
namespace rr = onestop::records::reason;
using nlohmann::json;

fs::path MakeTempDir() {
  std::string tmpl = (fs::temp_directory_path() / "onestop-rules-test-XXXXXX").string();
  EXPECT_NE(mkdtemp(tmpl.data()), nullptr);
  return fs::path(tmpl);
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string HubBin() {
  const char* b = std::getenv("ONESTOP_HUB_BIN");
  return b ? b : std::string(ONESTOP_BINARY_DIR) + "/server/onestop-hub";
}

struct Terminal {
  std::string id, token;
  Binding binding;
  httplib::Headers auth() const { return {{"Authorization", "Bearer " + token}}; }
};

Terminal EnrollAt(int port, const std::string& code, int expect = 200) {
  httplib::Client c("127.0.0.1", port);
  auto res = c.Post("/v1/enroll", pr::ToJson(pr::EnrollRequest{code, {"SN-1", "tablet", "test"}}).dump(), "application/json");
  EXPECT_TRUE(res);
  if (!res) return {};
  EXPECT_EQ(res->status, expect) << code << ": " << res->body;
  auto e = pr::DecodeEnrollResponse(res->body);
  return e.ok() ? Terminal{e->terminal_id, e->token, e->binding} : Terminal{};
}

// Staff rows of a full pull, by id.
std::map<std::string, json> PullStaff(int port, const Terminal& t) {
  httplib::Client c("127.0.0.1", port);
  std::map<std::string, json> out;
  int64_t cursor = 0;
  for (int guard = 0; guard < 100; ++guard) {
    auto res = c.Get("/v1/sync/pull?cursor=" + std::to_string(cursor) + "&limit=5000", t.auth());
    EXPECT_TRUE(res && res->status == 200);
    if (!res || res->status != 200) break;
    auto page = pr::DecodePullResponse(res->body);
    EXPECT_TRUE(page.ok());
    if (!page.ok()) break;
    for (const auto& ch : page->changes)
      if (ch.entity == "staff") out[ch.id] = ch.data;
    cursor = page->next_cursor;
    if (!page->more) break;
  }
  return out;
}

class HubRulesTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = MakeTempDir(); }
  void TearDown() override {
    if (hub_) {
      hub_->Stop();
      if (thread_.joinable()) thread_.join();
      hub_.reset();
    }
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void StartHub(bool demo) {
    HubOptions o;
    o.listen_port = 0;
    o.db_path = (dir_ / "hub.db").string();
    o.threads = 4;
    o.demo_data = demo;
    hub_ = std::make_unique<Hub>(o);
    std::string err;
    port_ = hub_->Bind(&err);
    ASSERT_GT(port_, 0) << err;
    thread_ = std::thread([h = hub_.get()] { h->Serve(); });
    auto res = httplib::Client("127.0.0.1", port_).Get("/v1/health");
    ASSERT_TRUE(res && res->status == 200);
  }
  // Pushes records given as raw JSON; returns each result's status and reason.
  std::vector<pr::PushResult> PushRaw(const Terminal& t, const json& records) {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(20, 0);
    auto res = c.Post("/v1/sync/push", t.auth(), json{{"terminal_id", t.id}, {"records", records}}.dump(), "application/json");
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, 200) << res->body.substr(0, 300);
    auto r = pr::DecodePushResponse(res->body);
    EXPECT_TRUE(r.ok()) << res->body.substr(0, 300);
    return r.ok() ? r->results : std::vector<pr::PushResult>{};
  }
  static json Rec(std::string_view kind, json payload, int64_t created_ms = NowMs()) {
    return {{"id", pr::NewUuidV4()}, {"kind", kind}, {"created_at", FormatIsoUtcMs(created_ms)}, {"payload", std::move(payload)}};
  }
  // The reason code of a single pushed record ("accepted" when accepted).
  std::string Outcome(const Terminal& t, const json& rec) {
    auto r = PushRaw(t, json::array({rec}));
    if (r.size() != 1) return "no answer";
    if (r[0].status != pr::PushStatus::kRejected) return "accepted";
    const auto parsed = meals::ParseReason(r[0].reason);
    return parsed.code.empty() ? "uncoded: " + r[0].reason : parsed.code;
  }
  size_t TicketCount() {
    auto rows = hub_->store()->ListTickets();
    return rows.ok() ? rows->size() : 0;
  }

  fs::path dir_;
  std::unique_ptr<Hub> hub_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(HubRulesTest, PayloadWhitelistSizesLocationsAndTimeAreCodedRefusals) {
  StartHub(true);
  const Terminal bed = EnrollAt(port_, "DEMO-BEDSIDE");
  const Terminal ward = EnrollAt(port_, "DEMO-WARD");
  ASSERT_EQ(bed.binding.location, "B1-1F-W01-BED01");
  const json complaint = {{"category", "noise"}, {"text", "too loud at night"}};
  ASSERT_EQ(Outcome(bed, Rec("complaint", complaint)), "accepted");
  const size_t tickets = TicketCount();

  // The attacker's run: a 900 KB junk field inside a complaint; the same size as the text itself.
  json junk = complaint;
  junk["junk"] = std::string(900 * 1024, 'x');
  EXPECT_EQ(Outcome(bed, Rec("complaint", junk)), rr::kUnknownKey);
  json small_junk = complaint;
  small_junk["colour"] = "red";
  EXPECT_EQ(Outcome(bed, Rec("complaint", small_junk)), rr::kUnknownKey);
  json long_text = complaint;
  long_text["text"] = std::string(900 * 1024, 'x');
  EXPECT_EQ(Outcome(bed, Rec("complaint", long_text)), rr::kFieldTooLong);
  EXPECT_EQ(Outcome(bed, Rec("complaint", {{"text", 42}})), rr::kBadField);
  EXPECT_EQ(Outcome(bed, Rec("complaint", {{"category", "noise"}})), rr::kMissingField);

  // Locations: made up, or outside the binding.
  json fake = complaint;
  fake["location"] = "B1-1F-W01-BED01-FAKE";
  EXPECT_EQ(Outcome(bed, Rec("complaint", fake)), rr::kUnknownLocation);
  fake["location"] = "B1-1F-W01-BED99";
  EXPECT_EQ(Outcome(ward, Rec("cleaning_request", {{"location", "B1-1F-W01-BED99"}, {"type", "cleaning"}})),
            rr::kUnknownLocation);
  EXPECT_EQ(Outcome(ward, Rec("cleaning_request", {{"location", "B1-1F-W01-BED02"}, {"type", "cleaning"}})), "accepted");
  EXPECT_EQ(Outcome(bed, Rec("complaint", {{"location", "B1-1F-W01-BED02"}, {"text", "x"}})), rr::kOutOfScope);

  // created_at: empty (stored as 1970 before), not RFC 3339 UTC, too old, too far ahead.
  json rec = Rec("complaint", complaint);
  rec["created_at"] = "";
  EXPECT_EQ(Outcome(bed, rec), rr::kBadTime);
  rec["created_at"] = "2026-11-22T19:22:56.123+08:00";
  EXPECT_EQ(Outcome(bed, rec), rr::kBadTime);
  EXPECT_EQ(Outcome(bed, Rec("complaint", complaint, NowMs() - 40LL * 24 * 3600 * 1000)), rr::kTimeOutOfWindow);
  EXPECT_EQ(Outcome(bed, Rec("complaint", complaint, NowMs() + 2LL * 24 * 3600 * 1000)), rr::kTimeOutOfWindow);
  // Inside the window: a record from an offline week, and one from a clock an hour fast.
  EXPECT_EQ(Outcome(bed, Rec("complaint", complaint, NowMs() - 7LL * 24 * 3600 * 1000)), "accepted");
  EXPECT_EQ(Outcome(bed, Rec("complaint", complaint, NowMs() + 3600 * 1000)), "accepted");
  // A meal order stays stricter about the future (2 minutes, judged at hub time).
  EXPECT_EQ(Outcome(bed, Rec("meal_order", {{"slot", "lunch"}, {"date", "2030-01-01"}, {"late", false},
                                            {"items", json::array({{{"menu_item", "x"}, {"qty", 1}}})},
                                            {"diet", {{"code", "regular"}, {"allergens", json::array()}}}},
                             NowMs() + 3600 * 1000)),
            meals::reason::kClockAhead);

  // Only the accepted ones made tickets; the rejected reasons are remembered for their ids.
  EXPECT_EQ(TicketCount(), tickets + 3);
}

TEST_F(HubRulesTest, StaffSecretsReachOnlyTerminalsWhereStaffCanSignIn) {
  StartHub(true);
  ASSERT_TRUE(AddEnrollCode(*hub_->store(), "WARD2-CODE1", "ward", "B1-1F-W02", NowMs(), 3600000).ok());
  const Terminal bed = EnrollAt(port_, "DEMO-BEDSIDE");
  const Terminal ward1 = EnrollAt(port_, "DEMO-WARD");
  const Terminal ward2 = EnrollAt(port_, "WARD2-CODE1");
  ASSERT_TRUE(AddEnrollCode(*hub_->store(), "STAFF-CODE1", "staff", "", NowMs(), 3600000).ok());
  const Terminal tablet = EnrollAt(port_, "STAFF-CODE1");

  const auto at_bed = PullStaff(port_, bed);
  ASSERT_TRUE(at_bed.count("70001")) << "the bedside still sees the ward's nurses (names)";
  ASSERT_TRUE(at_bed.count("S0001"));
  // Issue 16: the rating screen names who did the job from this row: the display name reaches the bed.
  const json worker_name = at_bed.at("S0001").value("name", json::object());
  EXPECT_FALSE(worker_name.value("en", "").empty());
  EXPECT_FALSE(worker_name.value("zh-Hans", "").empty());
  for (const auto& [id, data] : at_bed) {
    EXPECT_FALSE(data.contains("pin_hash")) << "bedside got the pin_hash of " << id;
    EXPECT_FALSE(data.contains("badge")) << "bedside got the badge of " << id;
  }

  const auto at_ward1 = PullStaff(port_, ward1);
  ASSERT_TRUE(at_ward1.count("70001"));
  EXPECT_TRUE(at_ward1.at("70001").contains("pin_hash"));
  EXPECT_EQ(at_ward1.at("70001").value("badge", ""), "NURSE900001");
  EXPECT_FALSE(at_ward1.count("70005") && at_ward1.at("70005").contains("pin_hash"));
  ASSERT_TRUE(at_ward1.count("S0001"));
  EXPECT_FALSE(at_ward1.at("S0001").contains("badge")) << "a worker cannot sign in on a ward kiosk";

  const auto at_ward2 = PullStaff(port_, ward2);
  ASSERT_TRUE(at_ward2.count("70005"));
  EXPECT_TRUE(at_ward2.at("70005").contains("pin_hash"));
  EXPECT_FALSE(at_ward2.count("70001") && at_ward2.at("70001").contains("pin_hash"))
      << "a ward kiosk of another ward got the pin_hash of 70001";

  const auto at_tablet = PullStaff(port_, tablet);
  EXPECT_TRUE(at_tablet.at("70001").contains("pin_hash"));
  EXPECT_TRUE(at_tablet.at("70005").contains("pin_hash"));
  EXPECT_TRUE(at_tablet.at("S0001").contains("badge"));
}

TEST_F(HubRulesTest, EnrollCodesAreLongUnambiguousAndTypedLoosely) {
  const std::regex shape("[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}");
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const std::string c = NewEnrollCode();
    EXPECT_TRUE(std::regex_match(c, shape)) << c;
    seen.insert(c);
  }
  EXPECT_EQ(seen.size(), 200u);
  StartHub(false);
  std::vector<std::string> codes;
  for (int i = 0; i < 3; ++i) {
    codes.push_back(NewEnrollCode());
    ASSERT_TRUE(AddEnrollCode(*hub_->store(), codes.back(), "bedside", "B9-1F-W01-BED01", NowMs(), 3600000).ok());
  }
  std::string lower = codes[0];
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  EXPECT_FALSE(EnrollAt(port_, lower).id.empty());
  std::string nodash = codes[1];
  nodash.erase(5, 1);
  EXPECT_FALSE(EnrollAt(port_, nodash).id.empty());
  EXPECT_FALSE(EnrollAt(port_, codes[2]).id.empty());
  EnrollAt(port_, codes[2], 409);  // still one-time, in any spelling
  std::string wrong = codes[2];
  wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
  EnrollAt(port_, wrong, 400);
}

TEST_F(HubRulesTest, DatabaseDirectoryAndFilesAreForTheHubOnly) {
  const mode_t old = ::umask(022);  // a typical login umask: the store must not rely on the caller's
  const fs::path db = dir_ / "data" / "hub" / "hub.db";
  ASSERT_FALSE(OpenSqliteStore(db.string()).ok()) << "only serve creates a missing directory";
  ASSERT_TRUE(PrepareDatabaseDir(db.string()).ok());
  {
    auto st = OpenSqliteStore(db.string());
    ASSERT_TRUE(st.ok()) << st.error().message;
    auto tx = st.value()->Begin();
    ASSERT_TRUE(tx.ok());
    tx.value()->PutMaster("config", "x", json{{"a", 1}}, "");
    ASSERT_TRUE(tx.value()->Commit().ok());
    auto mode = [](const fs::path& p) {
      struct stat sb{};
      EXPECT_EQ(::stat(p.c_str(), &sb), 0) << p;
      return sb.st_mode & 0777;
    };
    EXPECT_EQ(mode(dir_ / "data"), 0700u);
    EXPECT_EQ(mode(dir_ / "data" / "hub"), 0700u);
    for (const char* suffix : {"", "-wal", "-shm"}) EXPECT_EQ(mode(db.string() + suffix), 0600u) << suffix;
  }
  ::umask(old);
}

// ---- the real binary -------------------------------------------------------------------------------
struct Run {
  int rc = -1;
  std::string out, err;
};

// Runs onestop-hub with `args` (no shell); stdin from `input`.
Run RunHubBin(std::vector<std::string> args, const std::string& input, const fs::path& scratch) {
  const fs::path in = scratch / "stdin", out = scratch / "stdout", err = scratch / "stderr";
  {
    std::ofstream f(in);
    f << input;
  }
  const pid_t pid = fork();
  if (pid == 0) {
    freopen(in.c_str(), "r", stdin);
    freopen(out.c_str(), "w", stdout);
    freopen(err.c_str(), "w", stderr);
    std::vector<char*> argv;
    std::string bin = HubBin();
    argv.push_back(bin.data());
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  auto slurp = [](const fs::path& p) {
    std::ifstream f(p);
    return std::string(std::istreambuf_iterator<char>(f), {});
  };
  return Run{WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

// `onestop-hub serve` as a child process; stopped by its pid.
class ServeProcess {
 public:
  explicit ServeProcess(const std::string& db) {
    int fds[2];
    if (pipe(fds) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(fds[1], STDOUT_FILENO);
      close(fds[0]);
      close(fds[1]);
      std::string bin = HubBin();
      execl(bin.c_str(), bin.c_str(), "serve", "--listen", "127.0.0.1:0", "--db", db.c_str(), "--demo-data",
            static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    std::string buf;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline && port_ == 0) {
      pollfd p{fds[0], POLLIN, 0};
      if (poll(&p, 1, 200) <= 0) continue;
      char c[256];
      const ssize_t n = read(fds[0], c, sizeof c);
      if (n <= 0) break;
      buf.append(c, static_cast<size_t>(n));
      const auto pos = buf.find("listening ");
      if (pos != std::string::npos && buf.find('\n', pos) != std::string::npos) {
        const std::string line = buf.substr(pos, buf.find('\n', pos) - pos);
        port_ = std::stoi(line.substr(line.rfind(':') + 1));
      }
    }
    close(fds[0]);
  }
  ~ServeProcess() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

TEST_F(HubRulesTest, RevokedByTheCliWhileServingGets401WithinASecond) {
  const std::string db = (dir_ / "var" / "hub.db").string();  // serve creates its directory
  ServeProcess hub(db);
  ASSERT_GT(hub.port(), 0);
  struct stat sb{};
  ASSERT_EQ(::stat((dir_ / "var").c_str(), &sb), 0);
  EXPECT_EQ(sb.st_mode & 0777, 0700u);
  ASSERT_EQ(::stat(db.c_str(), &sb), 0);
  EXPECT_EQ(sb.st_mode & 0777, 0600u);
  const Terminal bed = EnrollAt(hub.port(), "DEMO-BEDSIDE");
  const Terminal ward = EnrollAt(hub.port(), "DEMO-WARD");
  httplib::Client c("127.0.0.1", hub.port());
  auto pull = [&](const Terminal& t) {
    auto r = c.Get("/v1/sync/pull?cursor=0&limit=1", t.auth());
    return r ? r->status : -1;
  };
  ASSERT_EQ(pull(bed), 200);  // now in the hub's auth cache
  ASSERT_EQ(pull(ward), 200);

  auto listed = RunHubBin({"terminals", "--db", db, "list", "--json"}, "", dir_);
  ASSERT_EQ(listed.rc, 0) << listed.err;
  EXPECT_NE(listed.out.find("\"id\":\"" + bed.id + "\""), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("\"kind\":\"bedside\""), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("\"location\":\"B1-1F-W01-BED01\""), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out.find("\"revoked\":true"), std::string::npos) << listed.out;

  auto revoked = RunHubBin({"terminals", "--db", db, "revoke", bed.id}, "", dir_);
  ASSERT_EQ(revoked.rc, 0) << revoked.err;
  const auto at = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::milliseconds(1050));
  EXPECT_EQ(pull(bed), 401) << "still served " << std::chrono::duration_cast<std::chrono::milliseconds>(
                                                      std::chrono::steady_clock::now() - at).count() << " ms after revoke";
  auto push = c.Post("/v1/sync/push", bed.auth(), json{{"records", json::array()}}.dump(), "application/json");
  ASSERT_TRUE(push);
  EXPECT_EQ(push->status, 401);
  EXPECT_EQ(pull(ward), 200) << "revoking one terminal touched another";

  listed = RunHubBin({"terminals", "--db", db, "list"}, "", dir_);
  ASSERT_EQ(listed.rc, 0) << listed.err;
  EXPECT_NE(listed.out.find(bed.id + "\tbedside\tB1-1F-W01-BED01\t"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("revoked:"), std::string::npos) << listed.out;
  EXPECT_EQ(RunHubBin({"terminals", "--db", db, "revoke", "term-nope"}, "", dir_).rc, 1);
}

TEST_F(HubRulesTest, SetPinTakesThePinOnlyOnStdin) {
  const std::string db = (dir_ / "hub.db").string();
  {
    auto st = OpenSqliteStore(db);
    ASSERT_TRUE(st.ok());
    auto tx = st.value()->Begin();
    ASSERT_TRUE(tx.ok());
    tx.value()->PutMaster("staff", "70009", json{{"id", "70009"}, {"role", "nurse"}, {"ward", "B1-1F-W01"}}, "B1-1F-W01");
    ASSERT_TRUE(tx.value()->Commit().ok());
  }
  auto argv_pin = RunHubBin({"staff", "--db", db, "set-pin", "--id", "70009", "--pin", "97531864"}, "", dir_);
  EXPECT_EQ(argv_pin.rc, 2);
  EXPECT_NE(argv_pin.err.find("stdin"), std::string::npos) << argv_pin.err;
  auto ok = RunHubBin({"staff", "--db", db, "set-pin", "--id", "70009"}, "97531864\n", dir_);
  EXPECT_EQ(ok.rc, 0) << ok.err;
  auto st = OpenSqliteStore(db);
  ASSERT_TRUE(st.ok());
  auto tx = st.value()->Begin();
  ASSERT_TRUE(tx.ok());
  auto row = tx.value()->GetMaster("staff", "70009");
  ASSERT_TRUE(row);
  EXPECT_EQ(row->value("pin_hash", "").rfind("$argon2id$", 0), 0u) << row->dump();
  EXPECT_EQ(RunHubBin({"staff", "--db", db, "set-pin", "--id", "70009"}, "", dir_).rc, 2);
}

// Issue 16 item 6: what a patient names as broken (payload.asset_class) and where a ward kiosk's
// request is for are judged by the hub as a hostile client might send them; a refusal is coded and
// leaves no ticket behind.
TEST_F(HubRulesTest, AssetClassAndChosenPlaceAreJudgedAgainstMasterData) {
  StartHub(true);
  const Terminal bed = EnrollAt(port_, "DEMO-BEDSIDE");
  const Terminal ward = EnrollAt(port_, "DEMO-WARD");
  ASSERT_EQ(ward.binding.location, "B1-1F-W01");
  const size_t before = TicketCount();

  // A class the hub describes: accepted without a description, routed to the class's trade.
  auto r = PushRaw(bed, json::array({Rec("repair_request", {{"asset_class", "television"}, {"category", "no_picture"},
                                                            {"urgency", "routine"}, {"description", ""}})}));
  ASSERT_EQ(r.size(), 1u);
  ASSERT_EQ(r[0].status, pr::PushStatus::kAccepted) << r[0].reason;
  auto t = hub_->store()->LoadTicket(r[0].ref);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->trade, "electrical");
  EXPECT_EQ(t->location, "B1-1F-W01-BED01");
  EXPECT_EQ(t->detail.value("asset_class", ""), "television");

  // Made up, malformed, the wrong type, a category of another class, the class of another asset.
  EXPECT_EQ(Outcome(bed, Rec("repair_request", {{"asset_class", "spaceship"}})), rr::kUnknownAssetClass);
  EXPECT_EQ(Outcome(bed, Rec("repair_request", {{"asset_class", "Television; DROP TABLE"}})), rr::kBadField);
  EXPECT_EQ(Outcome(bed, Rec("repair_request", {{"asset_class", 7}})), rr::kBadField);
  EXPECT_EQ(Outcome(bed, Rec("repair_request", {{"asset_class", std::string(200, 'a')}})), rr::kFieldTooLong);
  EXPECT_EQ(Outcome(bed, Rec("repair_request", {{"asset_class", "hospital_bed"}, {"category", "no_picture"}})), rr::kBadField);
  auto assets = hub_->store()->ListMasterRows("asset", "EQ-");
  ASSERT_TRUE(assets.ok());
  ASSERT_FALSE(assets->empty());
  const auto& [asset_id, asset] = assets->front();
  const std::string other = asset.value("class", "") == "television" ? "hospital_bed" : "television";
  EXPECT_EQ(Outcome(bed, Rec("repair_request", {{"asset", asset_id}, {"asset_class", other}})), rr::kBadField);
  EXPECT_EQ(Outcome(bed, Rec("repair_request", {{"asset", asset_id}, {"asset_class", asset.value("class", "")}})), "accepted");

  // The ward kiosk's room or bed: its own ward's are accepted; another ward's or a made-up one is not.
  EXPECT_EQ(Outcome(ward, Rec("cleaning_request", {{"location", "B1-1F-W01-R03"}, {"type", "cleaning"}})), "accepted");
  EXPECT_EQ(Outcome(ward, Rec("complaint", {{"location", "B1-1F-W01-BED05"}, {"category", "noise"}, {"text", "loud"}})),
            "accepted");
  EXPECT_EQ(Outcome(ward, Rec("cleaning_request", {{"location", "B1-1F-W02-BED05"}, {"type", "cleaning"}})), rr::kOutOfScope);
  EXPECT_EQ(Outcome(ward, Rec("complaint", {{"location", "B1-1F-W02-R01"}, {"text", "x"}})), rr::kOutOfScope);
  EXPECT_EQ(Outcome(ward, Rec("cleaning_request", {{"location", "B1-1F-W01-R99"}, {"type", "cleaning"}})), rr::kUnknownLocation);

  // Only the accepted ones made tickets: nothing of a refused record was kept.
  EXPECT_EQ(TicketCount(), before + 4);
}

}  // namespace
}  // namespace onestop::hub
