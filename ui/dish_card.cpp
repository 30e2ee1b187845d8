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

// The photo, cropped from its middle to the box's shape (cover), or the category's icon on a soft plate.
void Picture(const mealui::DishCard& c, ImVec2 a, ImVec2 box) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 b(a.x + box.x, a.y + box.y);
  const float rounding = Em(0.3f);
  if (ImTextureID tex = c.photo ? DishPhotoTexture(*c.photo) : nullptr) {
    // Shares of the photo's width and height that keep the box's aspect.
    const float w = static_cast<float>(c.photo->width), h = static_cast<float>(c.photo->height);
    const float want = box.x / box.y;
    ImVec2 uv0(0, 0), uv1(1, 1);
    if (w / h > want) uv0.x = (1.0f - want * h / w) * 0.5f, uv1.x = 1.0f - uv0.x;
    else if (w / h < want) uv0.y = (1.0f - w / (want * h)) * 0.5f, uv1.y = 1.0f - uv0.y;
    dl->AddImageRounded(tex, a, b, uv0, uv1, IM_COL32_WHITE, rounding);
    return;
  }
  dl->AddRectFilled(a, b, IM_COL32(0xE3, 0xEC, 0xF7, 0xFF), rounding);
  ImFont* f = ActiveFontManager() ? ActiveFontManager()->title() : ImGui::GetFont();
  const std::string glyph = icon::Utf8(icon::ForDishCategory(c.category));
  const float size = std::min(box.x, box.y) * 0.55f;
  const ImVec2 gs = f->CalcTextSizeA(size, FLT_MAX, 0.0f, glyph.c_str());
  dl->AddText(f, size, ImVec2(a.x + (box.x - gs.x) * 0.5f, a.y + (box.y - gs.y) * 0.5f),
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

// − qty + : two full targets with the portions between them, `gap` from each.
float StepperWidth(float gap) {
  ImFont* f = ActiveFontManager() ? ActiveFontManager()->title() : nullptr;  // the portions are a title
  const float qty_w = f ? f->CalcTextSizeA(f->FontSize, FLT_MAX, 0.0f, "20").x : ImGui::CalcTextSize("20").x;
  return TargetPx() * 2.0f + gap * 2.0f + qty_w;
}

void Stepper(const mealui::DishCard& c, const std::string& minus, const std::string& plus, float gap, Commands& out) {
  const ImVec2 key(TargetPx(), TargetPx());
  if (BigButton(minus, "minus", key, Tone::kNormal, c.qty > 0)) out.Push(mealui::cmd::SetMealQty{c.id, c.qty - 1});
  ImGui::SameLine(0, gap);
  const float y = ImGui::GetCursorPosY();
  ImGui::SetCursorPosY(y + (TargetPx() - ImGui::GetTextLineHeight() * 1.3f) * 0.5f);
  Title(std::to_string(c.qty));
  ImGui::SameLine(0, gap);
  ImGui::SetCursorPosY(y);
  if (BigButton(plus, "plus", key, Tone::kPrimary, c.qty < c.max_qty)) out.Push(mealui::cmd::SetMealQty{c.id, c.qty + 1});
}

// The dish's name and price (`head`), or what tells it apart: figures, allergens and why it is limited.
void CardText(const mealui::DishCard& c, float text_w, bool head, bool rest) {
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + text_w);
  if (head) {
    if (!c.orderable) ImGui::PushStyleColor(ImGuiCol_Text, color::kMuted);
    Title(c.name);
    if (!c.orderable) ImGui::PopStyleColor();
    if (!c.price.empty()) Label(c.price);
  }
  if (rest) {
    Allergens(c);
    if (!c.note.empty()) {
      ImGui::PushStyleColor(ImGuiCol_Text, c.orderable ? color::kWarn : color::kDanger);
      Label(c.note);
      ImGui::PopStyleColor();
    }
    Figures(c, ImGui::GetCursorScreenPos().x + text_w);
  }
  ImGui::PopTextWrapPos();
}

