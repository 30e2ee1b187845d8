// Foundation's typed commands: session-wide look switches the status bar emits. Plain intent only;
// the foundation feature applies them to Session (no I/O, no UI types here).
#pragma once

namespace onestop::foundation::cmd {

// Elder mode on or off for this session: larger everything (targets >= 16 mm, cap height >= 4.8 mm)
// and the high-contrast palette. A session reset returns it to the terminal's configured default.
struct SetElderMode { bool on = false; };

}  // namespace onestop::foundation::cmd
