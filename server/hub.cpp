// Hub routes: enrollment, bearer auth, idempotent push, scoped paginated pull, health, metrics and
// test-only fault injection. Record rules live in push_rules.cpp and the kinds' rule files; SQL does not.
// Never logs record payloads (patient data) at info level.
#include "server/hub.h"

#include <httplib.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <ctime>
#include <chrono>
#include <map>
#include <mutex>
#include <random>
#include <shared_mutex>
#include <thread>
#include <unordered_map>

#include "kiosk/core/protocol.h"
#include "server/console_api.h"
#include "server/console_auth.h"
#include "server/demo.h"
#include "server/live_waiters.h"
#include "server/meals.h"
#include "server/push_rules.h"
#include "server/request_gate.h"
#include "server/store.h"
#include "server/terminal_reports.h"

namespace onestop::hub {
namespace {
using nlohmann::json;
namespace pr = onestop::protocol;


std::string Hex(const unsigned char* p, size_t n) {
  std::string s(n * 2 + 1, '\0');
  sodium_bin2hex(s.data(), s.size(), p, n);
  s.pop_back();
  return s;
}

// Counters for /metrics. A mutex is plenty at these rates and keeps the text output consistent.
class Metrics {
 public:
  void Request(const std::string& route, int status) {
    std::lock_guard lock(mu_);
    ++requests_[{route, status}];
  }
  void Pushed(pr::PushStatus s, uint64_t n = 1) {
    std::lock_guard lock(mu_);
    pushed_[static_cast<size_t>(s)] += n;
  }
  void Served(uint64_t n) { served_.fetch_add(n, std::memory_order_relaxed); }
  void LongPoll(int delta) { waiting_.fetch_add(delta, std::memory_order_relaxed); }
  // How a held live pull ended: a change in its scope, or its wait ran out (or the hub stopped).
  void LongPollEnded(bool by_change) { (by_change ? by_change_ : by_timeout_).fetch_add(1, std::memory_order_relaxed); }
  void LongPollRefused() { lp_refused_.fetch_add(1, std::memory_order_relaxed); }
  void Fault(const std::string& kind) {
    std::lock_guard lock(mu_);
    ++faults_[kind];
  }
  std::string Text() {
    std::lock_guard lock(mu_);
    std::string o;
    o += "# HELP onestop_hub_requests_total HTTP requests by route and status.\n";
    o += "# TYPE onestop_hub_requests_total counter\n";
    for (const auto& [k, v] : requests_)
      o += "onestop_hub_requests_total{route=\"" + k.first + "\",status=\"" + std::to_string(k.second) + "\"} " +
           std::to_string(v) + "\n";
    o += "# HELP onestop_hub_pushed_records_total Pushed records by result.\n";
    o += "# TYPE onestop_hub_pushed_records_total counter\n";
    for (size_t i = 0; i < pushed_.size(); ++i)
      o += "onestop_hub_pushed_records_total{status=\"" +
           std::string(pr::PushStatusName(static_cast<pr::PushStatus>(i))) + "\"} " + std::to_string(pushed_[i]) + "\n";
    o += "# HELP onestop_hub_pull_changes_served_total Change entries delivered by pulls.\n";
    o += "# TYPE onestop_hub_pull_changes_served_total counter\n";
    o += "onestop_hub_pull_changes_served_total " + std::to_string(served_.load()) + "\n";
    o += "# HELP onestop_hub_pull_waiting Live pulls (wait=S) holding an answer now.\n";
    o += "# TYPE onestop_hub_pull_waiting gauge\n";
    o += "onestop_hub_pull_waiting " + std::to_string(waiting_.load()) + "\n";
    o += "# HELP onestop_hub_pull_wait_refused_total Live pulls answered at once: every live-pull slot was held.\n";
    o += "# TYPE onestop_hub_pull_wait_refused_total counter\n";
    o += "onestop_hub_pull_wait_refused_total " + std::to_string(lp_refused_.load()) + "\n";
    o += "# HELP onestop_hub_pull_wait_ended_total Held live pulls by how they ended.\n";
    o += "# TYPE onestop_hub_pull_wait_ended_total counter\n";
    o += "onestop_hub_pull_wait_ended_total{by=\"change\"} " + std::to_string(by_change_.load()) + "\n";
    o += "onestop_hub_pull_wait_ended_total{by=\"timeout\"} " + std::to_string(by_timeout_.load()) + "\n";
    o += "# HELP onestop_hub_faults_injected_total Test faults injected (serve --fault-rate).\n";
    o += "# TYPE onestop_hub_faults_injected_total counter\n";
    for (const auto& [k, v] : faults_) o += "onestop_hub_faults_injected_total{kind=\"" + k + "\"} " + std::to_string(v) + "\n";
    return o;
  }

