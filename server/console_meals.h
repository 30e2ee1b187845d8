// Console routes of the meal loop (issue 14): the dietitian's review queue, approve / reject and
// diet orders, and the kitchen's production counts, late orders and tray tickets, under
// /v1/console/meals/*. Every rule comes from server/meals.h (the same functions as the CLI and the
// /v1/meals/* admin-token routes); this file only checks who asks, audits and shapes JSON.
#pragma once
#include <httplib.h>

namespace onestop::hub {

class ConsoleService;

void RegisterConsoleMealRoutes(httplib::Server& server, ConsoleService& console);

}  // namespace onestop::hub
