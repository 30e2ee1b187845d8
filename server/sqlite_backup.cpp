// Online backup and restore of the hub's SQLite database (see sqlite_backup.h). Nothing here logs
// row contents; errors name files and SQLite's reason only.
#include "server/sqlite_backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <thread>

#include "server/sqlite_rows.h"
#include "server/sqlite_schema.h"
#include "server/store.h"

namespace onestop::hub {
namespace {

namespace fs = std::filesystem;

// A bare connection that closes itself; busy_ms = 0 makes lock conflicts answer at once.
struct Db {
  sqlite3* h = nullptr;
  ~Db() {
    if (h) sqlite3_close(h);
  }
  Status Open(const std::string& path, int flags, int busy_ms) {
    if (sqlite3_open_v2(path.c_str(), &h, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
      return Error{"backup.open", "cannot open " + path + ": " + Msg()};
    sqlite3_busy_timeout(h, busy_ms);
    return Ok{};
  }
  std::string Msg() const { return h ? sqlite3_errmsg(h) : "out of memory"; }
  int Exec(const char* sql) { return sqlite3_exec(h, sql, nullptr, nullptr, nullptr); }
  // First column of the first row as text ("" when none).
  std::string One(const char* sql) {
    sqlite3_stmt* st = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(h, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
      const auto* p = sqlite3_column_text(st, 0);
      out = p ? reinterpret_cast<const char*>(p) : "";
    }
    sqlite3_finalize(st);
    return out;
  }
  int Int(const char* sql) {
    const std::string s = One(sql);
    return s.empty() ? 0 : std::atoi(s.c_str());
  }
};

// Copies all of `src` into `dst` in one step, retrying while another connection briefly holds a
// lock that the copy needs (a writer in rollback mode; in WAL mode readers never wait).
Status CopyAll(sqlite3* dst, sqlite3* src, const std::string& what) {
  sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
  if (!b) return Error{"backup.copy", what + ": " + sqlite3_errmsg(dst)};
  int rc = SQLITE_OK;
  for (int attempt = 0; attempt < 50; ++attempt) {
    rc = sqlite3_backup_step(b, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) return Error{"backup.copy", what + ": " + sqlite3_errstr(rc)};
  return Ok{};
}

Status SyncFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error{"backup.sync", "cannot open " + path + " to sync it"};
  const int rc = ::fsync(fd);
  ::close(fd);
  return rc == 0 ? Status{Ok{}} : Status{Error{"backup.sync", "fsync failed on " + path}};
}

std::string UtcStamp() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

// The checks a file must pass before it is restored: intact, a hub database, not from a newer hub.
Result<int> CheckBackupFile(const std::string& from) {
  std::error_code ec;
  if (!fs::is_regular_file(from, ec)) return Error{"restore.input", from + " is not a file"};
  Db src;
  // Read-only and immutable: a backup is a plain file; the check must not create -wal/-shm next to it.
  const std::string uri = "file:" + fs::absolute(from).string() + "?immutable=1";
  if (auto s = src.Open(uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, 5000); !s) return s.error();
  const std::string ok = src.One("PRAGMA integrity_check");
  if (ok != "ok")
    return Error{"restore.corrupt", from + " fails SQLite's integrity check (" + (ok.empty() ? src.Msg() : ok) +
                                        "): not restored"};
  if (src.Int("SELECT count(*) FROM sqlite_master WHERE type='table' AND name IN ('tickets','terminals','records')") != 3)
    return Error{"restore.input", from + " is not an onestop-hub database (no tickets/terminals/records tables)"};
  const int version = src.Int("PRAGMA user_version");
  if (version > HubSchemaVersion())
    return Error{"restore.too_new", from + " has schema v" + std::to_string(version) + ", newer than this onestop-hub (v" +
                                        std::to_string(HubSchemaVersion()) + "): install the newer onestop-hub to restore it"};
  return version;
}

}  // namespace

int HubSchemaVersion() { return sqlite::LatestSchemaVersion(); }

Result<int> ReadHubSchemaVersion(const std::string& path) {
  Db db;
  if (auto s = db.Open(path, SQLITE_OPEN_READONLY, 5000); !s) return s.error();
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db.h, "PRAGMA user_version", -1, &st, nullptr) != SQLITE_OK)
    return Error{"backup.open", path + ": " + db.Msg()};
  const int rc = sqlite3_step(st);
  const int v = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
  sqlite3_finalize(st);
  if (v < 0) return Error{"backup.open", path + " is not a SQLite database: " + db.Msg()};
  return v;
}

Result<BackupInfo> BackupHubDatabase(const std::string& db, const std::string& out) {
  std::error_code ec;
  if (!fs::is_regular_file(db, ec)) return Error{"backup.input", "no database at " + db};
  if (fs::exists(out, ec) && fs::equivalent(db, out, ec)) return Error{"backup.input", "--out must not be the database itself"};
  Db src;
  // Read-write without create: the same kind of connection as the hub's, so the WAL index is
  // shared with it; a missing file is an error rather than a new empty database.
  if (auto s = src.Open(db, SQLITE_OPEN_READWRITE, 5000); !s) return s.error();
  const std::string tmp = out + ".tmp-" + std::to_string(::getpid());
  fs::remove(tmp, ec);
  BackupInfo info;
  {
    Db dst;
    if (auto s = dst.Open(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 5000); !s) return s.error();
    if (auto s = CopyAll(dst.h, src.h, "backup of " + db); !s) {
      fs::remove(tmp, ec);
      return s.error();
    }
    // The copy carries the source's WAL flag; a backup is one self-contained file.
    if (dst.One("PRAGMA journal_mode=DELETE") != "delete") {
      fs::remove(tmp, ec);
      return Error{"backup.copy", "cannot make " + tmp + " a rollback-journal file: " + dst.Msg()};
    }
    const std::string ok = dst.One("PRAGMA integrity_check");
    if (ok != "ok") {
      fs::remove(tmp, ec);
      return Error{"backup.check", "the copy failed SQLite's integrity check (" + ok + "); nothing written to " + out};
    }
    info.schema_version = dst.Int("PRAGMA user_version");
  }
  if (auto s = SyncFile(tmp); !s) {
    fs::remove(tmp, ec);
    return s.error();
  }
  fs::rename(tmp, out, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return Error{"backup.write", "cannot move the backup to " + out + ": " + ec.message()};
  }
  // The rename is durable only once the directory is synced.
  const auto dir = fs::absolute(out).parent_path();
  if (const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); fd >= 0) {
    (void)::fsync(fd);
    ::close(fd);
  }
  info.bytes = static_cast<int64_t>(fs::file_size(out, ec));
  return info;
}

