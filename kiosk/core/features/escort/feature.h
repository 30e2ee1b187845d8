// Escort / transport request (issue 12 item 7): a nurse at the WARD kiosk asks for a patient
// to be taken from a bed of the ward to an examination. The feature object the shell calls; the
// record's rules are rules.h (shared with the hub), the slice state.h, the view model views.h.
// No I/O here: the ward's beds are a job (jobs.h) the app answers; bedside terminals never show it.
#pragma once
#include "kiosk/core/shell/feature.h"

namespace onestop {
namespace screens {
inline constexpr ScreenId kEscort{"escort"};  // order an escort: bed, destination, when, how, note
}  // namespace screens

namespace escort {

class Feature final : public onestop::Feature {
 public:
  std::string_view Name() const override { return "escort"; }
  std::vector<ScreenId> Screens() const override { return {screens::kEscort}; }
  void OnEnter(AppState& s, ScreenId screen) const override;
  std::optional<Intent> Apply(AppState& s, const Command& c) const override;
  Intent OnEvent(AppState& s, const Command& e) const override;
  void AddChromeAction(const AppState& s, ChromeView& chrome) const override;
  void AddHomeTiles(const AppState& s, std::vector<HomeTile>& tiles) const override;
  bool Pristine(const AppState& s) const override;
  void FillDemo(AppState& s, ScreenId screen, const DemoData& demo) const override;
};
extern const Feature kFeature;

}  // namespace escort
}  // namespace onestop
