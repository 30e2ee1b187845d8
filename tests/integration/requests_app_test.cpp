// App services behind the request screens, with real components: a real store file filled the way a
// pull fills it, the store-query worker answering through the MainQueue, and the scan service running
// the fake camera through the isolated decoder until the core opens a pre-filled repair form.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "kiosk/app/scan_service.h"
#include "kiosk/app/store_queries.h"
#include "kiosk/core/shell/shell.h"
#include "kiosk/core/main_queue.h"
#include "kiosk/core/photo.h"
#include "kiosk/core/protocol.h"
#include "kiosk/core/features/requests/views.h"
#include "offline/store.h"

namespace onestop {
namespace {

namespace fs = std::filesystem;

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
    state.binding.role = Role::kWard;
    state.binding.location_code = "B2-3F-W12";
    state.ResetSession();
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
  app::StoreQueries queries(path_, clock, queue, state);
  app::RegisterRequestQueries(queries, clock);
  ASSERT_TRUE(store->Enqueue("complaint", R"({"location":"B2-3F-W12","category":"noise","text":"loud"})").ok());

  Apply(state, cmd::ScanCode{"https://onestop.local/a/EQ-2021-000123"});
  for (auto& q : std::exchange(state.store_queries, {})) queries.Submit(q);
  ASSERT_TRUE(DrainUntil([&] { return !state.session.requests.looking_up; }, std::chrono::seconds(10)));
  ASSERT_TRUE(state.session.requests.draft);
  const auto& d = *state.session.requests.draft;
  ASSERT_TRUE(d.asset);
  EXPECT_EQ(d.asset->trade, "medical_equipment");
  EXPECT_EQ(d.location_code, "B2-3F-W12-BED07");
  ASSERT_EQ(d.open_tickets.size(), 1u);  // TK-000001 on the same asset, still open
  EXPECT_EQ(state.session.requests.extras.location_name.Get(Lang::kEn), "Bed 7");
  EXPECT_EQ(state.session.requests.extras.trade_name.Get(Lang::kEn), "Medical equipment");
  ASSERT_EQ(state.session.requests.extras.categories.size(), 1u);

  Apply(state, cmd::Navigate{ScreenId::kRequests});
  for (auto& q : std::exchange(state.store_queries, {})) queries.Submit(q);
  ASSERT_TRUE(DrainUntil([&] { return state.session.requests.list_loaded; }, std::chrono::seconds(10)));
  ASSERT_EQ(state.session.requests.tickets.size(), 1u);  // the other ward's ticket is not shown
  EXPECT_EQ(state.session.requests.tickets[0].id, "TK-000001");
  ASSERT_EQ(state.session.requests.pending.size(), 1u);
  EXPECT_EQ(state.session.requests.pending[0].summary, "loud");
}

TEST_F(RequestsApp, FakeCameraLabelOpensAPrefilledRepairForm) {
  ::setenv("ONESTOP_DECODE_WORKER", ONESTOP_DECODE_WORKER_BIN, 1);
  app::StoreQueries queries(path_, clock, queue, state);
  app::RegisterRequestQueries(queries, clock);
  app::ScanService scanner(queue, state, path_, clock, /*demo=*/true, "");
  Apply(state, cmd::Navigate{ScreenId::kScan});
  scanner.Update(true, state.binding.location_code);
  // The demo camera shows labels of this area's assets; the first one confirmed opens the form.
  ASSERT_TRUE(DrainUntil(
      [&] {
        for (auto& q : std::exchange(state.store_queries, {})) queries.Submit(q);
        return state.session.requests.draft.has_value();
      },
      std::chrono::seconds(30)))
      << "camera error: " << state.camera.error;
  EXPECT_EQ(state.session.screen, ScreenId::kRepair);
  EXPECT_GT(state.camera.generation, 0) << "preview frames reached the frame thread";
  ASSERT_TRUE(state.session.requests.draft->asset);
  EXPECT_EQ(state.session.requests.draft->asset->id, "EQ-2021-000123");
  // "Add a photo": the Scan screen in photo mode; Take photo encodes the next full camera frame.
  Apply(state, cmd::SetField{"scan.photo", "1"});
  Apply(state, cmd::Navigate{ScreenId::kScan});
  ASSERT_TRUE(DrainUntil(
      [&] {
        scanner.Update(true, state.binding.location_code, std::exchange(state.camera.capture_requested, false));
        if (state.camera.running && state.session.screen == ScreenId::kScan) Apply(state, cmd::SubmitForm{"photo"});
        return !state.session.requests.photo.empty();
      },
      std::chrono::seconds(30)));
  EXPECT_EQ(state.session.screen, ScreenId::kRepair);
  EXPECT_TRUE(photo::ValidatePhoto(state.session.requests.photo).ok());
  scanner.Update(false, "");
  EXPECT_TRUE(DrainUntil([&] { return !state.camera.running; }, std::chrono::seconds(10)));
}

}  // namespace
}  // namespace onestop
