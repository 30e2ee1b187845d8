// Store: the kiosk's local SQLite file (DESIGN §1, §4): master data mirrored from the hub, sync state,
// the outbox of user actions not yet acknowledged, and dead letters the hub rejected.
// It must never lose or double an accepted record: Enqueue returns only after a durable commit, and
// a pull page is applied together with its cursor. Only bound parameters ever reach SQL.
// Thread-safe (one connection behind a mutex); several processes may share the file (WAL, busy timeout).
#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/binding.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/protocol.h"
#include "kiosk/core/result.h"

struct sqlite3;

namespace onestop::offline {

// Record kinds the hub accepts (DESIGN §4). Enqueue refuses anything else.
bool IsKnownRecordKind(const std::string& kind);
// Entities the pull may carry (DESIGN §4). Unknown entities in a page are skipped, not fatal.
bool IsKnownEntity(const std::string& entity);

// Limits that keep every record sendable in one push batch (≤ 1 MiB, DESIGN §4).
inline constexpr size_t kMaxPayloadBytes = 256 * 1024;

struct OutboxRecord {
  int64_t seq = 0;  // local order of acceptance
  std::string id;   // client UUID: the hub's idempotency key
  std::string kind;
  std::string payload_json;
  int64_t created_at_ms = 0;
  int attempts = 0;
  int64_t next_attempt_at_ms = 0;
  std::string last_error;
};

struct DeadLetter {
  std::string id, kind, payload_json;
  int64_t created_at_ms = 0;
  std::string reason;  // the hub's words, shown to the user
  int64_t failed_at_ms = 0;
};

// One entry of a push response as the store needs it (decoupled from the wire structs).
struct PushOutcome {
  std::string id;
  protocol::PushStatus status = protocol::PushStatus::kRejected;
  std::string ref;     // hub reference (ticket number) when accepted/duplicate
  std::string reason;  // why, when rejected
};

// One change of a pull page.
struct ChangeRow {
  int64_t seq = 0;
  std::string entity;     // location, asset, ...
  std::string op;         // upsert | delete
  std::string id;
  std::string data_json;  // the entity as JSON (upsert); ignored for delete
};

struct SyncState {
  std::string hub_url;
  std::string terminal_id;
  std::string token;             // device token; empty = not enrolled
  std::optional<Binding> binding;  // what enrollment bound this terminal to; nullopt = not enrolled
  std::string cursor;            // pull cursor; empty = from the start
  int64_t last_push_ms = 0;      // last successful push exchange (0 = never)
  int64_t last_pull_ms = 0;      // last complete pull (0 = never)
  int64_t clock_skew_ms = 0;     // hub time minus local time at the last exchange
  bool unauthorized = false;     // the hub answered 401 to the stored token
};

// Where a record stands, for the feature that enqueued it.
enum class RecordState { kUnknown, kQueued, kSent, kRejected };
struct RecordStatus {
  RecordState state = RecordState::kUnknown;
  std::string ref;     // kSent: hub reference
  std::string reason;  // kRejected: why
};

class Store {
 public:
  // Opens (creating if needed) and migrates to the latest schema. `clock` must outlive the store.
  static Result<std::unique_ptr<Store>> Open(const std::string& path, const Clock& clock);
  // Tests only: opens and migrates no further than `version` (0 = empty file).
  static Result<std::unique_ptr<Store>> OpenAtVersion(const std::string& path, const Clock& clock, int version);
  static int LatestVersion();
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  int SchemaVersion();
  // Changes whenever ANOTHER connection (e.g. the CLI in another process) commits to the file: lets
  // the sync worker notice rows queued elsewhere without re-reading the outbox.
  int64_t DataVersion();
  const std::string& path() const { return path_; }

  // --- outbox ---
  // Validates, assigns a client UUID and commits durably (WAL + synchronous=FULL). Only when this
  // returns the id has the user's action been accepted.
  Result<std::string> Enqueue(const std::string& kind, const std::string& payload_json);
  // Same with a caller-chosen id (imports, tests). A second call with the same id is an error.
  Result<std::string> EnqueueWithId(const std::string& id, const std::string& kind, const std::string& payload_json);
  // The oldest records, at most `max_records`, whose serialized size stays within `max_bytes`
  // (the first record is always included so one large record cannot block the queue).
  Result<std::vector<OutboxRecord>> PeekOutbox(size_t max_records, size_t max_bytes);
  // Records of `kind` the hub acknowledged (accepted or duplicate), newest acknowledgement first, at
  // most max_records: what this terminal sent whose effect a pull may not have brought back yet.
  Result<std::vector<OutboxRecord>> ListReceipts(const std::string& kind, size_t max_records);
  // A batch failed as a whole (network, 5xx): note it on every row; rows stay queued.
  Status NoteAttemptFailed(const std::vector<std::string>& ids, const std::string& error, int64_t next_attempt_at_ms);
  // Applies a push response in one transaction: accepted/duplicate rows leave the outbox (receipt
  // kept), rejected rows move to dead letters. Ids not in the outbox are ignored.
  Status ApplyPushResults(const std::vector<PushOutcome>& results);
  int OutboxDepth();
  int DeadLetterCount();
  Result<std::vector<DeadLetter>> ListDeadLetters(int limit);
  RecordStatus GetRecordStatus(const std::string& id);

  // --- sync state ---
  Result<SyncState> LoadSyncState();
  // Stores a fresh enrollment. A new terminal id or binding starts the pull from scratch and drops
  // the mirrored master data; the outbox is kept (accepted actions must still reach the hub).
  Status SaveEnrollment(const std::string& hub_url, const std::string& terminal_id, const std::string& token,
                        const Binding& binding);
  Status SetUnauthorized(bool unauthorized);
  Status SetLastPush(int64_t utc_ms, int64_t skew_ms);
  Status SetLastPull(int64_t utc_ms, int64_t skew_ms);

  // --- master data (pull) ---
  // Applies one page and its cursor in ONE transaction: after a crash either both are there or neither.
  Status ApplyPullPage(const std::vector<ChangeRow>& changes, const std::string& next_cursor);
  // The stored JSON of one entity, or nullopt.
  Result<std::optional<std::string>> GetEntity(const std::string& entity, const std::string& id);
  int CountEntities(const std::string& entity);
  // Up to `limit` entities of a kind, by id (small kinds such as notices; never assets).
  Result<std::vector<std::string>> ListEntities(const std::string& entity, int limit);
  // Assets whose tag or label equals `code` (label lookups from scans).
  Result<std::vector<std::string>> FindAssetsByCode(const std::string& code);
  // Assets standing at exactly `location` (a bed, a room), by id, at most `limit`.
  Result<std::vector<std::string>> FindAssetsAt(const std::string& location, int limit);
  // Locations whose code lies under `location` ("<location>-..."; rooms and beds of a ward), by code.
  Result<std::vector<std::string>> ListLocationsUnder(const std::string& location, int limit);

 private:
  Store(sqlite3* db, std::string path, const Clock& clock) : db_(db), path_(std::move(path)), clock_(clock) {}
  Status MigrateTo(int version);
  Status SetStateLocked(const std::string& key, const std::string& value);
  int CountLocked(const char* sql);

  std::mutex mu_;
  sqlite3* db_;
  std::string path_;
  const Clock& clock_;
};

}  // namespace onestop::offline
