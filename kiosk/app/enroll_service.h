// Enrollment on the app's side: performs enrollui::job::Enroll on a lane (the one-time code for a
// token and binding, stored by offline::Enroll), points the spine's transport at that hub and wakes
// the sync engine. It decides nothing about codes or hubs (the core did) and never logs the token.
#pragma once
#include <functional>
#include <string>

#include "kiosk/app/config.h"
#include "kiosk/app/job_router.h"
#include "kiosk/app/spine_service.h"

namespace onestop::app {

// `serial` goes to the hub as the device's serial; `on_enrolled` runs on the lane after a success
// (the app re-reads the binding from the store there).
void RegisterEnrollment(JobRouter& router, Executor::Lane lane, const KioskConfig& cfg, Spine& spine,
                        std::string serial, std::function<void()> on_enrolled);

// At start (frame thread): a terminal without a token opens on the enrollment screen (first start,
// issue 19), or in the demo enrolls with the demo hub's well-known code through the same job.
void OpenFirstStart(AppState& s, JobRouter& router, const Spine& spine, const KioskConfig& cfg, bool demo);

}  // namespace onestop::app
