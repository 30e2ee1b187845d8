// Pure lookups on the rating context (see rating_context.h).
#include "kiosk/core/rating_context.h"

namespace onestop {

const rating::TicketInfo* FindTicket(const RatingContext& ctx, const std::string& id) {
  for (const auto& t : ctx.tickets)
    if (t.id == id) return &t;
  return nullptr;
}

const TicketNames& NamesOf(const RatingContext& ctx, const std::string& id) {
  static const TicketNames kNone;
  auto it = ctx.names.find(id);
  return it == ctx.names.end() ? kNone : it->second;
}

std::vector<rating::RateListItem> RateListFor(const RatingContext& ctx, const staff::StaffMember* who, int64_t now_ms) {
  const std::string rater = rating::RaterFor(ctx.binding, ctx.terminal_id, who ? who->id : "");
  return rating::ToRateList(ctx.tickets, rating::ScopeFor(ctx.binding, who ? who->ward : ""), rater, ctx.own, now_ms);
}

bool InRateScope(const RatingContext& ctx, const staff::StaffMember* who, const rating::TicketInfo& t) {
  const rating::RateScope scope = rating::ScopeFor(ctx.binding, who ? who->ward : "");
  if (scope.none || (!scope.include_meals && t.kind == "meal")) return false;
  return protocol::LocationWithin(t.location, scope.location);
}

}  // namespace onestop
