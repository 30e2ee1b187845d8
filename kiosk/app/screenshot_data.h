// Demo content for `screenshot` of the feature screens: a fixed, plausible state per screen so the
// README and golden images show real layouts. Screenshot use only; the running kiosk never calls it.
#pragma once
#include <string>

#include "kiosk/core/shell/shell.h"

namespace onestop::app {

// Fills `s` for `screen` at the screenshot's fixed time; `assets_dir` supplies hospital names
// (assets/demo) so no display text lives in code. Unknown screens are left as they are.
void FillScreenshotData(AppState& s, ScreenId screen, const std::string& assets_dir);

}  // namespace onestop::app
