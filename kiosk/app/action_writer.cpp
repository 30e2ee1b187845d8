// See action_writer.h.
#include "kiosk/app/action_writer.h"

namespace onestop::app {

ActionWriter::ActionWriter(offline::SyncEngine& engine, MainQueue& queue, AppState& state)
    : engine_(engine), queue_(queue), state_(state) {
  worker_ = std::thread([this] { Run(); });
}

ActionWriter::~ActionWriter() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  worker_.join();
}

void ActionWriter::Submit(OutboxRequest request) {
  {
    std::lock_guard lock(mu_);
    pending_.push_back(std::move(request));
  }
  cv_.notify_one();
}

void ActionWriter::Run() {
  for (;;) {
    OutboxRequest r;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stop_ || !pending_.empty(); });
      if (pending_.empty()) return;  // stop requested and nothing left to commit
      r = std::move(pending_.front());
      pending_.pop_front();
    }
    auto id = engine_.Enqueue(r.kind, r.payload_json);
    if (id) {
      queue_.Post([this, tag = r.tag, rid = id.value()] { OnOutboxSaved(state_, tag, rid); });
    } else {
      queue_.Post([this, tag = r.tag, why = id.error().message] { OnOutboxFailed(state_, tag, why); });
    }
  }
}

}  // namespace onestop::app
