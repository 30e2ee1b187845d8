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
// What a completed service was, in words (issue 16: a nurse must tell what she rates): the kind with
// its fault category or cleaning type, what the requester wrote, the asset, the place, who did it and
// when. Empty fields are not known on this terminal and are left out.
struct Subject {
  std::string what;       // "Repair · Not working"
  std::string summary;    // the request's own words, cut to a line or two
  std::string asset;      // "Electric bed  EQ-2019-000123"
  std::string place;      // "Ward 12 · Room 3 · Bed 7"
  std::string worker;     // the worker's display name, else the team's
  std::string trade;      // who handled it ("Electrical")
  std::string completed;  // "11-22 14:05"
};

struct ToRateView {
  std::string title, loading_text, empty_text, who, sign_in_label, sign_out_label;
  bool loading = false, needs_sign_in = false, signed_in = false;
  std::string countdown;  // "Signing out in 12 s"
  struct Row {
    std::string ticket;
    Subject subject;
    std::string title;   // what, with the summary
    std::string detail;  // asset · place, then who did it and when, then the status (one line each)
    std::string status;
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
  std::string title, detail;     // what was done; the summary in its own words
  Subject subject;
  std::vector<std::pair<std::string, std::string>> facts;  // label → value: asset, place, done by, completed, request no.
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
