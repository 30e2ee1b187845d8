// The repair photo's payload codec and checks (kiosk/core/photo.h), shared by kiosk and hub, and the
// photo step of the repair form (Scan screen in photo mode → back to the form → in the payload).
#include <gtest/gtest.h>

#include <random>

#include <nlohmann/json.hpp>

#include "kiosk/core/shell/shell.h"
#include "kiosk/core/photo.h"
#include "kiosk/core/features/requests/views.h"

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
  s.binding.role = Role::kBedside;
  s.binding.location_code = "B2-3F-W12-BED07";
  s.ResetSession();
  Apply(s, cmd::Navigate{ScreenId::kRepair});
  Apply(s, cmd::SetField{"repair.note", "light flickers"});
  // "Add a photo": the Scan screen opens in photo mode and keeps the draft.
  Apply(s, cmd::SetField{"scan.photo", "1"});
  Apply(s, cmd::Navigate{ScreenId::kScan});
  ASSERT_TRUE(s.session.requests.draft);
  EXPECT_TRUE(requests::BuildScanView(s).photo_mode);
  Apply(s, cmd::ScanCode{"EQ-2021-000123"});  // labels are not read while taking a photo
  EXPECT_TRUE(s.store_queries.empty());
  s.camera.running = true;
  Apply(s, cmd::SubmitForm{"photo"});
  EXPECT_TRUE(s.camera.capture_requested);
  requests::OnPhoto(s, FakeJpeg(5000));
  EXPECT_EQ(s.session.screen, ScreenId::kRepair);
  EXPECT_TRUE(requests::BuildRequestFormView(s, "repair").has_photo);
  Apply(s, cmd::SubmitForm{"repair"});
  ASSERT_EQ(s.outbox_requests.size(), 1u);
  const auto p = nlohmann::json::parse(s.outbox_requests[0].payload_json);
  ASSERT_TRUE(p.contains("photo"));
  EXPECT_EQ(photo::PhotoFromPayload(p["photo"]).value(), FakeJpeg(5000));
  // The next visit to Scan is a label scan again.
  Apply(s, cmd::GoHome{});
  Apply(s, cmd::Navigate{ScreenId::kScan});
  EXPECT_FALSE(requests::BuildScanView(s).photo_mode);
}

}  // namespace
