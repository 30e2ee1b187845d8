// The hub's write transaction on PostgreSQL (HubTx): every query a push, an enrollment or a console
// change runs, on this process's writer connection, inside the cluster-wide writer lock (below).
// Included by pg_store.cpp only; connection plumbing is pg_conn.h, row decoding pg_rows.h.
// Bound parameters only: no value is ever spliced into SQL text.
#pragma once
#include <mutex>
#include <string>
#include <vector>

#include "server/pg_conn.h"
#include "server/pg_rows.h"
#include "server/store.h"

namespace onestop::hub::pg {

// Why every write transaction first takes one transaction-scoped advisory lock, in every hub process:
//  - Change seqs come from a sequence, and sequence values are handed out at INSERT, not at COMMIT: two
//    concurrent transactions may take 7 and 8 and commit 8 first. A terminal pulling in between sees
//    8, moves its cursor past 7, and never sees 7. Holding the lock from before the first seq until the
//    commit makes seq order equal commit order, so no change ever commits behind a cursor already
//    passed. (A counter row locked by the first change would do the same for the log alone.)
//  - The hub's transactions read, decide and write (a ticket's lifecycle, a bed's meal order for a
//    meal and day, a console user's failed sign-ins, MAX(num)+1 for ticket numbers). Serialising them
//    gives every one the single-writer semantics the SQLite store has, so two processes give the
//    same answers as one: ticket numbers without gaps or clashes, no lost update.
//  - The idempotency key (records.id) stays a PRIMARY KEY: the second of two pushes of one record
//    finds the first's row once it holds the lock and answers `duplicate` with the same ref; were a
//    race ever to slip past, the unique key fails the transaction with store.conflict and the hub
//    runs the push again (hub.cpp), which then sees the row.
// The cost is that writes of all processes take turns (a push transaction holds the lock for a few
// round trips and one commit); reads - pulls, the bulk of the traffic - never take it and run in
// parallel on every process's reader pool.
inline constexpr const char* kWriterLock = "SELECT pg_advisory_xact_lock(4242001801)";
// The channel every committing writer notifies (inside its transaction, so the notification is
// delivered only if and when the changes are visible); each process's listener rings its bell.
inline constexpr const char* kNotifyChannel = "onestop_changes";

class PgTx final : public HubTx {
 public:
  PgTx(Conn& c, std::unique_lock<std::mutex> lock, ChangeBell* bell) : c_(c), lock_(std::move(lock)), bell_(bell) {
    if (auto s = c_.Exec("BEGIN"); !s) {
      Fail(s.error());
      return;
    }
    begun_ = true;
    if (auto s = c_.Exec(kWriterLock); !s) Fail(s.error());
  }
  ~PgTx() override {
    if (begun_ && !committed_ && !c_.broken()) (void)c_.Exec("ROLLBACK");
  }

