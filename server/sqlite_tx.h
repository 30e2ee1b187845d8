// The hub's write transaction on SQLite (HubTx): every query a push, an enrollment or a console
// change runs, on the one writer connection it holds locked from BEGIN IMMEDIATE to commit or rollback.
// Included by sqlite_store.cpp only; connection and row decoding are sqlite_rows.h. Bound parameters
// only: no value is ever spliced into SQL text.
#pragma once
#include <sqlite3.h>

#include <algorithm>
#include <mutex>
#include <string>
#include <vector>

#include "kiosk/core/clock.h"
#include "server/pull_scope.h"
#include "server/sqlite_rows.h"
#include "server/store.h"

namespace onestop::hub::sqlite {

class SqliteTx final : public HubTx {
 public:
  SqliteTx(Conn& c, std::unique_lock<std::mutex> lock, ChangeBell* bell) : c_(c), lock_(std::move(lock)), bell_(bell) {
    // IMMEDIATE: take the write lock now, so a busy database fails here, not half-way.
    if (auto s = c_.Exec("BEGIN IMMEDIATE"); !s) Fail(s.error().message);
    else begun_ = true;
  }
  ~SqliteTx() override {
    c_.ResetAll();
    if (begun_ && !committed_) (void)c_.Exec("ROLLBACK");
  }

  std::optional<EnrollCodeRow> GetEnrollCode(const std::string& code) override {
    auto* st = P("SELECT kind,location,expires_ms,used_ms IS NOT NULL FROM enroll_codes WHERE code=?1");
    if (!st) return std::nullopt;
    Bind(st, 1, protocol::NormalizeEnrollCode(code));
    if (Step(st) != SQLITE_ROW) return std::nullopt;
    EnrollCodeRow r;
    r.code = code;
    r.binding = BindingOf(Col(st, 0), Col(st, 1));
    r.expires_ms = sqlite3_column_int64(st, 2);
    r.used = sqlite3_column_int(st, 3) != 0;
    return r;
  }
  void AddEnrollCode(const std::string& code, const Binding& b, int64_t expires_ms) override {
    auto* st = P("INSERT OR REPLACE INTO enroll_codes(code,kind,location,expires_ms) VALUES(?1,?2,?3,?4)");
    if (!st) return;
    Bind(st, 1, protocol::NormalizeEnrollCode(code));
    Bind(st, 2, std::string(RoleName(b.role)));
    Bind(st, 3, b.location);
    Bind(st, 4, expires_ms);
    Done(st);
  }
  void UseEnrollCode(const std::string& code, const std::string& terminal_id, int64_t now_ms) override {
    auto* st = P("UPDATE enroll_codes SET used_ms=?2, terminal_id=?3 WHERE code=?1 AND used_ms IS NULL");
    if (!st) return;
    Bind(st, 1, protocol::NormalizeEnrollCode(code));
    Bind(st, 2, now_ms);
    Bind(st, 3, terminal_id);
    Done(st);
    if (ok_ && sqlite3_changes(c_.db()) != 1) Fail("enrollment code was used concurrently");
  }
  void AddTerminal(const TerminalRow& t, const std::string& token_hash, const json& device, int64_t now_ms) override {
    auto* st = P("INSERT INTO terminals(id,token_hash,kind,location,device,created_ms) VALUES(?1,?2,?3,?4,?5,?6)");
    if (!st) return;
    Bind(st, 1, t.id);
    Bind(st, 2, token_hash);
    Bind(st, 3, std::string(RoleName(t.binding.role)));
    Bind(st, 4, t.binding.location);
    Bind(st, 5, device.dump());
    Bind(st, 6, now_ms);
    Done(st);
  }
  bool RevokeTerminal(const std::string& id, int64_t now_ms) override {
    auto* st = P("UPDATE terminals SET revoked_ms=COALESCE(revoked_ms, ?2) WHERE id=?1");
    if (!st) return false;
    Bind(st, 1, id);
    Bind(st, 2, now_ms);
    Done(st);
    return ok_ && sqlite3_changes(c_.db()) == 1;
  }
  void NoteTerminalReport(const std::string& id, const protocol::TerminalReport& r, bool pulled,
                          int64_t now_ms) override {
    auto* st = P("UPDATE terminals SET app_version=COALESCE(?2,app_version), outbox_depth=COALESCE(?3,outbox_depth), "
                 "clock_skew_ms=COALESCE(?4,clock_skew_ms), reported_ms=?5, "
                 "last_pull_ms=CASE WHEN ?6 THEN ?5 ELSE last_pull_ms END WHERE id=?1");
    if (!st) return;
    Bind(st, 1, id);
    if (r.app_version) Bind(st, 2, *r.app_version);
    if (r.outbox_depth) Bind(st, 3, *r.outbox_depth);
    if (r.clock_skew_ms) Bind(st, 4, *r.clock_skew_ms);
    Bind(st, 5, now_ms);
    Bind(st, 6, static_cast<int64_t>(pulled ? 1 : 0));
    Done(st);
  }

