// PostgreSQL implementation of HubStore: opening, the writer connection, the reader pool, the read
// queries and the LISTEN connection that rings the change bell for commits of any hub process
// (the write transaction is pg_tx.h, schema pg_schema.cpp, plumbing pg_conn.h). Several hub processes
// may share one database. Bound parameters only: no value is ever spliced into SQL text.
#include <poll.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "server/pg_conn.h"
#include "server/pg_rows.h"
#include "server/pg_schema.h"
#include "server/pg_tx.h"
#include "server/pull_scope.h"
#include "server/store.h"

namespace onestop::hub {
namespace {
using namespace pg;  // NOLINT: Conn, Params, Res and the row decoders

// Readers per process: pulls and console reads run in parallel with the writer on these.
constexpr int kReaderPoolSize = 4;

class PgStore final : public HubStore {
 public:
  explicit PgStore(std::string url) : url_(std::move(url)), readers_(url_, kReaderPoolSize) {}
  ~PgStore() override {
    stop_ = true;
    if (listener_.joinable()) listener_.join();
  }

  Status Open() {
    if (auto s = writer_.Open(url_); !s) return s;
    return Migrate(writer_);
  }

  Result<std::unique_ptr<HubTx>> Begin() override {
    std::unique_lock lock(write_mu_);
    // A connection that broke (PostgreSQL restarted) is replaced here. One found dead at BEGIN is
    // replaced and BEGIN tried once more (nothing was done yet); a connection lost later fails its
    // transaction with store.unavailable (503), and the next one starts on a fresh connection.
    for (int attempt = 0;; ++attempt) {
      if (writer_.broken() || PQtransactionStatus(writer_.raw()) != PQTRANS_IDLE)
        if (auto s = writer_.Open(url_); !s) return s.error();
      auto tx = std::make_unique<PgTx>(writer_, std::move(lock), bell_.load());
      if (tx->ok()) return std::unique_ptr<HubTx>(std::move(tx));
      Error e = tx->Commit().error();  // the BEGIN failure
      lock = tx->Release();
      if (attempt > 0 || e.code != "store.unavailable") return e;
      writer_.Close();
    }
  }

  void SetChangeBell(ChangeBell* bell) override {
    {
      std::lock_guard lock(bell_mu_);  // the listener never rings a bell being taken away
      listener_bell_ = bell;
    }
    bell_ = bell;
    if (bell && !listener_.joinable()) listener_ = std::thread([this] { Listen(); });
  }

  Status Ping() override {
    auto r = Read("SELECT 1", Params());
    if (!r) return r.error();
    return Ok{};
  }

  Result<StoreHealth> Health() override {
    // A standby reports how far its replay is behind; a primary its slowest connected standby.
    auto r = Read("SELECT pg_is_in_recovery(), CASE WHEN pg_is_in_recovery() THEN "
                  "(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) * 1000)::bigint ELSE "
                  "(SELECT (EXTRACT(EPOCH FROM MAX(replay_lag)) * 1000)::bigint FROM pg_stat_replication) END",
                  Params());
    if (!r) return r.error();
    StoreHealth h{"postgresql", r->boolean(0, 0) ? "standby" : "primary", std::nullopt};
    if (!r->null(0, 1)) h.replication_lag_ms = std::max<int64_t>(0, r->i64(0, 1));
    return h;
  }

  StorePoolStats PoolStats() const override {
    const PoolCounts c = readers_.Counts();
    const bool writing = !write_mu_.try_lock();
    if (!writing) write_mu_.unlock();
    return StorePoolStats{c.open + 1, c.in_use + (writing ? 1 : 0), kReaderPoolSize + 1};
  }

  Result<std::optional<TerminalRow>> FindTerminalByTokenHash(const std::string& hash) override {
    auto r = Read("SELECT id,kind,location FROM terminals WHERE token_hash=$1 AND revoked_ms IS NULL", Params().add(hash));
    if (!r) return r.error();
    if (r->rows() == 0) return std::optional<TerminalRow>();
    return std::optional<TerminalRow>(TerminalRow{r->str(0, 0), BindingOf(r->str(0, 1), r->str(0, 2))});
  }

