// Bedside meal ordering on the touch screens (issue 6): choose the meal (next slot first, with the
// countdown to its cut-off), the diet-filtered menu with a basket, confirm, and "My meals". The rules
// are kiosk/core/meals.h; this wires them to the session and builds the view models. No I/O here:
// the meal context is read by the app's store worker and handed in through OnMealContext.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/core/app_state.h"
#include "kiosk/core/views.h"

namespace onestop::mealui {

inline constexpr const char* kQueryMealContext = "meal_context";  // arg: the bed
inline constexpr const char* kQueryWardBeds = "ward_beds";        // arg: the ward

// ---- hooks from Apply and answers from the app -----------------------------------------------------
void OnEnterScreen(AppState& s, ScreenId screen);
void PickSlot(AppState& s, int index);
// A nurse signed in on a ward kiosk chooses the bed to order for (must lie in the ward); "" = choose again.
void PickBed(AppState& s, const std::string& bed);
void OnWardBeds(AppState& s, std::vector<std::pair<std::string, LocalText>> beds);
void SetQty(AppState& s, const std::string& menu_item, int qty);
void PlaceOrder(AppState& s);
void CancelOrder(AppState& s, const std::string& ticket);
// Stale answers (another bed, session reset) are ignored.
void OnMealContext(AppState& s, const std::string& bed, Result<MealContext> ctx);
// "Place order" on the navigation bar of the menu screen.
void AddChromeAction(const AppState& s, ChromeView& chrome);

// The time cut-offs are judged by on this terminal now: hub time when online, else the local clock.
meals::JudgedNow JudgedNowOf(const AppState& s);

// ---- view models ---------------------------------------------------------------------------------------
struct SlotTile {
  int index = 0;
  std::string id, title, subtitle;  // "Lunch · today", "Order by 09:30 (in 1 h 5 min)"
  bool open = true;                 // false once its cut-off passed while on screen
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
  std::vector<std::pair<std::string, std::string>> beds;  // code, name: tiles to choose from
};

struct DishCard {
  std::string id;          // menu_item id (widget ids derive from it)
  std::string name, allergens, price;
  std::string note;        // why hidden or limited; empty when allowed
  bool orderable = true;
  int qty = 0, max_qty = 0;
};
struct MenuView {
  std::string title, subtitle;       // "Lunch · today", "Order by 09:30 (in 55 min)"
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
  std::string title, empty_text, loading_text, cancel_label, confirm_cancel_label, keep_label;
  bool loading = false;
  struct Row {
    std::string id;          // widget id suffix
    std::string title;       // "Lunch 2026-11-22 · 2 dishes"
    std::string items;       // "1 × Congee, 2 × Steamed bun"
    std::string state_text;  // "In review" / "Rejected: …" / "Due in 12 min"
    ActionState tone = ActionState::kSaved;  // colour: sent = good, rejected = danger, else neutral
    std::string ticket;      // cancel target; empty = cannot cancel
    std::string cancel_note; // why it can no longer be cancelled (after cut-off)
    bool confirming = false; // Cancel tapped once: ask before cancelling
  };
  std::vector<Row> rows;
};

MealsView BuildMealsView(const AppState& s);
MenuView BuildMenuView(const AppState& s);
MyMealsView BuildMyMealsView(const AppState& s);

}  // namespace onestop::mealui
