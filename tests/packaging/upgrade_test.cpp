// Upgrades (issue 19): every earlier schema version of the hub store and of the kiosk store, built by
// the historical migration steps and filled with data, migrates to the current version without
// losing a row, and a file from a newer version is refused with a message naming both versions.
// The loops run to the current version, so a later migration is covered without editing this file;
// hand-written fixtures add realistic rows for the versions known when it was written.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "kiosk/core/clock.h"
#include "offline/store.h"
#include "server/hub.h"
#include "server/sqlite_backup.h"
#include "server/store.h"

namespace {
namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    static int n = 0;
    path = fs::temp_directory_path() / ("onestop-upgrade-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string File(const std::string& n) const { return (path / n).string(); }
};

// Raw SQL on a file (fixtures are written as the old release wrote them: no current code involved).
void Exec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) ADD_FAILURE() << (err ? err : "?") << "\n in: " << sql;
  sqlite3_free(err);
  sqlite3_close(db);
}

// Table name -> column declarations (name, declared type), for the generic filler and row counts.
std::map<std::string, std::vector<std::pair<std::string, std::string>>> Tables(const std::string& path) {
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> out;
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* st = nullptr;
  std::vector<std::string> names;
  sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'", -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  for (const auto& n : names) {
    sqlite3_prepare_v2(db, ("PRAGMA table_info(\"" + n + "\")").c_str(), -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW)
      out[n].emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 1)),
                          sqlite3_column_text(st, 2) ? reinterpret_cast<const char*>(sqlite3_column_text(st, 2)) : "");
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return out;
}

