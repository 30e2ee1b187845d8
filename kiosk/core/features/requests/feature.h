// Service requests (issue 5): scan → pre-filled repair request, cleaning and complaint forms, and
// "My requests". The feature object the shell calls; rules in apply.cpp, view models in views.h.
// No I/O here: store reads and the camera are jobs (jobs.h) the app answers with commands.h structs.
#pragma once
#include "kiosk/core/shell/feature.h"

namespace onestop {
namespace screens {
inline constexpr ScreenId kScan{"scan"};            // scan an equipment label (camera preview, manual entry)
inline constexpr ScreenId kRepair{"repair"};        // repair request, pre-filled from the scan
inline constexpr ScreenId kCleaning{"cleaning"};    // cleaning or disinfection request for this place
inline constexpr ScreenId kComplaint{"complaint"};  // complaint or suggestion
inline constexpr ScreenId kRequests{"requests"};    // my requests and their status
}  // namespace screens

namespace requests {

class Feature final : public onestop::Feature {
 public:
  std::string_view Name() const override { return "requests"; }
  std::vector<ScreenId> Screens() const override {
    return {screens::kScan, screens::kRepair, screens::kCleaning, screens::kComplaint, screens::kRequests};
  }
  void OnEnter(AppState& s, ScreenId screen) const override;
  std::optional<Intent> Apply(AppState& s, const Command& c) const override;
  Intent OnEvent(AppState& s, const Command& e) const override;
  void AddChromeAction(const AppState& s, ChromeView& chrome) const override;
  void AddHomeTiles(const AppState& s, std::vector<HomeTile>& tiles) const override;
  bool Pristine(const AppState& s) const override;
  bool UsesCamera(ScreenId screen) const override { return screen == screens::kScan; }
  void FillDemo(AppState& s, ScreenId screen, const DemoData& demo) const override;
};
extern const Feature kFeature;

}  // namespace requests
}  // namespace onestop
