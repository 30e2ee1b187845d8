// Foundation: the screens every terminal has — home (tiles of every feature), language, "this
// terminal" and the widget gallery. Their view models and the feature object; no other feature's
// state is read here (home tiles come from each feature's own hook).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/shell/feature.h"

namespace onestop {
namespace screens {
inline constexpr ScreenId kLanguage{"language"};  // language picker (also reachable from the status bar)
inline constexpr ScreenId kTerminal{"terminal"};  // this terminal: binding, connection, outbox, version
inline constexpr ScreenId kGallery{"gallery"};    // service screen: every widget in every state
}  // namespace screens

namespace foundation {

struct HomeView {
  std::string greeting;
  std::vector<HomeTile> tiles;
};

struct LanguageView {
  std::string title;
  struct Option { Lang lang; std::string label; bool current; };
  std::vector<Option> options;
};

// Patients see what the terminal is and whether it is connected; the hub's address and the widget
// gallery are for nurses and IT behind staff sign-in (issue 16): they mean nothing to a patient and
// the address is one more thing to poke at. `sign_in_label` is set while nobody is signed in.
struct TerminalView {
  std::string title;
  std::vector<std::pair<std::string, std::string>> rows;  // label, value
  std::string gallery_label;  // empty = no gallery button (not signed in)
  std::string sign_in_label;  // empty = a staff member is signed in
};

struct GalleryView {
  std::string title;
  // Reached without a signed-in staff member (it should not be): a notice and the sign-in instead.
  bool locked = false;
  std::string locked_text, sign_in_label;
  std::string keypad_label, keypad_value;
  std::string keyboard_label, keyboard_value;
  bool keyboard_shift = false;
  std::string list_label;
  std::vector<std::string> list_items;
  std::string confirm_label, cancel_label, banner_text;
  std::string keypad_clear, keypad_ok, key_space, key_shift, key_done;
};

HomeView BuildHomeView(const AppState& s);
LanguageView BuildLanguageView(const AppState& s);
TerminalView BuildTerminalView(const AppState& s);
GalleryView BuildGalleryView(const AppState& s);

class Feature final : public onestop::Feature {
 public:
  std::string_view Name() const override { return "foundation"; }
  std::vector<ScreenId> Screens() const override { return {screens::kHome, screens::kLanguage, screens::kTerminal, screens::kGallery}; }
  void AddHomeTiles(const AppState& s, std::vector<HomeTile>& tiles) const override;
  void FillDemo(AppState& s, ScreenId screen, const DemoData& demo) const override;
  // Elder mode: SetElderMode switches it; a session reset returns it to the terminal's default.
  std::optional<Intent> Apply(AppState& s, const Command& c) const override;
  Intent OnEvent(AppState& s, const Command& event) const override;
  bool Pristine(const AppState& s) const override;
};
// Whether a fresh session on this terminal starts in elder mode (config, bedside terminals only).
bool ElderByDefault(const AppState& s);
// A staff member is signed in on this terminal (staff screens show).
bool StaffSignedIn(const AppState& s);
extern const Feature kFeature;

}  // namespace foundation
}  // namespace onestop
