// Session: everything about the person at the screen now. Idle timeout or a bed change resets it by
// assignment (`session = Session{defaults}`), so nothing of one patient survives to the next.
// It must hold no long-lived terminal state (binding, master data, outbox): that lives in AppState.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/core/commands.h"
#include "kiosk/core/i18n.h"
#include "kiosk/core/meal_context.h"
#include "kiosk/core/rating_context.h"
#include "kiosk/core/requests_model.h"

namespace onestop {

// Meal ordering (kiosk/core/meal_screens.h): the bed's context as last read, the chosen meal, the basket.
struct MealsSession {
  std::string bed;                            // whose meals: the bedside's own bed, or the bed a nurse chose
  std::vector<std::pair<std::string, LocalText>> beds;  // a ward kiosk's beds (code, name), for nurses
  bool beds_loading = false;
  bool loading = false;
  std::shared_ptr<const MealContext> ctx;     // last read; shared so views copy nothing
  std::string error;                          // why the context could not be read
  int slot = -1;                              // index into ctx->slots; -1 = not chosen
  std::map<std::string, int> basket;          // menu_item → portions
  std::string error_code, error_detail;       // last refused Place order
  std::string submitted_tag;                  // the placed order's action
};

// Rating (kiosk/core/rating_screens.h): the terminal's tickets as last read and the one being rated.
struct RatingSession {
  bool loading = false;
  std::shared_ptr<const RatingContext> ctx;
  std::string error;                          // why the context could not be read
  std::string ticket;                         // being rated
  std::string submitted_tag;
  std::string error_code, error_text;         // last refused rating
  uint64_t pin_attempt = 0;                   // PIN check in flight (0 = none)
  std::string signin_code, signin_text;       // last refused sign-in
};

struct Session {
  Lang lang = Lang::kZhHans;
  ScreenId screen = ScreenId::kHome;
  std::vector<ScreenId> back_stack;
  std::map<std::string, std::string> fields;  // app-owned text buffers edited by keypad/keyboard
  RequestsSession requests;                   // scan, repair/cleaning/complaint forms, my requests
  MealsSession meals;                         // meal ordering for this bed
  RatingSession rating;                       // rating completed services

  // A buffer's value, or `fallback` when unset or empty; and forgetting every buffer of one screen.
  std::string Field(const std::string& key, const std::string& fallback = {}) const {
    auto it = fields.find(key);
    return it == fields.end() || it->second.empty() ? fallback : it->second;
  }
  void EraseFields(const std::string& prefix) {
    for (auto it = fields.begin(); it != fields.end();) it = it->first.rfind(prefix, 0) == 0 ? fields.erase(it) : std::next(it);
  }
};

}  // namespace onestop
