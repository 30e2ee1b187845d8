// Ratings at the hub (DESIGN §6, issue 7): recording a pushed rating (idempotent, one per ticket,
// completion round and rater; ticket → followed_up; a low score flags a call-back and may reopen the
// ticket), the monthly report per team / worker / trade / kind, and the call-back list.
// Rules come from kiosk/core/rating.h (the kiosk checks the same); storage goes through HubStore.
// No HTTP and no SQL here; the report builders are pure functions of tickets and ratings.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/local_time.h"
#include "kiosk/core/protocol.h"
#include "kiosk/core/result.h"
#include "server/store.h"

namespace onestop::hub {

// Applies one new `rating` record from `term` (called by the hub's push handler inside its
// transaction). Payload: {ticket, overall 1..5, round?, dimensions?{name:1..5}, tags?[code],
// comment? (<= 200 characters), reopen?: bool, rater?: staff id}.
//  - rater: a staff id (must exist and be allowed on that terminal, core staff rule); without one the
//    terminal is the rater, which only a bedside terminal may be (patients rate without signing in).
//  - round: the completion rated (default: the current one). A rating of an earlier completion (the
//    ticket was reopened meanwhile, the rating came late from an offline kiosk) is recorded for that
//    round without moving the ticket.
//  - The current round's rating moves completed → followed_up; overall <= 2 sets the call-back flag;
//    reopen (only with overall <= 2) then moves it to accepted (reopen edge) in the same step.
// Accepted results carry the ticket id as ref.
protocol::PushResult ApplyRating(HubTx& tx, const TerminalRow& term, const protocol::PushRecord& record, int64_t now_ms);

enum class GroupBy { kTeam, kWorker, kTrade, kKind };
std::optional<GroupBy> ParseGroupBy(std::string_view name);  // team | worker | trade | kind
std::string_view GroupByName(GroupBy g);

struct MonthRange {
  std::string month;  // "YYYY-MM"
  std::string zone;   // IANA name the month is counted in
  int64_t from_ms = 0, to_ms = 0;  // [from, to) in UTC ms
};
// Bounds of a calendar month in the hospital's time zone. Code: report.bad_month.
Result<MonthRange> MonthBounds(std::string_view yyyy_mm, const TimeZone& zone);

struct GroupStats {
  std::string group;  // team code, worker id, trade, kind; "-" = not dispatched / unknown
  // Ratings given in the month, attributed by the ticket's team/worker/trade/kind at rating time.
  int64_t ratings = 0;
  double mean = 0;                  // of overall
  std::array<int64_t, 5> dist{};    // count of overall 1..5
  double satisfaction_pct = 0;      // share of overall >= 4, in percent
  // Tickets whose last completion falls in the month, by their current team/worker/trade/kind.
  int64_t completed = 0;
  int64_t responded = 0;  // of those, with an "accepted" step (response time known)
  double response_mean_min = 0, response_median_min = 0;      // received → first accepted
  double completion_mean_min = 0, completion_median_min = 0;  // received → last completed
};

struct MonthlyReport {
  MonthRange range;
  GroupBy by = GroupBy::kTeam;
  std::vector<GroupStats> groups;  // by group name
  GroupStats total;                // group "ALL"
};

// Pure: `ratings` may contain ratings outside the month (they are filtered by rated_ms).
MonthlyReport BuildMonthlyReport(const std::vector<TicketRow>& tickets, const std::vector<RatingRow>& ratings,
                                 const MonthRange& range, GroupBy by);
Result<MonthlyReport> LoadMonthlyReport(HubStore& store, const MonthRange& range, GroupBy by);
std::string ReportText(const MonthlyReport& r);
// Header: month,zone,by,group,ratings,mean,n1,n2,n3,n4,n5,satisfaction_pct,completed,responded,
// response_mean_min,response_median_min,completion_mean_min,completion_median_min (RFC 4180 quoting).
std::string ReportCsv(const MonthlyReport& r);

// The hospital time zone for reports: `override_name` if given, else the hub config's time_zone,
// else UTC. Code: report.bad_zone.
Result<TimeZone> ReportTimeZone(HubStore& store, const std::string& override_name);

struct CallbackItem {
  TicketRow ticket;
  std::string reason;              // "low_rating" (flagged) | "not_rated" (completed, no rating in time)
  int64_t completed_ms = 0;        // last completion
  std::optional<RatingRow> rating;  // low_rating: the lowest rating of the latest round
};
// Flagged tickets (callback "open") and tickets still "completed" (nobody rated this completion)
// whose last completion is at least `after_ms` old; oldest completion first.
std::vector<CallbackItem> BuildCallbackList(const std::vector<TicketRow>& tickets,
                                            const std::vector<RatingRow>& ratings, int64_t now_ms, int64_t after_ms);
Result<std::vector<CallbackItem>> LoadCallbacks(HubStore& store, int64_t now_ms, int64_t after_ms);
nlohmann::json CallbackJson(const CallbackItem& c);

// The desk called the rater back: the flag goes from "open" to "done" (ticket change emitted).
// Codes: callback.not_open, ticket.unknown.
Result<TicketRow> CloseCallback(HubStore& store, const std::string& ticket_id, int64_t now_ms);

}  // namespace onestop::hub
