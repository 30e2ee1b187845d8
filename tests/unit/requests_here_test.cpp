// Issue 16 item 6 through Apply, as the screens drive it: a patient's fault report asks what is broken
// from the asset classes at her bed (categories and note phrases follow the class, from hub data); a
// ward kiosk names the room or bed of a cleaning request or complaint. Pure core, real catalogs.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "kiosk/core/features/foundation/feature.h"
#include "kiosk/core/features/requests/commands.h"
#include "kiosk/core/features/requests/feature.h"
#include "kiosk/core/features/requests/jobs.h"
#include "kiosk/core/features/requests/store_data.h"
#include "kiosk/core/features/requests/views.h"
#include "kiosk/core/labels.h"
#include "kiosk/core/record_rules.h"
#include "kiosk/core/shell/shell.h"
#include "tests/unit/effects_helpers.h"
#include "tests/unit/state_fixture.h"

using namespace onestop;
using json = nlohmann::json;

namespace {

namespace rq = requests;

json Names(const char* en, const char* hans) { return {{"en", en}, {"zh-Hans", hans}, {"zh-Hant", hans}}; }

// The hub's asset classes as the demo seed writes them (repair::kAssetClassEntity).
json BedClass() {
  return {{"code", "hospital_bed"},
          {"name", Names("Electric hospital bed", "bed-hans")},
          {"trade", "mechanical"},
          {"faults", {{{"code", "motor"}, {"name", Names("Lift does not move", "motor-hans")}},
                      {{"code", "brake"}, {"name", Names("Brake fault", "brake-hans")}}}},
          {"phrases", {Names("Bed will not go up", "up-hans"), Names("Side rail is loose", "rail-hans")}}};
}
json TvClass() {
  return {{"code", "television"}, {"name", Names("Television", "tv-hans")}, {"trade", "electrical"},
          {"faults", {{{"code", "no_picture"}, {"name", Names("No picture", "np-hans")}}}},
          {"phrases", {Names("TV will not switch on", "tvon-hans")}}};
}

class RequestsHereTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LoadCatalogs(&i18n);
    PrepareState(s, i18n, clock);
  }
  void Bind(Role role, const std::string& location) {
    s.terminal.binding.role = role;
    s.terminal.binding.location = location;
    ResetSession(s);
    s.session.lang = Lang::kEn;
  }
  // Answers the pending ReadHere like the app's worker.
  void AnswerHere(std::vector<rq::AssetClassInfo> classes, std::vector<rq::Place> places) {
    const auto asked = JobsOf<rq::job::ReadHere>(s);
    ASSERT_EQ(asked.size(), 1u);
    ClearJobs<rq::job::ReadHere>(s);
    Apply(s, rq::cmd::HereRead{rq::HereData{asked[0].location, std::move(classes), std::move(places)}});
  }
  static const rq::ChoiceGroup* GroupNamed(const rq::RequestFormView& v, const std::string& label) {
    for (const auto& g : v.groups)
      if (g.label == label) return &g;
    return nullptr;
  }
  static std::vector<std::string> Ids(const rq::ChoiceGroup& g) {
    std::vector<std::string> out;
    for (const auto& c : g.chips) out.push_back(c.id);
    return out;
  }
  static std::vector<std::string> Labels(const std::vector<rq::Chip>& chips) {
    std::vector<std::string> out;
    for (const auto& c : chips) out.push_back(c.label);
    return out;
  }
  static rq::Place P(const std::string& code, const std::string& parent, const char* en) {
    return {code, parent, LocalText::FromJson(json{{"en", en}})};
  }
  std::string Tr(const char* key) const { return i18n.Tr(Lang::kEn, key); }

  I18n i18n;
  FakeClock clock{1795329000000};
  AppState s;
};

