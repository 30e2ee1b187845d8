// Hub ratings: applying pushed ratings, the monthly report and the call-back list. Validation rules
// are the core's (kiosk/core/rating.h, staff_session.h) so kiosk and hub never disagree; this file
// adds what only the hub knows (rounds, attribution, lifecycle). Must not log rating comments.
#include "server/ratings.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "kiosk/core/clock.h"
#include "kiosk/core/rating.h"
#include "kiosk/core/staff_session.h"
#include "server/tickets.h"

namespace onestop::hub {
namespace {
using nlohmann::json;
namespace pr = onestop::protocol;

int64_t HistoryAt(const json& h) {
  int64_t ms = 0;
  return h.is_object() && h.contains("at") && h["at"].is_string() && ParseIsoUtcMs(h["at"].get<std::string>(), &ms) ? ms : 0;
}

// Time of the n-th (1-based) completion, and the team/worker the ticket was dispatched to before it.
struct RoundInfo {
  int64_t completed_ms = 0;
  std::string team, worker;
};
RoundInfo RoundOf(const TicketRow& t, int round) {
  RoundInfo info{0, t.team, t.worker};
  std::string team, worker;
  bool dispatched = false;
  int n = 0;
  if (!t.history.is_array()) return info;
  for (const auto& h : t.history) {
    if (!h.is_object()) continue;
    const std::string st = h.value("status", "");
    if (st == TicketStatus::kDispatched) {
      team = h.contains("team") && h["team"].is_string() ? h["team"].get<std::string>() : "";
      worker = h.contains("worker") && h["worker"].is_string() ? h["worker"].get<std::string>() : "";
      dispatched = !team.empty() || !worker.empty();
    } else if (st == TicketStatus::kCompleted && ++n == round) {
      info.completed_ms = HistoryAt(h);
      if (dispatched) {
        info.team = team;
        info.worker = worker;
      }
      return info;
    }
  }
  return info;
}

// Null counts as absent; a wrong type was already refused by TypeError.
std::string Text(const json& p, const char* key) {
  auto it = p.find(key);
  return it != p.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string TypeError(const json& p, const char* key, bool (json::*pred)() const noexcept, const char* what) {
  auto it = p.find(key);
  if (it == p.end() || it->is_null() || ((*it).*pred)()) return "";
  return std::string("payload.") + key + " must be " + what;
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double Mean(const std::vector<double>& v) {
  if (v.empty()) return 0;
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

std::string Fixed(double v, int digits) {
  char b[64];
  std::snprintf(b, sizeof b, "%.*f", digits, v);
  return b;
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string Key(GroupBy by, const std::string& team, const std::string& worker, const std::string& trade,
                const std::string& kind) {
  const std::string& k = by == GroupBy::kTeam ? team : by == GroupBy::kWorker ? worker : by == GroupBy::kTrade ? trade : kind;
  return k.empty() ? "-" : k;
}

}  // namespace

pr::PushResult ApplyRating(HubTx& t, const TerminalRow& term, const pr::PushRecord& r, int64_t now) {
  pr::PushResult res{r.id, pr::PushStatus::kRejected, "", ""};
  auto reject = [&](std::string why) {
    res.reason = std::move(why);
    return res;
  };
  const json& p = r.payload;
  for (auto why : {TypeError(p, "ticket", &json::is_string, "a string"), TypeError(p, "rater", &json::is_string, "a string"),
                   TypeError(p, "comment", &json::is_string, "a string"), TypeError(p, "reopen", &json::is_boolean, "true or false"),
                   TypeError(p, "round", &json::is_number_integer, "an integer"),
                   TypeError(p, "dimensions", &json::is_object, "an object of name: 1..5"),
                   TypeError(p, "tags", &json::is_array, "an array of tag codes")})
    if (!why.empty()) return reject(why);
  const std::string id = Text(p, "ticket");
  if (id.empty()) return reject("a rating needs payload.ticket");
  if (!p.contains("overall") || !p["overall"].is_number_integer() || p["overall"].get<int64_t>() < rating::kMinScore ||
      p["overall"].get<int64_t>() > rating::kMaxScore)
    return reject("payload.overall must be an integer 1..5");

  rating::RatingDraft d;
  d.ticket = id;
  d.overall = p["overall"].get<int>();
  if (auto it = p.find("dimensions"); it != p.end() && it->is_object())
    for (const auto& [k, v] : it->items()) {
      if (!v.is_number_integer() || v.get<int64_t>() < rating::kMinScore || v.get<int64_t>() > rating::kMaxScore)
        return reject("payload.dimensions." + pr::TruncateUtf8(k, 40) + " must be an integer 1..5");
      d.dimensions[k] = v.get<int>();
    }
  if (auto it = p.find("tags"); it != p.end() && it->is_array())
    for (const auto& v : *it) {
      if (!v.is_string()) return reject("payload.tags must be an array of tag codes (strings)");
      d.tags.push_back(v.get<std::string>());
    }
  d.comment = Text(p, "comment");
  d.reopen = p.contains("reopen") && p["reopen"].is_boolean() && p["reopen"].get<bool>();

  auto tk = t.GetTicket(id);
  if (!tk || !pr::LocationWithin(tk->location, term.binding.location))
    return reject("no ticket " + pr::TruncateUtf8(id, 40) + " for this terminal");
  if (auto c = rating::CheckContent(d, tk->kind, rating::Strictness::kHub); !c.ok()) return reject(c.FirstError().message);

  // Who rates: a signed-in staff member the terminal vouches for, else (bedside only) the terminal.
  std::string rater = Text(p, "rater");
  if (!rater.empty()) {
    if (t.CountMaster("staff") > 0) {
      auto s = t.GetMaster("staff", rater);
      if (!s) return reject("rater " + pr::TruncateUtf8(rater, 40) + " is not a known staff member");
      auto member = staff::StaffFromJson(*s);
      if (!member) return reject("rater " + rater + ": " + member.error().message);
      if (auto ok = staff::StaffAllowedAt(member.value(), term.binding); !ok) return reject(ok.error().message);
    }
  } else if (term.binding.role == Role::kBedside) {
    rater = term.id;
  } else {
    return reject("a rating from a ward kiosk or staff tablet needs payload.rater (the signed-in staff id)");
  }

  const int current = tickets::CompletionRound(*tk);
  if (tk->status == TicketStatus::kAssessed) return reject("ticket " + id + " is already assessed; its ratings are closed");
  if (current < 1) return reject("ticket " + id + " is " + tk->status + "; only completed work can be rated");
  int round = current;
  bool explicit_round = false;
  if (auto it = p.find("round"); it != p.end() && it->is_number_integer()) {
    explicit_round = true;
    const int64_t want = it->get<int64_t>();
    if (want < 1 || want > current)
      return reject("ticket " + id + " has been completed " + std::to_string(current) + " time(s); round " +
                    std::to_string(want) + " cannot be rated");
    round = static_cast<int>(want);
  }
  for (const auto& first : t.GetRatings(tk->id))
    if (first.round == round && first.rater == rater)
      return reject("ticket " + id + " was already rated by this rater (overall " + std::to_string(first.overall) +
                    " at " + FormatIsoUtcMs(first.rated_ms) + ")");
  if (!explicit_round && !rating::IsRatableStatus(tk->status))
    return reject("ticket " + id + " is " + tk->status + "; only completed work can be rated");
  // Current round of a ticket that is being redone (reopened by another rater): still recorded.
  const bool moves = round == current && rating::IsRatableStatus(tk->status);

  const RoundInfo info = RoundOf(*tk, round);
  RatingRow row;
  row.ticket_id = tk->id;
  row.round = round;
  row.rater = rater;
  row.record_id = r.id;
  row.terminal_id = term.id;
  // When it was given, by the terminal's clock, but never before the work was done nor after receipt.
  row.rated_ms = std::clamp(r.created_at_ms, std::min(info.completed_ms, now), now);
  row.received_ms = now;
  row.overall = d.overall;
  row.kind = tk->kind;
  row.trade = tk->trade;
  row.team = info.team;
  row.worker = info.worker;
  row.data = p;
  if (!t.AddRating(row)) return reject("ticket " + id + " was already rated by this rater");
  if (moves && tk->status == TicketStatus::kCompleted) {
    if (auto s = ApplyTransition(*tk, TicketStatus::kFollowedUp, rater, now, "rated " + std::to_string(d.overall) + "/5"); !s)
      return reject(s.error().message);
  }
  if (d.overall <= rating::kLowScore) tk->callback = tickets::kCallbackOpen;
  if (d.reopen && moves) {
    if (auto s = ApplyTransition(*tk, TicketStatus::kAccepted, rater, now, "reopened by the rater (overall " + std::to_string(d.overall) + "/5)"); !s)
      return reject(s.error().message);
  }
  tk->updated_ms = now;
  t.PutTicket(*tk);
  res.status = pr::PushStatus::kAccepted;
  res.ref = tk->id;
  return res;
}

std::optional<GroupBy> ParseGroupBy(std::string_view n) {
  if (n == "team") return GroupBy::kTeam;
  if (n == "worker") return GroupBy::kWorker;
  if (n == "trade") return GroupBy::kTrade;
  if (n == "kind") return GroupBy::kKind;
  return std::nullopt;
}

std::string_view GroupByName(GroupBy g) {
  switch (g) {
    case GroupBy::kTeam: return "team";
    case GroupBy::kWorker: return "worker";
    case GroupBy::kTrade: return "trade";
    case GroupBy::kKind: return "kind";
  }
  return "team";
}

Result<MonthRange> MonthBounds(std::string_view m, const TimeZone& zone) {
  const bool shape = m.size() == 7 && m[4] == '-' &&
                     std::all_of(m.begin(), m.begin() + 4, [](char c) { return c >= '0' && c <= '9'; }) &&
                     std::all_of(m.begin() + 5, m.end(), [](char c) { return c >= '0' && c <= '9'; });
  const int year = shape ? std::stoi(std::string(m.substr(0, 4))) : 0;
  const int month = shape ? std::stoi(std::string(m.substr(5, 2))) : 0;
  if (!shape || month < 1 || month > 12 || year < 1970)
    return Error{"report.bad_month", "--month must be YYYY-MM (e.g. 2026-11), not \"" + pr::TruncateUtf8(m, 20) + "\""};
  MonthRange r;
  r.month = std::string(m);
  r.zone = zone.name();
  r.from_ms = zone.ToUtcMs(year, month, 1, 0, 0, 0);
  r.to_ms = month == 12 ? zone.ToUtcMs(year + 1, 1, 1, 0, 0, 0) : zone.ToUtcMs(year, month + 1, 1, 0, 0, 0);
  return r;
}

MonthlyReport BuildMonthlyReport(const std::vector<TicketRow>& tickets, const std::vector<RatingRow>& ratings,
                                 const MonthRange& range, GroupBy by) {
  struct Acc {
    std::vector<int> scores;
    std::vector<double> response, completion;
    int64_t completed = 0;
  };
  std::map<std::string, Acc> acc;
  Acc all;
  for (const auto& r : ratings) {
    if (r.rated_ms < range.from_ms || r.rated_ms >= range.to_ms) continue;
    if (r.overall < rating::kMinScore || r.overall > rating::kMaxScore) continue;
    acc[Key(by, r.team, r.worker, r.trade, r.kind)].scores.push_back(r.overall);
    all.scores.push_back(r.overall);
  }
  for (const auto& t : tickets) {
    int64_t accepted = 0, completed = 0;
    if (t.history.is_array())
      for (const auto& h : t.history) {
        const std::string st = h.is_object() ? h.value("status", "") : "";
        if (st == TicketStatus::kAccepted && accepted == 0) accepted = HistoryAt(h);
        if (st == TicketStatus::kCompleted) completed = HistoryAt(h);
      }
    if (completed < range.from_ms || completed >= range.to_ms || completed == 0) continue;
    for (Acc* a : {&acc[Key(by, t.team, t.worker, t.trade, t.kind)], &all}) {
      ++a->completed;
      a->completion.push_back(static_cast<double>(completed - t.created_ms) / 60000.0);
      if (accepted != 0) a->response.push_back(static_cast<double>(accepted - t.created_ms) / 60000.0);
    }
  }
  auto finish = [](const std::string& name, const Acc& a) {
    GroupStats g;
    g.group = name;
    g.ratings = static_cast<int64_t>(a.scores.size());
    int64_t sum = 0, happy = 0;
    for (int s : a.scores) {
      sum += s;
      ++g.dist[static_cast<size_t>(s - 1)];
      happy += s >= rating::kSatisfiedScore;
    }
    if (g.ratings > 0) {
      g.mean = static_cast<double>(sum) / static_cast<double>(g.ratings);
      g.satisfaction_pct = 100.0 * static_cast<double>(happy) / static_cast<double>(g.ratings);
    }
    g.completed = a.completed;
    g.responded = static_cast<int64_t>(a.response.size());
    g.response_mean_min = Mean(a.response);
    g.response_median_min = Median(a.response);
    g.completion_mean_min = Mean(a.completion);
    g.completion_median_min = Median(a.completion);
    return g;
  };
  MonthlyReport out;
  out.range = range;
  out.by = by;
  for (const auto& [name, a] : acc) out.groups.push_back(finish(name, a));
  out.total = finish("ALL", all);
  return out;
}

Result<MonthlyReport> LoadMonthlyReport(HubStore& store, const MonthRange& range, GroupBy by) {
  auto ratings = store.ListRatings(range.from_ms, range.to_ms);
  if (!ratings) return ratings.error();
  // A ticket completed in the month was updated at or after its completion.
  auto tickets = store.ListTicketsUpdatedSince(range.from_ms);
  if (!tickets) return tickets.error();
  return BuildMonthlyReport(tickets.value(), ratings.value(), range, by);
}

std::string ReportText(const MonthlyReport& r) {
  std::ostringstream o;
  o << "Ratings " << r.range.month << " (" << r.range.zone << ") by " << GroupByName(r.by) << "\n";
  char line[256];
  std::snprintf(line, sizeof line, "%-22s %7s %5s %23s %7s %9s %14s %16s\n", GroupByName(r.by).data(), "ratings", "mean",
                "1/2/3/4/5", "satisf.", tickets::StatusName(TicketStatus::kCompleted).data(), "response min", "completion min");
  o << line;
  auto row = [&](const GroupStats& g) {
    const std::string dist = std::to_string(g.dist[0]) + "/" + std::to_string(g.dist[1]) + "/" + std::to_string(g.dist[2]) +
                             "/" + std::to_string(g.dist[3]) + "/" + std::to_string(g.dist[4]);
    const std::string mean = g.ratings ? Fixed(g.mean, 2) : "-";
    const std::string sat = g.ratings ? Fixed(g.satisfaction_pct, 1) + "%" : "-";
    const std::string resp = g.responded ? Fixed(g.response_mean_min, 0) + " (med " + Fixed(g.response_median_min, 0) + ")" : "-";
    const std::string comp = g.completed ? Fixed(g.completion_mean_min, 0) + " (med " + Fixed(g.completion_median_min, 0) + ")" : "-";
    std::snprintf(line, sizeof line, "%-22s %7lld %5s %23s %7s %9lld %14s %16s\n", g.group.c_str(),
                  static_cast<long long>(g.ratings), mean.c_str(), dist.c_str(), sat.c_str(),
                  static_cast<long long>(g.completed), resp.c_str(), comp.c_str());
    o << line;
  };
  for (const auto& g : r.groups) row(g);
  row(r.total);
  return o.str();
}

std::string ReportCsv(const MonthlyReport& r) {
  std::ostringstream o;
  o << "month,zone,by,group,ratings,mean,n1,n2,n3,n4,n5,satisfaction_pct,completed,responded,response_mean_min,"
       "response_median_min,completion_mean_min,completion_median_min\r\n";
  auto row = [&](const GroupStats& g) {
    o << CsvField(r.range.month) << ',' << CsvField(r.range.zone) << ',' << GroupByName(r.by) << ',' << CsvField(g.group)
      << ',' << g.ratings << ',' << (g.ratings ? Fixed(g.mean, 2) : "");
    for (auto n : g.dist) o << ',' << n;
    o << ',' << (g.ratings ? Fixed(g.satisfaction_pct, 1) : "") << ',' << g.completed << ',' << g.responded << ','
      << (g.responded ? Fixed(g.response_mean_min, 1) : "") << ',' << (g.responded ? Fixed(g.response_median_min, 1) : "")
      << ',' << (g.completed ? Fixed(g.completion_mean_min, 1) : "") << ','
      << (g.completed ? Fixed(g.completion_median_min, 1) : "") << "\r\n";
  };
  for (const auto& g : r.groups) row(g);
  row(r.total);
  return o.str();
}

Result<TimeZone> ReportTimeZone(HubStore& store, const std::string& override_name) {
  std::string name = override_name;
  if (name.empty()) {
    auto tx = store.Begin();  // read only; rolled back when it goes out of scope
    if (!tx) return tx.error();
    if (auto cfg = tx.value()->GetMaster("config", "hub"); cfg && cfg->contains("time_zone") && (*cfg)["time_zone"].is_string())
      name = (*cfg)["time_zone"].get<std::string>();
  }
  if (name.empty()) return TimeZone::Utc();
  auto z = TimeZone::Find(name);
  if (!z) return Error{"report.bad_zone", "unknown time zone \"" + pr::TruncateUtf8(name, 60) + "\" (an IANA name, e.g. Asia/Shanghai)"};
  return z.value();
}

std::vector<CallbackItem> BuildCallbackList(const std::vector<TicketRow>& tickets, const std::vector<RatingRow>& ratings,
                                            int64_t now_ms, int64_t after_ms) {
  std::vector<CallbackItem> out;
  for (const auto& t : tickets) {
    const int round = tickets::CompletionRound(t);
    const int64_t completed = round > 0 ? RoundOf(t, round).completed_ms : 0;
    if (t.callback == tickets::kCallbackOpen) {
      CallbackItem c{t, "low_rating", completed, std::nullopt};
      // The lowest rating of the latest rated round explains the flag.
      int best_round = 0;
      for (const auto& r : ratings)
        if (r.ticket_id == t.id && r.overall <= rating::kLowScore) best_round = std::max(best_round, r.round);
      for (const auto& r : ratings)
        if (r.ticket_id == t.id && r.round == best_round && r.overall <= rating::kLowScore &&
            (!c.rating || r.overall < c.rating->overall))
          c.rating = r;
      out.push_back(std::move(c));
    } else if (t.status == TicketStatus::kCompleted && completed != 0 && now_ms - completed >= after_ms) {
      out.push_back(CallbackItem{t, "not_rated", completed, std::nullopt});
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const CallbackItem& a, const CallbackItem& b) { return a.completed_ms < b.completed_ms; });
  return out;
}

Result<std::vector<CallbackItem>> LoadCallbacks(HubStore& store, int64_t now_ms, int64_t after_ms) {
  auto tickets = store.ListTickets();
  if (!tickets) return tickets.error();
  std::vector<RatingRow> low;
  for (const auto& t : tickets.value()) {
    if (t.callback != tickets::kCallbackOpen) continue;
    auto rs = store.LoadRatings(t.id);
    if (!rs) return rs.error();
    low.insert(low.end(), rs->begin(), rs->end());
  }
  return BuildCallbackList(tickets.value(), low, now_ms, after_ms);
}

json CallbackJson(const CallbackItem& c) {
  json j = {{"id", c.ticket.id},       {"reason", c.reason},     {"kind", c.ticket.kind},
            {"status", c.ticket.status}, {"trade", c.ticket.trade}, {"team", c.ticket.team},
            {"worker", c.ticket.worker}, {"location", c.ticket.location},
            {"completed_at", c.completed_ms ? json(FormatIsoUtcMs(c.completed_ms)) : json(nullptr)}};
  if (c.rating)
    j["rating"] = {{"rater", c.rating->rater}, {"round", c.rating->round}, {"overall", c.rating->overall},
                   {"at", FormatIsoUtcMs(c.rating->rated_ms)}, {"comment", Text(c.rating->data, "comment")},
                   {"reopen", c.rating->data.contains("reopen") && c.rating->data["reopen"].is_boolean() &&
                                  c.rating->data["reopen"].get<bool>()}};
  return j;
}

Result<TicketRow> CloseCallback(HubStore& store, const std::string& id, int64_t now_ms) {
  auto tx = store.Begin();
  if (!tx) return tx.error();
  auto t = tx.value()->GetTicket(id);
  if (!tx.value()->ok()) return Error{"store.tx", "cannot read ticket " + id};
  if (!t) return Error{"ticket.unknown", "no ticket with id " + id + " (see `tickets list`)"};
  if (t->callback != tickets::kCallbackOpen)
    return Error{"callback.not_open", "ticket " + id + " has no open call-back (see `ratings callbacks`)"};
  t->callback = tickets::kCallbackDone;
  t->updated_ms = now_ms;
  tx.value()->PutTicket(*t);
  if (auto s = tx.value()->Commit(); !s) return s.error();
  return *t;
}

}  // namespace onestop::hub
