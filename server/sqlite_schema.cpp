// Schema and migrations of the hub's SQLite database (see sqlite_schema.h).
#include "server/sqlite_schema.h"

#include <algorithm>

namespace onestop::hub::sqlite {
namespace {

constexpr int kSchemaVersion = 6;  // kSchema is v1; each kSchemaVN moves from N-1 to N

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS terminals(
  id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
  location TEXT NOT NULL DEFAULT '', device TEXT NOT NULL DEFAULT '{}', created_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS enroll_codes(
  code TEXT PRIMARY KEY, kind TEXT NOT NULL, location TEXT NOT NULL DEFAULT '',
  expires_ms INTEGER NOT NULL, used_ms INTEGER, terminal_id TEXT);
CREATE TABLE IF NOT EXISTS records(
  id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, kind TEXT NOT NULL, created_ms INTEGER NOT NULL,
  received_ms INTEGER NOT NULL, payload TEXT NOT NULL, result TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tickets(
  num INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, trade TEXT NOT NULL,
  status TEXT NOT NULL, location TEXT NOT NULL, asset TEXT NOT NULL DEFAULT '', terminal_id TEXT NOT NULL DEFAULT '',
  record_id TEXT NOT NULL DEFAULT '', created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL,
  detail TEXT NOT NULL, history TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ratings(
  ticket_id TEXT NOT NULL, rater TEXT NOT NULL, record_id TEXT NOT NULL, data TEXT NOT NULL,
  PRIMARY KEY(ticket_id, rater));
CREATE TABLE IF NOT EXISTS changes(
  seq INTEGER PRIMARY KEY AUTOINCREMENT, entity TEXT NOT NULL, op TEXT NOT NULL, id TEXT NOT NULL,
  data TEXT, scope TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS master(
  entity TEXT NOT NULL, id TEXT NOT NULL, scope TEXT NOT NULL DEFAULT '', data TEXT NOT NULL,
  PRIMARY KEY(entity, id));
)sql";

// v2 (issue 7): who a ticket was dispatched to, the call-back flag, and ratings per completion round
// with the ticket's team/worker copied at rating time. Existing ratings become round 1.
constexpr const char* kSchemaV2 = R"sql(
ALTER TABLE tickets ADD COLUMN team TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN worker TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN callback TEXT NOT NULL DEFAULT '';
CREATE INDEX IF NOT EXISTS tickets_updated ON tickets(updated_ms);
ALTER TABLE ratings RENAME TO ratings_v1;
CREATE TABLE ratings(
  ticket_id TEXT NOT NULL, round INTEGER NOT NULL, rater TEXT NOT NULL, record_id TEXT NOT NULL,
  terminal_id TEXT NOT NULL DEFAULT '', rated_ms INTEGER NOT NULL, received_ms INTEGER NOT NULL,
  overall INTEGER NOT NULL, kind TEXT NOT NULL DEFAULT '', trade TEXT NOT NULL DEFAULT '',
  team TEXT NOT NULL DEFAULT '', worker TEXT NOT NULL DEFAULT '', data TEXT NOT NULL,
  PRIMARY KEY(ticket_id, round, rater));
CREATE INDEX ratings_rated ON ratings(rated_ms);
INSERT INTO ratings(ticket_id,round,rater,record_id,terminal_id,rated_ms,received_ms,overall,kind,trade,data)
  SELECT r.ticket_id, 1, r.rater, r.record_id, COALESCE(rec.terminal_id,''),
         COALESCE(rec.received_ms, t.updated_ms, 0), COALESCE(rec.received_ms, t.updated_ms, 0),
         COALESCE(CAST(json_extract(r.data,'$.overall') AS INTEGER), 0), COALESCE(t.kind,''), COALESCE(t.trade,''), r.data
  FROM ratings_v1 r LEFT JOIN tickets t ON t.id = r.ticket_id LEFT JOIN records rec ON rec.id = r.record_id;
DROP TABLE ratings_v1;
)sql";

// v3 (issue 11): revocable terminals; enrollment codes kept in their normalised form (upper case, no
// dashes) so that a code typed in lower case or without its dash is found.
constexpr const char* kSchemaV3 = R"sql(
ALTER TABLE terminals ADD COLUMN revoked_ms INTEGER;
UPDATE OR IGNORE enroll_codes SET code = upper(replace(replace(code, '-', ''), ' ', ''));
CREATE INDEX IF NOT EXISTS records_terminal ON records(terminal_id, received_ms);
)sql";

// v4 (issue 13): web console accounts, signed-in sessions (hashes only) and the audit log.
// Self-contained (creates only its own tables), so it can be renumbered when merged with other steps.
constexpr const char* kSchemaV4 = R"sql(
CREATE TABLE console_users(
  name TEXT PRIMARY KEY, password_hash TEXT NOT NULL, roles TEXT NOT NULL DEFAULT '[]',
  staff_id TEXT NOT NULL DEFAULT '', disabled INTEGER NOT NULL DEFAULT 0, failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until_ms INTEGER NOT NULL DEFAULT 0, created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL);
CREATE TABLE console_sessions(
  token_hash TEXT PRIMARY KEY, user TEXT NOT NULL, csrf_hash TEXT NOT NULL,
  created_ms INTEGER NOT NULL, last_seen_ms INTEGER NOT NULL);
CREATE INDEX console_sessions_user ON console_sessions(user);
CREATE TABLE console_audit(
  seq INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
  target TEXT NOT NULL DEFAULT '', before TEXT, after TEXT);
CREATE INDEX changes_entity ON changes(entity, seq);
)sql";

// v5 (issue 13): photos a worker took when completing a job. Kept apart from the ticket row, which
// every terminal of the area pulls: the row's history only says a photo exists ({n, bytes}).
// Self-contained (creates only its own table), so it can be renumbered when merged with other steps.
constexpr const char* kSchemaV5 = R"sql(
CREATE TABLE ticket_photos(
  ticket_id TEXT NOT NULL, n INTEGER NOT NULL, at_ms INTEGER NOT NULL, actor TEXT NOT NULL, jpeg BLOB NOT NULL,
  PRIMARY KEY(ticket_id, n));
)sql";

// v6 (issue 14): what each terminal last reported about itself on a push or pull (app version,
// outbox depth, clock skew measured by the hub) and when it last pulled. NULL = never reported.
// Self-contained (alters only its own columns), so it can be renumbered when merged with other steps.
constexpr const char* kSchemaV6 = R"sql(
ALTER TABLE terminals ADD COLUMN app_version TEXT;
ALTER TABLE terminals ADD COLUMN outbox_depth INTEGER;
ALTER TABLE terminals ADD COLUMN clock_skew_ms INTEGER;
ALTER TABLE terminals ADD COLUMN reported_ms INTEGER;
ALTER TABLE terminals ADD COLUMN last_pull_ms INTEGER;
)sql";

}  // namespace

