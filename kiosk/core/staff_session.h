// Staff sign-in on ward kiosks and staff tablets (DESIGN §6, issue 7): badge (HID wedge scan) or staff
// number + PIN checked offline against the Argon2id hash pulled with the `staff` entity; lockout after
// repeated wrong PINs; automatic sign-out after inactivity with a countdown; sign-out forgets the
// staff member completely. Pure state machine on an injected Clock and PIN verifier: core never links
// libsodium and never stores a PIN. Not thread-safe: own it on the UI thread (PIN hashing may run on a
// worker through the two-step BeginPin / FinishPin). Problems are reason CODES (see each function).
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/core/clock.h"
#include "kiosk/core/protocol.h"
#include "kiosk/core/result.h"

namespace onestop::staff {

// A `staff` entity as pulled: {id, name{zh-Hans,zh-Hant,en}, role, team?, trade?, ward?, badge?,
// pin_hash?, active?}. role: "nurse" (ward staff, with `ward`), "lead"/"worker" (service teams), others
// as the hub defines them. `ward` is the location code the person works in.
struct StaffMember {
  std::string id;  // the staff number typed on the keypad
  nlohmann::json name = nlohmann::json::object();
  std::string role, team, trade, ward, badge;
  std::string pin_hash;  // Argon2id string ("$argon2id$..."); empty = no PIN set (badge only)
  bool active = true;
};
Result<StaffMember> StaffFromJson(const nlohmann::json& j);

// Who may sign in on which terminal:
//   staff tablet (unbound): every active staff member;
//   ward kiosk / bedside tablet: active staff whose `ward` contains the terminal's location
//   (the ward's nurses; a bedside tablet's bed lies inside its ward). Service workers have no ward and
//   cannot sign in on a ward kiosk: ratings there come from the people served.
// Codes: staff.inactive, staff.not_allowed_here.
Status StaffAllowedAt(const StaffMember& s, const Binding& binding);

// The pulled staff list, searchable by number and badge.
class StaffDirectory {
 public:
  StaffDirectory() = default;
  explicit StaffDirectory(std::vector<StaffMember> members);
  const StaffMember* ById(std::string_view id) const;
  const StaffMember* ByBadge(std::string_view badge) const;
  size_t size() const { return members_.size(); }

 private:
  std::vector<StaffMember> members_;
};

// Verifies `pin` against an Argon2id hash string; the app passes libsodium's crypto_pwhash_str_verify
// (kiosk/app/staff_auth.h). Slow on purpose (tens of milliseconds).
using PinVerifier = std::function<bool(std::string_view hash, std::string_view pin)>;

struct SessionPolicy {
  int max_failed_pins = 5;            // wrong PINs per staff number before that number is locked
  int max_failed_pins_terminal = 10;  // wrong PINs on this terminal (any numbers) before PIN entry is locked
  int lockout_s = 300;                // how long a lock lasts; failures older than this are forgotten
  int idle_timeout_s = 120;           // automatic sign-out after this long without input
  int idle_warn_s = 20;               // countdown shown for the last seconds
};

enum class SignOutReason { kUser, kIdle, kReplaced, kNotAllowed };
std::string_view SignOutReasonName(SignOutReason r);  // "user", "idle", "replaced", "not_allowed"

// What a view shows. Everything about the person is in `staff`; when signed out it is nullopt.
struct SessionView {
  std::optional<StaffMember> staff;  // never carries pin_hash (cleared on sign-in)
  std::string method;                // "badge" | "pin" while signed in
  uint64_t epoch = 0;                // changes on every sign-in and sign-out: drop cached staff state when it moves
  bool warning = false;              // idle countdown running
  int seconds_left = 0;              // until automatic sign-out (while signed in)
};

// A PIN attempt in flight: verify `hash` against the PIN off the UI thread, then FinishPin.
struct PinChallenge {
  uint64_t attempt = 0;
  std::string staff_id;
  std::string hash;
};

class StaffSession {
 public:
  StaffSession(const Clock& clock, PinVerifier verifier, Binding binding, SessionPolicy policy = {});

