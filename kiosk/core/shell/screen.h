// ScreenId: the name of one screen. Features declare their own screens (in namespace `screens`), so
// adding a screen edits no shared enum; the shell knows only Home and the
// sign-in every staff screen may ask for. Names are stable: `screenshot
// --screen NAME`, widget ids and logs use them. It must not carry state or behaviour.
#pragma once
#include <string_view>

namespace onestop {

struct ScreenId {
  std::string_view name;
  constexpr bool operator==(const ScreenId& o) const { return name == o.name; }
  constexpr bool operator<(const ScreenId& o) const { return name < o.name; }
};

namespace screens {
inline constexpr ScreenId kHome{"home"};      // where every session starts and GoHome leads
// Staff sign-in (number + PIN, or a badge), provided by the staff feature: any feature whose screen
// needs a signed-in nurse opens it, and it goes Back once she is signed in.
inline constexpr ScreenId kSignIn{"sign_in"};
}  // namespace screens

}  // namespace onestop