 private:
  std::mutex mu_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;
  std::array<uint64_t, 3> pushed_{};
  std::atomic<uint64_t> served_{0};
  std::atomic<int> waiting_{0};
  std::atomic<uint64_t> lp_refused_{0}, by_change_{0}, by_timeout_{0};
  std::map<std::string, uint64_t> faults_;
};

std::string RouteLabel(const std::string& path) {
  static const char* known[] = {"/v1/health", "/v1/enroll", "/v1/sync/push", "/v1/sync/pull", "/metrics"};
  for (const char* k : known)
    if (path == k) return k;
  return "other";  // unbounded label values would blow up the metric
}

// RFC 9110 IMF-fixdate, e.g. "Sun, 22 Nov 2026 19:22:56 GMT".
std::string HttpDate(int64_t utc_ms) {
  const std::time_t t = static_cast<std::time_t>(utc_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);  // "C" locale names
  return buf;
}

}  // namespace

std::string HashToken(const std::string& token) {
  unsigned char out[crypto_generichash_BYTES];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr, 0);
  return Hex(out, sizeof out);
}

std::string NewEnrollCode() {
  // 32 symbols without 0/O and 1/I: 10 of them carry 50 bits, far beyond guessing within a code's
  // lifetime. The dash is only for reading aloud; the hub compares codes without it and without case.
  static constexpr char kAlphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  static_assert(sizeof kAlphabet - 1 == 32);
  std::string code;
  for (int i = 0; i < 10; ++i) {
    if (i == 5) code += '-';
    code += kAlphabet[randombytes_uniform(sizeof kAlphabet - 1)];
  }
  return code;
}

Status AddEnrollCode(HubStore& store, const std::string& code, const std::string& kind, const std::string& location,
                     int64_t now_ms, int64_t ttl_ms) {
  auto bk = ParseRole(kind);
  if (!bk) return Error{"enroll.bad_kind", "kind must be bedside, ward or staff, not \"" + kind + "\""};
  if (*bk != Role::kStaff && location.empty())
    return Error{"enroll.no_location", "a " + kind + " terminal needs --location (a bed or ward code)"};
  if (*bk == Role::kStaff && !location.empty())
    return Error{"enroll.location", "a staff terminal is not bound to a location; leave out --location"};
  auto tx = store.Begin();
  if (!tx) return tx.error();
  if (!location.empty() && tx.value()->CountMaster("location") > 0 && !tx.value()->GetMaster("location", location))
    return Error{"enroll.unknown_location", "no location " + location + " in the hub's master data"};
  tx.value()->AddEnrollCode(code, Binding{*bk, location}, now_ms + ttl_ms);
  return tx.value()->Commit();
}

struct Hub::Impl {
  HubOptions opts;
  SystemClock system_clock;
  const Clock* clock = nullptr;
  // Rung by the store after commits that move the change log (live pulls, console streams). Declared
  // before the store and the server so it outlives both (their threads wait on it).
  ChangeBell bell;
  std::unique_ptr<HubStore> store;
  std::shared_ptr<ConnectionGuard> guard;
  std::unique_ptr<httplib::Server> server;  // null when TLS material failed to load (server_error says why)
  std::string server_error;
  GateOptions gate;
  std::unique_ptr<RateLimiter> enroll_limiter;
  Metrics metrics;
  std::unique_ptr<ConsoleService> console;
  TerminalReports reports;  // what terminals say about themselves on push and pull (issue 14)
  std::atomic<int> long_polls{0};
  std::unique_ptr<LiveWaiters> live;  // held live pulls (after Bind; ends before the store)

