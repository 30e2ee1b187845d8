// TerminalSnapshot: what the frame shows about this terminal from the local store — binding,
// location names, planned-outage notices, and every character of the hub's display text (so the
// font atlas bakes it before any screen shows it). Read on an executor lane after each pull that
// brought data and handed to the frame through the MainQueue; the frame never reads the store.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/app/executor.h"
#include "kiosk/app/lookups/store_reader.h"

#include "kiosk/core/shell/shell.h"
#include "kiosk/core/main_queue.h"
#include "offline/store.h"

namespace onestop::app {

struct TerminalSnapshot {
  bool enrolled = false;
  TerminalBinding binding;
  std::vector<Notice> notices;
  // Every distinct non-ASCII character in the store's display data (place names, dishes, fault
  // phrases, notices, ticket notes), as UTF-8. The lookups read on the same lane after this, so text
  // they bring is in the atlas before their answer is drawn: never "?" and no width change under a finger.
  std::string glyph_text;
};

// The distinct non-ASCII characters of every string in the store's master data and tickets.
std::string CollectGlyphText(offline::Store& store);

// Reads the snapshot; missing master data (not pulled yet) leaves names empty, never fails.
TerminalSnapshot ReadTerminalSnapshot(offline::Store& store);

// Re-reads the snapshot on an executor lane whenever Refresh() is called (several calls before the
// read starts make one read) and hands it to the frame through the MainQueue.
class SnapshotReader {
 public:
  SnapshotReader(Executor& executor, Executor::Lane lane, std::shared_ptr<StoreReader> store, MainQueue& queue,
                 std::function<void(TerminalSnapshot)> on_frame_thread)
      : executor_(executor), lane_(lane), store_(std::move(store)), queue_(queue), deliver_(std::move(on_frame_thread)) {}
  void Refresh();

 private:
  Executor& executor_;
  Executor::Lane lane_;
  std::shared_ptr<StoreReader> store_;
  MainQueue& queue_;
  std::function<void(TerminalSnapshot)> deliver_;
  std::atomic<bool> queued_{false};
};

}  // namespace onestop::app
