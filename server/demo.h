// Demo data for `onestop-hub serve --demo-data`: expands the seed lists in assets/demo/*.json into a
// whole demo hospital, deterministically (fixed seed; the clock only anchors dates, never choices).
// Writes through HubStore only; loads nothing if the database already holds demo data.
#pragma once
#include <cstdint>
#include <string>

#include "kiosk/core/result.h"
#include "server/store.h"

namespace onestop::hub {

struct DemoSummary {
  bool already_loaded = false;
  int64_t locations = 0, parts = 0, assets = 0, menus = 0, menu_items = 0, diet_orders = 0, staff = 0, notices = 0;
  std::string first_bed, first_ward;  // bound by the codes DEMO-BEDSIDE and DEMO-WARD
};

// anchor_ms: load time; only the outage notice's window and the code expiry are derived from it.
Result<DemoSummary> LoadDemoData(HubStore& store, const std::string& seed_dir, int64_t anchor_ms);

}  // namespace onestop::hub
