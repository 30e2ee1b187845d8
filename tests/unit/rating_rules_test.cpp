// Rating rules in core (issue 7): only completed work, one rating per rater per completion (a second
// attempt returns the first), dimension set per kind, bounds, tags, comment length and content,
// reopen only with overall <= 2, the payload, ticket parsing from pulled JSON, and the to-rate list
// (scope per terminal kind, newest first, rated marks, age window).
#include <gtest/gtest.h>

#include "kiosk/core/clock.h"
#include "kiosk/core/rating.h"

using namespace onestop;
using namespace onestop::rating;
using nlohmann::json;
namespace pr = onestop::protocol;

namespace {

const int64_t kNow = 1'795'000'000'000;  // 2026-11-18

json Ticket(const std::string& id, const std::string& kind, const std::string& status, const std::string& loc,
            int64_t completed_ms, int completions = 1) {
  json h = json::array({{{"status", "received"}, {"at", FormatIsoUtcMs(completed_ms - 7200000)}}});
  for (int i = 0; i < completions; ++i) {
    h.push_back({{"from", "in_progress"}, {"status", "completed"}, {"at", FormatIsoUtcMs(completed_ms - (completions - 1 - i) * 3600000LL)}});
  }
  if (status == "followed_up") h.push_back({{"from", "completed"}, {"status", "followed_up"}, {"at", FormatIsoUtcMs(completed_ms + 1)}});
  return {{"id", id}, {"kind", kind}, {"status", status}, {"trade", "electrical"}, {"location", loc}, {"asset", ""},
          {"team", "elec-1"}, {"worker", "S0001"}, {"created_at", FormatIsoUtcMs(completed_ms - 7200000)},
          {"detail", {{"description", "lamp"}}}, {"history", h}};
}

TicketInfo Info(const json& j) {
  auto t = TicketFromJson(j);
  EXPECT_TRUE(t.ok()) << j.dump();
  return t.value();
}

RatingDraft Full(const std::string& ticket, int overall) {
  RatingDraft d;
  d.ticket = ticket;
  d.overall = overall;
  d.dimensions = {{"timeliness", 4}, {"attitude", 5}, {"quality", overall}};
  return d;
}

std::vector<std::string> Codes(const RatingCheck& c) {
  std::vector<std::string> out;
  for (const auto& p : c.problems) out.push_back(p.code);
  return out;
}

TEST(RatingRules, DimensionsAndTagsPerKind) {
  auto codes = [](std::string_view kind) {
    std::vector<std::string> out;
    for (const auto& d : Dimensions(kind)) out.push_back(std::string(d.code) + (d.required ? "" : "?"));
    return out;
  };
  EXPECT_EQ(codes("repair"), (std::vector<std::string>{"timeliness", "attitude", "quality"}));
  EXPECT_EQ(codes("complaint"), (std::vector<std::string>{"timeliness", "attitude", "quality"}));
  EXPECT_EQ(codes("cleaning"), (std::vector<std::string>{"timeliness", "attitude", "quality", "hygiene"}));
  EXPECT_EQ(codes("meal"), (std::vector<std::string>{"taste", "temperature", "portion?", "punctuality?"}));
  EXPECT_TRUE(codes("transport").empty());
  EXPECT_FALSE(IsRatableKind("transport"));
  for (const char* kind : {"repair", "cleaning", "complaint", "meal"}) {
    ASSERT_FALSE(PresetTags(kind).empty()) << kind;
    bool pos = false, neg = false;
    for (const auto& t : PresetTags(kind)) {
      (t.positive ? pos : neg) = true;
      for (char c : t.code) EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '_') << t.code;  // stable ASCII codes
    }
    EXPECT_TRUE(pos && neg) << kind;
  }
}

