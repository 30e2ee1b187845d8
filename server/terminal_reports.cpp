// Terminal self-reports on push and pull (see terminal_reports.h). A failed write is logged and
// dropped: the report is refreshed by the terminal's next sync, the sync itself must go on.
#include "server/terminal_reports.h"

#include <spdlog/spdlog.h>

#include <cstdlib>

namespace onestop::hub {

void TerminalReports::Note(HubStore& store, const std::string& terminal_id, const httplib::Request& req, bool pulled,
                           int64_t now_ms) {
  protocol::TerminalReport r = protocol::ParseTerminalReport(
      req.get_header_value(protocol::kHeaderAppVersion), req.get_header_value(protocol::kHeaderOutboxDepth),
      req.get_header_value(protocol::kHeaderTerminalTime), now_ms);
  {
    std::lock_guard lock(mu_);
    auto it = last_.find(terminal_id);
    // Skew jitters by the network's latency: a change under 2 s is not news.
    const bool same = it != last_.end() && it->second.report.app_version == r.app_version &&
                      it->second.report.outbox_depth == r.outbox_depth &&
                      it->second.report.clock_skew_ms.has_value() == r.clock_skew_ms.has_value() &&
                      (!r.clock_skew_ms || std::llabs(*it->second.report.clock_skew_ms - *r.clock_skew_ms) < 2000);
    if (same && now_ms - (pulled ? it->second.pull_written_ms : it->second.written_ms) < kRewriteAfterMs) return;
    if (last_.size() >= kMaxRemembered && it == last_.end()) last_.clear();
    Last& l = last_[terminal_id];
    l.report = r;
    l.written_ms = now_ms;
    if (pulled) l.pull_written_ms = now_ms;
  }
  auto tx = store.Begin();
  if (!tx) {
    spdlog::warn("terminal report of {} not kept: {}", terminal_id, tx.error().message);
    return;
  }
  tx.value()->NoteTerminalReport(terminal_id, r, pulled, now_ms);
  if (auto s = tx.value()->Commit(); !s) {
    spdlog::warn("terminal report of {} not kept: {}", terminal_id, s.error().message);
    std::lock_guard lock(mu_);
    last_.erase(terminal_id);  // try again on the next sync
  }
}

}  // namespace onestop::hub
