// Compile probe for the core include guard (see core.cmake). Only one PROBE_ macro is set per target.
#if defined(PROBE_imgui)
#include <imgui.h>
#elif defined(PROBE_sdl)
#include <SDL.h>
#endif
#include "kiosk/core/result.h"
int core_guard_probe() { return 0; }
