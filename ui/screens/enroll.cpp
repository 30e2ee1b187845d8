// Enrollment screen: the camera with a viewfinder for the console's QR code, or the code typed on the
// on-screen keyboard; then what the terminal became. Draws its view model and emits typed commands;
// it never talks to the hub (the app's enrollment service does).
#include <imgui.h>

#include "kiosk/core/features/enroll/commands.h"
#include "kiosk/core/features/enroll/feature.h"
#include "ui/code_entry.h"
#include "ui/preview.h"
#include "ui/screens.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace onestop::ui {
namespace {

void DrawDone(const enrollui::EnrollView& v, Commands& out) {
  ImGui::PushStyleColor(ImGuiCol_Text, color::kOk);
  LabelWrapped(v.done_title);
  ImGui::PopStyleColor();
  ImGui::Spacing();
  FactTable("##enrolled", v.done_rows, Em(9.0f));
  ImGui::Spacing();
  if (BigButton(v.start_label, "enroll.start", ImVec2(Em(14.0f), TargetPx()), Tone::kPrimary)) out.Push(cmd::GoHome{});
}

}  // namespace

void DrawEnrollScreen(const enrollui::EnrollView& v, Commands& out) {
  Title(v.title);
  if (v.done) return DrawDone(v, out);
  const CodeEntryText text{v.hint, v.hub_line, v.status, v.status_is_error, v.manual_label, v.code_value,
                           v.code_placeholder, v.code_field.c_str(), v.keyboard_shift,
                           {v.key_space, v.key_shift, v.key_done}};
  if (v.manual) return CodeEntry(text, {enrollui::cmd::SubmitTyped{}}, out);
  const float side_w = CameraPictureWithColumn(v.camera, v.flash);
  ImGui::BeginGroup();
  CodeEntryMessages(text, side_w);
  ImGui::Spacing();
  if (BigButton(v.manual_toggle, "enroll.type", ImVec2(side_w, TargetPx()), Tone::kNormal, !v.busy))
    out.Push(enrollui::cmd::ToggleTyping{});
  ImGui::EndGroup();
}

}  // namespace onestop::ui
