// The rating context of this terminal as the rating screens and `onestop-kiosk rate` see it: binding,
// pulled tickets, staff directory and this terminal's own ratings not yet acknowledged. Plain data
// plus pure lookups; built by the app's store reader (kiosk/app/lookups/rating_lookup.h). No I/O here.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/core/protocol.h"
#include "kiosk/core/rating.h"
#include "kiosk/core/staff_session.h"

namespace onestop {

struct RatingContext {
  Binding binding;  // enrolled binding (else the configured role/location)
  std::string terminal_id;    // "" before enrollment
  std::vector<rating::TicketInfo> tickets;      // every pulled ticket (unreadable ones skipped)
  std::vector<rating::SubmittedRating> own;     // ratings queued here, not yet acknowledged (pending = true)
  staff::StaffDirectory staff;                  // pulled staff entities
};

// The ticket with this id, or nullptr.
const rating::TicketInfo* FindTicket(const RatingContext& ctx, const std::string& id);
// The "to rate" list for whoever rates now (`signed_in` = the signed-in staff member or nullptr for a
// patient at the bedside); see rating::ScopeFor / ToRateList.
std::vector<rating::RateListItem> RateListFor(const RatingContext& ctx, const staff::StaffMember* signed_in,
                                              int64_t now_ms);
// Whether a ticket lies in the scope the terminal rates (the list without the age window).
bool InRateScope(const RatingContext& ctx, const staff::StaffMember* signed_in, const rating::TicketInfo& t);

}  // namespace onestop
