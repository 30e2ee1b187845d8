// HubStore: the hub's storage behind one interface (SQLite, or PostgreSQL for several hub processes). Business rules
// (validation, ticket lifecycle, scope) live in the hub; the store only keeps rows and the change log.
// No SQL outside the implementation file; no HTTP here.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/core/protocol.h"
#include "kiosk/core/result.h"
#include "kiosk/core/terminal_report.h"
#include "kiosk/core/tickets/ticket.h"
#include "server/change_bell.h"

namespace onestop::hub {

struct TerminalRow {
  std::string id;
  Binding binding;
};

// A terminal as the administrator sees it (`onestop-hub terminals list`).
struct TerminalInfo {
  TerminalRow terminal;
  int64_t enrolled_ms = 0;
  int64_t last_push_ms = 0;  // when its last record arrived (0 = never pushed)
  int64_t revoked_ms = 0;    // 0 = active
  // As the terminal last reported them on a push or pull (issue 14); the time of that report.
  protocol::TerminalReport report;
  int64_t reported_ms = 0;   // 0 = never reported
  int64_t last_pull_ms = 0;  // 0 = never pulled (or before the hub kept it)
};

struct EnrollCodeRow {
  std::string code;
  Binding binding;
  int64_t expires_ms = 0;
  bool used = false;
};

// The hub's code names kinds and statuses through the shared enums (their wire names are spelled once).
using tickets::TicketKind;
using tickets::TicketStatus;

// A ticket as the hub stores it: the shared ticket (kiosk/core/tickets/ticket.h, whose wire shape the
// terminals read) plus where it came from. `ratings` stays empty in a row: ratings have their own table.
struct TicketRow : tickets::Ticket {
  std::string terminal_id;   // originating terminal ("" for desk-created)
};

// One rating as recorded (server/ratings.h). The ticket's kind, trade, team and worker are copied at
// rating time, so a later reopen and re-dispatch never moves a rating to another worker's figures.
struct RatingRow {
  std::string ticket_id;
  int round = 1;             // which completion of the ticket was rated (1 = the first)
  std::string rater;         // staff id, or the terminal id for a patient at the bedside
  std::string record_id;     // outbox record that carried it
  std::string terminal_id;
  int64_t rated_ms = 0;      // when it was given (the record's created_at, kept within completion..receipt)
  int64_t received_ms = 0;   // when the hub recorded it
  int overall = 0;
  std::string kind, trade, team, worker;
  nlohmann::json data = nlohmann::json::object();  // the payload as submitted
};

// ---- Web console (issue 13): accounts, sessions and the audit log ----------------------------------
// A console account. password_hash is an Argon2id string (crypto_pwhash_str); the password itself is
// never stored. roles: desk, worker, kitchen, dietitian, manager, admin (server/console_auth.h).
struct ConsoleUserRow {
  std::string name;
  std::string password_hash;
  std::vector<std::string> roles;
  std::string staff_id;        // a worker's staff id in the master data ("" for other roles)
  bool disabled = false;
  int failed_logins = 0;       // wrong passwords since the last good one
  int64_t locked_until_ms = 0; // sign-in refused until then (too many wrong passwords)
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
};

// A signed-in browser. Only hashes of the cookie token and the CSRF token are kept.
struct ConsoleSessionRow {
  std::string token_hash;
  std::string user;
  std::string csrf_hash;
  int64_t created_ms = 0;
  int64_t last_seen_ms = 0;   // idle expiry counts from here
};

// One audited action: who, what, on what, when, before -> after. Never a password or a token.
struct AuditRow {
  int64_t seq = 0;
  int64_t at_ms = 0;
  std::string actor;    // console user name, or "cli:<name>" for the command line
  std::string action;   // e.g. ticket.transition, user.add, session.open
  std::string target;   // ticket id, user name, ...
  nlohmann::json before = nullptr;
  nlohmann::json after = nullptr;
};

// One change-log row as stored; data is JSON text so pulls can splice it without re-parsing.
struct ChangeRow {
  int64_t seq = 0;
  std::string entity;
  std::string op;
  std::string id;
  std::string data_json;
};

// What /v1/health says about the database (issue 18).
struct StoreHealth {
  std::string backend;                        // "sqlite" or "postgresql"
  std::string role = "primary";               // "standby": a PostgreSQL hot standby (read-only)
  std::optional<int64_t> replication_lag_ms;  // when known (a standby's replay delay, a primary's slowest standby)
};

// Connections of this process for /metrics: open ones and those checked out by a request now.
struct StorePoolStats {
  int open = 0;
  int in_use = 0;
  int max = 0;
};

// A write transaction. Errors are sticky: after the first failure reads return nothing, writes do
// nothing, and Commit() reports the failure (then nothing of the transaction is kept).
// Destroying an uncommitted transaction rolls it back.
class HubTx {
 public:
  virtual ~HubTx() = default;

