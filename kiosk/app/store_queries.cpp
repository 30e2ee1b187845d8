// The store-query worker and the service-request handlers. A failed read answers with an error the
// screen shows; it never crashes the frame or leaves a screen waiting forever.
#include "kiosk/app/store_queries.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "kiosk/app/meal_lookup.h"
#include "kiosk/app/rating_lookup.h"
#include "kiosk/app/repair_lookup.h"
#include "kiosk/app/staff_auth.h"
#include "kiosk/core/labels.h"
#include "kiosk/core/features/meals/views.h"
#include "kiosk/core/features/rating/views.h"
#include "kiosk/core/protocol.h"
#include "kiosk/core/features/requests/views.h"

namespace onestop::app {

StoreQueries::StoreQueries(std::string store_path, const Clock& clock, MainQueue& queue, AppState& state)
    : path_(std::move(store_path)), clock_(clock), queue_(queue), state_(state) {
  worker_ = std::thread([this] { Run(); });
}

StoreQueries::~StoreQueries() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  worker_.join();
}

void StoreQueries::Handle(const std::string& kind, Handler handler) {
  std::lock_guard lock(mu_);
  handlers_[kind] = std::move(handler);
}

void StoreQueries::Submit(StoreQuery query) {
  {
    std::lock_guard lock(mu_);
    pending_.push_back(std::move(query));
  }
  cv_.notify_one();
}

void StoreQueries::Run() {
  std::unique_ptr<offline::Store> store;  // own connection: WAL lets it read beside the sync writer
  for (;;) {
    StoreQuery q;
    Handler handler;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return !pending_.empty() || stop_; });
      if (stop_) return;
      q = std::move(pending_.front());
      pending_.pop_front();
      auto it = handlers_.find(q.kind);
      if (it != handlers_.end()) handler = it->second;
    }
    if (!handler) {
      spdlog::error("no handler for store query '{}'", q.kind);
      continue;
    }
    if (!store) {
      auto s = offline::Store::Open(path_, clock_);
      if (!s) {
        spdlog::warn("cannot read the local store: {}", s.error().message);
        continue;
      }
      store = std::move(s).value();
    }
    Answer answer = handler(*store, q);
    if (answer) queue_.Post([this, answer = std::move(answer)] { answer(state_); });
  }
}

namespace {

using json = nlohmann::json;

std::optional<json> Entity(offline::Store& store, const std::string& kind, const std::string& id) {
  auto row = store.GetEntity(kind, id);
  if (!row || !row.value()) return std::nullopt;
  auto j = protocol::ParseJsonText(*row.value());
  if (!j || !j->is_object()) return std::nullopt;
  return std::move(j).value();
}

LocalText NameOf(const std::optional<json>& j) {
  return j && j->contains("name") ? LocalText::FromJson((*j)["name"]) : LocalText{};
}

StoreQueries::Answer RepairDraftAnswer(offline::Store& store, const StoreQuery& q, const Clock& clock) {
  auto label = labels::ParseLabel(q.arg);
  Result<repair::RepairDraft> draft =
      label ? RepairDraftFromStore(store, q.arg, label.value(), clock.NowUtcMs()) : Result<repair::RepairDraft>(label.error());
  DraftExtras extras;
  if (draft) {
    const repair::RepairDraft& d = draft.value();
    if (!d.location_code.empty()) extras.location_name = NameOf(Entity(store, "location", d.location_code));
    if (d.asset) {
      extras.trade_name = NameOf(Entity(store, "config", "trade:" + d.asset->trade));
      if (auto f = Entity(store, "config", "faults:" + d.asset->class_code))
        extras.categories = requests::FaultCategoriesFromJson(*f);
    }
  }
  return [raw = q.arg, draft = std::move(draft), extras = std::move(extras)](AppState& s) mutable {
    requests::OnRepairDraft(s, raw, std::move(draft), std::move(extras));
  };
}

StoreQueries::Answer MyRequestsAnswer(offline::Store& store, const StoreQuery& q) {
  // Tickets are scoped to this terminal's area by the hub already; the bound is checked again here.
  constexpr int kMaxTickets = 20000;
  constexpr size_t kMaxRows = 100;
  std::vector<TicketSummary> tickets;
  if (auto rows = store.ListEntities("ticket", kMaxTickets)) {
    for (const auto& text : rows.value()) {
      TicketSummary t;
      if (auto j = protocol::ParseJsonText(text); j && requests::TicketSummaryFromJson(j.value(), &t))
        tickets.push_back(std::move(t));
    }
  } else {
    spdlog::warn("cannot list tickets: {}", rows.error().message);
  }
  tickets = requests::SelectRequests(std::move(tickets), q.arg, kMaxRows);
  std::vector<PendingRequest> pending;
  if (auto out = store.PeekOutbox(kMaxRows, offline::kMaxPayloadBytes * 4)) {
    for (const auto& r : out.value()) {
      PendingRequest p;
      if (requests::PendingFromOutbox(r.id, r.kind, r.payload_json, r.created_at_ms, &p)) pending.push_back(std::move(p));
    }
  }
  return [tickets = std::move(tickets), pending = std::move(pending)](AppState& s) mutable {
    requests::OnRequestsList(s, std::move(tickets), std::move(pending));
  };
}

}  // namespace

