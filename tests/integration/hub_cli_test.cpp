// Integration tests of the real onestop-hub binary (ONESTOP_HUB_BIN): serve on port 0 with demo
// data, enroll with the demo codes, restart the process on the same database, and the CLI's
// enroll-code / tickets subcommands with their exit codes.
#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "kiosk/core/protocol.h"

namespace {
namespace fs = std::filesystem;
namespace pr = onestop::protocol;
using nlohmann::json;

// Records carry the current time: the hub refuses created_at more than 31 days old.
int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string HubBin() {
  const char* b = std::getenv("ONESTOP_HUB_BIN");
  return b ? b : std::string(ONESTOP_BINARY_DIR) + "/server/onestop-hub";
}

// Starts onestop-hub with `args` (no shell), its stdout on a pipe returned in *out_fd; -1 on failure.
pid_t SpawnHub(std::vector<std::string> args, int* out_fd) {
  int fds[2];
  if (pipe(fds) != 0) return -1;
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    std::vector<char*> argv;
    static std::string bin = HubBin();
    argv.push_back(bin.data());
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  close(fds[1]);
  *out_fd = fds[0];
  return pid;
}

// A child onestop-hub process; stops it with SIGTERM (by its pid) when destroyed.
class HubProcess {
 public:
  explicit HubProcess(std::vector<std::string> args) {
    pid_ = SpawnHub(std::move(args), &out_);
    if (pid_ <= 0) return;
    // Read stdout until the "listening HOST:PORT" line (at most 60 s: demo data takes a moment).
    std::string buf;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{out_, POLLIN, 0};
      if (poll(&p, 1, 200) <= 0) continue;
      char c[256];
      const ssize_t n = read(out_, c, sizeof c);
      if (n <= 0) break;
      buf.append(c, static_cast<size_t>(n));
      const auto pos = buf.find("listening ");
      if (pos != std::string::npos && buf.find('\n', pos) != std::string::npos) {
        const std::string line = buf.substr(pos, buf.find('\n', pos) - pos);
        port_ = std::stoi(line.substr(line.rfind(':') + 1));
        break;
      }
    }
  }
  ~HubProcess() { Stop(); }
  int Stop() {
    if (pid_ <= 0) return -1;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    if (out_ >= 0) close(out_);
    out_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  int port() const { return port_; }
  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(10, 0);
    return c;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  int port_ = 0;
};

// Runs the binary with a shell-free argument list; returns exit code and stdout.
int RunHub(std::vector<std::string> args, std::string* out) {
  int fd = -1;
  const pid_t pid = SpawnHub(std::move(args), &fd);
  if (pid <= 0) return -1;
  out->clear();
  char c[4096];
  ssize_t n;
  while ((n = read(fd, c, sizeof c)) > 0) out->append(c, static_cast<size_t>(n));
  close(fd);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class HubCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "onestop-hubcli-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    db_ = (dir_ / "hub.db").string();
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  static pr::EnrollResponse Enroll(const HubProcess& h, const std::string& code, int expect_status = 200) {
    auto res = h.Client().Post("/v1/enroll", pr::ToJson(pr::EnrollRequest{code, {"SN", "x", "t"}}).dump(), "application/json");
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, expect_status) << res->body;
    auto e = pr::DecodeEnrollResponse(res->body);
    return e.ok() ? e.value() : pr::EnrollResponse{};
  }
  fs::path dir_;
  std::string db_;
};

