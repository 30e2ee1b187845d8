// The enrollment screen's typed commands and the answer of its job. A scanned QR code arrives as the
// shell's cmd::ScanCode (camera or keyboard-wedge scanner) while the screen is open.
#pragma once
#include <cstdint>
#include <string>

#include "kiosk/core/binding.h"
#include "kiosk/core/result.h"

namespace onestop::enrollui::cmd {

struct ToggleTyping {};  // show or hide the keyboard for typing the code
struct SubmitTyped {};   // OK on the keyboard: enroll with the typed code

struct Enrolled {
  std::string terminal_id, hub_url;
  Binding binding;
};
// Answer of job::Enroll: the binding the hub gave, or why it failed (enroll.* codes).
struct EnrollAnswered {
  int64_t attempt = 0;
  Result<Enrolled> result;
};

}  // namespace onestop::enrollui::cmd
