// Command application (navigation, language, buffers), the idle rule and session reset, and the
// view models the screens draw.
#include <gtest/gtest.h>

#include "kiosk/core/shell/views.h"
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
#include "tests/unit/state_fixture.h"
#include "tests/unit/effects_helpers.h"

using namespace onestop;

namespace {
class AppStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LoadCatalogs(&i18n);
    s.terminal.idle = IdlePolicy{120, 20};
    PrepareState(s, i18n, clock, Lang::kZhHans);
  }
  I18n i18n;
  FakeClock clock{1795329000000};
  AppState s;
};
}  // namespace

TEST_F(AppStateTest, NavigateBackAndHome) {
  Apply(s, cmd::Navigate{screens::kTerminal});
  Apply(s, cmd::Navigate{screens::kGallery});
  EXPECT_EQ(s.session.screen, screens::kGallery);
  Apply(s, cmd::Back{});
  EXPECT_EQ(s.session.screen, screens::kTerminal);
  Apply(s, cmd::Back{});
  EXPECT_EQ(s.session.screen, screens::kHome);
  Apply(s, cmd::Back{});  // harmless on an empty stack
  EXPECT_EQ(s.session.screen, screens::kHome);
  Apply(s, cmd::Navigate{screens::kLanguage});
  Apply(s, cmd::Navigate{screens::kLanguage});  // a double tap does not stack the same screen twice
  EXPECT_EQ(s.session.back_stack.size(), 1u);
  Apply(s, cmd::GoHome{});
  EXPECT_TRUE(s.session.back_stack.empty());
}

TEST_F(AppStateTest, LanguageChangesViewText) {
  const std::string zh = foundation::BuildHomeView(s).greeting;
  Apply(s, cmd::SetLanguage{Lang::kEn});
  EXPECT_NE(foundation::BuildHomeView(s).greeting, zh);
  EXPECT_EQ(foundation::BuildHomeView(s).greeting, i18n.Tr(Lang::kEn, "home.greeting_patient"));
}

TEST_F(AppStateTest, IdleCountdownThenResetWipesSession) {
  Apply(s, cmd::SetLanguage{Lang::kEn});
  Apply(s, cmd::Navigate{screens::kGallery});
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
  EXPECT_EQ(s.session.screen, screens::kHome);
  EXPECT_EQ(s.session.lang, Lang::kZhHans);
  EXPECT_TRUE(s.session.fields.empty());
  EXPECT_TRUE(s.session.back_stack.empty());
}

TEST_F(AppStateTest, InputPostponesReset) {
  Apply(s, cmd::Navigate{screens::kTerminal});
  clock.Advance(110'000);
  EXPECT_TRUE(TickIdle(s).warning);
  s.NoteInput();
  Apply(s, cmd::StillHere{});
  EXPECT_FALSE(TickIdle(s).warning);
  clock.Advance(110'000);
  TickIdle(s);
  EXPECT_EQ(s.session.screen, screens::kTerminal);
}

TEST_F(AppStateTest, PristineHomeNeverShowsCountdown) {
  clock.Advance(115'000);
  EXPECT_FALSE(TickIdle(s).warning);
}

TEST_F(AppStateTest, StatusBarReflectsLink) {
  s.terminal.link.state = LinkState::kOffline;
  s.terminal.link.outbox_depth = 4;
  const auto v = BuildStatusBar(s, {});
  EXPECT_EQ(v.link_state, LinkState::kOffline);
  EXPECT_NE(v.link_text.find('4'), std::string::npos);
  s.terminal.notices.push_back({"n1", LocalText::Same("water off"), 0, 0});
  EXPECT_EQ(BuildStatusBar(s, {}).banner, "water off");
  // A notice with a window shows it in local time; one that has ended disappears.
  s.terminal.notices[0].starts_utc_ms = clock.NowUtcMs() + 3600000;
  s.terminal.notices[0].ends_utc_ms = clock.NowUtcMs() + 3 * 3600000;
  EXPECT_NE(BuildStatusBar(s, {}).banner.find("15:30"), std::string::npos) << BuildStatusBar(s, {}).banner;
  clock.Advance(4 * 3600000);
  EXPECT_EQ(BuildStatusBar(s, {}).banner, "");
}

TEST_F(AppStateTest, ScreenNamesRoundTrip) {
  for (ScreenId id : AllScreens()) {
    ScreenId back;
    ASSERT_TRUE(ParseScreenName(std::string(id.name), &back));
    EXPECT_EQ(back, id);
  }
  ScreenId x;
  EXPECT_FALSE(ParseScreenName("nope", &x));
}

TEST_F(AppStateTest, ActionProgressSavedThenSentOrRejected) {
  s.RequestOutbox({"order:1", "meal_order", "{}"});
  s.RequestOutbox({"order:2", "meal_order", "{}"});
  ASSERT_EQ(Outbox(s).size(), 2u);
  EXPECT_EQ(s.effects.actions["order:1"].state, ActionState::kSaving);
  Apply(s, job::OutboxSaved{"order:1", "uuid-1"});
  Apply(s, job::OutboxSaved{"order:2", "uuid-2"});
  EXPECT_EQ(s.effects.actions["order:1"].state, ActionState::kSaved);
  Apply(s, job::RecordOutcome{"uuid-1", protocol::PushStatus::kAccepted, "T-42", ""});
  Apply(s, job::RecordOutcome{"uuid-2", protocol::PushStatus::kRejected, "", "past the cut-off"});
  EXPECT_EQ(s.effects.actions["order:1"].state, ActionState::kSent);
  EXPECT_EQ(s.effects.actions["order:1"].ref, "T-42");
  EXPECT_EQ(s.effects.actions["order:2"].state, ActionState::kRejected);
  EXPECT_EQ(s.effects.actions["order:2"].reason, "past the cut-off");
  Apply(s, job::OutboxSaved{"order:1", "uuid-1"});  // a late duplicate answer never demotes "sent"
  EXPECT_EQ(s.effects.actions["order:1"].state, ActionState::kSent);
  Apply(s, job::OutboxFailed{"unknown", "x"});      // unknown tags are ignored
  EXPECT_EQ(s.effects.actions.count("unknown"), 0u);
}
