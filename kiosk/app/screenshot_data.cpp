// Screenshot states for the scan, repair and my-requests screens (see screenshot_data.h). Data comes
// from assets/demo and the catalogs, through the same core functions the live screens use.
#include "kiosk/app/screenshot_data.h"

#include <fstream>

#include <nlohmann/json.hpp>

#include "devices/cameras.h"
#include "kiosk/app/scan_service.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/labels.h"
#include "kiosk/core/requests.h"

namespace onestop::app {
namespace {

using json = nlohmann::json;

json ReadJson(const std::string& path) {
  std::ifstream in(path);
  json j = json::parse(in, nullptr, /*allow_exceptions=*/false);
  return j.is_discarded() ? json::object() : j;
}

constexpr const char* kAsset = "EQ-2021-000123";

void FillRepair(AppState& s, const std::string& assets_dir) {
  const int64_t now = s.clock->NowUtcMs();
  const json classes = ReadJson(assets_dir + "/demo/asset_classes.json");
  json cls = json::object();
  for (const auto& c : classes.value("classes", json::array()))
    if (c.value("code", "") == "infusion_pump") cls = c;
  const json asset = {{"id", kAsset}, {"class", "infusion_pump"}, {"class_name", cls.value("name", json::object())},
                      {"location", s.binding.location_code}, {"trade", "medical_equipment"},
                      {"department", "clinical_engineering"}, {"warranty_until", "2027-05-28"}};
  const json tickets = json::array({{{"id", "TK-000042"}, {"kind", "repair"}, {"status", "accepted"}, {"asset", kAsset},
                                     {"location", s.binding.location_code}, {"created_at", FormatIsoUtcMs(now - 28 * 60000)}}});
  const std::string raw = std::string("https://onestop.local/a/") + kAsset;
  auto label = labels::ParseLabel(raw);
  if (!label) return;
  RequestsSession& rq = s.session.requests;
  rq.raw = raw;
  rq.draft = repair::BuildRepairDraft(raw, label.value(), asset, tickets, now);
  rq.extras.trade_name = LocalText::FromJson(classes["trades"].value("medical_equipment", json::object()));
  s.session.fields["repair.urgency"] = "urgent";
  s.session.fields["repair.category"] = "alarm";
  s.session.fields["repair.note"] = s.Tr("phrase.repair.1");
}

void FillRequests(AppState& s) {
  const int64_t now = s.clock->NowUtcMs();
  RequestsSession& rq = s.session.requests;
  rq.list_loaded = true;
  rq.pending.push_back({"p1", "cleaning_request", s.Tr("phrase.cleaning.1"), now - 2 * 60000});
  auto ticket = [&](const char* id, const char* kind, const char* status, std::string summary, int64_t age_min) {
    TicketSummary t{id, kind, status, s.binding.location_code, "", std::move(summary), now - age_min * 60000, now, {}};
    for (const auto& step : requests::StatusSteps()) {
      t.steps.emplace_back(step, t.created_ms);
      if (step == status) break;
    }
    rq.tickets.push_back(std::move(t));
  };
  ticket("TK-000057", "repair", "in_progress", s.Tr("phrase.repair.1"), 35);
  ticket("TK-000049", "complaint", "accepted", s.Tr("phrase.complaint.2"), 180);
  ticket("TK-000031", "repair", "completed", s.Tr("phrase.repair.0"), 60 * 26);
}

}  // namespace

void FillScreenshotData(AppState& s, ScreenId screen, const std::string& assets_dir) {
  switch (screen) {
    case ScreenId::kScan: {
      auto frame = devices::RenderLabelFrame(std::string("https://onestop.local/a/") + kAsset, 1280, 720, 6);
      if (!frame) return;
      s.camera = PreviewFeed(frame.value());
      s.camera.running = true;
      s.camera.generation = 1;
      break;
    }
    case ScreenId::kRepair: FillRepair(s, assets_dir); break;
    case ScreenId::kRequests: FillRequests(s); break;
    default: break;
  }
}

}  // namespace onestop::app
