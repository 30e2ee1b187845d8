// Plumbing shared by the SQLite store's files: a connection with its prepared-statement cache,
// binding and reading columns, and the decoders of stored rows. Internal to the SQLite backend; no
// queries and no rules live here.
#pragma once
#include <sqlite3.h>

#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/core/result.h"
#include "server/store.h"

namespace onestop::hub::sqlite {
using nlohmann::json;

// A connection with a cache of prepared statements (hot paths run thousands of times a second).
class Conn {
 public:
  Conn() = default;
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;
  ~Conn() {
    for (auto& [sql, st] : cache_) sqlite3_finalize(st);
    if (db_) sqlite3_close(db_);
  }
  Status Open(const std::string& path, bool create) {
    const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK)
      return Error{"store.open", "cannot open hub database " + path + ": " + Msg()};
    sqlite3_busy_timeout(db_, 5000);
    return Ok{};
  }
  Status Exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string m = err ? err : "unknown";
      sqlite3_free(err);
      return Error{"store.sql", m};
    }
    return Ok{};
  }
  sqlite3_stmt* Prep(const char* sql) {
    auto it = cache_.find(sql);
    if (it != cache_.end()) {
      sqlite3_reset(it->second);
      sqlite3_clear_bindings(it->second);
      return it->second;
    }
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK) return nullptr;
    cache_.emplace(sql, st);
    return st;
  }
  // Resets every statement of this connection. A cached SELECT left on SQLITE_ROW keeps a read
  // transaction (an old WAL snapshot) open after COMMIT; once another process (the `tickets` or
  // `enroll-code` CLI) writes the file, this connection could then never write again (SQLITE_BUSY).
  void ResetAll() {
    sqlite3_stmt* st = nullptr;
    while ((st = sqlite3_next_stmt(db_, st)) != nullptr) sqlite3_reset(st);
  }
  std::string Msg() const { return db_ ? sqlite3_errmsg(db_) : "no connection"; }
  sqlite3* db() { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<const char*, sqlite3_stmt*> cache_;  // keyed by the literal's address
};

inline void Bind(sqlite3_stmt* st, int i, const std::string& v) {
  sqlite3_bind_text(st, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}
inline void Bind(sqlite3_stmt* st, int i, int64_t v) { sqlite3_bind_int64(st, i, v); }
inline std::string Col(sqlite3_stmt* st, int i) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
  return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(st, i))) : std::string();
}

inline Binding BindingOf(const std::string& kind, const std::string& location) {
  Binding b;
  b.role = ParseRole(kind).value_or(Role::kStaff);
  b.location = location;
  return b;
}

inline json ParseStored(const std::string& text, json fallback) {
  json j = json::parse(text, nullptr, false);
  return j.is_discarded() ? fallback : j;
}

inline TicketRow TicketFrom(sqlite3_stmt* st) {
  TicketRow t;
  t.id = Col(st, 0);
  t.kind = Col(st, 1);
  t.trade = Col(st, 2);
  t.status = Col(st, 3);
  t.location = Col(st, 4);
  t.asset = Col(st, 5);
  t.terminal_id = Col(st, 6);
  t.record_id = Col(st, 7);
  t.created_ms = sqlite3_column_int64(st, 8);
  t.updated_ms = sqlite3_column_int64(st, 9);
  t.detail = ParseStored(Col(st, 10), json::object());
  t.history = ParseStored(Col(st, 11), json::array());
  t.team = Col(st, 12);
  t.worker = Col(st, 13);
  t.callback = Col(st, 14);
  return t;
}
constexpr const char* kTicketCols =
    "id,kind,trade,status,location,asset,terminal_id,record_id,created_ms,updated_ms,detail,history,team,worker,"
    "callback";

inline RatingRow RatingFrom(sqlite3_stmt* st) {
  RatingRow r;
  r.ticket_id = Col(st, 0);
  r.round = sqlite3_column_int(st, 1);
  r.rater = Col(st, 2);
  r.record_id = Col(st, 3);
  r.terminal_id = Col(st, 4);
  r.rated_ms = sqlite3_column_int64(st, 5);
  r.received_ms = sqlite3_column_int64(st, 6);
  r.overall = sqlite3_column_int(st, 7);
  r.kind = Col(st, 8);
  r.trade = Col(st, 9);
  r.team = Col(st, 10);
  r.worker = Col(st, 11);
  r.data = ParseStored(Col(st, 12), json::object());
  return r;
}
constexpr const char* kRatingCols =
    "ticket_id,round,rater,record_id,terminal_id,rated_ms,received_ms,overall,kind,trade,team,worker,data";

// ---- console rows (issue 13) ----
inline ConsoleUserRow ConsoleUserFrom(sqlite3_stmt* st) {
  ConsoleUserRow u;
  u.name = Col(st, 0);
  u.password_hash = Col(st, 1);
  const json roles = ParseStored(Col(st, 2), json::array());
  if (roles.is_array())
    for (const auto& r : roles)
      if (r.is_string()) u.roles.push_back(r.get<std::string>());
  u.staff_id = Col(st, 3);
  u.disabled = sqlite3_column_int(st, 4) != 0;
  u.failed_logins = sqlite3_column_int(st, 5);
  u.locked_until_ms = sqlite3_column_int64(st, 6);
  u.created_ms = sqlite3_column_int64(st, 7);
  u.updated_ms = sqlite3_column_int64(st, 8);
  return u;
}
constexpr const char* kConsoleUserCols =
    "name,password_hash,roles,staff_id,disabled,failed_logins,locked_until_ms,created_ms,updated_ms";

inline AuditRow AuditFrom(sqlite3_stmt* st) {
  AuditRow a;
  a.seq = sqlite3_column_int64(st, 0);
  a.at_ms = sqlite3_column_int64(st, 1);
  a.actor = Col(st, 2);
  a.action = Col(st, 3);
  a.target = Col(st, 4);
  a.before = sqlite3_column_type(st, 5) == SQLITE_NULL ? json(nullptr) : ParseStored(Col(st, 5), json(nullptr));
  a.after = sqlite3_column_type(st, 6) == SQLITE_NULL ? json(nullptr) : ParseStored(Col(st, 6), json(nullptr));
  return a;
}

// The ticket as terminals pull it: the shared wire shape (kiosk/core/tickets/ticket.h). `ratings` lets a
// terminal show a rater's earlier rating and mark what is rated, also after its own outbox receipt is gone.
inline json TicketChangeData(const TicketRow& t, const std::vector<RatingRow>& ratings) {
  tickets::Ticket wire = t;
  for (const auto& r : ratings) wire.ratings.push_back(tickets::RatingEntry(r.rater, r.round, r.overall, r.rated_ms, r.data));
  return tickets::TicketToJson(wire);
}

// A list of strings as one bound JSON parameter (read back with json_each): no SQL text is built.
inline std::string JsonList(const std::vector<std::string>& v) { return json(v).dump(); }

}  // namespace onestop::hub::sqlite
