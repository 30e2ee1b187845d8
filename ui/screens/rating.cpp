// Rating screens: the list of completed services to rate, and the rating itself — big 1–5 buttons, dimension rows, tags, a comment, and
// "ask to redo it" for a poor score. Reads view models and pushes commands only.
#include <imgui.h>

#include <algorithm>

#include "kiosk/core/features/rating/commands.h"
#include "kiosk/core/features/rating/feature.h"
#include "kiosk/core/features/rating/views.h"
#include "ui/screens.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace onestop::ui {
namespace {

// Five buttons 1..5 (the chosen one highlighted), each at least one touch target.
void ScoreButtons(const rateui::ScoreRow& row, const std::vector<std::string>& words, float width, Commands& out) {
  ImGui::PushID(row.dimension.empty() ? "rate.overall" : ("rate.dim." + row.dimension).c_str());
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float w = std::max(TargetPx(), (width - gap * 4) / 5.0f);
  for (int i = 1; i <= 5; ++i) {
    if (i > 1) ImGui::SameLine();
    const std::string label = std::to_string(i) + (words.size() >= 5 ? "  " + words[static_cast<size_t>(i - 1)] : "");
    if (BigButton(label, std::to_string(i).c_str(), ImVec2(w, TargetPx()), row.value == i ? Tone::kPrimary : Tone::kNormal))
      out.Push(rateui::cmd::SetScore{row.dimension, i});
  }
  ImGui::PopID();
}

// Why Send was refused, in red where the problem is; on the first frame after each refused Send the
// screen scrolls it into view (the Send button is on the navigation bar, so the form may be scrolled
// anywhere when it is tapped). ImGui's state storage remembers which refusal was shown already.
void RefusalHere(const rateui::RateView& v, ImGuiID seen_key) {
  ImGui::PushStyleColor(ImGuiCol_Text, color::kDanger);
  LabelWrapped(v.error);
  ImGui::PopStyleColor();
  ImGuiStorage* st = ImGui::GetStateStorage();
  if (st->GetInt(seen_key, 0) != v.error_seq) {
    st->SetInt(seen_key, v.error_seq);
    ImGui::SetScrollHereY(0.25f);
  }
}

}  // namespace

void DrawToRateScreen(const rateui::ToRateView& v, Commands& out) {
  Title(v.title);
  if (v.signed_in) {
    Label(v.who);
    ImGui::SameLine(0, Em(1.0f));
    if (BigButton(v.sign_out_label, "signin.sign_out", ImVec2(Em(9.0f), TargetPx()), Tone::kQuiet))
      out.Push(cmd::StaffSignOut{});
    if (!v.countdown.empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, color::kWarn);
      Label(v.countdown);
      ImGui::PopStyleColor();
    }
  }
  if (v.loading) {
    LabelMuted(v.loading_text);
    return;
  }
  if (v.needs_sign_in) {
    if (BigButton(v.sign_in_label, "rate.sign_in", ImVec2(Em(14.0f), TargetPx()), Tone::kPrimary))
      out.Push(cmd::Navigate{screens::kSignIn});
    return;
  }
  if (v.rows.empty()) LabelWrapped(v.empty_text);
  const float w = ImGui::GetContentRegionAvail().x;
  for (const auto& r : v.rows) {
    ImGui::PushID(r.ticket.c_str());
    if (Tile(r.title, r.detail + "   " + r.status, "row", ImVec2(w, TargetPx() * 1.5f))) out.Push(rateui::cmd::PickTicket{r.ticket});
    ImGui::PopID();
  }
}

void DrawRateScreen(const rateui::RateView& v, Commands& out) {
  Title(v.title);
  LabelMuted(v.detail);
  if (!v.first.empty()) {
    Banner(v.first, color::kBanner);
    return;
  }
  if (v.submitted) {
    ImGui::PushStyleColor(ImGuiCol_Text, v.state == ActionState::kRejected || v.state == ActionState::kFailed ? color::kDanger : color::kOk);
    Title(v.progress_title);
    ImGui::PopStyleColor();
    if (!v.progress_detail.empty()) LabelWrapped(v.progress_detail);
    if (BigButton(v.done_label, "rate.done", ImVec2(Em(12.0f), TargetPx()), Tone::kPrimary)) out.Push(cmd::Back{});
    return;
  }
  const float w = ImGui::GetContentRegionAvail().x;
  const ImGuiID seen = ImGui::GetID("rate.refusal_seen");  // outside the table: one key wherever it is drawn
  const bool at_row = v.overall.missing || std::any_of(v.dimensions.begin(), v.dimensions.end(), [](const auto& d) { return d.missing; });
  if (!v.error.empty() && !at_row) RefusalHere(v, seen);
  if (v.overall.missing) RefusalHere(v, seen);
  Label(v.overall.label);
  ScoreButtons(v.overall, v.score_labels, w, out);
  if (ImGui::BeginTable("##dims", 2, ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("##l", ImGuiTableColumnFlags_WidthFixed, Em(7.0f));
    ImGui::TableSetupColumn("##b", ImGuiTableColumnFlags_WidthStretch);
    for (const auto& d : v.dimensions) {
      if (d.missing) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TableNextColumn();
        RefusalHere(v, seen);
      }
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (TargetPx() - ImGui::GetFontSize()) * 0.5f);
      Label(d.label);
      ImGui::TableNextColumn();
      ScoreButtons(d, {}, ImGui::GetContentRegionAvail().x, out);
    }
    ImGui::EndTable();
  }
  if (!v.tags.empty()) {
    Label(v.tags_label);
    const float right = ImGui::GetCursorScreenPos().x + w;
    for (size_t i = 0; i < v.tags.size(); ++i) {
      const auto& [code, label] = v.tags[i];
      const bool on = std::find(v.tags_on.begin(), v.tags_on.end(), code) != v.tags_on.end();
      const float bw = std::max(TargetPx() * 1.6f, ImGui::CalcTextSize(label.c_str()).x + Em(1.6f));
      if (i > 0) {
        ImGui::SameLine();
        if (ImGui::GetCursorScreenPos().x + bw > right) ImGui::NewLine();
      }
      if (BigButton(label, ("tag." + code).c_str(), ImVec2(bw, TargetPx()), on ? Tone::kPrimary : Tone::kNormal))
        out.Push(rateui::cmd::ToggleTag{code});
    }
  }
  if (v.can_reopen &&
      BigButton(v.reopen_label, "rate.reopen", ImVec2(std::min(w, Em(22.0f)), TargetPx()), v.reopen ? Tone::kDanger : Tone::kNormal))
    out.Push(rateui::cmd::SetReopen{!v.reopen});
  Label(v.comment_label);
  TextField(v.comment, w - Em(10.0f), v.comment_placeholder);
  ImGui::SameLine();
  if (BigButton(v.keyboard_toggle, "rate.keyboard", ImVec2(Em(9.5f), TargetPx()), Tone::kQuiet))
    out.Push(rateui::cmd::ToggleKeyboard{});
  if (v.keyboard_open)
    OnScreenKeyboard(v.comment_field.c_str(), v.comment, v.keyboard_shift, 600, {v.key_space, v.key_shift, v.key_done},
                     {rateui::cmd::ToggleKeyboard{}}, out, w);
}

}  // namespace onestop::ui
