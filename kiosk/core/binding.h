// What a terminal is bound to at enrollment (DESIGN §1): a bed, a ward, or a staff tablet.
// Plain data and its wire names; it must not depend on the UI or the store.
#pragma once
#include <string>

#include "kiosk/core/local_text.h"

namespace onestop {

enum class Role { kBedside, kWard, kStaff };
const char* RoleName(Role r);  // "bedside", "ward", "staff"
bool ParseRole(const std::string& s, Role* out);

struct Binding {
  Role role = Role::kBedside;
  std::string location_code;  // e.g. B2-3F-W12-BED07; empty for staff tablets
  LocalText location_name;    // "ward · bed" from master data; empty until pulled
  std::string terminal_id;    // assigned by the hub at enrollment; empty = not enrolled
};

}  // namespace onestop