  std::optional<protocol::PushResult> FindRecord(const std::string& id) override {
    auto* st = P("SELECT result FROM records WHERE id=?1");
    if (!st) return std::nullopt;
    Bind(st, 1, id);
    if (Step(st) != SQLITE_ROW) return std::nullopt;
    auto r = protocol::PushResultFromJson(ParseStored(Col(st, 0), json()));
    if (!r) {
      Fail("stored result of record " + id + " is unreadable: " + r.error().message);
      return std::nullopt;
    }
    return r.value();
  }
  void AddRecord(const protocol::PushRecord& r, const std::string& terminal_id, int64_t received_ms,
                 const protocol::PushResult& first) override {
    auto* st = P("INSERT INTO records(id,terminal_id,kind,created_ms,received_ms,payload,result) "
                 "VALUES(?1,?2,?3,?4,?5,?6,?7)");
    if (!st) return;
    Bind(st, 1, r.id);
    Bind(st, 2, terminal_id);
    Bind(st, 3, std::string(protocol::RecordKindName(r.kind)));
    Bind(st, 4, r.created_at_ms);
    Bind(st, 5, received_ms);
    Bind(st, 6, r.payload.dump());
    Bind(st, 7, protocol::ToJson(first).dump());
    Done(st);
  }

  std::optional<TicketRow> GetTicket(const std::string& id) override {
    static const std::string sql = std::string("SELECT ") + kTicketCols + " FROM tickets WHERE id=?1";
    auto* st = P(sql.c_str());
    if (!st) return std::nullopt;
    Bind(st, 1, id);
    if (Step(st) != SQLITE_ROW) return std::nullopt;
    return TicketFrom(st);
  }
  std::vector<TicketRow> TicketsAt(const std::string& location, const std::string& kind) override {
    static const std::string sql = std::string("SELECT ") + kTicketCols + " FROM tickets WHERE location=?1 AND kind=?2 ORDER BY num";
    auto* st = P(sql.c_str());
    std::vector<TicketRow> out;
    if (!st) return out;
    Bind(st, 1, location);
    Bind(st, 2, kind);
    while (Step(st) == SQLITE_ROW) out.push_back(TicketFrom(st));
    return out;
  }
  std::string NewTicketId() override {
    // Inside the write transaction, so MAX(num) sees earlier inserts of the same batch; call
    // PutTicket before asking for the next id.
    auto* st = P("SELECT COALESCE(MAX(num),0)+1 FROM tickets");
    if (!st) return {};
    if (Step(st) != SQLITE_ROW) return {};
    char buf[32];
    std::snprintf(buf, sizeof buf, "TK-%06lld", static_cast<long long>(sqlite3_column_int64(st, 0)));
    return buf;
  }
  void PutTicket(const TicketRow& t) override {
    auto* st = P("INSERT INTO tickets(id,kind,trade,status,location,asset,terminal_id,record_id,created_ms,"
                 "updated_ms,detail,history,team,worker,callback) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,"
                 "?14,?15) ON CONFLICT(id) DO UPDATE SET trade=excluded.trade, status=excluded.status, "
                 "location=excluded.location, asset=excluded.asset, updated_ms=excluded.updated_ms, "
                 "detail=excluded.detail, history=excluded.history, team=excluded.team, worker=excluded.worker, "
                 "callback=excluded.callback");
    if (!st) return;
    Bind(st, 1, t.id);
    Bind(st, 2, t.kind);
    Bind(st, 3, t.trade);
    Bind(st, 4, t.status);
    Bind(st, 5, t.location);
    Bind(st, 6, t.asset);
    Bind(st, 7, t.terminal_id);
    Bind(st, 8, t.record_id);
    Bind(st, 9, t.created_ms);
    Bind(st, 10, t.updated_ms);
    Bind(st, 11, t.detail.dump());
    Bind(st, 12, t.history.dump());
    Bind(st, 13, t.team);
    Bind(st, 14, t.worker);
    Bind(st, 15, t.callback);
    Done(st);
    auto ratings = GetRatings(t.id);
    AddChange("ticket", "upsert", t.id, TicketChangeData(t, ratings).dump(), t.location);
  }
  bool AddRating(const RatingRow& r) override {
    auto* st = P("INSERT OR IGNORE INTO ratings(ticket_id,round,rater,record_id,terminal_id,rated_ms,received_ms,"
                 "overall,kind,trade,team,worker,data) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)");
    if (!st) return false;
    Bind(st, 1, r.ticket_id);
    Bind(st, 2, static_cast<int64_t>(r.round));
    Bind(st, 3, r.rater);
    Bind(st, 4, r.record_id);
    Bind(st, 5, r.terminal_id);
    Bind(st, 6, r.rated_ms);
    Bind(st, 7, r.received_ms);
    Bind(st, 8, static_cast<int64_t>(r.overall));
    Bind(st, 9, r.kind);
    Bind(st, 10, r.trade);
    Bind(st, 11, r.team);
    Bind(st, 12, r.worker);
    Bind(st, 13, r.data.dump());
    Done(st);
    return ok_ && sqlite3_changes(c_.db()) == 1;
  }
  std::vector<RatingRow> GetRatings(const std::string& ticket_id) override {
    static const std::string sql = std::string("SELECT ") + kRatingCols + " FROM ratings WHERE ticket_id=?1 ORDER BY round, rated_ms, rater";
    auto* st = P(sql.c_str());
    std::vector<RatingRow> out;
    if (!st) return out;
    Bind(st, 1, ticket_id);
    while (Step(st) == SQLITE_ROW) out.push_back(RatingFrom(st));
    return out;
  }

