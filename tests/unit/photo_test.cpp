// The repair photo's payload codec and checks (kiosk/core/photo.h), shared by kiosk and hub, and the
// photo step of the repair form (Scan screen in photo mode → back to the form → in the payload).
#include <gtest/gtest.h>

#include <random>

#include <nlohmann/json.hpp>

#include "kiosk/core/photo.h"
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

using namespace onestop;

namespace {

std::string FakeJpeg(size_t n) {
  std::string j = "\xFF\xD8\xFF\xE0";
  j.resize(n - 2, 'x');
  return j + "\xFF\xD9";
}

TEST(Photo, Base64RoundTripsEveryLength) {
  std::mt19937 rng(7);
  for (size_t n = 0; n < 40; ++n) {
    std::string bytes(n, '\0');
    for (auto& c : bytes) c = static_cast<char>(rng() & 255);
    std::string back;
    ASSERT_TRUE(photo::Base64Decode(photo::Base64Encode(bytes), &back)) << n;
    EXPECT_EQ(back, bytes);
  }
  EXPECT_EQ(photo::Base64Encode("Man"), "TWFu");
  EXPECT_EQ(photo::Base64Encode("Ma"), "TWE=");
  std::string out;
  for (const char* bad : {"TWE", "TW=u", "T$Fu", "TWE=TWFu", "===="}) EXPECT_FALSE(photo::Base64Decode(bad, &out)) << bad;
}

TEST(Photo, OnlyWholeJpegsWithinTheCap) {
  EXPECT_TRUE(photo::ValidatePhoto(FakeJpeg(1000)).ok());
  EXPECT_EQ(photo::ValidatePhoto("GIF89a....").error().code, "photo.not_jpeg");
  EXPECT_EQ(photo::ValidatePhoto(FakeJpeg(1000).substr(0, 500)).error().code, "photo.truncated");
  EXPECT_EQ(photo::ValidatePhoto(FakeJpeg(photo::kMaxPhotoBytes + 1)).error().code, "photo.too_large");
  const std::string j = FakeJpeg(2000);
  auto back = photo::PhotoFromPayload(photo::PhotoPayload(j));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.value(), j);
  EXPECT_FALSE(photo::PhotoFromPayload({{"mime", "image/png"}, {"data", photo::Base64Encode(j)}}).ok());
  EXPECT_FALSE(photo::PhotoFromPayload({{"mime", "image/jpeg"}, {"data", std::string(300000, 'A')}}).ok());
  EXPECT_FALSE(photo::PhotoFromPayload("just a string").ok());
}

TEST(Photo, TakenOnTheScanScreenAndSentWithTheRepair) {
  auto i = I18n::LoadDir(std::string(ONESTOP_ASSETS_DIR) + "/i18n");
  ASSERT_TRUE(i.ok());
  FakeClock clock{1795329000000};
  AppState s;
  s.i18n = &i.value();
  s.clock = &clock;
  s.terminal.binding.role = Role::kBedside;
  s.terminal.binding.location = "B2-3F-W12-BED07";
  ResetSession(s);
  Apply(s, cmd::Navigate{screens::kRepair});
  Apply(s, cmd::SetField{"repair.note", "light flickers"});
  // "Add a photo": the Scan screen opens in photo mode and keeps the draft.
  Apply(s, requests::cmd::AddPhoto{});
  Apply(s, cmd::Navigate{screens::kScan});
  ASSERT_TRUE(requests::Get(s).draft);
  EXPECT_TRUE(requests::BuildScanView(s).photo_mode);
  Apply(s, cmd::ScanCode{"EQ-2021-000123"});  // labels are not read while taking a photo
  EXPECT_TRUE(JobsOf<requests::job::LookUpLabel>(s).empty());
  s.terminal.camera.running = true;
  Apply(s, requests::cmd::TakePhoto{});
  EXPECT_EQ(JobsOf<requests::job::CapturePhoto>(s).size(), 1u);
  Apply(s, requests::cmd::TakePhoto{});  // a second tap while the first is taken asks nothing more
  EXPECT_EQ(JobsOf<requests::job::CapturePhoto>(s).size(), 1u);
  Apply(s, requests::cmd::PhotoTaken{FakeJpeg(5000)});
  EXPECT_EQ(s.session.screen, screens::kRepair);
  EXPECT_TRUE(requests::BuildRequestFormView(s, requests::Form::kRepair).has_photo);
  Apply(s, requests::cmd::Send{requests::Form::kRepair});
  ASSERT_EQ(Outbox(s).size(), 1u);
  const auto p = nlohmann::json::parse(Outbox(s)[0].payload_json);
  ASSERT_TRUE(p.contains("photo"));
  EXPECT_EQ(photo::PhotoFromPayload(p["photo"]).value(), FakeJpeg(5000));
  // The next visit to Scan is a label scan again.
  Apply(s, cmd::GoHome{});
  Apply(s, cmd::Navigate{screens::kScan});
  EXPECT_FALSE(requests::BuildScanView(s).photo_mode);
}

}  // namespace
