// SyncEngine: moves the outbox to the hub and the hub's changes into the store (DESIGN §4), on its
// own worker thread, and reports the link as a LinkMonitor (status posted through the MainQueue).
// It must never lose or double a record (rows leave the outbox only on accepted/duplicate), never
// crash on a hostile response, and never block the frame thread.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include "kiosk/core/clock.h"
#include "kiosk/core/link_status.h"
#include "kiosk/core/main_queue.h"
#include "kiosk/core/protocol.h"
#include "offline/http_transport.h"
#include "offline/store.h"

namespace onestop::offline {

struct SyncOptions {
  int64_t interval_ms = 10000;      // pull/push cadence when idle and online
  size_t max_batch_records = protocol::kMaxPushRecords;
  size_t max_batch_bytes = protocol::kMaxPushBytes - 4096;  // room for the envelope
  int pull_limit = protocol::kDefaultPullLimit;
  int64_t backoff_base_ms = 1000;   // first retry waits up to this long
  int64_t backoff_cap_ms = 300000;  // ... doubling up to 5 min
  int64_t poll_ms = 500;            // how often the idle worker looks for rows other processes queued
  bool pull = true;                 // false: SyncOnce only pushes (benchmarks, a push-only drain)
  // Recovery (issue 11): when a round fails because no answer came back (connection refused,
  // timeout, reset), the link is presumed down and the worker probes GET /v1/health every
  // [probe/2, probe] ms with short timeouts instead of backing off for minutes; the first answer
  // ends the outage and a full round follows at once. The probe never carries data.
  int64_t link_probe_ms = 1000;
  int link_probe_connect_timeout_ms = 1500;  // > 1 s: one SYN retransmission still fits
  int link_probe_total_timeout_ms = 2500;
  // A new outbox record or a link change cuts a backoff short, but never earlier than this after
  // the previous attempt, and never before the hub's Retry-After.
  int64_t early_retry_gap_ms = 1000;
  bool watch_links = false;         // Linux rtnetlink: a link/address/route change wakes the worker
};

// Full-jitter exponential backoff: uniform in [0, min(cap, base * 2^(failures-1))]. failures >= 1.
int64_t BackoffCeilingMs(int failures, int64_t base_ms, int64_t cap_ms);
int64_t FullJitterBackoffMs(int failures, int64_t base_ms, int64_t cap_ms, std::mt19937_64& rng);

// What one SyncOnce() did.
struct SyncReport {
  bool ok = false;             // push and pull both completed
  LinkState state = LinkState::kUnknown;
  int pushed = 0;              // rows acknowledged (accepted or duplicate)
  int rejected = 0;            // rows moved to dead letters
  int pulled = 0;              // changes applied
  int pages = 0;               // pull pages applied
  int64_t retry_after_ms = -1; // the hub asked us to wait this long (429/503), else -1
  bool progress = false;       // at least one request succeeded (a push batch or pull page stored)
  bool link_failure = false;   // failed because no answer came back (see IsLinkError)
  std::string error;           // plain words, never payload contents
};

// The answer to a link probe (GET /v1/health).
struct ProbeResult {
  bool reached = false;         // any HTTP answer came back (the link works)
  int status = 0;               // its status
  int64_t retry_after_ms = -1;  // Retry-After of a 429/503, else -1
  std::string error;            // why not reached
};

// When the worker tries next, and whether with a probe or a full round. Pure: time comes in as
// steady milliseconds, randomness from a seeded generator, so the policy is unit-tested without
// sleeping. Rules (issue 11 item 7):
//  - a clean round: next round after interval_ms;
//  - a failed round that still got something through (progress): the backoff starts over;
//  - 429/503 with Retry-After: nothing before that time, not even for a new record;
//  - a hub error (5xx, garbage, TLS): full-jitter exponential backoff, capped;
//  - no answer at all (link): probe every [probe/2, probe] ms; a probe that gets no answer shows the
//    link, not the hub, is at fault, so the backoff does not grow with the outage; the first probe
//    answered after a failed probe starts a round at once;
//  - a new record or a link change (Nudge) brings the next attempt forward to
//    max(last attempt + early_retry_gap_ms, Retry-After), or to now when online and idle.
class RetryScheduler {
 public:
  RetryScheduler(const SyncOptions& options, uint64_t seed) : options_(options), rng_(seed) {}
  void Started(int64_t now_ms) { last_attempt_ms_ = now_ms; }  // an attempt begins
  void AfterRound(const SyncReport& report, int64_t now_ms);
  void AfterProbe(const ProbeResult& probe, int64_t now_ms);
  void Nudge(int64_t now_ms, bool link_changed);

