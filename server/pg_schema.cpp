// Schema and migrations of the hub's PostgreSQL database (see pg_schema.h). Version 1 is the
// whole schema of SQLite schema v6 (server/sqlite_schema.cpp); later steps are appended to kSteps.
#include "server/pg_schema.h"

namespace onestop::hub::pg {
namespace {

// Every text key that is compared or ordered is COLLATE "C": the pull's descendant range
// ("B2-3F-W12-" < scope < "B2-3F-W12.") and the listings' order must be bytewise as in SQLite,
// whatever locale the cluster was created with. JSON is kept as text: pulls splice it unparsed.
constexpr const char* kV1 = R"sql(
CREATE TABLE terminals(
  id TEXT COLLATE "C" PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
  location TEXT COLLATE "C" NOT NULL DEFAULT '', device TEXT NOT NULL DEFAULT '{}', created_ms BIGINT NOT NULL,
  revoked_ms BIGINT, app_version TEXT, outbox_depth BIGINT, clock_skew_ms BIGINT, reported_ms BIGINT,
  last_pull_ms BIGINT);
CREATE TABLE enroll_codes(
  code TEXT COLLATE "C" PRIMARY KEY, kind TEXT NOT NULL, location TEXT NOT NULL DEFAULT '',
  expires_ms BIGINT NOT NULL, used_ms BIGINT, terminal_id TEXT);
CREATE TABLE records(
  id TEXT COLLATE "C" PRIMARY KEY, terminal_id TEXT COLLATE "C" NOT NULL, kind TEXT NOT NULL,
  created_ms BIGINT NOT NULL, received_ms BIGINT NOT NULL, payload TEXT NOT NULL, result TEXT NOT NULL);
CREATE INDEX records_terminal ON records(terminal_id, received_ms);
CREATE TABLE tickets(
  num BIGINT PRIMARY KEY, id TEXT COLLATE "C" NOT NULL UNIQUE, kind TEXT COLLATE "C" NOT NULL,
  trade TEXT NOT NULL, status TEXT COLLATE "C" NOT NULL, location TEXT COLLATE "C" NOT NULL,
  asset TEXT NOT NULL DEFAULT '', terminal_id TEXT NOT NULL DEFAULT '', record_id TEXT NOT NULL DEFAULT '',
  created_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL, detail TEXT NOT NULL, history TEXT NOT NULL,
  team TEXT NOT NULL DEFAULT '', worker TEXT NOT NULL DEFAULT '', callback TEXT NOT NULL DEFAULT '');
CREATE INDEX tickets_updated ON tickets(updated_ms);
CREATE INDEX tickets_location ON tickets(location, kind);
CREATE INDEX tickets_status ON tickets(status);
CREATE TABLE ratings(
  ticket_id TEXT COLLATE "C" NOT NULL, round INTEGER NOT NULL, rater TEXT COLLATE "C" NOT NULL,
  record_id TEXT NOT NULL, terminal_id TEXT NOT NULL DEFAULT '', rated_ms BIGINT NOT NULL,
  received_ms BIGINT NOT NULL, overall INTEGER NOT NULL, kind TEXT NOT NULL DEFAULT '',
  trade TEXT NOT NULL DEFAULT '', team TEXT NOT NULL DEFAULT '', worker TEXT NOT NULL DEFAULT '',
  data TEXT NOT NULL, PRIMARY KEY(ticket_id, round, rater));
CREATE INDEX ratings_rated ON ratings(rated_ms);
CREATE TABLE changes(
  seq BIGSERIAL PRIMARY KEY, entity TEXT COLLATE "C" NOT NULL, op TEXT NOT NULL, id TEXT COLLATE "C" NOT NULL,
  data TEXT, scope TEXT COLLATE "C" NOT NULL DEFAULT '');
CREATE INDEX changes_entity ON changes(entity, seq);
CREATE INDEX changes_entity_id ON changes(entity, id);
CREATE TABLE master(
  entity TEXT COLLATE "C" NOT NULL, id TEXT COLLATE "C" NOT NULL, scope TEXT COLLATE "C" NOT NULL DEFAULT '',
  data TEXT NOT NULL, PRIMARY KEY(entity, id));
CREATE TABLE console_users(
  name TEXT COLLATE "C" PRIMARY KEY, password_hash TEXT NOT NULL, roles TEXT NOT NULL DEFAULT '[]',
  staff_id TEXT NOT NULL DEFAULT '', disabled INTEGER NOT NULL DEFAULT 0, failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until_ms BIGINT NOT NULL DEFAULT 0, created_ms BIGINT NOT NULL, updated_ms BIGINT NOT NULL);
CREATE TABLE console_sessions(
  token_hash TEXT PRIMARY KEY, "user" TEXT COLLATE "C" NOT NULL, csrf_hash TEXT NOT NULL,
  created_ms BIGINT NOT NULL, last_seen_ms BIGINT NOT NULL);
CREATE INDEX console_sessions_user ON console_sessions("user");
CREATE TABLE console_audit(
  seq BIGSERIAL PRIMARY KEY, at_ms BIGINT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
  target TEXT NOT NULL DEFAULT '', before TEXT, after TEXT);
CREATE TABLE ticket_photos(
  ticket_id TEXT COLLATE "C" NOT NULL, n INTEGER NOT NULL, at_ms BIGINT NOT NULL, actor TEXT NOT NULL,
  jpeg BYTEA NOT NULL, PRIMARY KEY(ticket_id, n));
)sql";

// Step N+1 is kSteps[N]: append, never edit a released step.
constexpr const char* kSteps[] = {kV1};
constexpr int kLatest = static_cast<int>(sizeof kSteps / sizeof kSteps[0]);
// Key of the transaction-scoped advisory lock that serialises migrations (see pg_tx.h for the
// writers' lock; they differ so a migration check never waits for a busy writer).
constexpr const char* kMigrateLock = "SELECT pg_advisory_xact_lock(4242001802)";

}  // namespace

