// The rating context of this terminal as the rating screens and `onestop-kiosk rate` see it: binding,
// pulled tickets, staff directory and this terminal's own ratings not yet acknowledged. Plain data
// plus pure lookups; built by the app's store reader (kiosk/app/lookups/rating_lookup.h). No I/O here.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "kiosk/core/local_text.h"
#include "kiosk/core/protocol.h"
#include "kiosk/core/rating.h"
#include "kiosk/core/staff_session.h"

namespace onestop {

// What a completed ticket is about, in the words of the pulled master data, so a rater can tell what
// she rates (issue 16). Filled by the store reader for ratable tickets only; an empty name is not
// known on this terminal and the screen falls back to catalog words or codes.
struct TicketNames {
  LocalText trade;        // config "trade:<code>"
  LocalText category;     // the repair's fault category as the asset class names it (hub data)
  LocalText asset_class;  // the asset's class ("Electric bed")
  LocalText place;        // "Ward 12 · Room 3 · Bed 7": from the ward down to the ticket's location
  LocalText worker;       // the worker's display name (pulled staff entity), else the team's name
};

struct RatingContext {
  Binding binding;  // enrolled binding (else the configured role/location)
  std::string terminal_id;    // "" before enrollment
  std::vector<rating::TicketInfo> tickets;      // every pulled ticket (unreadable ones skipped)
  std::vector<rating::SubmittedRating> own;     // ratings queued here, not yet acknowledged (pending = true)
  staff::StaffDirectory staff;                  // pulled staff entities
  std::map<std::string, TicketNames> names;     // by ticket id (ratable tickets only)
};

// The names of ticket `id` (empty names when none were read).
const TicketNames& NamesOf(const RatingContext& ctx, const std::string& id);

// The ticket with this id, or nullptr.
const rating::TicketInfo* FindTicket(const RatingContext& ctx, const std::string& id);
// The "to rate" list for whoever rates now (`signed_in` = the signed-in staff member or nullptr for a
// patient at the bedside); see rating::ScopeFor / ToRateList.
std::vector<rating::RateListItem> RateListFor(const RatingContext& ctx, const staff::StaffMember* signed_in,
                                              int64_t now_ms);
// Whether a ticket lies in the scope the terminal rates (the list without the age window).
bool InRateScope(const RatingContext& ctx, const staff::StaffMember* signed_in, const rating::TicketInfo& t);

}  // namespace onestop
