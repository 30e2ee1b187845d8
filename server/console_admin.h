// Console routes of the assessment and administration pages (issue 14): the manager's monthly
// report (server/ratings.h, the same numbers and CSV as `onestop-hub ratings`) and its 12-month
// trend (totals and per group) and SLA breaches per day; the administrator's terminals (list with what
// each last reported, revoke), enrollment codes with a QR code, outage
// notices, and staff PINs. It holds no rules of its own and must never echo or audit a PIN or a code.
#pragma once
#include <httplib.h>

#include <string>

namespace onestop::hub {

class ConsoleService;

void RegisterConsoleAdminRoutes(httplib::Server& server, ConsoleService& console);

// The text as a QR code in SVG (libqrencode, error correction M, 4-module quiet zone); empty when
// the text does not fit. Public for tests.
std::string QrSvg(const std::string& text);

}  // namespace onestop::hub
