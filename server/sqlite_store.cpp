// SQLite implementation of HubStore: opening, the reader pool and the read queries (the write
// transaction is sqlite_tx.h, schema and migrations sqlite_schema.cpp, connection and row decoding
// sqlite_rows.h; no other hub file has SQL). WAL mode, one serialised
// writer connection and a small pool of reader connections so pulls run in parallel with pushes.
// Bound parameters only: no value is ever spliced into SQL text.
#include <sqlite3.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <unordered_map>

#include "kiosk/core/clock.h"
#include "server/pull_scope.h"
#include "server/sqlite_rows.h"
#include "server/sqlite_schema.h"
#include "server/sqlite_tx.h"
#include "server/store.h"

namespace onestop::hub {
namespace {
using namespace sqlite;  // Conn, Bind, Col and the row decoders
namespace fs = std::filesystem;

constexpr int kReaderPoolSize = 4;


// Creates a missing database file 0600 before SQLite opens it; SQLite creates -wal and -shm with the
// mode of the database file, so they end up 0600 too. A missing directory stays an error here (a
// mistyped --db of a CLI command must not conjure up an empty database): `serve` creates its
// directory with PrepareDatabaseDir first.
Status PrepareFiles(const std::string& path) {
  if (path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0) return Ok{};
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) ::close(fd);
  else if (errno != EEXIST)
    return Error{"store.open", "cannot create hub database " + path + ": " + std::strerror(errno)};
  return Ok{};
}

class SqliteStore final : public HubStore {
 public:
  Status Open(const std::string& path) {
    path_ = path;
    if (IsPostgresDb(path)) return Error{"store.open", "a PostgreSQL URI is not a SQLite file (use OpenHubStore)"};
    if (auto s = PrepareFiles(path); !s) return s;
    if (auto s = writer_.Open(path, true); !s) return s;
    // synchronous=FULL: a push answered "accepted" lets the kiosk delete its outbox row, so the
    // commit must survive a power cut, not just a crash (NORMAL in WAL mode may lose the last ones).
    for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"})
      if (auto s = writer_.Exec(pragma); !s) return Error{"store.open", path + ": " + s.error().message};
    if (auto s = sqlite::Migrate(writer_, path); !s) return s;
    for (int i = 0; i < kReaderPoolSize; ++i) {
      auto c = std::make_unique<Conn>();
      if (auto s = c->Open(path, false); !s) return s;
      readers_.push_back(std::move(c));
      free_.push_back(readers_.back().get());
    }
    return Ok{};
  }

  Result<std::unique_ptr<HubTx>> Begin() override {
    std::unique_lock lock(write_mu_);
    auto tx = std::make_unique<SqliteTx>(writer_, std::move(lock), bell_.load());
    if (!tx->ok()) {
      auto s = tx->Commit();  // reports the BEGIN failure
      return s.error();
    }
    return std::unique_ptr<HubTx>(std::move(tx));
  }

  void SetChangeBell(ChangeBell* bell) override { bell_ = bell; }

  Result<StoreHealth> Health() override {
    if (auto s = Ping(); !s) return s.error();
    return StoreHealth{"sqlite", "primary", std::nullopt};
  }
  StorePoolStats PoolStats() const override {
    std::lock_guard lock(pool_mu_);
    // The writer connection plus the readers; in use: readers checked out now.
    return StorePoolStats{kReaderPoolSize + 1, kReaderPoolSize - static_cast<int>(free_.size()), kReaderPoolSize + 1};
  }

  Status Ping() override {
    Reader r(*this);
    auto* st = r->Prep("SELECT COUNT(*) FROM sqlite_master");
    if (!st || sqlite3_step(st) != SQLITE_ROW) return Error{"store.ping", r->Msg()};
    return Ok{};
  }

  Result<std::optional<TerminalRow>> FindTerminalByTokenHash(const std::string& hash) override {
    Reader r(*this);
    auto* st = r->Prep("SELECT id,kind,location FROM terminals WHERE token_hash=?1 AND revoked_ms IS NULL");
    if (!st) return Error{"store.sql", r->Msg()};
    Bind(st, 1, hash);
    const int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return std::optional<TerminalRow>();
    if (rc != SQLITE_ROW) return Error{"store.sql", r->Msg()};
    return std::optional<TerminalRow>(TerminalRow{Col(st, 0), BindingOf(Col(st, 1), Col(st, 2))});
  }

