// Commands: what a view (or a worker's answer) asks of the state. A command is any typed struct:
// features define their own in features/<name>/commands.h and only they look inside them. The shell
// defines the navigation and text-buffer commands below. A command carries intent only (ids, values),
// never pointers into state a view iterates.
#pragma once
#include <any>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "kiosk/core/i18n.h"
#include "kiosk/core/shell/screen.h"

namespace onestop {

// A typed value of any command struct. `As<T>()` is how the one feature that owns T recognises it.
class Command {
 public:
  template <class T, class = std::enable_if_t<!std::is_same_v<std::decay_t<T>, Command>>>
  Command(T value) : value_(std::move(value)) {}  // NOLINT: implicit, so views push plain structs
  template <class T>
  const T* As() const { return std::any_cast<T>(&value_); }
  template <class T>
  bool Is() const { return As<T>() != nullptr; }

 private:
  std::any value_;
};

namespace cmd {
struct Navigate { ScreenId to; };
struct Back {};
struct GoHome {};
struct SetLanguage { Lang lang; };
struct StillHere {};                                        // dismisses the idle countdown
// Text typed on a keypad or keyboard into a session buffer (and nothing else: choices are typed
// commands of their feature).
struct SetField { std::string field; std::string value; };
struct SetShift { std::string field; bool on = false; };    // the on-screen keyboard's shift key
struct ScanCode { std::string raw; };                       // a wedge scanner's burst: label or badge
struct StaffSignOut {};                                     // "Sign out" wherever a signed-in nurse sees it
}  // namespace cmd

// What a frame's views emitted, in order.
class Commands {
 public:
  void Push(Command c) { list_.push_back(std::move(c)); }
  const std::vector<Command>& list() const { return list_; }
  bool empty() const { return list_.empty(); }
  std::vector<Command> Take() { return std::exchange(list_, {}); }

 private:
  std::vector<Command> list_;
};

}  // namespace onestop
