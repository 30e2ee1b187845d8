// run and screenshot (being written).
#include "kiosk/app/cli.h"

namespace onestop::app {
void RegisterUiCommands(CLI::App&, const GlobalOptions&, Registry&) {}
}  // namespace onestop::app
