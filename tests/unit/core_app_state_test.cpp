// Command application (navigation, language, buffers), the idle rule and session reset, and the
// view models the screens draw.
#include <gtest/gtest.h>

#include "kiosk/core/shell/shell.h"
#include "kiosk/core/shell/views.h"

using namespace onestop;

namespace {
class AppStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto i = I18n::LoadDir(std::string(ONESTOP_ASSETS_DIR) + "/i18n");
    ASSERT_TRUE(i.ok()) << i.error().message;
    i18n = std::move(i.value());
    s.i18n = &i18n;
    s.clock = &clock;
    s.default_lang = Lang::kZhHans;
    s.idle = IdlePolicy{120, 20};
    s.tz = TimeZone::Find("Asia/Shanghai").value();
    s.ResetSession();
    s.NoteInput();
  }
  I18n i18n;
  FakeClock clock{1795329000000};
  AppState s;
};
}  // namespace

TEST_F(AppStateTest, NavigateBackAndHome) {
  Apply(s, cmd::Navigate{ScreenId::kTerminal});
  Apply(s, cmd::Navigate{ScreenId::kGallery});
  EXPECT_EQ(s.session.screen, ScreenId::kGallery);
  Apply(s, cmd::Back{});
  EXPECT_EQ(s.session.screen, ScreenId::kTerminal);
  Apply(s, cmd::Back{});
  EXPECT_EQ(s.session.screen, ScreenId::kHome);
  Apply(s, cmd::Back{});  // harmless on an empty stack
  EXPECT_EQ(s.session.screen, ScreenId::kHome);
  Apply(s, cmd::Navigate{ScreenId::kLanguage});
  Apply(s, cmd::Navigate{ScreenId::kLanguage});  // a double tap does not stack the same screen twice
  EXPECT_EQ(s.session.back_stack.size(), 1u);
  Apply(s, cmd::GoHome{});
  EXPECT_TRUE(s.session.back_stack.empty());
}

TEST_F(AppStateTest, LanguageChangesViewText) {
  const std::string zh = BuildHomeView(s).greeting;
  Apply(s, cmd::SetLanguage{Lang::kEn});
  EXPECT_NE(BuildHomeView(s).greeting, zh);
  EXPECT_EQ(BuildHomeView(s).greeting, i18n.Tr(Lang::kEn, "home.greeting_patient"));
}

TEST_F(AppStateTest, IdleCountdownThenResetWipesSession) {
  Apply(s, cmd::SetLanguage{Lang::kEn});
  Apply(s, cmd::Navigate{ScreenId::kGallery});
  Apply(s, cmd::SetField{"gallery.keypad", "1234"});
  clock.Advance(99'000);
  EXPECT_FALSE(TickIdle(s).warning);
  clock.Advance(2'000);  // 101 s: inside the last 20 s
  const IdleStatus w = TickIdle(s);
  EXPECT_TRUE(w.warning);
  EXPECT_EQ(w.seconds_left, 19);
  EXPECT_FALSE(BuildStatusBar(s, w).idle_text.empty());
  clock.Advance(19'000);
  TickIdle(s);
  EXPECT_EQ(s.session.screen, ScreenId::kHome);
  EXPECT_EQ(s.session.lang, Lang::kZhHans);
  EXPECT_TRUE(s.session.fields.empty());
  EXPECT_TRUE(s.session.back_stack.empty());
}

TEST_F(AppStateTest, InputPostponesReset) {
  Apply(s, cmd::Navigate{ScreenId::kTerminal});
  clock.Advance(110'000);
  EXPECT_TRUE(TickIdle(s).warning);
  s.NoteInput();
  Apply(s, cmd::StillHere{});
  EXPECT_FALSE(TickIdle(s).warning);
  clock.Advance(110'000);
  TickIdle(s);
  EXPECT_EQ(s.session.screen, ScreenId::kTerminal);
}

TEST_F(AppStateTest, PristineHomeNeverShowsCountdown) {
  clock.Advance(115'000);
  EXPECT_FALSE(TickIdle(s).warning);
}

TEST_F(AppStateTest, StatusBarReflectsLink) {
  s.link.state = LinkState::kOffline;
  s.link.outbox_depth = 4;
  const auto v = BuildStatusBar(s, {});
  EXPECT_EQ(v.link_state, LinkState::kOffline);
  EXPECT_NE(v.link_text.find('4'), std::string::npos);
  s.notices.push_back({"n1", LocalText::Same("water off"), 0, 0});
  EXPECT_EQ(BuildStatusBar(s, {}).banner, "water off");
  // A notice with a window shows it in local time; one that has ended disappears.
  s.notices[0].starts_utc_ms = clock.NowUtcMs() + 3600000;
  s.notices[0].ends_utc_ms = clock.NowUtcMs() + 3 * 3600000;
  EXPECT_NE(BuildStatusBar(s, {}).banner.find("15:30"), std::string::npos) << BuildStatusBar(s, {}).banner;
  clock.Advance(4 * 3600000);
  EXPECT_EQ(BuildStatusBar(s, {}).banner, "");
}

TEST_F(AppStateTest, ScreenNamesRoundTrip) {
  for (ScreenId id : AllScreens()) {
    ScreenId back;
    ASSERT_TRUE(ParseScreenName(ScreenName(id), &back));
    EXPECT_EQ(back, id);
  }
  ScreenId x;
  EXPECT_FALSE(ParseScreenName("nope", &x));
}

TEST_F(AppStateTest, ActionProgressSavedThenSentOrRejected) {
  RequestOutbox(s, {"order:1", "meal_order", "{}"});
  RequestOutbox(s, {"order:2", "meal_order", "{}"});
  ASSERT_EQ(s.outbox_requests.size(), 2u);
  EXPECT_EQ(s.actions["order:1"].state, ActionState::kSaving);
  OnOutboxSaved(s, "order:1", "uuid-1");
  OnOutboxSaved(s, "order:2", "uuid-2");
  EXPECT_EQ(s.actions["order:1"].state, ActionState::kSaved);
  OnRecordOutcome(s, "uuid-1", "accepted", "T-42", "");
  OnRecordOutcome(s, "uuid-2", "rejected", "", "past the cut-off");
  EXPECT_EQ(s.actions["order:1"].state, ActionState::kSent);
  EXPECT_EQ(s.actions["order:1"].ref, "T-42");
  EXPECT_EQ(s.actions["order:2"].state, ActionState::kRejected);
  EXPECT_EQ(s.actions["order:2"].reason, "past the cut-off");
  OnOutboxSaved(s, "order:1", "uuid-1");  // a late duplicate answer never demotes "sent"
  EXPECT_EQ(s.actions["order:1"].state, ActionState::kSent);
  OnOutboxFailed(s, "unknown", "x");      // unknown tags are ignored
  EXPECT_EQ(s.actions.count("unknown"), 0u);
}
