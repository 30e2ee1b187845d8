// Dish cards (see dish_card.h). A card is the picture square at the left and the words at its right;
// each row is drawn on a draw-list splitter so the cards' backgrounds are laid under them at the height
// of the row's tallest card once it is known.
#include "ui/dish_card.h"

#include <algorithm>
#include <cmath>

#include "kiosk/core/features/meals/commands.h"
#include "ui/dish_photo.h"
#include "ui/fonts.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace onestop::ui {
namespace {

// The photo, cropped to a square from its middle (cover), or the category's icon on a soft plate.
void Picture(const mealui::DishCard& c, ImVec2 a, float side) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 b(a.x + side, a.y + side);
  const float rounding = Em(0.3f);
  if (ImTextureID tex = c.photo ? DishPhotoTexture(*c.photo) : nullptr) {
    const float w = static_cast<float>(c.photo->width), h = static_cast<float>(c.photo->height);
    ImVec2 uv0(0, 0), uv1(1, 1);
    if (w > h) uv0.x = (1.0f - h / w) * 0.5f, uv1.x = 1.0f - uv0.x;
    else if (h > w) uv0.y = (1.0f - w / h) * 0.5f, uv1.y = 1.0f - uv0.y;
    dl->AddImageRounded(tex, a, b, uv0, uv1, IM_COL32_WHITE, rounding);
    return;
  }
  dl->AddRectFilled(a, b, IM_COL32(0xE3, 0xEC, 0xF7, 0xFF), rounding);
  ImFont* f = ActiveFontManager() ? ActiveFontManager()->title() : ImGui::GetFont();
  const std::string glyph = icon::Utf8(icon::ForDishCategory(c.category));
  const float size = side * 0.55f;
  const ImVec2 gs = f->CalcTextSizeA(size, FLT_MAX, 0.0f, glyph.c_str());
  dl->AddText(f, size, ImVec2(a.x + (side - gs.x) * 0.5f, a.y + (side - gs.y) * 0.5f),
              c.orderable ? color::kPrimary : color::kMuted, glyph.c_str());
}

// "Energy 180 kcal  Protein 6 g  Sodium 320 mg  Carbohydrate 30 g": each figure kept whole with its
// label (a wrap never parts "Sodium" from "320 mg"), flowing onto the next line at `right` (screen x).
void Figures(const mealui::DishCard& c, float right) {
  const float left = ImGui::GetCursorScreenPos().x, gap = Em(0.6f);
  for (size_t i = 0; i < c.nutrition.size(); ++i) {
    const std::string item = c.nutrition[i].first + " " + c.nutrition[i].second;
    const float w = ImGui::CalcTextSize(item.c_str()).x;
    if (i > 0) {
      ImGui::SameLine(0, gap);
      if (ImGui::GetCursorScreenPos().x + w > right) {
        ImGui::NewLine();
        ImGui::SetCursorScreenPos(ImVec2(left, ImGui::GetCursorScreenPos().y));
      }
    }
    LabelMuted(item);
  }
}

// "Contains: <icon> egg  <icon> gluten": the warning sign in the warning colour, then the words.
void Allergens(const mealui::DishCard& c) {
  if (c.allergens.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, color::kWarn);
  Label(icon::Utf8(icon::kWarning));
  ImGui::PopStyleColor();
  ImGui::SameLine(0, Em(0.3f));
  std::string words = c.contains_label;
  for (const auto& [code, word] : c.allergens) {
    const char16_t ic = icon::ForAllergen(code);
    words += "  " + (ic ? icon::Utf8(ic) + " " + word : word);
  }
  Label(words);
}

// − qty + : two full targets with the portions between them.
float StepperWidth() { return TargetPx() * 2.0f + Em(1.6f) + ImGui::CalcTextSize("20").x; }

void Stepper(const mealui::DishCard& c, const std::string& minus, const std::string& plus, Commands& out) {
  const ImVec2 key(TargetPx(), TargetPx());
  if (BigButton(minus, "minus", key, Tone::kNormal, c.qty > 0)) out.Push(mealui::cmd::SetMealQty{c.id, c.qty - 1});
  ImGui::SameLine(0, Em(0.8f));
  const float y = ImGui::GetCursorPosY();
  ImGui::SetCursorPosY(y + (TargetPx() - ImGui::GetTextLineHeight() * 1.3f) * 0.5f);
  Title(std::to_string(c.qty));
  ImGui::SameLine(0, Em(0.8f));
  ImGui::SetCursorPosY(y);
  if (BigButton(plus, "plus", key, Tone::kPrimary, c.qty < c.max_qty)) out.Push(mealui::cmd::SetMealQty{c.id, c.qty + 1});
}

