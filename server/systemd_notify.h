// systemd service notifications for `onestop-hub serve`: READY=1 once the database is open and the
// port bound, STOPPING=1 on the way out, and WATCHDOG=1 only while a loopback probe proves that the
// server still answers. Every call is a no-op when NOTIFY_SOCKET is unset (a shell, a test, a
// container); nothing here may block serving or touch the database.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace onestop::hub::systemd {

// Sends one notification line (e.g. "READY=1\nSTATUS=serving on :8470"); false when there is no
// notify socket or sending failed.
bool Notify(const std::string& state);

// The service's WatchdogSec (0 when the watchdog is off or the process is not the one systemd
// watches).
std::chrono::microseconds WatchdogInterval();

// Probes the server every half WatchdogSec (or `every`, for tests) and sends WATCHDOG=1 after each
// probe that succeeds. A failing probe sends nothing, so systemd kills and restarts a hung hub after
// WatchdogSec. The thread ends in the destructor.
class Watchdog {
 public:
  Watchdog(std::chrono::microseconds every, std::function<bool()> probe);
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

 private:
  void Run();
  std::chrono::microseconds every_;
  std::function<bool()> probe_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

// A probe that asks GET /v1/health on the hub's own port over loopback (HTTPS when `tls`, without
// verifying the certificate: it only proves that this process answers). Any answer below 500 counts;
// a refused, timed-out or 5xx request does not.
std::function<bool()> LoopbackHealthProbe(const std::string& listen_host, int port, bool tls);

}  // namespace onestop::hub::systemd
