// The enrollment job (see enroll_service.h): one HTTP exchange with the chosen hub, then the spine
// follows that hub. Runs on its own lane so a slow or absent hub never holds up the store reads.
#include "kiosk/app/enroll_service.h"

#include <spdlog/spdlog.h>

#include "kiosk/core/features/enroll/commands.h"
#include "kiosk/core/features/enroll/feature.h"
#include "kiosk/core/features/enroll/jobs.h"
#include "offline/sync_engine.h"

namespace onestop::app {

void RegisterEnrollment(JobRouter& router, Executor::Lane lane, const KioskConfig& cfg, Spine& spine,
                        std::string serial, std::function<void()> on_enrolled) {
  router.On<enrollui::job::Enroll>(lane, [&cfg, &spine, serial = std::move(serial), on_enrolled = std::move(on_enrolled)](
                                             const enrollui::job::Enroll& j) -> std::optional<Command> {
    offline::CurlTransport transport(TransportOptionsFor(cfg, j.hub_url));
    const protocol::DeviceInfo device{serial, cfg.terminal.role, ONESTOP_VERSION};
    auto r = offline::Enroll(transport, *spine.store, j.hub_url, j.code, device);
    if (!r) {
      spdlog::warn("enrollment at {} failed: {}", j.hub_url, r.error().message);
      return enrollui::cmd::EnrollAnswered{j.attempt, r.error()};
    }
    spdlog::info("enrolled at {} as terminal {} ({} {})", j.hub_url, r->terminal_id, RoleName(r->binding.role),
                 r->binding.location);
    // From now on the engine talks to this hub with the new token (it reads the token every round).
    spine.transport->SetBaseUrl(j.hub_url);
    spine.engine->Wake();
    if (on_enrolled) on_enrolled();
    return enrollui::cmd::EnrollAnswered{j.attempt, enrollui::cmd::Enrolled{r->terminal_id, j.hub_url, r->binding}};
  });
}

void OpenFirstStart(AppState& s, JobRouter& router, const Spine& spine, const KioskConfig& cfg, bool demo) {
  const auto sync_state = spine.store->LoadSyncState();
  if (sync_state && !sync_state->token.empty()) return;
  s.terminal.link.state = LinkState::kNotEnrolled;
  if (demo && !spine.hub_url.empty()) {
    router.Submit(enrollui::job::Enroll{0, cfg.terminal.role == "ward" ? "DEMO-WARD" : "DEMO-BEDSIDE", spine.hub_url});
    return;
  }
  // Patients' screens stay one tap away (Home), working offline as configured, for a tablet that is
  // set up before its hub is reachable.
  Apply(s, cmd::Navigate{screens::kEnroll});
}

}  // namespace onestop::app
