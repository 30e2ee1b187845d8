// Tap-level behaviour of the foundation screens: what a finger on each widget emits, tap versus
// drag in scroll lists, the keypad/keyboard editing app-owned buffers, and the idle overlay.
#include <cmath>
#include <variant>

#include "tests/view/view_fixture.h"
#include "ui/theme.h"
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

namespace onestop::test {
namespace {

template <class T>
int Count(const std::vector<Command>& cmds) {
  int n = 0;
  for (const auto& c : cmds) n += c.Is<T>();
  return n;
}

class Taps : public ViewTest {
 protected:
  // The gallery is a staff screen (issue 16): a technician signs in with a badge first.
  void SignInStaff() {
    state.terminal.staff = std::make_shared<staff::StaffSession>(clock, [](std::string_view, std::string_view) { return false; },
                                                                 Binding{Role::kStaff, ""});
    state.terminal.staff->SetDirectory(
        staff::StaffDirectory({staff::StaffFromJson({{"id", "IT1"}, {"role", "it"}, {"badge", "B-IT1"}}).value()}));
    ASSERT_TRUE(state.terminal.staff->SignInWithBadge("B-IT1").ok());
  }
};

TEST_F(Taps, HomeTileNavigatesExactlyOnce) {
  auto cmds = TapItem("terminal");
  ASSERT_EQ(cmds.size(), 1u);
  ASSERT_TRUE(cmds[0].Is<cmd::Navigate>());
  EXPECT_EQ(cmds[0].As<cmd::Navigate>()->to, screens::kTerminal);
  EXPECT_EQ(state.session.screen, screens::kTerminal);
}

TEST_F(Taps, TapOutsideAnyWidgetEmitsNothing) {
  EXPECT_TRUE(Tap(1060, 700).empty());  // the empty third column of the last row of tiles
}

TEST_F(Taps, LanguagePickSwitchesAndReturns) {
  TapItem("status.language");
  ASSERT_EQ(state.session.screen, screens::kLanguage);
  // Options are PushID'd by language tag; the third "pick" is English.
  auto cmds = TapItem("pick", 2);
  EXPECT_EQ(Count<cmd::SetLanguage>(cmds), 1);
  EXPECT_EQ(state.session.lang, Lang::kEn);
  EXPECT_EQ(state.session.screen, screens::kHome);
}

TEST_F(Taps, BackAndHomeButtons) {
  TapItem("terminal");
  EXPECT_EQ(Item("terminal.gallery"), nullptr) << "no gallery for a patient";
  SignInStaff();
  TapItem("terminal.gallery");
  ASSERT_EQ(state.session.screen, screens::kGallery);
  TapItem("nav.back");
  EXPECT_EQ(state.session.screen, screens::kTerminal);
  TapItem("terminal.gallery");
  TapItem("nav.home");
  EXPECT_EQ(state.session.screen, screens::kHome);
  EXPECT_EQ(Item("nav.back"), nullptr);  // no back button on the home screen
}

TEST_F(Taps, KeypadEditsAppOwnedBuffer) {
  SignInStaff();
  state.session.screen = screens::kGallery;
  TapItem("4");
  TapItem("2");
  EXPECT_EQ(state.session.fields["gallery.keypad"], "42");
  TapItem("clear");
  EXPECT_EQ(state.session.fields["gallery.keypad"], "4");
  auto cmds = TapItem("ok");  // the gallery's OK takes the number: its buffer empties
  EXPECT_EQ(Count<cmd::SetField>(cmds), 1);
  EXPECT_EQ(state.session.fields["gallery.keypad"], "");
}

TEST_F(Taps, KeypadOkDisabledWhenEmpty) {
  SignInStaff();
  state.session.screen = screens::kGallery;
  Frame();
  ASSERT_NE(Item("ok"), nullptr);
  EXPECT_FALSE(Item("ok")->enabled);
  EXPECT_EQ(Count<cmd::SetField>(TapItem("ok")), 0);
}

TEST_F(Taps, ListTapSelectsButDragScrollsWithoutClicking) {
  SignInStaff();
  state.session.screen = screens::kGallery;
  Frame();
  Frame();  // new child windows settle their size in their second frame
  ASSERT_NE(Item("item", 0), nullptr);
  const ui::RecordedItem first = *Item("item", 0);  // copy: `items` is refilled every frame
  const float x = (first.min.x + first.max.x) / 2, y = (first.min.y + first.max.y) / 2;
  // A drag that starts and ends on list items scrolls and selects nothing.
  auto dragged = Drag(x, y + 200, 0, -200);
  EXPECT_EQ(Count<cmd::SetField>(dragged), 0);
  Frame();
  const ui::RecordedItem* after = Item("item", 0);
  ASSERT_NE(after, nullptr);
  EXPECT_LT(after->min.y, first.min.y - 150) << "the list did not follow the finger";
  // A small wobble under the drag threshold is still a tap.
  ASSERT_NE(Item("item", 3), nullptr);
  const ui::RecordedItem third = *Item("item", 3);
  ASSERT_TRUE(third.visible);
  auto tapped = Drag((third.min.x + third.max.x) / 2, (third.min.y + third.max.y) / 2, 2, 2, 2);
  EXPECT_EQ(Count<cmd::SetField>(tapped), 1);
}

TEST_F(Taps, OnScreenKeyboardTypesShiftsAndErases) {
  SignInStaff();
  state.session.screen = screens::kGallery;
  // The keyboard is below the fold on a 1280x800 panel: drag the screen up until it shows.
  Frame();
  for (int i = 0; i < 5 && !(Item("shift") && Item("shift")->visible); ++i) Drag(1200, 600, 0, -250);
  ASSERT_TRUE(Item("shift") && Item("shift")->visible);
  TapItem("kh");
  TapItem("shift");
  TapItem("ki");
  EXPECT_EQ(state.session.fields["gallery.keyboard"], "hI");
  TapItem("backspace");
  EXPECT_EQ(state.session.fields["gallery.keyboard"], "h");
}

TEST_F(Taps, IdleOverlayKeepsSession) {
  state.session.screen = screens::kTerminal;
  idle.warning = true;
  idle.seconds_left = 9;
  auto cmds = TapItem("idle.still_here");
  EXPECT_EQ(Count<cmd::StillHere>(cmds), 1);
  EXPECT_EQ(state.session.screen, screens::kTerminal);
}

TEST_F(Taps, EveryTappableIsAtLeastOneTarget) {
  for (ScreenId s : AllScreens()) {
    state.session.screen = s;
    Frame();
    for (const auto& it : items) {
      if (it.id.rfind("##", 0) == 0) continue;
      EXPECT_GE(std::round(it.max.y - it.min.y), std::floor(ui::TargetPx())) << s.name << " " << it.id;
      EXPECT_GE(std::round(it.max.x - it.min.x), std::floor(ui::TargetPx()) * 0.99f) << s.name << " " << it.id;
    }
  }
}

}  // namespace
}  // namespace onestop::test
