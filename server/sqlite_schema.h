// Schema of the hub's SQLite database and its migrations (PRAGMA user_version), for the SQLite
// store only. Each step moves one version forward in one transaction; a file written by a newer hub
// is refused. No queries here: sqlite_store.cpp has those.
#pragma once
#include <string>

#include "kiosk/core/result.h"
#include "server/sqlite_rows.h"

namespace onestop::hub::sqlite {

// Brings the writer connection's database to the current schema.
Status Migrate(Conn& writer, const std::string& path);

}  // namespace onestop::hub::sqlite