TEST_F(RequestsHereTest, PatientFaultReportAsksWhatIsBrokenAndOffersThatClassesPhrases) {
  Bind(Role::kBedside, "B2-3F-W12-BED07");
  Apply(s, cmd::Navigate{screens::kRepair});
  // The form asks the worker what stands at this bed (and in its room).
  ASSERT_EQ(JobsOf<rq::job::ReadHere>(s).size(), 1u);
  EXPECT_EQ(JobsOf<rq::job::ReadHere>(s)[0].location, "B2-3F-W12-BED07");
  AnswerHere({*rq::AssetClassFromJson(BedClass()), *rq::AssetClassFromJson(TvClass())}, {});

  auto v = rq::BuildRequestFormView(s, rq::Form::kRepair);
  const rq::ChoiceGroup* what = GroupNamed(v, Tr("repair.what_broken"));
  ASSERT_NE(what, nullptr);
  EXPECT_EQ(Ids(*what), (std::vector<std::string>{"repair.class.hospital_bed", "repair.class.television"}));
  EXPECT_EQ(what->chips[0].label, "Electric hospital bed");
  EXPECT_EQ(&v.groups[0], what);  // asked first
  EXPECT_EQ(GroupNamed(v, Tr("repair.category")), nullptr);  // no categories of no particular thing

  // The bed: its own fault categories and phrases; none of the pump's alarms.
  Apply(s, rq::cmd::SetAssetClass{"hospital_bed"});
  v = rq::BuildRequestFormView(s, rq::Form::kRepair);
  const rq::ChoiceGroup* cat = GroupNamed(v, Tr("repair.category"));
  ASSERT_NE(cat, nullptr);
  EXPECT_EQ(Ids(*cat), (std::vector<std::string>{"repair.category.motor", "repair.category.brake"}));
  EXPECT_EQ(Labels(v.phrases), (std::vector<std::string>{"Bed will not go up", "Side rail is loose"}));
  for (const auto& p : v.phrases) EXPECT_NE(p.label, Tr("phrase.repair.1")) << "an electric bed offered an alarm phrase";
  EXPECT_EQ(v.text_label, Tr("repair.note"));  // what is broken is said: the note is optional
  Apply(s, rq::cmd::SetFaultCategory{"motor"});

  // Another class: its category list replaces the bed's, so "motor" is no longer chosen.
  Apply(s, rq::cmd::SetAssetClass{"television"});
  EXPECT_TRUE(rq::Get(s).fault_category.empty());
  EXPECT_EQ(Labels(rq::BuildRequestFormView(s, rq::Form::kRepair).phrases), (std::vector<std::string>{"TV will not switch on"}));
  Apply(s, rq::cmd::SetFaultCategory{"no_picture"});

  Apply(s, rq::cmd::Send{rq::Form::kRepair});
  ASSERT_EQ(Outbox(s).size(), 1u) << rq::Get(s).error_code;
  const json p = json::parse(Outbox(s)[0].payload_json);
  EXPECT_EQ(p["asset_class"], "television");
  EXPECT_EQ(p["category"], "no_picture");
  EXPECT_EQ(p["location"], "B2-3F-W12-BED07");
  EXPECT_TRUE(records::CheckPayload(protocol::RecordKind::kRepairRequest, p).ok());
}

TEST_F(RequestsHereTest, WithoutHubClassesTheFormStaysAsBeforeAndNeedsANote) {
  Bind(Role::kBedside, "B2-3F-W12-BED07");
  Apply(s, cmd::Navigate{screens::kRepair});
  AnswerHere({}, {});
  const auto v = rq::BuildRequestFormView(s, rq::Form::kRepair);
  EXPECT_EQ(GroupNamed(v, Tr("repair.what_broken")), nullptr);
  EXPECT_NE(GroupNamed(v, Tr("repair.category")), nullptr);
  EXPECT_EQ(v.text_label, Tr("repair.note_required"));
  EXPECT_EQ(v.phrases.size(), 5u);  // the catalogs' generic phrases
  Apply(s, rq::cmd::Send{rq::Form::kRepair});
  EXPECT_EQ(rq::Get(s).error_code, "repair.needs_note");
}

