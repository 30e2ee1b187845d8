// PostgreSQL connection plumbing (see pg_conn.h): opening, prepared statements, error classes and
// the reader pool. No queries of the hub live here.
#include "server/pg_conn.h"

#include <cstring>

namespace onestop::hub::pg {

std::string ErrorCode(const PGresult* r, PGconn* c) {
  if (!c || PQstatus(c) == CONNECTION_BAD) return "store.unavailable";
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  if (!state) return "store.unavailable";  // no server answer at all: the connection is gone
  const std::string s = state;
  // 23505 unique_violation, 40001 serialization_failure, 40P01 deadlock_detected: the transaction
  // lost a race with another one and may run again from the start.
  if (s == "23505" || s == "40001" || s == "40P01") return "store.conflict";
  // Class 08 connection exception, 57P01..57P03 shutdown / cannot connect now (a restart).
  if (s.rfind("08", 0) == 0 || s.rfind("57P", 0) == 0) return "store.unavailable";
  return "store.sql";
}

Status Conn::Open(const std::string& conninfo) {
  if (c_) PQfinish(c_);
  prepared_.clear();
  c_ = PQconnectdb(conninfo.c_str());
  if (PQstatus(c_) != CONNECTION_OK) {
    std::string m = Msg();
    while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
    return Error{"store.unavailable", "cannot connect to PostgreSQL: " + m};
  }
  // Hub times are integers; text is UTF-8 JSON. Keep the session's notices out of stderr.
  PQsetNoticeProcessor(c_, [](void*, const char*) {}, nullptr);
  if (auto s = Exec("SET client_encoding='UTF8'"); !s) return s;
  return Ok{};
}

Error Conn::Fail(const PGresult* r) const {
  std::string m = r && PQresultErrorMessage(r)[0] ? PQresultErrorMessage(r) : Msg();
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return Error{ErrorCode(r, c_), m.empty() ? "PostgreSQL connection lost" : m};
}

Result<Res> Conn::Run(const char* sql, const Params& p) {
  if (!c_) return Error{"store.unavailable", "no PostgreSQL connection"};
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    const std::string name = "s" + std::to_string(prepared_.size());
    Res prep(PQprepare(c_, name.c_str(), sql, 0, nullptr));
    if (!prep.get() || PQresultStatus(prep.get()) != PGRES_COMMAND_OK) return Fail(prep.get());
    it = prepared_.emplace(sql, name).first;
  }
  std::vector<const char*> vals;
  std::vector<int> lens, fmts;
  p.Arrays(&vals, &lens, &fmts);
  Res r(PQexecPrepared(c_, it->second.c_str(), p.size(), vals.data(), lens.data(), fmts.data(), 0));
  const auto st = r.get() ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) return Fail(r.get());
  return r;
}

Status Conn::Exec(const std::string& sql) {
  if (!c_) return Error{"store.unavailable", "no PostgreSQL connection"};
  Res r(PQexec(c_, sql.c_str()));
  const auto st = r.get() ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) return Fail(r.get());
  return Ok{};
}

Result<Conn*> Pool::Acquire() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return !idle_.empty() || open_ < max_; });
  if (!idle_.empty()) {
    Conn* c = idle_.back().release();
    idle_.pop_back();
    ++in_use_;
    return c;
  }
  ++open_;  // reserve the slot, connect outside the lock
  ++in_use_;
  lock.unlock();
  auto c = std::make_unique<Conn>();
  if (auto s = c->Open(conninfo_); !s) {
    lock.lock();
    --open_;
    --in_use_;
    cv_.notify_one();
    return s.error();
  }
  return c.release();
}

void Pool::Release(Conn* c) {
  std::unique_ptr<Conn> owned(c);
  std::vector<std::unique_ptr<Conn>> dropped;  // closed outside the lock
  {
    std::lock_guard lock(mu_);
    --in_use_;
    // A connection left inside a transaction (an error half-way) is not reused either.
    const bool bad = owned->broken() || PQtransactionStatus(owned->raw()) != PQTRANS_IDLE;
    if (bad) {
      --open_;
      dropped.push_back(std::move(owned));
      open_ -= static_cast<int>(idle_.size());
      for (auto& i : idle_) dropped.push_back(std::move(i));
      idle_.clear();
    } else {
      idle_.push_back(std::move(owned));
    }
  }
  cv_.notify_all();
}

PoolCounts Pool::Counts() const {
  std::lock_guard lock(mu_);
  return PoolCounts{open_, in_use_};
}

}  // namespace onestop::hub::pg
