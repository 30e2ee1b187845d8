// See escort_lookup.h. Hostile or half-written entities are skipped, never fatal: one bad row must
// not hide the rest of the ward.
#include "kiosk/app/lookups/escort_lookup.h"

#include <algorithm>

#include "kiosk/core/features/escort/commands.h"
#include "kiosk/core/features/escort/jobs.h"
#include "kiosk/core/protocol.h"

namespace onestop::app {

namespace {
// A ward has tens of beds; the cap bounds memory against a corrupt store, like the meals lookup's.
constexpr int kMaxLocations = 200000;
}  // namespace

std::vector<std::pair<std::string, LocalText>> ReadWardBeds(offline::Store& store, const std::string& ward) {
  std::vector<std::pair<std::string, LocalText>> beds;
  if (ward.empty()) return beds;  // an unbound terminal has no ward
  auto rows = store.ListEntities("location", kMaxLocations);
  if (!rows) return beds;
  for (const auto& text : rows.value()) {
    auto loc = protocol::ParseJsonText(text);
    if (!loc || !loc->is_object()) continue;
    const auto kind = loc->find("kind"), in_ward = loc->find("ward"), code = loc->find("code");
    if (kind == loc->end() || in_ward == loc->end() || code == loc->end()) continue;
    if (*kind != "bed" || *in_ward != ward || !code->is_string()) continue;
    const std::string c = code->get<std::string>();
    // The ward field is data from the hub: the bed must also lie inside the ward by its code, or the
    // hub would refuse the request as outside this terminal's binding.
    if (!protocol::LocationWithin(c, ward)) continue;
    beds.emplace_back(c, loc->contains("name") ? LocalText::FromJson(loc.value()["name"]) : LocalText{});
  }
  std::sort(beds.begin(), beds.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  return beds;
}

std::map<std::string, meals::DietOrder> ReadBedDiets(offline::Store& store,
                                                     const std::vector<std::pair<std::string, LocalText>>& beds) {
  std::map<std::string, meals::DietOrder> out;
  for (const auto& [code, name] : beds) {
    auto row = store.GetEntity("diet_order", code);
    if (!row || !row.value()) continue;
    auto j = protocol::ParseJsonText(*row.value());
    if (!j) continue;
    if (auto d = meals::DietOrderFromJson(j.value())) out.emplace(code, std::move(d).value());
  }
  return out;
}

void RegisterEscortLookups(JobRouter& router, Executor::Lane lane, std::shared_ptr<StoreReader> store) {
  router.On<escort::job::ReadBeds>(lane, [store](const escort::job::ReadBeds& j) -> std::optional<Command> {
    auto s = store->Get();
    if (!s) return escort::cmd::BedsRead{j.ward, {}, {}};
    auto beds = ReadWardBeds(*s.value(), j.ward);
    auto diets = ReadBedDiets(*s.value(), beds);
    return escort::cmd::BedsRead{j.ward, std::move(beds), std::move(diets)};
  });
}

}  // namespace onestop::app