  // token hash → terminal, re-checked against the database after kAuthCacheMs: the database is the
  // truth (a revocation by the CLI or another hub process), the cache only spares most lookups.
  static constexpr int64_t kAuthCacheMs = 1000;
  static constexpr size_t kAuthCacheMax = 100000;  // a flood of distinct tokens cannot grow it further
  struct CachedTerminal {
    TerminalRow terminal;
    std::chrono::steady_clock::time_point checked;
  };
  std::shared_mutex auth_mu;
  std::unordered_map<std::string, CachedTerminal> auth_cache;

  std::mutex fault_mu;
  std::mt19937_64 fault_rng;

  int64_t Now() const { return clock->NowUtcMs(); }

  std::optional<TerminalRow> Authenticate(const httplib::Request& req, httplib::Response& res) {
    const std::string h = req.get_header_value("Authorization");
    static constexpr std::string_view kBearer = "Bearer ";
    if (h.size() <= kBearer.size() || h.compare(0, kBearer.size(), kBearer) != 0) {
      res.set_header("WWW-Authenticate", "Bearer");
      SendProblem(res, 401, "unauthorized", "Unauthorized",
                  "send Authorization: Bearer <token> (enroll with POST /v1/enroll to get one)");
      return std::nullopt;
    }
    const std::string hash = HashToken(h.substr(kBearer.size()));
    const auto now = std::chrono::steady_clock::now();
    {
      std::shared_lock lock(auth_mu);
      if (auto it = auth_cache.find(hash);
          it != auth_cache.end() && now - it->second.checked < std::chrono::milliseconds(kAuthCacheMs))
        return it->second.terminal;
    }
    auto found = store->FindTerminalByTokenHash(hash);  // unknown or revoked: nullopt
    if (!found) {
      StoreDown(res, found.error());  // not "unknown token": the terminal must keep its enrollment
      return std::nullopt;
    }
    auto& t = found.value();
    std::unique_lock lock(auth_mu);
    if (!t) {
      auth_cache.erase(hash);
      lock.unlock();
      res.set_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      SendProblem(res, 401, "unauthorized", "Unauthorized", "unknown or revoked device token; enroll this terminal again");
      return std::nullopt;
    }
    if (auth_cache.size() >= kAuthCacheMax) auth_cache.clear();
    auth_cache.insert_or_assign(hash, CachedTerminal{*t, now});
    return t;
  }

  std::string GuardMetrics() const {
    const GuardStats g = guard->Stats();
    return "# HELP onestop_hub_connections_open Connections being served.\n# TYPE onestop_hub_connections_open gauge\n"
           "onestop_hub_connections_open " + std::to_string(g.open) +
           "\n# HELP onestop_hub_worker_threads HTTP worker threads alive.\n# TYPE onestop_hub_worker_threads gauge\n"
           "onestop_hub_worker_threads " + std::to_string(g.threads) +
           "\n# HELP onestop_hub_connections_refused_total Connections refused: their address held too many.\n"
           "# TYPE onestop_hub_connections_refused_total counter\nonestop_hub_connections_refused_total " +
           std::to_string(g.refused_per_address) +
           "\n# HELP onestop_hub_connections_cut_total Connections cut by a header or body deadline.\n"
           "# TYPE onestop_hub_connections_cut_total counter\nonestop_hub_connections_cut_total " +
           std::to_string(g.timed_out) + "\n";
  }

  std::string PoolMetrics() const {
    const StorePoolStats p = store ? store->PoolStats() : StorePoolStats{};
    return "# HELP onestop_hub_db_connections_open Database connections this process holds open.\n"
           "# TYPE onestop_hub_db_connections_open gauge\nonestop_hub_db_connections_open " + std::to_string(p.open) +
           "\n# HELP onestop_hub_db_connections_in_use Database connections serving a request now.\n"
           "# TYPE onestop_hub_db_connections_in_use gauge\nonestop_hub_db_connections_in_use " + std::to_string(p.in_use) +
           "\n# HELP onestop_hub_db_connections_max Database connections this process may open.\n"
           "# TYPE onestop_hub_db_connections_max gauge\nonestop_hub_db_connections_max " + std::to_string(p.max) + "\n";
  }

