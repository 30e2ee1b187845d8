// The rating feature's typed commands (from its screens) and the answer of its job.
// Only this feature's apply.cpp looks inside them.
#pragma once
#include <string>

#include "kiosk/core/features/rating/state.h"
#include "kiosk/core/result.h"

namespace onestop::rateui::cmd {

struct PickTicket { std::string ticket; };  // a completed service on the "to rate" list
struct SetScore { std::string dimension; int score; };  // dimension "" = the overall score
struct ToggleTag { std::string code; };
struct SetReopen { bool on; };
struct ToggleKeyboard {};
struct SendRating {};

struct RatingContextRead { Result<RatingContext> ctx; };  // answer of job::ReadRatingContext

}  // namespace onestop::rateui::cmd
