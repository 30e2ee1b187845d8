// The on-screen keyboard (issue 17): QWERTY keys plus, for free text in Chinese, an engine switch
// (pinyin, handwriting, Latin), the pinyin composition with a paged candidate bar, and a writing pad
// whose strokes go to the core (recognised on a worker). Draws the core's KeyboardView and pushes
// keyboard commands; it never calls an input engine and never edits a buffer itself.
#pragma once
#include <string>
#include <vector>

#include "kiosk/core/shell/command.h"

namespace onestop {
struct AppState;
}

namespace onestop::ui {

struct KeyboardLabels { std::string space, shift, done; };
// kText: free text, typed through the language's engines. kCode: a label or enrollment code, Latin only.
enum class KeyboardMode { kText, kCode };

// The state the text keyboards of this frame read (set by DrawRoot; null: Latin only, as in widget tests).
void SetKeyboardState(const AppState* s);

// Keys edit the app-owned `value` of `field` (at most max_len code points). Shift state is part of the
// app-owned state (`shifted`), toggled through SetShift; Done commits any composition, then pushes `on_done`.
void OnScreenKeyboard(const char* field, const std::string& value, bool shifted, size_t max_len,
                      const KeyboardLabels& labels, const std::vector<Command>& on_done, Commands& out,
                      float width_px, KeyboardMode mode = KeyboardMode::kText);

}  // namespace onestop::ui
