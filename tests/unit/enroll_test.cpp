// Enrollment, pure core: ResolveEnrollTarget (which hub gets which code) and the enrollment feature
// through Apply with the real catalogs — a scanned QR or typed code becomes one job, the app's answer
// shows the binding or the refusal in words, stale answers are ignored, an enrolled terminal refuses.
#include <gtest/gtest.h>

#include "kiosk/core/enroll_code.h"
#include "kiosk/core/features/enroll/commands.h"
#include "kiosk/core/features/enroll/feature.h"
#include "kiosk/core/features/enroll/jobs.h"
#include "kiosk/core/features/enroll/state.h"
#include "kiosk/core/shell/shell.h"
#include "tests/unit/effects_helpers.h"
#include "tests/unit/state_fixture.h"

using namespace onestop;

namespace {

constexpr int64_t kNow = 1795329000000;

// ---- which hub ------------------------------------------------------------------------------------
TEST(EnrollTarget, BlankTabletTakesTheHubFromTheConsolesQrCode) {
  auto t = enroll::ResolveEnrollTarget("https://hub.example.org:8443/onestop/e/ABCDE-FGHJK/", "");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->code, "ABCDE-FGHJK");
  EXPECT_EQ(t->hub_url, "https://hub.example.org:8443/onestop") << "a proxy prefix stays part of the hub";
  t = enroll::ResolveEnrollTarget("  http://10.0.0.5:8470/e/DEMO-WARD\n", "");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->hub_url, "http://10.0.0.5:8470");
}

TEST(EnrollTarget, AConfiguredHubIsNeverRedirectedByAQrCode) {
  auto t = enroll::ResolveEnrollTarget("http://evil.example:80/e/ABCDE-FGHJK", "http://hub.ward:8470");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->hub_url, "http://hub.ward:8470");
  EXPECT_EQ(t->code, "ABCDE-FGHJK");
  t = enroll::ResolveEnrollTarget("abcde fghjk", "http://hub.ward:8470");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->code, "abcde fghjk") << "the hub normalises a typed code";
}

TEST(EnrollTarget, RefusalsAreCoded) {
  EXPECT_EQ(enroll::ResolveEnrollTarget("ABCDE-FGHJK", "").error().code, "enroll.no_hub");
  EXPECT_EQ(enroll::ResolveEnrollTarget("https://onestop.local/a/EQ-1", "http://h").error().code, "enroll.bad_code");
  EXPECT_EQ(enroll::ResolveEnrollTarget("http://hub/e/AB%43", "").error().code, "enroll.bad_code");
  EXPECT_EQ(enroll::ResolveEnrollTarget("http://user@hub/e/ABCDE", "").error().code, "enroll.bad_code")
      << "user info could disguise the hub";
  EXPECT_EQ(enroll::ResolveEnrollTarget("", "http://h").error().code, "enroll.bad_code");
  EXPECT_EQ(enroll::ResolveEnrollTarget(std::string(600, 'A'), "http://h").error().code, "enroll.bad_code");
}

// ---- the feature ---------------------------------------------------------------------------------
class EnrollFeature : public ::testing::Test {
 protected:
  void SetUp() override {
    LoadCatalogs(&i18n);
    s.terminal.link.state = LinkState::kNotEnrolled;
    PrepareState(s, i18n, clock);
    Apply(s, cmd::Navigate{screens::kEnroll});
  }
  std::vector<enrollui::job::Enroll> Jobs() { return JobsOf<enrollui::job::Enroll>(s); }
  I18n i18n;
  FakeClock clock{kNow};
  AppState s;
};

TEST_F(EnrollFeature, ScannedQrBecomesOneJobToTheHubItNames) {
  Apply(s, cmd::ScanCode{"http://10.1.2.3:8470/e/K7QMX-PRT4W"});
  auto jobs = Jobs();
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].code, "K7QMX-PRT4W");
  EXPECT_EQ(jobs[0].hub_url, "http://10.1.2.3:8470");
  EXPECT_EQ(enrollui::BuildEnrollView(s).status, "Enrolling: contacting the hub…");
  EXPECT_TRUE(enrollui::BuildEnrollView(s).busy);
  // The camera confirms the same QR again a moment later: no second exchange.
  Apply(s, cmd::ScanCode{"http://10.1.2.3:8470/e/K7QMX-PRT4W"});
  EXPECT_EQ(Jobs().size(), 1u);
}

TEST_F(EnrollFeature, SuccessShowsWhatTheTerminalBecameAndTheTileGoes) {
  std::vector<HomeTile> tiles;
  enrollui::kFeature.AddHomeTiles(s, tiles);
  ASSERT_EQ(tiles.size(), 1u);
  EXPECT_EQ(tiles[0].target, screens::kEnroll);
  Apply(s, cmd::ScanCode{"http://10.1.2.3:8470/e/K7QMX-PRT4W"});
  const int64_t attempt = Jobs().at(0).attempt;
  Apply(s, enrollui::cmd::EnrollAnswered{
               attempt, enrollui::cmd::Enrolled{"T-0042", "http://10.1.2.3:8470", Binding{Role::kWard, "B2-3F-W12"}}});
  auto v = enrollui::BuildEnrollView(s);
  ASSERT_TRUE(v.done);
  EXPECT_EQ(v.done_rows[0].second, "Ward terminal");
  EXPECT_EQ(v.done_rows[1].second, "B2-3F-W12");
  EXPECT_EQ(v.done_rows[2].second, "T-0042");
  EXPECT_EQ(s.terminal.hub_url, "http://10.1.2.3:8470");
  tiles.clear();
  enrollui::kFeature.AddHomeTiles(s, tiles);
  EXPECT_TRUE(tiles.empty()) << "an enrolled terminal offers no enrollment";
  EXPECT_TRUE(s.session.Field("enroll.code").empty());
}