int LatestSchemaVersion() { return kLatest; }

Result<int> SchemaVersion(Conn& c) {
  auto t = c.Run("SELECT to_regclass('schema_version') IS NOT NULL");
  if (!t) return t.error();
  if (!t->boolean(0, 0)) return 0;
  auto r = c.Run("SELECT COALESCE(MAX(version), 0) FROM schema_version");
  if (!r) return r.error();
  return static_cast<int>(r->i64(0, 0));
}

Status Migrate(Conn& c) {
  auto fail = [&](const std::string& what, const Error& e) {
    (void)c.Exec("ROLLBACK");
    return Error{e.code == "store.unavailable" ? e.code : "store.migrate", what + ": " + e.message};
  };
  if (auto s = c.Exec("BEGIN"); !s) return fail("begin", s.error());
  if (auto s = c.Exec(kMigrateLock); !s) return fail("lock", s.error());
  if (auto s = c.Exec("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ "
                      "NOT NULL DEFAULT now())");
      !s)
    return fail("schema_version", s.error());
  if (auto s = c.Exec("COMMIT"); !s) return fail("commit", s.error());
  auto v = SchemaVersion(c);
  if (!v) return v.error();
  if (v.value() > kLatest)
    return Error{"store.version", "the PostgreSQL database was written by a newer onestop-hub (schema v" +
                                      std::to_string(v.value()) + ", this one knows v" + std::to_string(kLatest) +
                                      "): a downgrade is refused; install the newer onestop-hub"};
  for (int to = v.value() + 1; to <= kLatest; ++to) {
    // One transaction per step with its version row; another process that got here first has
    // applied it by the time the lock is ours, which the version check inside sees.
    if (auto s = c.Exec("BEGIN"); !s) return fail("begin", s.error());
    if (auto s = c.Exec(kMigrateLock); !s) return fail("lock", s.error());
    auto now = SchemaVersion(c);
    if (!now) return fail("version", now.error());
    if (now.value() >= to) {
      if (auto s = c.Exec("COMMIT"); !s) return fail("commit", s.error());
      continue;
    }
    if (auto s = c.Exec(kSteps[to - 1]); !s) return fail("to schema " + std::to_string(to), s.error());
    if (auto s = c.Exec("INSERT INTO schema_version(version) VALUES(" + std::to_string(to) + ")"); !s)
      return fail("to schema " + std::to_string(to), s.error());
    if (auto s = c.Exec("COMMIT"); !s) return fail("commit", s.error());
  }
  return Ok{};
}

}  // namespace onestop::hub::pg
