// Screenshot content of the rating feature's screens: a bedside terminal with two completed services
// to rate (a patient rates without signing in), named as the store reader names them (asset, place,
// worker from the demo files), and the form half filled. The running kiosk never calls this.
#include <nlohmann/json.hpp>

#include "kiosk/core/clock.h"
#include "kiosk/core/features/rating/feature.h"
#include "kiosk/core/features/rating/state.h"
#include "kiosk/core/local_text.h"

#include <string>
#include <vector>

namespace onestop::rateui {
namespace {

using nlohmann::json;

const json& At(const json& j, const char* key) {
  static const json kNull;
  return j.is_object() && j.contains(key) ? j[key] : kNull;
}

// "<word> 7" in English, "7<word>" in Chinese, as the hub's demo seed numbers places (server/demo.cpp).
LocalText Numbered(const json& word, int n) {
  LocalText w = LocalText::FromJson(word), out;
  for (Lang l : kAllLangs) {
    const std::string& t = w.Get(l);
    out.text[static_cast<size_t>(l)] = l == Lang::kEn ? t + " " + std::to_string(n) : std::to_string(n) + t;
  }
  return out;
}

LocalText Join(const std::vector<LocalText>& parts) {
  LocalText out;
  for (Lang l : kAllLangs)
    for (const auto& p : parts) {
      std::string& t = out.text[static_cast<size_t>(l)];
      t += (t.empty() ? "" : " \xC2\xB7 ") + p.Get(l);
    }
  return out;
}

// The demo's worker: a family and a given name from staff.json, as the hub's seed composes them.
LocalText Person(const json& staff, size_t family, size_t given) {
  const json& f = At(staff, "family_names");
  const json& g = At(staff, "given_names");
  if (!f.is_array() || !g.is_array() || f.size() <= family || g.size() <= given) return {};
  auto str = [](const json& j) { return j.is_string() ? j.get<std::string>() : std::string(); };
  const std::string zh = str(At(f[family], "zh")) + str(At(g[given], "zh"));
  const std::string en = str(At(g[given], "en")) + " " + str(At(f[family], "en"));
  return LocalText::FromJson(json{{"zh-Hans", zh}, {"zh-Hant", zh}, {"en", en}});
}

}  // namespace

void Feature::FillDemo(AppState& s, ScreenId screen, const DemoData& demo) const {
  const int64_t now = s.clock->NowUtcMs();
  const std::string& here = s.terminal.binding.location;
  RatingContext ctx;
  ctx.binding = {Role::kBedside, here};
  ctx.terminal_id = s.terminal.binding.terminal_id;
  auto ticket = [&](const char* id, const char* kind, const char* team, json detail, int64_t age_min) {
    const json j = {{"id", id}, {"kind", kind}, {"status", "completed"}, {"location", here},
                    {"asset", kind == std::string("repair") ? "EQ-2021-000123" : ""},
                    {"team", team}, {"created_at", FormatIsoUtcMs(now - (age_min + 90) * 60000)},
                    {"detail", std::move(detail)},
                    {"history", {{{"status", "received"}, {"at", FormatIsoUtcMs(now - (age_min + 90) * 60000)}},
                                 {{"status", "completed"}, {"at", FormatIsoUtcMs(now - age_min * 60000)}}}}};
    if (auto t = rating::TicketFromJson(j)) ctx.tickets.push_back(t.value());
  };
  ticket("TK-000057", "repair", "equip_team", {{"category", "occlusion"}, {"description", s.Tr("phrase.repair.1")}}, 20);
  ticket("TK-000031", "cleaning", "clean_team", {{"type", "cleaning"}, {"description", s.Tr("phrase.cleaning.2")}}, 300);
  // The names the store reader would find: the infusion pump's class, fault and trade; the bed in
  // ward 12, room 3; the workers from the demo's name lists.
  const json& H = demo.hospital;
  const LocalText place = Join({Numbered(At(H, "ward_word"), 12), Numbered(At(H, "room_word"), 3), Numbered(At(H, "bed_word"), 7)});
  TicketNames pump;
  if (const json& classes = At(demo.asset_classes, "classes"); classes.is_array())
    for (const auto& c : classes)
      if (At(c, "code") == "infusion_pump") {
        pump.asset_class = LocalText::FromJson(At(c, "name"));
        for (const auto& f : At(c, "faults"))
          if (At(f, "code") == "occlusion") pump.category = LocalText::FromJson(At(f, "name"));
      }
  pump.trade = LocalText::FromJson(At(At(demo.asset_classes, "trades"), "medical_equipment"));
  pump.place = place;
  pump.worker = Person(demo.staff, 0, 1);
  TicketNames cleaning;
  cleaning.trade = LocalText::FromJson(At(At(demo.asset_classes, "trades"), "cleaning"));
  cleaning.place = place;
  cleaning.worker = Person(demo.staff, 4, 3);
  ctx.names["TK-000057"] = pump;
  ctx.names["TK-000031"] = cleaning;
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
