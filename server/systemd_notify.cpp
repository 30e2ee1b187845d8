// systemd notifications and the watchdog thread of `onestop-hub serve` (see systemd_notify.h).
// Talks only to NOTIFY_SOCKET and the hub's own loopback port; never to the database.
#include "server/systemd_notify.h"

#include <httplib.h>
#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

namespace onestop::hub::systemd {

bool Notify(const std::string& state) {
  // sd_notify returns 0 without NOTIFY_SOCKET: nothing to do outside systemd.
  return sd_notify(0, state.c_str()) > 0;
}

std::chrono::microseconds WatchdogInterval() {
  uint64_t usec = 0;
  // Checks WATCHDOG_PID against our pid too, so a child that inherited the environment stays quiet.
  if (sd_watchdog_enabled(0, &usec) <= 0) return std::chrono::microseconds(0);
  return std::chrono::microseconds(usec);
}

Watchdog::Watchdog(std::chrono::microseconds every, std::function<bool()> probe)
    : every_(every), probe_(std::move(probe)) {
  if (every_.count() > 0) thread_ = std::thread([this] { Run(); });
}

Watchdog::~Watchdog() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Watchdog::Run() {
  int failures = 0;
  std::unique_lock lock(mu_);
  while (!stop_) {
    lock.unlock();
    const bool alive = probe_();
    lock.lock();
    if (stop_) break;
    if (alive) {
      if (failures > 0) spdlog::info("watchdog: the hub answers again after {} failed probe(s)", failures);
      failures = 0;
      Notify("WATCHDOG=1");
    } else if (++failures == 1) {
      // Once, not at every probe: systemd restarts the service if this goes on past WatchdogSec.
      spdlog::warn("watchdog: the hub did not answer its health probe; not telling systemd it is alive");
    }
    cv_.wait_for(lock, every_, [this] { return stop_; });
  }
}

std::function<bool()> LoopbackHealthProbe(const std::string& listen_host, int port, bool tls) {
  // A wildcard address is reached through loopback of the same family.
  std::string host = listen_host;
  if (host.empty() || host == "0.0.0.0") host = "127.0.0.1";
  if (host == "::" || host == "[::]") host = "::1";
  return [host, port, tls]() -> bool {
    auto ask = [&](httplib::ClientImpl& c) {
      c.set_connection_timeout(std::chrono::seconds(2));
      c.set_read_timeout(std::chrono::seconds(3));
      c.set_write_timeout(std::chrono::seconds(2));
      auto res = c.Get("/v1/health");
      return res && res->status > 0 && res->status < 500;
    };
    if (tls) {
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
      httplib::SSLClient c(host, port);
      c.enable_server_certificate_verification(false);
      return ask(c);
#else
      return false;
#endif
    }
    httplib::ClientImpl c(host, port);
    return ask(c);
  };
}

}  // namespace onestop::hub::systemd
