// View models of the meals feature's screens: the meal chooser, the menu with its basket, My meals.
// Built from the feature's slice; a view reads one and pushes the commands of commands.h.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/core/bed_tile.h"
#include "kiosk/core/features/meals/state.h"
#include "kiosk/core/shell/views.h"

namespace onestop::mealui {

// The chosen meal's menu, or nullptr; and why nothing can be ordered (NPO, no diet order, no bed,
// a read error), "" when something can.
const MealSlotMenu* ChosenSlot(const AppState& s);
std::string Problem(const AppState& s);

// ---- view models ---------------------------------------------------------------------------------------
struct SlotTile {
  int index = 0;
  std::string id, title, subtitle;  // "Lunch · today", "Order by 09:30 (in 1 h 5 min)"
  bool open = true;                 // false once its cut-off passed while on screen
  // What the bed already has for this meal (one order per bed, meal and day): "Ordered: 1 × Rice ·
  // In review" and what a tap does with it (change / add to), or why it can no longer be changed.
  std::string ordered, ordered_hint;
};
struct MealsView {
  std::string title, loading_text, empty_text, my_meals_label;
  bool loading = false;
  std::string problem;               // NPO / no diet order / no bed / read error, shown instead of slots
  std::string diet_line;             // "Your diet: soft · allergies: milk"
  std::string clock_note;            // "Times by this terminal's clock (offline)" when offline
  std::vector<SlotTile> slots;
  // Ward kiosk: sign in first, then choose the bed; the chosen bed is named above the meals.
  bool needs_sign_in = false;
  std::string sign_in_label, bed_title, bed_line, other_bed_label;
  // The bed grid: one tile per bed of the ward (widget id "bed.<code>"), saying who is in it and what
  // it has for the next meal; the escort's bed pick shows the same tiles (kiosk/core/bed_tile.h).
  using BedTile = ::onestop::BedTile;
  std::vector<BedTile> beds;
};

struct DishCard {
  std::string id;          // menu_item id (widget ids derive from it)
  std::string name, price;
  // The hub's photo, decoded by a worker (nullptr: none, or not decoded yet); without one the card
  // draws the icon of `category` (a meals::DishCategories() code, "" = a plain plate).
  std::shared_ptr<const DishPicture> photo;
  std::string category;
  // Per-portion figures that are known, in order energy, protein, sodium, carbohydrate: (label, "180 kcal").
  std::vector<std::pair<std::string, std::string>> nutrition;
  // "Contains:" and each allergen as (code, word): the view puts an icon beside every word.
  std::string contains_label;
  std::vector<std::pair<std::string, std::string>> allergens;
  std::string note;        // why hidden or limited; empty when allowed
  bool orderable = true;
  int qty = 0, max_qty = 0;
};
struct MenuView {
  std::string title, subtitle;       // "Lunch · today", "Order by 09:30 (in 55 min)"
  std::string change_note;           // changing the meal's order / adding to it: what happens to the old one
  std::string problem;               // NPO / no diet order / closed, instead of cards
  std::vector<DishCard> cards;       // orderable first, then the limited/hidden ones with reasons
  std::string basket_title, basket_empty, total, minus_label, plus_label;
  std::vector<std::pair<std::string, std::string>> basket;  // "2 × Congee", price
  std::string error;                 // why the last Place order was refused
  bool submitted = false;
  ActionState state = ActionState::kSaving;
  std::string progress_title, progress_detail, done_label, my_meals_label;
};

struct MyMealsView {
  std::string title, empty_text, loading_text, cancel_label, confirm_cancel_label, keep_label, order_again_label;
  bool loading = false;
  struct Row {
    std::string id;          // widget id suffix
    std::string title;       // "Lunch 2026-11-22 · 2 dishes"
    std::string items;       // "1 × Congee, 2 × Steamed bun"
    std::string state_text;  // "In review" / "Rejected: …" / "Due in 12 min"
    ActionState tone = ActionState::kSaved;  // colour: sent = good, rejected = danger, else neutral
    std::string ticket;      // cancel target; empty = cannot cancel
    bool order_again = false;  // rejected or cancelled: "Order again" opens the meal chooser
    std::string cancel_note; // why it can no longer be cancelled (after cut-off)
    bool confirming = false; // Cancel tapped once: ask before cancelling
  };
  std::vector<Row> rows;
};

MealsView BuildMealsView(const AppState& s);
MenuView BuildMenuView(const AppState& s);
MyMealsView BuildMyMealsView(const AppState& s);

}  // namespace onestop::mealui