  // Test-only faults on sync routes; Handled means the request is answered (or dropped) here.
  httplib::Server::HandlerResponse MaybeFault(const httplib::Request& req, httplib::Response& res) {
    if (opts.fault_rate <= 0 || opts.fault_kinds.empty() || req.path.rfind("/v1/sync/", 0) != 0)
      return httplib::Server::HandlerResponse::Unhandled;
    std::string kind;
    {
      std::lock_guard lock(fault_mu);
      if (std::uniform_real_distribution<double>(0, 1)(fault_rng) >= opts.fault_rate)
        return httplib::Server::HandlerResponse::Unhandled;
      kind = opts.fault_kinds[std::uniform_int_distribution<size_t>(0, opts.fault_kinds.size() - 1)(fault_rng)];
    }
    metrics.Fault(kind);
    if (kind == "slow") {
      std::this_thread::sleep_for(std::chrono::milliseconds(opts.fault_slow_ms));
      return httplib::Server::HandlerResponse::Unhandled;
    }
    // The request body has not been read: close the connection so it cannot confuse the next request.
    res.set_header("Connection", "close");
    ConnectionGuard::CloseAfterResponse();
    if (kind == "503") {
      res.set_header("Retry-After", "1");
      SendProblem(res, 503, "unavailable", "Service Unavailable", "injected fault: try again after Retry-After");
    } else if (kind == "reset") {
      // Headers go out, then the body provider fails: the client sees the connection drop mid-response.
      res.status = 200;
      res.set_content_provider(
          1024, "application/json", [](size_t, size_t, httplib::DataSink&) { return false; });
    } else {
      SendProblem(res, 500, "internal", "Internal Server Error", "injected fault");
    }
    return httplib::Server::HandlerResponse::Handled;
  }

  // Enrollment is the one route a stranger may call: it is rate-limited per address and every
  // refusal is logged with the address and reason (never the code tried, which may be a real one
  // mistyped by a colleague).
  bool AdmitEnroll(const httplib::Request& req, httplib::Response& res) {
    int retry = 0;
    if (enroll_limiter->Allow(req.remote_addr, Now(), &retry)) return true;
    spdlog::warn("enrollment refused from {}: rate limit", req.remote_addr);
    res.set_header("Retry-After", std::to_string(retry));
    SendProblem(res, 429, "enroll-rate-limited", "Too Many Requests",
                "too many enrollment attempts from this address; retry after " + std::to_string(retry) + " s");
    return false;
  }

  void HandleEnroll(const httplib::Request& req, httplib::Response& res) {
    auto refuse = [&](int status, const char* slug, const char* title, const std::string& detail) {
      spdlog::warn("enrollment refused from {}: {}", req.remote_addr, slug);
      SendProblem(res, status, slug, title, detail);
    };
    auto r = pr::DecodeEnrollRequest(req.body);
    if (!r) return refuse(400, "bad-request", "Bad Request", r.error().message);
    const int64_t now = Now();
    auto tx = store->Begin();
    if (!tx) return StoreDown(res, tx.error());
    auto code = tx.value()->GetEnrollCode(r->code);
    if (!tx.value()->ok()) return StoreDown(res, Error{"store", "enrollment lookup failed"});
    if (!code) return refuse(400, "enroll-code-unknown", "Unknown enrollment code",
                             "the code is not known to this hub; check it or ask for a new one");
    if (code->used) return refuse(409, "enroll-code-used", "Enrollment code already used",
                                  "each code enrolls one terminal; ask for a new one");
    if (code->expires_ms < now) return refuse(410, "enroll-code-expired", "Enrollment code expired",
                                              "ask for a new code (onestop-hub enroll-code)");
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    pr::EnrollResponse out{"term-" + pr::NewUuidV4(), Hex(raw, sizeof raw), code->binding};
    tx.value()->UseEnrollCode(r->code, out.terminal_id, now);
    tx.value()->AddTerminal(TerminalRow{out.terminal_id, out.binding}, HashToken(out.token), pr::ToJson(r->device), now);
    if (auto s = tx.value()->Commit(); !s) return StoreDown(res, s.error());
    spdlog::info("enrolled terminal {} as {} at {}", out.terminal_id, RoleName(out.binding.role),
                 out.binding.location.empty() ? "-" : out.binding.location);
    res.set_content(pr::ToJson(out).dump(), "application/json");
  }

