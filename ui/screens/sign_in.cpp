// Staff sign-in: what to type on the left (the PIN shown as dots), a number pad on the right, and
// the badge hint. Reads the view model and pushes the commands it carries; never sees a PIN's digits
// beyond the keypad's buffer.
#include <imgui.h>

#include "kiosk/core/features/staff/feature.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace onestop::ui {

void DrawSignInScreen(const staffui::SignInView& v, Commands& out) {
  Title(v.title);
  if (!v.available) {
    LabelWrapped(v.hint);
    return;
  }
  // What to type on the left, the keypad on the right: the whole pad stays on screen at 1280x800.
  if (!ImGui::BeginTable("##signin", 2, ImGuiTableFlags_SizingStretchProp)) return;
  ImGui::TableSetupColumn("##text", ImGuiTableColumnFlags_WidthStretch, 0.45f);
  ImGui::TableSetupColumn("##pad", ImGuiTableColumnFlags_WidthStretch, 0.55f);
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  LabelWrapped(v.hint);
  Label(v.field_label);
  TextField(v.value_masked, ImGui::GetContentRegionAvail().x);
  if (!v.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, color::kDanger);
    LabelWrapped(v.error);
    ImGui::PopStyleColor();
  }
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_Text, color::kMuted);
  LabelWrapped(v.badge_hint);
  ImGui::PopStyleColor();
  ImGui::TableNextColumn();
  Keypad(v.field.c_str(), v.value, 12, {v.clear_label, v.ok_label}, v.on_ok, out, ImGui::GetContentRegionAvail().x);
  ImGui::EndTable();
}

}  // namespace onestop::ui