int LatestSchemaVersion() { return kSchemaVersion; }

Status Migrate(Conn& writer, const std::string& path, int target) {
  int version = 0;
  if (auto* st = writer.Prep("PRAGMA user_version"); st && sqlite3_step(st) == SQLITE_ROW)
    version = sqlite3_column_int(st, 0);
  writer.ResetAll();
  if (version > kSchemaVersion)
    return Error{"store.version", path + " was written by a newer onestop-hub (schema v" + std::to_string(version) +
                                      ", this one knows v" + std::to_string(kSchemaVersion) +
                                      "): a downgrade is refused; install the newer onestop-hub or restore a backup "
                                      "made by this version"};
  target = std::clamp(target, 0, kSchemaVersion);
  if (target < 1) return Ok{};
  if (version < 1) {
    if (auto s = writer.Exec(kSchema); !s) return Error{"store.migrate", s.error().message};
    if (auto s = writer.Exec("PRAGMA user_version=1"); !s) return Error{"store.migrate", s.error().message};
  }
  // Each step is one transaction with its version bump: a crash half-way leaves the previous
  // version, which migrates again next time.
  const char* steps[] = {kSchemaV2, kSchemaV3, kSchemaV4, kSchemaV5, kSchemaV6};
  for (int to = std::max(version, 1) + 1; to <= target; ++to) {
    if (auto s = writer.Exec("BEGIN IMMEDIATE"); !s) return Error{"store.migrate", s.error().message};
    const std::string bump = "PRAGMA user_version=" + std::to_string(to);
    for (const char* step : {steps[to - 2], bump.c_str()}) {
      if (auto s = writer.Exec(step); !s) {
        (void)writer.Exec("ROLLBACK");
        return Error{"store.migrate", "to schema " + std::to_string(to) + ": " + s.error().message};
      }
    }
    if (auto s = writer.Exec("COMMIT"); !s) return Error{"store.migrate", s.error().message};
  }
  return Ok{};
}

}  // namespace onestop::hub::sqlite
