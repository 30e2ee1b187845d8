// Rating completed services (issue 7): the "to rate" list and the rating screen. Who may rate and
// what a rating must hold are rating.h's; signing in is the staff feature's (screens::kSignIn).
// The feature object the shell calls; rules in apply.cpp, view models in views.h.
#pragma once
#include "kiosk/core/rating.h"
#include "kiosk/core/shell/feature.h"

namespace onestop {
namespace screens {
inline constexpr ScreenId kToRate{"to_rate"};  // completed services to rate here
inline constexpr ScreenId kRate{"rate"};       // rate one completed service
}  // namespace screens

namespace rateui {

class Feature final : public onestop::Feature {
 public:
  std::string_view Name() const override { return "rating"; }
  std::vector<ScreenId> Screens() const override { return {screens::kToRate, screens::kRate}; }
  void OnEnter(AppState& s, ScreenId screen) const override;
  std::optional<Intent> Apply(AppState& s, const Command& c) const override;
  Intent OnEvent(AppState& s, const Command& e) const override;
  void AddChromeAction(const AppState& s, ChromeView& chrome) const override;
  void AddHomeTiles(const AppState& s, std::vector<HomeTile>& tiles) const override;
  bool Pristine(const AppState& s) const override;
  void FillDemo(AppState& s, ScreenId screen, const DemoData& demo) const override;
};
extern const Feature kFeature;

// The rating being composed, as the rules judge it; and who rates now ("" = nobody may).
rating::RatingDraft DraftOf(const AppState& s);
std::string Rater(const AppState& s);
bool NeedsSignIn(const AppState& s);

}  // namespace rateui
}  // namespace onestop