  std::optional<EnrollCodeRow> GetEnrollCode(const std::string& code) override {
    auto r = Q("SELECT kind,location,expires_ms,used_ms IS NOT NULL FROM enroll_codes WHERE code=$1",
               Params().add(protocol::NormalizeEnrollCode(code)));
    if (!r || r->rows() == 0) return std::nullopt;
    EnrollCodeRow e;
    e.code = code;
    e.binding = BindingOf(r->str(0, 0), r->str(0, 1));
    e.expires_ms = r->i64(0, 2);
    e.used = r->boolean(0, 3);
    return e;
  }
  void AddEnrollCode(const std::string& code, const Binding& b, int64_t expires_ms) override {
    Q("INSERT INTO enroll_codes(code,kind,location,expires_ms) VALUES($1,$2,$3,$4) ON CONFLICT(code) DO UPDATE SET "
      "kind=excluded.kind, location=excluded.location, expires_ms=excluded.expires_ms, used_ms=NULL, terminal_id=NULL",
      Params().add(protocol::NormalizeEnrollCode(code)).add(std::string(RoleName(b.role))).add(b.location).add(expires_ms));
  }
  void UseEnrollCode(const std::string& code, const std::string& terminal_id, int64_t now_ms) override {
    auto r = Q("UPDATE enroll_codes SET used_ms=$2, terminal_id=$3 WHERE code=$1 AND used_ms IS NULL",
               Params().add(protocol::NormalizeEnrollCode(code)).add(now_ms).add(terminal_id));
    if (r && Affected(*r) != 1) Fail(Error{"store.tx", "enrollment code was used concurrently"});
  }
  void AddTerminal(const TerminalRow& t, const std::string& token_hash, const json& device, int64_t now_ms) override {
    Q("INSERT INTO terminals(id,token_hash,kind,location,device,created_ms) VALUES($1,$2,$3,$4,$5,$6)",
      Params().add(t.id).add(token_hash).add(std::string(RoleName(t.binding.role))).add(t.binding.location)
          .add(Dump(device)).add(now_ms));
  }
  bool RevokeTerminal(const std::string& id, int64_t now_ms) override {
    auto r = Q("UPDATE terminals SET revoked_ms=COALESCE(revoked_ms, $2) WHERE id=$1", Params().add(id).add(now_ms));
    return r && Affected(*r) == 1;
  }
  void NoteTerminalReport(const std::string& id, const protocol::TerminalReport& rep, bool pulled,
                          int64_t now_ms) override {
    Params p;
    p.add(id);
    rep.app_version ? p.add(*rep.app_version) : p.null();
    rep.outbox_depth ? p.add(*rep.outbox_depth) : p.null();
    rep.clock_skew_ms ? p.add(*rep.clock_skew_ms) : p.null();
    p.add(now_ms).add(pulled ? "t" : "f");
    Q("UPDATE terminals SET app_version=COALESCE($2::text,app_version), outbox_depth=COALESCE($3::bigint,outbox_depth), "
      "clock_skew_ms=COALESCE($4::bigint,clock_skew_ms), reported_ms=$5, "
      "last_pull_ms=CASE WHEN $6::boolean THEN $5 ELSE last_pull_ms END WHERE id=$1",
      p);
  }

  std::optional<protocol::PushResult> FindRecord(const std::string& id) override {
    auto r = Q("SELECT result FROM records WHERE id=$1", Params().add(id));
    if (!r || r->rows() == 0) return std::nullopt;
    auto res = protocol::PushResultFromJson(ParseStored(r->str(0, 0), json()));
    if (!res) {
      Fail(Error{"store.tx", "stored result of record " + id + " is unreadable: " + res.error().message});
      return std::nullopt;
    }
    return res.value();
  }
  void AddRecord(const protocol::PushRecord& r, const std::string& terminal_id, int64_t received_ms,
                 const protocol::PushResult& first) override {
    Q("INSERT INTO records(id,terminal_id,kind,created_ms,received_ms,payload,result) VALUES($1,$2,$3,$4,$5,$6,$7)",
      Params().add(r.id).add(terminal_id).add(std::string(protocol::RecordKindName(r.kind))).add(r.created_at_ms)
          .add(received_ms).add(Dump(r.payload)).add(Dump(protocol::ToJson(first))));
  }

