// The menu's dish cards (issue 16): a grid of cards, each with the dish photo (or its category icon),
// name, price, per-portion figures, allergens as icon + word after "Contains", why it is limited or not
// allowed, and − qty +. The grid takes as many columns as fit a card of readable width, so large text
// fills the width instead of leaving half of it empty. Reads the view model; pushes SetMealQty only.
#pragma once
#include <imgui.h>

#include <string>
#include <vector>

#include "kiosk/core/features/meals/views.h"
#include "kiosk/core/shell/command.h"

namespace onestop::ui {

// Columns for a list `width` px wide showing `visible_h` px: as many cards of at least 10 em as fit, 1
// to 4; in a short list (elder mode) compact cards, as many as their − qty + leaves room for.
int DishGridColumns(float width, float visible_h);

// Draws the cards as a grid at the cursor, `width` px wide, in a list `visible_h` px tall; cards of one
// row share its height. Records each card's rectangle as text region "card.<dish id>" (layout tests).
void DishCardGrid(const std::vector<mealui::DishCard>& cards, const std::string& minus, const std::string& plus,
                  float width, float visible_h, Commands& out);

}  // namespace onestop::ui
