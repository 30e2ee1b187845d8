// Hub: the onestop-hub HTTP service (DESIGN §4). Owns the listening socket and routes; storage sits
// behind HubStore (SQLite or PostgreSQL, server/store.h). It must not block a request on another terminal's work, and it
// never answers an error without an application/problem+json body.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/core/clock.h"
#include "kiosk/core/result.h"
#include "server/http_guard.h"

namespace onestop::hub {

class HubStore;

// Data bytes one pull page carries at most (besides the count limit): a page of dish photos stays
// far below a kiosk's response cap (offline/http_transport.h, 64 MiB) and the hub's memory per
// request small. One change larger than this still travels alone on its own page.
inline constexpr size_t kPullPageBytes = 4u << 20;

struct HubOptions {
  std::string listen_host = "127.0.0.1";
  int listen_port = 8470;  // 0 = pick a free port (tests)
  std::string db_path = "hub.db";
  bool demo_data = false;  // fill an empty database with the deterministic demo data set
  int threads = 16;        // HTTP worker threads kept ready; the pool grows under load (see long_poll_max)
  GuardLimits guard;       // connection deadlines, per-address cap, backlog (server/http_guard.h)
  // TLS: both set = the hub serves HTTPS itself (PEM files); both empty = plain HTTP (behind a proxy).
  std::string tls_cert, tls_key;
  // Host names clients use; when set, requests naming another Host get 421 (DNS rebinding).
  std::vector<std::string> public_names;
  // Bearer token for the meal review and kitchen routes until console sign-in exists; empty = those
  // routes answer 403 to everyone (no client is trusted for its address).
  std::string admin_token;
  // Enrollment attempts per client address: a burst, then one per enroll_refill_ms.
  int enroll_burst = 10;
  int64_t enroll_refill_ms = 6000;
  // Fault injection for tests: this share of /v1/sync/* requests gets one of fault_kinds
  // ("500", "503" with Retry-After, "slow" = answered after fault_slow_ms, "reset" = connection
  // dropped after the headers). fault_seed makes the choice reproducible.
  double fault_rate = 0.0;
  std::vector<std::string> fault_kinds = {"500", "503", "slow", "reset"};
  uint64_t fault_seed = 1;
  int fault_slow_ms = 1500;
  const Clock* clock = nullptr;  // nullptr = system clock
  // Web console (issue 13): static pages under /console/ from here (empty = not served).
  std::string web_dir = ONESTOP_WEB_DIR;
  int console_max_streams = 256;  // open event streams at once
  size_t pull_page_bytes = kPullPageBytes;  // data bytes per pull page (tests lower it)
  // Live pulls (wait=S) held at once. httplib serves a connection on one worker thread, so each held
  // pull (and each terminal's keep-alive pull connection between polls) holds one; the pool's cap is
  // therefore guard.max_threads + long_poll_max, and held pulls never take the workers pushes, enrollment
  // and the console need (issue 18: at 512/1024, 2,000 terminals starved every push). A held pull costs
  // about 20 KiB of RSS (docs/benchmarks.md "Issue 18: load"), so 4,096 are ~80 MiB at most.
  // Beyond it a pull answers at once with a granted wait of 0.
  int long_poll_max = 4096;
};

// Typical use (tests too):
//   Hub hub(opts); int port = hub.Bind(&err);       // opens the DB, binds; port 0 → a free port
//   std::thread t([&] { hub.Serve(); }); ... hub.Stop(); t.join();
class Hub {
 public:
  explicit Hub(HubOptions options);
  ~Hub();
  Hub(const Hub&) = delete;
  Hub& operator=(const Hub&) = delete;
  // Opens (creates, migrates, optionally fills) the database and binds the socket; returns the
  // bound port or -1 (message in *error).
  int Bind(std::string* error);
  // Serves until Stop(); call after Bind().
  void Serve();
  void Stop();
  // The open store (after Bind), for the CLI and tests.
  HubStore* store();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Token handling: the hub keeps only this hash (BLAKE2b-256, hex) of a terminal's bearer token.
std::string HashToken(const std::string& token);
// A fresh one-time enrollment code ("XXXXX-XXXXX" from 32 unambiguous letters and digits; the hub
// compares codes without case and dashes, protocol::NormalizeEnrollCode).
std::string NewEnrollCode();
// Stores a one-time enrollment code for a binding; valid for ttl_ms from now_ms.
Status AddEnrollCode(HubStore& store, const std::string& code, const std::string& kind, const std::string& location,
                     int64_t now_ms, int64_t ttl_ms);

}  // namespace onestop::hub
