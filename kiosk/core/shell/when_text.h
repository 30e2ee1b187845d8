// A moment as people read it on the terminal: "14:10" today, "yesterday 14:10", "tomorrow 09:00",
// else "22 Nov 14:10" / month-and-day in Chinese, in the session language and the hospital's zone (issue 16:
// no ISO dates where the chooser says "today"). For screens only: the wire and the stores keep UTC
// milliseconds, and staff's technical screens ("This terminal") keep ISO dates.
#pragma once
#include <cstdint>
#include <string>

#include "kiosk/core/shell/app_state.h"

namespace onestop {

std::string WhenText(const AppState& s, int64_t utc_ms);

}  // namespace onestop
