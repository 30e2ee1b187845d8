// The features' store reads, registered on the app's JobRouter: each lookups/<feature>_lookup.cpp
// answers its feature's jobs (features/<name>/jobs.h) with its typed results. Reads only.
#pragma once
#include <memory>

#include "kiosk/app/job_router.h"
#include "kiosk/app/lookups/store_reader.h"

namespace onestop::app {

// Every feature's lookups, on `lane` (which owns `store`).
void RegisterLookups(JobRouter& router, Executor::Lane lane, std::shared_ptr<StoreReader> store, const Clock& clock);

void RegisterRequestLookups(JobRouter& router, Executor::Lane lane, std::shared_ptr<StoreReader> store, const Clock& clock);
void RegisterMealLookups(JobRouter& router, Executor::Lane lane, std::shared_ptr<StoreReader> store, const Clock& clock);
void RegisterRatingLookups(JobRouter& router, Executor::Lane lane, std::shared_ptr<StoreReader> store);
void RegisterStaffLookups(JobRouter& router, Executor::Lane lane, std::shared_ptr<StoreReader> store);

}  // namespace onestop::app