TEST(RatingRules, OnlyCompletedWork) {
  for (const char* st : {"received", "accepted", "dispatched", "in_progress", "assessed", "cancelled", "rejected"}) {
    const auto t = Info(Ticket("TK-1", "repair", st, "W1", kNow, 0));
    const auto c = CheckRating(Full("TK-1", 5), t, "N1", {});
    EXPECT_EQ(Codes(c), std::vector<std::string>{"rating.not_completed"}) << st;
  }
  EXPECT_TRUE(CheckRating(Full("TK-1", 5), Info(Ticket("TK-1", "repair", "completed", "W1", kNow)), "N1", {}).ok());
  EXPECT_TRUE(CheckRating(Full("TK-1", 5), Info(Ticket("TK-1", "repair", "followed_up", "W1", kNow)), "N1", {}).ok());
  // No rater: a ward kiosk without a signed-in nurse.
  EXPECT_EQ(Codes(CheckRating(Full("TK-1", 5), Info(Ticket("TK-1", "repair", "completed", "W1", kNow)), "", {})),
            std::vector<std::string>{"rating.needs_rater"});
  EXPECT_EQ(Codes(CheckRating(Full("TK-2", 5), Info(Ticket("TK-1", "repair", "completed", "W1", kNow)), "N1", {})),
            std::vector<std::string>{"rating.unknown_ticket"});
}

TEST(RatingRules, OneRatingPerRaterPerCompletionReturnsTheFirst) {
  json j = Ticket("TK-1", "repair", "followed_up", "W1", kNow);
  j["ratings"] = json::array({{{"rater", "N2"}, {"round", 1}, {"overall", 2}, {"comment", "still flickers"}, {"at", "2026-11-18T01:00:00.000Z"}}});
  const auto t = Info(j);
  ASSERT_EQ(t.ratings.size(), 1u);
  // N2 already rated (hub record): the check returns that rating for the screen.
  auto c = CheckRating(Full("TK-1", 5), t, "N2", {});
  ASSERT_EQ(Codes(c), std::vector<std::string>{"rating.already_rated"});
  ASSERT_TRUE(c.first);
  EXPECT_EQ(c.first->overall, 2);
  EXPECT_EQ(c.first->comment, "still flickers");
  // N1 has one queued here (own record).
  SubmittedRating mine;
  mine.ticket = "TK-1";
  mine.rater = "N1";
  mine.round = 1;
  mine.overall = 4;
  mine.pending = true;
  c = CheckRating(Full("TK-1", 5), t, "N1", {mine});
  ASSERT_TRUE(c.first);
  EXPECT_TRUE(c.first->pending);
  EXPECT_EQ(c.FirstError().code, "rating.already_rated");
  // Another rater may rate; and after a reopen and a second completion N2 may rate again.
  EXPECT_TRUE(CheckRating(Full("TK-1", 5), t, "N3", {mine}).ok());
  json again = Ticket("TK-1", "repair", "completed", "W1", kNow, 2);
  again["ratings"] = j["ratings"];
  const auto t2 = Info(again);
  EXPECT_EQ(t2.round, 2);
  EXPECT_TRUE(CheckRating(Full("TK-1", 5), t2, "N2", {}).ok());
}