TEST_F(RequestsHereTest, ScannedAssetGetsItsClassPhrasesFromHubData) {
  Bind(Role::kWard, "B2-3F-W12");
  Apply(s, cmd::Navigate{screens::kScan});
  Apply(s, cmd::ScanCode{"https://onestop.local/a/EQ-2021-000123"});
  const std::string raw = JobsOf<rq::job::LookUpLabel>(s).back().raw;
  auto label = labels::ParseLabel(raw);
  ASSERT_TRUE(label.ok());
  const json bed = {{"id", "EQ-2021-000123"}, {"class", "hospital_bed"}, {"location", "B2-3F-W12-BED07"}, {"trade", "mechanical"}};
  rq::DraftExtras extras;
  auto info = rq::AssetClassFromJson(BedClass());
  extras.categories = info->categories;
  extras.phrases = info->phrases;
  Apply(s, rq::cmd::DraftRead{raw, repair::BuildRepairDraft(raw, label.value(), bed, json::array(), clock.NowUtcMs()), extras});
  const auto v = rq::BuildRequestFormView(s, rq::Form::kRepair);
  EXPECT_EQ(GroupNamed(v, Tr("repair.what_broken")), nullptr);  // the label said what it is
  EXPECT_EQ(Labels(v.phrases), (std::vector<std::string>{"Bed will not go up", "Side rail is loose"}));
  EXPECT_TRUE(JobsOf<rq::job::ReadHere>(s).empty());
  Apply(s, rq::cmd::Send{rq::Form::kRepair});
  ASSERT_EQ(Outbox(s).size(), 1u);
  EXPECT_FALSE(json::parse(Outbox(s)[0].payload_json).contains("asset_class"));
}

TEST_F(RequestsHereTest, WardKioskNamesTheRoomOrBedForCleaningAndComplaints) {
  Bind(Role::kWard, "B2-3F-W12");
  Apply(s, cmd::Navigate{screens::kCleaning});
  ASSERT_EQ(JobsOf<rq::job::ReadHere>(s).size(), 1u);
  AnswerHere({}, {P("B2-3F-W12-BED01", "B2-3F-W12-R01", "Bed 1"), P("B2-3F-W12-BED02", "B2-3F-W12-R01", "Bed 2"),
                  P("B2-3F-W12-BED03", "B2-3F-W12-R02", "Bed 3"), P("B2-3F-W12-R01", "B2-3F-W12", "Room 1"),
                  P("B2-3F-W12-R02", "B2-3F-W12", "Room 2")});
  auto v = rq::BuildRequestFormView(s, rq::Form::kCleaning);
  const rq::ChoiceGroup* where = GroupNamed(v, Tr("place.where"));
  ASSERT_NE(where, nullptr);
  EXPECT_EQ(Ids(*where), (std::vector<std::string>{"cleaning.place.ward", "cleaning.place.B2-3F-W12-R01", "cleaning.place.B2-3F-W12-R02"}));
  EXPECT_TRUE(where->chips[0].selected);
  EXPECT_EQ(GroupNamed(v, Tr("place.which_bed")), nullptr);

  // A room opens its beds; a bed is chosen within it.
  Apply(s, rq::cmd::SetPlace{rq::Form::kCleaning, "B2-3F-W12-R01"});
  v = rq::BuildRequestFormView(s, rq::Form::kCleaning);
  const rq::ChoiceGroup* beds = GroupNamed(v, Tr("place.which_bed"));
  ASSERT_NE(beds, nullptr);
  EXPECT_EQ(Ids(*beds), (std::vector<std::string>{"cleaning.place.B2-3F-W12-R01", "cleaning.place.B2-3F-W12-BED01",
                                                  "cleaning.place.B2-3F-W12-BED02"}));
  EXPECT_EQ(beds->chips[0].label, Tr("place.whole_room"));
  EXPECT_TRUE(beds->chips[0].selected);
  Apply(s, rq::cmd::SetPlace{rq::Form::kCleaning, "B2-3F-W12-BED02"});
  v = rq::BuildRequestFormView(s, rq::Form::kCleaning);
  EXPECT_TRUE(GroupNamed(v, Tr("place.where"))->chips[1].selected);  // its room stays marked
  EXPECT_TRUE(GroupNamed(v, Tr("place.which_bed"))->chips[2].selected);
  EXPECT_EQ(v.facts[0].second, "Room 1 · Bed 2");
  Apply(s, rq::cmd::Send{rq::Form::kCleaning});
  ASSERT_EQ(Outbox(s).size(), 1u);
  EXPECT_EQ(json::parse(Outbox(s)[0].payload_json)["location"], "B2-3F-W12-BED02");

  // The complaint has its own choice; the places are not read again.
  ClearJobs<OutboxRequest>(s);
  Apply(s, cmd::Navigate{screens::kComplaint});
  EXPECT_TRUE(JobsOf<rq::job::ReadHere>(s).empty());
  Apply(s, rq::cmd::SetPlace{rq::Form::kComplaint, "B2-3F-W12-R02"});
  Apply(s, cmd::SetField{"complaint.text", "noisy"});
  Apply(s, rq::cmd::Send{rq::Form::kComplaint});
  ASSERT_EQ(Outbox(s).size(), 1u);
  EXPECT_EQ(json::parse(Outbox(s)[0].payload_json)["location"], "B2-3F-W12-R02");
  // A new complaint after sending starts at the whole ward again.
  Apply(s, cmd::GoHome{});
  Apply(s, cmd::Navigate{screens::kComplaint});
  EXPECT_TRUE(rq::Get(s).complaint_place.empty());
}

