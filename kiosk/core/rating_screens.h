// Rating completed services on the touch screens (issue 7): staff sign-in (staff number + PIN, or a
// badge), the "to rate" list, and the rating screen. Rules are kiosk/core/rating.h and staff_session.h;
// this wires them to the session and builds view models. No I/O: the context read and the PIN check
// run on the app's worker and come back through OnRatingContext / OnPinChecked.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/app_state.h"
#include "kiosk/core/views.h"

namespace onestop::rateui {

inline constexpr const char* kQueryRatingContext = "rating_context";  // arg: {"kind", "location"} fallback binding
// arg: {"attempt": n, "hash": "$argon2id$...", "pin": "..."} — the only place a PIN travels, in memory,
// to the worker that verifies it; it is never stored or logged.
inline constexpr const char* kQueryPinCheck = "pin_check";

void OnEnterScreen(AppState& s, ScreenId screen);
void OnRatingContext(AppState& s, Result<RatingContext> ctx);
void OnPinChecked(AppState& s, uint64_t attempt, bool verified);
void PickTicket(AppState& s, const std::string& ticket);
void SubmitRating(AppState& s);
// OK on the sign-in keypad: the staff number first, then the PIN.
void SubmitSignIn(AppState& s, const std::string& field);
// A badge from a keyboard-wedge reader (or a scan) while the sign-in screen is open.
void SignInWithBadge(AppState& s, const std::string& badge);
void SignOut(AppState& s);
// Every loop: automatic sign-out after inactivity wipes the staff member's screens.
void Tick(AppState& s);
void AddChromeAction(const AppState& s, ChromeView& chrome);

// ---- view models ---------------------------------------------------------------------------------------
struct SignInView {
  std::string title, hint, field, field_label, value_masked, error, badge_hint;
  std::string value;  // the keypad's buffer (edited by the keypad; never drawn for a PIN)
  std::string clear_label, ok_label;
  bool available = true;  // false: this terminal has no sign-in (no staff list yet)
};

struct ToRateView {
  std::string title, loading_text, empty_text, who, sign_in_label, sign_out_label;
  bool loading = false, needs_sign_in = false, signed_in = false;
  std::string countdown;  // "Signing out in 12 s"
  struct Row {
    std::string ticket, title, detail, status;
    bool rated = false;
  };
  std::vector<Row> rows;
};

struct ScoreRow {
  std::string label, field;  // session field holding "1".."5"
  int value = 0;
  bool required = true;
};
struct RateView {
  std::string title, detail;
  std::string first;             // "You rated this 4 on 11-22": shown instead of the form
  std::vector<std::string> score_labels;  // 1..5 in words
  ScoreRow overall;
  std::vector<ScoreRow> dimensions;
  std::string tags_label;
  std::vector<std::pair<std::string, std::string>> tags;  // code, label (for the chosen score)
  std::vector<std::string> tags_on;                       // codes selected
  std::string comment_label, comment, comment_placeholder, keyboard_toggle, key_space, key_shift, key_done;
  bool keyboard_open = false, keyboard_shift = false;
  bool can_reopen = false, reopen = false;
  std::string reopen_label, error;
  bool submitted = false;
  ActionState state = ActionState::kSaving;
  std::string progress_title, progress_detail, done_label;
};

SignInView BuildSignInView(const AppState& s);
ToRateView BuildToRateView(const AppState& s);
RateView BuildRateView(const AppState& s);

}  // namespace onestop::rateui
