// The staff feature's worker jobs: the pulled staff list, and the offline PIN check (Argon2id takes
// ~0.1 s and 64 MiB, so never on the frame thread). The PIN exists only inside the job; never logged.
#include "kiosk/app/lookups/lookups.h"
#include "kiosk/app/lookups/rating_lookup.h"
#include "kiosk/app/staff_auth.h"
#include "kiosk/core/features/staff/commands.h"
#include "kiosk/core/features/staff/jobs.h"

namespace onestop::app {

void RegisterStaffLookups(JobRouter& router, Executor::Lane lane, std::shared_ptr<StoreReader> store) {
  router.On<staffui::job::ReadDirectory>(lane, [store](const staffui::job::ReadDirectory&) -> std::optional<Command> {
    auto s = store->Get();
    if (!s) return staffui::cmd::DirectoryRead{s.error()};
    return staffui::cmd::DirectoryRead{LoadStaffDirectory(*s.value())};
  });
  router.On<staffui::job::CheckPin>(lane, [](const staffui::job::CheckPin& j) -> std::optional<Command> {
    return staffui::cmd::PinChecked{j.attempt, VerifyPinHash(j.hash, j.pin)};
  });
}

}  // namespace onestop::app
