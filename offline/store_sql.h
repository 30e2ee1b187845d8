// SQLite helpers shared by the kiosk store's files (store.cpp: schema, outbox, sync state;
// store_mirror.cpp: reads of the pulled master data). Internal to offline/: no other module includes
// it, and it holds no state.
#pragma once
#include <sqlite3.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/core/result.h"

namespace onestop::offline::store_sql {

// entity -> table. The extra indexed columns are filled by ExtractColumns() in store.cpp.
struct EntityTable {
  const char* entity;
  const char* table;
};
inline constexpr std::array<EntityTable, 12> kEntities = {{{"location", "locations"},
                                                    {"asset", "assets"},
                                                    {"part", "parts"},
                                                    {"menu", "menus"},
                                                    {"menu_item", "menu_items"},
                                                    {"diet_order", "diet_orders"},
                                                    {"staff", "staff"},
                                                    {"ticket", "tickets"},
                                                    {"notice", "notices"},
                                                    {"config", "config"},
                                                    {"dish_photo", "dish_photos"},
                                                    {"asset_class", "asset_classes"}}};

inline const char* TableFor(const std::string& entity) {
  for (const auto& e : kEntities)
    if (entity == e.entity) return e.table;
  return nullptr;
}

inline Error DbError(sqlite3* db, const std::string& what) {
  return Error{"store.sqlite", what + ": " + (db ? sqlite3_errmsg(db) : "no database")};
}

// RAII prepared statement with typed binds; column reads by index.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &st_, nullptr) != SQLITE_OK) st_ = nullptr;
  }
  ~Stmt() { sqlite3_finalize(st_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  bool ok() const { return st_ != nullptr; }
  Stmt& Bind(int i, const std::string& v) {
    sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, int64_t v) {
    sqlite3_bind_int64(st_, i, v);
    return *this;
  }
  Stmt& BindNull(int i) {
    sqlite3_bind_null(st_, i);
    return *this;
  }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return sqlite3_step(st_); }
  void Reset() {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
  }
  std::string Text(int col) const {
    const auto* p = sqlite3_column_text(st_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(st_, col)))
             : std::string();
  }
  int64_t Int(int col) const { return sqlite3_column_int64(st_, col); }
  sqlite3* db() const { return db_; }

 private:
  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
};

// The first column of every row (the mirror's reads return JSON texts), or the error naming `what`.
inline Result<std::vector<std::string>> FirstColumn(Stmt& st, const std::string& what) {
  std::vector<std::string> out;
  int rc;
  while ((rc = st.Step()) == SQLITE_ROW) out.push_back(st.Text(0));
  if (rc != SQLITE_DONE) return DbError(st.db(), what);
  return out;
}

}  // namespace onestop::offline::store_sql
