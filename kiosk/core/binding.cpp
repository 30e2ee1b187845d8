// Wire names of the terminal roles (see binding.h).
#include "kiosk/core/binding.h"

namespace onestop {

const char* RoleName(Role r) {
  switch (r) {
    case Role::kBedside: return "bedside";
    case Role::kWard: return "ward";
    case Role::kStaff: return "staff";
  }
  return "bedside";
}

bool ParseRole(const std::string& s, Role* out) {
  if (s == "bedside") { *out = Role::kBedside; return true; }
  if (s == "ward") { *out = Role::kWard; return true; }
  if (s == "staff") { *out = Role::kStaff; return true; }
  return false;
}

}  // namespace onestop
