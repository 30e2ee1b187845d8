// The rating context as the kiosk loads it from its store: a rating this terminal gave counts as given
// while it is queued AND after the hub acknowledged it but before the pull brings it back in the
// ticket (the fault campaign found a second rating slipping through that gap and refused by the hub).
#include <gtest/gtest.h>

#include <filesystem>

#include "kiosk/app/lookups/rating_lookup.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/protocol.h"
#include "kiosk/core/rating.h"
#include "kiosk/core/rating_context.h"
#include "offline/store.h"

namespace {
namespace fs = std::filesystem;
using onestop::Binding;
using onestop::Role;

constexpr const char* kBed = "B1-1F-W01-BED03";

std::vector<onestop::rating::RateListItem> ToRate(onestop::offline::Store& store) {
  auto ctx = onestop::app::LoadRatingContext(store, Binding{Role::kBedside, kBed});
  EXPECT_TRUE(ctx.ok());
  return onestop::RateListFor(ctx.value(), nullptr, 1'700'000'100'000);
}

TEST(RatingLookup, AcknowledgedRatingCountsUntilThePullBringsItBack) {
  const fs::path dir = fs::temp_directory_path() / ("rating-lookup-" + onestop::protocol::NewUuidV4());
  fs::create_directories(dir);
  onestop::FakeClock clock(1'700'000'100'000);
  auto opened = onestop::offline::Store::Open((dir / "k.db").string(), clock);
  ASSERT_TRUE(opened.ok());
  auto& store = *opened.value();
  ASSERT_TRUE(store.SaveEnrollment("http://hub", "term-1", "token", Binding{Role::kBedside, kBed}));
  const nlohmann::json ticket = {
      {"id", "TK-000001"}, {"kind", "cleaning"}, {"trade", "cleaning"}, {"status", "completed"},
      {"location", kBed}, {"asset", ""}, {"team", "clean_team"}, {"worker", ""}, {"callback", nullptr},
      {"created_at", "2023-11-14T22:10:00.000Z"}, {"updated_at", "2023-11-14T22:20:00.000Z"},
      {"history", {{{"status", "received"}, {"at", "2023-11-14T22:10:00.000Z"}, {"actor", "term-1"}},
                   {{"status", "completed"}, {"at", "2023-11-14T22:20:00.000Z"}, {"actor", "desk"}}}}};
  ASSERT_TRUE(store.ApplyPullPage({{1, "ticket", "upsert", "TK-000001", ticket.dump()}}, "1"));
  auto before = ToRate(store);
  ASSERT_EQ(before.size(), 1u);
  EXPECT_FALSE(before[0].rated);

  const std::string payload = nlohmann::json{{"ticket", "TK-000001"}, {"round", 1}, {"overall", 5},
                                             {"dimensions", {{"timeliness", 5}}}, {"tags", nlohmann::json::array()}}
                                  .dump();
  auto id = store.Enqueue("rating", payload);
  ASSERT_TRUE(id.ok());
  auto queued = ToRate(store);
  ASSERT_EQ(queued.size(), 1u);
  EXPECT_TRUE(queued[0].rated);
  EXPECT_TRUE(queued[0].mine->pending);

  // The hub accepted it; the ticket in the store still has no rating (no pull yet).
  ASSERT_TRUE(store.ApplyPushResults({{id.value(), onestop::protocol::PushStatus::kAccepted, "TK-000001", ""}}));
  ASSERT_EQ(store.OutboxDepth(), 0);
  auto sent = ToRate(store);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_TRUE(sent[0].rated) << "a rating sent but not yet pulled back must not be offered again";
  ASSERT_TRUE(sent[0].mine.has_value());
  EXPECT_FALSE(sent[0].mine->pending);
  EXPECT_EQ(sent[0].mine->overall, 5);
  opened.value().reset();
  fs::remove_all(dir);
}

}  // namespace