TEST(RatingRules, ScoresDimensionsTagsComment) {
  const auto repair = Info(Ticket("TK-1", "repair", "completed", "W1", kNow));
  auto check = [&](RatingDraft d, std::string_view kind = "repair") { return Codes(CheckContent(d, kind)); };
  RatingDraft d = Full("TK-1", 4);
  EXPECT_TRUE(check(d).empty());
  d.overall = 0;
  EXPECT_EQ(check(d), std::vector<std::string>{"rating.score_required"});
  d.overall = 6;
  EXPECT_EQ(check(d), std::vector<std::string>{"rating.score_out_of_range"});
  d = Full("TK-1", 4);
  d.dimensions["quality"] = 0;
  EXPECT_EQ(check(d), std::vector<std::string>{"rating.score_out_of_range"});
  d = Full("TK-1", 4);
  d.dimensions.erase("attitude");
  auto c = CheckContent(d, "repair");
  ASSERT_EQ(Codes(c), std::vector<std::string>{"rating.score_required"});
  EXPECT_EQ(c.problems[0].field, "attitude");
  EXPECT_TRUE(CheckContent(d, "repair", Strictness::kHub).ok());  // the hub takes partial dimensions
  d = Full("TK-1", 4);
  d.dimensions["taste"] = 3;
  EXPECT_EQ(check(d), std::vector<std::string>{"rating.unknown_dimension"});
  // Cleaning needs hygiene too; meals their own set.
  EXPECT_EQ(check(Full("TK-1", 4), "cleaning"), std::vector<std::string>{"rating.score_required"});
  RatingDraft meal;
  meal.overall = 5;
  meal.dimensions = {{"taste", 5}, {"temperature", 3}};
  EXPECT_TRUE(check(meal, "meal").empty());
  meal.dimensions["portion"] = 4;
  EXPECT_TRUE(check(meal, "meal").empty());
  meal.dimensions["hygiene"] = 4;
  EXPECT_EQ(check(meal, "meal"), std::vector<std::string>{"rating.unknown_dimension"});

  d = Full("TK-1", 4);
  d.tags = {"on_time", "polite"};
  EXPECT_TRUE(check(d).empty());
  d.tags = {"on_time", "tasty"};
  EXPECT_EQ(check(d), std::vector<std::string>{"rating.unknown_tag"});  // a meal tag on a repair
  d.tags = {"on_time", "on_time"};
  EXPECT_EQ(check(d), std::vector<std::string>{"rating.duplicate_tag"});
  d.tags = {"on_time", "polite", "late", "noisy", "not_fixed", "left_mess", "impolite", "tidy_after_work", "explained_clearly"};
  EXPECT_EQ(check(d), std::vector<std::string>{"rating.too_many_tags"});

  d = Full("TK-1", 4);
  std::string two_hundred;
  for (int i = 0; i < 200; ++i) two_hundred += "\xe5\xa5\xbd";  // 200 CJK characters (600 bytes) are fine
  d.comment = two_hundred;
  EXPECT_TRUE(check(d).empty());
  d.comment += "!";
  c = CheckContent(d, "repair");
  ASSERT_EQ(Codes(c), std::vector<std::string>{"rating.comment_too_long"});
  EXPECT_EQ(c.problems[0].limit, 200);
  EXPECT_EQ(c.problems[0].value, "201");
  d.comment = "line\nbreak";
  EXPECT_EQ(check(d), std::vector<std::string>{"rating.comment_invalid"});
  d.comment = "bad \xff byte";
  EXPECT_EQ(check(d), std::vector<std::string>{"rating.comment_invalid"});
}

TEST(RatingRules, ReopenOnlyWithLowScore) {
  for (int overall = 1; overall <= 5; ++overall) {
    RatingDraft d = Full("TK-1", overall);
    d.reopen = true;
    const auto c = CheckContent(d, "repair");
    if (overall <= kLowScore) EXPECT_TRUE(c.ok()) << overall;
    else EXPECT_EQ(Codes(c), std::vector<std::string>{"rating.reopen_not_allowed"}) << overall;
  }
}

TEST(RatingRules, PayloadRoundTripsAsOwnRecord) {
  RatingDraft d = Full("TK-7", 2);
  d.tags = {"not_fixed"};
  d.comment = "still broken";
  d.reopen = true;
  const json p = RatingPayload(d, 2, "N1");
  EXPECT_EQ(p["ticket"], "TK-7");
  EXPECT_EQ(p["round"], 2);
  EXPECT_EQ(p["overall"], 2);
  EXPECT_EQ(p["dimensions"]["quality"], 2);
  EXPECT_EQ(p["tags"], json::array({"not_fixed"}));
  EXPECT_EQ(p["reopen"], true);
  EXPECT_EQ(p["rater"], "N1");
  auto back = SubmittedFromJson(p);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->rater, "N1");
  EXPECT_EQ(back->round, 2);
  EXPECT_TRUE(back->reopen);
  // A patient's rating names no rater; the terminal is the rater.
  const json patient = RatingPayload(Full("TK-7", 5), 1, "");
  EXPECT_FALSE(patient.contains("rater"));
  EXPECT_FALSE(patient.contains("reopen"));
  EXPECT_EQ(SubmittedFromJson(patient, "term-1")->rater, "term-1");
  EXPECT_EQ(RaterFor({onestop::Role::kBedside, "W1-BED01"}, "term-1", ""), "term-1");
  EXPECT_EQ(RaterFor({onestop::Role::kWard, "W1"}, "term-1", ""), "");
  EXPECT_EQ(RaterFor({onestop::Role::kWard, "W1"}, "term-1", "N1"), "N1");
}

