// Console accounts, sign-in with lockout, idle-expiring sessions and audit rows (see console_auth.h).
// Passwords live only in the caller's buffers and a local hash call; tokens leave this file only to
// be set as the cookie and the CSRF answer. Audit rows name users and roles, never secrets.
#include "server/console_auth.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "server/hub.h"

namespace onestop::hub::console {
namespace {
using nlohmann::json;

std::string RandomToken() {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  std::string s(sizeof raw * 2 + 1, '\0');
  sodium_bin2hex(s.data(), s.size(), raw, sizeof raw);
  s.pop_back();
  return s;
}

json UserJson(const ConsoleUserRow& u) {
  return {{"roles", u.roles}, {"staff_id", u.staff_id}, {"disabled", u.disabled}};
}

Status CheckRoles(HubTx& tx, const std::vector<std::string>& roles, const std::string& staff_id) {
  if (roles.empty()) return Error{"user.bad_role", "give at least one role (desk, worker, kitchen, dietitian, manager, admin)"};
  for (const auto& r : roles)
    if (!IsRole(r)) return Error{"user.bad_role", "unknown role \"" + r + "\" (desk, worker, kitchen, dietitian, manager, admin)"};
  const bool worker = std::find(roles.begin(), roles.end(), kRoleWorker) != roles.end();
  if (worker && staff_id.empty()) return Error{"user.worker_needs_staff", "a worker account needs --staff STAFF_ID"};
  if (!staff_id.empty() && tx.CountMaster("staff") > 0 && !tx.GetMaster("staff", staff_id))
    return Error{"user.unknown_staff", "no staff member " + staff_id + " in the hub's master data"};
  return Ok{};
}

// Changes one stored user inside a transaction and audits it with before -> after.
template <class F>
Status ChangeUser(HubStore& store, const std::string& name, const std::string& action, const std::string& actor,
                  int64_t now_ms, bool end_sessions, F&& change) {
  auto tx = store.Begin();
  if (!tx) return tx.error();
  HubTx& t = *tx.value();
  auto u = t.GetConsoleUser(name);
  if (!t.ok()) return Error{"store.tx", "cannot read user " + name};
  if (!u) return Error{"user.unknown", "no console user " + name + " (see `users list`)"};
  const json before = UserJson(*u);
  if (auto s = change(t, *u); !s) return s;
  u->updated_ms = now_ms;
  t.PutConsoleUser(*u);
  if (end_sessions) t.DeleteConsoleSessionsOf(name);
  t.AddAudit(AuditRow{0, now_ms, actor, action, name, before, UserJson(*u)});
  return t.Commit();
}

// Spends the same time as a real check when the user does not exist, so timing does not tell
// which names have accounts.
void DummyVerify(std::string_view password) {
  static const std::string dummy = [] {
    auto h = HashPassword("not-a-real-password");
    return h ? h.value() : std::string();
  }();
  if (dummy.empty()) return;
  const int r = crypto_pwhash_str_verify(dummy.c_str(), password.data(), password.size());
  (void)r;  // the answer is "no such user" whatever this says
}

}  // namespace

const std::vector<std::string_view>& Roles() {
  static const std::vector<std::string_view> k = {kRoleDesk, kRoleWorker, kRoleKitchen, kRoleDietitian, kRoleManager, kRoleAdmin};
  return k;
}
bool IsRole(std::string_view r) { return std::find(Roles().begin(), Roles().end(), r) != Roles().end(); }
bool HasRole(const ConsoleUserRow& u, std::string_view role) {
  return std::find(u.roles.begin(), u.roles.end(), role) != u.roles.end();
}

Status ValidateUserName(std::string_view name) {
  if (name.empty() || name.size() > 64 ||
      name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != std::string_view::npos)
    return Error{"user.bad_name", "a user name is 1-64 letters, digits, '.', '_' or '-'"};
  return Ok{};
}

Result<std::string> HashPassword(std::string_view password) {
  if (password.size() < kMinPasswordBytes || password.size() > kMaxPasswordBytes)
    return Error{"password.bad_length", "a password must be " + std::to_string(kMinPasswordBytes) + " to " +
                                            std::to_string(kMaxPasswordBytes) + " bytes long"};
  if (sodium_init() < 0) return Error{"password.hash_failed", "libsodium failed to initialise"};
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return Error{"password.hash_failed", "hashing the password failed (out of memory?)"};
  return std::string(out);
}

Status AddUser(HubStore& store, const std::string& name, std::string_view password, const std::vector<std::string>& roles,
               const std::string& staff_id, const std::string& actor, int64_t now_ms) {
  if (auto s = ValidateUserName(name); !s) return s;
  auto hash = HashPassword(password);
  if (!hash) return hash.error();
  auto tx = store.Begin();
  if (!tx) return tx.error();
  HubTx& t = *tx.value();
  if (auto s = CheckRoles(t, roles, staff_id); !s) return s;
  if (t.GetConsoleUser(name)) return Error{"user.exists", "console user " + name + " exists already (use set-password or roles)"};
  ConsoleUserRow u{name, hash.value(), roles, staff_id, false, 0, 0, now_ms, now_ms};
  t.PutConsoleUser(u);
  t.AddAudit(AuditRow{0, now_ms, actor, "user.add", name, nullptr, UserJson(u)});
  return t.Commit();
}

Status SetPassword(HubStore& store, const std::string& name, std::string_view password, const std::string& actor,
                   int64_t now_ms) {
  auto hash = HashPassword(password);
  if (!hash) return hash.error();
  return ChangeUser(store, name, "user.set_password", actor, now_ms, true, [&](HubTx&, ConsoleUserRow& u) -> Status {
    u.password_hash = hash.value();
    u.failed_logins = 0;
    u.locked_until_ms = 0;
    return Ok{};
  });
}

Status SetDisabled(HubStore& store, const std::string& name, bool disabled, const std::string& actor, int64_t now_ms) {
  return ChangeUser(store, name, disabled ? "user.disable" : "user.enable", actor, now_ms, disabled,
                    [&](HubTx&, ConsoleUserRow& u) -> Status {
                      u.disabled = disabled;
                      if (!disabled) {
                        u.failed_logins = 0;
                        u.locked_until_ms = 0;
                      }
                      return Ok{};
                    });
}

Status SetRoles(HubStore& store, const std::string& name, const std::vector<std::string>& roles,
                const std::optional<std::string>& staff_id, const std::string& actor, int64_t now_ms) {
  // Sessions end: a session carries the rights of the roles it was opened with in the user's mind.
  return ChangeUser(store, name, "user.roles", actor, now_ms, true, [&](HubTx& t, ConsoleUserRow& u) -> Status {
    const std::string staff = staff_id ? *staff_id : u.staff_id;
    if (auto s = CheckRoles(t, roles, staff); !s) return s;
    u.roles = roles;
    u.staff_id = staff;
    return Ok{};
  });
}

Status Audit(HubStore& store, AuditRow row) {
  auto tx = store.Begin();
  if (!tx) return tx.error();
  tx.value()->AddAudit(row);
  return tx.value()->Commit();
}

Result<int> EnsureDemoUsers(HubStore& store, int64_t now_ms) {
  // One hash for all: hashing 16 times would add seconds to every demo start.
  auto hash = HashPassword(kDemoPassword);
  if (!hash) return hash.error();
  auto tx = store.Begin();
  if (!tx) return tx.error();
  HubTx& t = *tx.value();
  std::vector<std::pair<std::string, ConsoleUserRow>> want;
  for (auto r : {kRoleDesk, kRoleKitchen, kRoleDietitian, kRoleManager, kRoleAdmin})
    want.push_back({std::string(r), ConsoleUserRow{std::string(r), hash.value(), {std::string(r)}, "", false, 0, 0, now_ms, now_ms}});
  // Team leads: the first member of each demo team (server/demo.cpp gives them role "lead").
  for (int i = 1; i <= 400; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "S%04d", i);
    auto s = t.GetMaster("staff", id);
    if (!s) break;
    if (s->value("role", "") != "lead") continue;
    std::string name = id;
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    want.push_back({name, ConsoleUserRow{name, hash.value(), {std::string(kRoleWorker)}, id, false, 0, 0, now_ms, now_ms}});
  }
  int created = 0;
  std::string workers;
  for (auto& [name, row] : want) {
    if (t.GetConsoleUser(name)) continue;
    t.PutConsoleUser(row);
    t.AddAudit(AuditRow{0, now_ms, "demo-data", "user.add", name, nullptr, UserJson(row)});
    ++created;
    if (!row.staff_id.empty()) workers += (workers.empty() ? "" : ", ") + name;
  }
  if (auto s = t.Commit(); !s) return s.error();
  if (created > 0)
    spdlog::warn("demo console accounts created (password {}): desk, kitchen, dietitian, manager, admin; workers {}",
                 kDemoPassword, workers.empty() ? "-" : workers);
  return created;
}

