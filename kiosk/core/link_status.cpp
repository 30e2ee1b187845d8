// Names of the link states for logs and `status` (see link_status.h).
#include "kiosk/core/link_status.h"

namespace onestop {

const char* LinkStateName(LinkState s) {
  switch (s) {
    case LinkState::kUnknown: return "unknown";
    case LinkState::kNotEnrolled: return "not_enrolled";
    case LinkState::kOnline: return "online";
    case LinkState::kOffline: return "offline";
    case LinkState::kUnauthorized: return "unauthorized";
  }
  return "unknown";
}

}  // namespace onestop
