// The frame's chrome and its entry point: DrawRoot lays out the status bar, the banner, the current
// screen (through ui/screen_table.cpp), the navigation bar and the idle overlay. Each screen's own
// DrawXxx lives in ui/screens/<feature>.cpp and is named only by the table. Nothing here does I/O.
#pragma once
#include "kiosk/core/shell/app_state.h"
#include "kiosk/core/shell/command.h"
#include "kiosk/core/features/read_aloud/feature.h"
#include "kiosk/core/shell/views.h"

namespace onestop::ui {

// `ra`: the read-aloud switch (issue 17), left of elder mode and language.
void DrawStatusBar(const StatusBarView& v, const readaloud::ToggleView& ra, Commands& out);
void DrawNavBar(const ChromeView& v, Commands& out);
void DrawIdleOverlay(const StatusBarView& v, Commands& out);
// Draws the current screen of `s` from the screen table; false for a screen the table lacks.
bool DrawScreen(const AppState& s, Commands& out);

// The whole frame for the current screen of `s`.
void DrawRoot(const AppState& s, const IdleStatus& idle, Commands& out);

}  // namespace onestop::ui
