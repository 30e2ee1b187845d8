// enroll, sync, status: the offline spine's commands (filled in by the spine work).
#include "kiosk/app/cli.h"

namespace onestop::app {
void RegisterSpineCommands(CLI::App&, const GlobalOptions&, Registry&) {}
}  // namespace onestop::app