Result<SignedIn> SignIn(HubStore& store, const std::string& name, std::string_view password, int64_t now_ms,
                        int* retry_after_s) {
  const Error bad{"auth.bad_credentials", "wrong user name or password"};
  if (!ValidateUserName(name) || password.size() > kMaxPasswordBytes) {
    DummyVerify(password);
    return bad;
  }
  auto found = store.LoadConsoleUser(name);
  if (!found) return found.error();
  if (!found->has_value()) {
    DummyVerify(password);
    return bad;
  }
  const ConsoleUserRow& seen = *found.value();
  if (seen.locked_until_ms > now_ms) {
    *retry_after_s = static_cast<int>((seen.locked_until_ms - now_ms + 999) / 1000);
    return Error{"auth.locked", "too many wrong passwords; this account is locked for a while"};
  }
  // The slow check runs outside the write transaction, so sign-ins never hold up pushes.
  const bool good = crypto_pwhash_str_verify(seen.password_hash.c_str(), password.data(), password.size()) == 0;
  auto tx = store.Begin();
  if (!tx) return tx.error();
  HubTx& t = *tx.value();
  auto u = t.GetConsoleUser(name);
  if (!t.ok() || !u) return Error{"store.tx", "cannot read user " + name};
  if (u->locked_until_ms > now_ms) {  // locked meanwhile by a parallel attempt
    *retry_after_s = static_cast<int>((u->locked_until_ms - now_ms + 999) / 1000);
    return Error{"auth.locked", "too many wrong passwords; this account is locked for a while"};
  }
  if (!good || u->disabled) {
    if (!good) {
      ++u->failed_logins;
      if (u->failed_logins >= kMaxFailedLogins) {
        u->failed_logins = 0;
        u->locked_until_ms = now_ms + kLockMs;
        t.AddAudit(AuditRow{0, now_ms, name, "user.locked", name, nullptr,
                            json{{"locked_until", FormatIsoUtcMs(u->locked_until_ms)}}});
        spdlog::warn("console user {} locked after {} wrong passwords", name, kMaxFailedLogins);
      }
      u->updated_ms = now_ms;
      t.PutConsoleUser(*u);
    }
    t.AddAudit(AuditRow{0, now_ms, name, "session.refused", name, nullptr,
                        json{{"reason", u->disabled ? "disabled" : "wrong_password"}}});
    if (auto s = t.Commit(); !s) return s.error();
    return bad;
  }
  u->failed_logins = 0;
  u->updated_ms = now_ms;
  t.PutConsoleUser(*u);
  SignedIn out{RandomToken(), "", *u};
  out.csrf = CsrfFor(out.token);
  t.PutConsoleSession(ConsoleSessionRow{HashToken(out.token), name, HashToken(out.csrf), now_ms, now_ms});
  t.AddAudit(AuditRow{0, now_ms, name, "session.open", name, nullptr, json{{"roles", u->roles}}});
  if (auto s = t.Commit(); !s) return s.error();
  return out;
}