  void StoreDown(httplib::Response& res, const Error& e) {
    spdlog::error("store failure: {}", e.message);
    res.set_header("Retry-After", "5");
    SendProblem(res, 503, "store-unavailable", "Service Unavailable",
                "the hub database is not available; nothing was changed, retry later");
  }

  // Applies one push batch in one write transaction; *out gets a result per record.
  Status PushBatch(const json& recs, const TerminalRow& term, int64_t now, pr::PushResponse* out) {
    out->results.clear();
    out->results.reserve(recs.size());
    auto tx = store->Begin();
    if (!tx) return tx.error();
    HubTx& t = *tx.value();
    for (const json& raw : recs) {
      auto rec = pr::PushRecordFromJson(raw);
      if (!rec) {
        // Without a valid id the result cannot be remembered; it is still answered, with the reason.
        std::string id;
        if (raw.is_object())
          if (auto it = raw.find("id"); it != raw.end() && it->is_string()) id = pr::TruncateUtf8(it->get<std::string>(), 64);
        out->results.push_back({id, pr::PushStatus::kRejected, "", rec.error().message});
        continue;
      }
      if (auto first = t.FindRecord(rec->id)) {
        pr::PushResult again = *first;
        if (again.status == pr::PushStatus::kAccepted) again.status = pr::PushStatus::kDuplicate;
        out->results.push_back(again);
        continue;
      }
      pr::PushResult result = ApplyPushedRecord(t, term, rec.value(), now);
      t.AddRecord(rec.value(), term.id, now, result);
      out->results.push_back(std::move(result));
    }
    return t.Commit();
  }

