// LiveWatch (see live_watch.h). One thread, one request at a time; every answer is only a hint.
#include "offline/live_watch.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <string>

#include "kiosk/core/protocol.h"
#include "offline/sync_engine.h"

namespace onestop::offline {

LiveWatch::LiveWatch(Store& store, Transport& transport, std::function<void()> on_change, LiveWatchOptions options)
    : store_(store), transport_(transport), on_change_(std::move(on_change)), options_(options) {}

LiveWatch::~LiveWatch() { Stop(); }

void LiveWatch::Start() {
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { Run(); });
}

void LiveWatch::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void LiveWatch::Sleep(int64_t ms) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stop_.load(); });
}

void LiveWatch::Run() {
  const int wait_s = std::clamp(options_.wait_s, 1, protocol::kMaxPullWaitS);
  int64_t seen = 0;  // the newest seq a live pull announced (the store's cursor may lag behind it)
  std::string header = protocol::kPullWaitHeader;  // HttpResponse keeps header names lower-cased
  std::transform(header.begin(), header.end(), header.begin(), [](unsigned char c) { return std::tolower(c); });
  while (!stop_) {
    auto state = store_.LoadSyncState();
    if (!state || state->token.empty() || state->unauthorized) {
      Sleep(options_.retry_ms);
      continue;
    }
    const int64_t cursor = std::max(ParseCursor(state->cursor), seen);
    HttpRequest req{"GET", protocol::PullPath(cursor, 1, wait_s), "", state->token};
    req.cancel = &stop_;
    auto resp = transport_.Send(req);
    if (stop_) return;
    if (!resp || resp->status != 200) {
      // The engine's rounds notice and report a broken link or a revoked token; this only waits.
      spdlog::debug("live pull: {}", resp ? "HTTP " + std::to_string(resp->status) : resp.error().message);
      Sleep(options_.retry_ms);
      continue;
    }
    const std::string granted = resp->Header(header);
    auto page = protocol::DecodePullResponse(resp->body);
    if (page && !page->changes.empty()) {
      seen = std::max(seen, page->next_cursor);
      ++wakes_;
      on_change_();
      continue;
    }
    if (granted.empty() || granted == "0") Sleep(options_.unsupported_retry_ms);  // no live pull now
  }
}

}  // namespace onestop::offline
