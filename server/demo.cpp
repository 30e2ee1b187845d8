// Deterministic demo hospital generator. Choices come from a fixed-seed splitmix64 (not std::
// distributions, whose output differs between standard libraries), names from assets/demo.
// Must not invent text in C++: every human-readable string comes from the seed lists.
#include "server/demo.h"

#include <cstdarg>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <spdlog/spdlog.h>

#include "kiosk/core/clock.h"
#include "kiosk/core/protocol.h"
#include "kiosk/core/repair.h"

namespace onestop::hub {
namespace {
using nlohmann::json;

constexpr uint64_t kSeed = 20261122;
constexpr int kAssetCount = 5000;
constexpr int kPartCount = 2000;
constexpr int kOccupiedPercent = 80;
// Argon2id hash (crypto_pwhash_str, INTERACTIVE limits) of the demo nurses' PIN "246810"
// (server/README.md), computed once and fixed here: a fresh salt per load would make the demo data
// non-deterministic, and hashing at load is slow. Demo data only.
constexpr const char* kDemoPinHash =
    "$argon2id$v=19$m=65536,t=2,p=1$qebt6T4nyhv7LHnJ0KqXfA$X7EWfnv4oiU6ek2DVEAvcDp3kGkoaxg/1Cfx0k920Po";

class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int Below(int n) { return static_cast<int>(Next() % static_cast<uint64_t>(n)); }

 private:
  uint64_t s_;
};

Result<json> ReadJson(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"demo.missing", "cannot read " + path};
  std::stringstream ss;
  ss << in.rdbuf();
  auto j = protocol::ParseJsonText(ss.str());
  if (!j) return Error{"demo.bad_json", path + ": " + j.error().message};
  return j.value();
}

__attribute__((format(printf, 1, 2))) std::string Fmt(const char* f, ...) {
  char b[64];
  va_list ap;
  va_start(ap, f);
  std::vsnprintf(b, sizeof b, f, ap);
  va_end(ap);
  return b;
}

// "{word} {n}" in each language of a names object, e.g. {"en": "Bed 7", ...}.
json Numbered(const json& word, int n, bool zh_suffix) {
  json out = json::object();
  for (const auto& [lang, w] : word.items()) {
    const std::string s = w.get<std::string>();
    out[lang] = lang == "en" ? s + " " + std::to_string(n) : (zh_suffix ? std::to_string(n) + s : s + std::to_string(n));
  }
  return out;
}

}  // namespace

