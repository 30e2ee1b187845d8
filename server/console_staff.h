// Console routes of staff administration (issue 14, role admin): create and edit a staff member
// (number, names in three languages, role, ward or team, badge, active) with an optional PIN, all in
// one transaction with its audit row. The row is the `staff` master entity terminals pull (scoped to
// the ward, so PIN hashes reach only that ward's terminals). It must never echo, log or audit a PIN,
// a PIN hash or a badge code.
#pragma once
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "kiosk/core/result.h"

namespace onestop::hub {

class ConsoleService;

void RegisterConsoleStaffRoutes(httplib::Server& server, ConsoleService& console);

// Roles a staff member may have: "nurse" works in a ward (needs `ward`), "lead" and "worker" in a
// service team (need `team`; the team's trade is copied).
const std::vector<std::string>& StaffRoles();

// The form's shape checks that need no store (number, names, role, badge and PIN formats, active).
// Codes: staff.number, staff.name_required, staff.name_length, staff.role, staff.badge, staff.pin_length,
// staff.active. Public for tests.
Status CheckStaffForm(const nlohmann::json& body);

}  // namespace onestop::hub