  Result<std::vector<TerminalInfo>> ListTerminals() override {
    Reader r(*this);
    auto* st = r->Prep("SELECT t.id,t.kind,t.location,t.created_ms,COALESCE(t.revoked_ms,0),"
                       "COALESCE((SELECT MAX(received_ms) FROM records WHERE terminal_id=t.id),0),"
                       "t.app_version,t.outbox_depth,t.clock_skew_ms,COALESCE(t.reported_ms,0),COALESCE(t.last_pull_ms,0) "
                       "FROM terminals t ORDER BY t.created_ms, t.id");
    if (!st) return Error{"store.sql", r->Msg()};
    std::vector<TerminalInfo> out;
    auto opt_int = [st](int col) {
      return sqlite3_column_type(st, col) == SQLITE_NULL ? std::nullopt : std::optional<int64_t>(sqlite3_column_int64(st, col));
    };
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      TerminalInfo t;
      t.terminal = TerminalRow{Col(st, 0), BindingOf(Col(st, 1), Col(st, 2))};
      t.enrolled_ms = sqlite3_column_int64(st, 3);
      t.last_push_ms = sqlite3_column_int64(st, 5);
      t.revoked_ms = sqlite3_column_int64(st, 4);
      if (sqlite3_column_type(st, 6) != SQLITE_NULL) t.report.app_version = Col(st, 6);
      t.report.outbox_depth = opt_int(7);
      t.report.clock_skew_ms = opt_int(8);
      t.reported_ms = sqlite3_column_int64(st, 9);
      t.last_pull_ms = sqlite3_column_int64(st, 10);
      out.push_back(std::move(t));
    }
    if (rc != SQLITE_DONE) return Error{"store.sql", r->Msg()};
    return out;
  }

  Result<std::vector<ChangeRow>> Pull(const Binding& b, int64_t cursor, int limit, bool* more,
                                      size_t max_bytes) override {
    Reader r(*this);
    // The rule and the query text are server/pull_scope.h (shared with PostgreSQL).
    auto* st = r->Prep(PullSql(AllScopes(b), SqlDialect::kSqlite).c_str());
    if (!st) return Error{"store.sql", r->Msg()};
    Bind(st, 1, cursor);
    Bind(st, 2, static_cast<int64_t>(limit) + 1);
    const std::vector<std::string> params = PullParams(b);
    for (size_t i = 0; i < params.size(); ++i) Bind(st, 3 + static_cast<int>(i), params[i]);
    PullPage page(b, limit, max_bytes);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
      if (!page.Offer(ChangeRow{sqlite3_column_int64(st, 0), Col(st, 1), Col(st, 2), Col(st, 3), Col(st, 4)}))
        return page.Take(more);
    if (rc != SQLITE_DONE) return Error{"store.sql", r->Msg()};
    return page.Take(more);
  }

