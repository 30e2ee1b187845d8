// The escort feature's typed commands (from its screen) and the answer of its job. Only this
// feature's apply.cpp looks inside them; choices carry codes, never text.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/local_text.h"

namespace onestop::escort::cmd {

struct PickBed { std::string bed; };
struct SetDestination { std::string code; };
struct SetWhen { std::string code; };
struct SetMode { std::string code; };
struct ToggleKeyboard {};
struct CloseKeyboard {};
struct Send {};                 // Send on the navigation bar
struct StartNew {};             // "Another escort" after sending: a fresh form, same beds

// Answer of job::ReadBeds.
struct BedsRead { std::string ward; std::vector<std::pair<std::string, LocalText>> beds; };

}  // namespace onestop::escort::cmd
