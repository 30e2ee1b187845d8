// Headless ImGui fixture: a context with the real CJK font (CPU atlas only), the app's theme and
// metrics for a 1280x800 10.1" panel, input through the real TouchInput shim, and a frame function
// that draws DrawRoot and applies the emitted commands like the app does.
#pragma once
#include <gtest/gtest.h>
#include <imgui.h>

#include <memory>
#include <string>
#include <vector>

#include "kiosk/core/shell/shell.h"
#include "ui/fonts.h"
#include "ui/theme.h"
#include "ui/touch_input.h"
#include "ui/widgets.h"

namespace onestop::test {

// The demo hospital's asset classes and dishes from assets/demo (what FillDemo draws screens with).
DemoData DemoFromAssets();

class ViewTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // One frame: input → NewFrame → DrawRoot → Render; returns the commands emitted and applies them.
  std::vector<Command> Frame();
  // Frames until the input shim is drained, plus one; returns every command emitted meanwhile.
  std::vector<Command> Settle();
  std::vector<Command> Tap(float x, float y);
  std::vector<Command> TapItem(const std::string& id, size_t nth = 0);
  std::vector<Command> Drag(float x, float y, float dx, float dy, int steps = 8);
  const ui::RecordedItem* Item(const std::string& id, size_t nth = 0) const;
  // A fresh session on `screen` (Home under it) in `lang`, elder mode or not, on a `panel`, with the
  // demo's content when `demo` is given; drawn twice (glyphs first seen are baked for the second frame).
  void ShowScreen(ScreenId screen, Lang lang, bool elder, ImVec2 panel, const DemoData* demo);
  // Drags the screen up until `id` is visible (forms are taller than the panel); fails if it never is.
  void ScrollTo(const std::string& id);

  I18n i18n;
  FakeClock clock{1795329000000};
  AppState state;
  IdleStatus idle;
  std::unique_ptr<ui::FontManager> fonts;
  ui::TouchInput input;
  std::vector<ui::RecordedItem> items;  // from the last frame
  std::vector<ui::RecordedText> texts;  // from the last frame
  // The configured look; Frame() applies it, or elder mode derived from it, like the host does.
  ui::Metrics base_metrics;
  ImGuiContext* ctx = nullptr;

 private:
  ui::Metrics applied_metrics_;
  bool applied_elder_ = false;
};

}  // namespace onestop::test
