// The app's widget vocabulary, in ImGui's idiom: BigButton, Tile, Banner, Keypad, OnScreenKeyboard,
// ConfirmBar, ScrollList (drag-to-scroll with tap-versus-drag). Every text passes through here as
// data (never as a format string). Widgets edit nothing themselves: text buffers are app-owned and
// changed by the SetField commands they emit.
#pragma once
#include <imgui.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kiosk/core/shell/command.h"
#include "ui/icons.h"
#include "ui/keyboard.h"
#include "ui/theme.h"

namespace onestop::ui {

enum class Tone { kNormal, kPrimary, kDanger, kQuiet };

void Label(std::string_view text);
void LabelMuted(std::string_view text);
void LabelWrapped(std::string_view text);
void Title(std::string_view text);

// `text` cut to fit `max_px` in the current font, ending in "…" when cut (at a code point
// boundary): for one-line places such as the status bar, where wrapping would push other things away.
std::string Elide(std::string_view text, float max_px);

// A button at least one touch target tall. `id` is stable across languages; the label is data.
// `spoken`: what read-aloud says for it when the label is an icon (an icon has no words).
bool BigButton(std::string_view label, const char* id, ImVec2 size_px, Tone tone = Tone::kNormal, bool enabled = true,
               std::string_view spoken = {});
// A home-screen tile: title + subtitle, whole area tappable; `icon` (ui/icons.h, 0 = none) drawn
// large at its left.
// The tile grows to hold its words; with `grow` false it keeps `size_px` and draws them smaller instead.
bool Tile(std::string_view title, std::string_view subtitle, const char* id, ImVec2 size_px, char16_t icon = 0,
          bool grow = true);
// The height Tile() takes for these words at `width` (at least `min_height`): tiles of one row or grid
// use the tallest so they line up.
float TileHeight(std::string_view title, std::string_view subtitle, float width, float min_height, char16_t icon = 0);
void Banner(std::string_view text, ImU32 background);

struct KeypadLabels { std::string clear, ok; };
// 3x4 numeric keypad editing the app-owned `value` of `field` (SetField); OK pushes `on_ok`.
void Keypad(const char* field, const std::string& value, size_t max_len, const KeypadLabels& labels,
            const std::vector<Command>& on_ok, Commands& out, float width_px);

// OnScreenKeyboard: ui/keyboard.h (included above).

// Chips (anything with `id`, `label` and `selected`) flow left to right and wrap; each is a full touch
// target at least `min_width_px` wide, `pad_px` wider than its text, with its icon (icon::ForChip)
// before the words when it has one. Returns the index tapped, or -1.
template <class Chip>
int ChipRow(const std::vector<Chip>& chips, float min_width_px, float pad_px) {
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  int tapped = -1;
  for (size_t i = 0; i < chips.size(); ++i) {
    const auto& c = chips[i];
    const char16_t ic = icon::ForChip(c.id);
    const std::string label = ic ? icon::Utf8(ic) + " " + c.label : c.label;
    const float w = std::max(min_width_px, ImGui::CalcTextSize(label.c_str()).x + pad_px);
    if (i > 0) {
      ImGui::SameLine();
      if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
    }
    if (BigButton(label, c.id.c_str(), ImVec2(w, TargetPx()), c.selected ? Tone::kPrimary : Tone::kNormal))
      tapped = static_cast<int>(i);
  }
  return tapped;
}

// Label → value rows (muted labels in a fixed column, wrapped values): what a form or screen knows.
void FactTable(const char* id, const std::vector<std::pair<std::string, std::string>>& rows, float label_width_px);

// A typed buffer as a field (its placeholder muted while empty) with a Clear button beside it that
// empties `field` (SetField). `clear_id` is the button's widget id.
void TextWithClear(const std::string& field, const std::string& value, const std::string& placeholder,
                   const std::string& clear_label, const char* clear_id, Commands& out);

// Shows `value` as a read-only field with a caret: the text of an app-owned buffer. While `value` is
// empty, `placeholder` shows instead, muted and after the caret, so it never reads as typed text.
void TextField(std::string_view value, float width_px, std::string_view placeholder = {});

enum class ConfirmChoice { kNone, kConfirm, kCancel };
ConfirmChoice ConfirmBar(std::string_view confirm, std::string_view cancel, bool confirm_enabled = true);

// Test instrumentation: while a sink is set, every tappable widget appends its id and screen rect,
// so view tests can tap by id instead of guessing coordinates. Off (nullptr) in the product.
struct RecordedItem { std::string id; ImVec2 min, max; bool enabled; bool visible; };  // visible: centre not clipped
void SetItemRecorder(std::vector<RecordedItem>* sink);
// Likewise for text that layout tests check (status bar, banners, fields): the id of the place, the
// text as shown (after eliding), its screen rect and colour.
// Wrapped and centred texts also give their lines as drawn and the box they must stay inside (a
// button's or tile's rectangle, a wrap column, the window's clip; y unbounded where the place scrolls).
struct RecordedText {
  std::string id; std::string shown; ImVec2 min, max; ImU32 color;
  std::vector<std::string> lines = {};
  ImVec2 box_min = ImVec2(-1e9f, -1e9f), box_max = ImVec2(1e9f, 1e9f);
};
void SetTextRecorder(std::vector<RecordedText>* sink);
// Draws `text` at the cursor as one line (Label) and records it under `id`.
void LabelAt(const char* id, std::string_view text);
// Draws `text` wrapped to the available width (LabelWrapped) and records it under `id`.
void LabelWrappedAt(const char* id, std::string_view text);
// Records a region that holds text (e.g. the status bar) without drawing anything.
void RecordRegion(const char* id, ImVec2 min, ImVec2 max);
// Records a tappable area drawn without BigButton (e.g. the writing pad) for view tests.
void RecordItem(const char* id, ImVec2 min, ImVec2 max);

// A scrolling child region that scrolls by dragging anywhere inside it. A press that moves less than
// io.MouseDragThreshold is a tap (the item under it fires); a longer move scrolls and cancels the
// press, so a drag that ends on a button never clicks it. Nested lists: the innermost one under the
// finger scrolls. Always pair with EndScrollList().
void BeginScrollList(const char* id, ImVec2 size_px, bool border = true);
void EndScrollList();

}  // namespace onestop::ui
