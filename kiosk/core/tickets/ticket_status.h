// Ticket statuses and the lifecycle (DESIGN §6), shared by the hub (which moves tickets) and the
// terminals (which mirror them read-only). The one spelling of every status name on the wire.
// Pure rules: no I/O, no storage, no user-facing text beyond English reasons for refusals.
#pragma once
#include <array>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace onestop::tickets {

// received → accepted → dispatched → in_progress → completed → followed_up → assessed,
// side exits cancelled / rejected, and one way back: the reopen edge completed | followed_up → accepted
// (a rater unhappy with the work, overall <= 2, or the desk after a call-back). A reopened ticket is
// dispatched and completed again; each completion is a new rating round.
enum class TicketStatus { kReceived, kAccepted, kDispatched, kInProgress, kCompleted, kFollowedUp, kAssessed, kCancelled, kRejected };
inline constexpr std::array<TicketStatus, 9> kAllStatuses = {
    TicketStatus::kReceived,  TicketStatus::kAccepted,   TicketStatus::kDispatched,
    TicketStatus::kInProgress, TicketStatus::kCompleted, TicketStatus::kFollowedUp,
    TicketStatus::kAssessed,  TicketStatus::kCancelled,  TicketStatus::kRejected};

// "received", "accepted", "dispatched", "in_progress", "completed", "followed_up", "assessed",
// "cancelled", "rejected".
std::string_view StatusName(TicketStatus s);
std::optional<TicketStatus> ParseStatus(std::string_view name);
// Wire names of a set of statuses (a filter, a list of board columns).
std::vector<std::string> StatusNames(std::initializer_list<TicketStatus> statuses);
// Lets a stored or pulled status (text) be compared with a status without spelling it again:
// `row.status == TicketStatus::kReceived`. Unknown text equals no status.
inline bool operator==(std::string_view name, TicketStatus s) { return name == StatusName(s); }

// Empty when the move is allowed, else why not, in English (for the desk user or the log).
std::string TransitionError(TicketStatus from, TicketStatus to);
// The same over wire names; an unknown `to` is refused with the list of statuses.
std::string TransitionError(std::string_view from, std::string_view to);
// True for the reopen edge (completed | followed_up → accepted).
bool IsReopen(TicketStatus from, TicketStatus to);
bool IsReopen(std::string_view from, std::string_view to);

// Groups the terminals and the hub ask about (unknown text belongs to none of them):
bool IsClosed(std::string_view status);       // finished or abandoned: completed and later, cancelled, rejected
bool IsAwaitingWork(std::string_view status); // received or accepted: nobody has started (cancellable, holdable)
bool IsInWork(std::string_view status);       // dispatched or in_progress
bool IsDone(std::string_view status);         // completed, followed_up or assessed: the work was delivered
bool IsRatable(std::string_view status);      // completed or followed_up: a rating may still be given

}  // namespace onestop::tickets
