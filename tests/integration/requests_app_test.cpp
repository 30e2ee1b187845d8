// App services behind the request screens, with real components: a real store file filled the way a
// pull fills it, the lookups answering on the executor through the MainQueue, and the scan service running
// the fake camera through the isolated decoder until the core opens a pre-filled repair form.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include <nlohmann/json.hpp>

#include "kiosk/app/scan_service.h"
#include "kiosk/app/executor.h"
#include "kiosk/app/job_router.h"
#include "kiosk/app/lookups/lookups.h"
#include "kiosk/app/lookups/meals_lookup.h"
#include "kiosk/core/main_queue.h"
#include "kiosk/core/photo.h"
#include "kiosk/core/protocol.h"
#include "offline/store.h"
#include "kiosk/core/features/foundation/feature.h"
#include "kiosk/core/features/meals/commands.h"
#include "kiosk/core/features/meals/feature.h"
#include "kiosk/core/features/meals/jobs.h"
#include "kiosk/core/features/meals/views.h"
#include "kiosk/core/features/rating/commands.h"
#include "kiosk/core/features/rating/feature.h"
#include "kiosk/core/features/rating/jobs.h"
#include "kiosk/core/features/rating/views.h"
#include "kiosk/core/features/requests/commands.h"
#include "kiosk/core/features/requests/feature.h"
#include "kiosk/core/features/requests/jobs.h"
#include "kiosk/core/features/requests/store_data.h"
#include "kiosk/core/features/requests/views.h"
#include "kiosk/core/features/staff/commands.h"
#include "kiosk/core/features/staff/feature.h"
#include "kiosk/core/features/staff/jobs.h"
#include "kiosk/core/features/staff/state.h"
#include "kiosk/core/shell/shell.h"
#include "tests/unit/effects_helpers.h"

