// The hub's request gate: what every request must satisfy before a handler sees it (Host name,
// no Content-Encoding, JSON bodies typed as JSON, a size cap per route that also binds chunked
// bodies) and a per-address rate limiter. It judges headers and sizes only; it never reads records.
#pragma once
#include <httplib.h>

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

namespace onestop::hub {

struct GateOptions {
  // Names (and addresses) clients may use to reach the hub; empty = any Host is accepted.
  // Refusing unknown names stops DNS rebinding from reading the hub through a victim's browser.
  std::vector<std::string> public_names;
};

// Largest request body a route takes (bytes); what the route's clients ever need, and no more.
size_t BodyCap(const std::string& method, const std::string& path);

// Pre-routing checks on the headers alone (the body is not read yet). Handled = answered here with
// a problem and Connection: close.
httplib::Server::HandlerResponse CheckRequest(const GateOptions& gate, const httplib::Request& req,
                                              httplib::Response& res);

// A POST route whose body is read only after `admit` (e.g. authentication) passes, and only up to
// BodyCap: a longer body (chunked ones included) gets 413 and the connection is closed. The body is
// then in req.body for the handler.
using Admit = std::function<bool(const httplib::Request&, httplib::Response&)>;
void PostCapped(httplib::Server& server, const std::string& pattern, httplib::Server::Handler handler,
                Admit admit = nullptr);

// A token bucket per key (client address): `burst` requests at once, then one per `refill_ms`.
// The table is bounded: when it is full, the stalest buckets are forgotten.
class RateLimiter {
 public:
  RateLimiter(int burst, int64_t refill_ms, size_t max_keys = 65536)
      : burst_(burst), refill_ms_(refill_ms), max_keys_(max_keys) {}
  // True when the request may go ahead; otherwise *retry_after_s says when the next one may.
  bool Allow(const std::string& key, int64_t now_ms, int* retry_after_s);

 private:
  struct Bucket {
    double tokens;
    int64_t at_ms;
  };
  const int burst_;
  const int64_t refill_ms_;
  const size_t max_keys_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

// problem+json answer, shared by every hub route (RFC 9457; type under onestop.example/problems/):
// the one writer of a problem body. `extra` members (an object) are added beside the standard ones,
// e.g. {"code": rule code} or the fresh ticket on a 409.
std::string ProblemBody(int status, const std::string& slug, const std::string& title, const std::string& detail,
                        const nlohmann::json& extra = nullptr);
void SendProblem(httplib::Response& res, int status, const std::string& slug, const std::string& title,
                 const std::string& detail, const nlohmann::json& extra = nullptr);

}  // namespace onestop::hub