  std::optional<json> GetMaster(const std::string& entity, const std::string& id) override {
    auto* st = P("SELECT data FROM master WHERE entity=?1 AND id=?2");
    if (!st) return std::nullopt;
    Bind(st, 1, entity);
    Bind(st, 2, id);
    if (Step(st) != SQLITE_ROW) return std::nullopt;
    return ParseStored(Col(st, 0), json::object());
  }
  void PutMaster(const std::string& entity, const std::string& id, const json& data, const std::string& scope) override {
    auto* st = P("INSERT INTO master(entity,id,scope,data) VALUES(?1,?2,?3,?4) "
                 "ON CONFLICT(entity,id) DO UPDATE SET scope=excluded.scope, data=excluded.data");
    if (!st) return;
    const std::string text = data.dump();
    Bind(st, 1, entity);
    Bind(st, 2, id);
    Bind(st, 3, scope);
    Bind(st, 4, text);
    Done(st);
    AddChange(entity, "upsert", id, text, scope);
  }
  void DropChangesOf(const std::string& entity, const std::string& id) override {
    auto* st = P("DELETE FROM changes WHERE entity=?1 AND id=?2");
    if (!st) return;
    changed_ = true;
    Bind(st, 1, entity);
    Bind(st, 2, id);
    Done(st);
  }
  int64_t CountMaster(const std::string& entity) override {
    auto* st = P("SELECT COUNT(*) FROM master WHERE entity=?1");
    if (!st) return 0;
    Bind(st, 1, entity);
    return Step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  }