  Result<std::vector<TerminalInfo>> ListTerminals() override {
    auto r = Read("SELECT t.id,t.kind,t.location,t.created_ms,COALESCE(t.revoked_ms,0),"
                  "COALESCE((SELECT MAX(received_ms) FROM records WHERE terminal_id=t.id),0),"
                  "t.app_version,t.outbox_depth,t.clock_skew_ms,COALESCE(t.reported_ms,0),COALESCE(t.last_pull_ms,0) "
                  "FROM terminals t ORDER BY t.created_ms, t.id",
                  Params());
    if (!r) return r.error();
    std::vector<TerminalInfo> out;
    auto opt = [&](int i, int col) { return r->null(i, col) ? std::nullopt : std::optional<int64_t>(r->i64(i, col)); };
    for (int i = 0; i < r->rows(); ++i) {
      TerminalInfo t;
      t.terminal = TerminalRow{r->str(i, 0), BindingOf(r->str(i, 1), r->str(i, 2))};
      t.enrolled_ms = r->i64(i, 3);
      t.revoked_ms = r->i64(i, 4);
      t.last_push_ms = r->i64(i, 5);
      if (!r->null(i, 6)) t.report.app_version = r->str(i, 6);
      t.report.outbox_depth = opt(i, 7);
      t.report.clock_skew_ms = opt(i, 8);
      t.reported_ms = r->i64(i, 9);
      t.last_pull_ms = r->i64(i, 10);
      out.push_back(std::move(t));
    }
    return out;
  }

  Result<std::vector<ChangeRow>> Pull(const Binding& b, int64_t cursor, int limit, bool* more,
                                      size_t max_bytes) override {
    // The rule and the query text are server/pull_scope.h (shared with SQLite).
    Params p;
    p.add(cursor).add(static_cast<int64_t>(limit) + 1);
    for (const auto& v : PullParams(b)) p.add(v);
    auto r = Read(PullSql(AllScopes(b), SqlDialect::kPostgres).c_str(), p);
    if (!r) return r.error();
    PullPage page(b, limit, max_bytes);
    for (int i = 0; i < r->rows(); ++i)
      if (!page.Offer(ChangeFrom(r.value(), i))) break;
    return page.Take(more);
  }

  Result<std::vector<TicketRow>> ListTickets() override {
    static const std::string sql = std::string("SELECT ") + kTicketCols + " FROM tickets ORDER BY num";
    return Tickets(sql.c_str(), Params());
  }
  Result<std::vector<TicketRow>> ListTicketsUpdatedSince(int64_t since_ms) override {
    static const std::string sql = std::string("SELECT ") + kTicketCols + " FROM tickets WHERE updated_ms>=$1 ORDER BY num";
    return Tickets(sql.c_str(), Params().add(since_ms));
  }
  Result<std::vector<TicketRow>> ListTicketsWithStatus(const std::vector<std::string>& statuses) override {
    static const std::string sql = std::string("SELECT ") + kTicketCols +
                                   " FROM tickets WHERE status IN (SELECT json_array_elements_text($1::json)) ORDER BY num";
    return Tickets(sql.c_str(), Params().add(JsonList(statuses)));
  }
  Result<TicketRow> LoadTicket(const std::string& id) override {
    static const std::string sql = std::string("SELECT ") + kTicketCols + " FROM tickets WHERE id=$1";
    auto t = Tickets(sql.c_str(), Params().add(id));
    if (!t) return t.error();
    if (t->empty()) return Error{"ticket.unknown", "no ticket " + id};
    return t.value()[0];
  }

  Result<std::vector<RatingRow>> ListRatings(int64_t from_ms, int64_t to_ms) override {
    static const std::string sql = std::string("SELECT ") + kRatingCols +
                                   " FROM ratings WHERE rated_ms>=$1 AND rated_ms<$2 ORDER BY rated_ms, ticket_id, rater";
    return Ratings(sql.c_str(), Params().add(from_ms).add(to_ms));
  }
  Result<std::vector<RatingRow>> LoadRatings(const std::string& ticket_id) override {
    static const std::string sql =
        std::string("SELECT ") + kRatingCols + " FROM ratings WHERE ticket_id=$1 ORDER BY round, rated_ms, rater";
    return Ratings(sql.c_str(), Params().add(ticket_id));
  }