void RegisterRequestQueries(StoreQueries& queries, const Clock& clock) {
  queries.Handle(requests::kQueryRepairDraft,
                 [&clock](offline::Store& store, const StoreQuery& q) { return RepairDraftAnswer(store, q, clock); });
  queries.Handle(requests::kQueryMyRequests, MyRequestsAnswer);
}

}  // namespace onestop::app

namespace onestop::app {

void RegisterMealQueries(StoreQueries& queries, const Clock& clock) {
  // The beds of a ward (location entities of kind bed whose ward is the arg), in code order.
  queries.Handle(mealui::kQueryWardBeds, [](offline::Store& store, const StoreQuery& q) -> StoreQueries::Answer {
    std::vector<std::pair<std::string, LocalText>> beds;
    if (auto rows = store.ListEntities("location", 200000)) {
      for (const auto& text : rows.value()) {
        auto j = protocol::ParseJsonText(text);
        if (!j || !j->is_object() || j->value("kind", "") != "bed" || j->value("ward", "") != q.arg) continue;
        const nlohmann::json& loc = j.value();
        beds.emplace_back(loc.value("code", ""), loc.contains("name") ? LocalText::FromJson(loc["name"]) : LocalText{});
      }
    }
    std::sort(beds.begin(), beds.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return [beds = std::move(beds)](AppState& s) mutable { mealui::OnWardBeds(s, std::move(beds)); };
  });
  queries.Handle(mealui::kQueryMealContext, [&clock](offline::Store& store, const StoreQuery& q) -> StoreQueries::Answer {
    auto ctx = LoadMealContext(store, q.arg, clock.NowUtcMs());
    return [bed = q.arg, ctx = std::move(ctx)](AppState& s) mutable { mealui::OnMealContext(s, bed, std::move(ctx)); };
  });
}

}  // namespace onestop::app

namespace onestop::app {

void RegisterRatingQueries(StoreQueries& queries) {
  queries.Handle(rateui::kQueryRatingContext, [](offline::Store& store, const StoreQuery& q) -> StoreQueries::Answer {
    protocol::Binding fallback;
    if (auto j = protocol::ParseJsonText(q.arg); j && j->is_object()) {
      if (auto k = protocol::ParseBindingKind(j->value("kind", ""))) fallback.kind = *k;
      fallback.location = j->value("location", "");
    }
    auto ctx = LoadRatingContext(store, fallback);
    return [ctx = std::move(ctx)](AppState& s) mutable { rateui::OnRatingContext(s, std::move(ctx)); };
  });
  // Argon2id takes ~0.1 s and 64 MiB: never on the frame thread. The PIN exists only in this closure.
  queries.Handle(rateui::kQueryPinCheck, [](offline::Store&, const StoreQuery& q) -> StoreQueries::Answer {
    auto j = protocol::ParseJsonText(q.arg);
    if (!j || !j->is_object()) return nullptr;
    const uint64_t attempt = j->value("attempt", uint64_t{0});
    const bool ok = VerifyPinHash(j->value("hash", ""), j->value("pin", ""));
    return [attempt, ok](AppState& s) { rateui::OnPinChecked(s, attempt, ok); };
  });
}

}  // namespace onestop::app
