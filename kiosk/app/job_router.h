// JobRouter: takes the jobs the frame asked for (AppState::effects.jobs), runs each type's handler on
// its executor lane, and applies the handler's answer (a typed Command) on the frame thread through
// the MainQueue. It decides nothing; handlers are registered by the lookups and services.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <typeindex>

#include "kiosk/app/executor.h"
#include "kiosk/core/main_queue.h"
#include "kiosk/core/shell/shell.h"

namespace onestop::app {

class JobRouter {
 public:
  // `state` is only touched from tasks posted to `queue` (the frame thread).
  JobRouter(Executor& executor, MainQueue& queue, AppState& state) : executor_(executor), queue_(queue), state_(state) {}

  // Runs `handler` for every job of type J on `lane`; its answer, if any, is applied like a tap.
  template <class J>
  void On(Executor::Lane lane, std::function<std::optional<Command>(const J&)> handler) {
    routes_[std::type_index(typeid(J))] = {lane, [handler = std::move(handler)](const Job& job) {
      return handler(*job.As<J>());
    }};
  }
  // Frame thread: hands every job to its lane. A job without a handler is a wiring bug (logged).
  void Submit(Job job);
  // Posts a command to be applied on the frame thread (for services with their own events).
  void Answer(Command command);

 private:
  struct Route {
    Executor::Lane lane;
    std::function<std::optional<Command>(const Job&)> run;
  };
  Executor& executor_;
  MainQueue& queue_;
  AppState& state_;
  std::map<std::type_index, Route> routes_;
};

}  // namespace onestop::app
