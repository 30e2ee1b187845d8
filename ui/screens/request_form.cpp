// One form for repair, cleaning and complaint requests: pre-filled facts, choice chips, a note from
// quick phrases or the keyboard (Send is on the navigation bar); after sending, where it stands.
// Reads the view model and pushes commands; validation and the outbox live in the core and app.
#include <imgui.h>

#include <algorithm>
#include <functional>

#include "kiosk/core/features/requests/commands.h"
#include "kiosk/core/features/requests/feature.h"
#include "kiosk/core/features/requests/views.h"
#include "ui/screens.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace onestop::ui {
namespace {

// The form's chips: at least 1.6 targets wide, so a short word is still an easy tap.
const requests::Chip* Chips(const std::vector<requests::Chip>& chips) {
  const int i = ChipRow(chips, TargetPx() * 1.6f, Em(1.6f));
  return i < 0 ? nullptr : &chips[static_cast<size_t>(i)];
}

void Progress(const requests::RequestFormView& v, Commands& out) {
  ImU32 tone = color::kPrimary;
  if (v.state == ActionState::kSent) tone = color::kOk;
  if (v.state == ActionState::kRejected || v.state == ActionState::kFailed) tone = color::kDanger;
  ImGui::PushStyleColor(ImGuiCol_Text, tone);
  Title(v.progress_title);
  ImGui::PopStyleColor();
  if (!v.progress_detail.empty()) LabelWrapped(v.progress_detail);
  ImGui::Spacing();
  const float w = Em(12.0f);
  if (BigButton(v.done_label, (v.form + ".done").c_str(), ImVec2(w, TargetPx()), Tone::kPrimary)) out.Push(cmd::GoHome{});
  ImGui::SameLine();
  if (BigButton(v.list_label, (v.form + ".list").c_str(), ImVec2(w, TargetPx()))) out.Push(cmd::Navigate{screens::kRequests});
}

}  // namespace

void DrawRequestForm(const requests::RequestFormView& v, Commands& out) {
  Title(v.title);
  if (v.loading) {
    LabelWrapped(v.loading_text);
    return;
  }
  if (v.submitted) {
    Progress(v, out);
    return;
  }
  // Two columns on a landscape panel: what is known and the choices on the left, the note and Send
  // on the right, so a nurse sends without scrolling. The keyboard, when open, spans both below.
  const bool two_cols = ImGui::GetContentRegionAvail().x > Em(36.0f);
  if (two_cols) {
    ImGui::BeginTable("##form", 2, ImGuiTableFlags_SizingStretchProp);
    ImGui::TableSetupColumn("##left", ImGuiTableColumnFlags_WidthStretch, 0.55f);
    ImGui::TableSetupColumn("##right", ImGuiTableColumnFlags_WidthStretch, 0.45f);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
  }
  FactTable("##facts", v.facts, Em(6.0f));
  if (!v.notice.empty()) Banner(v.notice, color::kBanner);
  for (const auto& g : v.groups) {
    ImGui::Spacing();
    Label(g.label);
    if (const auto* c = Chips(g.chips))
      for (const auto& cmd : c->on_tap) out.Push(cmd);
  }
  if (two_cols) ImGui::TableNextColumn();
  else ImGui::Spacing();
  Label(v.text_label);
  // The text with its Clear button beside it; then the phrases, with the keyboard toggle last.
  TextWithClear(v.text_field, v.text_value, v.text_placeholder, v.clear_label, (v.form + ".clear").c_str(), out);
  std::vector<requests::Chip> chips = v.phrases;
  chips.push_back({v.form + ".keyboard", v.keyboard_toggle, {}, v.keyboard_open});
  if (const auto* c = Chips(chips)) {
    if (c->id == v.form + ".keyboard") out.Push(requests::cmd::ToggleKeyboard{v.form_id});
    // A phrase is appended, so "Not working" + "Alarm sounding" both reach the desk.
    else out.Push(cmd::SetField{v.text_field, v.text_value.empty() ? c->label : v.text_value + ", " + c->label});
  }
  if (!v.photo_label.empty()) {
    // Repair only: a photo of the fault, taken with the terminal's camera.
    ImGui::Spacing();
    const float pw = std::max(Em(10.0f), ImGui::CalcTextSize(v.photo_label.c_str()).x + Em(1.6f));
    if (BigButton(v.photo_label, "repair.photo", ImVec2(pw, TargetPx()), Tone::kQuiet)) {
      if (v.has_photo) {
        out.Push(requests::cmd::RemovePhoto{});
      } else {
        out.Push(requests::cmd::AddPhoto{});
      }
    }
  }
  if (!v.error.empty()) {
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, color::kDanger);
    LabelWrapped(v.error);
    ImGui::PopStyleColor();
  }
  if (two_cols) ImGui::EndTable();
  if (v.keyboard_open)
    OnScreenKeyboard(v.text_field.c_str(), v.text_value, v.keyboard_shift, 600, {v.key_space, v.key_shift, v.key_done},
                     {requests::cmd::CloseKeyboard{}}, out, ImGui::GetContentRegionAvail().x);
}

}  // namespace onestop::ui
