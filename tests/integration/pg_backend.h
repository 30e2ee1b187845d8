// Test helper: the database a hub-level test runs on. ONESTOP_TEST_BACKEND=postgresql gives each
// call a fresh database of this process's throwaway cluster (pg_cluster.h); otherwise the SQLite
// path the test chose. Lets one test binary run against both backends (ctest variant *_pg).
// Test-only: no production code includes this.
#pragma once
#include <cstdlib>
#include <string>

#include "tests/integration/pg_cluster.h"

namespace pg_test {

inline bool OnPostgres() {
  const char* b = std::getenv("ONESTOP_TEST_BACKEND");
  return b && std::string(b) == "postgresql";
}

// A cluster that cannot start yields a URI that cannot connect, so the hub's open fails loudly
// (with the reason in the test log) instead of quietly testing SQLite.
inline std::string HubTestDb(const std::string& sqlite_path) {
  if (!OnPostgres()) return sqlite_path;
  auto* c = PgCluster::Shared();
  if (!c) {
    std::fprintf(stderr, "PostgreSQL test cluster: %s\n", PgCluster::StartError().c_str());
    return "postgresql:///no-test-cluster?host=/nonexistent";
  }
  return c->NewDatabase();
}

}  // namespace pg_test