Result<RestoreInfo> RestoreHubDatabase(const std::string& from, const std::string& db, bool force) {
  auto version = CheckBackupFile(from);
  if (!version) return version.error();
  RestoreInfo info;
  info.schema_version_restored = version.value();
  std::error_code ec;
  if (fs::exists(db, ec) && fs::equivalent(db, from, ec)) return Error{"restore.input", "--from is the database itself"};
  if (auto s = PrepareDatabaseDir(db); !s) return s.error();
  {
    Db dst;
    if (auto s = dst.Open(db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 0); !s) return s.error();
    // EXCLUSIVE locking mode keeps the lock after this first write transaction, until close: no other
    // connection (a running hub, an admin command) can read or write while the file is replaced. Any
    // connection that has the file open, even idle, makes this fail at once.
    dst.Exec("PRAGMA locking_mode=EXCLUSIVE");
    if (dst.Exec("BEGIN EXCLUSIVE") != SQLITE_OK || dst.Exec("COMMIT") != SQLITE_OK)
      return Error{"restore.in_use", db + " is in use (a running onestop-hub or an admin command has it open): "
                                          "stop the hub first (systemctl stop onestop-hub), then restore"};
    const bool has_data = dst.Int("SELECT count(*) FROM sqlite_master") > 0;
    if (has_data && !force)
      return Error{"restore.exists", db + " already holds a database; add --force to replace it (its content is "
                                          "kept as " + db + ".before-restore-<UTC time>)"};
    if (has_data) {
      info.kept = db + ".before-restore-" + UtcStamp();
      Db keep;
      if (auto s = keep.Open(info.kept, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 0); !s) return s.error();
      if (auto s = CopyAll(keep.h, dst.h, "copy of the current database"); !s) return s.error();
      if (keep.One("PRAGMA journal_mode=DELETE") != "delete")
        return Error{"restore.keep", "cannot finish " + info.kept + ": " + keep.Msg()};
    }
    Db src;
    const std::string uri = "file:" + fs::absolute(from).string() + "?immutable=1";
    if (auto s = src.Open(uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, 5000); !s) return s.error();
    if (auto s = CopyAll(dst.h, src.h, "restore from " + from); !s) return s.error();
  }
  if (auto s = SyncFile(db); !s) return s.error();
  // Opening the store migrates an older backup to this binary's schema (and sets WAL again).
  auto store = OpenSqliteStore(db);
  if (!store) return store.error();
  store.value().reset();
  auto now = ReadHubSchemaVersion(db);
  if (!now) return now.error();
  info.schema_version_now = now.value();
  return info;
}

Status CreateHubDatabaseAtVersion(const std::string& path, int version) {
  if (version < 1 || version > HubSchemaVersion())
    return Error{"store.version", "no hub schema v" + std::to_string(version)};
  sqlite::Conn c;
  if (auto s = c.Open(path, true); !s) return s;
  return sqlite::Migrate(c, path, version);
}

}  // namespace onestop::hub