  // The staff list may be replaced at any time (after a pull). A signed-in member who is no longer
  // allowed (removed, deactivated, moved ward) is signed out (reason kNotAllowed).
  void SetDirectory(StaffDirectory directory);
  void SetBinding(Binding binding);  // re-enrollment; signs out a member not allowed there

  // Badge scan. Codes: staff.unknown_badge, staff.inactive, staff.not_allowed_here.
  Status SignInWithBadge(std::string_view badge);

  // Staff number + PIN in one call (verifier runs on this thread; fine for the CLI and tests).
  // Codes: staff.bad_credentials (unknown number or wrong PIN: deliberately the same), staff.no_pin,
  // staff.locked (Error message says for how long; LockedSecondsLeft gives the number), staff.terminal_locked,
  // staff.busy, staff.inactive, staff.not_allowed_here, staff.bad_pin_format.
  Status SignInWithPin(std::string_view staff_number, std::string_view pin);

  // Two-step form of SignInWithPin for the UI: BeginPin checks lockouts and finds the hash (failures
  // for an unknown number are counted here), the worker verifies, FinishPin applies the answer. Only
  // one attempt may be in flight; a stale or unknown attempt id is refused (staff.busy / staff.stale).
  // `pin` is only checked for its shape here and never kept; hand it to the worker yourself.
  Result<PinChallenge> BeginPin(std::string_view staff_number, std::string_view pin);
  Status FinishPin(uint64_t attempt, bool verified);

  // Any user input while signed in (resets the inactivity timer).
  void Touch();
  // Call every frame or second: signs out after inactivity. Returns the reason when it just did.
  std::optional<SignOutReason> Tick();
  void SignOut(SignOutReason reason = SignOutReason::kUser);

  SessionView View() const;
  bool signed_in() const { return staff_.has_value(); }
  const StaffMember* staff() const { return staff_ ? &*staff_ : nullptr; }
  uint64_t epoch() const { return epoch_; }
  std::optional<SignOutReason> last_sign_out() const { return last_sign_out_; }

  // Seconds until PIN entry for this number (or this terminal, whichever is longer) is possible again; 0 = not locked.
  int LockedSecondsLeft(std::string_view staff_number) const;
  int FailedAttempts(std::string_view staff_number) const;

  // Per-sign-in scratch space for views (drafts, selections). Cleared with everything else on sign-out.
  std::map<std::string, std::string>& scratch() { return scratch_; }

 private:
  struct Failures {
    std::vector<int64_t> at_ms;  // monotonic times of recent failures
    int64_t locked_until_ms = 0;
  };
  void SignInAs(const StaffMember& s, std::string method);
  void RecordFailure(const std::string& staff_number);
  Status WrongPin(const std::string& staff_number);  // records it; bad_credentials, or the lock it caused
  void Forget(Failures& f, int64_t now) const;
  int64_t Now() const { return clock_.MonotonicMs(); }

  const Clock& clock_;
  PinVerifier verifier_;
  Binding binding_;
  SessionPolicy policy_;
  StaffDirectory directory_;
  std::optional<StaffMember> staff_;
  std::string method_;
  std::map<std::string, std::string> scratch_;
  uint64_t epoch_ = 0;
  int64_t last_input_ms_ = 0;
  std::optional<SignOutReason> last_sign_out_;
  std::map<std::string, Failures> by_number_;
  Failures terminal_;
  uint64_t next_attempt_ = 1;
  std::optional<PinChallenge> pending_;
};

// PIN shape accepted on the keypad and by `onestop-hub staff set-pin`: 6 to 12 ASCII digits
// (6 is the floor because the hash of a 4-digit PIN can be brute-forced from a stolen tablet in minutes).
inline constexpr size_t kMinPinDigits = 6;
inline constexpr size_t kMaxPinDigits = 12;
bool IsValidPinFormat(std::string_view pin);

}  // namespace onestop::staff
