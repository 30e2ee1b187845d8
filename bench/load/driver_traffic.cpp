// Load driver steady state (see driver.h): live pulls, outbox pushes, the desk's moves and the
// delivery clock (desk's 200 -> the owning bed's pull returns the change).
#include <iostream>

#include "bench/load/driver.h"

namespace onestop::bench {

void Driver::Poll(Terminal& t) {
  const std::string path = pr::PullPath(t.cursor, o_.limit, o_.wait_s);
  t.pull->Send(ob::Request("GET", path, t.auth), (o_.wait_s + 15) * 1000, [this, &t](const HttpAnswer* a, const std::string& err) {
    if (stopping_) return;
    if (!a || a->status != 200) {
      st_.Error(a ? "pull: HTTP " + std::to_string(a->status) : "pull: " + err);
      loop_.After(1000000, [this, &t] { Poll(t); });
      return;
    }
    OnPulled(t, *a);
  });
}

void Driver::OnPulled(Terminal& t, const HttpAnswer& a) {
  ++st_.pulls;
  auto p = pr::DecodePullResponse(a.body);
  if (!p) {
    st_.Error("pull: undecodable answer");
    loop_.After(1000000, [this, &t] { Poll(t); });
    return;
  }
  for (const auto& c : p->changes)
    if (c.entity == "ticket" && c.data.is_object()) TicketSeen(t, c.id, c.data.value("status", ""));
  if (!p->changes.empty()) t.cursor = p->next_cursor;
  // Granted 0 = the hub had no live-pull slot free: back off a second, as the kiosk does.
  if (p->changes.empty() && a.Header("x-onestop-wait") == "0") {
    ++st_.wait_refused;
    loop_.After(1000000, [this, &t] { Poll(t); });
    return;
  }
  Poll(t);
}

void Driver::Flush(Terminal& t) {
  if (t.push->busy() || t.outbox.empty() || t.retry_scheduled) return;
  pr::PushRequest req{t.id, {}};
  const size_t n = std::min<size_t>(t.outbox.size(), 50);
  for (size_t i = 0; i < n; ++i) req.records.push_back(t.outbox[i].record);
  const int64_t sent = Loop::NowUs();
  t.push->Send(ob::Request("POST", "/v1/sync/push", t.auth, pr::ToJson(req).dump()), 30000,
               [this, &t, n, sent](const HttpAnswer* a, const std::string& err) {
                 if (stopping_) return;
                 auto retry = [&](const std::string& why) {
                   st_.Error(why);
                   t.retry_scheduled = true;
                   loop_.After(1000000, [this, &t] {
                     t.retry_scheduled = false;
                     Flush(t);
                   });
                 };
                 if (!a) return retry("push: " + err);
                 if (a->status >= 500 || a->status == 429) return retry("push: HTTP " + std::to_string(a->status));
                 auto r = pr::DecodePushResponse(a->status == 200 ? a->body : "");
                 if (!r || r->results.size() != n) return retry("push: HTTP " + std::to_string(a->status) + " " + a->body.substr(0, 120));
                 st_.push_ms.push_back(static_cast<double>(Loop::NowUs() - sent) / 1000.0);
                 ++st_.pushed_answers;
                 for (size_t i = 0; i < n; ++i) {
                   const pr::PushRecord& rec = t.outbox[i].record;
                   const pr::PushResult& res = r->results[i];
                   const std::string kind(pr::RecordKindName(rec.kind));
                   if (res.status == pr::PushStatus::kRejected) {
                     ++st_.rejected[kind + ": " + res.reason.substr(0, 100)];
                     continue;
                   }
                   if (res.status == pr::PushStatus::kDuplicate) ++st_.duplicate;
                   else ++st_.accepted;
                   ++st_.accepted_kinds[kind];
                   if (res.status == pr::PushStatus::kAccepted &&
                       (rec.kind == pr::RecordKind::kRepairRequest || rec.kind == pr::RecordKind::kCleaningRequest)) {
                     owner_[res.ref] = t.index;
                     desk_queue_.push_back({res.ref, rec.kind == pr::RecordKind::kCleaningRequest ? "clean_team" : "maint_team", t.index, 0});
                   }
                 }
                 t.outbox.erase(t.outbox.begin(), t.outbox.begin() + static_cast<std::ptrdiff_t>(n));
                 Flush(t);
               });
}

void Driver::Generate() {
  if (!generating_) return;
  std::exponential_distribution<double> gap(o_.push_rate);
  loop_.After(static_cast<int64_t>(gap(rng_) * 1e6), [this] { Generate(); });
  Terminal& t = terms_[rng_() % terms_.size()];
  const double r = std::uniform_real_distribution<double>(0, 1)(rng_);
  pr::PushRecord rec{pr::NewUuidV4(), pr::RecordKind::kRepairRequest, WallMs(), {}};
  std::optional<json> meal;
  if (r < o_.meal_share) meal = ob::MealOrderFor(hosp_, t.bed, rec.created_at_ms, t.meals_ordered, rng_);
  if (meal) {
    rec.kind = pr::RecordKind::kMealOrder;
    rec.payload = std::move(*meal);
  } else if (r < o_.meal_share + (1 - o_.meal_share) * 0.55) {
    rec.payload = ob::RepairPayload(rng_);
  } else {
    rec.kind = pr::RecordKind::kCleaningRequest;
    rec.payload = ob::CleaningPayload(rng_);
  }
  t.outbox.push_back({std::move(rec), Loop::NowUs()});
  Flush(t);
}

void Driver::DeskTick() {
  if (!generating_) return;
  loop_.After(static_cast<int64_t>(1e6 / o_.desk_rate), [this] { DeskTick(); });
  if (desk_->busy() || desk_queue_.empty()) return;
  DeskJob job = desk_queue_.front();
  desk_queue_.pop_front();
  json body = {{"to", kSteps[static_cast<size_t>(job.step)]}, {"from", kFrom[static_cast<size_t>(job.step)]}};
  if (job.step == 1) body["team"] = job.team;
  // The step exists from now on: a bed may see the move before the desk has its 200.
  deliveries_[job.ticket][static_cast<size_t>(job.step)].desk_sent_us = Loop::NowUs();
  desk_->Send(ob::Request("POST", "/v1/console/tickets/" + job.ticket + "/transition", desk_headers_, body.dump()), 30000,
              [this, job](const HttpAnswer* a, const std::string& err) {
                if (stopping_) return;
                Delivery& d = deliveries_[job.ticket][static_cast<size_t>(job.step)];
                if (!a || a->status != 200) {
                  d.seen_us = -1;  // not moved: nothing to deliver
                  st_.Error("desk: " + (a ? "HTTP " + std::to_string(a->status) + " " + a->body.substr(0, 120) : err));
                  return;
                }
                ++st_.desk_moves;
                d.desk_ok_us = Loop::NowUs();
                if (d.seen_us > 0) {
                  // The bed's pull returned the change before the desk had its answer.
                  ++st_.seen_before_200;
                  const bool same = terms_[static_cast<size_t>(job.terminal)].hub == 0;
                  st_.status_ms.push_back(0);
                  (same ? st_.status_same_ms : st_.status_other_ms).push_back(0);
                }
                if (job.step + 1 < static_cast<int>(kSteps.size())) desk_queue_.push_back({job.ticket, job.team, job.terminal, job.step + 1});
              });
}

void Driver::TicketSeen(Terminal& t, const std::string& ticket, const std::string& status) {
  int k = -1;
  for (size_t i = 0; i < kSteps.size(); ++i)
    if (status == kSteps[i]) k = static_cast<int>(i);
  if (status == "followed_up" || status == "assessed") k = 2;
  auto it = deliveries_.find(ticket);
  if (k < 0 || it == deliveries_.end()) return;
  const int64_t now = Loop::NowUs();
  bool newly_completed = false;
  for (int j = 0; j <= k; ++j) {
    Delivery& d = it->second[static_cast<size_t>(j)];
    if (d.seen_us != 0) continue;
    d.seen_us = now;
    if (j == 2) newly_completed = true;
    if (d.desk_sent_us > 0) st_.status_from_send_ms.push_back(static_cast<double>(now - d.desk_sent_us) / 1000.0);
    if (d.desk_ok_us > 0) {
      const double ms = static_cast<double>(now - d.desk_ok_us) / 1000.0;
      st_.status_ms.push_back(ms);
      (t.hub == 0 ? st_.status_same_ms : st_.status_other_ms).push_back(ms);
    }
  }
  // Patients rate part of the finished work from the bed, right after they see it done.
  if (newly_completed && generating_ && owner_[ticket] == t.index &&
      std::uniform_real_distribution<double>(0, 1)(rng_) < o_.rating_share) {
    t.outbox.push_back({{pr::NewUuidV4(), pr::RecordKind::kRating, WallMs(), ob::RatingPayload(ticket, rng_)}, now});
    Flush(t);
  }
}

void Driver::Sample() {
  if (!generating_) return;
  loop_.After(1000000, [this] { Sample(); });
  for (size_t h = 0; h < hubs_.size(); ++h) {
    const ob::ProcStat p = ob::ReadProc(hubs_[h].pid);
    peak_[h].rss_kib = std::max(peak_[h].rss_kib, p.rss_kib);
    peak_[h].threads = std::max(peak_[h].threads, p.threads);
  }
}

int64_t Driver::HubsWaiting() {
  // Live pulls held now, as the hubs count them (/metrics gauge onestop_hub_pull_waiting).
  int64_t total = 0;
  for (size_t h = 0; h < hubs_.size(); ++h) {
    Conn c(loop_, Dest(hubs_[h].port), Source(9, 200 + static_cast<int>(h)));
    bool done = false;
    c.Send(ob::Request("GET", "/metrics"), 10000, [&](const HttpAnswer* a, const std::string& err) {
      done = true;
      if (!a) {
        std::cerr << "hub_load_driver: /metrics of hub " << h << " unanswered (" << err << "): the hub is starved\n";
        return;
      }
      const std::string key = "\nonestop_hub_pull_waiting ";
      if (auto at = a->body.find(key); at != std::string::npos) total += std::atoll(a->body.c_str() + at + key.size());
    });
    Wait([&] { return done; }, 12);
  }
  return total;
}


}  // namespace onestop::bench
