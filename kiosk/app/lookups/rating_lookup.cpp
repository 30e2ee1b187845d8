// Loads tickets, staff and this terminal's own (queued or acknowledged) ratings from the kiosk store for the rating rules in core.
// Bounded reads: a corrupt or oversized store must not flood memory.
#include "kiosk/app/lookups/rating_lookup.h"

#include "kiosk/app/lookups/lookups.h"
#include "kiosk/core/features/rating/commands.h"
#include "kiosk/core/features/rating/jobs.h"

#include <cstdint>

namespace onestop::app {
namespace {
constexpr int kMaxTickets = 20000;
constexpr int kMaxStaff = 20000;
constexpr size_t kMaxOutboxScan = 100000;
constexpr size_t kMaxReceiptScan = 2000;  // newest acknowledged ratings; older ones came back long ago
}  // namespace

Result<staff::StaffDirectory> LoadStaffDirectory(offline::Store& store) {
  auto staff_rows = store.ListEntities("staff", kMaxStaff);
  if (!staff_rows) return staff_rows.error();
  std::vector<staff::StaffMember> members;
  for (const auto& text : staff_rows.value())
    if (auto j = protocol::ParseJsonText(text); j)
      if (auto m = staff::StaffFromJson(j.value()); m) members.push_back(std::move(m).value());
  return staff::StaffDirectory(std::move(members));
}

Result<RatingContext> LoadRatingContext(offline::Store& store, const Binding& fallback) {
  RatingContext ctx;
  auto st = store.LoadSyncState();
  if (!st) return st.error();
  ctx.terminal_id = st->terminal_id;
  ctx.binding = fallback;
  if (st->binding) ctx.binding = *st->binding;

  auto tickets = store.ListEntities("ticket", kMaxTickets);
  if (!tickets) return tickets.error();
  for (const auto& text : tickets.value())
    if (auto j = protocol::ParseJsonText(text); j)
      if (auto t = rating::TicketFromJson(j.value()); t) ctx.tickets.push_back(std::move(t).value());

  auto directory = LoadStaffDirectory(store);
  if (!directory) return directory.error();
  ctx.staff = std::move(directory).value();

  // A patient's rating carries no rater: the terminal is the rater (as the hub records it).
  const std::string patient = rating::RaterFor(ctx.binding, ctx.terminal_id, "");
  // Ratings still queued, and ratings the hub acknowledged whose effect a pull may not have brought
  // into the ticket yet: both are this terminal's, so the same completion is never rated twice.
  auto add = [&](const std::vector<offline::OutboxRecord>& records, bool pending) {
    for (const auto& rec : records) {
      if (rec.kind != "rating") continue;
      auto j = protocol::ParseJsonText(rec.payload_json);
      if (!j) continue;
      auto r = rating::SubmittedFromJson(j.value(), patient);
      if (!r) continue;
      r->pending = pending;
      if (r->at.empty()) r->at = FormatIsoUtcMs(rec.created_at_ms);
      ctx.own.push_back(std::move(r).value());
    }
  };
  auto outbox = store.PeekOutbox(kMaxOutboxScan, SIZE_MAX);
  if (!outbox) return outbox.error();
  add(outbox.value(), true);
  auto sent = store.ListReceipts("rating", kMaxReceiptScan);
  if (!sent) return sent.error();
  add(sent.value(), false);
  return ctx;
}

void RegisterRatingLookups(JobRouter& router, Executor::Lane lane, std::shared_ptr<StoreReader> store) {
  router.On<rateui::job::ReadRatingContext>(lane, [store](const rateui::job::ReadRatingContext& j) -> std::optional<Command> {
    auto s = store->Get();
    if (!s) return rateui::cmd::RatingContextRead{s.error()};
    return rateui::cmd::RatingContextRead{LoadRatingContext(*s.value(), j.fallback)};
  });
}

}  // namespace onestop::app
