// Connection guard for the hub's HTTP server: deadlines for headers and bodies, a per-address
// connection cap, a listen backlog and an elastic worker pool, so that a few slow or hostile
// clients cannot hold every worker (slowloris). It knows nothing of routes or records.
#pragma once
#include <httplib.h>

#include <cstdint>
#include <memory>
#include <string>

namespace onestop::hub {

struct GuardLimits {
  int max_conns_per_address = 64;  // connections one client address may hold open at once
  int header_timeout_ms = 10000;   // from accept (or the end of the previous response) to the last header
  size_t max_header_bytes = 64 * 1024;  // request line + headers; more cuts the connection
  int body_timeout_ms = 60000;     // from the last header to the end of the response
  int keep_alive_idle_s = 5;       // an idle keep-alive connection is closed after this
  size_t min_threads = 8;
  size_t max_threads = 1024;       // a blocked reader costs a thread, not a core: threads are cheap, workers are not
  int listen_backlog = 1024;
};

struct GuardStats {
  uint64_t refused_per_address = 0;  // connections closed because their address held too many
  uint64_t timed_out = 0;            // connections cut by a header or body deadline
  size_t open = 0;                   // connections being served now
  size_t threads = 0;                // worker threads alive now
};

class ConnectionGuard;

// Builds an httplib server (TLS when cert and key are given) whose connections run under the guard.
// Returns nullptr with *error set when TLS material cannot be loaded.
std::unique_ptr<httplib::Server> MakeGuardedServer(const GuardLimits& limits, const std::string& tls_cert,
                                                   const std::string& tls_key, std::shared_ptr<ConnectionGuard>* guard,
                                                   std::string* error);

class ConnectionGuard {
 public:
  explicit ConnectionGuard(GuardLimits limits);
  ~ConnectionGuard();
  ConnectionGuard(const ConnectionGuard&) = delete;
  ConnectionGuard& operator=(const ConnectionGuard&) = delete;

  // Called on the worker thread that serves the current connection (from httplib's handlers).
  // The headers are in: the body (and the handler) now run under the body deadline.
  static void HeadersDone();
  // The current request is a long-lived stream (Server-Sent Events): lift its body deadline. The
  // connection is back under deadlines after the response (ResponseDone). Bound such streams elsewhere.
  static void LongLived();
  // The response has been written: the connection waits for its next request under the header deadline.
  static void ResponseDone();
  // The current request is answered without reading its body: end the connection after the answer.
  static void CloseAfterResponse();

  // The worker pool for one server run (httplib owns and deletes it).
  httplib::TaskQueue* NewPool();
  // Call after binding: raises the listen backlog of the bound socket (httplib's compiled default is 5).
  void RaiseBacklog() const;
  GuardStats Stats() const;

  // Internal to the guarded server: admission and release of one accepted socket.
  struct Conn;
  Conn* Admit(int fd, bool* refused);
  void Release(Conn* c);

 private:
  void Watch();
  struct State;
  friend std::unique_ptr<httplib::Server> MakeGuardedServer(const GuardLimits&, const std::string&, const std::string&,
                                                            std::shared_ptr<ConnectionGuard>*, std::string*);
  GuardLimits limits_;
  std::unique_ptr<State> state_;
};

}  // namespace onestop::hub
