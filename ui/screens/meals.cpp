// Meal ordering screens for a tired or elderly patient with one finger: big meal tiles with the
// countdown to the cut-off, menu cards with − / + and the reason a dish is limited or not allowed,
// the basket beside them, and "My meals". Reads view models and pushes commands only.
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "kiosk/core/features/meals/commands.h"
#include "kiosk/core/features/meals/feature.h"
#include "kiosk/core/features/meals/views.h"
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

// A nurse's bed grid on a ward kiosk: per bed a tile (name; diet, or "Empty bed") with the next meal's
// order and its state under it, so she sees at a glance which beds still need a meal ordered. As many
// columns as fit a tile of 11 em (four on a landscape panel, two in portrait); rows take the height
// of their tallest cell, so a long dish list never overlaps the next row.
void BedGrid(const std::vector<mealui::MealsView::BedTile>& beds, float gap, Commands& out) {
  const float avail = ImGui::GetContentRegionAvail().x;
  const int cols = std::clamp(static_cast<int>((avail + gap) / (Em(11.0f) + gap)), 2, 4);
  const float bw = std::floor((avail - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
  for (size_t i = 0; i < beds.size(); ++i) {
    const auto& b = beds[i];
    if (i % static_cast<size_t>(cols)) ImGui::SameLine();
    ImGui::BeginGroup();
    if (Tile(b.name, b.diet, b.id.c_str(), ImVec2(bw, std::max(TargetPx() * 1.3f, Em(3.8f)))))
      out.Push(mealui::cmd::PickMealBed{b.code});
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + bw);
    if (b.has_order) {
      ImGui::PushStyleColor(ImGuiCol_Text, b.attention ? color::kDanger : color::kOk);
      LabelWrapped(b.ordered);
      ImGui::PopStyleColor();
      Muted(b.state);
    } else if (!b.ordered.empty()) {
      Muted(b.ordered);
    }
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
  }
  ImGui::PopStyleVar();
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
    BedGrid(v.beds, gap, out);
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
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
  for (size_t i = 0; i < v.slots.size(); ++i) {
    if (i % 2) ImGui::SameLine();
    const auto& t = v.slots[i];
    // The next meal comes first and is the biggest target on the screen. What the bed already has for
    // the meal is written under its tile, so nobody orders the same lunch twice by not knowing.
    ImGui::BeginGroup();
    if (Tile(t.title, t.subtitle, t.id.c_str(), ImVec2(w, std::max(TargetPx() * 1.6f, Em(4.5f)))) && t.open)
      out.Push(mealui::cmd::PickMealSlot{t.index});
    if (!t.ordered.empty()) {
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);
      ImGui::PushStyleColor(ImGuiCol_Text, color::kOk);
      LabelWrapped(t.ordered);
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
  Muted(v.subtitle);
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
  const float avail = ImGui::GetContentRegionAvail().x;
  const float basket_w = std::max(Em(13.0f), avail * 0.3f);
  const float gap = Em(0.8f);
  const float cards_w = avail - basket_w - gap;
  // Cards: name, allergens, price, − qty +; not-allowed dishes greyed with their reason.
  ImGui::BeginGroup();
  const int cols = cards_w > Em(22.0f) ? 2 : 1;
  if (ImGui::BeginTable("##cards", cols, ImGuiTableFlags_SizingStretchSame, ImVec2(cards_w, 0))) {
    for (const auto& c : v.cards) {
      ImGui::TableNextColumn();
      ImGui::PushID(c.id.c_str());
      const ImVec2 a = ImGui::GetCursorScreenPos();
      const float w = ImGui::GetContentRegionAvail().x;
      ImGui::Indent(Em(0.4f));
      ImGui::Dummy(ImVec2(0, Em(0.1f)));
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w - Em(0.8f));
      if (!c.orderable) ImGui::PushStyleColor(ImGuiCol_Text, color::kMuted);
      Title(c.name);
      if (!c.orderable) ImGui::PopStyleColor();
      Muted(c.allergens.empty() || c.price.empty() ? c.price + c.allergens : c.price + "   " + c.allergens);
      if (!c.note.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, c.orderable ? color::kWarn : color::kDanger);
        LabelWrapped(c.note);
        ImGui::PopStyleColor();
      }
      ImGui::PopTextWrapPos();
      if (c.orderable) {
        const ImVec2 key(TargetPx(), TargetPx());
        if (BigButton(v.minus_label, "minus", key, Tone::kNormal, c.qty > 0)) out.Push(mealui::cmd::SetMealQty{c.id, c.qty - 1});
        ImGui::SameLine(0, Em(1.0f));
        const float y = ImGui::GetCursorPosY();
        ImGui::SetCursorPosY(y + (TargetPx() - ImGui::GetTextLineHeight() * 1.3f) * 0.5f);
        Title(std::to_string(c.qty));
        ImGui::SameLine(0, Em(1.0f));
        ImGui::SetCursorPosY(y);
        if (BigButton(v.plus_label, "plus", key, Tone::kPrimary, c.qty < c.max_qty)) out.Push(mealui::cmd::SetMealQty{c.id, c.qty + 1});
      }
      ImGui::Unindent(Em(0.4f));
      const ImVec2 b(a.x + w, ImGui::GetItemRectMax().y + Em(0.4f));
      ImGui::GetWindowDrawList()->AddRect(a, b, ImGui::GetColorU32(ImGuiCol_Border), Em(0.3f));
      ImGui::Dummy(ImVec2(0, Em(0.5f)));
      ImGui::PopID();
    }
    ImGui::EndTable();
  }
  ImGui::EndGroup();
  // The basket stays beside the cards; Place order is on the navigation bar.
  ImGui::SameLine(0, gap);
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + basket_w);
  Title(v.basket_title);
  if (v.basket.empty()) LabelMuted(v.basket_empty);
  for (const auto& [line, price] : v.basket) LabelWrapped(line + "   " + price);
  if (!v.total.empty()) {
    ImGui::Separator();
    Label(v.total);
  }
  if (!v.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, color::kDanger);
    LabelWrapped(v.error);
    ImGui::PopStyleColor();
  }
  ImGui::PopTextWrapPos();
  ImGui::EndGroup();
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