  int64_t next_at_ms() const { return next_at_ms_; }
  bool probe_next() const { return probing_; }
  int failures() const { return failures_; }

 private:
  int64_t ProbeDelay();
  SyncOptions options_;
  std::mt19937_64 rng_;
  int failures_ = 0;           // consecutive failed rounds while the hub could be reached
  bool probing_ = false;       // the link is presumed down: probe before the next round
  bool link_was_down_ = false; // a probe got no answer (or the link changed) since that round
  int64_t next_at_ms_ = 0;
  int64_t last_attempt_ms_ = 0;
  int64_t not_before_ms_ = 0;  // the hub's Retry-After
};

// The stored pull cursor as a seq; 0 (pull from the start) when empty or corrupt.
int64_t ParseCursor(const std::string& s);

// Exchanges a one-time code for a token and binding and stores them (POST /v1/enroll).
Result<protocol::EnrollResponse> Enroll(Transport& transport, Store& store, const std::string& hub_url,
                                        const std::string& code, const protocol::DeviceInfo& device);

class SyncEngine final : public LinkMonitor {
 public:
  // `queue` may be null (CLI): publish is then called directly on the worker thread.
  SyncEngine(Store& store, Transport& transport, const Clock& clock, MainQueue* queue, SyncOptions options = {});
  ~SyncEngine() override;

  // LinkMonitor: starts the worker; `publish` runs on the frame thread (via the queue) on every change.
  void Start(std::function<void(const LinkStatus&)> publish) override;
  void Stop() override;

  // Accepts a user action: durable commit, then wakes the worker. The returned id is the record's
  // idempotency key; Store::GetRecordStatus(id) tells later whether the hub took it.
  Result<std::string> Enqueue(const std::string& kind, const std::string& payload_json);
  // Ask the worker to sync now (e.g. after another component enqueued directly in the store).
  void Wake();

  // One full round on the calling thread: push the whole outbox, then pull until `more` is false.
  // Do not call while the worker runs.
  SyncReport SyncOnce();
  // One cheap GET /v1/health with the probe timeouts: does anything answer? Sends no token.
  ProbeResult Probe();
  // The network changed (an interface, address or route): try early (see RetryScheduler::Nudge).
  void NotifyLinkChange();

  // Called with the hub's verdict on records as soon as it is stored (accepted/duplicate with the
  // hub's ref, or rejected with the reason): on the frame thread via the queue, else on the worker.
  // Features match ids they got from Enqueue; Store::GetRecordStatus answers the same later.
  void SetOutcomeListener(std::function<void(const std::vector<PushOutcome>&)> listener);

  // Called with a one-line progress message (CLI `sync` prints them on stderr).
  void SetProgress(std::function<void(const std::string&)> progress) { progress_ = std::move(progress); }
  LinkStatus CurrentStatus();

 private:
  enum class Step { kOk, kFailed, kUnauthorized };
  Step PushAll(const SyncState& state, SyncReport* report);
  Step PullAll(const SyncState& state, SyncReport* report);
  Step FailFromResponse(const HttpResponse& r, const char* what, SyncReport* report);
  void NoteSkew(int64_t server_ms, int64_t sent_ms, int64_t received_ms);
  void Publish(LinkState state, const std::string& detail);
  void Progress(const std::string& line);
  void NotifyOutcomes(const std::vector<PushOutcome>& outcomes);
  void Run();

  Store& store_;
  Transport& transport_;
  const Clock& clock_;
  MainQueue* queue_;
  SyncOptions options_;
  std::function<void(const std::string&)> progress_;

  std::mutex mu_;  // guards everything below
  int64_t pulled_total_ = 0;     // changes applied by pulls since start (LinkStatus::pulled_changes)
  std::condition_variable cv_;
  std::function<void(const LinkStatus&)> publish_;
  std::function<void(const std::vector<PushOutcome>&)> outcome_listener_;
  LinkStatus last_published_;
  bool have_published_ = false;
  bool wake_ = false;
  bool link_changed_ = false;
  bool stop_ = false;
  int64_t last_ok_ms_ = 0;
  int64_t skew_ms_ = 0;
  std::thread worker_;
  std::mt19937_64 rng_;
};

}  // namespace onestop::offline