Result<Principal> CheckSession(HubStore& store, const std::string& token, int64_t now_ms, bool touch) {
  const Error none{"auth.no_session", "not signed in, or the session expired; sign in again"};
  if (token.empty() || token.size() > 128) return none;
  const std::string hash = HashToken(token);
  auto s = store.LoadConsoleSession(hash);
  if (!s) return s.error();
  if (!s->has_value()) return none;
  ConsoleSessionRow sess = *s.value();
  if (now_ms - sess.last_seen_ms > kIdleMs) {
    // Expired: forget it, so the table does not keep dead sessions.
    if (auto tx = store.Begin()) {
      tx.value()->DeleteConsoleSession(hash);
      (void)tx.value()->Commit();
    }
    return none;
  }
  auto u = store.LoadConsoleUser(sess.user);
  if (!u) return u.error();
  if (!u->has_value() || u.value()->disabled) return none;
  Principal p{*u.value(), sess, ""};
  if (touch && now_ms - sess.last_seen_ms >= kTouchEveryMs) {
    auto tx = store.Begin();
    if (!tx) return tx.error();
    sess.last_seen_ms = now_ms;
    tx.value()->PutConsoleSession(sess);
    if (auto c = tx.value()->Commit(); !c) return c.error();
    p.session = sess;
  }
  if (!p.user.staff_id.empty()) {
    auto rows = store.LoadMasterRows("staff", {p.user.staff_id});
    if (rows && !rows->empty()) p.team = rows->front().second.value("team", "");
  }
  return p;
}

bool CsrfMatches(const ConsoleSessionRow& s, std::string_view csrf) {
  if (csrf.empty() || csrf.size() > 128) return false;
  const std::string h = HashToken(std::string(csrf));
  return h.size() == s.csrf_hash.size() && sodium_memcmp(h.data(), s.csrf_hash.data(), h.size()) == 0;
}

std::string CsrfFor(const std::string& token) {
  static constexpr char kContext[] = "onestop-console-csrf";
  unsigned char key[crypto_generichash_KEYBYTES];
  crypto_generichash(key, sizeof key, reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr, 0);
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(kContext), sizeof kContext - 1, key, sizeof key);
  std::string s(sizeof out * 2 + 1, '\0');
  sodium_bin2hex(s.data(), s.size(), out, sizeof out);
  s.pop_back();
  return s;
}

Status SignOut(HubStore& store, const std::string& token, int64_t now_ms) {
  auto p = CheckSession(store, token, now_ms, false);
  if (!p) return p.error();
  auto tx = store.Begin();
  if (!tx) return tx.error();
  tx.value()->DeleteConsoleSession(HashToken(token));
  tx.value()->AddAudit(AuditRow{0, now_ms, p->user.name, "session.close", p->user.name, nullptr, nullptr});
  return tx.value()->Commit();
}

}  // namespace onestop::hub::console
