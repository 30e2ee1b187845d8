// SyncEngine implementation: push batches, paginated pull, backoff, 401 handling, skew, status.
// Every response is decoded with the non-throwing protocol codecs and checked for progress, so a
// broken or hostile hub can make the engine wait, never crash, spin, lose or double a record.
#include "offline/sync_engine.h"

#include "kiosk/core/enroll_code.h"
#include "kiosk/core/terminal_report.h"
#include "offline/link_watcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <set>
#include <unordered_set>

namespace onestop::offline {
namespace {

using json = nlohmann::json;

// A push or pull carrying this terminal's self-report (kiosk/core/terminal_report.h): the hub shows
// the administrator the last values. The clock is sent raw so the hub measures the skew itself.
HttpRequest Reported(HttpRequest r, int outbox_depth, int64_t now_utc_ms) {
  r.headers.emplace_back(protocol::kHeaderAppVersion, ONESTOP_VERSION);
  r.headers.emplace_back(protocol::kHeaderOutboxDepth, std::to_string(std::max(0, outbox_depth)));
  r.headers.emplace_back(protocol::kHeaderTerminalTime, std::to_string(now_utc_ms));
  return r;
}

std::string ProblemText(const HttpResponse& r) {
  std::string text = "HTTP " + std::to_string(r.status);
  if (auto p = protocol::DecodeProblem(r.body); p && (!p->title.empty() || !p->detail.empty())) {
    text += ": " + (p->detail.empty() ? p->title : p->detail);
    if (text.size() > 300) text.resize(300);  // the status bar is not a log viewer
  }
  return text;
}

int64_t SteadyMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

int64_t BackoffCeilingMs(int failures, int64_t base_ms, int64_t cap_ms) {
  if (failures < 1) return 0;
  int64_t ceiling = base_ms;
  for (int i = 1; i < failures && ceiling < cap_ms; ++i) ceiling *= 2;  // no overflow: stops at the cap
  return std::min(ceiling, cap_ms);
}

int64_t FullJitterBackoffMs(int failures, int64_t base_ms, int64_t cap_ms, std::mt19937_64& rng) {
  const int64_t ceiling = BackoffCeilingMs(failures, base_ms, cap_ms);
  if (ceiling <= 0) return 0;
  return std::uniform_int_distribution<int64_t>(0, ceiling)(rng);
}

void RetryScheduler::AfterRound(const SyncReport& r, int64_t now) {
  if (r.ok || r.state == LinkState::kNotEnrolled || r.state == LinkState::kUnauthorized) {
    // Not enrolled / revoked: look again at the interval (the CLI may enroll meanwhile).
    failures_ = 0;
    probing_ = link_was_down_ = false;
    next_at_ms_ = now + options_.interval_ms;
    return;
  }
  // Any request that succeeded proves the hub works: the streak of failures starts over, so one
  // bad page after many good ones costs a short wait, not the long one of a failing hub.
  if (r.progress) failures_ = 0;
  ++failures_;
  if (r.retry_after_ms >= 0) {
    probing_ = false;
    not_before_ms_ = next_at_ms_ = now + r.retry_after_ms;
  } else if (r.link_failure) {
    probing_ = true;
    link_was_down_ = false;
    next_at_ms_ = now + ProbeDelay();
  } else {
    probing_ = false;
    next_at_ms_ = now + FullJitterBackoffMs(failures_, options_.backoff_base_ms, options_.backoff_cap_ms, rng_);
  }
}

void RetryScheduler::AfterProbe(const ProbeResult& p, int64_t now) {
  if (!p.reached) {
    // Silence from the link, not a refusal from the hub: the outage's length must not lengthen
    // the wait after it ends, so the round backoff starts over and probing goes on.
    failures_ = 0;
    link_was_down_ = true;
    next_at_ms_ = now + ProbeDelay();
    return;
  }
  probing_ = false;
  const bool was_down = link_was_down_;
  link_was_down_ = false;
  if (p.retry_after_ms >= 0) {
    not_before_ms_ = next_at_ms_ = now + p.retry_after_ms;
  } else if (p.status == 200 && was_down) {
    next_at_ms_ = now;  // the link is back: send what queued up
  } else {
    // The hub answers, so the failed round was its doing (a reset, a stall): keep backing off.
    next_at_ms_ = now + FullJitterBackoffMs(std::max(1, failures_), options_.backoff_base_ms, options_.backoff_cap_ms, rng_);
  }
}

void RetryScheduler::Nudge(int64_t now, bool link_changed) {
  if (link_changed && probing_) link_was_down_ = true;  // a working probe after this means "back"
  if (failures_ == 0 && !probing_) {
    next_at_ms_ = std::max(now, not_before_ms_);  // online and idle: go at once
    return;
  }
  const int64_t earliest = std::max(last_attempt_ms_ + options_.early_retry_gap_ms, not_before_ms_);
  next_at_ms_ = std::min(next_at_ms_, std::max(now, earliest));
}

int64_t RetryScheduler::ProbeDelay() {
  const int64_t hi = std::max<int64_t>(1, options_.link_probe_ms);
  return std::uniform_int_distribution<int64_t>(hi / 2, hi)(rng_);
}

Result<protocol::EnrollResponse> Enroll(Transport& transport, Store& store, const std::string& hub_url,
                                        const std::string& code, const protocol::DeviceInfo& device) {
  if (code.empty()) return Error{"enroll.bad_code", "the enrollment code is empty"};
  // Typed, or the …/e/<code> address of the console's QR code (scanned): either way only the code goes out.
  auto parsed = enroll::ParseEnrollInput(code);
  if (!parsed) return parsed.error();
  protocol::EnrollRequest req{parsed.value(), device};
  auto resp = transport.Send({"POST", "/v1/enroll", protocol::ToJson(req).dump(), ""});
  if (!resp) return Error{"enroll.unreachable", "cannot reach the hub at " + hub_url + ": " + resp.error().message};
  if (resp->status != 200 && resp->status != 201) {
    const std::string why = ProblemText(resp.value());
    if (resp->status >= 400 && resp->status < 500)
      return Error{"enroll.rejected", "the hub refused the code (" + why + "); ask for a new code"};
    return Error{"enroll.hub_error", "the hub failed (" + why + "); try again later"};
  }
  auto decoded = protocol::DecodeEnrollResponse(resp->body);
  if (!decoded) return Error{"enroll.bad_response", "the hub's answer is unreadable: " + decoded.error().message};
  if (decoded->token.empty() || decoded->terminal_id.empty())
    return Error{"enroll.bad_response", "the hub's answer has no token or terminal id"};
  if (auto s = store.SaveEnrollment(hub_url, decoded->terminal_id, decoded->token, decoded->binding);
      !s)
    return s.error();
  return decoded;
}

int64_t ParseCursor(const std::string& s) {
  if (s.empty()) return 0;
  try {
    size_t used = 0;
    const int64_t v = std::stoll(s, &used);
    return used == s.size() && v >= 0 ? v : 0;
  } catch (...) {
    return 0;  // a corrupt cursor only costs a full re-pull
  }
}

SyncEngine::SyncEngine(Store& store, Transport& transport, const Clock& clock, MainQueue* queue, SyncOptions options)
    : store_(store), transport_(transport), clock_(clock), queue_(queue), options_(options), rng_(std::random_device{}()) {
  if (auto st = store_.LoadSyncState()) {
    last_ok_ms_ = std::max(st->last_push_ms, st->last_pull_ms);
    skew_ms_ = st->clock_skew_ms;
  }
}

SyncEngine::~SyncEngine() { Stop(); }

void SyncEngine::Start(std::function<void(const LinkStatus&)> publish) {
  std::lock_guard lock(mu_);
  if (worker_.joinable()) return;
  publish_ = std::move(publish);
  stop_ = false;
  worker_ = std::thread([this] { Run(); });
}

void SyncEngine::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void SyncEngine::Wake() {
  {
    std::lock_guard lock(mu_);
    wake_ = true;
  }
  cv_.notify_all();
}

Result<std::string> SyncEngine::Enqueue(const std::string& kind, const std::string& payload_json) {
  auto id = store_.Enqueue(kind, payload_json);
  if (id) Wake();
  return id;
}

LinkStatus SyncEngine::CurrentStatus() {
  std::lock_guard lock(mu_);
  return last_published_;
}

void SyncEngine::SetOutcomeListener(std::function<void(const std::vector<PushOutcome>&)> listener) {
  std::lock_guard lock(mu_);
  outcome_listener_ = std::move(listener);
}

void SyncEngine::NotifyOutcomes(const std::vector<PushOutcome>& outcomes) {
  std::function<void(const std::vector<PushOutcome>&)> listener;
  {
    std::lock_guard lock(mu_);
    listener = outcome_listener_;
  }
  if (!listener || outcomes.empty()) return;
  if (queue_) queue_->Post([listener, outcomes] { listener(outcomes); });
  else listener(outcomes);
}

void SyncEngine::Progress(const std::string& line) {
  if (progress_) progress_(line);
}

void SyncEngine::NoteSkew(int64_t server_ms, int64_t sent_ms, int64_t received_ms) {
  // Assume the hub stamped server_time half-way through the exchange.
  std::lock_guard lock(mu_);
  skew_ms_ = server_ms - (sent_ms + received_ms) / 2;
}

void SyncEngine::Publish(LinkState state, const std::string& detail) {
  LinkStatus s;
  s.state = state;
  s.outbox_depth = std::max(0, store_.OutboxDepth());
  s.dead_letters = std::max(0, store_.DeadLetterCount());
  s.detail = detail;
  std::function<void(const LinkStatus&)> publish;
  {
    std::lock_guard lock(mu_);
    s.last_ok_utc_ms = last_ok_ms_;
    s.clock_skew_ms = skew_ms_;
    s.pulled_changes = pulled_total_;
    const LinkStatus& p = last_published_;
    const bool same = have_published_ && p.state == s.state && p.last_ok_utc_ms == s.last_ok_utc_ms &&
                      p.clock_skew_ms == s.clock_skew_ms && p.outbox_depth == s.outbox_depth &&
                      p.dead_letters == s.dead_letters && p.detail == s.detail &&
                      p.pulled_changes == s.pulled_changes;
    if (same) return;
    last_published_ = s;
    have_published_ = true;
    publish = publish_;
  }
  if (!publish) return;
  if (queue_) queue_->Post([publish, s] { publish(s); });
  else publish(s);
}

SyncEngine::Step SyncEngine::FailFromResponse(const HttpResponse& r, const char* what, SyncReport* report) {
  if (r.status == 401) {
    report->error = std::string(what) + ": the hub no longer accepts this terminal's token; re-enroll";
    return Step::kUnauthorized;
  }
  if (r.status == 429 || r.status == 503) {
    if (auto wait = ParseRetryAfterMs(r.Header("retry-after"), clock_.NowUtcMs()))
      report->retry_after_ms = std::min(*wait, options_.backoff_cap_ms);
  }
  report->error = std::string(what) + " failed: " + ProblemText(r);
  return Step::kFailed;
}

SyncEngine::Step SyncEngine::PushAll(const SyncState& state, SyncReport* report) {
  size_t max_records = std::max<size_t>(1, options_.max_batch_records);
  for (;;) {
    auto batch = store_.PeekOutbox(max_records, options_.max_batch_bytes);
    if (!batch) {
      report->error = "reading the outbox failed: " + batch.error().message;
      return Step::kFailed;
    }
    if (batch->empty()) return Step::kOk;

    protocol::PushRequest req;
    req.terminal_id = state.terminal_id;
    std::vector<std::string> ids;
    std::vector<PushOutcome> local_rejects;  // rows that can never be sent (corrupt on disk)
    for (auto& rec : batch.value()) {
      auto kind = protocol::ParseRecordKind(rec.kind);
      json payload = json::parse(rec.payload_json, nullptr, false);
      if (!kind || payload.is_discarded() || !payload.is_object()) {
        local_rejects.push_back({rec.id, protocol::PushStatus::kRejected, "", "the stored record is unreadable and cannot be sent"});
        continue;
      }
      ids.push_back(rec.id);
      req.records.push_back({rec.id, *kind, rec.created_at_ms, std::move(payload)});
    }
    if (!local_rejects.empty()) {
      if (auto s = store_.ApplyPushResults(local_rejects); !s) {
        report->error = "writing dead letters failed: " + s.error().message;
        return Step::kFailed;
      }
      report->rejected += static_cast<int>(local_rejects.size());
      NotifyOutcomes(local_rejects);
      if (req.records.empty()) continue;
    }

    const int64_t sent = clock_.NowUtcMs();
    auto resp = transport_.Send(Reported({"POST", "/v1/sync/push", protocol::ToJson(req).dump(), state.token},
                                          store_.OutboxDepth(), sent));
    const int64_t received = clock_.NowUtcMs();
    auto fail = [&](const std::string& why) {
      store_.NoteAttemptFailed(ids, why, 0).ok();  // bookkeeping only; failure to note is harmless
      return Step::kFailed;
    };
    if (!resp) {
      report->error = "push failed: " + resp.error().message;
      report->link_failure = IsLinkError(resp.error().code);
      return fail(report->error);
    }
    if (resp->status == 413) {
      // The hub's limit is lower than ours: halve the batch. A single record it refuses as too
      // large can never be sent, so it goes to the dead letters with that reason.
      if (req.records.size() > 1) {
        max_records = std::max<size_t>(1, req.records.size() / 2);
        Progress("push: hub said batch too large; retrying with " + std::to_string(max_records) + " records");
        continue;
      }
      const std::vector<PushOutcome> too_large = {{ids[0], protocol::PushStatus::kRejected, "", "too large for the hub"}};
      if (auto s = store_.ApplyPushResults(too_large); !s) {
        report->error = s.error().message;
        return Step::kFailed;
      }
      ++report->rejected;
      NotifyOutcomes(too_large);
      continue;
    }
    if (resp->status != 200) {
      const Step step = FailFromResponse(resp.value(), "push", report);
      if (step == Step::kFailed) fail(report->error);
      return step;
    }
    auto decoded = protocol::DecodePushResponse(resp->body);
    if (!decoded) {
      report->error = "push: the hub's answer is unreadable (" + decoded.error().message + ")";
      return fail(report->error);
    }
    if (decoded->server_time_ms > 0) NoteSkew(decoded->server_time_ms, sent, received);

    // Only results for ids we sent count, each once; anything else in the answer is ignored.
    std::unordered_set<std::string> sent_ids(ids.begin(), ids.end());
    std::vector<PushOutcome> outcomes;
    int acked = 0, rejected = 0;
    for (const auto& r : decoded->results) {
      if (!sent_ids.erase(r.id)) continue;
      outcomes.push_back({r.id, r.status, r.ref, r.reason});
      if (r.status == protocol::PushStatus::kRejected) ++rejected;
      else ++acked;
    }
    if (outcomes.empty()) {
      report->error = "push: the hub acknowledged none of " + std::to_string(ids.size()) + " records";
      return fail(report->error);
    }
    if (auto s = store_.ApplyPushResults(outcomes); !s) {
      report->error = "push: recording the hub's answer failed: " + s.error().message;
      return Step::kFailed;
    }
    report->pushed += acked;
    report->rejected += rejected;
    report->progress = true;
    NotifyOutcomes(outcomes);
    if (rejected) spdlog::warn("push: hub rejected {} record(s); they are in the dead letters", rejected);
    {
      std::lock_guard lock(mu_);
      last_ok_ms_ = received;
    }
    store_.SetLastPush(received, skew_ms_).ok();
    Progress("push: " + std::to_string(acked) + " acknowledged, " + std::to_string(rejected) + " rejected, " +
             std::to_string(std::max(0, store_.OutboxDepth())) + " left");
    if (!sent_ids.empty()) {
      // Some records got no answer: they stay queued; stop this round instead of resending at once.
      report->error = "push: the hub answered " + std::to_string(outcomes.size()) + " of " +
                      std::to_string(ids.size()) + " records";
      return fail(report->error);
    }
  }
}

SyncEngine::Step SyncEngine::PullAll(const SyncState& state, SyncReport* report) {
  int64_t cursor = ParseCursor(state.cursor);
  bool skew_from_push = report->pushed + report->rejected > 0;
  for (;;) {
    const std::string path = protocol::PullPath(cursor, options_.pull_limit);
    const int64_t sent = clock_.NowUtcMs();
    auto resp = transport_.Send(Reported({"GET", path, "", state.token}, store_.OutboxDepth(), sent));
    const int64_t received = clock_.NowUtcMs();
    if (!resp) {
      report->error = "pull failed: " + resp.error().message;
      report->link_failure = IsLinkError(resp.error().code);
      return Step::kFailed;
    }
    if (resp->status != 200) return FailFromResponse(resp.value(), "pull", report);
    auto page = protocol::DecodePullResponse(resp->body);
    if (!page) {
      report->error = "pull: the hub's answer is unreadable (" + page.error().message + ")";
      return Step::kFailed;
    }
    if (page->next_cursor < cursor) {
      report->error = "pull: the hub's cursor went backwards";
      return Step::kFailed;
    }
    if (!skew_from_push) {
      // Pull has no server_time: the Date header (1 s resolution) is the best we have.
      if (auto date = ParseHttpDateMs(resp->Header("date"))) NoteSkew(*date + 500, sent, received);
      skew_from_push = true;
    }
    std::vector<ChangeRow> rows;
    rows.reserve(page->changes.size());
    for (const auto& c : page->changes)
      rows.push_back({c.seq, c.entity, std::string(protocol::ChangeOpName(c.op)), c.id,
                      c.op == protocol::ChangeOp::kDelete ? std::string() : c.data.dump()});
    if (auto s = store_.ApplyPullPage(rows, std::to_string(page->next_cursor)); !s) {
      report->error = "pull: storing a page failed: " + s.error().message;
      return Step::kFailed;
    }
    report->pulled += static_cast<int>(rows.size());
    if (!rows.empty()) {
      std::lock_guard lock(mu_);
      pulled_total_ += static_cast<int64_t>(rows.size());
    }
    ++report->pages;
    report->progress = true;
    {
      std::lock_guard lock(mu_);
      last_ok_ms_ = received;
    }
    if (report->pages % 10 == 1 || !page->more)
      Progress("pull: " + std::to_string(report->pulled) + " changes applied, cursor " +
               std::to_string(page->next_cursor));
    if (!page->more) break;
    if (page->next_cursor == cursor) {
      report->error = "pull: the hub said there is more but did not advance the cursor";
      return Step::kFailed;
    }
    cursor = page->next_cursor;
  }
  store_.SetLastPull(clock_.NowUtcMs(), skew_ms_).ok();
  return Step::kOk;
}

SyncReport SyncEngine::SyncOnce() {
  SyncReport report;
  try {
    auto state = store_.LoadSyncState();
    if (!state) {
      report.error = "reading sync state failed: " + state.error().message;
      report.state = LinkState::kOffline;
      Publish(report.state, report.error);
      return report;
    }
    if (state->token.empty()) {
      report.state = LinkState::kNotEnrolled;
      report.error = "not enrolled: run `onestop-kiosk enroll --hub URL --code CODE`";
      Publish(report.state, report.error);
      return report;
    }
    if (state->unauthorized) {
      report.state = LinkState::kUnauthorized;
      report.error = "the hub revoked this terminal's token; re-enroll";
      Publish(report.state, report.error);
      return report;
    }
    Step step = PushAll(state.value(), &report);
    if (step == Step::kOk && options_.pull) step = PullAll(state.value(), &report);
    switch (step) {
      case Step::kOk:
        report.ok = true;
        report.state = LinkState::kOnline;
        break;
      case Step::kUnauthorized:
        store_.SetUnauthorized(true).ok();
        report.state = LinkState::kUnauthorized;
        break;
      case Step::kFailed:
        report.state = LinkState::kOffline;
        break;
    }
  } catch (const std::exception& e) {
    // Last line of defence: nothing a hub sends may take the kiosk down.
    report.ok = false;
    report.state = LinkState::kOffline;
    report.error = std::string("sync failed unexpectedly: ") + e.what();
  }
  if (!report.ok) spdlog::warn("sync: {}", report.error);
  Publish(report.state, report.error);
  return report;
}

ProbeResult SyncEngine::Probe() {
  ProbeResult p;
  HttpRequest req{"GET", "/v1/health", "", ""};
  req.connect_timeout_ms = options_.link_probe_connect_timeout_ms;
  req.total_timeout_ms = options_.link_probe_total_timeout_ms;
  auto resp = transport_.Send(req);
  if (!resp) {
    // Only silence counts as a dead link; a TLS or size failure is an answer of sorts.
    p.reached = !IsLinkError(resp.error().code);
    p.status = 0;
    p.error = resp.error().message;
    return p;
  }
  p.reached = true;
  p.status = resp->status;
  if (resp->status == 429 || resp->status == 503) {
    if (auto wait = ParseRetryAfterMs(resp->Header("retry-after"), clock_.NowUtcMs()))
      p.retry_after_ms = std::min(*wait, options_.backoff_cap_ms);
  }
  if (resp->status != 200) p.error = "health check: " + ProblemText(resp.value());
  return p;
}

void SyncEngine::NotifyLinkChange() {
  {
    std::lock_guard lock(mu_);
    link_changed_ = true;
  }
  cv_.notify_all();
}

void SyncEngine::Run() {
  RetryScheduler schedule(options_, rng_());
  std::unique_ptr<LinkWatcher> watcher;
  if (options_.watch_links) watcher = LinkWatcher::Open();
  int64_t data_version = store_.DataVersion();
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if (stop_) return;
    }
    if (SteadyMs() >= schedule.next_at_ms()) {
      schedule.Started(SteadyMs());
      if (schedule.probe_next()) {
        const ProbeResult p = Probe();
        schedule.AfterProbe(p, SteadyMs());
        if (!p.reached) {
          LinkState state;
          {
            std::lock_guard lock(mu_);
            state = last_published_.state;
          }
          // Keep the round's words (they say what failed) unless the probe knows better.
          if (state != LinkState::kOffline) Publish(LinkState::kOffline, "hub unreachable: " + p.error);
        }
        spdlog::debug("sync: probe {} (status {}); next {} in {} ms", p.reached ? "answered" : "unanswered", p.status,
                      schedule.probe_next() ? "probe" : "round", schedule.next_at_ms() - SteadyMs());
      } else {
        const SyncReport r = SyncOnce();
        data_version = store_.DataVersion();
        schedule.AfterRound(r, SteadyMs());
        if (!r.ok && r.state != LinkState::kNotEnrolled && r.state != LinkState::kUnauthorized)
          spdlog::info("sync: {} in {} ms (failure {})", schedule.probe_next() ? "link probe" : "retry",
                       schedule.next_at_ms() - SteadyMs(), schedule.failures());
      }
    }
    std::unique_lock lock(mu_);
    const int64_t wait = std::clamp<int64_t>(schedule.next_at_ms() - SteadyMs(), 0, options_.poll_ms);
    cv_.wait_for(lock, std::chrono::milliseconds(wait), [this] { return stop_ || wake_ || link_changed_; });
    if (stop_) return;
    const bool woke = wake_;
    bool link_changed = link_changed_;
    wake_ = link_changed_ = false;
    const LinkState state = last_published_.state;
    const std::string detail = last_published_.detail;
    lock.unlock();
    if (watcher && watcher->Changed()) link_changed = true;
    const int64_t dv = store_.DataVersion();
    const bool foreign_commit = dv != data_version;
    data_version = dv;
    // A new record (ours or another process's) or a changed network: try early (within the
    // scheduler's limits). Either way the status bar shows new queued rows at once.
    if (woke || link_changed || (foreign_commit && store_.OutboxDepth() > 0))
      schedule.Nudge(SteadyMs(), link_changed);
    Publish(state, detail);
  }
}

}  // namespace onestop::offline
