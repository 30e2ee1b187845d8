// Renders every screen in every language and state for a few frames. Debian's libimgui.a has asserts
// on, so a Begin/End or Push/Pop mismatch aborts this test (and would abort the kiosk).
#include <cmath>
#include <string>

#include "tests/view/view_fixture.h"

namespace onestop::test {
namespace {

class Smoke : public ViewTest {};

TEST_F(Smoke, EveryScreenLanguageAndState) {
  const LinkState links[] = {LinkState::kUnknown, LinkState::kNotEnrolled, LinkState::kOnline, LinkState::kOffline,
                             LinkState::kUnauthorized};
  const std::string long_text(600, 'W');
  int frames = 0;
  for (ScreenId screen : AllScreens()) {
    for (Lang lang : kAllLangs) {
      for (LinkState link : links) {
        for (int variant = 0; variant < 3; ++variant) {
          ResetSession(state);
          state.session.screen = screen;
          if (screen != screens::kHome) state.session.back_stack = {screens::kHome};
          state.session.lang = lang;
          state.terminal.link = LinkStatus{};
          state.terminal.link.state = link;
          state.terminal.link.outbox_depth = variant * 250;
          state.terminal.notices.clear();
          idle = IdleStatus{};
          if (variant >= 1) state.terminal.notices.push_back({"n", LocalText::Same(i18n.Tr(lang, "gallery.banner")), 0, 0});
          if (variant == 2) {
            idle.warning = true;
            idle.seconds_left = 5;
            state.terminal.binding.location_name = LocalText::Same(long_text);  // long data must wrap or clip, never break layout
            state.terminal.notices.push_back({"n2", LocalText::Same(long_text), 0, 0});
            state.session.fields["gallery.keyboard"] = long_text;
          } else {
            state.terminal.binding.location_name = LocalText{};
          }
          for (int f = 0; f < 3; ++f, ++frames) Frame();
        }
      }
    }
  }
  EXPECT_EQ(frames, static_cast<int>(AllScreens().size()) * 3 * 5 * 3 * 3);
  EXPECT_FALSE(HasFailure());
}

TEST_F(Smoke, LargeTextSizeRendersEveryScreen) {
  const float normal = ui::CurrentMetrics().font_px;
  ui::SetMetrics(ui::ComputeMetrics(149.0f, 15.0f, /*large=*/true));
  ui::ApplyTheme();
  for (ScreenId screen : AllScreens()) {
    state.session.screen = screen;
    for (int f = 0; f < 3; ++f) Frame();
  }
  EXPECT_GE(ui::CurrentMetrics().font_px, std::floor(normal * 1.3f));
}

}  // namespace
}  // namespace onestop::test
