// The touch UI's wiring: builds AppState from config, owns the Host, the MainQueue and the link
// monitor, and runs the event-driven frame loop. The loop never waits on network or disk.
#pragma once
#include <string>

#include "kiosk/app/config.h"
#include "kiosk/core/shell/shell.h"
#include "kiosk/core/i18n.h"
#include "ui/fonts.h"
#include "ui/theme.h"

namespace onestop::app {

struct RunOptions {
  bool demo = false;          // demo binding and data; enrolls against the local demo hub
  double max_seconds = 0;     // > 0: exit after this long (benchmarks, smoke runs)
  bool offscreen = false;     // SDL offscreen driver
};

// Builds the state shared by `run`, `screenshot` and tests from config (no I/O beyond the tz db).
Result<AppState> MakeAppState(const KioskConfig& cfg, const I18n& i18n, const Clock& clock);
ui::Metrics MetricsFor(const KioskConfig& cfg);
// Every catalog text of every language, for the font atlas.
void AddCatalogGlyphs(const I18n& i18n, ui::FontManager& fonts);
std::string AssetsDir();

int RunKiosk(const KioskConfig& cfg, const RunOptions& opts);

}  // namespace onestop::app
