// Plumbing of the PostgreSQL store (libpq): a connection with its prepared statements, bound
// parameters, result reading, SQLSTATE classification and the per-process connection pool. Internal to
// the PostgreSQL backend; no queries and no rules live here. Values are always bound parameters.
#pragma once
#include <libpq-fe.h>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "kiosk/core/result.h"

namespace onestop::hub::pg {

// A result owned by RAII; rows and columns read as text (the default libpq format).
class Res {
 public:
  Res() = default;
  explicit Res(PGresult* r) : r_(r, &PQclear) {}
  PGresult* get() const { return r_.get(); }
  int rows() const { return r_ ? PQntuples(r_.get()) : 0; }
  bool null(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }
  std::string str(int row, int col) const {
    return std::string(PQgetvalue(r_.get(), row, col), static_cast<size_t>(PQgetlength(r_.get(), row, col)));
  }
  int64_t i64(int row, int col) const { return null(row, col) ? 0 : std::strtoll(PQgetvalue(r_.get(), row, col), nullptr, 10); }
  bool boolean(int row, int col) const { return !null(row, col) && PQgetvalue(r_.get(), row, col)[0] == 't'; }
  // A bytea column (text format: hex escaped).
  std::string bytes(int row, int col) const {
    size_t n = 0;
    unsigned char* p = PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(r_.get(), row, col)), &n);
    if (!p) return {};
    std::string out(reinterpret_cast<const char*>(p), n);
    PQfreemem(p);
    return out;
  }

 private:
  std::shared_ptr<PGresult> r_;
};

// Parameters of one statement. Text format, except bytea values (binary, so they may hold NUL).
class Params {
 public:
  Params& add(const std::string& v) { return push(v, false, 0); }
  Params& add(const char* v) { return push(v, false, 0); }
  Params& add(int64_t v) { return push(std::to_string(v), false, 0); }
  Params& add(int v) { return push(std::to_string(v), false, 0); }
  Params& null() { return push({}, true, 0); }
  Params& bytes(const std::string& v) { return push(v, false, 1); }
  int size() const { return static_cast<int>(vals_.size()); }
  // Pointer arrays for libpq; valid while this object lives and is not changed.
  void Arrays(std::vector<const char*>* vals, std::vector<int>* lens, std::vector<int>* fmts) const {
    for (size_t i = 0; i < vals_.size(); ++i) {
      vals->push_back(nulls_[i] ? nullptr : vals_[i].c_str());
      lens->push_back(static_cast<int>(vals_[i].size()));
      fmts->push_back(fmts_[i]);
    }
  }

 private:
  Params& push(std::string v, bool is_null, int fmt) {
    vals_.push_back(std::move(v));
    nulls_.push_back(is_null);
    fmts_.push_back(fmt);
    return *this;
  }
  std::vector<std::string> vals_;
  std::vector<bool> nulls_;
  std::vector<int> fmts_;
};

// Error codes the store reports: "store.unavailable" (no connection: the hub answers 503 and the
// next request reconnects), "store.conflict" (unique violation, serialization failure, deadlock:
// the whole transaction may be retried), "store.sql" (anything else).
std::string ErrorCode(const PGresult* r, PGconn* c);

// One connection and its prepared statements (named s0, s1, ... per connection, keyed by the SQL
// literal's address: hot statements are parsed once per connection).
class Conn {
 public:
  Conn() = default;
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;
  ~Conn() {
    if (c_) PQfinish(c_);
  }
  Status Open(const std::string& conninfo);
  void Close() {
    if (c_) PQfinish(c_);
    c_ = nullptr;
    prepared_.clear();
  }
  bool broken() const { return !c_ || PQstatus(c_) == CONNECTION_BAD; }
  PGconn* raw() { return c_; }
  // Runs a statement (prepared once on this connection); an error Status carries ErrorCode's code.
  Result<Res> Run(const char* sql, const Params& p = Params());
  // Runs SQL text without parameters (schema steps, BEGIN/COMMIT); several statements allowed.
  Status Exec(const std::string& sql);
  std::string Msg() const { return c_ ? PQerrorMessage(c_) : "no connection"; }

 private:
  Error Fail(const PGresult* r) const;
  PGconn* c_ = nullptr;
  std::unordered_map<const char*, std::string> prepared_;
};

// Counts for /metrics (server/store.h StorePool).
struct PoolCounts {
  int open = 0;
  int in_use = 0;
};

// The reader pool of one process: at most `max` connections, opened on demand. A connection that
// broke (a PostgreSQL restart, a network cut) is dropped, and with it every idle one (they are most
// likely dead too), so the request that noticed fails and the next one gets a fresh connection.
class Pool {
 public:
  Pool(std::string conninfo, int max) : conninfo_(std::move(conninfo)), max_(max) {}
  Result<Conn*> Acquire();
  void Release(Conn* c);
  PoolCounts Counts() const;

 private:
  std::string conninfo_;
  int max_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Conn>> idle_;
  int open_ = 0, in_use_ = 0;
};

// A pooled connection checked out for the scope of one call.
class Lease {
 public:
  explicit Lease(Pool& p) : p_(p) {
    auto c = p_.Acquire();
    if (c) c_ = c.value();
    else error_ = c.error();
  }
  ~Lease() {
    if (c_) p_.Release(c_);
  }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  bool ok() const { return c_ != nullptr; }
  const Error& error() const { return error_; }
  Conn* operator->() { return c_; }

 private:
  Pool& p_;
  Conn* c_ = nullptr;
  Error error_{"store.unavailable", ""};
};

}  // namespace onestop::hub::pg
