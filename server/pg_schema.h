// Schema of the hub's PostgreSQL database and its versioned migrations (a schema_version table).
// Each step runs in one transaction with its version row, under an advisory lock, so several hub
// processes opening one database at once migrate it once. No queries of the hub here (pg_store.cpp).
#pragma once
#include <string>

#include "kiosk/core/result.h"
#include "server/pg_conn.h"

namespace onestop::hub::pg {

// The schema version this binary writes.
int LatestSchemaVersion();
// The version the database is at (0: empty).
Result<int> SchemaVersion(Conn& c);
// Brings the database to the current schema; a database written by a newer hub is refused.
Status Migrate(Conn& c);

}  // namespace onestop::hub::pg
