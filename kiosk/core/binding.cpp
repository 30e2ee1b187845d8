// Wire names of the terminal roles (see binding.h).
#include "kiosk/core/binding.h"

#include <algorithm>

namespace onestop {

std::string_view RoleName(Role r) { return kRoleNames.at(static_cast<size_t>(r)); }

std::optional<Role> ParseRole(std::string_view name) {
  auto it = std::find(kRoleNames.begin(), kRoleNames.end(), name);
  if (it == kRoleNames.end()) return std::nullopt;
  return static_cast<Role>(it - kRoleNames.begin());
}

}  // namespace onestop
