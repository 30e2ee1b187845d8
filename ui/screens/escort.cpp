// The escort screen (ward kiosk): the patient's bed, destination, when and how as chips, an optional
// note from quick phrases or the keyboard (Send is on the navigation bar); after sending, where the
// request stands. Reads the view model and pushes its commands; no rule and no text of its own.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <functional>

#include "kiosk/core/features/escort/commands.h"
#include "kiosk/core/features/escort/views.h"
#include "ui/bed_grid.h"
#include "ui/screens.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace onestop::ui {
namespace {

using escort::EscortChip;

// Narrower than the request form's chips: this screen holds four choices and a note on one panel.
const EscortChip* Chips(const std::vector<EscortChip>& chips) {
  const int i = ChipRow(chips, TargetPx() * 1.2f, Em(1.2f));
  return i < 0 ? nullptr : &chips[static_cast<size_t>(i)];
}

void PushAll(const EscortChip& c, Commands& out) {
  for (const auto& cmd : c.on_tap) out.Push(cmd);
}

void Progress(const escort::EscortView& v, Commands& out) {
  ImU32 tone = color::kPrimary;
  if (v.state == ActionState::kSent) tone = color::kOk;
  if (v.state == ActionState::kRejected || v.state == ActionState::kFailed) tone = color::kDanger;
  ImGui::PushStyleColor(ImGuiCol_Text, tone);
  Title(v.progress_title);
  ImGui::PopStyleColor();
  if (!v.progress_detail.empty()) LabelWrapped(v.progress_detail);
  ImGui::Spacing();
  FactTable("##escort.sent", v.sent_facts, Em(7.0f));
  ImGui::Spacing();
  const float w = Em(12.0f);
  if (BigButton(v.done_label, "escort.done", ImVec2(w, TargetPx()), Tone::kPrimary)) out.Push(cmd::GoHome{});
  ImGui::SameLine();
  if (BigButton(v.again_label, "escort.again", ImVec2(w, TargetPx()))) out.Push(escort::cmd::StartNew{});
}

void Note(const escort::EscortView& v, Commands& out) {
  Label(v.text_label);
  TextWithClear(v.text_field, v.text_value, v.text_placeholder, v.clear_label, "escort.clear", out);
  std::vector<EscortChip> chips = v.phrases;
  chips.push_back({"escort.keyboard", v.keyboard_toggle, {escort::cmd::ToggleKeyboard{}}, v.keyboard_open});
  if (const EscortChip* c = Chips(chips)) {
    if (!c->on_tap.empty()) return PushAll(*c, out);
    // A phrase is appended, so "Oxygen" + "Infusion running" both reach the porter.
    out.Push(cmd::SetField{v.text_field, v.text_value.empty() ? c->label : v.text_value + ", " + c->label});
  }
}

}  // namespace

void DrawEscortScreen(const escort::EscortView& v, Commands& out) {
  Title(v.title);
  if (v.submitted) {
    Progress(v, out);
    return;
  }
  // Two columns on a landscape panel: the patient (bed) and when on the left, where to and how on the
  // right, so every required choice is on the panel; the optional note follows on the right (it may
  // need a drag on a small panel). The keyboard spans both columns below.
  const bool two_cols = ImGui::GetContentRegionAvail().x > Em(36.0f);
  if (two_cols) {
    ImGui::BeginTable("##escort", 2, ImGuiTableFlags_SizingStretchProp);
    ImGui::TableSetupColumn("##left", ImGuiTableColumnFlags_WidthStretch, 0.5f);
    ImGui::TableSetupColumn("##right", ImGuiTableColumnFlags_WidthStretch, 0.5f);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
  }
  Label(v.beds.label);
  if (!v.beds_status.empty()) LabelMuted(v.beds_status);
  // The nurse's meal grid's tiles (occupancy, diet); past three rows the grid scrolls by dragging, so
  // a 40-bed ward never pushes When off the panel.
  if (const int i = BedGrid(v.bed_tiles, "##escort.beds", 5.5f, 3, /*compact=*/true); i >= 0 && static_cast<size_t>(i) < v.beds.chips.size())
    PushAll(v.beds.chips[static_cast<size_t>(i)], out);
  auto group = [&](const escort::EscortGroup& g) {
    ImGui::Spacing();
    Label(g.label);
    if (const EscortChip* c = Chips(g.chips)) PushAll(*c, out);
  };
  group(v.when);
  if (two_cols) ImGui::TableNextColumn();
  group(v.destination);
  group(v.mode);
  ImGui::Spacing();
  Note(v, out);
  if (!v.error.empty()) {
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, color::kDanger);
    LabelWrapped(v.error);
    ImGui::PopStyleColor();
  }
  if (two_cols) ImGui::EndTable();
  if (v.keyboard_open)
    OnScreenKeyboard(v.text_field.c_str(), v.text_value, v.keyboard_shift, 500, {v.key_space, v.key_shift, v.key_done},
                     {escort::cmd::CloseKeyboard{}}, out, ImGui::GetContentRegionAvail().x);
}

}  // namespace onestop::ui
