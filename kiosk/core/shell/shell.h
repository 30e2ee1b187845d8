// The shell's entry points: apply a command (from a view, a worker's answer or an event), tick the
// timers, reset the session, and the screen registry built from the features' lists.
// It routes by feature hooks only; it must not include any features/ header.
#pragma once
#include <string>
#include <vector>

#include "kiosk/core/shell/app_state.h"
#include "kiosk/core/shell/feature.h"

namespace onestop {

// Applies one command. Unknown or stale intents (Back with an empty stack, an answer for a screen
// long left) are harmless no-ops.
void Apply(AppState& state, const Command& command);
// Checks the idle rule (resets the session when it expired) and runs the features' timers.
// Returns the status for the countdown.
IdleStatus TickIdle(AppState& state);
// The person at the screen is gone: the default language, the home screen, every slice cleared.
void ResetSession(AppState& state);

// Screens by name ("home", "menu"...), for `screenshot --screen` and logs.
bool ParseScreenName(const std::string& name, ScreenId* out);
std::vector<ScreenId> AllScreens();
// Whether the current screen shows the camera picture.
bool CameraWanted(const AppState& state);
// Screenshot content for `screen` (from its feature).
void FillDemo(AppState& state, ScreenId screen, const DemoData& demo);
// The feature a screen belongs to, or nullptr.
const Feature* FeatureOf(ScreenId screen);

}  // namespace onestop