  void HandlePush(const httplib::Request& req, httplib::Response& res) {
    auto term = Authenticate(req, res);
    if (!term) return;
    reports.Note(*store, term->id, req, false, Now());
    if (req.body.size() > pr::kMaxPushBytes)
      return SendProblem(res, 413, "batch-too-large", "Payload Too Large",
                         "a push batch may be at most 1 MiB; send fewer records per batch");
    auto parsed = pr::ParseJsonText(req.body);
    if (!parsed) return SendProblem(res, 400, "bad-request", "Bad Request", parsed.error().message);
    const json& body = parsed.value();
    if (!body.is_object()) return SendProblem(res, 400, "bad-request", "Bad Request", "push body must be a JSON object");
    auto recs = body.find("records");
    if (recs == body.end() || !recs->is_array())
      return SendProblem(res, 400, "bad-request", "Bad Request", "push.records must be an array");
    if (auto tid = body.find("terminal_id"); tid != body.end() && !tid->is_null()) {
      if (!tid->is_string()) return SendProblem(res, 400, "bad-request", "Bad Request", "push.terminal_id must be a string");
      if (tid->get_ref<const std::string&>() != term->id)
        return SendProblem(res, 403, "terminal-mismatch", "Forbidden", "terminal_id does not belong to this token");
    }
    if (recs->size() > static_cast<size_t>(pr::kMaxPushRecords))
      return SendProblem(res, 413, "batch-too-large", "Payload Too Large",
                         "a push batch may hold at most 500 records, this one has " + std::to_string(recs->size()));

    const int64_t now = Now();
    pr::PushResponse out;
    // A transaction that lost a race with another hub process (store.conflict: the record's unique
    // key, a serialization failure) kept nothing: run the batch again, it now sees the winner's rows.
    Status committed = Ok{};
    for (int attempt = 0; attempt < 3; ++attempt) {
      committed = PushBatch(*recs, *term, now, &out);
      if (committed || committed.error().code != "store.conflict") break;
    }
    if (!committed) return StoreDown(res, committed.error());
    for (const auto& r : out.results) metrics.Pushed(r.status);
    out.server_time_ms = Now();
    spdlog::debug("push from {}: {} records", term->id, out.results.size());
    // replace: a reason quoting client text must never turn into an exception after the commit.
    res.set_content(pr::ToJson(out).dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
  }

  void HandlePull(const httplib::Request& req, httplib::Response& res) {
    auto term = Authenticate(req, res);
    if (!term) return;
    reports.Note(*store, term->id, req, true, Now());
    auto num = [&](const char* key, int64_t fallback, int64_t* out) {
      if (!req.has_param(key)) {
        *out = fallback;
        return true;
      }
      const std::string v = req.get_param_value(key);
      if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos) return false;
      *out = std::stoll(v);
      return true;
    };
    int64_t cursor = 0, limit = 0;
    if (!num("cursor", 0, &cursor))
      return SendProblem(res, 400, "bad-request", "Bad Request", "cursor must be a non-negative integer (last seq seen)");
    if (!num("limit", pr::kDefaultPullLimit, &limit) || limit < 1)
      return SendProblem(res, 400, "bad-request", "Bad Request", "limit must be a positive integer");
    limit = std::min<int64_t>(limit, pr::kMaxPullLimit);
    int64_t wait_s = 0;
    if (!num("wait", 0, &wait_s) || wait_s > pr::kMaxPullWaitS)
      return SendProblem(res, 400, "bad-request", "Bad Request",
                         "wait must be a whole number of seconds from 0 to " + std::to_string(pr::kMaxPullWaitS));
    bool more = false;
    // Taken before the first read: a change committed after it moves the newest seq past this.
    auto newest = store->LastChangeSeq();
    if (!newest) return StoreDown(res, newest.error());
    // Capped by count and by data bytes (opts.pull_page_bytes): many dish photos take several pages.
    auto pull = [&] { return store->Pull(term->binding, cursor, static_cast<int>(limit), &more, std::max<size_t>(1, opts.pull_page_bytes)); };
    auto rows = pull();
    if (!rows) return StoreDown(res, rows.error());
    int granted = 0;
    if (rows->empty() && wait_s > 0) {
      // Live pull: hold the empty answer until a change this terminal may see commits. Each waiting
      // pull holds one worker thread (the pool grows; the slots cap how many), so past the cap the
      // answer is the ordinary empty one with a granted wait of 0.
      if (long_polls.fetch_add(1) < opts.long_poll_max) {
        granted = static_cast<int>(wait_s);
        metrics.LongPoll(+1);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait_s);
        // Woken by scope (server/live_waiters.h): this process's commits through the bell, another
        // process's (the CLI, a second hub) through the newest seq, looked at once a second.
        LiveWaiters::Ticket ticket = live->Join(term->binding);
        // A change that committed between the first read and joining is not probed for us: look once.
        if (auto top = store->LastChangeSeq(); !top) rows = top.error();
        else if (top.value() != newest.value()) rows = pull();
        while (rows.ok() && rows->empty() && live->Wait(ticket, deadline)) rows = pull();
        live->Leave(ticket);
        metrics.LongPoll(-1);
        metrics.LongPollEnded(rows.ok() && !rows->empty());
      } else {
        metrics.LongPollRefused();
      }
      long_polls.fetch_sub(1);
      if (!rows) return StoreDown(res, rows.error());
    }
    res.set_header(pr::kPullWaitHeader, std::to_string(granted));
    // Spliced by hand: data is stored as JSON text, re-parsing every row would cost most of the time.
    std::string body;
    body.reserve(64 + rows->size() * 256);
    body += "{\"changes\":[";
    int64_t next = cursor;
    for (size_t i = 0; i < rows->size(); ++i) {
      const ChangeRow& c = rows.value()[i];
      if (i) body += ',';
      body += "{\"seq\":" + std::to_string(c.seq) + ",\"entity\":" + json(c.entity).dump() + ",\"op\":" +
              json(c.op).dump() + ",\"id\":" + json(c.id).dump() + ",\"data\":";
      body += c.data_json.empty() ? "null" : c.data_json;
      body += '}';
      next = c.seq;
    }
    body += "],\"next_cursor\":" + std::to_string(next) + ",\"more\":" + (more ? "true" : "false") + "}";
    metrics.Served(rows->size());
    res.set_content(std::move(body), "application/json");
  }
};

