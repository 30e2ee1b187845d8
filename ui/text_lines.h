// Line breaking for every wrapped text the widgets draw (issue 16: "Asia/Shan ghai", a placeholder cut
// inside "u|se"): breaks at spaces, after separators (/ - ·) and between CJK characters (not before
// closing or after opening punctuation), never inside a Latin word or a number. It only measures;
// drawing and shrinking a word that is wider than the whole line are the caller's (ui/widgets.cpp).
#pragma once
#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

namespace onestop::ui {

struct TextLines {
  std::vector<std::string_view> lines;  // views into the text; spaces at a break are dropped
  float widest = 0.0f;                  // the widest line in px at `size`
};

// `text` in `font` at `size` px broken into lines no wider than `width` where a break is allowed; a
// single word wider than `width` stays whole on a line of its own (then widest > width). '\n' always
// breaks.
TextLines BreakLines(std::string_view text, float width, const ImFont* font, float size);

// The lines joined with '\n' (what ImGui draws as one multi-line text without its own wrapping).
std::string JoinLines(const TextLines& t);

}  // namespace onestop::ui