  Result<std::vector<ConsoleUserRow>> ListConsoleUsers() override {
    static const std::string sql = std::string("SELECT ") + kConsoleUserCols + " FROM console_users ORDER BY name";
    return Rows(sql.c_str(), Params(), &ConsoleUserFrom);
  }
  Result<std::optional<ConsoleUserRow>> LoadConsoleUser(const std::string& name) override {
    static const std::string sql = std::string("SELECT ") + kConsoleUserCols + " FROM console_users WHERE name=$1";
    auto r = Read(sql.c_str(), Params().add(name));
    if (!r) return r.error();
    if (r->rows() == 0) return std::optional<ConsoleUserRow>();
    return std::optional<ConsoleUserRow>(ConsoleUserFrom(r.value(), 0));
  }
  Result<std::optional<ConsoleSessionRow>> LoadConsoleSession(const std::string& token_hash) override {
    auto r = Read("SELECT token_hash,\"user\",csrf_hash,created_ms,last_seen_ms FROM console_sessions WHERE token_hash=$1",
                  Params().add(token_hash));
    if (!r) return r.error();
    if (r->rows() == 0) return std::optional<ConsoleSessionRow>();
    return std::optional<ConsoleSessionRow>(
        ConsoleSessionRow{r->str(0, 0), r->str(0, 1), r->str(0, 2), r->i64(0, 3), r->i64(0, 4)});
  }
  Result<std::vector<AuditRow>> ListAudit(int64_t before_seq, int limit) override {
    return Rows("SELECT seq,at_ms,actor,action,target,before,after FROM console_audit "
                "WHERE $1::bigint=0 OR seq<$1::bigint ORDER BY seq DESC LIMIT $2",
                Params().add(before_seq).add(limit), &AuditFrom);
  }

  Result<std::vector<std::pair<std::string, json>>> LoadMasterRows(const std::string& entity,
                                                                   const std::vector<std::string>& ids) override {
    return Master("SELECT id,data FROM master WHERE entity=$1 AND id IN (SELECT json_array_elements_text($2::json))",
                  Params().add(entity).add(JsonList(ids)));
  }
  Result<std::vector<std::pair<std::string, json>>> ListMasterRows(const std::string& entity,
                                                                  const std::string& id_prefix) override {
    return Master("SELECT id,data FROM master WHERE entity=$1 AND left(id, length($2))=$2 ORDER BY id",
                  Params().add(entity).add(id_prefix));
  }
  Result<std::vector<std::pair<std::string, json>>> ListMasterSummaries(const std::string& entity) override {
    // The "data" member is removed in the database, so a dish photo's bytes never travel. jsonb
    // refuses the escape \u0000; such a row (never written by the hub's own forms) travels whole.
    return Master("SELECT id, CASE WHEN strpos(data, '\\u0000')>0 THEN data ELSE (data::jsonb - 'data')::text END "
                  "FROM master WHERE entity=$1 ORDER BY id",
                  Params().add(entity), /*drop_data=*/true);
  }
  Result<std::vector<ChangeRow>> ListChangesOf(const std::string& entity, int64_t cursor, int limit) override {
    return Rows("SELECT seq,entity,op,id,data FROM changes WHERE entity=$1 AND seq>$2 ORDER BY seq LIMIT $3",
                Params().add(entity).add(cursor).add(limit), &ChangeFrom);
  }
  Result<int64_t> LastChangeSeq() override {
    auto r = Read("SELECT COALESCE(MAX(seq),0) FROM changes", Params());
    if (!r) return r.error();
    return r->i64(0, 0);
  }
  Result<std::optional<std::string>> LoadTicketPhoto(const std::string& ticket_id, int n) override {
    auto r = Read("SELECT jpeg FROM ticket_photos WHERE ticket_id=$1 AND n=$2", Params().add(ticket_id).add(n));
    if (!r) return r.error();
    if (r->rows() == 0) return std::optional<std::string>();
    return std::optional<std::string>(r->bytes(0, 0));
  }
  Result<std::optional<json>> LoadRecordPayload(const std::string& record_id) override {
    auto r = Read("SELECT payload FROM records WHERE id=$1", Params().add(record_id));
    if (!r) return r.error();
    if (r->rows() == 0) return std::optional<json>();
    return std::optional<json>(ParseStored(r->str(0, 0), json::object()));
  }

