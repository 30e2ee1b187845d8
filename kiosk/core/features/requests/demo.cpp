// Screenshot content of the requests feature's screens: a scanned infusion pump with an open ticket,
// and a "My requests" list. Data comes from assets/demo (parsed by the app) and the catalogs, through
// the same rules the live screens use. The running kiosk never calls this.
#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "kiosk/core/clock.h"
#include "kiosk/core/features/requests/feature.h"
#include "kiosk/core/features/requests/views.h"
#include "kiosk/core/labels.h"

namespace onestop::requests {
namespace {

using json = nlohmann::json;
constexpr const char* kAsset = "EQ-2021-000123";

void FillRepair(AppState& s, const DemoData& demo) {
  const int64_t now = s.clock->NowUtcMs();
  const std::string& here = s.terminal.binding.location;
  json cls = json::object();
  for (const auto& c : demo.asset_classes.value("classes", json::array()))
    if (c.value("code", "") == "infusion_pump") cls = c;
  const json asset = {{"id", kAsset}, {"class", "infusion_pump"}, {"class_name", cls.value("name", json::object())},
                      {"location", here}, {"trade", "medical_equipment"},
                      {"department", "clinical_engineering"}, {"warranty_until", "2027-05-28"}};
  const json tickets = json::array({{{"id", "TK-000042"}, {"kind", "repair"}, {"status", "accepted"}, {"asset", kAsset},
                                     {"location", here}, {"created_at", FormatIsoUtcMs(now - 28 * 60000)}}});
  const std::string raw = std::string("https://onestop.local/a/") + kAsset;
  auto label = labels::ParseLabel(raw);
  if (!label) return;
  RequestsSession& rq = Get(s);
  rq.raw = raw;
  rq.draft = repair::BuildRepairDraft(raw, label.value(), asset, tickets, now);
  const json trades = demo.asset_classes.value("trades", json::object());
  rq.extras.trade_name = LocalText::FromJson(trades.value("medical_equipment", json::object()));
  rq.urgency = "urgent";
  rq.fault_category = "alarm";
  s.session.fields["repair.note"] = s.Tr("phrase.repair.1");
}

void FillRequests(AppState& s) {
  const int64_t now = s.clock->NowUtcMs();
  RequestsSession& rq = Get(s);
  rq.list_loaded = true;
  rq.pending.push_back({"p1", "cleaning_request", s.Tr("phrase.cleaning.1"), now - 2 * 60000});
  auto ticket = [&](const char* id, const char* kind, const char* status, std::string summary, int64_t age_min) {
    TicketSummary t{id, kind, status, s.terminal.binding.location, "", std::move(summary), now - age_min * 60000, now, {}};
    for (const auto& step : StatusSteps()) {
      t.steps.emplace_back(step, t.created_ms);
      if (step == status) break;
    }
    rq.tickets.push_back(std::move(t));
  };
  ticket("TK-000057", "repair", "in_progress", s.Tr("phrase.repair.1"), 35);
  ticket("TK-000049", "complaint", "accepted", s.Tr("phrase.complaint.2"), 180);
  ticket("TK-000031", "repair", "completed", s.Tr("phrase.repair.0"), 60 * 26);
}

// A ward kiosk's cleaning request for bed 4 in room 2: the rooms of the ward, then that room's beds.
// Names are built from the catalogs as the hub's master data would name them.
void FillCleaning(AppState& s) {
  if (s.terminal.binding.role != Role::kWard) return;  // a bedside asks for its own place only
  const std::string ward = s.terminal.binding.location;
  RequestsSession& rq = Get(s);
  rq.here.location = ward;
  auto named = [&](const char* key, int n) {
    LocalText t;
    for (Lang l : kAllLangs) t.text[static_cast<size_t>(l)] = s.i18n->Format(l, key, {std::to_string(n)});
    return t;
  };
  char code[16];
  for (int r = 1; r <= 10; ++r) {
    std::snprintf(code, sizeof code, "-R%02d", r);
    const std::string room = ward + code;
    rq.here.places.push_back({room, ward, named("place.room_n", r)});
    for (int b = (r - 1) * 3 + 1; b <= std::min(24, r * 3); ++b) {
      std::snprintf(code, sizeof code, "-BED%02d", b);
      rq.here.places.push_back({ward + code, room, named("escort.bed_n", b)});
    }
  }
  rq.cleaning_place = ward + "-BED04";
  rq.cleaning_type = "disinfection";
  s.session.fields["cleaning.note"] = s.Tr("phrase.cleaning.3");
}

}  // namespace

void Feature::FillDemo(AppState& s, ScreenId screen, const DemoData& demo) const {
  if (screen == screens::kRepair) FillRepair(s, demo);
  else if (screen == screens::kRequests) FillRequests(s);
  else if (screen == screens::kCleaning) FillCleaning(s);
}

}  // namespace onestop::requests
