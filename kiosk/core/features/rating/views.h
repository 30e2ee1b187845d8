// View models of the rating feature's screens: the "to rate" list and the rating form. Built from the
// feature's slice; a view reads one and pushes the commands of commands.h.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/features/rating/state.h"
#include "kiosk/core/shell/views.h"

namespace onestop::rateui {

// ---- view models ---------------------------------------------------------------------------------------
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
  std::string label;
  std::string dimension;     // "" = overall (also the widget id suffix)
  int value = 0;
  bool required = true;
  bool missing = false;      // Send was refused for this row: the error is shown at it
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
  std::string comment_field = "rate.comment";
  std::string comment_label, comment, comment_placeholder, keyboard_toggle, key_space, key_shift, key_done;
  bool keyboard_open = false, keyboard_shift = false;
  bool can_reopen = false, reopen = false;
  // Why Send was refused, re-judged every frame so it goes as soon as it is fixed (issue 16), and the
  // row it is about ("" = the form as a whole); error_seq changes with each refused Send, so the screen
  // scrolls the problem into view once per tap, not on every frame.
  std::string reopen_label, error, error_field;
  int error_seq = 0;
  bool submitted = false;
  ActionState state = ActionState::kSaving;
  std::string progress_title, progress_detail, done_label;
};

ToRateView BuildToRateView(const AppState& s);
RateView BuildRateView(const AppState& s);

}  // namespace onestop::rateui
