// TerminalSnapshot: what the frame shows about this terminal from the local store — binding,
// location names, planned-outage notices. Read on a worker with its own store connection and handed
// to the frame through the MainQueue; the frame never reads the store itself.
#pragma once
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/core/shell/shell.h"
#include "kiosk/core/main_queue.h"
#include "offline/store.h"

namespace onestop::app {

struct TerminalSnapshot {
  bool enrolled = false;
  Binding binding;
  std::vector<Notice> notices;
};

// Reads the snapshot; missing master data (not pulled yet) leaves names empty, never fails.
TerminalSnapshot ReadTerminalSnapshot(offline::Store& store);

// A worker that re-reads the snapshot whenever Refresh() is called and posts it to the frame.
class SnapshotReader {
 public:
  SnapshotReader(std::string store_path, const Clock& clock, MainQueue& queue,
                 std::function<void(TerminalSnapshot)> on_frame_thread);
  ~SnapshotReader();
  void Refresh();

 private:
  void Run();
  std::string path_;
  const Clock& clock_;
  MainQueue& queue_;
  std::function<void(TerminalSnapshot)> deliver_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool pending_ = false, stop_ = false;
  std::thread worker_;
};

}  // namespace onestop::app
