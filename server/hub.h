// Hub: the onestop-hub HTTP service. Owns the listening socket and routes; storage sits behind
// one interface (SQLite now). It must not block a request on another terminal's work.
#pragma once
#include <memory>
#include <string>

namespace onestop::hub {

struct HubOptions {
  std::string listen_host = "127.0.0.1";
  int listen_port = 8470;  // 0 = pick a free port (tests)
  std::string db_path = "hub.db";
};

class Hub {
 public:
  explicit Hub(HubOptions options);
  ~Hub();
  // Binds the socket; returns the bound port or -1 (message in *error).
  int Bind(std::string* error);
  // Serves until Stop(); call after Bind().
  void Serve();
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace onestop::hub
