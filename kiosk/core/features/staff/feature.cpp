// Staff sign-in rules and the sign-in view model (see feature.h). Lockout, badge and PIN rules are
// staff_session.h's; this file moves the keypad's buffers through them and answers the shell.
#include "kiosk/core/features/staff/feature.h"

#include "kiosk/core/features/staff/commands.h"
#include "kiosk/core/features/staff/jobs.h"
#include "kiosk/core/features/staff/state.h"
#include "kiosk/core/shell/events.h"

namespace onestop::staffui {

const Feature kFeature;

namespace {

constexpr const char* kNumber = "signin.number";
constexpr const char* kPin = "signin.pin";

void Refuse(AppState& s, const Error& e) {
  Get(s).code = e.code;
  Get(s).text = e.message;
}

// Signed in: the buffers go, and the screen that asked for the sign-in takes over (it reloads).
Intent SignedIn(AppState& s) {
  s.session.EraseFields("signin.");
  Get(s) = SignInSession{};
  return s.session.screen == screens::kSignIn ? Intent::Back() : Intent::Stay();
}

void SubmitPin(AppState& s) {
  SignInSession& si = Get(s);
  if (si.pin_attempt) return;
  const std::string pin = s.session.Field(kPin);
  s.session.fields.erase(kPin);  // the PIN leaves the screen's buffers at once
  auto challenge = s.terminal.staff->BeginPin(s.session.Field(kNumber), pin);
  if (!challenge) return Refuse(s, challenge.error());
  si.pin_attempt = challenge->attempt;
  si.code.clear();
  s.Ask(job::CheckPin{challenge->attempt, challenge->hash, pin});
}

Intent OnPinChecked(AppState& s, const cmd::PinChecked& a) {
  SignInSession& si = Get(s);
  if (a.attempt != si.pin_attempt) return {};
  si.pin_attempt = 0;
  Status st = s.terminal.staff->FinishPin(a.attempt, a.verified);
  if (!st) {
    Refuse(s, st.error());
    si.pin_step = true;
    return {};
  }
  return SignedIn(s);
}

}  // namespace

void Feature::OnEnter(AppState& s, ScreenId) const {
  s.session.EraseFields("signin.");
  Get(s) = SignInSession{};
  Get(s).directory_loading = true;
  s.Ask(job::ReadDirectory{});  // the newest staff list, so a nurse added today can sign in
}

std::optional<Intent> Feature::Apply(AppState& s, const Command& c) const {
  SignInSession& si = Get(s);
  const bool here = s.session.screen == screens::kSignIn;
  if (c.Is<onestop::cmd::StaffSignOut>()) {
    if (s.terminal.staff && s.terminal.staff->signed_in()) s.terminal.staff->SignOut(staff::SignOutReason::kUser);
    return Intent::Stay();  // the shell sees the sign-out and tells every feature
  }
  if (auto* x = c.As<cmd::DirectoryRead>()) {
    if (si.directory_loading && x->directory && s.terminal.staff) s.terminal.staff->SetDirectory(x->directory.value());
    si.directory_loading = false;
    return Intent::Stay();
  }
  if (auto* x = c.As<cmd::PinChecked>()) return s.terminal.staff ? OnPinChecked(s, *x) : Intent::Stay();
  if (!here || !s.terminal.staff) return c.Is<cmd::NumberEntered>() || c.Is<cmd::PinEntered>() ? std::optional(Intent::Stay()) : std::nullopt;
  // A scan while the sign-in screen is open is a badge (keyboard-wedge reader or camera).
  if (auto* x = c.As<onestop::cmd::ScanCode>()) {
    Status st = s.terminal.staff->SignInWithBadge(x->raw);
    if (!st) {
      Refuse(s, st.error());
      return Intent::Stay();
    }
    return SignedIn(s);
  }
  if (c.Is<cmd::NumberEntered>()) {
    if (!s.session.Field(kNumber).empty()) si.pin_step = true;
  } else if (c.Is<cmd::PinEntered>()) {
    SubmitPin(s);
  } else {
    return std::nullopt;
  }
  return Intent::Stay();
}

Intent Feature::OnEvent(AppState& s, const Command& e) const {
  if (e.Is<event::StaffSignedOut>()) s.session.EraseFields("signin.");
  return {};
}

// Automatic sign-out after inactivity (staff_session's own policy); the shell tells every feature.
Intent Feature::Tick(AppState& s) const {
  if (s.terminal.staff) s.terminal.staff->Tick();
  return {};
}

// The person at the screen is gone: a signed-in staff member goes with them.
void Feature::Reset(AppState& s) const {
  if (s.terminal.staff && s.terminal.staff->signed_in()) s.terminal.staff->SignOut(staff::SignOutReason::kIdle);
}

SignInView BuildSignInView(const AppState& s) {
  const SignInSession& si = Get(s);
  SignInView v;
  v.title = s.Tr("signin.title");
  v.badge_hint = s.Tr("signin.badge_hint");
  v.clear_label = s.Tr("keypad.clear");
  v.ok_label = s.Tr("keypad.ok");
  v.available = s.terminal.staff != nullptr;
  if (!v.available) v.hint = s.Tr("signin.unavailable");
  v.field = si.pin_step ? kPin : kNumber;
  v.field_label = si.pin_step ? s.Tr("signin.pin") : s.Tr("signin.number");
  v.hint = si.pin_step ? s.TrF("signin.pin_hint", {s.session.Field(kNumber)}) : s.Tr("signin.number_hint");
  v.value = s.session.Field(v.field);
  v.value_masked = si.pin_step ? std::string(v.value.size(), '*') : v.value;  // a PIN is never shown
  if (si.pin_step) v.on_ok = {cmd::PinEntered{}};
  else v.on_ok = {cmd::NumberEntered{}};
  if (si.pin_attempt) {
    v.error = s.Tr("signin.checking");
  } else if (!si.code.empty()) {
    v.error = s.TrOr("error." + si.code, si.text);
    if (si.code == "staff.locked" || si.code == "staff.terminal_locked")
      v.error += "  " + s.TrF("signin.locked_for", {std::to_string(s.terminal.staff ? s.terminal.staff->LockedSecondsLeft(s.session.Field(kNumber)) : 0)});
  }
  return v;
}

}  // namespace onestop::staffui

namespace onestop::staffui {

// Screenshot: a nurse half way through signing in on a ward kiosk (PIN step, masked).
void Feature::FillDemo(AppState& s, ScreenId, const DemoData&) const {
  s.terminal.staff = std::make_shared<staff::StaffSession>(
      *s.clock, [](std::string_view, std::string_view) { return false; },
      Binding{Role::kWard, s.terminal.binding.location});
  Get(s).pin_step = true;
  s.session.fields[kNumber] = "N10023";
  s.session.fields[kPin] = "1234";
}

}  // namespace onestop::staffui
