// Bedside meal ordering (issue 6): choose the meal (next slot first, with the countdown to its
// cut-off), the diet-filtered menu with a basket, confirm, and "My meals"; nurses order for a bed of
// their ward. The feature object the shell calls; rules in apply.cpp, view models in views.h.
#pragma once
#include "kiosk/core/meals.h"
#include "kiosk/core/shell/feature.h"

namespace onestop {
namespace screens {
inline constexpr ScreenId kMeals{"meals"};       // choose the meal to order (next slot first)
inline constexpr ScreenId kMenu{"menu"};         // the diet-filtered menu and the basket
inline constexpr ScreenId kMyMeals{"my_meals"};  // my meal orders and their state
}  // namespace screens

namespace mealui {

// The time cut-offs are judged by on this terminal now: hub time when online, else the local clock.
meals::JudgedNow JudgedNowOf(const AppState& s);
// A nurse signed in on a ward kiosk (who orders for the ward's beds).
bool WardNurse(const AppState& s);

class Feature final : public onestop::Feature {
 public:
  std::string_view Name() const override { return "meals"; }
  std::vector<ScreenId> Screens() const override { return {screens::kMeals, screens::kMenu, screens::kMyMeals}; }
  void OnEnter(AppState& s, ScreenId screen) const override;
  std::optional<Intent> Apply(AppState& s, const Command& c) const override;
  Intent OnEvent(AppState& s, const Command& e) const override;
  void AddChromeAction(const AppState& s, ChromeView& chrome) const override;
  void AddHomeTiles(const AppState& s, std::vector<HomeTile>& tiles) const override;
  bool Pristine(const AppState& s) const override;
  std::string UnsentWork(const AppState& s) const override;
  void FillDemo(AppState& s, ScreenId screen, const DemoData& demo) const override;
};
extern const Feature kFeature;

}  // namespace mealui
}  // namespace onestop