namespace onestop {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

class RequestsApp : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("onestop-reqapp-" + protocol::NewUuidV4());
    fs::create_directories(dir_);
    path_ = (dir_ / "kiosk.db").string();
    auto s = offline::Store::Open(path_, clock);
    ASSERT_TRUE(s.ok()) << s.error().message;
    store = std::move(s).value();
    auto i = I18n::LoadDir(std::string(ONESTOP_ASSETS_DIR) + "/i18n");
    ASSERT_TRUE(i.ok());
    i18n = std::move(i.value());
    state.i18n = &i18n;
    state.clock = &clock;
    state.terminal.binding.role = Role::kWard;
    state.terminal.binding.location = "B2-3F-W12";
    ResetSession(state);
    // What a pull brings: the asset, its place, its trade's and class's names, tickets of this ward.
    ASSERT_TRUE(store->ApplyPullPage(
        {{1, "asset", "upsert", "EQ-2021-000123",
          R"({"id":"EQ-2021-000123","class":"infusion_pump","location":"B2-3F-W12-BED07","trade":"medical_equipment","warranty_until":"2030-01-28"})"},
         {2, "location", "upsert", "B2-3F-W12-BED07", R"({"code":"B2-3F-W12-BED07","name":{"en":"Bed 7"}})"},
         {3, "config", "upsert", "trade:medical_equipment", R"({"trade":"medical_equipment","name":{"en":"Medical equipment"}})"},
         {4, "config", "upsert", "faults:infusion_pump", R"({"class":"infusion_pump","categories":[{"code":"occlusion","name":{"en":"Occlusion"}}]})"},
         {5, "ticket", "upsert", "TK-000001",
          R"({"id":"TK-000001","kind":"repair","status":"dispatched","location":"B2-3F-W12-BED07","asset":"EQ-2021-000123","created_at":"2026-11-22T06:00:00.000Z","detail":{"description":"alarm"}})"},
         {6, "ticket", "upsert", "TK-000002",
          R"({"id":"TK-000002","kind":"repair","status":"received","location":"B1-1F-W01","created_at":"2026-11-22T06:00:00.000Z"})"}},
        "6"));
  }
  void TearDown() override {
    store.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  // Drains the queue until `done` holds or the deadline passes (answers come from worker threads).
  template <class F>
  bool DrainUntil(F done, std::chrono::milliseconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
      queue.Drain();
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  fs::path dir_;
  std::string path_;
  SystemClock clock;
  std::unique_ptr<offline::Store> store;
  I18n i18n;
  AppState state;
  MainQueue queue;
};

TEST_F(RequestsApp, LookupAndListAnswerFromTheRealStore) {
  app::Executor executor(2);
  app::JobRouter router(executor, queue, state);
  app::RegisterLookups(router, executor.NewLane(), std::make_shared<app::StoreReader>(path_, clock), clock);
  ASSERT_TRUE(store->Enqueue("complaint", R"({"location":"B2-3F-W12","category":"noise","text":"loud"})").ok());

  Apply(state, cmd::ScanCode{"https://onestop.local/a/EQ-2021-000123"});
  for (auto& q : std::exchange(state.effects.jobs, {})) router.Submit(q);
  ASSERT_TRUE(DrainUntil([&] { return !requests::Get(state).looking_up; }, std::chrono::seconds(10)));
  ASSERT_TRUE(requests::Get(state).draft);
  const auto& d = *requests::Get(state).draft;
  ASSERT_TRUE(d.asset);
  EXPECT_EQ(d.asset->trade, "medical_equipment");
  EXPECT_EQ(d.location_code, "B2-3F-W12-BED07");
  ASSERT_EQ(d.open_tickets.size(), 1u);  // TK-000001 on the same asset, still open
  EXPECT_EQ(requests::Get(state).extras.location_name.Get(Lang::kEn), "Bed 7");
  EXPECT_EQ(requests::Get(state).extras.trade_name.Get(Lang::kEn), "Medical equipment");
  ASSERT_EQ(requests::Get(state).extras.categories.size(), 1u);

  Apply(state, cmd::Navigate{screens::kRequests});
  for (auto& q : std::exchange(state.effects.jobs, {})) router.Submit(q);
  ASSERT_TRUE(DrainUntil([&] { return requests::Get(state).list_loaded; }, std::chrono::seconds(10)));
  ASSERT_EQ(requests::Get(state).tickets.size(), 1u);  // the other ward's ticket is not shown
  EXPECT_EQ(requests::Get(state).tickets[0].id, "TK-000001");
  ASSERT_EQ(requests::Get(state).pending.size(), 1u);
  EXPECT_EQ(requests::Get(state).pending[0].summary, "loud");
}

TEST_F(RequestsApp, FakeCameraLabelOpensAPrefilledRepairForm) {
  ::setenv("ONESTOP_DECODE_WORKER", ONESTOP_DECODE_WORKER_BIN, 1);
  app::Executor executor(2);
  app::JobRouter router(executor, queue, state);
  app::RegisterLookups(router, executor.NewLane(), std::make_shared<app::StoreReader>(path_, clock), clock);
  app::ScanService scanner(executor, router, queue, state, path_, clock, /*demo=*/true, "");
  Apply(state, cmd::Navigate{screens::kScan});
  scanner.Update(true, state.terminal.binding.location);
  // The demo camera shows labels of this area's assets; the first one confirmed opens the form.
  ASSERT_TRUE(DrainUntil(
      [&] {
        for (auto& q : std::exchange(state.effects.jobs, {})) router.Submit(q);
        return requests::Get(state).draft.has_value();
      },
      std::chrono::seconds(30)))
      << "camera error: " << state.terminal.camera.error_code;
  EXPECT_EQ(state.session.screen, screens::kRepair);
  EXPECT_GT(state.terminal.camera.generation, 0) << "preview frames reached the frame thread";
  ASSERT_TRUE(requests::Get(state).draft->asset);
  EXPECT_EQ(requests::Get(state).draft->asset->id, "EQ-2021-000123");
  // "Add a photo": the Scan screen in photo mode; Take photo encodes the next full camera frame.
  Apply(state, requests::cmd::AddPhoto{});
  Apply(state, cmd::Navigate{screens::kScan});
  ASSERT_TRUE(DrainUntil(
      [&] {
        scanner.Update(true, state.terminal.binding.location);
        if (state.terminal.camera.running && state.session.screen == screens::kScan) Apply(state, requests::cmd::TakePhoto{});
        for (auto& q : std::exchange(state.effects.jobs, {})) router.Submit(q);
        return !requests::Get(state).photo.empty();
      },
      std::chrono::seconds(30)));
  EXPECT_EQ(state.session.screen, screens::kRepair);
  EXPECT_TRUE(photo::ValidatePhoto(requests::Get(state).photo).ok());
  scanner.Update(false, "");
  EXPECT_TRUE(DrainUntil([&] { return !state.terminal.camera.running; }, std::chrono::seconds(10)));
  executor.Stop();  // before the scanner and router it runs for go
}

// Issue 16 item 6 against a real store file: what stands at a bed and in its room becomes the fault
// report's "what is broken" (only classes the hub describes), and a ward's rooms and beds become the
// ward kiosk's "where" (nothing of another ward).
TEST_F(RequestsApp, HereIsReadFromTheRealStoreForBedAndWard) {
  ASSERT_TRUE(store->ApplyPullPage(
      {{7, "asset_class", "upsert", "hospital_bed",
        R"({"code":"hospital_bed","name":{"en":"Electric bed"},"trade":"mechanical","faults":[{"code":"motor","name":{"en":"Lift"}}],"phrases":[{"en":"Bed will not go up"}]})"},
       {8, "asset_class", "upsert", "television",
        R"({"code":"television","name":{"en":"Television"},"trade":"electrical","phrases":[{"en":"No channels"}]})"},
       {9, "asset", "upsert", "EQ-2020-000042",
        R"({"id":"EQ-2020-000042","class":"hospital_bed","location":"B2-3F-W12-BED07","trade":"mechanical"})"},
       {10, "asset", "upsert", "EQ-2024-005001",
        R"({"id":"EQ-2024-005001","class":"television","location":"B2-3F-W12-R03","trade":"electrical"})"},
       {11, "asset", "upsert", "EQ-2024-005002",
        R"({"id":"EQ-2024-005002","class":"television","location":"B2-3F-W13-R01","trade":"electrical"})"},
       {12, "location", "upsert", "B2-3F-W12-BED07",
        R"({"code":"B2-3F-W12-BED07","kind":"bed","parent":"B2-3F-W12-R03","name":{"en":"Bed 7"}})"},
       {13, "location", "upsert", "B2-3F-W12-R03", R"({"code":"B2-3F-W12-R03","kind":"room","parent":"B2-3F-W12","name":{"en":"Room 3"}})"},
       {14, "location", "upsert", "B2-3F-W12", R"({"code":"B2-3F-W12","kind":"ward","name":{"en":"Ward 12"}})"},
       {15, "location", "upsert", "B2-3F-W13-R01", R"({"code":"B2-3F-W13-R01","kind":"room","parent":"B2-3F-W13","name":{"en":"Room 1"}})"}},
      "15"));
  app::Executor executor(2);
  app::JobRouter router(executor, queue, state);
  app::RegisterLookups(router, executor.NewLane(), std::make_shared<app::StoreReader>(path_, clock), clock);

  // The bedside: the bed's own bed and its room's TV; the pump at the bed has no class entity (an
  // older hub's faults config only), so it is not offered: the hub could not judge it.
  state.terminal.binding.role = Role::kBedside;
  state.terminal.binding.location = "B2-3F-W12-BED07";
  ResetSession(state);
  Apply(state, cmd::Navigate{screens::kRepair});
  for (auto& q : std::exchange(state.effects.jobs, {})) router.Submit(q);
  ASSERT_TRUE(DrainUntil([&] { return !requests::Get(state).here_loading; }, std::chrono::seconds(10)));
  const auto& here = requests::Get(state).here;
  EXPECT_EQ(here.location, "B2-3F-W12-BED07");
  ASSERT_EQ(here.classes.size(), 2u);
  EXPECT_EQ(here.classes[0].code, "hospital_bed");
  EXPECT_EQ(here.classes[1].code, "television");
  ASSERT_EQ(here.classes[0].phrases.size(), 1u);
  EXPECT_EQ(here.classes[0].phrases[0].Get(Lang::kEn), "Bed will not go up");

  // The ward kiosk: its rooms and beds, not the next ward's room.
  state.terminal.binding.role = Role::kWard;
  state.terminal.binding.location = "B2-3F-W12";
  ResetSession(state);
  Apply(state, cmd::Navigate{screens::kCleaning});
  for (auto& q : std::exchange(state.effects.jobs, {})) router.Submit(q);
  ASSERT_TRUE(DrainUntil([&] { return requests::Get(state).here.location == "B2-3F-W12"; }, std::chrono::seconds(10)));
  std::vector<std::string> codes;
  for (const auto& p : requests::Get(state).here.places) codes.push_back(p.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"B2-3F-W12-BED07", "B2-3F-W12-R03"}));
}

