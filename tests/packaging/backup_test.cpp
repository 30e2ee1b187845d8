// Backup while serving, restore, compare (issue 19). A real hub on loopback takes pushes from a
// terminal without pause while the real `onestop-hub backup` binary copies its database; every backup
// must be intact and a consistent snapshot (every record in it is in the live database, unchanged).
// Restore must be refused while the hub runs and, once stopped, give back exactly the backup.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sqlite3.h>
#include <unistd.h>

#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "kiosk/core/protocol.h"
#include "server/hub.h"
#include "server/sqlite_backup.h"
#include "server/store.h"

namespace {
namespace fs = std::filesystem;
namespace pr = onestop::protocol;
using nlohmann::json;

// Every row of every table, as text, keyed by table: the comparison of two databases.
std::map<std::string, std::vector<std::string>> Dump(const std::string& path) {
  std::map<std::string, std::vector<std::string>> out;
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  std::vector<std::string> tables;
  sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name", -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  for (const auto& t : tables) {
    auto& rows = out[t];
    sqlite3_prepare_v2(db, ("SELECT * FROM \"" + t + "\"").c_str(), -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::string row;
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        const auto* p = static_cast<const char*>(sqlite3_column_blob(st, i));
        row += std::string(p ? p : "<null>", p ? static_cast<size_t>(sqlite3_column_bytes(st, i)) : 6) + "\x1f";
      }
      rows.push_back(row);
    }
    sqlite3_finalize(st);
    std::sort(rows.begin(), rows.end());
  }
  sqlite3_close(db);
  return out;
}

std::map<std::string, std::string> Records(const std::string& path) {
  std::map<std::string, std::string> out;
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "SELECT id, payload || '|' || result FROM records", -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW)
    out[reinterpret_cast<const char*>(sqlite3_column_text(st, 0))] = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