TEST_F(HubCliTest, ServeDemoDataEnrollWithDemoCodesAndPullScoped) {
  HubProcess hub({"serve", "--listen", "127.0.0.1:0", "--db", db_, "--demo-data"});
  ASSERT_GT(hub.port(), 0);
  auto bed = Enroll(hub, "DEMO-BEDSIDE");
  ASSERT_EQ(bed.binding.role, onestop::Role::kBedside);
  Enroll(hub, "DEMO-BEDSIDE", 409);
  auto ward = Enroll(hub, "DEMO-WARD");
  ASSERT_EQ(ward.binding.role, onestop::Role::kWard);
  EXPECT_EQ(bed.binding.location.rfind(ward.binding.location + "-", 0), 0u);

  httplib::Headers auth = {{"Authorization", "Bearer " + bed.token}};
  std::map<std::string, int> count;
  std::vector<std::string> diet_ids;
  int64_t cursor = 0;
  for (int pages = 0; pages < 100; ++pages) {
    auto res = hub.Client().Get("/v1/sync/pull?cursor=" + std::to_string(cursor) + "&limit=5000", auth);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200);
    auto p = pr::DecodePullResponse(res->body);
    ASSERT_TRUE(p.ok()) << p.error().message;
    for (const auto& c : p->changes) {
      ++count[c.entity];
      if (c.entity == "diet_order") diet_ids.push_back(c.id);
    }
    cursor = p->next_cursor;
    if (!p->more) break;
  }
  EXPECT_GE(count["location"], 4000);
  // The 5000 hospital-wide assets and the televisions of this bed's ward (one per room, issue 16).
  EXPECT_EQ(count["asset"], 5000 + 10);
  EXPECT_EQ(count["part"], 2000);
  EXPECT_EQ(count["menu"], 28);
  EXPECT_EQ(count["notice"], 1);  // the outage in the demo ward
  EXPECT_GE(count["config"], 1);
  for (const auto& id : diet_ids) EXPECT_EQ(id, bed.binding.location);  // never another bed's
  EXPECT_LE(diet_ids.size(), 1u);

  // Restarting with --demo-data on the same file does not load it twice.
  EXPECT_EQ(hub.Stop(), 0);
  HubProcess again({"serve", "--listen", "127.0.0.1:0", "--db", db_, "--demo-data"});
  ASSERT_GT(again.port(), 0);
  auto res = again.Client().Get("/v1/sync/pull?cursor=" + std::to_string(cursor) + "&limit=10", auth);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_TRUE(pr::DecodePullResponse(res->body)->changes.empty());
}

TEST_F(HubCliTest, ProcessRestartKeepsData) {
  std::string out;
  ASSERT_EQ(RunHub({"enroll-code", "--db", db_, "--kind", "bedside", "--location", "B1-1F-W01-BED01"}, &out), 0);
  const std::string code = out.substr(0, out.find('\n'));
  ASSERT_EQ(code.size(), 11u) << out;  // XXXXX-XXXXX

  pr::PushRecord rec{pr::NewUuidV4(), pr::RecordKind::kRepairRequest, NowMs(), {{"description", "light"}}};
  pr::EnrollResponse t;
  std::string ref;
  {
    HubProcess hub({"serve", "--listen", "127.0.0.1:0", "--db", db_});
    ASSERT_GT(hub.port(), 0);
    t = Enroll(hub, code);
    auto res = hub.Client().Post("/v1/sync/push", {{"Authorization", "Bearer " + t.token}},
                                 pr::ToJson(pr::PushRequest{t.terminal_id, {rec}}).dump(), "application/json");
    ASSERT_TRUE(res);
    auto r = pr::DecodePushResponse(res->body);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->results[0].status, pr::PushStatus::kAccepted);
    ref = r->results[0].ref;
    EXPECT_EQ(hub.Stop(), 0);  // SIGTERM is a clean shutdown
  }
  HubProcess hub({"serve", "--listen", "127.0.0.1:0", "--db", db_});
  ASSERT_GT(hub.port(), 0);
  auto res = hub.Client().Post("/v1/sync/push", {{"Authorization", "Bearer " + t.token}},
                               pr::ToJson(pr::PushRequest{t.terminal_id, {rec}}).dump(), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  auto r = pr::DecodePushResponse(res->body);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->results[0].status, pr::PushStatus::kDuplicate);
  EXPECT_EQ(r->results[0].ref, ref);
  Enroll(hub, code, 409);
}

