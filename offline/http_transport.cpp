// CurlTransport: libcurl easy handle with connect/total timeouts, keep-alive reuse, optional TLS
// client certificates, no proxy for loopback. Maps curl failures to transport errors; any HTTP
// status is returned as a response. Never logs request or response bodies (patient data).
#include "offline/http_transport.h"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <mutex>

namespace onestop::offline {
namespace {

std::once_flag g_curl_init;

struct Sink {
  std::string* body;
  size_t limit;
  bool overflow = false;
};

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const size_t len = size * n;
  if (sink->body->size() + len > sink->limit) {
    sink->overflow = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  sink->body->append(data, len);
  return len;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* headers = static_cast<std::map<std::string, std::string>*>(user);
  const size_t len = size * n;
  std::string line(data, len);
  // A new status line (after 100-continue or a redirect) starts a fresh header set.
  if (line.rfind("HTTP/", 0) == 0) {
    headers->clear();
    return len;
  }
  const auto colon = line.find(':');
  if (colon == std::string::npos) return len;
  std::string name = line.substr(0, colon);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  std::string value = line.substr(colon + 1);
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  value.erase(value.begin(), std::find_if(value.begin(), value.end(), not_space));
  value.erase(std::find_if(value.rbegin(), value.rend(), not_space).base(), value.end());
  (*headers)[name] = value;
  return len;
}

}  // namespace

std::optional<int64_t> ParseRetryAfterMs(const std::string& value, int64_t now_utc_ms) {
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); })) {
    if (value.size() > 9) return int64_t{999999999} * 1000;  // absurdly long; the caller caps it
    return static_cast<int64_t>(std::stoll(value)) * 1000;
  }
  // HTTP-date (IMF-fixdate and the obsolete forms): curl_getdate parses them all.
  const time_t t = curl_getdate(value.c_str(), nullptr);
  if (t < 0) return std::nullopt;
  const int64_t wait = static_cast<int64_t>(t) * 1000 - now_utc_ms;
  return wait > 0 ? wait : 0;
}

bool IsLinkError(const std::string& code) {
  return code == "net.connect" || code == "net.timeout" || code == "net.error";
}

std::optional<int64_t> ParseHttpDateMs(const std::string& value) {
  if (value.empty()) return std::nullopt;
  const time_t t = curl_getdate(value.c_str(), nullptr);
  if (t < 0) return std::nullopt;
  return static_cast<int64_t>(t) * 1000;
}

CurlTransport::CurlTransport(TransportOptions options) : options_(std::move(options)) {
  std::call_once(g_curl_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  SetBaseUrl(options_.base_url);
  curl_ = curl_easy_init();
}

void CurlTransport::SetBaseUrl(std::string base_url) {
  while (!base_url.empty() && base_url.back() == '/') base_url.pop_back();
  std::lock_guard lock(mu_);  // Send reads it under the same lock, on the sync engine's thread
  options_.base_url = std::move(base_url);
}

CurlTransport::~CurlTransport() {
  if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

Result<HttpResponse> CurlTransport::Send(const HttpRequest& request) {
  std::lock_guard lock(mu_);
  auto* curl = static_cast<CURL*>(curl_);
  if (!curl) return Error{"net.error", "libcurl could not be initialised"};
  // Reset clears per-request options but keeps the connection cache: keep-alive survives.
  curl_easy_reset(curl);
  const std::string url = options_.base_url + request.path;
  HttpResponse response;
  Sink sink{&response.body, options_.max_body_bytes};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // worker threads: no SIGALRM for DNS timeouts
  const int connect_ms = request.connect_timeout_ms > 0 ? request.connect_timeout_ms : options_.connect_timeout_ms;
  const int total_ms = request.total_timeout_ms > 0 ? request.total_timeout_ms : options_.total_timeout_ms;
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect_ms));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(total_ms));
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
  // A hospital proxy must never see loopback traffic (tests, a hub on the same box).
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "127.0.0.1,localhost,::1");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
  // Stated explicitly (they are libcurl's defaults) so no later edit or build option can quietly
  // trust any certificate: the token and patient data go over this connection.
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_file.c_str());
  if (!options_.client_cert.empty()) curl_easy_setopt(curl, CURLOPT_SSLCERT, options_.client_cert.c_str());
  if (!options_.client_key.empty()) curl_easy_setopt(curl, CURLOPT_SSLKEY, options_.client_key.c_str());

  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Accept: application/json, application/problem+json");
  // No "Expect: 100-continue" round trip for batches over 1 KiB.
  headers = curl_slist_append(headers, "Expect:");
  std::string auth;
  if (!request.bearer_token.empty()) {
    auth = "Authorization: Bearer " + request.bearer_token;
    headers = curl_slist_append(headers, auth.c_str());
  }
  // curl_slist_append copies each line.
  for (const auto& [name, value] : request.headers) headers = curl_slist_append(headers, (name + ": " + value).c_str());
  if (request.method == "POST") {
    headers = curl_slist_append(headers, "Content-Type: application/json");
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  } else if (request.method != "GET") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);

  const CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  if (rc != CURLE_OK) {
    if (sink.overflow)
      return Error{"net.too_large", "response from " + url + " exceeded " + std::to_string(options_.max_body_bytes) + " bytes"};
    std::string code = "net.error";
    if (rc == CURLE_OPERATION_TIMEDOUT) code = "net.timeout";
    else if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST) code = "net.connect";
    else if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE || rc == CURLE_SSL_CERTPROBLEM ||
             rc == CURLE_SSL_CONNECT_ERROR || rc == CURLE_SSL_ISSUER_ERROR || rc == CURLE_SSL_CRL_BADFILE) {
      // An untrusted or mismatched certificate is a configuration problem: say what to check.
      return Error{"net.tls", std::string("TLS with the hub failed: ") + curl_easy_strerror(rc) + " (" + url +
                                  "); check [hub] ca_file and that the URL's host name matches the hub's certificate"};
    }
    return Error{code, std::string(curl_easy_strerror(rc)) + " (" + url + ")"};
  }
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);
  spdlog::debug("http {} {} -> {} ({} bytes)", request.method, request.path, response.status, response.body.size());
  return response;
}

}  // namespace onestop::offline
