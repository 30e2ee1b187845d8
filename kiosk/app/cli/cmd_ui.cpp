// `run` (the touch UI) and `screenshot` (render one screen offscreen to PNG with demo data).
#include <spdlog/spdlog.h>

#include <iostream>

#include "kiosk/app/cli/cli.h"
#include "kiosk/app/config.h"
#include "kiosk/app/screenshot_data.h"
#include "kiosk/app/ui_app.h"
#include "kiosk/core/clock.h"
#include "ui/host.h"
#include "ui/screens.h"

namespace onestop::app {
namespace {

struct ScreenshotOptions {
  std::string screen = "home";
  std::string lang = "zh-Hans";
  std::string text_size;
  std::string link = "online";
  std::string out;
  int width = 1280, height = 800;
  bool idle_warning = false;
  bool notice = false;
  bool elder = false;
  std::string place;  // the bound place's name as the status bar shows it (layout checks with long names)
};

// A fixed moment (2026-11-22 14:30 in Shanghai) so screenshots are reproducible.
constexpr int64_t kScreenshotUtcMs = 1795329000000;

int Screenshot(const GlobalOptions& global, const ScreenshotOptions& o) {
  auto cfg = LoadConfig(global);
  if (!cfg) { std::cerr << "onestop-kiosk: " << cfg.error().message << "\n"; return kExitInput; }
  if (!o.text_size.empty()) cfg->ui.text_size = o.text_size;
  if (cfg->ui.text_size != "normal" && cfg->ui.text_size != "large") {
    std::cerr << "onestop-kiosk: --text-size must be normal or large\n";
    return kExitUsage;
  }
  ScreenId screen;
  if (!ParseScreenName(o.screen, &screen)) {
    std::cerr << "onestop-kiosk: unknown screen '" << o.screen << "'; screens:";
    for (ScreenId s : AllScreens()) std::cerr << " " << s.name;
    std::cerr << "\n";
    return kExitUsage;
  }
  Lang lang;
  if (!ParseLang(o.lang, &lang)) { std::cerr << "onestop-kiosk: --lang must be zh-Hans, zh-Hant or en\n"; return kExitUsage; }
  auto i18n = I18n::LoadDir(AssetsDir() + "/i18n");
  if (!i18n) { std::cerr << "onestop-kiosk: " << i18n.error().message << "\n"; return kExitEnv; }

  FakeClock clock(kScreenshotUtcMs);
  if (cfg->terminal.location.empty()) cfg->terminal.location = "B2-3F-W12-BED07";
  if (cfg->hub.url.empty()) cfg->hub.url = "http://127.0.0.1:8470";
  auto st = MakeAppState(cfg.value(), i18n.value(), clock);
  if (!st) { std::cerr << "onestop-kiosk: " << st.error().message << "\n"; return kExitInput; }
  AppState& s = st.value();
  Terminal& t = s.terminal;
  t.binding.terminal_id = "T-DEMO-0001";
  s.session.lang = lang;
  s.session.screen = screen;
  if (!(screen == screens::kHome)) s.session.back_stack.push_back(screens::kHome);
  if (o.link == "online") { t.link.state = LinkState::kOnline; t.link.last_ok_utc_ms = kScreenshotUtcMs - 4000; }
  else if (o.link == "offline") { t.link.state = LinkState::kOffline; t.link.outbox_depth = 3; }
  else if (o.link == "unauthorized") t.link.state = LinkState::kUnauthorized;
  else if (o.link == "not_enrolled") t.link.state = LinkState::kNotEnrolled;
  else { std::cerr << "onestop-kiosk: --link must be online, offline, unauthorized or not_enrolled\n"; return kExitUsage; }
  FillScreenshotData(s, screen, AssetsDir());
  if (o.notice) t.notices.push_back({"demo", LocalText::Same(s.Tr("gallery.banner")), 0, 0});
  if (o.elder) s.session.elder = true;
  if (!o.place.empty()) t.binding.location_name = LocalText::Same(o.place);
  IdleStatus idle;
  if (o.idle_warning) { idle.warning = true; idle.seconds_left = 12; }

  ui::HostOptions ho;
  ho.width = o.width;
  ho.height = o.height;
  ho.offscreen = true;
  ho.metrics = MetricsFor(cfg.value());
  ho.font_file = cfg->ui.font_file;
  auto host = ui::Host::Create(ho);
  if (!host) { std::cerr << "onestop-kiosk: " << host.error().message << "\n"; return kExitEnv; }
  AddCatalogGlyphs(i18n.value(), host.value()->fonts());
  // A few frames: glyphs first seen in frame 1 are baked before the captured frame, and ImGui
  // settles auto-sized tables.
  Commands ignored;
  for (int frame = 0; frame < 4; ++frame) {
    if (auto r = host.value()->RefreshFonts(lang, s.session.elder); !r) { std::cerr << "onestop-kiosk: " << r.error().message << "\n"; return kExitEnv; }
    host.value()->BeginFrame();
    ui::DrawRoot(s, idle, ignored);
    if (frame < 3) host.value()->EndFrame();
    else if (auto w = host.value()->EndFrameToPng(o.out); !w) { std::cerr << "onestop-kiosk: " << w.error().message << "\n"; return kExitEnv; }
  }
  std::cout << o.out << "\n";
  return kExitOk;
}

}  // namespace

void RegisterUiCommands(CLI::App& app, const GlobalOptions& global, Registry& registry) {
  auto run_opts = std::make_shared<RunOptions>();
  auto* run = app.add_subcommand("run", "the touch UI (default)");
  run->add_flag("--demo", run_opts->demo, "demo binding and data against the local demo hub");
  run->add_flag("--offscreen", run_opts->offscreen, "render with SDL's offscreen driver (no display)");
  run->add_option("--max-seconds", run_opts->max_seconds, "exit after this many seconds (benchmarks)");
  auto fullscreen = std::make_shared<bool>(false);
  run->add_flag("--fullscreen", *fullscreen, "fill the screen (kiosk mode)");
  registry.push_back({run, [&global, run_opts, fullscreen] {
                        auto cfg = LoadConfig(global);
                        if (!cfg) { std::cerr << "onestop-kiosk: " << cfg.error().message << "\n"; return int(kExitInput); }
                        SetupLogging(cfg->log.level);
                        if (*fullscreen) cfg->ui.fullscreen = true;
                        return RunKiosk(cfg.value(), *run_opts);
                      }});

  auto so = std::make_shared<ScreenshotOptions>();
  auto* shot = app.add_subcommand("screenshot", "render one screen offscreen with demo data to a PNG");
  shot->add_option("--screen", so->screen, "a screen's name, e.g. home, meals, repair (a wrong name lists them all)")->capture_default_str();
  shot->add_option("--lang", so->lang, "zh-Hans, zh-Hant or en")->capture_default_str();
  shot->add_option("--text-size", so->text_size, "normal or large (default: config)");
  shot->add_option("--link", so->link, "online, offline, unauthorized, not_enrolled")->capture_default_str();
  shot->add_flag("--idle-warning", so->idle_warning, "show the idle countdown");
  shot->add_flag("--notice", so->notice, "show a planned-outage banner");
  shot->add_flag("--elder", so->elder, "elder mode (as the status bar switch or config ui.elder_mode)");
  shot->add_option("--place", so->place, "the bound place's name in the status bar (default: the location code)");
  shot->add_option("--width", so->width)->capture_default_str();
  shot->add_option("--height", so->height)->capture_default_str();
  shot->add_option("--out", so->out, "PNG file to write")->required();
  registry.push_back({shot, [&global, so] { return Screenshot(global, *so); }});
}

}  // namespace onestop::app