TEST_F(RequestsHereTest, BedsideFormsOfferNoPlaceChoiceAndAnotherWardsBedIsRefused) {
  Bind(Role::kBedside, "B2-3F-W12-BED07");
  Apply(s, cmd::Navigate{screens::kCleaning});
  EXPECT_TRUE(JobsOf<rq::job::ReadHere>(s).empty());
  EXPECT_EQ(GroupNamed(rq::BuildRequestFormView(s, rq::Form::kCleaning), Tr("place.where")), nullptr);
  // A ward kiosk refuses a place outside its ward before the hub has to (a stale or forged choice).
  Bind(Role::kWard, "B2-3F-W12");
  Apply(s, cmd::Navigate{screens::kCleaning});
  Apply(s, rq::cmd::SetPlace{rq::Form::kCleaning, "B2-3F-W13-BED01"});
  Apply(s, rq::cmd::Send{rq::Form::kCleaning});
  EXPECT_TRUE(Outbox(s).empty());
  EXPECT_EQ(rq::Get(s).error_code, "cleaning.outside_binding");
}

TEST_F(RequestsHereTest, HubDataParsingKeepsOnlyWhatTheFormCanUse) {
  json c = BedClass();
  c["faults"].push_back({{"code", "BAD CODE"}});
  c["phrases"].push_back(42);
  auto info = rq::AssetClassFromJson(c);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->categories.size(), 2u);
  EXPECT_EQ(info->phrases.size(), 2u);
  EXPECT_FALSE(rq::AssetClassFromJson(json{{"code", "No Such"}}));
  EXPECT_FALSE(rq::AssetClassFromJson(json::array()));
  EXPECT_EQ(rq::AssetClassFromJson(json{{"code", "tv"}})->name.Get(Lang::kEn), "tv");
  EXPECT_TRUE(rq::PlaceFromJson(json{{"code", "W-R01"}, {"kind", "room"}}));
  EXPECT_FALSE(rq::PlaceFromJson(json{{"code", "W"}, {"kind", "ward"}}));
  EXPECT_FALSE(rq::PlaceFromJson(json{{"kind", "bed"}}));
  EXPECT_EQ(rq::AssetClassCodes({json{{"class", "tv"}}, json{{"class", "bed"}}, json{{"class", "tv"}}, json{{"class", 3}}}, 12),
            (std::vector<std::string>{"tv", "bed"}));
  repair::RepairDraft d;
  d.location_code = "B2-3F-W12-BED07";
  d.asset_class = "Not A Code";
  EXPECT_EQ(repair::ValidateRepairDraft(d, "B2-3F-W12-BED07").error().code, "repair.bad_asset_class");
  d.asset_class = "television";
  EXPECT_TRUE(repair::ValidateRepairDraft(d, "B2-3F-W12-BED07").ok());
}

}  // namespace
