// Frame loop: drain the MainQueue, check the idle rule, draw, apply commands; sleep in
// SDL_WaitEventTimeout until the next input, worker result, clock minute or idle-countdown second.
#include "kiosk/app/ui_app.h"

#include <imgui.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>
#include <utility>

#include "devices/wedge.h"
#include "kiosk/app/enroll_service.h"
#include "kiosk/app/executor.h"
#include "kiosk/app/input_service.h"
#include "kiosk/app/speech_service.h"
#include "devices/speech/espeak_speech.h"
#include "kiosk/app/job_router.h"
#include "kiosk/app/lookups/dish_photo_lookup.h"
#include "kiosk/app/lookups/lookups.h"
#include "kiosk/app/outbox_writer.h"
#include "kiosk/app/scan_service.h"
#include "kiosk/app/spine_service.h"
#include "kiosk/app/staff_auth.h"
#include "kiosk/app/terminal_snapshot.h"
#include "kiosk/core/main_queue.h"
#include "kiosk/core/shell/events.h"
#include "ui/host.h"
#include "ui/screens.h"

namespace onestop::app {

std::string AssetsDir() {
  if (const char* env = std::getenv("ONESTOP_ASSETS"); env && *env) return env;
  // Installed layout first, then the source tree the binary was built from.
  if (std::filesystem::exists("/usr/share/onestop/assets/i18n")) return "/usr/share/onestop/assets";
  return ONESTOP_ASSETS_DIR;
}

ui::Metrics MetricsFor(const KioskConfig& cfg) {
  return ui::ComputeMetrics(cfg.ui.panel_dpi, cfg.ui.min_target_mm, cfg.ui.text_size == "large");
}

Result<AppState> MakeAppState(const KioskConfig& cfg, const I18n& i18n, const Clock& clock) {
  AppState s;
  s.i18n = &i18n;
  s.clock = &clock;
  auto tz = TimeZone::Find(cfg.hospital.timezone);
  if (!tz) return tz.error();
  Terminal& t = s.terminal;
  t.tz = tz.value();
  t.idle.timeout_s = cfg.session.idle_timeout_s;
  t.idle.warn_s = cfg.session.idle_warning_s;
  if (!ParseLang(cfg.ui.language, &t.default_lang))
    return Error{"config.invalid", "config key ui.language: use zh-Hans, zh-Hant or en"};
  if (auto role = ParseRole(cfg.terminal.role)) t.binding.role = *role;
  t.elder_by_default = cfg.ui.elder_mode;
  t.binding.location = cfg.terminal.location;
  t.hub_url = cfg.hub.url;
  t.link.state = cfg.hub.url.empty() ? LinkState::kNotEnrolled : LinkState::kUnknown;
  ResetSession(s);
  s.NoteInput();
  return s;
}

void AddCatalogGlyphs(const I18n& i18n, ui::FontManager& fonts) {
  for (Lang l : kAllLangs)
    for (const auto& [key, text] : i18n.catalog(l).entries()) fonts.AddText(text);
}

int RunKiosk(const KioskConfig& cfg, const RunOptions& opts) {
  SystemClock clock;
  const int64_t start_ms = clock.MonotonicMs();  // start-up time counts from here to the first frame
  auto i18n = I18n::LoadDir(AssetsDir() + "/i18n");
  if (!i18n) { spdlog::error("{}", i18n.error().message); return kExitEnv; }
  auto state_r = MakeAppState(cfg, i18n.value(), clock);
  if (!state_r) { spdlog::error("{}", state_r.error().message); return kExitInput; }
  AppState& state = state_r.value();

  ui::HostOptions ho;
  ho.width = cfg.ui.width;
  ho.height = cfg.ui.height;
  ho.fullscreen = cfg.ui.fullscreen;
  ho.offscreen = opts.offscreen;
  ho.metrics = MetricsFor(cfg);
  ho.font_file = cfg.ui.font_file;
  auto host_r = ui::Host::Create(ho);
  if (!host_r) { spdlog::error("{}", host_r.error().message); return kExitEnv; }
  ui::Host& host = *host_r.value();
  AddCatalogGlyphs(i18n.value(), host.fonts());

  MainQueue queue;
  queue.SetWaker([&host] { host.Wake(); });

  // The offline spine: the store opens locally (no network); the sync engine reports the link.
  auto spine_r = OpenSpine(cfg, &queue);
  if (!spine_r) { spdlog::error("{}", spine_r.error().message); return kExitEnv; }
  Spine& spine = *spine_r.value();
  state.terminal.hub_url = spine.hub_url;
  staff::SessionPolicy staff_policy;
  staff_policy.idle_timeout_s = cfg.session.idle_timeout_s;
  staff_policy.idle_warn_s = cfg.session.idle_warning_s;
  Terminal& terminal = state.terminal;
  terminal.staff = std::make_shared<staff::StaffSession>(clock, SodiumPinVerifier(), terminal.binding, staff_policy);

  // Every worker runs on one executor: the outbox commits on their own lane (in tap order), the
  // store reads (snapshot and the features' lookups) on another, the camera on a third.
  Executor executor(2);
  JobRouter router(executor, queue, state);
  const Executor::Lane outbox_lane = executor.NewLane(), store_lane = executor.NewLane();
  auto store_reader = std::make_shared<StoreReader>(spine.store->path(), clock);
  RegisterOutboxWriter(router, outbox_lane, *spine.engine);
  RegisterLookups(router, store_lane, store_reader, clock);
  // Dish photos decode on a lane (and read connection) of their own: a menu's photos never hold up the
  // store reads the screens wait for.
  RegisterDishPhotoLookups(router, executor.NewLane(), std::make_shared<StoreReader>(spine.store->path(), clock));
  ScanService scanner(executor, router, queue, state, spine.store->path(), clock, opts.demo, cfg.scanner.camera);
  SnapshotReader reader(executor, store_lane, store_reader, queue, [&terminal, &host](TerminalSnapshot snap) {
    host.fonts().AddText(snap.glyph_text);  // baked before the frame that could first show it
    if (snap.enrolled) {
      terminal.binding = std::move(snap.binding);
      terminal.staff->SetBinding(terminal.binding);
    }
    terminal.notices = std::move(snap.notices);
  });
  reader.Refresh();
  spine.engine->SetOutcomeListener([&state](const std::vector<offline::PushOutcome>& outcomes) {
    for (const auto& o : outcomes) Apply(state, job::RecordOutcome{o.id, o.status, o.ref, o.reason});
  });
  // The engine runs from the start: while the terminal has no token it only reports "not enrolled"
  // (no network); the enrollment service wakes it once a code was exchanged.
  spine.Start([&state, &reader](const LinkStatus& link) {
    const bool new_data = link.pulled_changes != state.terminal.link.pulled_changes;
    state.terminal.link = link;
    if (!new_data) return;
    // The pull brought data: names and notices, and tickets the open screen may be showing.
    reader.Refresh();
    Apply(state, event::TicketsChanged{});
  });
  const Executor::Lane enroll_lane = executor.NewLane();
  RegisterEnrollment(router, enroll_lane, cfg, spine, DeviceSerial(cfg, opts.demo ? "demo" : "unknown"),
                     [&reader] { reader.Refresh(); });
  OpenFirstStart(state, router, spine, cfg, opts.demo);

  // Pinyin and handwriting (issue 17): candidates are baked into the atlas before they are drawn;
  // librime starts (a first start deploys, ~2 s) and ink is recognised on lanes of their own, so
  // neither the first frame nor a stroke waits for them.
  if (auto dir = ResolveDataDir(cfg); dir) {
    state.terminal.input = OpenInputEngines({dir.value() + "/rime", {}, {}}, [&host](std::string_view t) { host.fonts().AddText(t); },
                                            executor, executor.NewLane(), queue);
    RegisterHandwriting(router, executor.NewLane(), state.terminal.input);
  }
  // Read aloud: espeak-ng on its own lane, played through SDL audio (silent, logged once, without a device).
  state.terminal.speech_rate_wpm = cfg.speech.rate_wpm;
  std::shared_ptr<speech::Speech> voice;
  if (auto e = speech::EspeakSpeech::Create(); e) voice = std::move(e.value());
  else spdlog::warn("read aloud is silent: {}", e.error().message);
  RegisterSpeech(router, executor.NewLane(), voice, ui::OpenSdlAudio());

  // HID keyboard-wedge scanners and badge readers: a fast burst ending in Enter is a scan (a label,
  // or a badge on the sign-in screen); slow typing is ignored (text is entered on screen keyboards).
  devices::WedgeDecoder wedge;
  auto on_wedge = [&state](const std::vector<devices::WedgeOutput>& outs) {
    for (const auto& o : outs)
      if (o.kind == devices::WedgeOutput::Kind::kScan) Apply(state, cmd::ScanCode{o.text});
  };
  host.SetKeySink([&](const std::string& ch, bool enter, int64_t t_ms) {
    on_wedge(enter ? wedge.OnEnter(t_ms) : wedge.OnKey(ch, t_ms));
  });

  int frames_to_draw = 2;
  bool first_frame_logged = false;
  bool quit = false;
  Commands commands;
  while (!quit) {
    // Sleep until something can change what is on screen: input, a worker result (wakes us),
    // the next clock minute, or the next countdown second.
    int timeout_ms = 0;
    if (frames_to_draw <= 0 && !host.InputPending()) {
      const int64_t now = clock.NowUtcMs();
      timeout_ms = static_cast<int>(60000 - now % 60000) + 5;
      const IdleStatus idle = EvaluateIdle(terminal.idle, state.last_input_mono_ms, clock.MonotonicMs());
      const int64_t to_warning = state.last_input_mono_ms + (terminal.idle.timeout_s - terminal.idle.warn_s) * 1000LL -
                                 clock.MonotonicMs();
      if (idle.warning) timeout_ms = std::min(timeout_ms, 1000);
      else if (to_warning > 0) timeout_ms = std::min<int64_t>(timeout_ms, to_warning + 5);
      if (opts.max_seconds > 0)
        timeout_ms = std::max<int64_t>(1, std::min<int64_t>(timeout_ms, start_ms + static_cast<int64_t>(opts.max_seconds * 1000) - clock.MonotonicMs()));
    }
    if (host.PumpEvents(timeout_ms, &quit)) {
      state.NoteInput();
      terminal.staff->Touch();
      frames_to_draw = 3;  // press, release and the settle frame
    }
    if (queue.Drain() > 0) frames_to_draw = std::max(frames_to_draw, 1);
    const IdleStatus idle = TickIdle(state);

    if (auto st = host.RefreshFonts(state.session.lang, state.session.elder); !st) {
      spdlog::error("{}", st.error().message);
      return kExitEnv;
    }
    host.BeginFrame();
    ui::DrawRoot(state, idle, commands);
    host.EndFrame();
    if (!first_frame_logged) {
      spdlog::info("first frame after {} ms", clock.MonotonicMs() - start_ms);
      first_frame_logged = true;
    }
    if (!commands.empty()) frames_to_draw = 3;
    for (const Command& c : commands.Take()) Apply(state, c);
    for (auto& j : std::exchange(state.effects.jobs, {})) router.Submit(std::move(j));
    scanner.Update(CameraWanted(state), terminal.binding.location);
    if (host.fonts().NeedsRebuild()) frames_to_draw = std::max(frames_to_draw, 1);
    --frames_to_draw;
    if (opts.max_seconds > 0 && clock.MonotonicMs() - start_ms >= static_cast<int64_t>(opts.max_seconds * 1000)) break;
  }
  executor.Stop();  // commits what was tapped before the workers' owners go
  spine.engine->Stop();
  return kExitOk;
}

}  // namespace onestop::app