TEST_F(EnrollFeature, TypedCodeGoesToTheKnownHubAndRefusalsReadInTheLanguage) {
  s.terminal.hub_url = "http://hub.ward:8470";
  Apply(s, enrollui::cmd::ToggleTyping{});
  EXPECT_TRUE(enrollui::BuildEnrollView(s).manual);
  EXPECT_TRUE(enrollui::BuildEnrollView(s).keyboard_shift) << "codes are upper case: the keyboard starts shifted";
  Apply(s, cmd::SetField{"enroll.code", "ABCDE-FGHJK"});
  Apply(s, enrollui::cmd::SubmitTyped{});
  auto jobs = Jobs();
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].hub_url, "http://hub.ward:8470");
  Apply(s, enrollui::cmd::EnrollAnswered{jobs[0].attempt, Error{"enroll.rejected", "the hub refused the code (used)"}});
  auto v = enrollui::BuildEnrollView(s);
  EXPECT_FALSE(v.done);
  EXPECT_TRUE(v.status_is_error);
  EXPECT_EQ(v.status, i18n.catalog(Lang::kEn).Get("error.enroll.rejected"));
  Apply(s, cmd::SetLanguage{Lang::kZhHans});
  EXPECT_EQ(enrollui::BuildEnrollView(s).status, i18n.catalog(Lang::kZhHans).Get("error.enroll.rejected"));
  // After a refusal the next code may go.
  ClearJobs<enrollui::job::Enroll>(s);
  Apply(s, enrollui::cmd::SubmitTyped{});
  EXPECT_EQ(Jobs().size(), 1u);
}

TEST_F(EnrollFeature, BadInputNeverLeavesTheTerminal) {
  Apply(s, cmd::ScanCode{"https://onestop.local/a/EQ-2012-001585"});  // an equipment label
  EXPECT_TRUE(Jobs().empty());
  auto v = enrollui::BuildEnrollView(s);
  EXPECT_TRUE(v.status_is_error);
  EXPECT_EQ(v.status, i18n.catalog(Lang::kEn).Get("error.enroll.bad_code"));
  Apply(s, cmd::ScanCode{"ABCDE-FGHJK"});  // a bare code on a tablet that knows no hub
  EXPECT_TRUE(Jobs().empty());
  EXPECT_EQ(enrollui::BuildEnrollView(s).status, i18n.catalog(Lang::kEn).Get("error.enroll.no_hub"));
}

TEST_F(EnrollFeature, AStaleAnswerAfterASessionResetChangesNothingOnScreen) {
  Apply(s, cmd::ScanCode{"http://10.1.2.3:8470/e/K7QMX-PRT4W"});
  const int64_t attempt = Jobs().at(0).attempt;
  ResetSession(s);
  Apply(s, cmd::Navigate{screens::kEnroll});
  Apply(s, enrollui::cmd::EnrollAnswered{attempt, Error{"enroll.unreachable", "x"}});
  EXPECT_TRUE(enrollui::BuildEnrollView(s).status.empty());
}

TEST_F(EnrollFeature, AWorkingTerminalCannotBeReboundFromItsScreen) {
  s.terminal.link.state = LinkState::kOnline;
  Apply(s, cmd::ScanCode{"http://10.1.2.3:8470/e/K7QMX-PRT4W"});
  EXPECT_TRUE(Jobs().empty());
  EXPECT_EQ(enrollui::BuildEnrollView(s).status, i18n.catalog(Lang::kEn).Get("error.enroll.already"));
  std::vector<HomeTile> tiles;
  enrollui::kFeature.AddHomeTiles(s, tiles);
  EXPECT_TRUE(tiles.empty());
  // A revoked terminal may enroll again, and its tile says why.
  s.terminal.link.state = LinkState::kUnauthorized;
  enrollui::kFeature.AddHomeTiles(s, tiles);
  ASSERT_EQ(tiles.size(), 1u);
  EXPECT_EQ(tiles[0].subtitle, i18n.catalog(Lang::kEn).Get("enroll.tile_revoked"));
  Apply(s, cmd::ScanCode{"http://10.1.2.3:8470/e/K7QMX-PRT4W"});
  EXPECT_EQ(Jobs().size(), 1u);
}

TEST_F(EnrollFeature, ScansElsewhereAreNotEnrollments) {
  Apply(s, cmd::GoHome{});
  Apply(s, cmd::ScanCode{"http://10.1.2.3:8470/e/K7QMX-PRT4W"});
  EXPECT_TRUE(Jobs().empty()) << "only the enrollment screen exchanges codes";
}

}  // namespace
