// Ratings of completed services (DESIGN §6, issue 7): the dimension and preset-tag sets per ticket
// kind, the rules a rating must pass (shared by the rating screen, `onestop-kiosk rate` and the hub),
// the outbox payload, and the "to rate" list of a terminal built from pulled tickets.
// Pure: std + nlohmann only. No SQL, no I/O, no clock reads (callers pass `now`), no UI text:
// problems are reason CODES (stable ASCII) with parameters; the UI maps them to catalog keys.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/core/protocol.h"
#include "kiosk/core/result.h"

namespace onestop::rating {

inline constexpr int kMinScore = 1;
inline constexpr int kMaxScore = 5;
// A rating at or below this flags the ticket for a service-desk call-back and lets the rater reopen it.
inline constexpr int kLowScore = 2;
// Share of ratings >= this is the "satisfaction rate" hospitals report (e.g. 95.6 %).
inline constexpr int kSatisfiedScore = 4;
inline constexpr std::size_t kMaxCommentChars = 200;  // Unicode code points, typed on the on-screen keyboard
inline constexpr std::size_t kMaxTags = 8;
// The "to rate" list shows work completed within this window (older work goes to the desk's call-back list).
inline constexpr int64_t kDefaultRateWindowMs = 14LL * 24 * 3600 * 1000;

// Ticket kinds that can be rated: repair, cleaning, complaint, meal.
bool IsRatableKind(std::string_view kind);
// completed (not yet rated by anyone) or followed_up (rated by someone; another rater may still rate).
bool IsRatableStatus(std::string_view status);

struct Dimension {
  std::string_view code;  // stable ASCII code: "timeliness", "attitude", ...
  bool required;          // the kiosk asks for it; the hub also accepts ratings without it
};
// Dimensions per kind (DESIGN §6):
//   repair, complaint: timeliness, attitude, quality           (all required)
//   cleaning:          timeliness, attitude, quality, hygiene  (all required)
//   meal:              taste, temperature (required); portion, punctuality (optional: portion size is the
//                      commonest meal complaint after taste, and off-hours orders carry a delivery promise)
// Empty for a kind that cannot be rated.
const std::vector<Dimension>& Dimensions(std::string_view kind);

struct Tag {
  std::string_view code;  // stable ASCII code; the UI translates it (catalog key e.g. "rating.tag.<code>")
  bool positive;          // praise (shown for high scores) or a problem (shown for low scores)
};
const std::vector<Tag>& PresetTags(std::string_view kind);

// A rating as a rater has given it (from this terminal's outbox, or from the hub in the pulled ticket).
struct SubmittedRating {
  std::string ticket;
  std::string rater;  // staff id, or the terminal id for a patient rating at the bedside
  int round = 1;      // which completion of the ticket was rated (1 = the first; a reopen starts the next)
  int overall = 0;
  std::map<std::string, int> dimensions;
  std::vector<std::string> tags;
  std::string comment;
  bool reopen = false;
  std::string at;        // ISO 8601 UTC when given ("" if unknown)
  bool pending = false;  // still in this terminal's outbox (not yet acknowledged by the hub)
};

// A pulled ticket as the rating rules need it.
struct TicketInfo {
  std::string id, kind, status, trade, location, asset, team, worker;
  std::string created_at;       // ISO as sent
  std::string completed_at;     // last time it entered "completed" ("" = never)
  int64_t completed_at_ms = 0;  // 0 when unknown
  int round = 0;                // how many times it was completed (history)
  bool callback = false;        // flagged for a service-desk call-back
  nlohmann::json detail = nlohmann::json::object();  // what was submitted (description, items, ...)
  std::vector<SubmittedRating> ratings;               // as recorded by the hub
};
// From the pulled `ticket` entity {id, kind, trade, status, location, asset, team?, worker?, callback?,
// created_at, updated_at, detail, history[{from,status,at,actor,note}], ratings?[...]}.
Result<TicketInfo> TicketFromJson(const nlohmann::json& j);
// From an outbox rating payload (see RatingPayload) or a pulled ticket's ratings[] entry.
// `default_rater` fills a payload without "rater" (a patient's rating: the terminal is the rater).
Result<SubmittedRating> SubmittedFromJson(const nlohmann::json& j, std::string_view default_rater = {});

// What the rater chose. Scores 0 = not chosen yet.
struct RatingDraft {
  std::string ticket;
  int overall = 0;
  std::map<std::string, int> dimensions;
  std::vector<std::string> tags;
  std::string comment;
  bool reopen = false;  // ask for the work to be done again (only with overall <= kLowScore)
};

// One problem with a draft. Codes:
//   rating.unknown_ticket       the ticket is not among this terminal's tickets
//   rating.not_ratable_kind     (value: kind)
//   rating.not_completed        (value: status) only completed work can be rated
//   rating.needs_rater          a ward kiosk / staff tablet rates only with a signed-in staff member
//   rating.already_rated        this rater already rated this completion (RatingCheck::first holds it)
//   rating.score_required       (field: "overall" or a required dimension)
//   rating.score_out_of_range   (field, value) scores are integers 1..5
//   rating.unknown_dimension    (field)
//   rating.unknown_tag          (value)
//   rating.duplicate_tag        (value)
//   rating.too_many_tags        (limit)
//   rating.comment_too_long     (limit, value = its length)
//   rating.comment_invalid      invalid UTF-8 or a control character (line break, tab)
//   rating.reopen_not_allowed   (limit) reopen only with overall <= 2
struct Problem {
  std::string code;
  std::string field;  // "overall", a dimension code, "tags", "comment", "reopen", "ticket"
  std::string value;  // the offending value as text
  int limit = 0;
  std::string message;  // English, for logs and the CLI
};

struct RatingCheck {
  std::vector<Problem> problems;        // empty = may be submitted
  std::optional<SubmittedRating> first;  // with rating.already_rated: the rating given before
  bool ok() const { return problems.empty(); }
  // The first problem as an Error (code + message), for Result-style callers.
  Error FirstError() const;
};

enum class Strictness {
  kKiosk,  // every required dimension must be given (screen and CLI)
  kHub,    // required dimensions may be missing (older clients, desk call-backs record overall only)
};

// Checks a draft's own content: scores, dimensions of the kind, tags, comment, reopen.
RatingCheck CheckContent(const RatingDraft& draft, std::string_view kind, Strictness strictness = Strictness::kKiosk);

// The earlier rating by `rater` of this completion (`round`), from the hub's list or this terminal's
// own records, or nullopt.
std::optional<SubmittedRating> FindPrior(std::string_view ticket, int round, std::string_view rater,
                                         const std::vector<SubmittedRating>& hub_ratings,
                                         const std::vector<SubmittedRating>& own);

// Everything the kiosk checks before queueing: the ticket (kind, status), one rating per rater per
// completion (then `first` is set), and the content. `rater` is never empty here (see RaterFor).
RatingCheck CheckRating(const RatingDraft& draft, const TicketInfo& ticket, std::string_view rater,
                        const std::vector<SubmittedRating>& own);

// The outbox payload (DESIGN §4): {ticket, round, overall, dimensions{}, tags[], comment?, reopen?,
// rater?}. `staff_rater` is the signed-in staff id, or empty for a patient (the hub then records the
// terminal as the rater). Call only with a draft that passed CheckRating.
nlohmann::json RatingPayload(const RatingDraft& draft, int round, std::string_view staff_rater);

// Who rates on this terminal: the signed-in staff id; else, on a bedside terminal only, the terminal
// itself (patients rate without signing in). Empty = nobody may rate now (rating.needs_rater).
std::string RaterFor(const Binding& binding, std::string_view terminal_id, std::string_view staff_id);

// Which tickets a terminal lists for rating:
//   bedside: tickets at the bed (its own requests and meals);
//   ward:    tickets within the ward except meals (patients rate those at their bed);
//   staff tablet (unbound): tickets within the signed-in staff member's ward (`staff_ward`), none
//            without one (service staff do not rate their own work).
struct RateScope {
  std::string location;  // "" with `none` = nothing
  bool include_meals = true;
  bool none = false;
};
RateScope ScopeFor(const Binding& binding, std::string_view staff_ward);

struct RateListItem {
  TicketInfo ticket;
  bool rated = false;                   // by this rater, this completion
  std::optional<SubmittedRating> mine;  // that rating
};

// Completed (completed / followed_up) tickets of the scope, completed within `window_ms` before
// `now_ms`, newest completion first, each marked when `rater` already rated this completion (from
// the hub's ratings in the ticket or from `own` records still on this terminal).
std::vector<RateListItem> ToRateList(const std::vector<TicketInfo>& tickets, const RateScope& scope,
                                     std::string_view rater, const std::vector<SubmittedRating>& own, int64_t now_ms,
                                     int64_t window_ms = kDefaultRateWindowMs);

void to_json(nlohmann::json& j, const SubmittedRating& r);
void to_json(nlohmann::json& j, const TicketInfo& t);
void to_json(nlohmann::json& j, const RateListItem& i);
void to_json(nlohmann::json& j, const Problem& p);

}  // namespace onestop::rating
