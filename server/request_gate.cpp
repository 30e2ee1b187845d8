// Request gate (see request_gate.h): header checks before any body is read, capped body reading,
// and the per-address token bucket. Every refusal is problem+json and closes the connection when
// the body was left unread. No route logic lives here.
#include "server/request_gate.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>

#include "kiosk/core/protocol.h"
#include "server/http_guard.h"

namespace onestop::hub {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// "name:port", "[v6]:port", "name" -> name, lower-cased.
std::string HostName(const std::string& host) {
  if (!host.empty() && host.front() == '[') {
    const auto close = host.find(']');
    return Lower(host.substr(0, close == std::string::npos ? host.size() : close + 1));
  }
  const auto colon = host.rfind(':');
  return Lower(colon == std::string::npos ? host : host.substr(0, colon));
}

bool IsJsonMediaType(const std::string& content_type) {
  const std::string t = Lower(content_type.substr(0, content_type.find(';')));
  const auto b = t.find_first_not_of(" \t"), e = t.find_last_not_of(" \t");
  return b != std::string::npos && t.substr(b, e - b + 1) == "application/json";
}

// Removes the "br" coding from every Accept-Encoding value (httplib picks Brotli on any "br" in it).
void DropBrotli(httplib::Headers& headers) {
  auto [b, e] = headers.equal_range("Accept-Encoding");
  for (auto it = b; it != e; ++it) {
    std::string kept;
    std::stringstream in(it->second);
    for (std::string part; std::getline(in, part, ',');) {
      const auto first = part.find_first_not_of(" \t");
      const std::string name = first == std::string::npos ? "" : Lower(part.substr(first, part.find(';') - first));
      if (name.empty() || name.rfind("br", 0) == 0) continue;
      kept += (kept.empty() ? "" : ", ") + part.substr(first);
    }
    it->second = kept.empty() ? "identity" : kept;
  }
}

httplib::Server::HandlerResponse Refuse(httplib::Response& res, int status, const std::string& slug,
                                        const std::string& title, const std::string& detail) {
  SendProblem(res, status, slug, title, detail);
  res.set_header("Connection", "close");  // the body, if any, was not read
  ConnectionGuard::CloseAfterResponse();
  return httplib::Server::HandlerResponse::Handled;
}

}  // namespace

std::string ProblemBody(int status, const std::string& slug, const std::string& title, const std::string& detail,
                        const nlohmann::json& extra) {
  nlohmann::json p = protocol::ToJson(protocol::Problem{"https://onestop.example/problems/" + slug, title, status, detail});
  if (extra.is_object())
    for (const auto& [k, v] : extra.items()) p[k] = v;
  // replace: a detail quoting client text must never throw while answering.
  return p.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void SendProblem(httplib::Response& res, int status, const std::string& slug, const std::string& title,
                 const std::string& detail, const nlohmann::json& extra) {
  res.status = status;
  res.set_content(ProblemBody(status, slug, title, detail, extra), "application/problem+json");
}

size_t BodyCap(const std::string& method, const std::string& path) {
  if (method != "POST" && method != "PUT" && method != "PATCH") return 0;
  if (path == "/v1/enroll") return 4 * 1024;
  // A full batch, plus room for a photo (<= 150 KiB, base64) riding in a record at the edge.
  if (path == "/v1/sync/push") return static_cast<size_t>(protocol::kMaxPushBytes) + 256 * 1024;
  // Console (issue 13): completing a job may carry a photo (<= 150 KiB JPEG, base64) and a note.
  if (path.rfind("/v1/console/tickets/", 0) == 0 && path.size() > 11 && path.ends_with("/transition")) return 256 * 1024;
  // Console (issue 14): a dish photo (<= 256 KiB JPEG, base64 = 342 KiB); room above that so a photo
  // somewhat too large still reaches the route and gets its own coded refusal.
  if (path.rfind("/v1/console/admin/dishes/", 0) == 0 && path.ends_with("/photo")) return 512 * 1024;
  // A sign-in or any other transition with a note (<= 500 characters) is far below this.
  if (path.rfind("/v1/console/", 0) == 0) return 8 * 1024;
  return 16 * 1024;
}

httplib::Server::HandlerResponse CheckRequest(const GateOptions& gate, const httplib::Request& req,
                                              httplib::Response& res) {
  ConnectionGuard::HeadersDone();
  if (!gate.public_names.empty()) {
    const std::string host = HostName(req.get_header_value("Host"));
    const bool known = std::any_of(gate.public_names.begin(), gate.public_names.end(),
                                   [&](const std::string& n) { return Lower(n) == host; });
    if (!known)
      return Refuse(res, 421, "unknown-host", "Misdirected Request",
                    "this hub answers only to its configured names (hub.public_names)");
  }
  if (req.has_header("Content-Encoding") && Lower(req.get_header_value("Content-Encoding")) != "identity")
    return Refuse(res, 415, "content-encoding", "Unsupported Media Type",
                  "compressed request bodies are not accepted; send the body uncompressed");
  const bool chunked = req.has_header("Transfer-Encoding");
  if (chunked && Lower(req.get_header_value("Transfer-Encoding")) != "chunked")
    return Refuse(res, 501, "transfer-encoding", "Not Implemented", "only chunked transfer coding is understood");
  if (chunked && req.has_header("Content-Length"))
    return Refuse(res, 400, "bad-request", "Bad Request", "Content-Length and Transfer-Encoding together");
  // Debian's httplib answers `Accept-Encoding: br` with Brotli at quality 11: 6.2 s for the 5 MB
  // board list of 5,000 tickets on 2 cores, against 25 ms for gzip (docs/benchmarks.md, Console).
  // Every browser offers br; taking it out of the header leaves them gzip.
  if (req.has_header("Accept-Encoding")) DropBrotli(const_cast<httplib::Request&>(req).headers);
  const size_t cap = BodyCap(req.method, req.path);
  size_t length = 0;
  if (req.has_header("Content-Length")) {
    const std::string v = req.get_header_value("Content-Length");
    if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos)
      return Refuse(res, 400, "bad-request", "Bad Request", "Content-Length must be a decimal number");
    length = std::stoull(v);
  }
  if (length > cap)
    return Refuse(res, 413, "body-too-large", "Payload Too Large",
                  "this route takes at most " + std::to_string(cap) + " bytes");
  if ((length > 0 || chunked) && !IsJsonMediaType(req.get_header_value("Content-Type")))
    return Refuse(res, 415, "content-type", "Unsupported Media Type", "request bodies must be application/json");
  return httplib::Server::HandlerResponse::Unhandled;
}

