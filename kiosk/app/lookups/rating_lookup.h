// What rating needs from the local store (issue 7): pulled tickets, the staff directory and this
// terminal's own ratings still in the outbox. Shared by `onestop-kiosk rate` and the rating screen's
// worker (a plain function: call it off the frame thread). Reads only; never writes the store.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/core/rating_context.h"
#include "offline/store.h"

namespace onestop::app {

// The context type and its pure lookups live in the core so the rating screens can hold them.
using onestop::FindTicket;
using onestop::InRateScope;
using onestop::RateListFor;
using onestop::RatingContext;

// The pulled staff list (bounded read).
Result<staff::StaffDirectory> LoadStaffDirectory(offline::Store& store);
// `fallback` is used when the store holds no enrollment yet (offline first start). Also names what each
// ratable ticket is about (RatingContext::names) from the pulled master data, each row read once.
Result<RatingContext> LoadRatingContext(offline::Store& store, const Binding& fallback);

}  // namespace onestop::app
