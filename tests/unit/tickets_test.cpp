// Unit tests of kiosk/core/tickets: every status and kind round-trips through its wire name, the
// lifecycle allows exactly the main line, the side exits and the reopen edge, and a ticket written
// by the hub's writer reads back whole through the terminals' one reader (hostile input included).
#include <gtest/gtest.h>

#include "kiosk/core/clock.h"
#include "kiosk/core/tickets/ticket.h"

using namespace onestop;
using namespace onestop::tickets;
using json = nlohmann::json;

TEST(TicketStatus, NamesRoundTrip) {
  for (auto s : kAllStatuses) {
    ASSERT_TRUE(ParseStatus(StatusName(s)).has_value()) << StatusName(s);
    EXPECT_EQ(*ParseStatus(StatusName(s)), s);
  }
  EXPECT_EQ(StatusName(TicketStatus::kInProgress), "in_progress");
  EXPECT_FALSE(ParseStatus("Received").has_value());
  EXPECT_FALSE(ParseStatus("").has_value());
  for (auto k : kAllKinds) EXPECT_EQ(*ParseKind(KindName(k)), k);
  EXPECT_TRUE(std::string("meal") == TicketKind::kMeal);
  EXPECT_TRUE(std::string("followed_up") == TicketStatus::kFollowedUp);
  EXPECT_TRUE(std::string("followed up") != TicketStatus::kFollowedUp);
}

TEST(TicketStatus, LifecycleAllowsTheMainLineSideExitsAndReopen) {
  using S = TicketStatus;
  // Every pair: allowed exactly when listed here.
  const std::vector<std::pair<S, S>> allowed = {
      {S::kReceived, S::kAccepted},    {S::kAccepted, S::kDispatched},   {S::kDispatched, S::kInProgress},
      {S::kInProgress, S::kCompleted}, {S::kCompleted, S::kFollowedUp},  {S::kFollowedUp, S::kAssessed},
      {S::kReceived, S::kCancelled},   {S::kAccepted, S::kCancelled},    {S::kDispatched, S::kCancelled},
      {S::kInProgress, S::kCancelled}, {S::kReceived, S::kRejected},     {S::kAccepted, S::kRejected},
      {S::kCompleted, S::kAccepted},   {S::kFollowedUp, S::kAccepted}};
  for (auto from : kAllStatuses)
    for (auto to : kAllStatuses) {
      const bool listed = std::find(allowed.begin(), allowed.end(), std::make_pair(from, to)) != allowed.end();
      EXPECT_EQ(TransitionError(from, to).empty(), listed) << StatusName(from) << " -> " << StatusName(to);
    }
  EXPECT_TRUE(IsReopen(S::kCompleted, S::kAccepted));
  EXPECT_FALSE(IsReopen(S::kAssessed, S::kAccepted));
  EXPECT_EQ(TransitionError("received", "done"),
            "unknown status \"done\" (one of: received, accepted, dispatched, in_progress, completed, followed_up, "
            "assessed, cancelled, rejected)");
  EXPECT_EQ(TransitionError("in_progress", "assessed"), "cannot move a ticket from in_progress to assessed (next step is completed)");
  EXPECT_EQ(TransitionError("assessed", "accepted"), "ticket is already assessed; it cannot change any more");
}

TEST(TicketStatus, GroupsCoverEveryStatusOnce) {
  for (auto s : kAllStatuses) {
    const auto n = StatusName(s);
    const int groups = IsAwaitingWork(n) + IsInWork(n) + IsDone(n) + (s == TicketStatus::kCancelled || s == TicketStatus::kRejected);
    EXPECT_EQ(groups, 1) << n;
    EXPECT_EQ(IsClosed(n), !IsAwaitingWork(n) && !IsInWork(n)) << n;
  }
  EXPECT_TRUE(IsRatable("completed"));
  EXPECT_TRUE(IsRatable("followed_up"));
  EXPECT_FALSE(IsRatable("assessed"));
  EXPECT_FALSE(IsClosed("someday"));  // unknown: not closed, so a repair draft still shows it
}

TEST(Ticket, WireShapeReadsBackWhole) {
  Ticket t;
  t.id = "TK-000042";
  t.kind = KindName(TicketKind::kRepair);
  t.trade = "electrical";
  t.status = StatusName(TicketStatus::kFollowedUp);
  t.location = "B2-3F-W12-BED07";
  t.asset = "EQ-2020-000042";
  t.record_id = "0b0e4a52-6a4d-4c7f-9f6e-0d1c2b3a4f5e";
  t.team = "elec";
  t.worker = "S1";
  t.callback = kCallbackOpen;
  t.created_ms = 1795329000123;
  t.updated_ms = 1795332600000;
  t.detail = {{"description", "no power"}};
  t.history = json::array({{{"status", "received"}, {"at", FormatIsoUtcMs(t.created_ms)}, {"actor", "T1"}},
                           {{"from", "in_progress"}, {"status", "completed"}, {"at", "2026-11-22T07:00:00.000Z"}, {"note", "fuse"}},
                           {{"from", "completed"}, {"status", "followed_up"}, {"at", "2026-11-22T07:30:00.000Z"}}});
  t.ratings.push_back(RatingEntry("T1", 1, 2, 1795332600000, {{"tags", {"slow"}}, {"reopen", false}, {"secret", 1}}));
  const json j = TicketToJson(t);
  EXPECT_EQ(j["ratings"][0], (json{{"rater", "T1"}, {"round", 1}, {"overall", 2}, {"at", "2026-11-22T07:30:00.000Z"},
                                   {"tags", {"slow"}}, {"reopen", false}}));
  auto back = ParseTicket(json::parse(j.dump()));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(TicketToJson(back.value()), j);
  EXPECT_EQ(CompletionRound(back.value()), 1);
  const auto done = LastStepInto(back.value(), TicketStatus::kCompleted);
  ASSERT_TRUE(done.has_value());
  EXPECT_EQ(done->note, "fuse");
  EXPECT_EQ(done->at_ms, 1795330800000);
  EXPECT_EQ(Steps(back.value()).size(), 3u);
}

TEST(Ticket, HostileInputIsRefusedOrReadAsAbsent) {
  for (const json& bad : {json("TK-1"), json::array(), json{{"id", "TK-1"}}, json{{"status", "received"}},
                          json{{"id", 7}, {"status", "received"}}, json{{"id", "TK-1"}, {"status", nullptr}}}) {
    auto t = ParseTicket(bad);
    EXPECT_FALSE(t.ok()) << bad.dump();
    if (!t.ok()) {
      EXPECT_EQ(t.error().code, "ticket.bad_entity");
    }
  }
  const json odd = {{"id", "TK-1"},      {"status", "received"}, {"kind", 5},         {"detail", "text"},
                    {"history", {1, {{"status", 2}}, {{"status", "received"}, {"at", "yesterday"}}}},
                    {"ratings", "none"}, {"callback", true},     {"created_at", "<html>"}};
  auto t = ParseTicket(odd);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->kind, "");
  EXPECT_TRUE(t->detail.is_object());
  EXPECT_TRUE(t->ratings.is_array());
  EXPECT_EQ(t->callback, kCallbackOpen);  // an older hub's boolean flag
  EXPECT_EQ(t->created_ms, 0);
  ASSERT_EQ(Steps(t.value()).size(), 1u);  // only the well-formed step
  EXPECT_EQ(Steps(t.value())[0].at_ms, 0);
}
