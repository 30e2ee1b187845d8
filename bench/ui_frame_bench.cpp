// Frame time of the touch UI at 1280x800 with the production renderer (SDL offscreen + EGL + Mesa
// llvmpipe when run headless): build (NewFrame + DrawRoot) and build + render + present, per screen.
// Prints a table; it must not be run as a unit test (timings depend on the machine's load).
#include <GL/gl.h>
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "kiosk/app/config.h"
#include "kiosk/app/screenshot_data.h"
#include "kiosk/app/ui_app.h"
#include "ui/host.h"
#include "kiosk/core/features/meals/feature.h"
#include "kiosk/core/features/meals/state.h"
#include "ui/screens.h"

using namespace onestop;
using Clk = std::chrono::steady_clock;

namespace {
// The menu screen with a 60-dish menu (the size): every dish allowed, a few in the basket.
void SixtyDishMenu(AppState& s) {
  MealContext c;
  c.bed = s.terminal.binding.location;
  c.config.time_zone = s.terminal.tz.name();
  c.tz = s.terminal.tz;
  c.now = meals::JudgeNow(s.clock->NowUtcMs(), true, 0);
  c.diet = meals::DietOrder{c.bed, "regular", {}, "bench"};
  MealSlotMenu m;
  for (int i = 0; i < 60; ++i) {
    meals::Dish d;
    d.id = "B" + std::to_string(100 + i);
    d.name = LocalText::Same("Dish number " + std::to_string(i + 1));
    d.slots = {meals::Slot::kDinner};
    d.diets = {"regular"};
    d.allergens = i % 3 ? std::vector<std::string>{"egg"} : std::vector<std::string>{};
    d.price_cents = 300 + 50 * i;
    m.dishes.push_back(d);
    c.catalog.emplace(d.id, d);
  }
  m.choice = meals::OrderableSlots(c.config, c.tz, c.now.now_ms).front();
  m.choice.slot = meals::Slot::kDinner;
  m.view = meals::FilterMenu(m.dishes, &*c.diet, meals::Slot::kDinner);
  c.slots.push_back(std::move(m));
  mealui::Get(s).bed = c.bed;
  mealui::Get(s).ctx = std::make_shared<const MealContext>(std::move(c));
  mealui::Get(s).slot = 0;
  mealui::Get(s).basket = {{"B100", 1}, {"B101", 2}, {"B102", 1}};
}

double Pct(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5))];
}
}  // namespace

int main(int argc, char** argv) {
  const int frames = argc > 1 ? std::atoi(argv[1]) : 600;
  app::KioskConfig cfg;
  auto i18n = I18n::LoadDir(app::AssetsDir() + "/i18n");
  if (!i18n) { std::fprintf(stderr, "%s\n", i18n.error().message.c_str()); return 3; }
  FakeClock clock(1795329000000);
  cfg.terminal.location = "B2-3F-W12-BED07";
  auto st = app::MakeAppState(cfg, i18n.value(), clock);
  if (!st) return 3;
  AppState& s = st.value();
  s.terminal.link.state = LinkState::kOnline;
  ui::HostOptions ho;
  ho.offscreen = true;
  ho.metrics = app::MetricsFor(cfg);
  auto host = ui::Host::Create(ho);
  if (!host) { std::fprintf(stderr, "%s\n", host.error().message.c_str()); return 3; }
  app::AddCatalogGlyphs(i18n.value(), host.value()->fonts());
  std::printf("renderer: %s, %d frames per screen, 1280x800\n",
              reinterpret_cast<const char*>(glGetString(GL_RENDERER)), frames);
  std::printf("| screen | build median ms | build p99 ms | build+render median ms | build+render p99 ms |\n");
  std::printf("|---|---|---|---|---|\n");
  std::vector<std::pair<std::string, ScreenId>> runs;
  for (ScreenId screen : AllScreens()) runs.emplace_back(screen.name, screen);
  runs.emplace_back("menu (60 dishes)", screens::kMenu);
  for (const auto& [name, screen] : runs) {
    ResetSession(s);
    s.session.screen = screen;
    app::FillScreenshotData(s, screen, app::AssetsDir());  // the screen with realistic content
    if (name == "menu (60 dishes)") SixtyDishMenu(s);
    std::vector<double> build, total;
    Commands ignored;
    for (int f = 0; f < frames + 10; ++f) {
      if (!host.value()->RefreshFonts(s.session.lang)) return 3;
      const auto t0 = Clk::now();
      host.value()->BeginFrame();
      ui::DrawRoot(s, IdleStatus{}, ignored);
      const auto t1 = Clk::now();
      host.value()->EndFrame();
      glFinish();  // count the GPU (llvmpipe) work, not just its submission
      const auto t2 = Clk::now();
      ignored.Take();
      if (f < 10) continue;  // warm-up: first frames bake glyphs and size windows
      build.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      total.push_back(std::chrono::duration<double, std::milli>(t2 - t0).count());
    }
    std::printf("| %s | %.2f | %.2f | %.2f | %.2f |\n", name.c_str(), Pct(build, 0.5), Pct(build, 0.99),
                Pct(total, 0.5), Pct(total, 0.99));
  }
  return 0;
}
