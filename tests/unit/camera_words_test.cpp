// Issue 16: "the camera error is raw English inside Chinese text". The scan and enrollment screens say
// why there is no camera picture from the error's code, in the session's language (zh-Hans, zh-Hant,
// en); the device's own words (paths, errno text) stay in the log and never reach the screen.
#include <gtest/gtest.h>

#include <string>

#include "kiosk/core/features/enroll/feature.h"
#include "kiosk/core/features/requests/views.h"
#include "kiosk/core/shell/shell.h"
#include "kiosk/core/shell/views.h"
#include "tests/unit/state_fixture.h"

using namespace onestop;

namespace {

bool HasAsciiLetter(const std::string& t) {
  for (char c : t)
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return false;
}

class CameraWords : public ::testing::Test {
 protected:
  void SetUp() override {
    LoadCatalogs(&i18n);
    PrepareState(s, i18n, clock);
    s.terminal.link.state = LinkState::kNotEnrolled;  // the enrollment screen shows the camera
  }
  I18n i18n;
  FakeClock clock{1795329000000};
  AppState s;
};

TEST_F(CameraWords, EveryCameraCodeReadsInTheSessionLanguage) {
  // The codes devices/ reports (v4l2_camera.cpp, camera_scanner.cpp), and one it may report some day.
  const std::pair<const char*, const char*> codes[] = {
      {"camera.none", "camera.error.none"},        {"camera.open_failed", "camera.error.open_failed"},
      {"camera.unusable", "camera.error.unusable"}, {"camera.io", "camera.error.stopped"},
      {"camera.not_open", "camera.error.stopped"},  {"decode.worker_unavailable", "camera.error.reader"},
      {"camera.some_new_code", "camera.error.other"}};
  for (Lang lang : kAllLangs) {
    s.session.lang = lang;
    for (const auto& [code, key] : codes) {
      s.terminal.camera.error_code = code;
      const std::string want = s.TrF("scan.no_camera", {s.Tr(key)});
      const std::string where = std::string(code) + " in " + std::string(LangTag(lang));
      EXPECT_EQ(requests::BuildScanView(s).status, want) << where;
      EXPECT_TRUE(requests::BuildScanView(s).status_is_error) << where;
      EXPECT_TRUE(requests::BuildScanView(s).manual) << where << ": no camera, so the code is typed";
      EXPECT_EQ(enrollui::BuildEnrollView(s).status, want) << where;
      EXPECT_EQ(NoCameraText(s).find(code), std::string::npos) << where << ": no raw code on screen";
      if (lang != Lang::kEn) {
        EXPECT_FALSE(HasAsciiLetter(NoCameraText(s))) << where << ": " << NoCameraText(s);
      }
    }
  }
  s.terminal.camera.error_code.clear();
  EXPECT_EQ(NoCameraText(s), "");
  EXPECT_EQ(requests::BuildScanView(s).status, s.Tr("scan.starting"));
}

}  // namespace