// Issue 16 item 1 against a real store file: the nurse's bed grid reads each bed of the ward (not the
// next ward's) with its diet order, and the bed's order for the next meal from a pulled ticket or the
// outbox, through the same lookup the app's worker runs.
TEST_F(RequestsApp, WardBedGridIsReadFromTheRealStore) {
  const meals::MealConfig config;  // no hub config pulled: defaults, UTC
  const auto slots = meals::OrderableSlots(config, TimeZone::Utc(), clock.NowUtcMs());
  auto next = std::find_if(slots.begin(), slots.end(), [](const meals::SlotChoice& c) { return !c.late; });
  ASSERT_NE(next, slots.end());
  meals::MealOrder order{"B2-3F-W12-BED07", next->slot, next->date, {{"rice", 2}}, false, "regular", {}, ""};
  const json ticket = {{"id", "TK-000100"}, {"kind", "meal"}, {"status", "accepted"}, {"location", "B2-3F-W12-BED07"},
                       {"created_at", FormatIsoUtcMs(clock.NowUtcMs())}, {"detail", meals::MealOrderPayload(order)}};
  auto bed = [](const char* code, const char* ward) {
    return json{{"code", code}, {"kind", "bed"}, {"ward", ward}, {"name", {{"en", std::string(code).substr(10)}}}}.dump();
  };
  ASSERT_TRUE(store->ApplyPullPage(
      {{20, "location", "upsert", "B2-3F-W12-BED07", bed("B2-3F-W12-BED07", "B2-3F-W12")},
       {21, "location", "upsert", "B2-3F-W12-BED08", bed("B2-3F-W12-BED08", "B2-3F-W12")},
       {22, "location", "upsert", "B2-3F-W12-BED09", bed("B2-3F-W12-BED09", "B2-3F-W12")},
       {23, "location", "upsert", "B2-3F-W13-BED01", bed("B2-3F-W13-BED01", "B2-3F-W13")},
       {24, "diet_order", "upsert", "B2-3F-W12-BED07", R"({"bed":"B2-3F-W12-BED07","diet":"regular","allergens":[]})"},
       {25, "diet_order", "upsert", "B2-3F-W12-BED09", R"({"bed":"B2-3F-W12-BED09","diet":"soft","allergens":["milk"]})"},
       {26, "menu_item", "upsert", "rice",
        R"({"id":"rice","name":{"en":"Rice"},"slots":["breakfast","lunch","dinner"],"diets":["regular","soft"],"allergens":[]})"},
       {27, "ticket", "upsert", "TK-000100", ticket.dump()}},
      "27"));
  meals::MealOrder queued{"B2-3F-W12-BED09", next->slot, next->date, {{"rice", 1}}, false, "soft", {"milk"}, ""};
  ASSERT_TRUE(store->Enqueue("meal_order", meals::MealOrderPayload(queued).dump()).ok());

  auto beds = app::LoadWardBeds(*store, "B2-3F-W12", clock.NowUtcMs());
  ASSERT_TRUE(beds.ok()) << beds.error().message;
  ASSERT_EQ(beds->size(), 3u);  // BED07..09 of this ward, none of W13
  const auto& b7 = beds.value()[0];
  EXPECT_EQ(b7.code, "B2-3F-W12-BED07");
  ASSERT_TRUE(b7.diet);
  ASSERT_TRUE(b7.state);
  EXPECT_EQ(*b7.state, meals::OrderState::kApproved);
  ASSERT_EQ(b7.ordered.size(), 1u);
  EXPECT_EQ(b7.ordered[0].first.Get(Lang::kEn), "Rice");
  EXPECT_EQ(b7.ordered[0].second, 2);
  const auto& b8 = beds.value()[1];
  EXPECT_FALSE(b8.diet);  // no diet order: an empty bed
  EXPECT_FALSE(b8.state);
  const auto& b9 = beds.value()[2];
  ASSERT_TRUE(b9.diet);
  EXPECT_EQ(b9.diet->diet, "soft");
  ASSERT_TRUE(b9.state);
  EXPECT_EQ(*b9.state, meals::OrderState::kSaved);  // still in the outbox
}

}  // namespace
}  // namespace onestop
