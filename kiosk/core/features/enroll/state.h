// The enrollment feature's slice of the Session: scanning or typing, the exchange in flight, and how
// the last one ended. The typed code is the buffer "enroll.code". The token never reaches the UI
// state: the app's worker stores it (offline/store) and hands back only the binding.
#pragma once
#include <cstdint>
#include <string>

#include "kiosk/core/binding.h"
#include "kiosk/core/shell/app_state.h"

namespace onestop::enrollui {

struct EnrollSession {
  bool manual = false;               // the on-screen keyboard instead of the camera
  int64_t attempt = 0;               // exchange in flight (its start, monotonic ms); 0 = none
  std::string error_code, error_text;  // why the last attempt failed
  bool done = false;                 // enrolled: the result panel shows
  std::string terminal_id, hub_url;
  Binding bound;
};

inline EnrollSession& Get(AppState& s) { return s.session.slices.Get<EnrollSession>(); }
inline const EnrollSession& Get(const AppState& s) { return s.session.slices.Get<EnrollSession>(); }

}  // namespace onestop::enrollui