int64_t Count(const std::string& path, const std::string& table) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* st = nullptr;
  int64_t n = -1;
  if (sqlite3_prepare_v2(db, ("SELECT count(*) FROM \"" + table + "\"").c_str(), -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

int UserVersion(const std::string& path) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* st = nullptr;
  int v = -1;
  if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

// Two synthetic rows in every table, whatever its columns: text columns get small JSON objects (a
// later migration may json_extract them), numbers count up, blobs get bytes. This is what makes a
// table added by a future version carry data through the following migrations too. Tables whose
// rows a fixture already wrote still get these two: row counts, not contents, are checked for them.
void FillEveryTable(const std::string& path, int version) {
  for (const auto& [table, cols] : Tables(path)) {
    for (int row = 1; row <= 2; ++row) {
      std::string names, values;
      for (const auto& [name, type] : cols) {
        names += (names.empty() ? "\"" : ",\"") + name + "\"";
        std::string v;
        if (type.find("INT") != std::string::npos) v = std::to_string(900000 + version * 10 + row);
        else if (type.find("BLOB") != std::string::npos) v = "x'ffd8ffe0'";
        else v = "'{\"fill\":\"v" + std::to_string(version) + "-r" + std::to_string(row) + "-" + name + "\"}'";
        values += (values.empty() ? "" : ",") + v;
      }
      Exec(path, "INSERT INTO \"" + table + "\"(" + names + ") VALUES(" + values + ")");
    }
  }
}

// --- hub fixtures: rows as the release of each version wrote them (v1 = first release). ---
const std::map<int, std::string> kHubFixtures = {
    {1, R"sql(
INSERT INTO terminals(id, token_hash, kind, location, device, created_ms)
  VALUES('term-0a1b2c', 'h1', 'bedside', 'B1-2F-W03-BED04', '{"serial":"SN-1"}', 1700000000000);
INSERT INTO enroll_codes(code, kind, location, expires_ms) VALUES('ABCDE-FGHJK', 'bedside', 'B1-2F-W03-BED05', 4102444800000);
INSERT INTO records(id, terminal_id, kind, created_ms, received_ms, payload, result)
  VALUES('11111111-1111-4111-8111-111111111111', 'term-0a1b2c', 'repair_request', 1700000000000, 1700000001000,
         '{"asset":"EQ-1","description":"alarm"}', '{"status":"accepted","ref":"TK-000001"}');
INSERT INTO tickets(num, id, kind, trade, status, location, asset, terminal_id, record_id, created_ms, updated_ms, detail, history)
  VALUES(1, 'TK-000001', 'repair', 'medical_equipment', 'completed', 'B1-2F-W03-BED04', 'EQ-1', 'term-0a1b2c',
         '11111111-1111-4111-8111-111111111111', 1700000001000, 1700000500000, '{"asset":"EQ-1","description":"alarm"}',
         '[{"status":"received","at":1700000001000,"actor":"term-0a1b2c"},{"status":"completed","at":1700000500000,"actor":"desk"}]');
INSERT INTO ratings(ticket_id, rater, record_id, data)
  VALUES('TK-000001', 'patient', '22222222-2222-4222-8222-222222222222', '{"overall":4,"dims":{"quality":4}}');
INSERT INTO records(id, terminal_id, kind, created_ms, received_ms, payload, result)
  VALUES('22222222-2222-4222-8222-222222222222', 'term-0a1b2c', 'rating', 1700000600000, 1700000601000,
         '{"ticket":"TK-000001","overall":4}', '{"status":"accepted"}');
INSERT INTO master(entity, id, scope, data) VALUES('asset', 'EQ-1', '', '{"id":"EQ-1","trade":"medical_equipment"}');
INSERT INTO changes(entity, op, id, data, scope) VALUES('ticket', 'put', 'TK-000001', '{"id":"TK-000001"}', 'B1-2F-W03-BED04');
)sql"},
    {2, R"sql(
UPDATE tickets SET team = 'ME1', worker = 's0001' WHERE id = 'TK-000001';
)sql"},
    {3, R"sql(
UPDATE terminals SET revoked_ms = NULL;
INSERT INTO terminals(id, token_hash, kind, location, device, created_ms, revoked_ms)
  VALUES('term-lost', 'h2', 'ward', 'B1-2F-W03', '{}', 1700000000000, 1700000900000);
)sql"},
    {4, R"sql(
INSERT INTO console_users(name, password_hash, roles, staff_id, created_ms, updated_ms)
  VALUES('desk1', '$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA', '["desk"]', '', 1700000000000, 1700000000000);
INSERT INTO console_audit(at_ms, actor, action, target, before, after) VALUES(1700000000000, 'cli:root', 'user.add', 'desk1', NULL, '{}');
)sql"},
    {5, R"sql(
INSERT INTO ticket_photos(ticket_id, n, at_ms, actor, jpeg) VALUES('TK-000001', 1, 1700000500000, 's0001', x'ffd8ffd9');
)sql"},
};

// Checks through the current store API what the fixtures of versions <= `from` put in.
void CheckHubFixtures(onestop::hub::HubStore& store, int from) {
  auto tickets = store.ListTickets();
  ASSERT_TRUE(tickets) << tickets.error().message;
  const onestop::hub::TicketRow* t = nullptr;
  for (const auto& row : tickets.value())
    if (row.id == "TK-000001") t = &row;
  ASSERT_NE(t, nullptr) << "the v1 ticket was lost";
  EXPECT_EQ(t->status, "completed");
  EXPECT_EQ(t->detail.value("description", ""), "alarm");
  EXPECT_EQ(t->history.size(), 2u);
  if (from >= 2) {
    EXPECT_EQ(t->team, "ME1");
  }
  auto ratings = store.LoadRatings("TK-000001");
  ASSERT_TRUE(ratings) << ratings.error().message;
  bool patient = false;
  for (const auto& r : ratings.value())
    if (r.rater == "patient") {
      patient = true;
      EXPECT_EQ(r.overall, 4);  // v2 moved ratings into rounds, copying overall out of the JSON
    }
  EXPECT_TRUE(patient) << "the v1 rating was lost";
  auto terms = store.ListTerminals();
  ASSERT_TRUE(terms);
  std::map<std::string, int64_t> revoked;
  for (const auto& x : terms.value()) revoked[x.terminal.id] = x.revoked_ms;
  ASSERT_TRUE(revoked.count("term-0a1b2c"));
  EXPECT_EQ(revoked["term-0a1b2c"], 0);
  if (from >= 3) {
    EXPECT_EQ(revoked["term-lost"], 1700000900000);
  }
  if (from >= 4) {
    auto u = store.LoadConsoleUser("desk1");
    ASSERT_TRUE(u);
    ASSERT_TRUE(u.value().has_value()) << "the v4 console account was lost";
  }
  if (from >= 5) {
    auto p = store.LoadTicketPhoto("TK-000001", 1);
    ASSERT_TRUE(p);
    ASSERT_TRUE(p.value().has_value());
    EXPECT_EQ(p.value()->size(), 4u);
  }
}

}  // namespace

TEST(HubUpgrade, EveryEarlierSchemaVersionMigratesWithItsData) {
  const int latest = onestop::hub::HubSchemaVersion();
  ASSERT_GE(latest, 5);
  for (int from = 1; from < latest; ++from) {
    SCOPED_TRACE("hub store from schema v" + std::to_string(from));
    TempDir dir;
    const std::string path = dir.File("hub.db");
    // Build the file step by step as the releases did, each release adding its rows.
    for (int v = 1; v <= from; ++v) {
      ASSERT_TRUE(onestop::hub::CreateHubDatabaseAtVersion(path, v));
      if (auto it = kHubFixtures.find(v); it != kHubFixtures.end()) Exec(path, it->second);
    }
    ASSERT_EQ(UserVersion(path), from);
    FillEveryTable(path, from);
    std::map<std::string, int64_t> before;
    for (const auto& [table, cols] : Tables(path)) before[table] = Count(path, table);

    auto store = onestop::hub::OpenSqliteStore(path);
    ASSERT_TRUE(store) << store.error().message;
    EXPECT_EQ(UserVersion(path), latest);
    // No table loses a row (a migration that moves rows elsewhere keeps the table name, as v2 did).
    for (const auto& [table, n] : before) EXPECT_GE(Count(path, table), n) << "table " << table << " lost rows";
    CheckHubFixtures(*store.value(), from);
    // The migrated file takes writes of today's code.
    EXPECT_TRUE(onestop::hub::AddEnrollCode(*store.value(), onestop::hub::NewEnrollCode(), "bedside", "B1-2F-W03-BED09",
                                            1700000000000, 3600000));
  }
}

TEST(HubUpgrade, MigrateCommandUpgradesAndRefusesANewerFile) {
  const char* bin = std::getenv("ONESTOP_HUB_BIN");
  ASSERT_NE(bin, nullptr);
  TempDir dir;
  const std::string path = dir.File("hub.db");
  ASSERT_TRUE(onestop::hub::CreateHubDatabaseAtVersion(path, 1));
  Exec(path, kHubFixtures.at(1));
  const std::string out = dir.File("out.txt");
  EXPECT_EQ(std::system((std::string(bin) + " migrate --db " + path + " > " + out + " 2>&1").c_str()), 0);
  EXPECT_EQ(UserVersion(path), onestop::hub::HubSchemaVersion());
  // A newer file: every command refuses it and says which versions.
  Exec(path, "PRAGMA user_version=" + std::to_string(onestop::hub::HubSchemaVersion() + 1));
  const int rc = std::system((std::string(bin) + " tickets --db " + path + " list > " + out + " 2>&1").c_str());
  EXPECT_NE(rc, 0);
  std::ifstream in(out);
  const std::string msg((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(msg.find("newer onestop-hub"), std::string::npos) << msg;
  EXPECT_NE(msg.find("downgrade is refused"), std::string::npos) << msg;
  EXPECT_EQ(UserVersion(path), onestop::hub::HubSchemaVersion() + 1) << "a refused file must stay untouched";
}

// --- kiosk store ---
const std::map<int, std::string> kKioskFixtures = {
    {1, R"sql(
INSERT INTO sync_state(key, value) VALUES('token', 'tok-1'), ('cursor', '42'), ('terminal_id', 'term-0a1b2c');
INSERT INTO outbox(id, kind, payload, created_at)
  VALUES('33333333-3333-4333-8333-333333333333', 'repair_request', '{"asset":"EQ-1","description":"alarm"}', 1700000000000);
)sql"},
    {2, R"sql(
INSERT INTO assets(id, tag, label, location, data, seq) VALUES('EQ-1', 'ZC-1', 'monitor', 'B1-2F-W03', '{"id":"EQ-1"}', 3);
INSERT INTO tickets(id, location, asset, status, data, seq) VALUES('TK-000001', 'B1-2F-W03-BED04', 'EQ-1', 'received', '{}', 4);
)sql"},
    {3, R"sql(
INSERT INTO receipts(id, kind, status, ref, acked_at) VALUES('44444444-4444-4444-8444-444444444444', 'complaint', 'accepted', 'TK-000002', 1700000100000);
INSERT INTO dead_letters(id, kind, payload, created_at, reason, failed_at, attempts)
  VALUES('55555555-5555-4555-8555-555555555555', 'rating', '{}', 1700000000000, 'no such ticket', 1700000200000, 3);
)sql"},
};

TEST(KioskUpgrade, EveryEarlierSchemaVersionMigratesWithItsData) {
  using onestop::offline::Store;
  const int latest = Store::LatestVersion();
  ASSERT_GE(latest, 3);
  for (int from = 1; from < latest; ++from) {
    SCOPED_TRACE("kiosk store from schema v" + std::to_string(from));
    TempDir dir;
    const std::string path = dir.File("kiosk.db");
    onestop::FakeClock clock(1'700'000'000'000);
    for (int v = 1; v <= from; ++v) {
      auto s = Store::OpenAtVersion(path, clock, v);
      ASSERT_TRUE(s) << s.error().message;
      s.value().reset();
      if (auto it = kKioskFixtures.find(v); it != kKioskFixtures.end()) Exec(path, it->second);
    }
    ASSERT_EQ(UserVersion(path), from);
    FillEveryTable(path, from);
    std::map<std::string, int64_t> before;
    for (const auto& [table, cols] : Tables(path)) before[table] = Count(path, table);

    auto store = Store::Open(path, clock);
    ASSERT_TRUE(store) << store.error().message;
    EXPECT_EQ(store.value()->SchemaVersion(), latest);
    for (const auto& [table, n] : before) EXPECT_GE(Count(path, table), n) << "table " << table << " lost rows";
    auto st = store.value()->LoadSyncState();
    ASSERT_TRUE(st);
    EXPECT_EQ(st->token, "tok-1");
    auto recs = store.value()->PeekOutbox(100, 1 << 20);
    ASSERT_TRUE(recs);
    bool found = false;
    for (const auto& r : recs.value()) found = found || r.id == "33333333-3333-4333-8333-333333333333";
    EXPECT_TRUE(found) << "the unsent v1 repair request was lost";
    if (from >= 2) {
      EXPECT_GE(store.value()->CountEntities("asset"), 1);
    }
    if (from >= 3) {
      EXPECT_GE(store.value()->DeadLetterCount(), 1);
    }
    // Today's code writes to the migrated file.
    EXPECT_TRUE(store.value()->Enqueue("complaint", R"({"text":"noisy"})"));
  }
}

TEST(KioskUpgrade, NewerStoreIsRefusedWithBothVersions) {
  using onestop::offline::Store;
  TempDir dir;
  const std::string path = dir.File("kiosk.db");
  onestop::FakeClock clock;
  { ASSERT_TRUE(Store::Open(path, clock)); }
  Exec(path, "PRAGMA user_version=" + std::to_string(Store::LatestVersion() + 1));
  auto s = Store::Open(path, clock);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, "store.too_new");
  EXPECT_NE(s.error().message.find("v" + std::to_string(Store::LatestVersion() + 1)), std::string::npos) << s.error().message;
}
