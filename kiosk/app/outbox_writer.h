// The outbox job: commits each OutboxRequest durably through the sync engine on its own executor lane
// (in order; a durable SQLite commit must never stall a frame) and answers OutboxSaved/OutboxFailed.
// It decides nothing about the actions; validation happened in the core before the request.
#pragma once
#include "kiosk/app/job_router.h"
#include "offline/sync_engine.h"

namespace onestop::app {

// `lane` must be used for nothing else, so commits keep the order of the taps.
void RegisterOutboxWriter(JobRouter& router, Executor::Lane lane, offline::SyncEngine& engine);

}  // namespace onestop::app
