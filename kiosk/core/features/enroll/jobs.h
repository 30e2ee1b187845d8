// What the enrollment feature asks of the app (kiosk/app/enroll_service.cpp): exchange a one-time
// code with a hub for this terminal's token and binding, then sync with that hub.
#pragma once
#include <cstdint>
#include <string>

namespace onestop::enrollui::job {

// → cmd::EnrollAnswered. `hub_url` was chosen by enroll::ResolveEnrollTarget.
struct Enroll {
  int64_t attempt = 0;
  std::string code, hub_url;
};

}  // namespace onestop::enrollui::job