TEST(RatingRules, ToRateListScopesOrderAndMarks) {
  std::vector<TicketInfo> all = {
      Info(Ticket("TK-1", "repair", "completed", "B1-1F-W01-R02", kNow - 3 * 3600000)),
      Info(Ticket("TK-2", "meal", "completed", "B1-1F-W01-BED03", kNow - 2 * 3600000)),
      Info(Ticket("TK-3", "cleaning", "followed_up", "B1-1F-W01-BED03", kNow - 1 * 3600000)),
      Info(Ticket("TK-4", "repair", "in_progress", "B1-1F-W01-R02", kNow, 0)),
      Info(Ticket("TK-5", "repair", "completed", "B1-1F-W02-R01", kNow)),                 // other ward
      Info(Ticket("TK-6", "complaint", "completed", "B1-1F-W01", kNow - 20LL * 86400000)),  // too old
  };
  auto ids = [](const std::vector<RateListItem>& v) {
    std::vector<std::string> out;
    for (const auto& i : v) out.push_back(i.ticket.id + (i.rated ? "*" : ""));
    return out;
  };
  SubmittedRating mine;
  mine.ticket = "TK-3";
  mine.rater = "N1";
  mine.round = 1;
  mine.overall = 5;
  const auto ward = ToRateList(all, ScopeFor({onestop::Role::kWard, "B1-1F-W01"}, ""), "N1", {mine}, kNow);
  EXPECT_EQ(ids(ward), (std::vector<std::string>{"TK-3*", "TK-1"}));  // newest first, no meals, rated marked
  ASSERT_TRUE(ward[0].mine);
  EXPECT_EQ(ward[0].mine->overall, 5);
  const auto bed = ToRateList(all, ScopeFor({onestop::Role::kBedside, "B1-1F-W01-BED03"}, ""), "term-9", {mine}, kNow);
  EXPECT_EQ(ids(bed), (std::vector<std::string>{"TK-3", "TK-2"}));  // the bed's own requests and meals
  EXPECT_EQ(ids(ToRateList(all, ScopeFor({onestop::Role::kStaff, ""}, "B1-1F-W02"), "N9", {}, kNow)),
            std::vector<std::string>{"TK-5"});
  EXPECT_TRUE(ToRateList(all, ScopeFor({onestop::Role::kStaff, ""}, ""), "S0001", {}, kNow).empty());
  EXPECT_EQ(ids(ToRateList(all, ScopeFor({onestop::Role::kWard, "B1-1F-W01"}, ""), "N1", {}, kNow, 30LL * 86400000)),
            (std::vector<std::string>{"TK-3", "TK-1", "TK-6"}));
}

TEST(RatingRules, TicketFromPulledJson) {
  json j = Ticket("TK-9", "repair", "completed", "W1", kNow, 2);
  j["callback"] = "open";
  auto t = TicketFromJson(j);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->round, 2);
  EXPECT_EQ(t->completed_at_ms, kNow);
  EXPECT_TRUE(t->callback);
  EXPECT_EQ(t->team, "elec-1");
  EXPECT_FALSE(TicketFromJson(json{{"id", "TK-1"}}).ok());
  EXPECT_FALSE(TicketFromJson(json("text")).ok());
  j["ratings"] = json::array({{{"rater", "N1"}, {"round", 1}, {"overall", 9}}, {{"rater", "N2"}, {"round", 2}, {"overall", 3}}});
  t = TicketFromJson(j);
  ASSERT_EQ(t->ratings.size(), 1u);  // the malformed one is dropped, not trusted
  EXPECT_EQ(t->ratings[0].ticket, "TK-9");
}

}  // namespace