  std::optional<TicketRow> GetTicket(const std::string& id) override {
    static const std::string sql = std::string("SELECT ") + kTicketCols + " FROM tickets WHERE id=$1";
    auto r = Q(sql.c_str(), Params().add(id));
    if (!r || r->rows() == 0) return std::nullopt;
    return TicketFrom(*r, 0);
  }
  std::vector<TicketRow> TicketsAt(const std::string& location, const std::string& kind) override {
    static const std::string sql = std::string("SELECT ") + kTicketCols + " FROM tickets WHERE location=$1 AND kind=$2 ORDER BY num";
    std::vector<TicketRow> out;
    if (auto r = Q(sql.c_str(), Params().add(location).add(kind)))
      for (int i = 0; i < r->rows(); ++i) out.push_back(TicketFrom(*r, i));
    return out;
  }
  std::string NewTicketId() override {
    // MAX(num)+1 is exact inside the writer lock (no other process inserts until this commits), and
    // without a gap even when a caller asks for an id it then does not use (a counter row would skip
    // a number there). Call PutTicket before asking for the next id, as with SQLite.
    auto r = Q("SELECT COALESCE(MAX(num),0)+1 FROM tickets", Params());
    if (!r || r->rows() == 0) return {};
    char buf[32];
    std::snprintf(buf, sizeof buf, "TK-%06lld", static_cast<long long>(r->i64(0, 0)));
    return buf;
  }
  void PutTicket(const TicketRow& t) override {
    // num: the next number for a new ticket (SQLite's rowid does the same); kept on an update.
    Q("INSERT INTO tickets(num,id,kind,trade,status,location,asset,terminal_id,record_id,created_ms,updated_ms,detail,"
      "history,team,worker,callback) VALUES((SELECT COALESCE(MAX(num),0)+1 FROM tickets),$1,$2,$3,$4,$5,$6,$7,$8,$9,$10,"
      "$11,$12,$13,$14,$15) ON CONFLICT(id) DO UPDATE SET trade=excluded.trade, status=excluded.status, "
      "location=excluded.location, asset=excluded.asset, updated_ms=excluded.updated_ms, detail=excluded.detail, "
      "history=excluded.history, team=excluded.team, worker=excluded.worker, callback=excluded.callback",
      Params().add(t.id).add(t.kind).add(t.trade).add(t.status).add(t.location).add(t.asset).add(t.terminal_id)
          .add(t.record_id).add(t.created_ms).add(t.updated_ms).add(Dump(t.detail)).add(Dump(t.history)).add(t.team)
          .add(t.worker).add(t.callback));
    auto ratings = GetRatings(t.id);
    AddChange("ticket", "upsert", t.id, Dump(TicketChangeData(t, ratings)), t.location);
  }
  bool AddRating(const RatingRow& x) override {
    auto r = Q("INSERT INTO ratings(ticket_id,round,rater,record_id,terminal_id,rated_ms,received_ms,overall,kind,trade,"
               "team,worker,data) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) ON CONFLICT DO NOTHING",
               Params().add(x.ticket_id).add(x.round).add(x.rater).add(x.record_id).add(x.terminal_id).add(x.rated_ms)
                   .add(x.received_ms).add(x.overall).add(x.kind).add(x.trade).add(x.team).add(x.worker).add(Dump(x.data)));
    return r && Affected(*r) == 1;
  }
  std::vector<RatingRow> GetRatings(const std::string& ticket_id) override {
    static const std::string sql =
        std::string("SELECT ") + kRatingCols + " FROM ratings WHERE ticket_id=$1 ORDER BY round, rated_ms, rater";
    std::vector<RatingRow> out;
    if (auto r = Q(sql.c_str(), Params().add(ticket_id)))
      for (int i = 0; i < r->rows(); ++i) out.push_back(RatingFrom(*r, i));
    return out;
  }

  std::optional<json> GetMaster(const std::string& entity, const std::string& id) override {
    auto r = Q("SELECT data FROM master WHERE entity=$1 AND id=$2", Params().add(entity).add(id));
    if (!r || r->rows() == 0) return std::nullopt;
    return ParseStored(r->str(0, 0), json::object());
  }
  void PutMaster(const std::string& entity, const std::string& id, const json& data, const std::string& scope) override {
    const std::string text = Dump(data);
    Q("INSERT INTO master(entity,id,scope,data) VALUES($1,$2,$3,$4) "
      "ON CONFLICT(entity,id) DO UPDATE SET scope=excluded.scope, data=excluded.data",
      Params().add(entity).add(id).add(scope).add(text));
    AddChange(entity, "upsert", id, text, scope);
  }
  void DropChangesOf(const std::string& entity, const std::string& id) override {
    changed_ = true;
    Q("DELETE FROM changes WHERE entity=$1 AND id=$2", Params().add(entity).add(id));
  }
  int64_t CountMaster(const std::string& entity) override {
    auto r = Q("SELECT COUNT(*) FROM master WHERE entity=$1", Params().add(entity));
    return r && r->rows() ? r->i64(0, 0) : 0;
  }

