// Rule of escort_request records (see escort_rules.h). Keys, types and sizes were checked before
// (kiosk/core/record_rules.h); the content rule is the core's ValidateEscort, judged against the
// record's created_at, and the hub adds only what the kiosk cannot know: that the place is a bed.
#include "server/escort_rules.h"

#include "kiosk/core/features/escort/rules.h"
#include "kiosk/core/record_rules.h"

namespace onestop::hub {

Status EscortTicket(const PushedRecord& in, TicketRow& ticket) {
  auto draft = escort::EscortFromPayload(in.record.payload);
  if (!draft) return escort::RecordRefusal(draft.error());
  draft->location = in.location;  // absent means the terminal's own place, as for every kind
  if (auto s = escort::ValidateEscort(draft.value(), in.term.binding.location, in.record.created_at_ms); !s)
    return escort::RecordRefusal(s.error());
  // A patient is fetched from a bed: a ward or room code would send the porter searching. Only a hub
  // with master data for the place can tell (a bare test hub has none).
  if (auto loc = in.tx.GetMaster("location", in.location); loc && loc->is_object() && loc->contains("kind") &&
                                                            (*loc)["kind"] != "bed")
    return Error{std::string(records::reason::kBadField),
                 "escort.not_a_bed: location " + in.location + " is not a bed; choose the patient's bed"};
  ticket.kind = std::string(escort::kTicketKind);
  ticket.trade = std::string(escort::kTrade);
  ticket.detail["location"] = in.location;
  return Ok{};
}

}  // namespace onestop::hub
