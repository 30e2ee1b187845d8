// StoreQueries: runs the features' StoreQuery reads on one worker with its own store connection
// and posts each answer to the frame thread through the MainQueue. Handlers only read the store;
// they never write it and never touch AppState (the closure they return does, on the frame thread).
#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "kiosk/core/shell/shell.h"
#include "kiosk/core/main_queue.h"
#include "offline/store.h"

namespace onestop::app {

class StoreQueries {
 public:
  // Reads on the worker; returns what to apply to the state on the frame thread.
  using Answer = std::function<void(AppState&)>;
  using Handler = std::function<Answer(offline::Store& store, const StoreQuery& query)>;

  StoreQueries(std::string store_path, const Clock& clock, MainQueue& queue, AppState& state);
  ~StoreQueries();
  // Register every handler before the first Submit.
  void Handle(const std::string& kind, Handler handler);
  void Submit(StoreQuery query);

 private:
  void Run();
  std::string path_;
  const Clock& clock_;
  MainQueue& queue_;
  AppState& state_;
  std::map<std::string, Handler> handlers_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<StoreQuery> pending_;
  bool stop_ = false;
  std::thread worker_;
};

// The service-request reads (kiosk/core/requests.h): a scanned label's repair draft with names and
// fault categories, and the "My requests" list with what still waits in the outbox.
void RegisterRequestQueries(StoreQueries& queries, const Clock& clock);
// The bedside meal screens' read: the bed's meal context (kiosk/app/meal_lookup.h).
void RegisterMealQueries(StoreQueries& queries, const Clock& clock);
// The rating screens' reads: tickets, staff and own ratings; and the offline PIN check (Argon2id).
void RegisterRatingQueries(StoreQueries& queries);

}  // namespace onestop::app