// Compact cards when the list shows fewer than 12 lines (elder mode: a landscape panel leaves about 7):
// the picture as a strip across the card's top, then the name and − qty +, and what tells the dish
// apart under them, so two cards side by side show their names and targets without scrolling.
bool CompactCards(float visible_h) { return visible_h < Em(12.0f); }
float CardPad(bool compact) { return compact ? Em(0.25f) : Em(0.4f); }
float CardGap(bool compact) { return compact ? Em(0.4f) : Em(0.6f); }
float StepperGap(bool compact) { return compact ? Em(0.25f) : Em(0.8f); }

}  // namespace

int DishGridColumns(float width, float visible_h) {
  const bool compact = CompactCards(visible_h);
  const float gap = CardGap(compact);
  const float min_w = compact ? StepperWidth(StepperGap(true)) + CardPad(true) * 2.0f : Em(10.0f);
  return std::clamp(static_cast<int>((width + gap) / (min_w + gap)), 1, 4);
}

void DishCardGrid(const std::vector<mealui::DishCard>& cards, const std::string& minus, const std::string& plus,
                  float width, float visible_h, Commands& out) {
  const bool compact = CompactCards(visible_h);
  const float gap = CardGap(compact), pad = CardPad(compact);
  const int cols = DishGridColumns(width, visible_h);
  const float card_w = std::floor((width - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols));
  // The picture is about a third of the card: large enough to recognise the dish, small enough to
  // leave the words a readable column.
  const float side = compact ? Em(1.5f) : std::clamp(card_w * 0.3f, Em(3.5f), Em(6.0f));
  const float text_w = compact ? card_w - pad * 2.0f : card_w - side - pad * 3.0f;
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
      float bottom;
      if (compact) {
        Picture(c, ImVec2(x + pad, y + pad), ImVec2(card_w - pad * 2.0f, side));
        ImGui::SetCursorScreenPos(ImVec2(x + pad, y + pad * 2.0f + side));
        ImGui::BeginGroup();
        CardText(c, text_w, true, false);
        ImGui::EndGroup();
        bottom = ImGui::GetItemRectMax().y;
        if (c.orderable) {
          ImGui::SetCursorScreenPos(ImVec2(x + pad, bottom + Em(0.2f)));
          ImGui::BeginGroup();
          Stepper(c, minus, plus, StepperGap(true), out);
          ImGui::EndGroup();
          bottom = ImGui::GetItemRectMax().y;
        }
        ImGui::SetCursorScreenPos(ImVec2(x + pad, bottom + Em(0.2f)));
        ImGui::BeginGroup();
        CardText(c, text_w, false, true);
        ImGui::EndGroup();
        bottom = std::max(bottom, ImGui::GetItemRectMax().y);
      } else {
        Picture(c, ImVec2(x + pad, y + pad), ImVec2(side, side));
        const float text_x = x + side + pad * 2.0f;
        ImGui::SetCursorScreenPos(ImVec2(text_x, y + pad));
        ImGui::BeginGroup();
        CardText(c, text_w, true, true);
        ImGui::EndGroup();
        bottom = ImGui::GetItemRectMax().y;
        if (c.orderable) {
          // Under the words when − qty + fits their column; else across the card under the picture, so
          // the two targets never leave a narrow (portrait) card.
          if (StepperWidth(StepperGap(false)) <= text_w) ImGui::SetCursorScreenPos(ImVec2(text_x, bottom + Em(0.3f)));
          else ImGui::SetCursorScreenPos(ImVec2(x + pad, std::max(bottom, y + pad + side) + Em(0.3f)));
          ImGui::BeginGroup();
          Stepper(c, minus, plus, StepperGap(false), out);
          ImGui::EndGroup();
          bottom = ImGui::GetItemRectMax().y;
        }
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
