// Backup, restore and schema-version helpers of the hub's SQLite database, for the `backup`,
// `restore` and `migrate` commands and the upgrade tests. A backup is taken with SQLite's online
// backup API in one read transaction, so it is consistent and safe while the hub serves (WAL: the
// hub keeps writing). A restore refuses a database that any process has open.
#pragma once
#include <cstdint>
#include <string>

#include "kiosk/core/result.h"

namespace onestop::hub {

// The schema version this binary writes.
int HubSchemaVersion();
// PRAGMA user_version of an existing file (0 = empty); the file is not changed.
Result<int> ReadHubSchemaVersion(const std::string& path);

struct BackupInfo {
  int schema_version = 0;
  int64_t bytes = 0;
};
// Copies the database at `db` (which must exist) to `out`: written beside `out` first, checked
// (PRAGMA integrity_check), made a self-contained rollback-journal file, fsynced, then renamed over
// `out`, so a failed backup never leaves a half file under that name.
Result<BackupInfo> BackupHubDatabase(const std::string& db, const std::string& out);

struct RestoreInfo {
  int schema_version_restored = 0;  // of the backup file
  int schema_version_now = 0;       // after migrating it to this binary's schema
  std::string kept;                 // where the replaced database was kept ("" = there was none)
};
// Replaces the database at `db` with the backup `from`. Refused (code "restore.in_use") while any
// process holds `db` open, e.g. a running hub; refused (code "restore.exists") when `db` holds data
// unless `force`, and then the old content is first copied to `<db>.before-restore-<UTC time>`.
// `from` must pass integrity_check and must not be newer than this binary. The restored file is
// migrated to the current schema.
Result<RestoreInfo> RestoreHubDatabase(const std::string& from, const std::string& db, bool force);

// Tests and fixtures: creates a new hub database at `version` (1..HubSchemaVersion()) by applying
// the historical migration steps, as a release of that version left it.
Status CreateHubDatabaseAtVersion(const std::string& path, int version);

}  // namespace onestop::hub
