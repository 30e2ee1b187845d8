// Scan screen: the live camera picture with a viewfinder, what is happening in words, and manual
// entry of the code on the on-screen keyboard when there is no camera or the label will not read.
// Draws the feed it is given; it never opens the camera or decodes (the app's scan service does).
#include <imgui.h>

#include "kiosk/core/features/requests/commands.h"
#include "kiosk/core/features/requests/feature.h"
#include "kiosk/core/features/requests/views.h"
#include "ui/code_entry.h"
#include "ui/preview.h"
#include "ui/screens.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace onestop::ui {

void DrawScanScreen(const requests::ScanView& v, Commands& out) {
  Title(v.title);
  const CodeEntryText text{v.hint, {}, v.status, v.status_is_error, v.manual_label, v.code_value,
                           v.code_placeholder, v.code_field.c_str(), v.keyboard_shift,
                           {v.key_space, v.key_shift, v.key_done}};
  if (v.manual) return CodeEntry(text, {requests::cmd::LookUpTyped{}}, out);
  const float side_w = CameraPictureWithColumn(v.camera, v.flash);
  ImGui::BeginGroup();
  CodeEntryMessages(text, side_w);
  ImGui::Spacing();
  if (v.photo_mode) {
    if (BigButton(v.take_photo_label, "scan.take_photo", ImVec2(side_w, TargetPx()), Tone::kPrimary, v.can_take))
      out.Push(requests::cmd::TakePhoto{});
  } else if (BigButton(v.manual_toggle, "scan.manual", ImVec2(side_w, TargetPx()))) {
    out.Push(requests::cmd::OpenManualEntry{});
  }
  ImGui::EndGroup();
}

}  // namespace onestop::ui