Result<DemoSummary> LoadDemoData(HubStore& store, const std::string& dir, int64_t anchor_ms) {
  DemoSummary sum;
  auto hosp = ReadJson(dir + "/hospital.json");
  auto dishes = ReadJson(dir + "/dishes.json");
  auto classes = ReadJson(dir + "/asset_classes.json");
  auto staff = ReadJson(dir + "/staff.json");
  for (auto* r : {&hosp, &dishes, &classes, &staff})
    if (!*r) return r->error();
  const json& H = hosp.value();
  const json& D = dishes.value();
  const json& A = classes.value();
  const json& S = staff.value();

  auto txr = store.Begin();
  if (!txr) return txr.error();
  HubTx& tx = *txr.value();
  if (auto cfg = tx.GetMaster("config", "hub"); cfg && cfg->value("demo", false)) {
    sum.already_loaded = true;
    return sum;
  }
  Rng rng(kSeed);
  try {
    // ---- locations ------------------------------------------------------------------------------
    const json& campus = H.at("campus");
    const std::string campus_code = campus.at("code");
    tx.PutMaster("location", campus_code, {{"code", campus_code}, {"kind", "campus"}, {"parent", nullptr}, {"name", campus.at("name")}}, "");
    ++sum.locations;
    const int floors = H.at("floors_per_building"), wards_per_floor = H.at("wards_per_floor");
    const int rooms = H.at("rooms_per_ward"), beds = H.at("beds_per_ward");
    const json& specialties = H.at("specialties");
    std::vector<std::string> wards, all_beds, all_rooms;
    std::vector<std::string> ward_dept;
    int ward_serial = 0;
    for (const json& b : H.at("buildings")) {
      const std::string bc = b.at("code");
      tx.PutMaster("location", bc, {{"code", bc}, {"kind", "building"}, {"parent", campus_code}, {"name", b.at("name")}}, "");
      ++sum.locations;
      for (int f = 1; f <= floors; ++f) {
        const std::string fc = bc + "-" + std::to_string(f) + "F";
        tx.PutMaster("location", fc, {{"code", fc}, {"kind", "floor"}, {"parent", bc}, {"name", Numbered(H.at("floor_word"), f, true)}}, "");
        ++sum.locations;
        for (int w = 1; w <= wards_per_floor; ++w) {
          const int wn = (f - 1) * wards_per_floor + w;
          const std::string wc = fc + Fmt("-W%02d", wn);
          const json& spec = specialties.at(static_cast<size_t>(ward_serial++) % specialties.size());
          json name = json::object();
          for (const auto& [lang, s] : spec.at("name").items())
            name[lang] = s.get<std::string>() + (lang == "en" ? " " : "") + Numbered(H.at("ward_word"), wn, false)[lang].get<std::string>();
          tx.PutMaster("location", wc, {{"code", wc}, {"kind", "ward"}, {"parent", fc}, {"department", spec.at("code")}, {"name", name}}, "");
          ++sum.locations;
          wards.push_back(wc);
          ward_dept.push_back(spec.at("code"));
          const int beds_per_room = (beds + rooms - 1) / rooms;
          for (int r = 1; r <= rooms; ++r) {
            const std::string rc = wc + Fmt("-R%02d", r);
            tx.PutMaster("location", rc, {{"code", rc}, {"kind", "room"}, {"parent", wc}, {"name", Numbered(H.at("room_word"), r, false)}}, "");
            ++sum.locations;
            all_rooms.push_back(rc);
          }
          for (int bd = 1; bd <= beds; ++bd) {
            const std::string bedc = wc + Fmt("-BED%02d", bd);
            const std::string room = wc + Fmt("-R%02d", std::min(rooms, (bd - 1) / beds_per_room + 1));
            tx.PutMaster("location", bedc, {{"code", bedc}, {"kind", "bed"}, {"parent", room}, {"ward", wc}, {"name", Numbered(H.at("bed_word"), bd, true)}}, "");
            ++sum.locations;
            all_beds.push_back(bedc);
          }
        }
      }
    }
    sum.first_ward = wards.front();
    sum.first_bed = all_beds.front();

    // ---- parts ------------------------------------------------------------------------------------
    const json& cls = A.at("classes");
    std::vector<std::pair<size_t, size_t>> part_kinds;  // (class, part)
    for (size_t c = 0; c < cls.size(); ++c)
      for (size_t p = 0; p < cls[c].at("parts").size(); ++p) part_kinds.emplace_back(c, p);
    for (int i = 1; i <= kPartCount; ++i) {
      const auto [c, p] = part_kinds[static_cast<size_t>(i - 1) % part_kinds.size()];
      const std::string id = Fmt("P-%06d", i);
      const int model = static_cast<int>((i - 1) / part_kinds.size()) + 1;
      tx.PutMaster("part", id, {{"id", id}, {"class", cls[c].at("code")}, {"name", cls[c].at("parts")[p]},
                                {"model", Fmt("M%03d", model)}, {"stock", rng.Below(40)}, {"unit", "pcs"}}, "");
      ++sum.parts;
    }

    // ---- assets -------------------------------------------------------------------------------------
    int weight_total = 0;
    for (const auto& c : cls) weight_total += c.at("per_ward").get<int>();
    for (int i = 1; i <= kAssetCount; ++i) {
      int pick = rng.Below(weight_total);
      size_t c = 0;
      while (pick >= cls[c].at("per_ward").get<int>()) pick -= cls[c++].at("per_ward").get<int>();
      const size_t w = static_cast<size_t>(i - 1) % wards.size();
      const int year = 2012 + rng.Below(14);
      const std::string id = "EQ-" + std::to_string(year) + Fmt("-%06d", i);
      // Bed-side equipment sits at a bed, the rest in a room of the ward.
      const bool at_bed = cls[c].at("code") == "hospital_bed" || cls[c].at("code") == "infusion_pump" ||
                          cls[c].at("code") == "patient_monitor" || cls[c].at("code") == "call_button" ||
                          cls[c].at("code") == "oxygen_outlet";
      const std::string loc = at_bed ? wards[w] + Fmt("-BED%02d", rng.Below(beds) + 1) : wards[w] + Fmt("-R%02d", rng.Below(rooms) + 1);
      const int wy = year + cls[c].at("warranty_years").get<int>();
      tx.PutMaster("asset", id, {{"id", id}, {"class", cls[c].at("code")}, {"class_name", cls[c].at("name")},
                                 {"location", loc}, {"trade", cls[c].at("trade")}, {"department", cls[c].at("department")},
                                 {"ward_department", ward_dept[w]},
                                 {"warranty_until", std::to_string(wy) + Fmt("-%02d", rng.Below(12) + 1) + "-28"}}, "");
      ++sum.assets;
    }
    // Fixtures: a class marked "fixture": "room" stands once in every room (the 482 TV sets of the
    // seed documents), placed after the drawn assets with no rng draw, so those stay as they were.
    // Scoped to their ward: its kiosk and bedsides see them, other wards' terminals pull nothing more.
    int asset_serial = kAssetCount;
    for (const json& c : cls) {
      if (c.value("fixture", "") != "room") continue;
      const int wy = 2024 + c.at("warranty_years").get<int>();
      for (size_t r = 0; r < all_rooms.size(); ++r) {
        const std::string id = "EQ-2024" + Fmt("-%06d", ++asset_serial);
        tx.PutMaster("asset", id, {{"id", id}, {"class", c.at("code")}, {"class_name", c.at("name")},
                                   {"location", all_rooms[r]}, {"trade", c.at("trade")}, {"department", c.at("department")},
                                   {"ward_department", ward_dept[r / static_cast<size_t>(rooms)]},
                                   {"warranty_until", std::to_string(wy) + "-06-28"}},
                     wards[r / static_cast<size_t>(rooms)]);
        ++sum.assets;
      }
    }
    // Trades are master data too (names in three languages for the repair screen).
    for (const auto& [code, name] : A.at("trades").items()) tx.PutMaster("config", "trade:" + code, {{"trade", code}, {"name", name}}, "");
    // Asset classes: what a patient can name as broken, its fault categories and the note phrases
    // that fit it (an electric bed is not offered "alarm keeps sounding").
    for (const json& c : cls)
      tx.PutMaster(std::string(repair::kAssetClassEntity), c.at("code"),
                   {{"code", c.at("code")}, {"name", c.at("name")}, {"trade", c.at("trade")},
                    {"faults", c.value("faults", json::array())}, {"phrases", c.value("phrases", json::array())}}, "");

    // ---- menus ------------------------------------------------------------------------------------------
    for (const json& d : D.at("dishes")) {
      const std::string id = d.at("id");
      json item = {{"id", id}, {"name", d.at("name")}, {"slots", d.at("slots")}, {"diets", d.at("diets")},
                   {"allergens", d.at("allergens")}, {"price_cents", 300 + 50 * rng.Below(30)}};
      // Figures and kind are copied as written (no rng draw, so everything drawn after stays as it was).
      if (d.contains("nutrition")) item["nutrition"] = d.at("nutrition");
      if (d.contains("category")) item["category"] = d.at("category");
      // Staples (allowed for most diets) are limited to one portion for diabetic patients, so the demo
      // shows "limited" dishes (meals::reason::kDietLimit). No rng draw: the rest stays as it was.
      bool diabetic = false;
      for (const auto& c : d.at("diets")) diabetic |= c == "diabetic";
      if (diabetic && d.at("diets").size() >= 6) item["diet_limits"] = {{"diabetic", 1}};
      tx.PutMaster("menu_item", id, item, "");
      ++sum.menu_items;
    }
    static const char* kWeekdays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    for (int day = 0; day < 7; ++day) {
      for (const char* slot : {"breakfast", "lunch", "dinner", "late"}) {
        json items = json::array();
        for (const json& d : D.at("dishes")) {
          bool in_slot = false;
          for (const auto& s : d.at("slots")) in_slot |= s == slot;
          // Staples always; other dishes rotate so each weekday differs.
          if (in_slot && (d.at("diets").size() >= 6 || rng.Below(3) != 0)) items.push_back(d.at("id"));
        }
        const std::string id = std::string("menu-") + kWeekdays[day] + "-" + slot;
        tx.PutMaster("menu", id, {{"id", id}, {"weekday", kWeekdays[day]}, {"slot", slot}, {"items", items}}, "");
        ++sum.menus;
      }
    }

    // ---- diet orders (bed-scoped: only that bed and its ward see them) ---------------------------------
    const json& diets = D.at("diet_codes");
    static const char* kAllergens[] = {"milk", "egg", "fish", "shellfish", "soy", "gluten", "peanut"};
    for (const auto& bed : all_beds) {
      if (rng.Below(100) >= kOccupiedPercent) continue;
      // Most patients eat regular food; the rest spread over the therapeutic diets.
      const std::string diet = rng.Below(2) == 0 ? "regular" : diets.at(static_cast<size_t>(rng.Below(static_cast<int>(diets.size())))).get<std::string>();
      json allergens = json::array();
      if (rng.Below(10) == 0) allergens.push_back(kAllergens[rng.Below(7)]);
      tx.PutMaster("diet_order", bed, {{"bed", bed}, {"diet", diet}, {"allergens", allergens},
                                       {"ordered_by", "demo"}}, bed);
      ++sum.diet_orders;
    }

    // ---- staff ------------------------------------------------------------------------------------------
    const json& fam = S.at("family_names");
    const json& giv = S.at("given_names");
    int sn = 0;
    for (const json& team : S.at("teams")) {
      tx.PutMaster("config", "team:" + team.at("code").get<std::string>(), {{"team", team.at("code")}, {"trade", team.at("trade")}, {"name", team.at("name")}}, "");
      for (int i = 0; i < team.at("size").get<int>(); ++i) {
        const json& f = fam.at(static_cast<size_t>(rng.Below(static_cast<int>(fam.size()))));
        const json& g = giv.at(static_cast<size_t>(rng.Below(static_cast<int>(giv.size()))));
        const std::string id = Fmt("S%04d", ++sn);
        const std::string zh = f.at("zh").get<std::string>() + g.at("zh").get<std::string>();
        tx.PutMaster("staff", id, {{"id", id}, {"name", {{"zh-Hans", zh}, {"zh-Hant", zh}, {"en", g.at("en").get<std::string>() + " " + f.at("en").get<std::string>()}}},
                                   {"team", team.at("code")}, {"trade", team.at("trade")},
                                   {"role", i == 0 ? "lead" : "worker"}, {"badge", Fmt("BADGE%06d", 100000 + sn)}}, "");
        ++sum.staff;
      }
    }
    // Ward nurses (issue 7: they sign in on ward kiosks to rate). Four for the demo terminals' ward and
    // one for the next ward (not allowed on the demo ward kiosk). All share the demo PIN (kDemoPinHash);
    // badges NURSE900001.. (server/README.md).
    {
      for (int i = 1; i <= 5; ++i) {
        const std::string ward = i <= 4 ? wards.front() : wards.at(1 % wards.size());
        const json& f = fam.at(static_cast<size_t>(rng.Below(static_cast<int>(fam.size()))));
        const json& g = giv.at(static_cast<size_t>(rng.Below(static_cast<int>(giv.size()))));
        const std::string id = Fmt("7%04d", i);  // digits only: typed on the sign-in keypad
        const std::string zh = f.at("zh").get<std::string>() + g.at("zh").get<std::string>();
        tx.PutMaster("staff", id, {{"id", id}, {"name", {{"zh-Hans", zh}, {"zh-Hant", zh}, {"en", g.at("en").get<std::string>() + " " + f.at("en").get<std::string>()}}},
                                   {"role", "nurse"}, {"ward", ward}, {"badge", Fmt("NURSE%06d", 900000 + i)},
                                   {"pin_hash", kDemoPinHash}}, ward);
        ++sum.staff;
      }
    }

    // ---- config and the one outage notice ----------------------------------------------------------
    tx.PutMaster("config", "hub", {{"demo", true}, {"time_zone", "Asia/Shanghai"},
                                   {"meal_cutoffs", {{"breakfast", "18:00"}, {"lunch", "09:30"}, {"dinner", "15:00"}}},
                                   {"meal_cutoff_day_before", {{"breakfast", true}, {"lunch", false}, {"dinner", false}}},
                                   {"late_order_promise_min", 20}, {"late_slot", {{"from", "20:00"}, {"to", "06:00"}}},
                                   {"meal_limits", {{"max_dishes", 6}, {"max_qty_per_dish", 3}, {"max_days_ahead", 7}}},
                                   {"idle_timeout_s", 90}, {"languages", {"zh-Hans", "zh-Hant", "en"}}}, "");
    // The demo terminals' own ward, so the banner shows in the demo.
    const std::string outage_ward = wards.front();
    const int64_t day = 86400000;
    const int64_t start = (anchor_ms / day + 1) * day + 18 * 3600000;  // next day 02:00 Asia/Shanghai
    const json& outage = H.at("outage");
    tx.PutMaster("notice", "N-000001", {{"id", "N-000001"}, {"kind", outage.at("kind")}, {"location", outage_ward},
                                        {"starts_at", FormatIsoUtcMs(start)}, {"ends_at", FormatIsoUtcMs(start + 4 * 3600000)},
                                        {"text", outage.at("text")}}, outage_ward);
    ++sum.notices;
  } catch (const json::exception& e) {
    return Error{"demo.bad_seed", std::string("demo seed lists in ") + dir + " are malformed: " + e.what()};
  }

  // Demo enrollment codes, valid for ten years from the load.
  const int64_t expiry = anchor_ms + 3650LL * 86400000;
  tx.AddEnrollCode("DEMO-BEDSIDE", {Role::kBedside, sum.first_bed}, expiry);
  tx.AddEnrollCode("DEMO-WARD", {Role::kWard, sum.first_ward}, expiry);
  if (auto s = tx.Commit(); !s) return s.error();
  spdlog::info("demo data loaded: {} locations, {} parts, {} assets, {} menus, {} dishes, {} diet orders, {} staff",
               sum.locations, sum.parts, sum.assets, sum.menus, sum.menu_items, sum.diet_orders, sum.staff);
  return sum;
}

}  // namespace onestop::hub