  // Enrollment. Codes are compared in protocol::NormalizeEnrollCode form (case and dashes ignored).
  virtual std::optional<EnrollCodeRow> GetEnrollCode(const std::string& code) = 0;
  virtual void AddEnrollCode(const std::string& code, const Binding& binding, int64_t expires_ms) = 0;
  virtual void UseEnrollCode(const std::string& code, const std::string& terminal_id, int64_t now_ms) = 0;
  virtual void AddTerminal(const TerminalRow& t, const std::string& token_hash, const nlohmann::json& device,
                           int64_t now_ms) = 0;
  // Revokes a terminal: its token stops authenticating (the hub's auth cache holds it at most 1 s).
  // False if there is no such terminal; revoking twice keeps the first time.
  virtual bool RevokeTerminal(const std::string& id, int64_t now_ms) = 0;
  // Keeps what a terminal reported on a push or pull at now_ms (a value absent from `report` keeps
  // its previous one); `pulled` also sets the last pull time.
  virtual void NoteTerminalReport(const std::string& id, const protocol::TerminalReport& report, bool pulled,
                                  int64_t now_ms) = 0;

  // Pushed records: id is the idempotency key; `first_result` is returned again for duplicates.
  virtual std::optional<protocol::PushResult> FindRecord(const std::string& id) = 0;
  virtual void AddRecord(const protocol::PushRecord& r, const std::string& terminal_id, int64_t received_ms,
                         const protocol::PushResult& first_result) = 0;

  // Tickets. PutTicket inserts or replaces the row and appends a `ticket` change scoped to its location.
  virtual std::optional<TicketRow> GetTicket(const std::string& id) = 0;
  virtual std::string NewTicketId() = 0;
  virtual void PutTicket(const TicketRow& t) = 0;
  // Tickets of one kind at exactly one location, oldest first (a bed's meal orders: one per meal and day).
  virtual std::vector<TicketRow> TicketsAt(const std::string& location, const std::string& kind) = 0;
  // One rating per ticket, completion round and rater; false if that rating exists already.
  // Call before PutTicket: the ticket change carries the ticket's ratings.
  virtual bool AddRating(const RatingRow& r) = 0;
  virtual std::vector<RatingRow> GetRatings(const std::string& ticket_id) = 0;

  // Master data (location, asset, part, menu, menu_item, diet_order, staff, notice, config):
  // the current row plus an upsert change. scope "" = hospital-wide, else a location code.
  virtual std::optional<nlohmann::json> GetMaster(const std::string& entity, const std::string& id) = 0;
  virtual void PutMaster(const std::string& entity, const std::string& id, const nlohmann::json& data,
                         const std::string& scope) = 0;
  virtual int64_t CountMaster(const std::string& entity) = 0;
  // Forgets the change-log rows of one master row; call just before the PutMaster that supersedes
  // them in the same scope (a dish photo's old bytes are not kept twice). A terminal at any cursor
  // still receives the newest row, which comes later in the log.
  virtual void DropChangesOf(const std::string& entity, const std::string& id) = 0;

  // Console (issue 13). Users by name; sessions by token hash; audit rows are append-only.
  virtual std::optional<ConsoleUserRow> GetConsoleUser(const std::string& name) = 0;
  virtual void PutConsoleUser(const ConsoleUserRow& u) = 0;
  virtual void PutConsoleSession(const ConsoleSessionRow& s) = 0;
  virtual void DeleteConsoleSession(const std::string& token_hash) = 0;
  virtual void DeleteConsoleSessionsOf(const std::string& user) = 0;
  virtual void AddAudit(const AuditRow& a) = 0;
  // A photo taken on completing a job (a validated JPEG); returns its number within the ticket (1, 2, ...).
  // Not part of the ticket row or the change log: terminals never pull photo bytes.
  virtual int AddTicketPhoto(const std::string& ticket_id, int64_t at_ms, const std::string& actor,
                             const std::string& jpeg) = 0;

