// The hub's side of terminal self-reports (issue 14): reads the report headers of an authenticated
// push or pull (kiosk/core/terminal_report.h validates them) and keeps the last values on the
// terminal's row for the console's terminals page. Advisory only: it never fails or delays a sync
// beyond one small write, and writes at most once a minute per terminal unless a value changed.
#pragma once
#include <httplib.h>

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "kiosk/core/terminal_report.h"
#include "server/store.h"

namespace onestop::hub {

class TerminalReports {
 public:
  // A write is skipped when nothing changed and the last one is younger than this: last pull times
  // on the page are then at most this old, and 5,000 terminals pulling often do not queue writers.
  static constexpr int64_t kRewriteAfterMs = 60'000;

  void Note(HubStore& store, const std::string& terminal_id, const httplib::Request& req, bool pulled, int64_t now_ms);

 private:
  struct Last {
    protocol::TerminalReport report;
    int64_t written_ms = 0;       // last write of any kind
    int64_t pull_written_ms = 0;  // last write that set the last pull time
  };
  static constexpr size_t kMaxRemembered = 100'000;  // bounded: terminal ids come from the database
  std::mutex mu_;
  std::unordered_map<std::string, Last> last_;
};

}  // namespace onestop::hub
