// See job_router.h.
#include "kiosk/app/job_router.h"

#include <spdlog/spdlog.h>

namespace onestop::app {

void JobRouter::Submit(Job job) {
  auto it = routes_.find(job.type());
  if (it == routes_.end()) {
    spdlog::error("no handler for job {}", job.type().name());
    return;
  }
  const Route& route = it->second;
  executor_.Post(route.lane, [this, run = route.run, job = std::move(job)] {
    if (auto answer = run(job)) Answer(std::move(*answer));
  });
}

void JobRouter::Answer(Command command) {
  queue_.Post([this, command = std::move(command)] { Apply(state_, command); });
}

}  // namespace onestop::app
