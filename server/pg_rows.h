// Decoders of the PostgreSQL store's rows into the hub's row types. The column lists are SQLite's
// (sqlite_rows.h), so both backends select the same shape; only reading a column differs here.
// Internal to the PostgreSQL backend; no queries and no rules.
#pragma once
#include "server/pg_conn.h"
#include "server/sqlite_rows.h"
#include "server/store.h"

namespace onestop::hub::pg {
using nlohmann::json;
using sqlite::BindingOf;
using sqlite::JsonList;
using sqlite::kConsoleUserCols;
using sqlite::kRatingCols;
using sqlite::kTicketCols;
using sqlite::ParseStored;
using sqlite::TicketChangeData;

inline TicketRow TicketFrom(const Res& r, int i) {
  TicketRow t;
  t.id = r.str(i, 0);
  t.kind = r.str(i, 1);
  t.trade = r.str(i, 2);
  t.status = r.str(i, 3);
  t.location = r.str(i, 4);
  t.asset = r.str(i, 5);
  t.terminal_id = r.str(i, 6);
  t.record_id = r.str(i, 7);
  t.created_ms = r.i64(i, 8);
  t.updated_ms = r.i64(i, 9);
  t.detail = ParseStored(r.str(i, 10), json::object());
  t.history = ParseStored(r.str(i, 11), json::array());
  t.team = r.str(i, 12);
  t.worker = r.str(i, 13);
  t.callback = r.str(i, 14);
  return t;
}

inline RatingRow RatingFrom(const Res& r, int i) {
  RatingRow x;
  x.ticket_id = r.str(i, 0);
  x.round = static_cast<int>(r.i64(i, 1));
  x.rater = r.str(i, 2);
  x.record_id = r.str(i, 3);
  x.terminal_id = r.str(i, 4);
  x.rated_ms = r.i64(i, 5);
  x.received_ms = r.i64(i, 6);
  x.overall = static_cast<int>(r.i64(i, 7));
  x.kind = r.str(i, 8);
  x.trade = r.str(i, 9);
  x.team = r.str(i, 10);
  x.worker = r.str(i, 11);
  x.data = ParseStored(r.str(i, 12), json::object());
  return x;
}

inline ConsoleUserRow ConsoleUserFrom(const Res& r, int i) {
  ConsoleUserRow u;
  u.name = r.str(i, 0);
  u.password_hash = r.str(i, 1);
  const json roles = ParseStored(r.str(i, 2), json::array());
  if (roles.is_array())
    for (const auto& x : roles)
      if (x.is_string()) u.roles.push_back(x.get<std::string>());
  u.staff_id = r.str(i, 3);
  u.disabled = r.i64(i, 4) != 0;
  u.failed_logins = static_cast<int>(r.i64(i, 5));
  u.locked_until_ms = r.i64(i, 6);
  u.created_ms = r.i64(i, 7);
  u.updated_ms = r.i64(i, 8);
  return u;
}

inline AuditRow AuditFrom(const Res& r, int i) {
  AuditRow a;
  a.seq = r.i64(i, 0);
  a.at_ms = r.i64(i, 1);
  a.actor = r.str(i, 2);
  a.action = r.str(i, 3);
  a.target = r.str(i, 4);
  a.before = r.null(i, 5) ? json(nullptr) : ParseStored(r.str(i, 5), json(nullptr));
  a.after = r.null(i, 6) ? json(nullptr) : ParseStored(r.str(i, 6), json(nullptr));
  return a;
}

inline ChangeRow ChangeFrom(const Res& r, int i) {
  return ChangeRow{r.i64(i, 0), r.str(i, 1), r.str(i, 2), r.str(i, 3), r.str(i, 4)};
}

}  // namespace onestop::hub::pg
