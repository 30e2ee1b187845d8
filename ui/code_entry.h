// Typing a code on the on-screen keyboard (a label's code on Scan, an enrollment code): what to do,
// the problem if any, and the field on the left; the keyboard (touch-sized keys) on the right, so on
// a 1280x800 panel nothing scrolls out of sight (issue 16); stacked on a portrait panel. Draws what it
// is given; it must not decide or parse.
#pragma once
#include <string_view>
#include <vector>

#include "kiosk/core/shell/shell.h"
#include "ui/widgets.h"

namespace onestop::ui {

struct CodeEntryText {
  std::string_view hint, note;        // what to do; a quieter line under it (may be empty)
  std::string_view status;            // progress or the refusal (may be empty)
  bool status_is_error = false;
  std::string_view label, value, placeholder;
  const char* field = "";             // the typed buffer's name
  bool shifted = false;
  KeyboardLabels keys;
};

void CodeEntry(const CodeEntryText& t, const std::vector<Command>& on_done, Commands& out);

// The wrapped hint, quiet note and coloured status lines both code screens show, `width` wide.
void CodeEntryMessages(const CodeEntryText& t, float width);

}  // namespace onestop::ui
