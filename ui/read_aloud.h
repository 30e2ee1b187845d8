// Read aloud in the UI (issue 17): the status bar's switch, the gate that makes a tap read an element
// before it acts while read-aloud is on, and the capture of a new screen's words in the order they are
// drawn (the way a screen reader walks the screen). It only reports to the core as typed commands
// (readaloud::cmd); what is said, and saying it, are the core's and the app's.
#pragma once
#include <cstdint>
#include <string_view>

#include "kiosk/core/shell/command.h"

namespace onestop {
struct AppState;
}

namespace onestop::ui {

// Frame start (DrawRoot): what the gate and the capture read this frame. Null: read-aloud off.
void BeginReadAloudFrame(const AppState* s);
// Frame end: pushes the element read by a tap and the captured screen, if any.
void EndReadAloudFrame(Commands& out);
// Around the screen's own drawing (not the status or navigation bars): its words are captured once.
void BeginScreenCapture();
void EndScreenCapture();
// Every text a widget draws (widgets.cpp): captured while a capture runs.
void CaptureSpoken(std::string_view text);
// A pressed element: true if it acts now; false if this tap only reads `words` (read-aloud on and the
// element not read by the previous tap).
bool TapActs(uint32_t element, std::string_view words);

// The status bar's switch (icon + words); it always acts on the first tap. Returns its width.
float ReadAloudSwitchWidth(std::string_view label);
void ReadAloudSwitch(std::string_view label, bool on, float width, Commands& out);

}  // namespace onestop::ui