 private:
  // One statement on a pooled reader connection (autocommit: its own snapshot, never a lock the
  // writer waits for). A connection found dead (PostgreSQL restarted) is dropped with the idle ones and the read runs
  // once more on a fresh one: reads change nothing, so running one twice is harmless.
  Result<Res> Read(const char* sql, const Params& p) {
    for (int attempt = 0;; ++attempt) {
      Lease c(readers_);
      if (!c.ok()) return c.error();
      auto r = c->Run(sql, p);
      if (r || attempt > 0 || r.error().code != "store.unavailable") return r;
    }
  }
  // Every row of one read, decoded by `from` (TicketFrom, RatingFrom, ...).
  template <class Row>
  Result<std::vector<Row>> Rows(const char* sql, const Params& p, Row (*from)(const Res&, int)) {
    auto r = Read(sql, p);
    if (!r) return r.error();
    std::vector<Row> out;
    out.reserve(static_cast<size_t>(r->rows()));
    for (int i = 0; i < r->rows(); ++i) out.push_back(from(r.value(), i));
    return out;
  }
  Result<std::vector<TicketRow>> Tickets(const char* sql, const Params& p) { return Rows(sql, p, &TicketFrom); }
  Result<std::vector<RatingRow>> Ratings(const char* sql, const Params& p) { return Rows(sql, p, &RatingFrom); }
  Result<std::vector<std::pair<std::string, json>>> Master(const char* sql, const Params& p, bool drop_data = false) {
    auto r = Read(sql, p);
    if (!r) return r.error();
    std::vector<std::pair<std::string, json>> out;
    for (int i = 0; i < r->rows(); ++i) {
      json j = ParseStored(r->str(i, 1), json::object());
      if (drop_data && j.is_object()) j.erase("data");
      out.emplace_back(r->str(i, 0), std::move(j));
    }
    return out;
  }

  // The listener: one connection per process LISTENing on kNotifyChannel; every notification (a
  // commit with changes on any hub process) rings the bell. When the connection drops it reconnects
  // once a second and rings once it is back (commits in between were not heard). Live pulls also
  // look at the newest seq once a second (hub.cpp), so a dead listener slows them, never stalls them.
  void Listen() {
    Conn c;
    bool was_down = false;
    while (!stop_) {
      if (c.broken()) {
        if (!c.Open(url_).ok() || !c.Exec(std::string("LISTEN ") + kNotifyChannel).ok()) {
          was_down = true;
          for (int i = 0; i < 10 && !stop_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
          continue;
        }
        if (was_down) Ring();
        was_down = false;
      }
      pollfd fd{PQsocket(c.raw()), POLLIN, 0};
      if (::poll(&fd, 1, 200) < 0) continue;  // wakes at least every 200 ms to see stop_
      if (!PQconsumeInput(c.raw())) {  // the connection dropped: reopen on the next turn
        was_down = true;
        c.Close();
        continue;
      }
      bool any = false;
      while (PGnotify* n = PQnotifies(c.raw())) {
        any = true;
        PQfreemem(n);
      }
      if (any) Ring();
    }
  }
  void Ring() {
    std::lock_guard lock(bell_mu_);
    if (listener_bell_) listener_bell_->Ring();
  }

  std::string url_;
  Conn writer_;
  mutable std::mutex write_mu_;
  mutable Pool readers_;
  std::atomic<ChangeBell*> bell_{nullptr};  // for transactions (rung after their commit)
  std::mutex bell_mu_;
  ChangeBell* listener_bell_ = nullptr;  // for the listener, under bell_mu_
  std::atomic<bool> stop_{false};
  std::thread listener_;
};

}  // namespace

Result<int> ReadPgSchemaVersion(const std::string& url) {
  Conn c;
  if (auto s = c.Open(url); !s) return s.error();
  return SchemaVersion(c);
}

int PgSchemaVersion() { return pg::LatestSchemaVersion(); }

Result<std::unique_ptr<HubStore>> OpenPgStore(const std::string& url) {
  auto s = std::make_unique<PgStore>(url);
  if (auto st = s->Open(); !st) return st.error();
  return std::unique_ptr<HubStore>(std::move(s));
}

}  // namespace onestop::hub