  // ---- console (issue 13) ----
  std::optional<ConsoleUserRow> GetConsoleUser(const std::string& name) override {
    static const std::string sql = std::string("SELECT ") + kConsoleUserCols + " FROM console_users WHERE name=?1";
    auto* st = P(sql.c_str());
    if (!st) return std::nullopt;
    Bind(st, 1, name);
    if (Step(st) != SQLITE_ROW) return std::nullopt;
    return ConsoleUserFrom(st);
  }
  void PutConsoleUser(const ConsoleUserRow& u) override {
    auto* st = P("INSERT INTO console_users(name,password_hash,roles,staff_id,disabled,failed_logins,locked_until_ms,"
                 "created_ms,updated_ms) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9) ON CONFLICT(name) DO UPDATE SET "
                 "password_hash=excluded.password_hash, roles=excluded.roles, staff_id=excluded.staff_id, "
                 "disabled=excluded.disabled, failed_logins=excluded.failed_logins, "
                 "locked_until_ms=excluded.locked_until_ms, updated_ms=excluded.updated_ms");
    if (!st) return;
    Bind(st, 1, u.name);
    Bind(st, 2, u.password_hash);
    Bind(st, 3, JsonList(u.roles));
    Bind(st, 4, u.staff_id);
    Bind(st, 5, static_cast<int64_t>(u.disabled ? 1 : 0));
    Bind(st, 6, static_cast<int64_t>(u.failed_logins));
    Bind(st, 7, u.locked_until_ms);
    Bind(st, 8, u.created_ms);
    Bind(st, 9, u.updated_ms);
    Done(st);
  }
  void PutConsoleSession(const ConsoleSessionRow& s) override {
    auto* st = P("INSERT INTO console_sessions(token_hash,user,csrf_hash,created_ms,last_seen_ms) VALUES(?1,?2,?3,?4,?5) "
                 "ON CONFLICT(token_hash) DO UPDATE SET last_seen_ms=excluded.last_seen_ms");
    if (!st) return;
    Bind(st, 1, s.token_hash);
    Bind(st, 2, s.user);
    Bind(st, 3, s.csrf_hash);
    Bind(st, 4, s.created_ms);
    Bind(st, 5, s.last_seen_ms);
    Done(st);
  }
  void DeleteConsoleSession(const std::string& token_hash) override {
    auto* st = P("DELETE FROM console_sessions WHERE token_hash=?1");
    if (!st) return;
    Bind(st, 1, token_hash);
    Done(st);
  }
  void DeleteConsoleSessionsOf(const std::string& user) override {
    auto* st = P("DELETE FROM console_sessions WHERE user=?1");
    if (!st) return;
    Bind(st, 1, user);
    Done(st);
  }
  void AddAudit(const AuditRow& a) override {
    auto* st = P("INSERT INTO console_audit(at_ms,actor,action,target,before,after) VALUES(?1,?2,?3,?4,?5,?6)");
    if (!st) return;
    Bind(st, 1, a.at_ms);
    Bind(st, 2, a.actor);
    Bind(st, 3, a.action);
    Bind(st, 4, a.target);
    Bind(st, 5, a.before.dump(-1, ' ', false, json::error_handler_t::replace));
    Bind(st, 6, a.after.dump(-1, ' ', false, json::error_handler_t::replace));
    Done(st);
  }

  int AddTicketPhoto(const std::string& ticket_id, int64_t at_ms, const std::string& actor,
                     const std::string& jpeg) override {
    auto* st = P("INSERT INTO ticket_photos(ticket_id,n,at_ms,actor,jpeg) "
                 "VALUES(?1,(SELECT COALESCE(MAX(n),0)+1 FROM ticket_photos WHERE ticket_id=?1),?2,?3,?4) RETURNING n");
    if (!st) return 0;
    Bind(st, 1, ticket_id);
    Bind(st, 2, at_ms);
    Bind(st, 3, actor);
    sqlite3_bind_blob(st, 4, jpeg.data(), static_cast<int>(jpeg.size()), SQLITE_TRANSIENT);
    if (Step(st) != SQLITE_ROW) {
      Fail("photo of " + ticket_id + " was not stored");
      return 0;
    }
    const int n = sqlite3_column_int(st, 0);
    sqlite3_step(st);  // finish the statement (RETURNING yields one row)
    return n;
  }

  bool ok() const override { return ok_; }
  Status Commit() override {
    if (!ok_) return Error{"store.tx", error_};
    c_.ResetAll();
    if (auto s = c_.Exec("COMMIT"); !s) {
      Fail(s.error().message);
      return Error{"store.tx", error_};
    }
    committed_ = true;
    if (changed_ && bell_) bell_->Ring();  // terminals waiting in a live pull look again
    return Ok{};
  }

 private:
  void AddChange(const std::string& entity, const char* op, const std::string& id, const std::string& data,
                 const std::string& scope) {
    auto* st = P("INSERT INTO changes(entity,op,id,data,scope) VALUES(?1,?2,?3,?4,?5)");
    if (!st) return;
    changed_ = true;
    Bind(st, 1, entity);
    Bind(st, 2, std::string(op));
    Bind(st, 3, id);
    Bind(st, 4, data);
    Bind(st, 5, scope);
    Done(st);
  }
  sqlite3_stmt* P(const char* sql) {
    if (!ok_) return nullptr;
    sqlite3_stmt* st = c_.Prep(sql);
    if (!st) Fail(c_.Msg());
    return st;
  }
  int Step(sqlite3_stmt* st) {
    const int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) Fail(c_.Msg());
    return rc;
  }
  void Done(sqlite3_stmt* st) {
    if (Step(st) != SQLITE_DONE && ok_) Fail("statement returned rows");
  }
  void Fail(const std::string& m) {
    if (ok_) error_ = m;
    ok_ = false;
  }

  Conn& c_;
  std::unique_lock<std::mutex> lock_;
  ChangeBell* bell_;
  bool ok_ = true, begun_ = false, committed_ = false;
  bool changed_ = false;  // the change log moved: ring the bell after the commit
  std::string error_;
};

}  // namespace onestop::hub::sqlite
