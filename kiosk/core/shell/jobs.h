// Jobs: work a feature asks of the app's workers (a store read, an outbox commit, a photo, a PIN
// check), as typed structs. The app routes each job type to its handler on the executor; the answer
// comes back as a typed Command through the MainQueue and is applied like a tap. Core never runs a job.
#pragma once
#include <any>
#include <type_traits>
#include <string>
#include <typeindex>
#include <utility>

#include "kiosk/core/protocol.h"

namespace onestop {

class Job {
 public:
  template <class T, class = std::enable_if_t<!std::is_same_v<std::decay_t<T>, Job>>>
  Job(T value) : type_(typeid(T)), value_(std::move(value)) {}  // NOLINT: implicit, like Command
  template <class T>
  const T* As() const { return std::any_cast<T>(&value_); }
  std::type_index type() const { return type_; }

 private:
  std::type_index type_;
  std::any value_;
};

// A user action for the outbox, committed durably by the app (via the sync engine). Answered by
// job::OutboxSaved / job::OutboxFailed, then the hub's verdict by job::RecordOutcome.
struct OutboxRequest {
  std::string tag;           // the feature's own handle for this action, e.g. "meal:<uuid>"
  std::string kind;          // protocol record kind
  std::string payload_json;
};

namespace job {
struct OutboxSaved { std::string tag, record_id; };
struct OutboxFailed { std::string tag, reason; };
// The hub's push result for one record.
struct RecordOutcome {
  std::string record_id;
  protocol::PushStatus status = protocol::PushStatus::kAccepted;
  std::string ref, reason;
};
}  // namespace job

}  // namespace onestop
