// Code entry layout (see code_entry.h). The keyboard keeps touch-sized keys (one target wide each);
// the text column takes what is left and wraps, so long Chinese or English hints never push the keys.
#include "ui/code_entry.h"

#include <imgui.h>

#include "ui/theme.h"

namespace onestop::ui {

void CodeEntryMessages(const CodeEntryText& t, float width) {
  // Label() wraps at the pushed position (LabelWrapped would wrap at the window's edge instead).
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
  Label(t.hint);
  if (!t.note.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, color::kMuted);
    Label(t.note);
    ImGui::PopStyleColor();
  }
  if (!t.status.empty()) {
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, t.status_is_error ? color::kDanger : color::kPrimary);
    Label(t.status);
    ImGui::PopStyleColor();
  }
  ImGui::PopTextWrapPos();
}

void CodeEntry(const CodeEntryText& t, const std::vector<Command>& on_done, Commands& out) {
  const float avail = ImGui::GetContentRegionAvail().x;
  const float gap = Em(0.8f);
  // BigButton keeps every key at least one touch target wide: ten keys a row need this much.
  const float kb_w = 10 * TargetPx() + 9 * ImGui::GetStyle().ItemSpacing.x;
  const float text_w = avail - kb_w - gap;
  const bool beside = text_w >= Em(6.0f);  // landscape; a portrait panel stacks them (it has the height)
  ImGui::BeginGroup();
  // Beside the keyboard the column is narrow: a problem replaces the instructions (it says what to do).
  CodeEntryText shown = t;
  if (beside && !t.status.empty()) shown.hint = shown.note = {};
  CodeEntryMessages(shown, beside ? text_w : avail);
  ImGui::Spacing();
  Label(t.label);
  TextField(t.value, beside ? text_w : avail, t.placeholder);  // placeholder muted, never as typed text
  ImGui::EndGroup();
  if (beside) ImGui::SameLine(0, gap);
  ImGui::BeginGroup();
  OnScreenKeyboard(t.field, std::string(t.value), t.shifted, 128, t.keys, on_done, out, beside ? kb_w : avail,
                   KeyboardMode::kCode);
  ImGui::EndGroup();
}

}  // namespace onestop::ui