// One card's words at the cursor, wrapped at `text_w`.
void CardText(const mealui::DishCard& c, float text_w) {
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + text_w);
  if (!c.orderable) ImGui::PushStyleColor(ImGuiCol_Text, color::kMuted);
  Title(c.name);
  if (!c.orderable) ImGui::PopStyleColor();
  if (!c.price.empty()) Label(c.price);
  Figures(c, ImGui::GetCursorScreenPos().x + text_w);
  Allergens(c);
  if (!c.note.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, c.orderable ? color::kWarn : color::kDanger);
    Label(c.note);
    ImGui::PopStyleColor();
  }
  ImGui::PopTextWrapPos();
}

}  // namespace

int DishGridColumns(float width, float gap) {
  return std::clamp(static_cast<int>((width + gap) / (Em(10.0f) + gap)), 1, 4);
}

void DishCardGrid(const std::vector<mealui::DishCard>& cards, const std::string& minus, const std::string& plus,
                  float width, Commands& out) {
  const float gap = Em(0.6f), pad = Em(0.4f);
  const int cols = DishGridColumns(width, gap);
  const float card_w = std::floor((width - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols));
  // The picture is about a third of the card: large enough to recognise the dish, small enough to
  // leave the words a readable column.
  const float side = std::clamp(card_w * 0.3f, Em(3.5f), Em(6.0f));
  const float text_w = card_w - side - pad * 3.0f;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  float y = origin.y;
  for (size_t row = 0; row * static_cast<size_t>(cols) < cards.size(); ++row) {
    ImDrawListSplitter split;
    split.Split(dl, 2);
    split.SetCurrentChannel(dl, 1);
    float row_h = side + pad * 2.0f;
    const size_t first = row * static_cast<size_t>(cols), last = std::min(cards.size(), first + static_cast<size_t>(cols));
    for (size_t i = first; i < last; ++i) {
      const auto& c = cards[i];
      const float x = origin.x + static_cast<float>(i - first) * (card_w + gap);
      ImGui::PushID(c.id.c_str());
      Picture(c, ImVec2(x + pad, y + pad), side);
      const float text_x = x + side + pad * 2.0f;
      ImGui::SetCursorScreenPos(ImVec2(text_x, y + pad));
      ImGui::BeginGroup();
      CardText(c, text_w);
      ImGui::EndGroup();
      float bottom = ImGui::GetItemRectMax().y;
      if (c.orderable) {
        // Under the words when − qty + fits their column; else across the card under the picture, so
        // the two targets never leave a narrow (portrait) card.
        if (StepperWidth() <= text_w) ImGui::SetCursorScreenPos(ImVec2(text_x, bottom + Em(0.3f)));
        else ImGui::SetCursorScreenPos(ImVec2(x + pad, std::max(bottom, y + pad + side) + Em(0.3f)));
        ImGui::BeginGroup();
        Stepper(c, minus, plus, out);
        ImGui::EndGroup();
        bottom = ImGui::GetItemRectMax().y;
      }
      row_h = std::max(row_h, bottom - y + pad);
      ImGui::PopID();
    }
    split.SetCurrentChannel(dl, 0);
    for (size_t i = first; i < last; ++i) {
      const float x = origin.x + static_cast<float>(i - first) * (card_w + gap);
      const ImVec2 a(x, y), b(x + card_w, y + row_h);
      dl->AddRectFilled(a, b, IM_COL32_WHITE, Em(0.3f));
      dl->AddRect(a, b, ImGui::GetColorU32(ImGuiCol_Border), Em(0.3f), 0, 1.5f);
      RecordRegion(("card." + cards[i].id).c_str(), a, b);
    }
    split.Merge(dl);
    y += row_h + gap;
  }
  ImGui::SetCursorScreenPos(origin);
  ImGui::Dummy(ImVec2(width, std::max(0.0f, y - origin.y - gap)));
}

}  // namespace onestop::ui
