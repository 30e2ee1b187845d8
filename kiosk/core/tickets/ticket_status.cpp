// Ticket status names and lifecycle rules (see ticket_status.h). Moved here from the hub so the
// kiosk and the hub read one definition; nothing here stores or sends a ticket.
#include "kiosk/core/tickets/ticket_status.h"

#include <algorithm>

namespace onestop::tickets {
namespace {

constexpr std::array<std::string_view, kAllStatuses.size()> kNames = {
    "received", "accepted", "dispatched", "in_progress", "completed", "followed_up", "assessed", "cancelled", "rejected"};

// The main line is the enum's order up to assessed; the side exits come after it.
constexpr auto kLastOnMainLine = TicketStatus::kAssessed;
int Pos(TicketStatus s) { return static_cast<int>(s); }
bool OnMainLine(TicketStatus s) { return Pos(s) <= Pos(kLastOnMainLine); }

template <class Pred>
bool Is(std::string_view name, Pred pred) {
  const auto s = ParseStatus(name);
  return s && pred(*s);
}

}  // namespace

std::string_view StatusName(TicketStatus s) { return kNames[static_cast<size_t>(s)]; }

std::optional<TicketStatus> ParseStatus(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i)
    if (kNames[i] == name) return kAllStatuses[i];
  return std::nullopt;
}

std::vector<std::string> StatusNames(std::initializer_list<TicketStatus> statuses) {
  std::vector<std::string> out;
  for (auto s : statuses) out.emplace_back(StatusName(s));
  return out;
}

bool IsReopen(TicketStatus from, TicketStatus to) {
  return to == TicketStatus::kAccepted && (from == TicketStatus::kCompleted || from == TicketStatus::kFollowedUp);
}

bool IsReopen(std::string_view from, std::string_view to) {
  const auto f = ParseStatus(from), t = ParseStatus(to);
  return f && t && IsReopen(*f, *t);
}

std::string TransitionError(TicketStatus from, TicketStatus to) {
  const std::string f(StatusName(from)), t(StatusName(to));
  if (from == TicketStatus::kCancelled || from == TicketStatus::kRejected || from == TicketStatus::kAssessed)
    return "ticket is already " + f + "; it cannot change any more";
  if (IsReopen(from, to)) return "";
  if (to == TicketStatus::kCancelled) {
    // Work that is finished cannot be cancelled, only rated and assessed.
    if (Pos(from) <= Pos(TicketStatus::kInProgress)) return "";
    return "a " + f + " ticket cannot be cancelled";
  }
  if (to == TicketStatus::kRejected) {
    if (Pos(from) <= Pos(TicketStatus::kAccepted)) return "";
    return "only received or accepted tickets can be rejected, this one is " + f;
  }
  if (OnMainLine(from) && OnMainLine(to) && Pos(to) == Pos(from) + 1) return "";
  const std::string next =
      OnMainLine(from) && from != kLastOnMainLine ? std::string(StatusName(static_cast<TicketStatus>(Pos(from) + 1))) : "none";
  return "cannot move a ticket from " + f + " to " + t + " (next step is " + next + ")";
}

std::string TransitionError(std::string_view from, std::string_view to) {
  const auto t = ParseStatus(to);
  if (!t) {
    std::string allowed;
    for (auto n : kNames) allowed += (allowed.empty() ? "" : ", ") + std::string(n);
    return "unknown status \"" + std::string(to) + "\" (one of: " + allowed + ")";
  }
  const auto f = ParseStatus(from);
  // A stored status the rules do not know (a newer hub's row) cannot move: nothing leads out of it.
  if (!f) return "cannot move a ticket from " + std::string(from) + " to " + std::string(to) + " (next step is none)";
  return TransitionError(*f, *t);
}

bool IsClosed(std::string_view status) {
  return Is(status, [](TicketStatus s) { return Pos(s) >= Pos(TicketStatus::kCompleted); });
}
bool IsAwaitingWork(std::string_view status) {
  return Is(status, [](TicketStatus s) { return s == TicketStatus::kReceived || s == TicketStatus::kAccepted; });
}
bool IsInWork(std::string_view status) {
  return Is(status, [](TicketStatus s) { return s == TicketStatus::kDispatched || s == TicketStatus::kInProgress; });
}
bool IsDone(std::string_view status) {
  return Is(status, [](TicketStatus s) { return Pos(s) >= Pos(TicketStatus::kCompleted) && OnMainLine(s); });
}
bool IsRatable(std::string_view status) {
  return Is(status, [](TicketStatus s) { return s == TicketStatus::kCompleted || s == TicketStatus::kFollowedUp; });
}

}  // namespace onestop::tickets
