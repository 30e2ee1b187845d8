// The rating feature's slice of the Session: the terminal's rating context as last read, the service
// being rated and what the rater chose so far. Plain data; rules in apply.cpp. Reset with the session.
#pragma once
#include <map>
#include <memory>
#include <set>
#include <string>

#include "kiosk/core/rating_context.h"
#include "kiosk/core/shell/app_state.h"

namespace onestop::rateui {

// What the rating form holds before it is sent (the comment is the typed buffer "rate.comment").
struct RateForm {
  int overall = 0;                        // 1..5, 0 = not chosen
  std::map<std::string, int> dimensions;  // dimension code → 1..5
  std::set<std::string> tags;             // preset tag codes chosen
  bool reopen = false;                    // a poor score asks for the work to be redone
  bool keyboard_open = false;
};

struct RatingSession {
  bool loading = false;
  std::shared_ptr<const RatingContext> ctx;
  std::string error;                      // why the context could not be read
  std::string ticket;                     // being rated
  RateForm form;
  std::string submitted_tag;
  std::string error_code, error_text;     // last refused rating
  int refusals = 0;                       // Send taps refused: each one brings the problem into view
};

inline RatingSession& Get(AppState& s) { return s.session.slices.Get<RatingSession>(); }
inline const RatingSession& Get(const AppState& s) { return s.session.slices.Get<RatingSession>(); }

}  // namespace onestop::rateui
