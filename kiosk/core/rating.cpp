// Rating rules, payload and the "to rate" list. Pure functions over pulled JSON; nothing here reads
// a store or a clock. Messages are English for logs and the CLI; the UI uses the codes.
#include "kiosk/core/rating.h"

#include <algorithm>

#include "kiosk/core/clock.h"
#include "kiosk/core/repair.h"
#include "kiosk/core/tickets/ticket.h"

namespace onestop::rating {
namespace {
using nlohmann::json;

const std::vector<Dimension> kService = {{"timeliness", true}, {"attitude", true}, {"quality", true}};
const std::vector<Dimension> kCleaning = {{"timeliness", true}, {"attitude", true}, {"quality", true}, {"hygiene", true}};
const std::vector<Dimension> kMeal = {{"taste", true}, {"temperature", true}, {"portion", false}, {"punctuality", false}};
const std::vector<Dimension> kNone;

const std::vector<Tag> kRepairTags = {
    {"fixed_first_time", true}, {"on_time", true},     {"tidy_after_work", true}, {"explained_clearly", true},
    {"polite", true},           {"late", false},       {"not_fixed", false},      {"left_mess", false},
    {"noisy", false},           {"impolite", false}};
const std::vector<Tag> kCleaningTags = {
    {"thorough", true},       {"on_time", true}, {"quiet", true},           {"polite", true},
    {"missed_areas", false},  {"late", false},   {"smell_remains", false},  {"wet_floor_unmarked", false},
    {"impolite", false}};
const std::vector<Tag> kComplaintTags = {
    {"resolved", true},      {"responded_quickly", true}, {"kept_informed", true}, {"polite", true},
    {"not_resolved", false}, {"slow_response", false},    {"no_feedback", false},  {"impolite", false}};
const std::vector<Tag> kMealTags = {
    {"tasty", true},       {"hot", true},        {"on_time", true},       {"right_portion", true},
    {"wrong_item", false}, {"cold", false},      {"late", false},         {"too_salty", false},
    {"too_bland", false},  {"small_portion", false}, {"diet_mismatch", false}};
const std::vector<Tag> kNoTags;

Problem Make(std::string code, std::string field, std::string value, int limit, std::string message) {
  return Problem{std::move(code), std::move(field), std::move(value), limit, std::move(message)};
}

bool ScoreOk(int v) { return v >= kMinScore && v <= kMaxScore; }

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool SameRating(const SubmittedRating& r, std::string_view ticket, int round, std::string_view rater) {
  return r.ticket == ticket && r.round == round && r.rater == rater;
}

}  // namespace

bool IsRatableKind(std::string_view kind) { return !Dimensions(kind).empty(); }

bool IsRatableStatus(std::string_view status) { return tickets::IsRatable(status); }

const std::vector<Dimension>& Dimensions(std::string_view kind) {
  if (kind == "repair" || kind == "complaint") return kService;
  if (kind == "cleaning") return kCleaning;
  if (kind == "meal") return kMeal;
  return kNone;
}

const std::vector<Tag>& PresetTags(std::string_view kind) {
  if (kind == "repair") return kRepairTags;
  if (kind == "cleaning") return kCleaningTags;
  if (kind == "complaint") return kComplaintTags;
  if (kind == "meal") return kMealTags;
  return kNoTags;
}

Error RatingCheck::FirstError() const {
  if (problems.empty()) return Error{"", ""};
  return Error{problems.front().code, problems.front().message};
}

Result<SubmittedRating> SubmittedFromJson(const json& j, std::string_view default_rater) {
  if (!j.is_object()) return Error{"rating.bad_record", "a rating must be a JSON object"};
  SubmittedRating r;
  r.ticket = Str(j, "ticket");
  r.rater = Str(j, "rater");
  if (r.rater.empty()) r.rater = std::string(default_rater);
  if (auto it = j.find("round"); it != j.end() && it->is_number_integer()) r.round = it->get<int>();
  if (auto it = j.find("overall"); it != j.end() && it->is_number_integer()) r.overall = it->get<int>();
  if (auto it = j.find("dimensions"); it != j.end() && it->is_object())
    for (const auto& [k, v] : it->items())
      if (v.is_number_integer()) r.dimensions[k] = v.get<int>();
  if (auto it = j.find("tags"); it != j.end() && it->is_array())
    for (const auto& v : *it)
      if (v.is_string()) r.tags.push_back(v.get<std::string>());
  r.comment = Str(j, "comment");
  if (auto it = j.find("reopen"); it != j.end() && it->is_boolean()) r.reopen = it->get<bool>();
  r.at = Str(j, "at");
  if (r.ticket.empty() || !ScoreOk(r.overall) || r.round < 1)
    return Error{"rating.bad_record", "a rating needs ticket, round >= 1 and overall 1..5"};
  return r;
}

Result<TicketInfo> TicketFromJson(const json& j) {
  auto tk = tickets::ParseTicket(j);
  if (!tk) return tk.error();
  // Dimensions and tags depend on the kind: a ticket without one cannot be rated.
  if (tk->kind.empty()) return Error{"ticket.bad_entity", "a ticket needs id, kind and status"};
  TicketInfo t;
  t.id = tk->id;
  t.kind = tk->kind;
  t.status = tk->status;
  t.trade = tk->trade;
  t.location = tk->location;
  t.asset = tk->asset;
  t.team = tk->team;
  t.worker = tk->worker;
  t.created_at = tk->created_ms > 0 ? FormatIsoUtcMs(tk->created_ms) : "";
  t.callback = tk->callback == tickets::kCallbackOpen;
  t.detail = tk->detail;
  t.round = tickets::CompletionRound(tk.value());
  if (auto done = tickets::LastStepInto(tk.value(), tickets::TicketStatus::kCompleted)) {
    t.completed_at = done->at;
    t.completed_at_ms = done->at_ms;
  }
  for (const auto& rj : tk->ratings) {
    json withticket = rj;
    if (withticket.is_object() && !withticket.contains("ticket")) withticket["ticket"] = t.id;
    if (auto r = SubmittedFromJson(withticket); r) t.ratings.push_back(std::move(r).value());
  }
  return t;
}

RatingCheck CheckContent(const RatingDraft& d, std::string_view kind, Strictness strictness) {
  RatingCheck c;
  auto& p = c.problems;
  const auto& dims = Dimensions(kind);
  if (dims.empty()) {
    p.push_back(Make("rating.not_ratable_kind", "ticket", std::string(kind), 0,
                     "tickets of kind \"" + std::string(kind) + "\" cannot be rated"));
    return c;
  }
  if (d.overall == 0)
    p.push_back(Make("rating.score_required", "overall", "", 0, "choose an overall score from 1 to 5"));
  else if (!ScoreOk(d.overall))
    p.push_back(Make("rating.score_out_of_range", "overall", std::to_string(d.overall), kMaxScore,
                     "the overall score must be 1 to 5, not " + std::to_string(d.overall)));
  for (const auto& [name, v] : d.dimensions) {
    const bool known = std::any_of(dims.begin(), dims.end(), [&](const Dimension& x) { return x.code == name; });
    if (!known) {
      std::string list;
      for (const auto& x : dims) list += (list.empty() ? "" : ", ") + std::string(x.code);
      p.push_back(Make("rating.unknown_dimension", protocol::TruncateUtf8(name, 40), "", 0,
                       "\"" + protocol::TruncateUtf8(name, 40) + "\" is not rated for " + std::string(kind) +
                           " (dimensions: " + list + ")"));
    } else if (!ScoreOk(v)) {
      p.push_back(Make("rating.score_out_of_range", name, std::to_string(v), kMaxScore,
                       "the " + name + " score must be 1 to 5, not " + std::to_string(v)));
    }
  }
  if (strictness == Strictness::kKiosk)
    for (const auto& x : dims)
      if (x.required && !d.dimensions.count(std::string(x.code)))
        p.push_back(Make("rating.score_required", std::string(x.code), "", 0,
                         "choose a score from 1 to 5 for " + std::string(x.code)));
  const auto& tags = PresetTags(kind);
  if (d.tags.size() > kMaxTags)
    p.push_back(Make("rating.too_many_tags", "tags", std::to_string(d.tags.size()), static_cast<int>(kMaxTags),
                     "at most " + std::to_string(kMaxTags) + " tags"));
  for (size_t i = 0; i < d.tags.size(); ++i) {
    const std::string& tg = d.tags[i];
    if (std::none_of(tags.begin(), tags.end(), [&](const Tag& x) { return x.code == tg; })) {
      std::string list;
      for (const auto& x : tags) list += (list.empty() ? "" : ", ") + std::string(x.code);
      p.push_back(Make("rating.unknown_tag", "tags", protocol::TruncateUtf8(tg, 40), 0,
                       "unknown tag \"" + protocol::TruncateUtf8(tg, 40) + "\" for " + std::string(kind) + " (tags: " + list + ")"));
    } else if (std::find(d.tags.begin(), d.tags.begin() + static_cast<long>(i), tg) != d.tags.begin() + static_cast<long>(i)) {
      p.push_back(Make("rating.duplicate_tag", "tags", tg, 0, "tag \"" + tg + "\" is given twice"));
    }
  }
  if (auto s = repair::ValidateFreeText(d.comment, kMaxCommentChars, "comment"); !s) {
    if (s.error().code == "text.too_long") {
      // Count code points again for the parameter (ValidateFreeText only says it in words).
      size_t chars = 0;
      for (unsigned char ch : d.comment) chars += (ch & 0xC0) != 0x80;
      p.push_back(Make("rating.comment_too_long", "comment", std::to_string(chars), static_cast<int>(kMaxCommentChars),
                       s.error().message));
    } else {
      p.push_back(Make("rating.comment_invalid", "comment", "", 0, s.error().message));
    }
  }
  if (d.reopen && ScoreOk(d.overall) && d.overall > kLowScore)
    p.push_back(Make("rating.reopen_not_allowed", "reopen", std::to_string(d.overall), kLowScore,
                     "the work can be reopened only with an overall score of " + std::to_string(kLowScore) + " or less"));
  return c;
}

std::optional<SubmittedRating> FindPrior(std::string_view ticket, int round, std::string_view rater,
                                         const std::vector<SubmittedRating>& hub_ratings,
                                         const std::vector<SubmittedRating>& own) {
  // The hub's record wins: it is what counts. A queued one of ours is the next best thing.
  for (const auto* list : {&hub_ratings, &own})
    for (const auto& r : *list)
      if (SameRating(r, ticket, round, rater)) return r;
  return std::nullopt;
}

RatingCheck CheckRating(const RatingDraft& d, const TicketInfo& t, std::string_view rater,
                        const std::vector<SubmittedRating>& own) {
  RatingCheck c;
  if (rater.empty()) {
    c.problems.push_back(Make("rating.needs_rater", "", "", 0, "sign in with your badge or staff number and PIN to rate"));
    return c;
  }
  if (d.ticket != t.id) {
    c.problems.push_back(Make("rating.unknown_ticket", "ticket", protocol::TruncateUtf8(d.ticket, 40), 0,
                              "no ticket " + protocol::TruncateUtf8(d.ticket, 40) + " on this terminal"));
    return c;
  }
  if (!IsRatableKind(t.kind)) return CheckContent(d, t.kind);
  if (!IsRatableStatus(t.status) || t.round < 1) {
    c.problems.push_back(Make("rating.not_completed", "ticket", t.status, 0,
                              "ticket " + t.id + " is " + t.status + "; only completed work can be rated"));
    return c;
  }
  if (auto prior = FindPrior(t.id, t.round, rater, t.ratings, own)) {
    c.problems.push_back(Make("rating.already_rated", "ticket", std::to_string(prior->overall), 0,
                              "ticket " + t.id + " was already rated by " + std::string(rater) + " (overall " +
                                  std::to_string(prior->overall) + (prior->at.empty() ? "" : ", " + prior->at) + ")"));
    c.first = std::move(prior);
    return c;
  }
  return CheckContent(d, t.kind);
}

json RatingPayload(const RatingDraft& d, int round, std::string_view staff_rater) {
  json p = {{"ticket", d.ticket}, {"round", round}, {"overall", d.overall}, {"dimensions", json::object()},
            {"tags", d.tags}};
  for (const auto& [k, v] : d.dimensions) p["dimensions"][k] = v;
  if (!d.comment.empty()) p["comment"] = d.comment;
  if (d.reopen) p["reopen"] = true;
  if (!staff_rater.empty()) p["rater"] = std::string(staff_rater);
  return p;
}

std::string RaterFor(const Binding& b, std::string_view terminal_id, std::string_view staff_id) {
  if (!staff_id.empty()) return std::string(staff_id);
  if (b.role == Role::kBedside) return terminal_id.empty() ? std::string("terminal") : std::string(terminal_id);
  return {};
}

RateScope ScopeFor(const Binding& b, std::string_view staff_ward) {
  switch (b.role) {
    case Role::kBedside: return RateScope{b.location, true, b.location.empty()};
    case Role::kWard: return RateScope{b.location, false, b.location.empty()};
    case Role::kStaff: break;
  }
  return RateScope{std::string(staff_ward), false, staff_ward.empty()};
}

std::vector<RateListItem> ToRateList(const std::vector<TicketInfo>& tickets, const RateScope& scope,
                                     std::string_view rater, const std::vector<SubmittedRating>& own, int64_t now_ms,
                                     int64_t window_ms) {
  std::vector<RateListItem> out;
  if (scope.none) return out;
  for (const auto& t : tickets) {
    if (!IsRatableKind(t.kind) || !IsRatableStatus(t.status) || t.round < 1) continue;
    if (!scope.include_meals && t.kind == "meal") continue;
    if (!protocol::LocationWithin(t.location, scope.location)) continue;
    // Unknown completion time: kept (better listed than lost); otherwise only the recent window.
    if (t.completed_at_ms != 0 && now_ms - t.completed_at_ms > window_ms) continue;
    RateListItem item;
    item.ticket = t;
    if (!rater.empty()) item.mine = FindPrior(t.id, t.round, rater, t.ratings, own);
    item.rated = item.mine.has_value();
    out.push_back(std::move(item));
  }
  std::stable_sort(out.begin(), out.end(), [](const RateListItem& a, const RateListItem& b) {
    if (a.ticket.completed_at_ms != b.ticket.completed_at_ms) return a.ticket.completed_at_ms > b.ticket.completed_at_ms;
    return a.ticket.id > b.ticket.id;
  });
  return out;
}

void to_json(json& j, const SubmittedRating& r) {
  j = {{"ticket", r.ticket}, {"rater", r.rater},   {"round", r.round},     {"overall", r.overall},
       {"dimensions", r.dimensions}, {"tags", r.tags}, {"comment", r.comment}, {"reopen", r.reopen},
       {"at", r.at},         {"pending", r.pending}};
}

void to_json(json& j, const TicketInfo& t) {
  j = {{"id", t.id},       {"kind", t.kind},     {"status", t.status},         {"trade", t.trade},
       {"location", t.location}, {"asset", t.asset}, {"team", t.team},       {"worker", t.worker},
       {"created_at", t.created_at}, {"completed_at", t.completed_at}, {"round", t.round},
       {"callback", t.callback}, {"detail", t.detail}};
}

void to_json(json& j, const RateListItem& i) {
  j = json(i.ticket);
  j["rated"] = i.rated;
  j["mine"] = i.mine ? json(*i.mine) : json(nullptr);
}

void to_json(json& j, const Problem& p) {
  j = {{"code", p.code}, {"field", p.field}, {"value", p.value}, {"limit", p.limit}, {"message", p.message}};
}

}  // namespace onestop::rating
