// The escort feature's store read: the beds of a ward (pulled location entities of kind bed whose
// ward is the terminal's) with their diet orders (occupancy, shown as on the nurse's meal grid),
// answering escort::job::ReadBeds with escort::cmd::BedsRead.
// Reads only; never writes the store and never contacts the hub.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/app/job_router.h"
#include "kiosk/app/lookups/store_reader.h"
#include "kiosk/core/local_text.h"
#include "kiosk/core/meals.h"
#include "offline/store.h"

namespace onestop::app {

// The ward's beds (code, name) in code order; empty when the store has none or cannot be read (the
// screen then says there are no beds, and the next visit reads again).
std::vector<std::pair<std::string, LocalText>> ReadWardBeds(offline::Store& store, const std::string& ward);

// The diet orders of those beds (a bed with one is occupied), by code; malformed rows are left out.
std::map<std::string, meals::DietOrder> ReadBedDiets(offline::Store& store,
                                                     const std::vector<std::pair<std::string, LocalText>>& beds);

void RegisterEscortLookups(JobRouter& router, Executor::Lane lane, std::shared_ptr<StoreReader> store);

}  // namespace onestop::app
