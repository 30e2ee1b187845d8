// See outbox_writer.h.
#include "kiosk/app/outbox_writer.h"

namespace onestop::app {

void RegisterOutboxWriter(JobRouter& router, Executor::Lane lane, offline::SyncEngine& engine) {
  router.On<OutboxRequest>(lane, [&engine](const OutboxRequest& r) -> std::optional<Command> {
    auto id = engine.Enqueue(r.kind, r.payload_json);
    if (id) return job::OutboxSaved{r.tag, id.value()};
    return job::OutboxFailed{r.tag, id.error().message};
  });
}

}  // namespace onestop::app