  Result<std::vector<TicketRow>> ListTickets() override {
    Reader r(*this);
    static const std::string sql = std::string("SELECT ") + kTicketCols + " FROM tickets ORDER BY num";
    auto* st = r->Prep(sql.c_str());
    if (!st) return Error{"store.sql", r->Msg()};
    std::vector<TicketRow> out;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) out.push_back(TicketFrom(st));
    if (rc != SQLITE_DONE) return Error{"store.sql", r->Msg()};
    return out;
  }

  Result<std::vector<TicketRow>> ListTicketsUpdatedSince(int64_t since_ms) override {
    Reader r(*this);
    static const std::string sql = std::string("SELECT ") + kTicketCols + " FROM tickets WHERE updated_ms>=?1 ORDER BY num";
    auto* st = r->Prep(sql.c_str());
    if (!st) return Error{"store.sql", r->Msg()};
    Bind(st, 1, since_ms);
    std::vector<TicketRow> out;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) out.push_back(TicketFrom(st));
    if (rc != SQLITE_DONE) return Error{"store.sql", r->Msg()};
    return out;
  }

  Result<std::vector<RatingRow>> ListRatings(int64_t from_ms, int64_t to_ms) override {
    Reader r(*this);
    static const std::string sql = std::string("SELECT ") + kRatingCols +
                                   " FROM ratings WHERE rated_ms>=?1 AND rated_ms<?2 ORDER BY rated_ms, ticket_id, rater";
    auto* st = r->Prep(sql.c_str());
    if (!st) return Error{"store.sql", r->Msg()};
    Bind(st, 1, from_ms);
    Bind(st, 2, to_ms);
    std::vector<RatingRow> out;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) out.push_back(RatingFrom(st));
    if (rc != SQLITE_DONE) return Error{"store.sql", r->Msg()};
    return out;
  }

  Result<std::vector<RatingRow>> LoadRatings(const std::string& ticket_id) override {
    Reader r(*this);
    static const std::string sql = std::string("SELECT ") + kRatingCols + " FROM ratings WHERE ticket_id=?1 ORDER BY round, rated_ms, rater";
    auto* st = r->Prep(sql.c_str());
    if (!st) return Error{"store.sql", r->Msg()};
    Bind(st, 1, ticket_id);
    std::vector<RatingRow> out;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) out.push_back(RatingFrom(st));
    if (rc != SQLITE_DONE) return Error{"store.sql", r->Msg()};
    return out;
  }

  Result<TicketRow> LoadTicket(const std::string& id) override {
    Reader r(*this);
    static const std::string sql = std::string("SELECT ") + kTicketCols + " FROM tickets WHERE id=?1";
    auto* st = r->Prep(sql.c_str());
    if (!st) return Error{"store.sql", r->Msg()};
    Bind(st, 1, id);
    if (sqlite3_step(st) != SQLITE_ROW) return Error{"ticket.unknown", "no ticket " + id};
    return TicketFrom(st);
  }

  // ---- console reads (issue 13) ----
  Result<std::vector<ConsoleUserRow>> ListConsoleUsers() override {
    Reader r(*this);
    static const std::string sql = std::string("SELECT ") + kConsoleUserCols + " FROM console_users ORDER BY name";
    auto* st = r->Prep(sql.c_str());
    if (!st) return Error{"store.sql", r->Msg()};
    std::vector<ConsoleUserRow> out;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) out.push_back(ConsoleUserFrom(st));
    if (rc != SQLITE_DONE) return Error{"store.sql", r->Msg()};
    return out;
  }
  Result<std::optional<ConsoleUserRow>> LoadConsoleUser(const std::string& name) override {
    Reader r(*this);
    static const std::string sql = std::string("SELECT ") + kConsoleUserCols + " FROM console_users WHERE name=?1";
    auto* st = r->Prep(sql.c_str());
    if (!st) return Error{"store.sql", r->Msg()};
    Bind(st, 1, name);
    const int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) return std::optional<ConsoleUserRow>(ConsoleUserFrom(st));
    if (rc != SQLITE_DONE) return Error{"store.sql", r->Msg()};
    return std::optional<ConsoleUserRow>();
  }
  Result<std::optional<ConsoleSessionRow>> LoadConsoleSession(const std::string& token_hash) override {
    Reader r(*this);
    auto* st = r->Prep("SELECT token_hash,user,csrf_hash,created_ms,last_seen_ms FROM console_sessions WHERE token_hash=?1");
    if (!st) return Error{"store.sql", r->Msg()};
    Bind(st, 1, token_hash);
    const int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return std::optional<ConsoleSessionRow>();
    if (rc != SQLITE_ROW) return Error{"store.sql", r->Msg()};
    return std::optional<ConsoleSessionRow>(ConsoleSessionRow{Col(st, 0), Col(st, 1), Col(st, 2),
                                                              sqlite3_column_int64(st, 3), sqlite3_column_int64(st, 4)});
  }
  Result<std::vector<AuditRow>> ListAudit(int64_t before_seq, int limit) override {
    Reader r(*this);
    auto* st = r->Prep("SELECT seq,at_ms,actor,action,target,before,after FROM console_audit "
                       "WHERE ?1=0 OR seq<?1 ORDER BY seq DESC LIMIT ?2");
    if (!st) return Error{"store.sql", r->Msg()};
    Bind(st, 1, before_seq);
    Bind(st, 2, static_cast<int64_t>(limit));
    std::vector<AuditRow> out;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) out.push_back(AuditFrom(st));
    if (rc != SQLITE_DONE) return Error{"store.sql", r->Msg()};
    return out;
  }
  Result<std::vector<TicketRow>> ListTicketsWithStatus(const std::vector<std::string>& statuses) override {
    Reader r(*this);
    static const std::string sql = std::string("SELECT ") + kTicketCols +
                                   " FROM tickets WHERE status IN (SELECT value FROM json_each(?1)) ORDER BY num";
    auto* st = r->Prep(sql.c_str());
    if (!st) return Error{"store.sql", r->Msg()};
    Bind(st, 1, JsonList(statuses));
    std::vector<TicketRow> out;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) out.push_back(TicketFrom(st));
    if (rc != SQLITE_DONE) return Error{"store.sql", r->Msg()};
    return out;
  }
  Result<std::vector<std::pair<std::string, json>>> LoadMasterRows(const std::string& entity,
                                                                   const std::vector<std::string>& ids) override {
    Reader r(*this);
    auto* st = r->Prep("SELECT id,data FROM master WHERE entity=?1 AND id IN (SELECT value FROM json_each(?2))");
    if (!st) return Error{"store.sql", r->Msg()};
    Bind(st, 1, entity);
    Bind(st, 2, JsonList(ids));
    std::vector<std::pair<std::string, json>> out;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) out.emplace_back(Col(st, 0), ParseStored(Col(st, 1), json::object()));
    if (rc != SQLITE_DONE) return Error{"store.sql", r->Msg()};
    return out;
  }
  Result<std::vector<std::pair<std::string, json>>> ListMasterRows(const std::string& entity,
                                                                  const std::string& id_prefix) override {
    Reader r(*this);
    auto* st = r->Prep("SELECT id,data FROM master WHERE entity=?1 AND substr(id,1,length(?2))=?2 ORDER BY id");
    if (!st) return Error{"store.sql", r->Msg()};
    Bind(st, 1, entity);
    Bind(st, 2, id_prefix);
    std::vector<std::pair<std::string, json>> out;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) out.emplace_back(Col(st, 0), ParseStored(Col(st, 1), json::object()));
    if (rc != SQLITE_DONE) return Error{"store.sql", r->Msg()};
    return out;
  }
  Result<std::vector<std::pair<std::string, json>>> ListMasterSummaries(const std::string& entity) override {
    Reader r(*this);
    auto* st = r->Prep("SELECT id,json_remove(data,'$.data') FROM master WHERE entity=?1 ORDER BY id");
    if (!st) return Error{"store.sql", r->Msg()};
    Bind(st, 1, entity);
    std::vector<std::pair<std::string, json>> out;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) out.emplace_back(Col(st, 0), ParseStored(Col(st, 1), json::object()));
    if (rc != SQLITE_DONE) return Error{"store.sql", r->Msg()};
    return out;
  }
  Result<std::vector<ChangeRow>> ListChangesOf(const std::string& entity, int64_t cursor, int limit) override {
    Reader r(*this);
    auto* st = r->Prep("SELECT seq,entity,op,id,data FROM changes WHERE entity=?1 AND seq>?2 ORDER BY seq LIMIT ?3");
    if (!st) return Error{"store.sql", r->Msg()};
    Bind(st, 1, entity);
    Bind(st, 2, cursor);
    Bind(st, 3, static_cast<int64_t>(limit));
    std::vector<ChangeRow> out;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
      out.push_back(ChangeRow{sqlite3_column_int64(st, 0), Col(st, 1), Col(st, 2), Col(st, 3), Col(st, 4)});
    if (rc != SQLITE_DONE) return Error{"store.sql", r->Msg()};
    return out;
  }
  Result<std::optional<std::string>> LoadTicketPhoto(const std::string& ticket_id, int n) override {
    Reader r(*this);
    auto* st = r->Prep("SELECT jpeg FROM ticket_photos WHERE ticket_id=?1 AND n=?2");
    if (!st) return Error{"store.sql", r->Msg()};
    Bind(st, 1, ticket_id);
    Bind(st, 2, static_cast<int64_t>(n));
    const int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return std::optional<std::string>();
    if (rc != SQLITE_ROW) return Error{"store.sql", r->Msg()};
    const auto* p = static_cast<const char*>(sqlite3_column_blob(st, 0));
    return std::optional<std::string>(std::string(p ? p : "", static_cast<size_t>(sqlite3_column_bytes(st, 0))));
  }
  Result<std::optional<json>> LoadRecordPayload(const std::string& record_id) override {
    Reader r(*this);
    auto* st = r->Prep("SELECT payload FROM records WHERE id=?1");
    if (!st) return Error{"store.sql", r->Msg()};
    Bind(st, 1, record_id);
    const int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) return std::optional<json>();
    if (rc != SQLITE_ROW) return Error{"store.sql", r->Msg()};
    return std::optional<json>(ParseStored(Col(st, 0), json::object()));
  }
  Result<int64_t> LastChangeSeq() override {
    Reader r(*this);
    auto* st = r->Prep("SELECT COALESCE(MAX(seq),0) FROM changes");
    if (!st || sqlite3_step(st) != SQLITE_ROW) return Error{"store.sql", r->Msg()};
    return static_cast<int64_t>(sqlite3_column_int64(st, 0));
  }

 private:
  // Checks a reader connection out of the pool for the scope of one call.
  class Reader {
   public:
    explicit Reader(SqliteStore& s) : s_(s) {
      std::unique_lock lock(s_.pool_mu_);
      s_.pool_cv_.wait(lock, [&] { return !s_.free_.empty(); });
      c_ = s_.free_.back();
      s_.free_.pop_back();
    }
    ~Reader() {
      c_->ResetAll();  // end the read snapshot
      {
        std::lock_guard lock(s_.pool_mu_);
        s_.free_.push_back(c_);
      }
      s_.pool_cv_.notify_one();
    }
    Conn* operator->() { return c_; }

   private:
    SqliteStore& s_;
    Conn* c_ = nullptr;
  };

  std::string path_;
  Conn writer_;
  std::mutex write_mu_;
  std::atomic<ChangeBell*> bell_{nullptr};  // set once by the hub; read by every writer
  std::vector<std::unique_ptr<Conn>> readers_;
  std::vector<Conn*> free_;
  mutable std::mutex pool_mu_;
  std::condition_variable pool_cv_;
};

}  // namespace

