// Rating screens: the list of completed services to rate, and the rating itself — big 1–5 buttons, dimension rows, tags, a comment, and
// "ask to redo it" for a poor score. Reads view models and pushes commands only.
#include <imgui.h>

#include <algorithm>
#include <cfloat>
#include <string>
#include <vector>

#include "kiosk/core/features/rating/commands.h"
#include "kiosk/core/features/rating/feature.h"
#include "kiosk/core/features/rating/views.h"
#include "ui/fonts.h"
#include "ui/screens.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace onestop::ui {
namespace {

// How the five score buttons stand so that no label ever breaks inside a word (issue 16: "Exce llent"
// in elder mode on a portrait tablet). Side by side with "5  Excellent" on one line when every label
// fits its fifth of the width; side by side with the word under the number when the words fit; else
// one full-width button per score in a column, which an elderly reader takes in most easily. Buttons
// wrap their text only at their width less the padding (CenteredText), so a label whose every line is
// narrower than that is never broken by the font.
enum class ScoreLayout { kRow, kRowTwoLines, kColumn };

float WidestLine(const std::string& text) {
  float widest = 0.0f;
  size_t from = 0;
  while (from <= text.size()) {
    const size_t nl = std::min(text.find('\n', from), text.size());
    widest = std::max(widest, ImGui::CalcTextSize(text.data() + from, text.data() + nl).x);
    from = nl + 1;
  }
  return widest;
}

std::string ScoreLabel(int i, const std::vector<std::string>& words, ScoreLayout layout) {
  if (words.size() < 5) return std::to_string(i);
  const std::string& w = words[static_cast<size_t>(i - 1)];
  return std::to_string(i) + (layout == ScoreLayout::kRowTwoLines ? "\n" : "  ") + w;
}

ScoreLayout ChooseLayout(const std::vector<std::string>& words, float button_w) {
  const float room = button_w - Em(0.6f) - 1.0f;  // CenteredText's wrap width, less a pixel of rounding
  for (ScoreLayout l : {ScoreLayout::kRow, ScoreLayout::kRowTwoLines}) {
    bool fits = true;
    for (int i = 1; i <= 5 && fits; ++i) fits = WidestLine(ScoreLabel(i, words, l)) <= room;
    if (fits) return l;
  }
  return ScoreLayout::kColumn;
}

// Five buttons 1..5 (the chosen one highlighted), each at least one touch target, laid out by ChooseLayout.
void ScoreButtons(const rateui::ScoreRow& row, const std::vector<std::string>& words, float width, Commands& out) {
  ImGui::PushID(row.dimension.empty() ? "rate.overall" : ("rate.dim." + row.dimension).c_str());
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float w = std::max(TargetPx(), (width - gap * 4) / 5.0f);
  const ScoreLayout layout = ChooseLayout(words, w);
  const float line = ImGui::GetTextLineHeightWithSpacing();
  for (int i = 1; i <= 5; ++i) {
    const std::string label = ScoreLabel(i, words, layout);
    ImVec2 size(w, TargetPx());
    if (layout == ScoreLayout::kRowTwoLines) size.y = std::max(TargetPx(), line * 2.0f + Em(0.8f));
    if (layout == ScoreLayout::kColumn) size.x = width;
    if (i > 1 && layout != ScoreLayout::kColumn) ImGui::SameLine();
    if (BigButton(label, std::to_string(i).c_str(), size, row.value == i ? Tone::kPrimary : Tone::kNormal))
      out.Push(rateui::cmd::SetScore{row.dimension, i});
  }
  ImGui::PopID();
}

// The height a to-rate tile needs for its title and its lines (Tile centres them and cuts what does
// not fit): at least one and a half touch targets, so rows stay easy to tell apart and to tap.
float TileHeight(const std::string& title, const std::string& subtitle, float width) {
  FontManager* fm = ActiveFontManager();
  ImFont* tf = fm && fm->title() ? fm->title() : ImGui::GetFont();
  const float tsize = tf == ImGui::GetFont() ? ImGui::GetFontSize() : tf->FontSize;
  const float wrap = width - Em(0.6f);
  const float th = tf->CalcTextSizeA(tsize, FLT_MAX, wrap, title.data(), title.data() + title.size()).y;
  const float sh = ImGui::GetFont()->CalcTextSizeA(ImGui::GetFontSize(), FLT_MAX, wrap, subtitle.data(), subtitle.data() + subtitle.size()).y;
  return std::max(TargetPx() * 1.5f, th + sh + Em(0.3f) + Em(1.0f));
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
    if (Tile(r.title, r.detail, "row", ImVec2(w, TileHeight(r.title, r.detail, w)))) out.Push(rateui::cmd::PickTicket{r.ticket});
    ImGui::PopID();
  }
}