Hub::Hub(HubOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->opts = std::move(options);
  impl_->clock = impl_->opts.clock ? impl_->opts.clock : &impl_->system_clock;
  impl_->fault_rng.seed(impl_->opts.fault_seed);
  impl_->gate.public_names = impl_->opts.public_names;
  impl_->enroll_limiter = std::make_unique<RateLimiter>(impl_->opts.enroll_burst, impl_->opts.enroll_refill_ms);
  Impl* im = impl_.get();
  GuardLimits limits = im->opts.guard;
  limits.min_threads = static_cast<size_t>(std::max(2, im->opts.threads));
  // Room for every held live pull on top of the workers everything else needs (hub.h, long_poll_max).
  limits.max_threads += static_cast<size_t>(std::max(0, im->opts.long_poll_max));
  im->server = MakeGuardedServer(limits, im->opts.tls_cert, im->opts.tls_key, &im->guard, &im->server_error);
  if (!im->server) return;  // Bind reports server_error
  auto& s = *im->server;
  s.set_keep_alive_max_count(1000);
  // httplib writes headers and body separately; with Nagle on, the body waits for the client's
  // delayed ACK (~40 ms a request on keep-alive connections).
  s.set_tcp_nodelay(true);
  // A backstop only: every route's own cap (request_gate.cpp) is smaller and is checked first.
  s.set_payload_max_length(BodyCap("POST", "/v1/sync/push"));
  s.set_pre_routing_handler([im](const httplib::Request& req, httplib::Response& res) {
    if (CheckRequest(im->gate, req, res) == httplib::Server::HandlerResponse::Handled)
      return httplib::Server::HandlerResponse::Handled;
    return im->MaybeFault(req, res);
  });
  // Runs after the response is written: the connection now waits for its next request.
  s.set_logger([](const httplib::Request&, const httplib::Response&) { ConnectionGuard::ResponseDone(); });
  // Every error answer gets a problem+json body (404s, httplib's own 400/413, ...).
  s.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty() || res.content_provider_) return httplib::Server::HandlerResponse::Unhandled;
    const int st = res.status;
    const std::string title = st == 404 ? "Not Found" : st == 413 ? "Payload Too Large" : st == 400 ? "Bad Request"
                              : st == 405 ? "Method Not Allowed" : "HTTP error " + std::to_string(st);
    SendProblem(res, st, st == 404 ? "not-found" : "http-" + std::to_string(st), title,
                st == 404 ? "no such endpoint: " + req.method + " " + req.path : title);
    return httplib::Server::HandlerResponse::Handled;
  }));
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unexpected error";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    spdlog::error("request failed: {}", what);
    SendProblem(res, 500, "internal", "Internal Server Error", "the hub failed to handle this request; it was logged");
  });
  // Counted just before the response is written (the logger runs after it, which would let a
  // client see its answer before the count moves).
  s.set_post_routing_handler([im](const httplib::Request& req, httplib::Response& res) {
    im->metrics.Request(RouteLabel(req.path), res.status);
    // Kiosks estimate clock skew from Date when an answer (a pull) has no server_time.
    if (!res.has_header("Date")) res.set_header("Date", HttpDate(im->Now()));
    if (req.path.rfind("/console", 0) == 0 && !res.has_header("Content-Security-Policy")) SetConsolePageHeaders(res);
  });
  s.Get("/v1/health", [im](const httplib::Request&, httplib::Response& res) {
    auto h = im->store->Health();
    if (!h) {
      res.set_header("Retry-After", "5");
      return SendProblem(res, 503, "store-unavailable", "Service Unavailable", "database check failed");
    }
    // Backend and role let a load balancer keep a hub on a read-only standby out of rotation.
    json body{{"status", "ok"}, {"db", "ok"}, {"db_backend", h->backend}, {"db_role", h->role},
              {"server_time", FormatIsoUtcMs(im->Now())}};
    if (h->replication_lag_ms) body["db_replication_lag_ms"] = *h->replication_lag_ms;
    res.set_content(body.dump(), "application/json");
  });
  s.Get("/metrics", [im](const httplib::Request&, httplib::Response& res) {
    res.set_content(im->metrics.Text() + im->GuardMetrics() + im->PoolMetrics(), "text/plain; version=0.0.4");
  });
  PostCapped(s, "/v1/enroll", [im](const httplib::Request& req, httplib::Response& res) { im->HandleEnroll(req, res); },
             [im](const httplib::Request& req, httplib::Response& res) { return im->AdmitEnroll(req, res); });
  // The token is checked before the body is read: a stranger cannot make the hub buffer a batch.
  PostCapped(s, "/v1/sync/push", [im](const httplib::Request& req, httplib::Response& res) { im->HandlePush(req, res); },
             [im](const httplib::Request& req, httplib::Response& res) { return im->Authenticate(req, res).has_value(); });
  s.Get("/v1/sync/pull", [im](const httplib::Request& req, httplib::Response& res) { im->HandlePull(req, res); });
  RegisterMealRoutes(s, [im] { return im->store.get(); }, [im] { return im->Now(); }, im->opts.admin_token);
  // Web console (issue 13): /v1/console/* and the static pages under /console/.
  ConsoleOptions copts;
  copts.secure_cookie = !im->opts.tls_cert.empty();
  copts.max_streams = im->opts.console_max_streams;
  copts.web_dir = im->opts.web_dir;
  copts.bell = &im->bell;
  im->console = std::make_unique<ConsoleService>([im] { return im->store.get(); }, [im] { return im->Now(); }, copts);
  im->console->Register(s);
}

