// Enrollment (issues 14, 19): a terminal that has no token yet (first start) or whose token the hub
// revoked is enrolled here, by scanning the console's QR code (…/e/<code>) or typing the code. The
// feature object, its screen and its view model; the exchange itself runs on the app's worker.
// It must not be reachable as a way to re-bind a terminal that is enrolled and working.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/shell/feature.h"

namespace onestop {
namespace screens {
inline constexpr ScreenId kEnroll{"enroll"};  // set up this terminal: scan or type the enrollment code
}  // namespace screens

namespace enrollui {

struct EnrollView {
  std::string title, hint;
  std::string status;            // "Enrolling…", the refusal, or the camera's problem
  bool status_is_error = false;
  bool busy = false;             // an exchange is in flight: no second one
  const CameraFeed* camera = nullptr;
  bool flash = false;
  bool manual = false;           // keyboard open (or no camera)
  std::string manual_toggle, manual_label, code_field, code_value, code_placeholder;
  std::string key_space, key_shift, key_done;
  bool keyboard_shift = false;
  std::string hub_line;          // which hub the code goes to ("from the QR code" on a blank tablet)
  // Enrolled: what the terminal now is, and the way to start using it.
  bool done = false;
  std::string done_title;
  std::vector<std::pair<std::string, std::string>> done_rows;
  std::string start_label;
};
EnrollView BuildEnrollView(const AppState& s);

// Whether this terminal needs enrolling: no token yet, or the hub revoked it.
bool NeedsEnrollment(const AppState& s);

class Feature final : public onestop::Feature {
 public:
  std::string_view Name() const override { return "enroll"; }
  std::vector<ScreenId> Screens() const override { return {screens::kEnroll}; }
  void OnEnter(AppState& s, ScreenId screen) const override;
  std::optional<Intent> Apply(AppState& s, const Command& c) const override;
  void AddHomeTiles(const AppState& s, std::vector<HomeTile>& tiles) const override;
  bool UsesCamera(ScreenId screen) const override { return screen == screens::kEnroll; }
  void FillDemo(AppState& s, ScreenId screen, const DemoData& demo) const override;
};
extern const Feature kFeature;

}  // namespace enrollui
}  // namespace onestop