void PostCapped(httplib::Server& server, const std::string& pattern, httplib::Server::Handler handler, Admit admit) {
  server.Post(pattern, [handler = std::move(handler), admit = std::move(admit)](
                           const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read) {
    if (admit && !admit(req, res)) {
      res.set_header("Connection", "close");  // the body stays unread
      ConnectionGuard::CloseAfterResponse();
      return;
    }
    const size_t cap = BodyCap(req.method, req.path);
    std::string body;
    bool over = false;
    read([&](const char* data, size_t n) {
      if (body.size() + n > cap) {
        over = true;
        return false;  // stop reading: the rest of a chunked body never reaches memory
      }
      body.append(data, n);
      return true;
    });
    if (over) {
      SendProblem(res, 413, "body-too-large", "Payload Too Large",
                  "this route takes at most " + std::to_string(cap) + " bytes");
      res.set_header("Connection", "close");
      ConnectionGuard::CloseAfterResponse();
      return;
    }
    // httplib owns req and leaves body empty for content-reader routes; handlers read req.body.
    const_cast<httplib::Request&>(req).body = std::move(body);
    handler(req, res);
  });
}

bool RateLimiter::Allow(const std::string& key, int64_t now_ms, int* retry_after_s) {
  std::lock_guard lock(mu_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_) {
      // Forget buckets that have refilled completely (they carry no information), else the oldest.
      for (auto b = buckets_.begin(); b != buckets_.end();)
        b = (now_ms - b->second.at_ms) >= burst_ * refill_ms_ ? buckets_.erase(b) : std::next(b);
      if (buckets_.size() >= max_keys_)
        buckets_.erase(std::min_element(buckets_.begin(), buckets_.end(),
                                        [](const auto& a, const auto& b) { return a.second.at_ms < b.second.at_ms; }));
    }
    it = buckets_.emplace(key, Bucket{static_cast<double>(burst_), now_ms}).first;
  }
  Bucket& b = it->second;
  b.tokens = std::min<double>(burst_, b.tokens + static_cast<double>(now_ms - b.at_ms) / static_cast<double>(refill_ms_));
  b.at_ms = now_ms;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return true;
  }
  *retry_after_s = static_cast<int>(std::ceil((1.0 - b.tokens) * static_cast<double>(refill_ms_) / 1000.0));
  if (*retry_after_s < 1) *retry_after_s = 1;
  return false;
}

}  // namespace onestop::hub