Status PrepareDatabaseDir(const std::string& path) {
  if (path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0 || path.find("://") != std::string::npos)
    return Ok{};
  std::error_code ec;
  const fs::path dir = fs::path(path).parent_path();
  if (dir.empty() || fs::exists(dir, ec)) return Ok{};
  // Each missing level 0700 (mkdir honours the umask, which can only take bits away).
  fs::path cur;
  for (const auto& part : dir) {
    cur /= part;
    if (fs::exists(cur, ec)) continue;
    if (::mkdir(cur.c_str(), 0700) != 0 && errno != EEXIST)
      return Error{"store.open", "cannot create database directory " + cur.string() + ": " + std::strerror(errno)};
  }
  return Ok{};
}

bool IsPostgresDb(const std::string& db) {
  return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
}

Result<std::unique_ptr<HubStore>> OpenHubStore(const std::string& db) {
  if (IsPostgresDb(db)) return OpenPgStore(db);
  return OpenSqliteStore(db);
}

Result<std::unique_ptr<HubStore>> OpenSqliteStore(const std::string& path) {
  auto s = std::make_unique<SqliteStore>();
  if (auto st = s->Open(path); !st) return st.error();
  return std::unique_ptr<HubStore>(std::move(s));
}

}  // namespace onestop::hub
