// Screenshot states for the scan, repair and my-requests screens (see screenshot_data.h). Data comes
// from assets/demo and the catalogs, through the same core functions the live screens use.
#include "kiosk/app/screenshot_data.h"

#include <algorithm>
#include <fstream>

#include <nlohmann/json.hpp>

#include "devices/cameras.h"
#include "kiosk/app/scan_service.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/labels.h"
#include "kiosk/core/features/meals/views.h"
#include "kiosk/core/features/rating/views.h"
#include "kiosk/core/features/requests/views.h"

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

// A soft-diet patient allergic to milk, with the demo dish catalogue: the meal chooser at 14:30,
// the dinner menu with a basket, and My meals with an approved and a late order.
void FillMeals(AppState& s, ScreenId screen, const std::string& assets_dir) {
  const int64_t now = s.clock->NowUtcMs();
  MealContext ctx;
  ctx.bed = s.binding.location_code;
  ctx.config.time_zone = s.tz.name();
  ctx.tz = s.tz;
  ctx.now = meals::JudgeNow(now, true, 0);
  ctx.diet = meals::DietOrder{ctx.bed, "soft", {"milk"}, "demo"};
  for (const auto& d : ReadJson(assets_dir + "/demo/dishes.json").value("dishes", json::array()))
    if (auto dish = meals::DishFromJson(d)) ctx.catalog.emplace(dish->id, dish.value());
  for (const auto& choice : meals::OrderableSlots(ctx.config, ctx.tz, now)) {
    MealSlotMenu m;
    m.choice = choice;
    for (const auto& [id, dish] : ctx.catalog)
      if (std::find(dish.slots.begin(), dish.slots.end(), choice.slot) != dish.slots.end()) m.dishes.push_back(dish);
    m.view = meals::FilterMenu(m.dishes, &*ctx.diet, choice.slot, ctx.config.max_qty_per_dish);
    ctx.slots.push_back(std::move(m));
  }
  auto order = [&](meals::Slot slot, const std::string& date, std::vector<meals::OrderItem> items, meals::OrderState st,
                   const std::string& ticket, int64_t due) {
    MyMeal m;
    m.record_id = ticket;
    m.order = {ctx.bed, slot, date, std::move(items), slot == meals::Slot::kLate, "soft", {"milk"}, ""};
    m.status.state = st;
    m.status.ticket = ticket;
    m.status.due_ms = due;
    m.can_cancel = st == meals::OrderState::kApproved;
    ctx.orders.push_back(std::move(m));
  };
  const std::string today = s.tz.Date(now);
  order(meals::Slot::kDinner, today, {{"D001", 1}}, meals::OrderState::kApproved, "TK-000088", 0);
  order(meals::Slot::kLunch, today, {{"D001", 1}}, meals::OrderState::kDelivered, "TK-000061", 0);
  MealsSession& ms = s.session.meals;
  ms.bed = ctx.bed;
  ms.ctx = std::make_shared<const MealContext>(std::move(ctx));
  if (screen == ScreenId::kMenu && !ms.ctx->slots.empty()) {
    ms.slot = 0;
    const auto& view = ms.ctx->slots[0].view.dishes;
    int added = 0;
    for (const auto& d : view)
      if (d.state != meals::DishState::kHidden && added < 2) ms.basket[d.id] = ++added;
  }
}

// A bedside terminal with two completed services to rate (a patient rates without signing in).
void FillRating(AppState& s, ScreenId screen) {
  const int64_t now = s.clock->NowUtcMs();
  RatingContext ctx;
  ctx.binding = {protocol::BindingKind::kBedside, s.binding.location_code};
  ctx.terminal_id = s.binding.terminal_id;
  auto ticket = [&](const char* id, const char* kind, const char* team, const std::string& text, int64_t age_min) {
    const json j = {{"id", id}, {"kind", kind}, {"status", "completed"}, {"location", s.binding.location_code},
                    {"team", team}, {"created_at", FormatIsoUtcMs(now - (age_min + 90) * 60000)},
                    {"detail", {{"description", text}}},
                    {"history", {{{"status", "received"}, {"at", FormatIsoUtcMs(now - (age_min + 90) * 60000)}},
                                 {{"status", "completed"}, {"at", FormatIsoUtcMs(now - age_min * 60000)}}}}};
    if (auto t = rating::TicketFromJson(j)) ctx.tickets.push_back(t.value());
  };
  ticket("TK-000057", "repair", "equip_team", s.Tr("phrase.repair.1"), 20);
  ticket("TK-000031", "cleaning", "clean_team", s.Tr("phrase.cleaning.2"), 300);
  s.session.rating.ctx = std::make_shared<const RatingContext>(std::move(ctx));
  if (screen == ScreenId::kRate) {
    s.session.rating.ticket = "TK-000057";
    s.session.fields["rate.overall"] = "4";
    s.session.fields["rate.dim.timeliness"] = "5";
    s.session.fields["rate.dim.attitude"] = "4";
    s.session.fields["rate.tag.on_time"] = "1";
  }
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
    case ScreenId::kMeals:
    case ScreenId::kMenu:
    case ScreenId::kMyMeals: FillMeals(s, screen, assets_dir); break;
    case ScreenId::kToRate:
    case ScreenId::kRate: FillRating(s, screen); break;
    case ScreenId::kSignIn:
      s.staff = std::make_shared<staff::StaffSession>(
          *s.clock, [](std::string_view, std::string_view) { return false; },
          protocol::Binding{protocol::BindingKind::kWard, s.binding.location_code});
      s.session.fields["signin.step"] = "pin";
      s.session.fields["signin.number"] = "N10023";
      s.session.fields["signin.pin"] = "1234";
      break;
    default: break;
  }
}

}  // namespace onestop::app