void DrawRateScreen(const rateui::RateView& v, Commands& out) {
  // What is being rated, before anything to tap: the service in the title font, the requester's own
  // words, then the asset, the place, who did it and when (each wrapped, never cut).
  if (FontManager* fm = ActiveFontManager(); fm && fm->title()) ImGui::PushFont(fm->title());
  else ImGui::PushFont(ImGui::GetFont());
  LabelWrappedAt("rate.what", v.title);
  ImGui::PopFont();
  if (!v.detail.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, color::kMuted);
    LabelWrappedAt("rate.summary", v.detail);
    ImGui::PopStyleColor();
  }
  // Label → value pairs, two pairs a row where the screen is wide enough (landscape), so the score
  // buttons stay in view under them; one pair a row on a narrow or large-text screen.
  const float avail = ImGui::GetContentRegionAvail().x;
  float label_w = 0.0f, value_w = 0.0f;
  for (const auto& [label, value] : v.facts) {
    label_w = std::max(label_w, ImGui::CalcTextSize(label.c_str()).x + Em(0.6f));
    value_w = std::max(value_w, ImGui::CalcTextSize(value.c_str()).x + Em(1.0f));
  }
  label_w = std::min(label_w, avail * 0.35f);
  const int pairs = (label_w + value_w) * 2 <= avail ? 2 : 1;
  if (!v.facts.empty() && ImGui::BeginTable("##facts", pairs * 2, ImGuiTableFlags_SizingStretchProp)) {
    for (int c = 0; c < pairs; ++c) {
      ImGui::TableSetupColumn(c ? "##k2" : "##k", ImGuiTableColumnFlags_WidthFixed, label_w);
      ImGui::TableSetupColumn(c ? "##v2" : "##v", ImGuiTableColumnFlags_WidthStretch);
    }
    for (const auto& [label, value] : v.facts) {
      ImGui::TableNextColumn();
      ImGui::PushStyleColor(ImGuiCol_Text, color::kMuted);
      LabelWrappedAt("rate.fact_label", label);
      ImGui::PopStyleColor();
      ImGui::TableNextColumn();
      LabelWrappedAt("rate.fact", value);
    }
    ImGui::EndTable();
  }
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
  // Dimensions: the name in a column beside its buttons when both fit, else the name above them (large
  // text on a portrait tablet), so neither is cut nor squeezed below a touch target.
  float name_w = 0.0f;
  for (const auto& d : v.dimensions) name_w = std::max(name_w, ImGui::CalcTextSize(d.label.c_str()).x);
  name_w += Em(0.5f);
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const bool beside = name_w + gap * 5 + TargetPx() * 5 <= w;
  if (!beside) {
    for (const auto& d : v.dimensions) {
      if (d.missing) RefusalHere(v, seen);
      LabelWrapped(d.label);
      ScoreButtons(d, {}, w, out);
    }
  } else if (ImGui::BeginTable("##dims", 2, ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("##l", ImGuiTableColumnFlags_WidthFixed, name_w);
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
