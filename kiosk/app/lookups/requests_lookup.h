// The pre-filled repair draft for a parsed label, looked up in the local store (asset register and
// pulled tickets). Shared by `report`, `scan` and the repair screen's lookup; it reads only.
#pragma once
#include <cstdint>
#include <string>

#include "kiosk/core/labels.h"
#include "kiosk/core/repair.h"
#include "offline/store.h"

namespace onestop::app {

Result<repair::RepairDraft> RepairDraftFromStore(offline::Store& store, const std::string& raw,
                                                 const labels::ParsedLabel& label, int64_t now_utc_ms);

}  // namespace onestop::app
