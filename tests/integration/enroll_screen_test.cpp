// Enrollment screen end to end: a real Hub on loopback (temp SQLite) issues one-time codes; a blank
// kiosk (its Spine opened from a KioskConfig with a temp data dir) runs the enrollment service on an
// executor lane behind a JobRouter, as the app wires it. The screen is driven through Apply with what
// the camera yields for the console's QR code (…/e/<code>) or a typed code; the test checks the
// stored token and binding, the sync engine reaching the hub, and the refusals shown in words.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "devices/camera_scanner.h"
#include "devices/cameras.h"
#include "devices/isolated_decoder.h"
#include "kiosk/app/enroll_service.h"
#include "kiosk/app/executor.h"
#include "kiosk/app/job_router.h"
#include "kiosk/app/spine_service.h"
#include "kiosk/core/features/enroll/commands.h"
#include "kiosk/core/features/enroll/feature.h"
#include "kiosk/core/features/enroll/state.h"
#include "kiosk/core/main_queue.h"
#include "kiosk/core/shell/shell.h"
#include "tests/integration/loopback_hub.h"
#include "tests/unit/state_fixture.h"

namespace onestop {
namespace {

const std::string kWard = "B2-3F-W12";

class EnrollScreen : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(hub.Start());
    LoadCatalogs(&i18n);
  }
  std::string NewCode(const std::string& kind, const std::string& location) { return hub.NewCode(kind, location); }

  // One kiosk as ui_app wires it: spine from its config, the enrollment service on its own lane, the
  // sync engine started while not enrolled, the screen open. `configured_hub` is [hub] url.
  struct Kiosk {
    app::KioskConfig cfg;
    std::unique_ptr<app::Spine> spine;
    MainQueue queue;
    AppState s;
    std::unique_ptr<app::Executor> executor;
    std::unique_ptr<app::JobRouter> router;
    std::atomic<int> refreshed{0};
    ~Kiosk() {
      if (executor) executor->Stop();
      if (spine) spine->engine->Stop();
    }
  };
  std::unique_ptr<Kiosk> OpenKiosk(const std::string& name, const std::string& configured_hub) {
    auto k = std::make_unique<Kiosk>();
    k->cfg.data.dir = hub.Path(name);
    k->cfg.hub.url = configured_hub;
    k->cfg.hub.sync_interval_s = 1;
    k->cfg.terminal.role = "ward";
    auto spine = app::OpenSpine(k->cfg, &k->queue);
    EXPECT_TRUE(spine.ok()) << spine.error().message;
    k->spine = std::move(spine).value();
    k->s.i18n = &i18n;
    k->s.clock = &hub.clock;
    k->s.terminal.default_lang = Lang::kEn;
    k->s.terminal.hub_url = k->spine->hub_url;
    k->s.terminal.link.state = LinkState::kNotEnrolled;
    ResetSession(k->s);
    k->executor = std::make_unique<app::Executor>(2);
    k->router = std::make_unique<app::JobRouter>(*k->executor, k->queue, k->s);
    Kiosk* raw = k.get();
    app::RegisterEnrollment(*k->router, k->executor->NewLane(), k->cfg, *k->spine, "SN-" + name,
                            [raw] { ++raw->refreshed; });
    k->spine->Start([raw](const LinkStatus& link) { raw->s.terminal.link = link; });
    app::OpenFirstStart(k->s, *k->router, *k->spine, k->cfg, /*demo=*/false);
    return k;
  }
  // Hands the frame's jobs to the router and drains answers until `done` or 15 s.
  template <class F>
  bool Run(Kiosk& k, F done) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < end) {
      for (auto& j : std::exchange(k.s.effects.jobs, {})) k.router->Submit(std::move(j));
      k.queue.Drain();
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }
  static bool Settled(const Kiosk& k) { return enrollui::Get(k.s).attempt == 0; }

  testing_hub::LoopbackHub hub;
  I18n i18n;
};

TEST_F(EnrollScreen, BlankTabletOpensOnEnrollmentEnrollsFromTheQrAddressAndSyncsWithThatHub) {
  auto k = OpenKiosk("blank", "");
  ASSERT_TRUE(k->s.terminal.hub_url.empty());
  EXPECT_EQ(k->s.session.screen, screens::kEnroll) << "first start opens the enrollment screen";
  const std::string code = NewCode("ward", kWard);
  Apply(k->s, cmd::ScanCode{hub.url + "/e/" + code});  // what the camera reads from the console's QR
  ASSERT_TRUE(Run(*k, [&] { return Settled(*k); }));
  auto v = enrollui::BuildEnrollView(k->s);
  ASSERT_TRUE(v.done) << v.status;
  EXPECT_EQ(v.done_rows[1].second, kWard);
  EXPECT_EQ(k->refreshed.load(), 1) << "the app re-reads the binding after enrolling";

  auto st = k->spine->store->LoadSyncState();
  ASSERT_TRUE(st.ok());
  EXPECT_FALSE(st->token.empty());
  EXPECT_EQ(st->hub_url, hub.url);
  ASSERT_TRUE(st->binding.has_value());
  EXPECT_EQ(st->binding->role, Role::kWard);
  EXPECT_EQ(st->binding->location, kWard);
  // The engine, started before there was a hub, now pulls from the one the QR code named.
  EXPECT_TRUE(Run(*k, [&] { return k->s.terminal.link.state == LinkState::kOnline; }))
      << LinkStateName(k->s.terminal.link.state) << ": " << k->s.terminal.link.detail;

  // The next start of the same terminal opens on Home, enrolled.
  k.reset();
  auto again = OpenKiosk("blank", "");
  EXPECT_EQ(again->s.session.screen, screens::kHome);
  EXPECT_EQ(again->spine->hub_url, hub.url) << "the hub the QR code named is remembered";
}

