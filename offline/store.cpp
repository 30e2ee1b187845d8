// Store implementation: SQLite schema, migrations by PRAGMA user_version, outbox and pull repositories.
// Every statement uses bound parameters; every multi-row change is one transaction. Payload contents
// are never logged (they may hold patient data).
#include "offline/store.h"

#include "offline/store_sql.h"

#include "kiosk/core/protocol.h"

#include <cstdlib>
#include <fcntl.h>
#include <sqlite3.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <nlohmann/json.hpp>

namespace onestop::offline {
namespace {

using namespace store_sql;

using json = nlohmann::json;

// --- migrations: append only. Step i takes the file from user_version i to i+1. ---
// v1: sync state and the outbox (the first release only queued actions).
// v2: master data mirrored by pull, one table per entity with the columns lookups need.
// v3: retry bookkeeping on the outbox, dead letters, receipts of acknowledged records.
// v4 (issue 14): dish photos, pulled as their own entity (id = the dish's id) so menus stay small.
// v5 (issue 16): asset classes (what is broken, fault categories, phrases per class). A kiosk skips
// entities it has no table for, so rows pulled before v5 never arrived: the pull starts over once
// (upserts are idempotent; the outbox is untouched).
// v6 (issue 18): receipts keep the record's payload and time, so a record the hub has acknowledged
// still counts on this terminal until its effect arrives by pull (a rating sent but not yet back in
// the ticket must not be given twice; the fault campaign found the gap).
const std::array<const char*, 6> kMigrations = {
    R"sql(
CREATE TABLE sync_state(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE outbox(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at INTEGER NOT NULL);
)sql",
    R"sql(
CREATE TABLE locations(id TEXT PRIMARY KEY, code TEXT, parent TEXT, data TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE INDEX locations_code ON locations(code);
CREATE TABLE assets(id TEXT PRIMARY KEY, tag TEXT, label TEXT, location TEXT, data TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE INDEX assets_tag ON assets(tag);
CREATE INDEX assets_label ON assets(label);
CREATE INDEX assets_location ON assets(location);
CREATE TABLE parts(id TEXT PRIMARY KEY, data TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE TABLE menus(id TEXT PRIMARY KEY, data TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE TABLE menu_items(id TEXT PRIMARY KEY, menu_id TEXT, data TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE INDEX menu_items_menu ON menu_items(menu_id);
CREATE TABLE diet_orders(id TEXT PRIMARY KEY, location TEXT, data TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE INDEX diet_orders_location ON diet_orders(location);
CREATE TABLE staff(id TEXT PRIMARY KEY, badge TEXT, data TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE INDEX staff_badge ON staff(badge);
CREATE TABLE tickets(id TEXT PRIMARY KEY, location TEXT, asset TEXT, status TEXT, data TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE INDEX tickets_location ON tickets(location);
CREATE INDEX tickets_asset ON tickets(asset);
CREATE TABLE notices(id TEXT PRIMARY KEY, data TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE TABLE config(id TEXT PRIMARY KEY, data TEXT NOT NULL, seq INTEGER NOT NULL);
)sql",
    R"sql(
ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN last_error TEXT NOT NULL DEFAULT '';
CREATE TABLE dead_letters(
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL, created_at INTEGER NOT NULL,
  reason TEXT NOT NULL, failed_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
CREATE TABLE receipts(
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, status TEXT NOT NULL, ref TEXT NOT NULL, acked_at INTEGER NOT NULL) WITHOUT ROWID;
)sql",
    R"sql(
CREATE TABLE dish_photos(id TEXT PRIMARY KEY, data TEXT NOT NULL, seq INTEGER NOT NULL);
)sql",
    R"sql(
CREATE TABLE asset_classes(id TEXT PRIMARY KEY, data TEXT NOT NULL, seq INTEGER NOT NULL);
UPDATE sync_state SET value = '' WHERE key = 'cursor';
)sql",
    R"sql(
ALTER TABLE receipts ADD COLUMN payload TEXT NOT NULL DEFAULT '';
ALTER TABLE receipts ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX receipts_by_kind ON receipts(kind, acked_at);
)sql",
};

Status Exec(sqlite3* db, const char* sql) {
  char* msg = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
    Error e{"store.sqlite", std::string(msg ? msg : "unknown error")};
    sqlite3_free(msg);
    return e;
  }
  return Ok{};
}

// Write transaction. BEGIN IMMEDIATE takes the write lock up front so two processes never deadlock
// upgrading read locks; the busy timeout makes the second one wait instead of failing.
class WriteTx {
 public:
  explicit WriteTx(sqlite3* db) : db_(db) { began_ = Exec(db, "BEGIN IMMEDIATE").ok(); }
  ~WriteTx() {
    if (began_ && !done_) Exec(db_, "ROLLBACK").ok();
  }
  bool began() const { return began_; }
  Status Commit() {
    auto s = Exec(db_, "COMMIT");
    if (s.ok()) done_ = true;
    return s;
  }

 private:
  sqlite3* db_;
  bool began_ = false;
  bool done_ = false;
};

std::string FirstString(const json& data, std::initializer_list<const char*> keys) {
  if (!data.is_object()) return {};
  for (const char* k : keys) {
    auto it = data.find(k);
    if (it != data.end() && it->is_string()) return it->get<std::string>();
  }
  return {};
}

// Writes an upsert for `entity` into its table, pulling the indexed columns out of the JSON.
Status UpsertEntity(sqlite3* db, const std::string& entity, const std::string& id, const json& data,
                    const std::string& data_text, int64_t seq) {
  const std::string table = TableFor(entity);
  auto run = [&](Stmt& st) -> Status {
    if (!st.ok()) return DbError(db, "prepare upsert " + table);
    if (st.Step() != SQLITE_DONE) return DbError(db, "upsert " + table);
    return Ok{};
  };
  if (entity == "location") {
    Stmt st(db, "INSERT OR REPLACE INTO locations(id, code, parent, data, seq) VALUES(?1, ?2, ?3, ?4, ?5)");
    st.Bind(1, id).Bind(2, FirstString(data, {"code"})).Bind(3, FirstString(data, {"parent", "parent_code"}));
    st.Bind(4, data_text).Bind(5, seq);
    return run(st);
  }
  if (entity == "asset") {
    Stmt st(db, "INSERT OR REPLACE INTO assets(id, tag, label, location, data, seq) VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
    st.Bind(1, id).Bind(2, FirstString(data, {"tag", "asset_tag"})).Bind(3, FirstString(data, {"label", "code", "giai"}));
    st.Bind(4, FirstString(data, {"location", "location_code"})).Bind(5, data_text).Bind(6, seq);
    return run(st);
  }
  if (entity == "menu_item") {
    Stmt st(db, "INSERT OR REPLACE INTO menu_items(id, menu_id, data, seq) VALUES(?1, ?2, ?3, ?4)");
    st.Bind(1, id).Bind(2, FirstString(data, {"menu_id", "menu"})).Bind(3, data_text).Bind(4, seq);
    return run(st);
  }
  if (entity == "diet_order") {
    Stmt st(db, "INSERT OR REPLACE INTO diet_orders(id, location, data, seq) VALUES(?1, ?2, ?3, ?4)");
    st.Bind(1, id).Bind(2, FirstString(data, {"location", "location_code", "bed"})).Bind(3, data_text).Bind(4, seq);
    return run(st);
  }
  if (entity == "staff") {
    Stmt st(db, "INSERT OR REPLACE INTO staff(id, badge, data, seq) VALUES(?1, ?2, ?3, ?4)");
    st.Bind(1, id).Bind(2, FirstString(data, {"badge", "badge_id"})).Bind(3, data_text).Bind(4, seq);
    return run(st);
  }
  if (entity == "ticket") {
    Stmt st(db,
            "INSERT OR REPLACE INTO tickets(id, location, asset, status, data, seq) VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
    st.Bind(1, id).Bind(2, FirstString(data, {"location", "location_code"})).Bind(3, FirstString(data, {"asset", "asset_id"}));
    st.Bind(4, FirstString(data, {"status"})).Bind(5, data_text).Bind(6, seq);
    return run(st);
  }
  // parts, menus, notices, config, dish photos: id + data only. The table name comes from the fixed list above.
  const std::string sql = "INSERT OR REPLACE INTO " + table + "(id, data, seq) VALUES(?1, ?2, ?3)";
  Stmt st(db, sql.c_str());
  st.Bind(1, id).Bind(2, data_text).Bind(3, seq);
  return run(st);
}

Result<json> ParsePayloadObject(const std::string& payload_json) {
  if (payload_json.size() > kMaxPayloadBytes)
    return Error{"outbox.too_large", "payload is " + std::to_string(payload_json.size()) + " bytes; the limit is " +
                                         std::to_string(kMaxPayloadBytes)};
  json j = json::parse(payload_json, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Error{"outbox.bad_json", "payload is not valid JSON"};
  if (!j.is_object()) return Error{"outbox.bad_json", "payload must be a JSON object"};
  return j;
}

bool LooksLikeUuid(const std::string& s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

// The store holds the device token and patients' requests: owner-only (0600). SQLite creates its
// -wal/-shm/-journal companions with the main file's mode, so creating the main file 0600 before
// SQLite does covers them; files left too open by an older version are tightened with a warning.
// fchmod on the descriptor we opened: no window where a swapped path gets the chmod.
void MakeOwnerOnly(const std::string& path, bool create) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0), 0600);
  if (fd < 0) return;  // absent companion; a main file we cannot open is SQLite's error to report
  struct stat st{};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077) != 0) {
    if (::fchmod(fd, st.st_mode & 0700) == 0)
      spdlog::warn("store: {} was readable by other users (mode {:o}); tightened to owner-only", path,
                   static_cast<unsigned>(st.st_mode & 0777));
    else
      spdlog::warn("store: {} is readable by other users (mode {:o}) and cannot be tightened", path,
                   static_cast<unsigned>(st.st_mode & 0777));
  }
  ::close(fd);
}

}  // namespace

bool IsKnownRecordKind(const std::string& kind) { return protocol::ParseRecordKind(kind).has_value(); }
bool IsKnownEntity(const std::string& entity) { return TableFor(entity) != nullptr; }

int Store::LatestVersion() { return static_cast<int>(kMigrations.size()); }

Result<std::unique_ptr<Store>> Store::Open(const std::string& path, const Clock& clock) {
  return OpenAtVersion(path, clock, LatestVersion());
}

Result<std::unique_ptr<Store>> Store::OpenAtVersion(const std::string& path, const Clock& clock, int version) {
  if (!path.empty() && path != ":memory:" && path.rfind("file:", 0) != 0) {
    MakeOwnerOnly(path, /*create=*/true);
    for (const char* suffix : {"-wal", "-shm", "-journal"}) MakeOwnerOnly(path + suffix, /*create=*/false);
  }
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  if (rc != SQLITE_OK) {
    Error e{"store.open", "cannot open store " + path + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc))};
    sqlite3_close(db);
    return e;
  }
  std::unique_ptr<Store> store(new Store(db, path, clock));
  // Another process (the CLI next to the UI) may hold the write lock for a moment.
  sqlite3_busy_timeout(db, 5000);
  // WAL: readers never block the writer. synchronous=FULL: the WAL is fsynced at every commit, so a
  // committed Enqueue survives power loss, not only a process crash.
  if (auto s = Exec(db, "PRAGMA journal_mode=WAL"); !s) return s.error();
  if (auto s = Exec(db, "PRAGMA synchronous=FULL"); !s) return s.error();
  if (auto s = Exec(db, "PRAGMA foreign_keys=ON"); !s) return s.error();
  if (auto s = store->MigrateTo(version); !s) return s.error();
  return store;
}

Store::~Store() { sqlite3_close(db_); }

int Store::SchemaVersion() {
  std::lock_guard lock(mu_);
  Stmt st(db_, "PRAGMA user_version");
  return st.ok() && st.Step() == SQLITE_ROW ? static_cast<int>(st.Int(0)) : -1;
}

int64_t Store::DataVersion() {
  std::lock_guard lock(mu_);
  Stmt st(db_, "PRAGMA data_version");
  return st.ok() && st.Step() == SQLITE_ROW ? st.Int(0) : -1;
}

Status Store::MigrateTo(int target) {
  std::lock_guard lock(mu_);
  for (;;) {
    // Read the version inside the write transaction: a second process may have migrated meanwhile.
    WriteTx tx(db_);
    if (!tx.began()) return DbError(db_, "begin migration");
    int current = -1;
    {
      Stmt st(db_, "PRAGMA user_version");
      if (st.ok() && st.Step() == SQLITE_ROW) current = static_cast<int>(st.Int(0));
    }
    if (current < 0) return DbError(db_, "read user_version");
    if (current > LatestVersion())
      return Error{"store.too_new", "store " + path_ + " has schema v" + std::to_string(current) +
                                        ", newer than this program (v" + std::to_string(LatestVersion()) +
                                        "); install the newer kiosk or move the file away"};
    if (current >= target) return Ok{};
    if (auto s = Exec(db_, kMigrations[static_cast<size_t>(current)]); !s)
      return Error{"store.migrate", "migration to v" + std::to_string(current + 1) + " failed: " + s.error().message};
    // user_version lives in the file header and is part of this transaction.
    const std::string bump = "PRAGMA user_version=" + std::to_string(current + 1);
    if (auto s = Exec(db_, bump.c_str()); !s) return s.error();
    if (auto s = tx.Commit(); !s) return s.error();
    spdlog::debug("store {} migrated to v{}", path_, current + 1);
  }
}

Result<std::string> Store::Enqueue(const std::string& kind, const std::string& payload_json) {
  return EnqueueWithId(protocol::NewUuidV4(), kind, payload_json);
}

Result<std::string> Store::EnqueueWithId(const std::string& id, const std::string& kind,
                                         const std::string& payload_json) {
  if (!IsKnownRecordKind(kind)) {
    std::string known;  // from the one list of kinds (kiosk/core/protocol.h)
    for (auto k : protocol::kAllRecordKinds) known += (known.empty() ? "" : ", ") + std::string(protocol::RecordKindName(k));
    return Error{"outbox.bad_kind", "unknown record kind '" + kind + "'; expected one of " + known};
  }
  if (!LooksLikeUuid(id)) return Error{"outbox.bad_id", "record id must be a lower-case UUID"};
  auto parsed = ParsePayloadObject(payload_json);
  if (!parsed) return parsed.error();
  // Store the canonical compact form: what we send is byte-for-byte what we accepted.
  const std::string payload = parsed->dump();
  std::lock_guard lock(mu_);
  // The record's time is the hub's clock as this terminal last measured it (local + skew): the hub
  // judges meal cut-offs by it and refuses a time ahead of its own, so a tablet whose clock is
  // minutes off would otherwise have its orders refused (fast) or slip past a cut-off (slow).
  // Read here, not cached: the UI, the CLI and the sync engine may be different processes.
  int64_t skew_ms = 0;
  {
    Stmt sk(db_, "SELECT value FROM sync_state WHERE key = 'clock_skew_ms'");
    if (sk.ok() && sk.Step() == SQLITE_ROW) skew_ms = std::strtoll(sk.Text(0).c_str(), nullptr, 10);
  }
  Stmt st(db_, "INSERT INTO outbox(id, kind, payload, created_at) VALUES(?1, ?2, ?3, ?4)");
  if (!st.ok()) return DbError(db_, "prepare enqueue");
  st.Bind(1, id).Bind(2, kind).Bind(3, payload).Bind(4, clock_.NowUtcMs() + skew_ms);
  const int rc = st.Step();
  if (rc == SQLITE_CONSTRAINT) return Error{"outbox.duplicate_id", "a record with id " + id + " is already queued"};
  // An autocommit INSERT is its own transaction: SQLITE_DONE means the WAL frame is fsynced.
  if (rc != SQLITE_DONE) return DbError(db_, "enqueue");
  spdlog::debug("outbox: queued {} {}", kind, id);
  return id;
}

Result<std::vector<OutboxRecord>> Store::PeekOutbox(size_t max_records, size_t max_bytes) {
  std::lock_guard lock(mu_);
  Stmt st(db_,
          "SELECT seq, id, kind, payload, created_at, attempts, next_attempt_at, last_error FROM outbox "
          "ORDER BY seq LIMIT ?1");
  if (!st.ok()) return DbError(db_, "prepare peek");
  st.Bind(1, static_cast<int64_t>(max_records));
  std::vector<OutboxRecord> out;
  size_t bytes = 64;  // envelope
  for (;;) {
    const int rc = st.Step();
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return DbError(db_, "peek outbox");
    OutboxRecord r;
    r.seq = st.Int(0);
    r.id = st.Text(1);
    r.kind = st.Text(2);
    r.payload_json = st.Text(3);
    r.created_at_ms = st.Int(4);
    r.attempts = static_cast<int>(st.Int(5));
    r.next_attempt_at_ms = st.Int(6);
    r.last_error = st.Text(7);
    // id, kind, created_at and JSON punctuation: well under 160 bytes per record.
    const size_t size = r.payload_json.size() + r.kind.size() + 160;
    if (!out.empty() && bytes + size > max_bytes) break;
    bytes += size;
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<OutboxRecord>> Store::ListReceipts(const std::string& kind, size_t max_records) {
  std::lock_guard lock(mu_);
  Stmt st(db_,
          "SELECT id, kind, payload, created_at FROM receipts WHERE kind = ?1 AND payload <> '' "
          "ORDER BY acked_at DESC, id LIMIT ?2");
  if (!st.ok()) return DbError(db_, "prepare receipts");
  st.Bind(1, kind).Bind(2, static_cast<int64_t>(max_records));
  std::vector<OutboxRecord> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) {
    OutboxRecord r;
    r.id = st.Text(0);
    r.kind = st.Text(1);
    r.payload_json = st.Text(2);
    r.created_at_ms = st.Int(3);
    out.push_back(std::move(r));
  }
  if (rc != SQLITE_DONE) return DbError(db_, "read receipts");
  return out;
}

Status Store::NoteAttemptFailed(const std::vector<std::string>& ids, const std::string& error,
                                int64_t next_attempt_at_ms) {
  std::lock_guard lock(mu_);
  WriteTx tx(db_);
  if (!tx.began()) return DbError(db_, "begin");
  Stmt st(db_, "UPDATE outbox SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3 WHERE id = ?1");
  if (!st.ok()) return DbError(db_, "prepare note attempt");
  for (const auto& id : ids) {
    st.Bind(1, id).Bind(2, error).Bind(3, next_attempt_at_ms);
    if (st.Step() != SQLITE_DONE) return DbError(db_, "note attempt");
    st.Reset();
  }
  return tx.Commit();
}

Status Store::ApplyPushResults(const std::vector<PushOutcome>& results) {
  std::lock_guard lock(mu_);
  WriteTx tx(db_);
  if (!tx.began()) return DbError(db_, "begin");
  const int64_t now = clock_.NowUtcMs();
  Stmt receipt(db_,
               "INSERT OR REPLACE INTO receipts(id, kind, status, ref, acked_at, payload, created_at) "
               "SELECT id, kind, ?2, ?3, ?4, payload, created_at FROM outbox WHERE id = ?1");
  Stmt dead(db_,
            "INSERT OR REPLACE INTO dead_letters(id, kind, payload, created_at, reason, failed_at, attempts) "
            "SELECT id, kind, payload, created_at, ?2, ?3, attempts + 1 FROM outbox WHERE id = ?1");
  Stmt del(db_, "DELETE FROM outbox WHERE id = ?1");
  if (!receipt.ok() || !dead.ok() || !del.ok()) return DbError(db_, "prepare push results");
  for (const auto& r : results) {
    if (r.status == protocol::PushStatus::kAccepted || r.status == protocol::PushStatus::kDuplicate) {
      receipt.Bind(1, r.id).Bind(2, std::string(protocol::PushStatusName(r.status))).Bind(3, r.ref).Bind(4, now);
      if (receipt.Step() != SQLITE_DONE) return DbError(db_, "write receipt");
      receipt.Reset();
    } else {
      dead.Bind(1, r.id).Bind(2, r.reason.empty() ? std::string("rejected by the hub") : r.reason).Bind(3, now);
      if (dead.Step() != SQLITE_DONE) return DbError(db_, "write dead letter");
      dead.Reset();
    }
    del.Bind(1, r.id);
    if (del.Step() != SQLITE_DONE) return DbError(db_, "delete outbox row");
    del.Reset();
  }
  return tx.Commit();
}

int Store::CountLocked(const char* sql) {
  Stmt st(db_, sql);
  return st.ok() && st.Step() == SQLITE_ROW ? static_cast<int>(st.Int(0)) : -1;
}

int Store::OutboxDepth() {
  std::lock_guard lock(mu_);
  return CountLocked("SELECT count(*) FROM outbox");
}

int Store::DeadLetterCount() {
  std::lock_guard lock(mu_);
  return CountLocked("SELECT count(*) FROM dead_letters");
}

Result<std::vector<DeadLetter>> Store::ListDeadLetters(int limit) {
  std::lock_guard lock(mu_);
  Stmt st(db_,
          "SELECT id, kind, payload, created_at, reason, failed_at FROM dead_letters ORDER BY failed_at, id LIMIT ?1");
  if (!st.ok()) return DbError(db_, "prepare dead letters");
  st.Bind(1, static_cast<int64_t>(limit));
  std::vector<DeadLetter> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW)
    out.push_back({st.Text(0), st.Text(1), st.Text(2), st.Int(3), st.Text(4), st.Int(5)});
  if (rc != SQLITE_DONE) return DbError(db_, "list dead letters");
  return out;
}

RecordStatus Store::GetRecordStatus(const std::string& id) {
  std::lock_guard lock(mu_);
  {
    Stmt st(db_, "SELECT 1 FROM outbox WHERE id = ?1");
    st.Bind(1, id);
    if (st.ok() && st.Step() == SQLITE_ROW) return {RecordState::kQueued, "", ""};
  }
  {
    Stmt st(db_, "SELECT ref FROM receipts WHERE id = ?1");
    st.Bind(1, id);
    if (st.ok() && st.Step() == SQLITE_ROW) return {RecordState::kSent, st.Text(0), ""};
  }
  {
    Stmt st(db_, "SELECT reason FROM dead_letters WHERE id = ?1");
    st.Bind(1, id);
    if (st.ok() && st.Step() == SQLITE_ROW) return {RecordState::kRejected, "", st.Text(0)};
  }
  return {};
}

Result<SyncState> Store::LoadSyncState() {
  std::lock_guard lock(mu_);
  Stmt st(db_, "SELECT key, value FROM sync_state");
  if (!st.ok()) return DbError(db_, "prepare sync state");
  SyncState s;
  int rc;
  auto to_i64 = [](const std::string& v) -> int64_t {
    try {
      return std::stoll(v);
    } catch (...) {
      return 0;
    }
  };
  std::string kind, location;
  while ((rc = st.Step()) == SQLITE_ROW) {
    const std::string k = st.Text(0), v = st.Text(1);
    if (k == "hub_url") s.hub_url = v;
    else if (k == "terminal_id") s.terminal_id = v;
    else if (k == "token") s.token = v;
    else if (k == "binding_kind") kind = v;
    else if (k == "binding_location") location = v;
    else if (k == "cursor") s.cursor = v;
    else if (k == "last_push_ms") s.last_push_ms = to_i64(v);
    else if (k == "last_pull_ms") s.last_pull_ms = to_i64(v);
    else if (k == "clock_skew_ms") s.clock_skew_ms = to_i64(v);
    else if (k == "unauthorized") s.unauthorized = v == "1";
  }
  if (rc != SQLITE_DONE) return DbError(db_, "read sync state");
  // Stored as its wire words (the file format predates the one Binding type; unchanged).
  if (auto role = ParseRole(kind)) s.binding = Binding{*role, location};
  return s;
}

Status Store::SetStateLocked(const std::string& key, const std::string& value) {
  Stmt st(db_, "INSERT OR REPLACE INTO sync_state(key, value) VALUES(?1, ?2)");
  if (!st.ok()) return DbError(db_, "prepare state");
  st.Bind(1, key).Bind(2, value);
  if (st.Step() != SQLITE_DONE) return DbError(db_, "write state " + key);
  return Ok{};
}

Status Store::SaveEnrollment(const std::string& hub_url, const std::string& terminal_id, const std::string& token,
                             const Binding& binding) {
  const std::string binding_kind(RoleName(binding.role));
  const std::string& binding_location = binding.location;
  std::lock_guard lock(mu_);
  WriteTx tx(db_);
  if (!tx.began()) return DbError(db_, "begin");
  std::string old_terminal, old_kind, old_location, old_hub;
  {
    Stmt st(db_, "SELECT key, value FROM sync_state WHERE key IN ('terminal_id','binding_kind','binding_location','hub_url')");
    while (st.ok() && st.Step() == SQLITE_ROW) {
      const std::string k = st.Text(0);
      if (k == "terminal_id") old_terminal = st.Text(1);
      else if (k == "binding_kind") old_kind = st.Text(1);
      else if (k == "binding_location") old_location = st.Text(1);
      else old_hub = st.Text(1);
    }
  }
  const bool rebind = old_terminal != terminal_id || old_kind != binding_kind || old_location != binding_location ||
                      old_hub != hub_url;
  for (const auto& [k, v] : std::initializer_list<std::pair<const char*, const std::string&>>{
           {"hub_url", hub_url},
           {"terminal_id", terminal_id},
           {"token", token},
           {"binding_kind", binding_kind},
           {"binding_location", binding_location}})
    if (auto s = SetStateLocked(k, v); !s) return s;
  if (auto s = SetStateLocked("unauthorized", "0"); !s) return s;
  if (rebind) {
    // Another terminal identity sees other data: start the mirror from scratch.
    if (auto s = SetStateLocked("cursor", ""); !s) return s;
    for (const auto& e : kEntities) {
      const std::string sql = std::string("DELETE FROM ") + e.table;
      if (auto s = Exec(db_, sql.c_str()); !s) return s;
    }
  }
  return tx.Commit();
}

Status Store::SetUnauthorized(bool unauthorized) {
  std::lock_guard lock(mu_);
  return SetStateLocked("unauthorized", unauthorized ? "1" : "0");
}

Status Store::SetLastPush(int64_t utc_ms, int64_t skew_ms) {
  std::lock_guard lock(mu_);
  WriteTx tx(db_);
  if (!tx.began()) return DbError(db_, "begin");
  if (auto s = SetStateLocked("last_push_ms", std::to_string(utc_ms)); !s) return s;
  if (auto s = SetStateLocked("clock_skew_ms", std::to_string(skew_ms)); !s) return s;
  return tx.Commit();
}

Status Store::SetLastPull(int64_t utc_ms, int64_t skew_ms) {
  std::lock_guard lock(mu_);
  WriteTx tx(db_);
  if (!tx.began()) return DbError(db_, "begin");
  if (auto s = SetStateLocked("last_pull_ms", std::to_string(utc_ms)); !s) return s;
  if (auto s = SetStateLocked("clock_skew_ms", std::to_string(skew_ms)); !s) return s;
  return tx.Commit();
}

Status Store::ApplyPullPage(const std::vector<ChangeRow>& changes, const std::string& next_cursor) {
  std::lock_guard lock(mu_);
  WriteTx tx(db_);
  if (!tx.began()) return DbError(db_, "begin");
  int skipped = 0;
  for (const auto& c : changes) {
    const char* table = TableFor(c.entity);
    if (!table || c.id.empty()) {
      ++skipped;  // a newer hub may send entities this kiosk does not know yet
      continue;
    }
    if (c.op == "delete") {
      const std::string sql = std::string("DELETE FROM ") + table + " WHERE id = ?1";
      Stmt st(db_, sql.c_str());
      if (!st.ok()) return DbError(db_, "prepare delete");
      st.Bind(1, c.id);
      if (st.Step() != SQLITE_DONE) return DbError(db_, "delete " + c.entity);
    } else if (c.op == "upsert") {
      json data = json::parse(c.data_json, nullptr, false);
      if (data.is_discarded()) data = json::object();
      if (auto s = UpsertEntity(db_, c.entity, c.id, data, c.data_json, c.seq); !s) return s;
    } else {
      ++skipped;
    }
  }
  if (skipped) spdlog::warn("pull: skipped {} change(s) with unknown entity or op", skipped);
  if (auto s = SetStateLocked("cursor", next_cursor); !s) return s;
  return tx.Commit();
}

}  // namespace onestop::offline
