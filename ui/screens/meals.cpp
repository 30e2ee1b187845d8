// Meal ordering screens for a tired or elderly patient with one finger: big meal tiles with the
// countdown to the cut-off, the menu's dish cards (ui/dish_card.h) with the basket fixed beside or
// under them, and "My meals". Reads view models and pushes commands only.
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "kiosk/core/features/meals/commands.h"
#include "kiosk/core/features/meals/feature.h"
#include "kiosk/core/features/meals/views.h"
#include "ui/bed_grid.h"
#include "ui/dish_card.h"
#include "ui/screens.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace onestop::ui {
namespace {

void Muted(const std::string& text) {
  if (!text.empty()) LabelMuted(text);
}

void Problem(const std::string& text) {
  if (!text.empty()) Banner(text, color::kBanner);
}

}  // namespace

void DrawMealsScreen(const mealui::MealsView& v, Commands& out) {
  Title(v.title);
  Muted(v.diet_line);
  Muted(v.clock_note);
  if (v.loading) {
    LabelMuted(v.loading_text);
    return;
  }
  Problem(v.problem);
  if (v.needs_sign_in) {
    if (BigButton(v.sign_in_label, "meal.sign_in", ImVec2(Em(14.0f), TargetPx()), Tone::kPrimary))
      out.Push(cmd::Navigate{screens::kSignIn});
    return;
  }
  const float gap = Em(0.6f);
  if (!v.beds.empty()) {
    Label(v.bed_title);
    // Four columns of 11 em on a landscape panel, two in portrait.
    if (const int i = BedGrid(v.beds, "##meal.beds", 11.0f); i >= 0) out.Push(mealui::cmd::PickMealBed{v.beds[static_cast<size_t>(i)].code});
    return;
  }
  if (!v.bed_line.empty()) {
    Label(v.bed_line);
    ImGui::SameLine(0, Em(1.0f));
    if (BigButton(v.other_bed_label, "meal.other_bed", ImVec2(Em(9.0f), TargetPx()), Tone::kQuiet))
      out.Push(mealui::cmd::PickMealBed{""});
  }
  if (v.problem.empty() && v.slots.empty() && !v.loading) LabelWrapped(v.empty_text);
  const float w = std::floor((ImGui::GetContentRegionAvail().x - gap) / 2.0f);
  float tile_h = std::max(TargetPx() * 1.6f, Em(4.5f));
  for (const auto& t : v.slots) tile_h = TileHeight(t.title, t.subtitle, w, tile_h);  // side by side tiles line up
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
  for (size_t i = 0; i < v.slots.size(); ++i) {
    if (i % 2) ImGui::SameLine();
    const auto& t = v.slots[i];
    // The next meal comes first and is the biggest target on the screen. What the bed already has for
    // the meal is written under its tile, so nobody orders the same lunch twice by not knowing.
    ImGui::BeginGroup();
    if (Tile(t.title, t.subtitle, t.id.c_str(), ImVec2(w, tile_h)) && t.open)
      out.Push(mealui::cmd::PickMealSlot{t.index});
    if (!t.ordered.empty()) {
      // Wrapped at the tile's width (LabelWrapped would wrap at the panel's edge and push the next
      // tile off it in large text).
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
      ImGui::PushStyleColor(ImGuiCol_Text, color::kOk);
      Label(t.ordered);
      ImGui::PopStyleColor();
      Muted(t.ordered_hint);
      ImGui::PopTextWrapPos();
    }
    ImGui::EndGroup();
  }
  ImGui::PopStyleVar();
  ImGui::Spacing();
  if (BigButton(v.my_meals_label, "meal.my_meals", ImVec2(Em(12.0f), TargetPx())))
    out.Push(cmd::Navigate{screens::kMyMeals});
}

