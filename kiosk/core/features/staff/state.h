// The staff feature's slice of the Session: where the sign-in stands (number, then PIN) and why the
// last attempt was refused. The staff number and PIN are typed buffers "signin.number|pin"; the PIN
// leaves the buffers the moment it is submitted. Lockouts live in Terminal::staff, not here.
#pragma once
#include <cstdint>
#include <string>

#include "kiosk/core/shell/app_state.h"

namespace onestop::staffui {

struct SignInSession {
  bool pin_step = false;          // the number was entered; the keypad now takes the PIN
  uint64_t pin_attempt = 0;       // PIN check in flight (0 = none)
  bool directory_loading = false;
  std::string code, text;         // last refusal (error code and the rules' words)
};

inline SignInSession& Get(AppState& s) { return s.session.slices.Get<SignInSession>(); }
inline const SignInSession& Get(const AppState& s) { return s.session.slices.Get<SignInSession>(); }

}  // namespace onestop::staffui