  // ---- console (issue 13) ----
  std::optional<ConsoleUserRow> GetConsoleUser(const std::string& name) override {
    static const std::string sql = std::string("SELECT ") + kConsoleUserCols + " FROM console_users WHERE name=$1";
    auto r = Q(sql.c_str(), Params().add(name));
    if (!r || r->rows() == 0) return std::nullopt;
    return ConsoleUserFrom(*r, 0);
  }
  void PutConsoleUser(const ConsoleUserRow& u) override {
    Q("INSERT INTO console_users(name,password_hash,roles,staff_id,disabled,failed_logins,locked_until_ms,created_ms,"
      "updated_ms) VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT(name) DO UPDATE SET "
      "password_hash=excluded.password_hash, roles=excluded.roles, staff_id=excluded.staff_id, "
      "disabled=excluded.disabled, failed_logins=excluded.failed_logins, locked_until_ms=excluded.locked_until_ms, "
      "updated_ms=excluded.updated_ms",
      Params().add(u.name).add(u.password_hash).add(JsonList(u.roles)).add(u.staff_id).add(u.disabled ? 1 : 0)
          .add(u.failed_logins).add(u.locked_until_ms).add(u.created_ms).add(u.updated_ms));
  }
  void PutConsoleSession(const ConsoleSessionRow& s) override {
    Q("INSERT INTO console_sessions(token_hash,\"user\",csrf_hash,created_ms,last_seen_ms) VALUES($1,$2,$3,$4,$5) "
      "ON CONFLICT(token_hash) DO UPDATE SET last_seen_ms=excluded.last_seen_ms",
      Params().add(s.token_hash).add(s.user).add(s.csrf_hash).add(s.created_ms).add(s.last_seen_ms));
  }
  void DeleteConsoleSession(const std::string& token_hash) override {
    Q("DELETE FROM console_sessions WHERE token_hash=$1", Params().add(token_hash));
  }
  void DeleteConsoleSessionsOf(const std::string& user) override {
    Q("DELETE FROM console_sessions WHERE \"user\"=$1", Params().add(user));
  }
  void AddAudit(const AuditRow& a) override {
    Q("INSERT INTO console_audit(at_ms,actor,action,target,before,after) VALUES($1,$2,$3,$4,$5,$6)",
      Params().add(a.at_ms).add(a.actor).add(a.action).add(a.target).add(Dump(a.before)).add(Dump(a.after)));
  }
  int AddTicketPhoto(const std::string& ticket_id, int64_t at_ms, const std::string& actor,
                     const std::string& jpeg) override {
    auto r = Q("INSERT INTO ticket_photos(ticket_id,n,at_ms,actor,jpeg) VALUES($1,(SELECT COALESCE(MAX(n),0)+1 FROM "
               "ticket_photos WHERE ticket_id=$1),$2,$3,$4) RETURNING n",
               Params().add(ticket_id).add(at_ms).add(actor).bytes(jpeg));
    if (!r || r->rows() != 1) {
      if (ok_) Fail(Error{"store.tx", "photo of " + ticket_id + " was not stored"});
      return 0;
    }
    return static_cast<int>(r->i64(0, 0));
  }

  bool ok() const override { return ok_; }
  // Hands the writer lock back (a transaction that could not begin, before it is destroyed).
  std::unique_lock<std::mutex> Release() {
    if (begun_ && !committed_ && !c_.broken()) (void)c_.Exec("ROLLBACK");
    begun_ = false;
    return std::move(lock_);
  }
  Status Commit() override {
    if (!ok_) return error_;
    // Inside the transaction: PostgreSQL delivers it at commit, to every listening process, and
    // drops it on a rollback.
    if (changed_)
      if (auto s = c_.Exec(std::string("NOTIFY ") + kNotifyChannel); !s) {
        Fail(s.error());
        return error_;
      }
    if (auto s = c_.Exec("COMMIT"); !s) {
      Fail(s.error());
      return error_;
    }
    committed_ = true;
    if (changed_ && bell_) bell_->Ring();  // this process's live pulls need not wait for the listener
    return Ok{};
  }

 private:
  void AddChange(const std::string& entity, const char* op, const std::string& id, const std::string& data,
                 const std::string& scope) {
    changed_ = true;
    // seq from the table's sequence, in commit order thanks to kWriterLock (see above).
    Q("INSERT INTO changes(entity,op,id,data,scope) VALUES($1,$2,$3,$4,$5)",
      Params().add(entity).add(op).add(id).add(data).add(scope));
  }
  // JSON as stored: invalid UTF-8 from a client is replaced, never a reason to fail a commit.
  static std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }
  static int64_t Affected(const Res& r) { return std::strtoll(PQcmdTuples(r.get()), nullptr, 10); }
  std::optional<Res> Q(const char* sql, const Params& p) {
    if (!ok_) return std::nullopt;
    auto r = c_.Run(sql, p);
    if (!r) {
      Fail(r.error());
      return std::nullopt;
    }
    return std::move(r.value());
  }
  void Fail(const Error& e) {
    if (ok_) error_ = e;
    ok_ = false;
  }

  Conn& c_;
  std::unique_lock<std::mutex> lock_;
  ChangeBell* bell_;
  bool ok_ = true, begun_ = false, committed_ = false;
  bool changed_ = false;  // the change log moved: notify and ring after the commit
  Error error_{"store.tx", ""};
};

}  // namespace onestop::hub::pg
