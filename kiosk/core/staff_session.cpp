// Staff sign-in state machine. Lockouts and inactivity run on the monotonic clock (a wrong wall clock
// must not unlock a number early). Nothing here may keep a PIN, log one, or outlive a sign-out.
#include "kiosk/core/staff_session.h"

#include <algorithm>

#include "kiosk/core/idle.h"

namespace onestop::staff {
namespace {
using nlohmann::json;

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Error Err(std::string code, std::string message) { return Error{std::move(code), std::move(message)}; }

std::string Minutes(int seconds) {
  const int m = (seconds + 59) / 60;
  return std::to_string(m) + (m == 1 ? " minute" : " minutes");
}

// Bounds the per-number failure table (random numbers typed by a prankster must not grow it forever).
constexpr size_t kMaxTrackedNumbers = 1000;

}  // namespace

bool IsValidPinFormat(std::string_view pin) {
  return pin.size() >= kMinPinDigits && pin.size() <= kMaxPinDigits &&
         std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Result<StaffMember> StaffFromJson(const json& j) {
  if (!j.is_object()) return Err("staff.bad_entity", "a staff entity must be a JSON object");
  StaffMember s;
  s.id = Str(j, "id");
  if (s.id.empty()) return Err("staff.bad_entity", "a staff entity needs an id");
  if (auto it = j.find("name"); it != j.end() && (it->is_object() || it->is_string())) s.name = *it;
  s.role = Str(j, "role");
  s.team = Str(j, "team");
  s.trade = Str(j, "trade");
  s.ward = Str(j, "ward");
  s.badge = Str(j, "badge");
  s.pin_hash = Str(j, "pin_hash");
  if (auto it = j.find("active"); it != j.end() && it->is_boolean()) s.active = it->get<bool>();
  return s;
}

Status StaffAllowedAt(const StaffMember& s, const Binding& b) {
  if (!s.active) return Err("staff.inactive", "staff " + s.id + " is not active; ask the administrator");
  if (b.role == Role::kStaff && b.location.empty()) return Ok{};
  if (!s.ward.empty() && protocol::LocationWithin(b.location, s.ward)) return Ok{};
  return Err("staff.not_allowed_here", "staff " + s.id + " does not work in " + b.location +
                                           " and cannot sign in on this terminal");
}

StaffDirectory::StaffDirectory(std::vector<StaffMember> members) : members_(std::move(members)) {}

const StaffMember* StaffDirectory::ById(std::string_view id) const {
  for (const auto& m : members_)
    if (m.id == id) return &m;
  return nullptr;
}

const StaffMember* StaffDirectory::ByBadge(std::string_view badge) const {
  if (badge.empty()) return nullptr;
  for (const auto& m : members_)
    if (m.badge == badge) return &m;
  return nullptr;
}

std::string_view SignOutReasonName(SignOutReason r) {
  switch (r) {
    case SignOutReason::kUser: return "user";
    case SignOutReason::kIdle: return "idle";
    case SignOutReason::kReplaced: return "replaced";
    case SignOutReason::kNotAllowed: return "not_allowed";
  }
  return "user";
}

StaffSession::StaffSession(const Clock& clock, PinVerifier verifier, Binding binding, SessionPolicy policy)
    : clock_(clock), verifier_(std::move(verifier)), binding_(std::move(binding)), policy_(policy) {}

void StaffSession::SetDirectory(StaffDirectory directory) {
  directory_ = std::move(directory);
  if (!staff_) return;
  const StaffMember* now = directory_.ById(staff_->id);
  if (!now || !StaffAllowedAt(*now, binding_)) SignOut(SignOutReason::kNotAllowed);
}

void StaffSession::SetBinding(Binding binding) {
  binding_ = std::move(binding);
  if (staff_ && !StaffAllowedAt(*staff_, binding_)) SignOut(SignOutReason::kNotAllowed);
}

void StaffSession::SignInAs(const StaffMember& s, std::string method) {
  if (staff_) SignOut(SignOutReason::kReplaced);
  staff_ = s;
  staff_->pin_hash.clear();  // views never need it
  method_ = std::move(method);
  scratch_.clear();
  ++epoch_;
  last_input_ms_ = Now();
}

Status StaffSession::SignInWithBadge(std::string_view badge) {
  const StaffMember* s = directory_.ByBadge(badge);
  if (!s) return Err("staff.unknown_badge", "this badge is not known on this terminal (not synced yet, or not a staff badge)");
  if (auto ok = StaffAllowedAt(*s, binding_); !ok) return ok;
  SignInAs(*s, "badge");
  return Ok{};
}

void StaffSession::Forget(Failures& f, int64_t now) const {
  const int64_t window = static_cast<int64_t>(policy_.lockout_s) * 1000;
  if (f.locked_until_ms != 0 && now >= f.locked_until_ms) {
    f.locked_until_ms = 0;
    f.at_ms.clear();  // a served lock starts a fresh count
  }
  f.at_ms.erase(std::remove_if(f.at_ms.begin(), f.at_ms.end(), [&](int64_t t) { return now - t >= window; }), f.at_ms.end());
}

void StaffSession::RecordFailure(const std::string& number) {
  const int64_t now = Now();
  if (by_number_.size() >= kMaxTrackedNumbers && !by_number_.count(number)) {
    for (auto it = by_number_.begin(); it != by_number_.end();) {
      Forget(it->second, now);
      it = it->second.at_ms.empty() && it->second.locked_until_ms == 0 ? by_number_.erase(it) : std::next(it);
    }
    if (by_number_.size() >= kMaxTrackedNumbers) by_number_.erase(by_number_.begin());
  }
  auto bump = [&](Failures& f, int max) {
    Forget(f, now);
    f.at_ms.push_back(now);
    if (static_cast<int>(f.at_ms.size()) >= max) f.locked_until_ms = now + static_cast<int64_t>(policy_.lockout_s) * 1000;
  };
  bump(by_number_[number], policy_.max_failed_pins);
  bump(terminal_, policy_.max_failed_pins_terminal);
}

int StaffSession::LockedSecondsLeft(std::string_view number) const {
  const int64_t now = Now();
  int64_t until = terminal_.locked_until_ms;
  if (auto it = by_number_.find(std::string(number)); it != by_number_.end()) until = std::max(until, it->second.locked_until_ms);
  if (until <= now) return 0;
  return static_cast<int>((until - now + 999) / 1000);
}

int StaffSession::FailedAttempts(std::string_view number) const {
  auto it = by_number_.find(std::string(number));
  if (it == by_number_.end()) return 0;
  Failures f = it->second;
  Forget(f, Now());
  return static_cast<int>(f.at_ms.size());
}

Status StaffSession::WrongPin(const std::string& number) {
  RecordFailure(number);
  if (LockedSecondsLeft(number) > 0)
    return Err(terminal_.locked_until_ms > Now() ? "staff.terminal_locked" : "staff.locked",
               "wrong staff number or PIN; PIN sign-in is now locked for " + Minutes(LockedSecondsLeft(number)));
  return Err("staff.bad_credentials", "wrong staff number or PIN");
}

Result<PinChallenge> StaffSession::BeginPin(std::string_view number, std::string_view pin) {
  if (pending_) return Err("staff.busy", "a PIN is being checked; wait a moment");
  const int64_t now = Now();
  Forget(terminal_, now);
  if (terminal_.locked_until_ms > now)
    return Err("staff.terminal_locked", "too many wrong PINs on this terminal; PIN sign-in is locked for " +
                                            Minutes(LockedSecondsLeft(number)) + " (a badge still works)");
  const std::string key(number);
  if (auto it = by_number_.find(key); it != by_number_.end()) {
    Forget(it->second, now);
    if (it->second.locked_until_ms > now)
      return Err("staff.locked", "too many wrong PINs for staff number " + protocol::TruncateUtf8(key, 20) +
                                     "; try again in " + Minutes(LockedSecondsLeft(key)) + " or use your badge");
  }
  if (!IsValidPinFormat(pin))
    return Err("staff.bad_pin_format", "a PIN has " + std::to_string(kMinPinDigits) + " to " +
                                           std::to_string(kMaxPinDigits) + " digits");
  const StaffMember* s = directory_.ById(number);
  if (!s) {
    // Same answer as a wrong PIN, and counted the same: staff numbers are not to be probed.
    return WrongPin(key).error();
  }
  if (s->pin_hash.empty()) return Err("staff.no_pin", "no PIN is set for staff " + s->id + "; use your badge or ask for a PIN");
  PinChallenge c{next_attempt_++, s->id, s->pin_hash};
  pending_ = c;
  return c;
}

Status StaffSession::FinishPin(uint64_t attempt, bool verified) {
  if (!pending_ || pending_->attempt != attempt) return Err("staff.stale", "this PIN check is no longer current");
  const std::string number = pending_->staff_id;
  pending_.reset();
  if (!verified) return WrongPin(number);
  by_number_.erase(number);
  terminal_ = Failures{};
  // Looked up again: the directory may have changed while the hash was being checked.
  const StaffMember* s = directory_.ById(number);
  if (!s) return Err("staff.bad_credentials", "wrong staff number or PIN");
  if (auto ok = StaffAllowedAt(*s, binding_); !ok) return ok;
  SignInAs(*s, "pin");
  return Ok{};
}

Status StaffSession::SignInWithPin(std::string_view number, std::string_view pin) {
  auto c = BeginPin(number, pin);
  if (!c) return c.error();
  bool ok = false;
  try {
    ok = verifier_ && verifier_(c->hash, pin);
  } catch (...) {
    ok = false;  // a verifier that throws must not leave the attempt pending
  }
  return FinishPin(c->attempt, ok);
}

void StaffSession::Touch() {
  if (staff_) last_input_ms_ = Now();
}

std::optional<SignOutReason> StaffSession::Tick() {
  if (!staff_) return std::nullopt;
  const IdleStatus st = EvaluateIdle(IdlePolicy{policy_.idle_timeout_s, policy_.idle_warn_s}, last_input_ms_, Now());
  if (!st.expired) return std::nullopt;
  SignOut(SignOutReason::kIdle);
  return SignOutReason::kIdle;
}

void StaffSession::SignOut(SignOutReason reason) {
  if (!staff_) return;
  // Assignment from empty values, not clear(): nothing of the person survives (capacity included).
  staff_.reset();
  method_ = std::string();
  scratch_ = std::map<std::string, std::string>();
  pending_.reset();
  ++epoch_;
  last_sign_out_ = reason;
}

SessionView StaffSession::View() const {
  SessionView v;
  v.epoch = epoch_;
  if (!staff_) return v;
  v.staff = staff_;
  v.method = method_;
  const IdleStatus st = EvaluateIdle(IdlePolicy{policy_.idle_timeout_s, policy_.idle_warn_s}, last_input_ms_, Now());
  v.warning = st.warning;
  v.seconds_left = st.seconds_left;
  return v;
}

}  // namespace onestop::staff
