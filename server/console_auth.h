// Web console accounts, sessions and the audit log (DESIGN §8, issue 13): the `users` CLI and the
// console's sign-in use these. Passwords are hashed with Argon2id and wiped; sessions and CSRF
// tokens are kept only as hashes. Nothing here speaks HTTP, and nothing here ever logs or audits a
// password or a token.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.h"
#include "server/store.h"

namespace onestop::hub::console {

// Roles, spelled once: desk, worker, kitchen, dietitian, manager, admin.
inline constexpr std::string_view kRoleDesk = "desk";
inline constexpr std::string_view kRoleWorker = "worker";
inline constexpr std::string_view kRoleKitchen = "kitchen";
inline constexpr std::string_view kRoleDietitian = "dietitian";
inline constexpr std::string_view kRoleManager = "manager";
inline constexpr std::string_view kRoleAdmin = "admin";
const std::vector<std::string_view>& Roles();
bool IsRole(std::string_view r);
bool HasRole(const ConsoleUserRow& u, std::string_view role);

inline constexpr int kMaxFailedLogins = 5;               // wrong passwords in a row before a lock
inline constexpr int64_t kLockMs = 5 * 60 * 1000;        // how long the lock holds
inline constexpr int64_t kIdleMs = 30 * 60 * 1000;       // a session ends after this long without a request
inline constexpr int64_t kTouchEveryMs = 60 * 1000;      // last_seen is written at most this often
inline constexpr size_t kMinPasswordBytes = 8;
inline constexpr size_t kMaxPasswordBytes = 256;
inline constexpr std::string_view kDemoPassword = "onestop-demo";

// Codes: user.bad_name, user.bad_role, user.worker_needs_staff, user.unknown_staff, user.exists,
// user.unknown, password.bad_length, password.hash_failed, plus store.*.
Status ValidateUserName(std::string_view name);
Result<std::string> HashPassword(std::string_view password);

// Account changes. `actor` goes to the audit row ("cli:<login>" from the command line).
Status AddUser(HubStore& store, const std::string& name, std::string_view password, const std::vector<std::string>& roles,
               const std::string& staff_id, const std::string& actor, int64_t now_ms);
// A new password ends the user's sessions and lifts a lock.
Status SetPassword(HubStore& store, const std::string& name, std::string_view password, const std::string& actor,
                   int64_t now_ms);
// Disabling ends the user's sessions; enabling lifts a lock.
Status SetDisabled(HubStore& store, const std::string& name, bool disabled, const std::string& actor, int64_t now_ms);
// Replaces the roles (and the worker's staff id when given).
Status SetRoles(HubStore& store, const std::string& name, const std::vector<std::string>& roles,
                const std::optional<std::string>& staff_id, const std::string& actor, int64_t now_ms);
// Audit row in its own transaction (for actions whose change committed elsewhere).
Status Audit(HubStore& store, AuditRow row);

// --demo-data: desk, kitchen, dietitian, manager, admin and one worker per demo team lead (named
// after the lead's staff id, e.g. "s0001"), password onestop-demo. Creates only missing accounts;
// returns how many it created.
Result<int> EnsureDemoUsers(HubStore& store, int64_t now_ms);

// Sign-in. Codes: auth.bad_credentials (unknown user, wrong password or disabled: the same answer),
// auth.locked (*retry_after_s set).
struct SignedIn {
  std::string token;  // the cookie value (only its hash is stored)
  std::string csrf;   // the X-CSRF-Token value (only its hash is stored)
  ConsoleUserRow user;
};
Result<SignedIn> SignIn(HubStore& store, const std::string& name, std::string_view password, int64_t now_ms,
                        int* retry_after_s);

// A request's session: auth.no_session when the token is unknown, expired (idle) or the user is
// disabled. Refreshes last_seen at most once a minute (unless touch is false: the event stream
// must not keep a session alive by itself).
struct Principal {
  ConsoleUserRow user;
  ConsoleSessionRow session;
  std::string team;  // a worker's team from the staff master data
};
Result<Principal> CheckSession(HubStore& store, const std::string& token, int64_t now_ms, bool touch = true);
bool CsrfMatches(const ConsoleSessionRow& s, std::string_view csrf);
// The CSRF token of a session, derived from its cookie token (keyed BLAKE2b), so a page opened in a
// new tab can ask for it again (GET /v1/console/session, same-origin only) without a second secret.
std::string CsrfFor(const std::string& token);
Status SignOut(HubStore& store, const std::string& token, int64_t now_ms);

}  // namespace onestop::hub::console
