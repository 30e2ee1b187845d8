// The web console's JSON API under /v1/console/* (DESIGN §8, issue 13) and the static pages under
// /console/. Sessions come from server/console_auth.h, ticket moves from server/tickets.h (the same
// lifecycle as the CLI), so the page, the API and the CLI can never disagree. It holds no SQL and no
// ticket rules of its own.
#pragma once
#include <httplib.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "kiosk/core/result.h"
#include "server/change_bell.h"
#include "server/console_auth.h"

namespace onestop::hub {

class HubStore;

struct ConsoleOptions {
  bool secure_cookie = false;    // the hub serves TLS: the cookie gets Secure
  int max_streams = 256;         // open event streams at once (each holds a worker thread)
  int heartbeat_ms = 15000;      // comment line on an idle stream; the session is re-checked then
  std::string web_dir;           // the static console (server/web); empty = pages not served
  // Rung by the store when a commit moves the change log: event streams send at once (else within
  // their 1 s poll); stopping it ends every stream. Must outlive the service.
  ChangeBell* bell = nullptr;
};

class ConsoleService {
 public:
  ConsoleService(std::function<HubStore*()> store, std::function<int64_t()> now, ConsoleOptions options);
  ~ConsoleService();
  ConsoleService(const ConsoleService&) = delete;
  ConsoleService& operator=(const ConsoleService&) = delete;

  void Register(httplib::Server& server);

  // For the route files of the other console pages (console_meals.cpp, console_admin.cpp, …): the
  // same session, CSRF (every non-GET) and role check as the desk routes; nullopt = answer already set.
  std::optional<console::Principal> Authenticate(const httplib::Request& req, httplib::Response& res,
                                                 std::initializer_list<std::string_view> roles);
  HubStore& Store();
  int64_t Now();
  // 503 + Retry-After for a store failure (logged, not shown).
  void StoreDown(httplib::Response& res, const Error& e);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// The security headers every /console/ answer carries (also errors): strict CSP without inline
// script, nosniff, no framing, no referrer.
void SetConsolePageHeaders(httplib::Response& res);
// A JSON answer as every console route sends it (no-store).
void SendConsoleJson(httplib::Response& res, const nlohmann::json& j, int status = 200);

}  // namespace onestop::hub
