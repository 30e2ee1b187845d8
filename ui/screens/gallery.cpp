// Widget check: every widget of the vocabulary on one service screen (our ShowDemoWindow), so a
// technician can test the touch panel and tests can tap every widget.
#include <imgui.h>

#include "kiosk/core/features/foundation/feature.h"
#include "ui/screens.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace onestop::ui {

void DrawGalleryScreen(const foundation::GalleryView& v, Commands& out) {
  Title(v.title);
  if (v.locked) {
    LabelWrapped(v.locked_text);
    if (!v.sign_in_label.empty() && BigButton(v.sign_in_label, "gallery.sign_in", ImVec2(Em(12.0f), TargetPx()), Tone::kPrimary))
      out.Push(cmd::Navigate{screens::kSignIn});
    return;
  }
  const float col_w = (ImGui::GetContentRegionAvail().x - Em(1.0f)) / 2.0f;
  ImGui::BeginGroup();
  Label(v.keypad_label);
  TextField(v.keypad_value, col_w * 0.6f);
  // OK takes the number (here: clears the sample buffer), as a real keypad's owner would.
  Keypad("gallery.keypad", v.keypad_value, 12, {v.keypad_clear, v.keypad_ok}, {cmd::SetField{"gallery.keypad", ""}}, out,
         col_w * 0.6f);
  ImGui::EndGroup();
  ImGui::SameLine(0, Em(1.0f));
  ImGui::BeginGroup();
  Label(v.list_label);
  BeginScrollList("gallery.list", ImVec2(col_w, TargetPx() * 4.5f));
  for (size_t i = 0; i < v.list_items.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    if (BigButton(v.list_items[i], "item", ImVec2(ImGui::GetContentRegionAvail().x, TargetPx()), Tone::kQuiet))
      out.Push(cmd::SetField{"gallery.keyboard", v.list_items[i]});
    ImGui::PopID();
  }
  EndScrollList();
  ImGui::EndGroup();
  ImGui::Spacing();
  Label(v.keyboard_label);
  const float kb_w = ImGui::GetContentRegionAvail().x;
  TextField(v.keyboard_value, kb_w);
  OnScreenKeyboard("gallery.keyboard", v.keyboard_value, v.keyboard_shift, 40, {v.key_space, v.key_shift, v.key_done},
                   {}, out, kb_w);
  ImGui::Spacing();
  Banner(v.banner_text, color::kBanner);
  // The confirm bar only clears the sample buffers here; on real screens it commits an action.
  if (ConfirmBar(v.confirm_label, v.cancel_label, !v.keyboard_value.empty()) != ConfirmChoice::kNone) {
    out.Push(cmd::SetField{"gallery.keypad", ""});
    out.Push(cmd::SetField{"gallery.keyboard", ""});
  }
}

}  // namespace onestop::ui
