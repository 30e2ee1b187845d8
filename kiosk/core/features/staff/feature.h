// Staff sign-in on ward kiosks and staff tablets: staff number + PIN, or a badge; sign-out by button,
// inactivity or a session reset. Provides screens::kSignIn (shell/screen.h) to every feature; the
// rules are staff_session.h's. The feature object the shell calls, and the sign-in view model.
#pragma once
#include <string>

#include "kiosk/core/shell/feature.h"

namespace onestop::staffui {

struct SignInView {
  std::string title, hint, field, field_label, value_masked, error, badge_hint;
  std::string value;  // the keypad's buffer (edited by the keypad; never drawn for a PIN)
  std::string clear_label, ok_label;
  std::vector<Command> on_ok;  // what OK on the keypad sends
  bool available = true;  // false: this terminal has no sign-in (no staff list yet)
};
SignInView BuildSignInView(const AppState& s);

class Feature final : public onestop::Feature {
 public:
  std::string_view Name() const override { return "staff"; }
  std::vector<ScreenId> Screens() const override { return {screens::kSignIn}; }
  void OnEnter(AppState& s, ScreenId screen) const override;
  std::optional<Intent> Apply(AppState& s, const Command& c) const override;
  Intent OnEvent(AppState& s, const Command& e) const override;
  Intent Tick(AppState& s) const override;
  void Reset(AppState& s) const override;
  void FillDemo(AppState& s, ScreenId screen, const DemoData& demo) const override;
};
extern const Feature kFeature;

}  // namespace onestop::staffui
