// Where onestop-hub's log lines go: straight to the systemd journal with structured fields
// (PRIORITY, ONESTOP_TICKET, ONESTOP_TERMINAL) when stderr is the journal, else stderr as before.
// It only routes lines: what is logged, and that patient data never is at info level, is up to the
// callers; this file must not add message content of its own.
#pragma once
#include <string>

namespace onestop::hub {

// Installs the default spdlog logger named "onestop-hub" at `level` (trace, debug, info, warn,
// error, critical, off); false when the level is unknown (info is used then).
bool SetupHubLogging(const std::string& level);

// True when systemd connected stderr to the journal (JOURNAL_STREAM names stderr's device:inode).
bool StderrIsJournal();

}  // namespace onestop::hub
