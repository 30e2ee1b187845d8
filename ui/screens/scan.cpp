// Scan screen: the live camera picture with a viewfinder, what is happening in words, and manual
// entry of the code on the on-screen keyboard when there is no camera or the label will not read.
// Draws the feed it is given; it never opens the camera or decodes (the app's scan service does).
#include <imgui.h>

#include <algorithm>

#include "kiosk/core/features/requests/commands.h"
#include "kiosk/core/features/requests/feature.h"
#include "kiosk/core/features/requests/views.h"
#include "ui/preview.h"
#include "ui/screens.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace onestop::ui {
namespace {

// Corner marks of the viewfinder: where to hold the label. Green for a moment after a read.
void Viewfinder(ImDrawList* dl, ImVec2 a, ImVec2 b, bool flash) {
  const ImU32 c = flash ? color::kOk : color::kPrimary;
  const float w = b.x - a.x, h = b.y - a.y;
  const float inset = std::min(w, h) * 0.15f, len = std::min(w, h) * 0.14f, t = Em(0.25f);
  const ImVec2 p0(a.x + w * 0.5f - (h - 2 * inset) * 0.5f, a.y + inset), p1(a.x + w * 0.5f + (h - 2 * inset) * 0.5f, b.y - inset);
  const ImVec2 corners[4] = {p0, ImVec2(p1.x, p0.y), ImVec2(p0.x, p1.y), p1};
  for (int i = 0; i < 4; ++i) {
    const float sx = (i % 2 == 0) ? 1.0f : -1.0f, sy = (i < 2) ? 1.0f : -1.0f;
    dl->AddLine(corners[i], ImVec2(corners[i].x + sx * len, corners[i].y), c, t);
    dl->AddLine(corners[i], ImVec2(corners[i].x, corners[i].y + sy * len), c, t);
  }
  if (flash) dl->AddRect(a, b, color::kOk, 0.0f, 0, t * 2);
}

}  // namespace

void DrawScanScreen(const requests::ScanView& v, Commands& out) {
  Title(v.title);
  const float avail = ImGui::GetContentRegionAvail().x;
  const float gap = Em(0.8f);
  const float side_w = std::max(Em(14.0f), avail * 0.34f);
  if (!v.manual) {
    const float pic_w = avail - side_w - gap;
    const float pic_h = std::min(pic_w * 9.0f / 16.0f, ImGui::GetContentRegionAvail().y - Em(1.0f));
    const ImVec2 a = ImGui::GetCursorScreenPos();
    const ImVec2 b(a.x + pic_w, a.y + pic_h);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (ImTextureID tex = v.camera ? PreviewTexture(*v.camera) : nullptr) dl->AddImage(tex, a, b);
    else dl->AddRectFilled(a, b, IM_COL32(40, 40, 40, 255));
    Viewfinder(dl, a, b, v.flash);
    ImGui::Dummy(ImVec2(pic_w, pic_h));
    ImGui::SameLine(0, gap);
  }
  ImGui::BeginGroup();
  const float col_w = v.manual ? avail : side_w;
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + col_w);
  LabelWrapped(v.hint);
  if (!v.status.empty()) {
    ImGui::Spacing();
    if (v.status_is_error) ImGui::PushStyleColor(ImGuiCol_Text, color::kDanger);
    LabelWrapped(v.status);
    if (v.status_is_error) ImGui::PopStyleColor();
  }
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
  if (v.photo_mode) {
    if (BigButton(v.take_photo_label, "scan.take_photo", ImVec2(col_w, TargetPx()), Tone::kPrimary, v.can_take))
      out.Push(requests::cmd::TakePhoto{});
  } else if (!v.manual) {
    if (BigButton(v.manual_toggle, "scan.manual", ImVec2(col_w, TargetPx()))) out.Push(requests::cmd::OpenManualEntry{});
  } else {
    Label(v.manual_label);
    TextField(v.code_value.empty() ? v.code_placeholder : v.code_value, col_w);
    OnScreenKeyboard(v.code_field.c_str(), v.code_value, v.keyboard_shift, 128, {v.key_space, v.key_shift, v.key_done},
                     {requests::cmd::LookUpTyped{}}, out, col_w);
  }
  ImGui::EndGroup();
}

}  // namespace onestop::ui
