// The store's reads of the master data a pull mirrors (one table per entity, offline/store_sql.h):
// by id, by entity, and the lookups the screens need (assets by code or place, a ward's rooms and
// beds). Reads only; the pull writes these tables in store.cpp.
#include <mutex>

#include "offline/store.h"
#include "offline/store_sql.h"

namespace onestop::offline {

using namespace store_sql;

Result<std::optional<std::string>> Store::GetEntity(const std::string& entity, const std::string& id) {
  const char* table = TableFor(entity);
  if (!table) return Error{"store.bad_entity", "unknown entity '" + entity + "'"};
  std::lock_guard lock(mu_);
  const std::string sql = std::string("SELECT data FROM ") + table + " WHERE id = ?1";
  Stmt st(db_, sql.c_str());
  if (!st.ok()) return DbError(db_, "prepare get");
  st.Bind(1, id);
  const int rc = st.Step();
  if (rc == SQLITE_ROW) return std::optional<std::string>(st.Text(0));
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  return DbError(db_, "get " + entity);
}

int Store::CountEntities(const std::string& entity) {
  const char* table = TableFor(entity);
  if (!table) return -1;
  std::lock_guard lock(mu_);
  const std::string sql = std::string("SELECT count(*) FROM ") + table;
  return CountLocked(sql.c_str());
}

Result<std::vector<std::string>> Store::ListEntities(const std::string& entity, int limit) {
  const char* table = TableFor(entity);
  if (!table) return Error{"store.bad_entity", "unknown entity '" + entity + "'"};
  std::lock_guard lock(mu_);
  const std::string sql = std::string("SELECT data FROM ") + table + " ORDER BY id LIMIT ?1";
  Stmt st(db_, sql.c_str());
  if (!st.ok()) return DbError(db_, "prepare list");
  st.Bind(1, static_cast<int64_t>(limit));
  return FirstColumn(st, "list " + entity);
}

Result<std::vector<std::string>> Store::FindAssetsByCode(const std::string& code) {
  std::lock_guard lock(mu_);
  Stmt st(db_, "SELECT data FROM assets WHERE tag = ?1 OR label = ?1 OR id = ?1 ORDER BY id LIMIT 20");
  if (!st.ok()) return DbError(db_, "prepare asset lookup");
  st.Bind(1, code);
  return FirstColumn(st, "asset lookup");
}

Result<std::vector<std::string>> Store::FindAssetsAt(const std::string& location, int limit) {
  std::lock_guard lock(mu_);
  Stmt st(db_, "SELECT data FROM assets WHERE location = ?1 ORDER BY id LIMIT ?2");
  if (!st.ok()) return DbError(db_, "prepare assets at");
  st.Bind(1, location).Bind(2, static_cast<int64_t>(limit));
  return FirstColumn(st, "assets at");
}

Result<std::vector<std::string>> Store::ListLocationsUnder(const std::string& location, int limit) {
  if (location.empty()) return std::vector<std::string>{};
  std::lock_guard lock(mu_);
  // Codes nest by "-" (DESIGN §4 scope): "<ward>-" up to, not including, "<ward>." is the ward's subtree,
  // a range on the primary key instead of a LIKE that would treat "_" in a code as a wildcard.
  Stmt st(db_, "SELECT data FROM locations WHERE id >= ?1 AND id < ?2 ORDER BY id LIMIT ?3");
  if (!st.ok()) return DbError(db_, "prepare locations under");
  st.Bind(1, location + "-").Bind(2, location + ".").Bind(3, static_cast<int64_t>(limit));
  return FirstColumn(st, "locations under");
}

}  // namespace onestop::offline
