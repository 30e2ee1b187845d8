// Transport: one HTTP exchange with the hub, as the sync engine needs it. A transport failure (no
// connection, timeout, truncated body) is an Error; any HTTP status, even 500, is a response.
// CurlTransport is the libcurl implementation; FakeTransport scripts responses for unit tests.
// Nothing here understands the sync protocol or touches the store.
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/result.h"

namespace onestop::offline {

struct HttpRequest {
  std::string method = "GET";  // GET | POST
  std::string path;            // absolute path + query, e.g. "/v1/sync/pull?cursor=0&limit=500"
  std::string body;            // sent as application/json when non-empty or for POST
  std::string bearer_token;    // "Authorization: Bearer ..." when non-empty
  // Per-request limits; 0 = the transport's own. The sync engine's link probe uses short ones so a
  // dead link is noticed (and a healed one found) in about a second, not after the 15 s default.
  int connect_timeout_ms = 0;
  int total_timeout_ms = 0;
  // Extra request headers (name, value), e.g. the terminal's self-report (kiosk/core/terminal_report.h).
  std::vector<std::pair<std::string, std::string>> headers{};
};

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased; last value wins
  std::string body;
  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

// Retry-After (RFC 9110): delta-seconds or an HTTP-date. Returns the wait in ms from `now_utc_ms`
// (never negative), or nullopt when absent or unparseable.
std::optional<int64_t> ParseRetryAfterMs(const std::string& value, int64_t now_utc_ms);

// An HTTP-date (the Date header) as UTC ms, or nullopt.
std::optional<int64_t> ParseHttpDateMs(const std::string& value);

class Transport {
 public:
  virtual ~Transport() = default;
  // Error codes: net.connect, net.timeout, net.error (the link: no answer at all), net.tls (the
  // hub's certificate is not trusted, or our TLS setup is wrong: a configuration problem, not the
  // link), net.too_large. Never throws.
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

struct TransportOptions {
  std::string base_url;  // "http://127.0.0.1:8470" (no trailing slash needed)
  int connect_timeout_ms = 3000;
  int total_timeout_ms = 15000;
  // TLS: the hub's certificate is always verified (peer and host name); verification cannot be
  // turned off. ca_file = a PEM bundle to trust instead of the system store (a hospital CA).
  std::string ca_file;                  // PEM bundle; empty = system default
  std::string client_cert, client_key;  // optional mutual TLS
  size_t max_body_bytes = 64u << 20;    // a larger response is a transport failure, not an OOM
};

// True for the transport errors that mean "no answer reached us" (the link or the hub's socket),
// as opposed to a TLS trust failure or an oversized answer.
bool IsLinkError(const std::string& code);

// libcurl, one easy handle reused for keep-alive. Send() calls are serialised by a mutex.
class CurlTransport final : public Transport {
 public:
  explicit CurlTransport(TransportOptions options);
  ~CurlTransport() override;
  Result<HttpResponse> Send(const HttpRequest& request) override;
  // Points later requests at another hub (a blank tablet enrolled from the console's QR code).
  void SetBaseUrl(std::string base_url);

 private:
  TransportOptions options_;
  std::mutex mu_;
  void* curl_ = nullptr;  // CURL*; void* keeps curl.h out of this header
};

// Test double: each Send() pops the next scripted reply (or calls `handler` when set); every
// request is recorded. Thread-safe.
class FakeTransport final : public Transport {
 public:
  using Reply = Result<HttpResponse>;
  void Push(Reply reply) {
    std::lock_guard lock(mu_);
    replies_.push_back(std::move(reply));
  }
  void PushStatus(int status, std::string body, std::map<std::string, std::string> headers = {}) {
    Push(HttpResponse{status, std::move(headers), std::move(body)});
  }
  void PushFailure(std::string code, std::string message) { Push(Error{std::move(code), std::move(message)}); }
  void SetHandler(std::function<Reply(const HttpRequest&)> handler) {
    std::lock_guard lock(mu_);
    handler_ = std::move(handler);
  }
  Result<HttpResponse> Send(const HttpRequest& request) override {
    std::function<Reply(const HttpRequest&)> handler;
    {
      std::lock_guard lock(mu_);
      requests_.push_back(request);
      if (!replies_.empty()) {
        Reply r = std::move(replies_.front());
        replies_.pop_front();
        return r;
      }
      handler = handler_;
    }
    if (handler) return handler(request);
    return Error{"net.connect", "fake transport: no scripted reply"};
  }
  std::vector<HttpRequest> Requests() {
    std::lock_guard lock(mu_);
    return requests_;
  }
  size_t Pending() {
    std::lock_guard lock(mu_);
    return replies_.size();
  }

 private:
  std::mutex mu_;
  std::deque<Reply> replies_;
  std::vector<HttpRequest> requests_;
  std::function<Reply(const HttpRequest&)> handler_;
};

}  // namespace onestop::offline