Hub::~Hub() = default;

HubStore* Hub::store() { return impl_->store.get(); }

int Hub::Bind(std::string* error) {
  auto fail = [&](const std::string& m) {
    if (error) *error = m;
    return -1;
  };
  if (sodium_init() < 0) return fail("libsodium failed to initialise");
  // Every terminal keeps a live-pull connection open (and its pushes another): the soft descriptor
  // limit (often 1,024) would cap the hub below long_poll_max, the hard one is the operator's choice.
  if (rlimit rl{}; ::getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &rl) != 0) spdlog::warn("could not raise the open-file limit to {}", rl.rlim_max);
  }
  if (!impl_->server) return fail(impl_->server_error);
  if (!impl_->store) {
    auto st = OpenHubStore(impl_->opts.db_path);
    if (!st) return fail(st.error().message);
    impl_->store = std::move(st.value());
    impl_->store->SetChangeBell(&impl_->bell);
    impl_->live = std::make_unique<LiveWaiters>(*impl_->store, impl_->bell);
    if (impl_->opts.demo_data) {
      auto d = LoadDemoData(*impl_->store, ONESTOP_ASSETS_DIR "/demo", impl_->Now());
      if (!d) return fail("demo data: " + d.error().message);
      // Demo console accounts, only ever with --demo-data (the log says so when it creates them).
      if (auto u = console::EnsureDemoUsers(*impl_->store, impl_->Now()); !u)
        return fail("demo console accounts: " + u.error().message);
    }
  }
  int port = impl_->opts.listen_port;
  if (port == 0) {
    port = impl_->server->bind_to_any_port(impl_->opts.listen_host);
  } else if (!impl_->server->bind_to_port(impl_->opts.listen_host, port)) {
    port = -1;
  }
  if (port < 0) return fail("cannot listen on " + impl_->opts.listen_host + ":" + std::to_string(impl_->opts.listen_port));
  impl_->guard->RaiseBacklog();
  return port;
}

void Hub::Serve() {
  if (impl_->live) impl_->live->Start();
  if (impl_->server) impl_->server->listen_after_bind();
  if (impl_->live) impl_->live->Stop();  // here, not in Stop(): that may run in a signal handler
}
void Hub::Stop() {
  impl_->bell.Stop();  // console event streams and live pulls end, so their workers can finish
  if (impl_->server) impl_->server->stop();
}

}  // namespace onestop::hub
