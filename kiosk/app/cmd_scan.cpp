// scan: decode label images (filled in by the scanning work).
#include "kiosk/app/cli.h"

namespace onestop::app {
void RegisterScanCommands(CLI::App&, const GlobalOptions&, Registry&) {}
}  // namespace onestop::app
