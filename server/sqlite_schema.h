// Schema of the hub's SQLite database and its migrations (PRAGMA user_version), for the SQLite
// store only. Each step moves one version forward in one transaction; a file written by a newer hub
// is refused. No queries here: sqlite_store.cpp has those.
#pragma once
#include <string>

#include "kiosk/core/result.h"
#include "server/sqlite_rows.h"

namespace onestop::hub::sqlite {

// The schema version this binary writes (PRAGMA user_version of a fully migrated file).
int LatestSchemaVersion();
// Brings the writer connection's database to `target` (default: the current schema). An older
// target only serves tests and fixtures that rebuild a file as an earlier release left it.
Status Migrate(Conn& writer, const std::string& path, int target = LatestSchemaVersion());

}  // namespace onestop::hub::sqlite