void DrawMenuScreen(const mealui::MenuView& v, Commands& out) {
  Title(v.title);
  // The cut-off beside the meal when both fit: in large text a line of height is worth a row of cards.
  if (!v.subtitle.empty() && !v.submitted &&
      ImGui::GetItemRectMax().x + Em(1.0f) + ImGui::CalcTextSize(v.subtitle.c_str()).x <=
          ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x) {
    const float title_y = ImGui::GetItemRectMin().y, title_h = ImGui::GetItemRectSize().y;
    ImGui::SameLine(0, Em(1.0f));
    ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x, title_y + title_h - ImGui::GetTextLineHeight()));
    Muted(v.subtitle);
  } else {
    Muted(v.subtitle);
  }
  if (v.submitted) {
    ImU32 tone = v.state == ActionState::kSent ? color::kOk : color::kPrimary;
    if (v.state == ActionState::kRejected || v.state == ActionState::kFailed) tone = color::kDanger;
    ImGui::PushStyleColor(ImGuiCol_Text, tone);
    Title(v.progress_title);
    ImGui::PopStyleColor();
    LabelWrapped(v.progress_detail);
    for (const auto& [line, price] : v.basket) Label(line);
    ImGui::Spacing();
    if (BigButton(v.done_label, "menu.done", ImVec2(Em(12.0f), TargetPx()), Tone::kPrimary)) out.Push(cmd::GoHome{});
    ImGui::SameLine();
    if (BigButton(v.my_meals_label, "menu.my_meals", ImVec2(Em(12.0f), TargetPx())))
      out.Push(cmd::Navigate{screens::kMyMeals});
    return;
  }
  if (!v.change_note.empty()) Banner(v.change_note, color::kBanner);
  Problem(v.problem);
  // The cards scroll in a list of their own; the basket stays put beside them on a landscape panel and
  // under them on a narrow (portrait) one, so what is ordered is always in sight.
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float gap = Em(0.8f);
  // Landscape: beside (height is what a landscape panel lacks); portrait: under.
  const bool beside = avail.x > avail.y && avail.x - Em(6.5f) - gap >= Em(10.0f);
  const float basket_w = beside ? std::clamp(avail.x * 0.28f, Em(6.5f), Em(13.0f)) : avail.x;
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const float basket_lines = 3.0f + static_cast<float>(std::max<size_t>(1, v.basket.size())) + (v.total.empty() ? 0.0f : 1.0f) +
                             (v.error.empty() ? 0.0f : 2.0f);
  const float basket_h = beside ? avail.y : std::min(avail.y * 0.3f, line * basket_lines + Em(0.6f));
  const ImVec2 cards_size(beside ? avail.x - basket_w - gap : avail.x,
                          std::max(TargetPx() * 2.0f, beside ? avail.y : avail.y - basket_h - gap));
  const ImVec2 cards_at = ImGui::GetCursorScreenPos();
  BeginScrollList("##menu.cards", cards_size, false);
  DishCardGrid(v.cards, v.minus_label, v.plus_label, ImGui::GetContentRegionAvail().x, cards_size.y, out);
  EndScrollList();
  RecordRegion("menu.cards", cards_at, ImVec2(cards_at.x + cards_size.x, cards_at.y + cards_size.y));
  if (beside) ImGui::SameLine(0, gap);
  const ImVec2 basket_at = ImGui::GetCursorScreenPos();
  BeginScrollList("##menu.basket", ImVec2(basket_w, basket_h), false);
  Title(v.basket_title);
  ImGui::PushTextWrapPos(0.0f);
  if (v.basket.empty()) LabelMuted(v.basket_empty);
  for (const auto& [line_text, price] : v.basket) Label(price.empty() ? line_text : line_text + "   " + price);
  if (!v.total.empty()) {
    ImGui::Separator();
    Label(v.total);
  }
  if (!v.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, color::kDanger);
    Label(v.error);
    ImGui::PopStyleColor();
  }
  ImGui::PopTextWrapPos();
  EndScrollList();
  RecordRegion("menu.basket", basket_at, ImVec2(basket_at.x + basket_w, basket_at.y + basket_h));
}

void DrawMyMealsScreen(const mealui::MyMealsView& v, Commands& out) {
  Title(v.title);
  if (v.loading) {
    LabelMuted(v.loading_text);
    return;
  }
  if (v.rows.empty()) LabelWrapped(v.empty_text);
  for (const auto& r : v.rows) {
    ImGui::PushID(r.id.c_str());
    ImGui::Separator();
    Label(r.title);
    LabelWrapped(r.items);
    ImU32 tone = color::kPrimary;
    if (r.tone == ActionState::kRejected) tone = color::kDanger;
    if (r.tone == ActionState::kSent) tone = color::kOk;
    ImGui::PushStyleColor(ImGuiCol_Text, tone);
    LabelWrapped(r.state_text);
    ImGui::PopStyleColor();
    if (r.confirming) {
      // A cancelled meal cannot be ordered again after the cut-off: ask once more.
      if (BigButton(v.keep_label, "keep", ImVec2(Em(9.0f), TargetPx()))) out.Push(mealui::cmd::AskCancel{""});
      ImGui::SameLine();
      if (BigButton(v.confirm_cancel_label, "cancel_yes", ImVec2(Em(11.0f), TargetPx()), Tone::kDanger))
        out.Push(mealui::cmd::CancelMealOrder{r.ticket});
    } else if (!r.ticket.empty()) {
      if (BigButton(v.cancel_label, "cancel", ImVec2(Em(9.0f), TargetPx()), Tone::kQuiet))
        out.Push(mealui::cmd::AskCancel{r.ticket});
    } else if (!r.cancel_note.empty()) {
      LabelMuted(r.cancel_note);
    }
    if (r.order_again && BigButton(v.order_again_label, "order_again", ImVec2(Em(11.0f), TargetPx()), Tone::kPrimary))
      out.Push(cmd::Navigate{screens::kMeals});
    ImGui::PopID();
  }
}

}  // namespace onestop::ui