TEST_F(HubCliTest, EnrollCodeAndTicketsExitCodes) {
  std::string out;
  EXPECT_EQ(RunHub({"enroll-code", "--db", db_, "--kind", "robot"}, &out), 1);
  EXPECT_EQ(RunHub({"enroll-code", "--db", db_, "--kind", "bedside"}, &out), 1);  // needs --location
  EXPECT_EQ(RunHub({"enroll-code", "--db", db_}, &out), 2);
  EXPECT_EQ(RunHub({"frobnicate"}, &out), 2);
  EXPECT_EQ(RunHub({"enroll-code", "--db", (dir_ / "no-such-dir" / "x.db").string(), "--kind", "staff"}, &out), 3);
  ASSERT_EQ(RunHub({"enroll-code", "--db", db_, "--kind", "ward", "--location", "B1-1F-W01"}, &out), 0);
  const std::string code = out.substr(0, out.find('\n'));

  std::string ref;
  {
    HubProcess hub({"serve", "--listen", "127.0.0.1:0", "--db", db_});
    ASSERT_GT(hub.port(), 0);
    auto t = Enroll(hub, code);
    pr::PushRecord rec{pr::NewUuidV4(), pr::RecordKind::kCleaningRequest, NowMs(), {{"location", "B1-1F-W01-BED03"}}};
    auto res = hub.Client().Post("/v1/sync/push", {{"Authorization", "Bearer " + t.token}},
                                 pr::ToJson(pr::PushRequest{t.terminal_id, {rec}}).dump(), "application/json");
    ASSERT_TRUE(res);
    ref = pr::DecodePushResponse(res->body)->results.at(0).ref;
  }
  ASSERT_EQ(RunHub({"tickets", "--db", db_, "list"}, &out), 0);
  EXPECT_NE(out.find(ref + "\tcleaning\tcleaning\treceived\tB1-1F-W01-BED03"), std::string::npos) << out;
  EXPECT_EQ(RunHub({"tickets", "--db", db_, "move", ref, "completed"}, &out), 1);  // must go step by step
  EXPECT_EQ(RunHub({"tickets", "--db", db_, "move", ref, "sideways"}, &out), 1);
  EXPECT_EQ(RunHub({"tickets", "--db", db_, "move", "TK-424242", "accepted"}, &out), 1);
  EXPECT_EQ(RunHub({"tickets", "--db", db_, "move", ref}, &out), 2);
  ASSERT_EQ(RunHub({"tickets", "--db", db_, "move", ref, "accepted", "--actor", "desk-7"}, &out), 0);
  EXPECT_EQ(out, ref + " accepted\n");
  ASSERT_EQ(RunHub({"tickets", "--db", db_, "list", "--json"}, &out), 0);
  const json j = json::parse(out.substr(0, out.find('\n')));
  EXPECT_EQ(j["status"], "accepted");
  EXPECT_EQ(j["history"].back()["actor"], "desk-7");
}

}  // namespace

namespace {
// The desk moves tickets with the CLI while the hub serves: a write by another process must not
// leave the running hub unable to write (a stale WAL snapshot on its writer connection did).
TEST_F(HubCliTest, CliWritesWhileServingDoNotLockTheHub) {
  std::string out;
  ASSERT_EQ(RunHub({"enroll-code", "--db", db_, "--kind", "ward", "--location", "B1-1F-W01"}, &out), 0);
  const std::string code = out.substr(0, out.find('\n'));
  HubProcess hub({"serve", "--listen", "127.0.0.1:0", "--db", db_});
  ASSERT_GT(hub.port(), 0);
  auto t = Enroll(hub, code);
  auto push = [&](const char* bed) {
    pr::PushRecord rec{pr::NewUuidV4(), pr::RecordKind::kCleaningRequest, NowMs(), {{"location", bed}}};
    auto res = hub.Client().Post("/v1/sync/push", {{"Authorization", "Bearer " + t.token}},
                                 pr::ToJson(pr::PushRequest{t.terminal_id, {rec}}).dump(), "application/json");
    EXPECT_TRUE(res);
    if (!res) return std::string();
    EXPECT_EQ(res->status, 200) << res->body;
    auto r = pr::DecodePushResponse(res->body);
    return r.ok() && !r->results.empty() ? r->results[0].ref : std::string();
  };
  const std::string ref = push("B1-1F-W01-BED02");
  ASSERT_FALSE(ref.empty());
  // Another process writes the same file twice...
  ASSERT_EQ(RunHub({"tickets", "--db", db_, "move", ref, "accepted"}, &out), 0) << out;
  ASSERT_EQ(RunHub({"enroll-code", "--db", db_, "--kind", "staff"}, &out), 0) << out;
  // ...and the running hub still accepts writes, and its readers see the CLI's change.
  EXPECT_FALSE(push("B1-1F-W01-BED03").empty());
  EXPECT_FALSE(push("B1-1F-W01-BED04").empty());
  ASSERT_EQ(RunHub({"tickets", "--db", db_, "list", "--json"}, &out), 0);
  EXPECT_NE(out.find("\"accepted\""), std::string::npos);
}
}  // namespace
