// What a terminal is bound to at enrollment (DESIGN §1): a bed, a ward, or a staff tablet — the one
// Binding type of the kiosk, the wire and the hub. Plain data and its wire names; it must not depend
// on the UI, the store or the network.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/core/local_text.h"

namespace onestop {

enum class Role { kBedside, kWard, kStaff };
inline constexpr std::array<std::string_view, 3> kRoleNames = {"bedside", "ward", "staff"};  // wire spelling
std::string_view RoleName(Role r);
std::optional<Role> ParseRole(std::string_view name);

// As enrollment gives it and the hub scopes by. Location codes are hierarchical, dash-separated
// (campus/building/floor/ward/room/bed): "B2-3F-W12-BED07" lies inside ward "B2-3F-W12".
// Empty location = not bound to a place (staff tablet).
struct Binding {
  Role role = Role::kStaff;
  std::string location;
  bool operator==(const Binding&) const = default;
};

// The binding as this terminal shows it: with the place's name from master data and the id the hub
// gave it. Unconfigured, a terminal is a bedside terminal (the config's default role).
struct TerminalBinding : Binding {
  TerminalBinding() { role = Role::kBedside; }
  LocalText location_name;    // "ward · bed" from master data; empty until pulled
  std::string terminal_id;    // assigned by the hub at enrollment; empty = not enrolled
};

}  // namespace onestop
