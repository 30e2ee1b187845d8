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
#include <vector>

#include "kiosk/core/result.h"

namespace onestop::offline {

struct HttpRequest {
  std::string method = "GET";  // GET | POST
  std::string path;            // absolute path + query, e.g. "/v1/sync/pull?cursor=0&limit=500"
  std::string body;            // sent as application/json when non-empty or for POST
  std::string bearer_token;    // "Authorization: Bearer ..." when non-empty
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
  // Error codes: net.connect, net.timeout, net.too_large, net.error. Never throws.
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

struct TransportOptions {
  std::string base_url;  // "http://127.0.0.1:8470" (no trailing slash needed)
  int connect_timeout_ms = 3000;
  int total_timeout_ms = 15000;
  std::string ca_file;                  // PEM bundle; empty = system default
  std::string client_cert, client_key;  // optional mutual TLS
  size_t max_body_bytes = 64u << 20;    // a larger response is a transport failure, not an OOM
};

// libcurl, one easy handle reused for keep-alive. Send() calls are serialised by a mutex.
class CurlTransport final : public Transport {
 public:
  explicit CurlTransport(TransportOptions options);
  ~CurlTransport() override;
  Result<HttpResponse> Send(const HttpRequest& request) override;

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