  virtual bool ok() const = 0;
  virtual Status Commit() = 0;
};

class HubStore {
 public:
  virtual ~HubStore() = default;
  // Begins a write transaction (writers are serialised; readers are never blocked by them).
  virtual Result<std::unique_ptr<HubTx>> Begin() = 0;
  // Liveness of the database (a trivial read).
  virtual Status Ping() = 0;
  // The terminal holding this token, unless it is revoked (nullopt); an error when the database
  // cannot answer (the hub says 503 then, never "unknown token": a terminal must not re-enroll).
  virtual Result<std::optional<TerminalRow>> FindTerminalByTokenHash(const std::string& token_hash) = 0;
  virtual Result<std::vector<TerminalInfo>> ListTerminals() = 0;
  // Changes with seq > cursor visible to `binding`, in seq order, at most `limit` and at most
  // `max_bytes` of data in total (always at least one change, so a pull always makes progress);
  // *more says whether further visible changes exist.
  virtual Result<std::vector<ChangeRow>> Pull(const Binding& binding, int64_t cursor, int limit,
                                              bool* more, size_t max_bytes = SIZE_MAX) = 0;
  virtual Result<std::vector<TicketRow>> ListTickets() = 0;
  // Tickets changed at or after `since_ms` (a month's report reads only those), oldest first.
  virtual Result<std::vector<TicketRow>> ListTicketsUpdatedSince(int64_t since_ms) = 0;
  virtual Result<TicketRow> LoadTicket(const std::string& id) = 0;
  // Ratings given in [from_ms, to_ms) (rated_ms), or of one ticket.
  virtual Result<std::vector<RatingRow>> ListRatings(int64_t from_ms, int64_t to_ms) = 0;
  virtual Result<std::vector<RatingRow>> LoadRatings(const std::string& ticket_id) = 0;

  // Console reads (issue 13), never blocked by the writer.
  virtual Result<std::vector<ConsoleUserRow>> ListConsoleUsers() = 0;
  virtual Result<std::optional<ConsoleUserRow>> LoadConsoleUser(const std::string& name) = 0;
  virtual Result<std::optional<ConsoleSessionRow>> LoadConsoleSession(const std::string& token_hash) = 0;
  // Newest first: rows with seq < before_seq (0 = from the newest), at most limit.
  virtual Result<std::vector<AuditRow>> ListAudit(int64_t before_seq, int limit) = 0;
  // Tickets whose status is one of `statuses`, oldest first.
  virtual Result<std::vector<TicketRow>> ListTicketsWithStatus(const std::vector<std::string>& statuses) = 0;
  // Master rows of one entity by id (ids not found are absent from the map).
  virtual Result<std::vector<std::pair<std::string, nlohmann::json>>> LoadMasterRows(
      const std::string& entity, const std::vector<std::string>& ids) = 0;
  // Master rows of one entity whose id starts with `id_prefix` ("" = all), by id.
  virtual Result<std::vector<std::pair<std::string, nlohmann::json>>> ListMasterRows(const std::string& entity,
                                                                                      const std::string& id_prefix) = 0;
  // Master rows of one entity without their "data" member (dish photos: the metadata, not the bytes), by id.
  virtual Result<std::vector<std::pair<std::string, nlohmann::json>>> ListMasterSummaries(const std::string& entity) = 0;
  // Change-log rows of one entity after `cursor` (all scopes), in seq order; and the newest seq.
  virtual Result<std::vector<ChangeRow>> ListChangesOf(const std::string& entity, int64_t cursor, int limit) = 0;
  virtual Result<int64_t> LastChangeSeq() = 0;
  // A completion photo's bytes (nullopt: no such photo); a pushed record's payload as submitted
  // (a repair request's own photo stays there, see hub.cpp).
  virtual Result<std::optional<std::string>> LoadTicketPhoto(const std::string& ticket_id, int n) = 0;
  virtual Result<std::optional<nlohmann::json>> LoadRecordPayload(const std::string& record_id) = 0;
  // Rung after every committed write transaction that added or dropped changes (live pull). The bell
  // must outlive the store; null = none.
  virtual void SetChangeBell(ChangeBell* bell) = 0;
  // Backend, role and replication lag (a trivial read; an error when the database is unreachable).
  virtual Result<StoreHealth> Health() = 0;
  virtual StorePoolStats PoolStats() const = 0;
};

// Opens the store a --db value names: a postgresql:// or postgres:// URI (libpq syntax, e.g.
// postgresql:///onestop?host=/run/postgresql) opens PostgreSQL, anything else is a SQLite file.
// Store errors coded "store.unavailable" mean the database could not be reached (retry later);
// "store.conflict" means the transaction lost a race and may be run again from the start.
Result<std::unique_ptr<HubStore>> OpenHubStore(const std::string& db);
// Opens (creating the schema and migrating if needed) a PostgreSQL hub database. Several hub
// processes may share it (server/README.md).
Result<std::unique_ptr<HubStore>> OpenPgStore(const std::string& url);
bool IsPostgresDb(const std::string& db);
// A PostgreSQL database's schema version (0 = empty; `migrate`), and the one this binary writes.
Result<int> ReadPgSchemaVersion(const std::string& url);
int PgSchemaVersion();

// Opens (creating and migrating if needed) a SQLite hub database in WAL mode. A new database file is
// created 0600 (SQLite gives -wal and -shm the file's mode): it holds token hashes, PIN hashes and
// patients' orders. Its directory must exist.
Result<std::unique_ptr<HubStore>> OpenSqliteStore(const std::string& path);
// Creates the missing directories of a database path 0700 (`serve`: the hub's own data directory).
Status PrepareDatabaseDir(const std::string& path);

}  // namespace onestop::hub
