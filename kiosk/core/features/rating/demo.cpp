// Screenshot content of the rating feature's screens: a bedside terminal with two completed services
// to rate (a patient rates without signing in), and the form half filled. The running kiosk never
// calls this.
#include <nlohmann/json.hpp>

#include "kiosk/core/clock.h"
#include "kiosk/core/features/rating/feature.h"
#include "kiosk/core/features/rating/state.h"

namespace onestop::rateui {

void Feature::FillDemo(AppState& s, ScreenId screen, const DemoData&) const {
  using nlohmann::json;
  const int64_t now = s.clock->NowUtcMs();
  const std::string& here = s.terminal.binding.location;
  RatingContext ctx;
  ctx.binding = {Role::kBedside, here};
  ctx.terminal_id = s.terminal.binding.terminal_id;
  auto ticket = [&](const char* id, const char* kind, const char* team, const std::string& text, int64_t age_min) {
    const json j = {{"id", id}, {"kind", kind}, {"status", "completed"}, {"location", here},
                    {"team", team}, {"created_at", FormatIsoUtcMs(now - (age_min + 90) * 60000)},
                    {"detail", {{"description", text}}},
                    {"history", {{{"status", "received"}, {"at", FormatIsoUtcMs(now - (age_min + 90) * 60000)}},
                                 {{"status", "completed"}, {"at", FormatIsoUtcMs(now - age_min * 60000)}}}}};
    if (auto t = rating::TicketFromJson(j)) ctx.tickets.push_back(t.value());
  };
  ticket("TK-000057", "repair", "equip_team", s.Tr("phrase.repair.1"), 20);
  ticket("TK-000031", "cleaning", "clean_team", s.Tr("phrase.cleaning.2"), 300);
  RatingSession& r = Get(s);
  r.ctx = std::make_shared<const RatingContext>(std::move(ctx));
  if (screen == screens::kRate) {
    r.ticket = "TK-000057";
    r.form.overall = 4;
    r.form.dimensions = {{"timeliness", 5}, {"attitude", 4}};
    r.form.tags = {"on_time"};
  }
}

}  // namespace onestop::rateui
