// The staff feature's typed commands (from the sign-in keypad) and the answers of its jobs.
// "Sign out" is the shell's cmd::StaffSignOut, since any staff screen may offer it.
#pragma once
#include <cstdint>

#include "kiosk/core/result.h"
#include "kiosk/core/staff_session.h"

namespace onestop::staffui::cmd {

struct NumberEntered {};  // OK on the keypad while it takes the staff number
struct PinEntered {};     // OK on the keypad while it takes the PIN

struct DirectoryRead { Result<staff::StaffDirectory> directory; };  // answer of job::ReadDirectory
struct PinChecked { uint64_t attempt = 0; bool verified = false; };  // answer of job::CheckPin

}  // namespace onestop::staffui::cmd