int RunCmd(const std::string& cmd) {
  const int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("onestop-backup-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    bin_ = std::getenv("ONESTOP_HUB_BIN") ? std::getenv("ONESTOP_HUB_BIN") : "";
    ASSERT_FALSE(bin_.empty());
    db_ = (dir_ / "hub.db").string();
  }
  void TearDown() override {
    StopHub();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void StartHub() {
    onestop::hub::HubOptions o;
    o.listen_port = 0;
    o.db_path = db_;
    o.threads = 4;
    hub_ = std::make_unique<onestop::hub::Hub>(o);
    std::string err;
    port_ = hub_->Bind(&err);
    ASSERT_GT(port_, 0) << err;
    thread_ = std::thread([this] { hub_->Serve(); });
  }
  void StopHub() {
    if (!hub_) return;
    hub_->Stop();
    if (thread_.joinable()) thread_.join();
    hub_.reset();
  }
  fs::path dir_;
  std::string bin_, db_;
  std::unique_ptr<onestop::hub::Hub> hub_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(BackupTest, BackupWhilePushingThenRestoreGivesBackTheSnapshot) {
  StartHub();
  const std::string code = onestop::hub::NewEnrollCode();
  ASSERT_TRUE(onestop::hub::AddEnrollCode(*hub_->store(), code, "bedside", "B1-2F-W03-BED04",
                                          std::chrono::duration_cast<std::chrono::milliseconds>(
                                              std::chrono::system_clock::now().time_since_epoch()).count(),
                                          3600000));
  httplib::Client c("127.0.0.1", port_);
  c.set_read_timeout(10, 0);
  auto er = c.Post("/v1/enroll", pr::ToJson(pr::EnrollRequest{code, {"SN-1", "bedside", "test"}}).dump(), "application/json");
  ASSERT_TRUE(er);
  ASSERT_EQ(er->status, 200) << er->body;
  auto enrolled = pr::DecodeEnrollResponse(er->body);
  ASSERT_TRUE(enrolled);
  const httplib::Headers auth = {{"Authorization", "Bearer " + enrolled->token}};

  std::atomic<bool> stop{false};
  std::atomic<int> accepted{0}, failed{0};
  std::thread pusher([&] {
    httplib::Client pc("127.0.0.1", port_);
    pc.set_read_timeout(10, 0);
    while (!stop) {
      std::vector<pr::PushRecord> recs;
      for (int i = 0; i < 5; ++i)
        recs.push_back({pr::NewUuidV4(), i % 2 ? pr::RecordKind::kCleaningRequest : pr::RecordKind::kComplaint,
                        NowMs(), i % 2 ? json::object() : json{{"text", "noisy corridor"}}});
      auto res = pc.Post("/v1/sync/push", auth, pr::ToJson(pr::PushRequest{enrolled->terminal_id, recs}).dump(),
                         "application/json");
      if (res && res->status == 200) accepted += 5;
      else ++failed;
    }
  });
  // Three backups taken while the pusher runs; wait until some records exist first.
  for (int i = 0; i < 200 && accepted < 50; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  std::vector<std::string> backups;
  for (int i = 0; i < 3; ++i) {
    const std::string out = (dir_ / ("backup-" + std::to_string(i) + ".db")).string();
    EXPECT_EQ(RunCmd(bin_ + " backup --db " + db_ + " --out " + out + " > /dev/null"), 0);
    backups.push_back(out);
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
  }
  stop = true;
  pusher.join();
  EXPECT_EQ(failed, 0) << "pushes failed while backups ran";
  ASSERT_GT(accepted, 50);

  // Each backup: a consistent snapshot. Later backups hold at least what earlier ones did, and every
  // record in a backup is in the live database with the same payload and result.
  const auto live = Records(db_);
  size_t previous = 0;
  for (const auto& b : backups) {
    SCOPED_TRACE(b);
    auto v = onestop::hub::ReadHubSchemaVersion(b);
    ASSERT_TRUE(v);
    EXPECT_EQ(v.value(), onestop::hub::HubSchemaVersion());
    EXPECT_FALSE(fs::exists(b + "-wal")) << "a backup must be one self-contained file";
    const auto recs = Records(b);
    EXPECT_GE(recs.size(), previous);
    EXPECT_GT(recs.size(), 0u);
    previous = recs.size();
    for (const auto& [id, content] : recs) {
      auto it = live.find(id);
      ASSERT_NE(it, live.end()) << "record " << id << " in the backup is not in the live database";
      EXPECT_EQ(it->second, content);
    }
    // Tickets and records move together (one transaction per push): every accepted record has its ticket.
    size_t accepted_recs = 0;
    for (const auto& [id, content] : recs) accepted_recs += content.find("\"accepted\"") != std::string::npos;
    EXPECT_EQ(accepted_recs, recs.size()) << "records were rejected: " << recs.begin()->second;
    EXPECT_EQ(Dump(b)["tickets"].size(), accepted_recs);
  }
  EXPECT_LT(previous, live.size() + 1);

  // Restore while the hub holds the file: refused, and the live database is untouched.
  const auto live_dump = Dump(db_);
  EXPECT_EQ(RunCmd(bin_ + " restore --from " + backups[0] + " --db " + db_ + " --force 2> " + (dir_ / "err").string()), 3);
  auto in_use = onestop::hub::RestoreHubDatabase(backups[0], db_, true);
  ASSERT_FALSE(in_use);
  EXPECT_EQ(in_use.error().code, "restore.in_use");
  EXPECT_EQ(Dump(db_), live_dump);

  StopHub();
  // Without --force an existing database is kept.
  EXPECT_EQ(RunCmd(bin_ + " restore --from " + backups[0] + " --db " + db_ + " 2> /dev/null"), 1);
  EXPECT_EQ(Dump(db_), live_dump);
  // With --force: exactly the backup, and the replaced database kept beside it.
  EXPECT_EQ(RunCmd(bin_ + " restore --from " + backups[0] + " --db " + db_ + " --force > /dev/null"), 0);
  EXPECT_EQ(Dump(db_), Dump(backups[0]));
  int kept = 0;
  for (const auto& e : fs::directory_iterator(dir_))
    if (e.path().filename().string().rfind("hub.db.before-restore-", 0) == 0) {
      ++kept;
      EXPECT_EQ(Dump(e.path().string()), live_dump);
    }
  EXPECT_EQ(kept, 1);

  // The restored hub serves and takes pushes again; a record pushed after the backup is gone, so
  // the terminal's retry of it is accepted anew (records are idempotent by id).
  StartHub();
  httplib::Client c2("127.0.0.1", port_);
  auto res = c2.Post("/v1/sync/push", auth,
                     pr::ToJson(pr::PushRequest{enrolled->terminal_id, {{pr::NewUuidV4(), pr::RecordKind::kComplaint,
                                                                          NowMs(), json{{"text", "after restore"}}}}})
                         .dump(),
                     "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
}

TEST_F(BackupTest, RestoreRefusesCorruptOrForeignFiles) {
  const std::string junk = (dir_ / "junk.db").string();
  { std::ofstream(junk) << "not a database at all, just text that is long enough to look like a header......"; }
  EXPECT_EQ(RunCmd(bin_ + " restore --from " + junk + " --db " + db_ + " 2> /dev/null"), 1);
  EXPECT_FALSE(fs::exists(db_) && fs::file_size(db_) > 0);
  // A SQLite file that is not a hub database.
  const std::string other = (dir_ / "other.db").string();
  sqlite3* db = nullptr;
  sqlite3_open(other.c_str(), &db);
  sqlite3_exec(db, "CREATE TABLE x(a)", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  EXPECT_EQ(RunCmd(bin_ + " restore --from " + other + " --db " + db_ + " 2> /dev/null"), 1);
  // Backing up a database that does not exist is an input error, and writes nothing.
  EXPECT_EQ(RunCmd(bin_ + " backup --db " + (dir_ / "none.db").string() + " --out " + (dir_ / "b.db").string() + " 2> /dev/null"), 1);
  EXPECT_FALSE(fs::exists(dir_ / "b.db"));
}

}  // namespace