// The camera path as the app's scan service runs it: the console's URL drawn as a QR code by the fake
// camera, decoded by the isolated worker, confirmed over frames, and applied as a scan while the
// enrollment screen is open.
TEST_F(EnrollScreen, TheCameraReadsTheConsolesQrCodeAndTheTerminalEnrolls) {
  auto k = OpenKiosk("camera", "");
  ASSERT_EQ(k->s.session.screen, screens::kEnroll);
  ASSERT_TRUE(CameraWanted(k->s)) << "the enrollment screen runs the camera";
  const std::string code = NewCode("bedside", kWard + "-BED03");
  devices::FakeCameraOptions fake;
  fake.payloads = {hub.url + "/e/" + code};
  fake.paced = false;
  devices::CameraScannerOptions options;
  options.decoder.worker_argv = {ONESTOP_DECODE_WORKER_BIN};
  options.decoder.timeout = std::chrono::milliseconds(2000);
  devices::CameraScanner scanner(std::make_unique<devices::FakeCamera>(fake), options);
  Kiosk* raw = k.get();
  ASSERT_TRUE(scanner.Start([raw](devices::ScanEvent ev) {
    raw->queue.Post([raw, text = ev.symbol.LabelPayload()] { Apply(raw->s, cmd::ScanCode{text}); });
  }).ok());
  const bool done = Run(*k, [&] { return enrollui::BuildEnrollView(k->s).done; });
  scanner.Stop();
  ASSERT_TRUE(done) << enrollui::BuildEnrollView(k->s).status;
  EXPECT_EQ(k->spine->store->LoadSyncState()->binding->location, kWard + "-BED03");
}

TEST_F(EnrollScreen, ASpentCodeIsRefusedInWordsAndNothingIsStored) {
  const std::string code = NewCode("ward", kWard);
  auto first = OpenKiosk("first", hub.url);
  Apply(first->s, enrollui::cmd::ToggleTyping{});
  Apply(first->s, cmd::SetField{"enroll.code", code});
  Apply(first->s, enrollui::cmd::SubmitTyped{});
  ASSERT_TRUE(Run(*first, [&] { return Settled(*first); }));
  ASSERT_TRUE(enrollui::BuildEnrollView(first->s).done);

  auto second = OpenKiosk("second", hub.url);
  Apply(second->s, cmd::ScanCode{hub.url + "/e/" + code});
  ASSERT_TRUE(Run(*second, [&] { return Settled(*second); }));
  auto v = enrollui::BuildEnrollView(second->s);
  EXPECT_FALSE(v.done);
  EXPECT_TRUE(v.status_is_error);
  EXPECT_EQ(v.status, i18n.catalog(Lang::kEn).Get("error.enroll.rejected"));
  EXPECT_TRUE(second->spine->store->LoadSyncState()->token.empty());
  EXPECT_EQ(second->s.terminal.link.state, LinkState::kNotEnrolled);
}

TEST_F(EnrollScreen, AConfiguredTerminalSendsTheCodeToItsHubWhateverTheQrNames) {
  auto k = OpenKiosk("configured", hub.url);
  const std::string code = NewCode("bedside", kWard + "-BED07");
  // A QR naming another host (a forged label): only the code is used, and it goes to [hub] url.
  Apply(k->s, cmd::ScanCode{"http://192.0.2.1:9/e/" + code});
  ASSERT_TRUE(Run(*k, [&] { return Settled(*k); }));
  auto v = enrollui::BuildEnrollView(k->s);
  ASSERT_TRUE(v.done) << v.status;
  EXPECT_EQ(k->spine->store->LoadSyncState()->hub_url, hub.url);
  EXPECT_EQ(k->spine->store->LoadSyncState()->binding->role, Role::kBedside);
}

TEST_F(EnrollScreen, AnUnreachableHubSaysSoAndTheCodeStaysUsable) {
  const std::string code = NewCode("ward", kWard);
  auto k = OpenKiosk("unreachable", "");
  k->cfg.hub.connect_timeout_ms = 500;
  Apply(k->s, cmd::ScanCode{"http://127.0.0.1:9/e/" + code});  // discard port: nothing listens
  ASSERT_TRUE(Run(*k, [&] { return Settled(*k); }));
  EXPECT_EQ(enrollui::BuildEnrollView(k->s).status, i18n.catalog(Lang::kEn).Get("error.enroll.unreachable"));
  Apply(k->s, cmd::ScanCode{hub.url + "/e/" + code});
  ASSERT_TRUE(Run(*k, [&] { return Settled(*k); }));
  EXPECT_TRUE(enrollui::BuildEnrollView(k->s).done) << "the code was not spent by the failed try";
}

}  // namespace
}  // namespace onestop
