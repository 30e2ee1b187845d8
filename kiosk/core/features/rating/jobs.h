// What the rating feature asks of the app's store reader (kiosk/app/lookups/rating_lookup.cpp).
#pragma once
#include "kiosk/core/protocol.h"

namespace onestop::rateui::job {

// → cmd::RatingContextRead. `fallback`: the binding before enrollment (the store's, once enrolled, wins).
struct ReadRatingContext { Binding fallback; };

}  // namespace onestop::rateui::job
