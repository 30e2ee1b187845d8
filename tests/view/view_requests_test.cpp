// The service-request screens by taps (issue 5): a nurse types a tag on the Scan screen, the draft
// arrives, she picks urgency, a category and a phrase and sends; a patient files a complaint; the
// list shows progress. Lookups are answered the way the app's store worker answers them.
#include <variant>

#include <nlohmann/json.hpp>

#include "kiosk/core/labels.h"
#include "tests/view/view_fixture.h"
#include "kiosk/core/features/foundation/feature.h"
#include "kiosk/core/features/meals/commands.h"
#include "kiosk/core/features/meals/feature.h"
#include "kiosk/core/features/meals/jobs.h"
#include "kiosk/core/features/meals/views.h"
#include "kiosk/core/features/rating/commands.h"
#include "kiosk/core/features/rating/feature.h"
#include "kiosk/core/features/rating/jobs.h"
#include "kiosk/core/features/rating/views.h"
#include "kiosk/core/features/requests/commands.h"
#include "kiosk/core/features/requests/feature.h"
#include "kiosk/core/features/requests/jobs.h"
#include "kiosk/core/features/requests/store_data.h"
#include "kiosk/core/features/requests/views.h"
#include "kiosk/core/features/staff/commands.h"
#include "kiosk/core/features/staff/feature.h"
#include "kiosk/core/features/staff/jobs.h"
#include "kiosk/core/features/staff/state.h"
#include "kiosk/core/shell/shell.h"
#include "tests/unit/effects_helpers.h"

namespace onestop::test {
namespace {

using json = nlohmann::json;

class RequestTaps : public ViewTest {
 protected:
  void AnswerLookup(const std::optional<json>& asset) {
    const auto lookups = JobsOf<requests::job::LookUpLabel>(state);
    ASSERT_FALSE(lookups.empty());
    const std::string raw = lookups.back().raw;
    state.effects.jobs.clear();
    auto label = labels::ParseLabel(raw);
    ASSERT_TRUE(label.ok());
    Apply(state, requests::cmd::DraftRead{raw, repair::BuildRepairDraft(raw, label.value(), asset, json::array(), 0), {}});
  }
};

TEST_F(RequestTaps, NurseTypesATagAndSendsAPrefilledRepair) {
  state.terminal.binding.role = Role::kWard;
  state.terminal.binding.location = "B2-3F-W12";
  TapItem("scan");
  ASSERT_EQ(state.session.screen, screens::kScan);
  state.terminal.camera.error_code = "camera.none";  // no camera: manual entry opens by itself
  ScrollTo("shift");
  // The keyboard starts in upper case (labels are upper case, issue 16); the keys' ids are lower case.
  for (const char* k : {"ke", "kq", "k-", "k7"}) TapItem(k);
  EXPECT_EQ(state.session.fields["scan.code"], "EQ-7");
  TapItem("shift");  // lower case stays available
  TapItem("kx");
  EXPECT_EQ(state.session.fields["scan.code"], "EQ-7x");
  TapItem("backspace");
  EXPECT_EQ(state.session.fields["scan.code"], "EQ-7");
  ScrollTo("done");
  TapItem("done");
  ASSERT_EQ(state.session.screen, screens::kRepair);
  AnswerLookup(json{{"id", "EQ-7"}, {"class", "lighting"}, {"location", "B2-3F-W12-R03"}, {"trade", "electrical"}});
  TapItem("repair.urgency.urgent");
  TapItem("repair.category.not_working");
  ScrollTo("repair.phrase.0");
  TapItem("repair.phrase.0");
  EXPECT_EQ(requests::Get(state).urgency, "urgent");
  EXPECT_FALSE(state.session.fields["repair.note"].empty());
  TapItem("repair.send");  // on the navigation bar: never scrolled away
  ASSERT_EQ(Outbox(state).size(), 1u);
  const json p = json::parse(Outbox(state)[0].payload_json);
  EXPECT_EQ(p["asset"], "EQ-7");
  EXPECT_EQ(p["location"], "B2-3F-W12-R03");
  EXPECT_EQ(p["category"], "not_working");
  // The progress screen replaces the form; Done goes home.
  Frame();
  EXPECT_EQ(Item("repair.send"), nullptr);
  TapItem("repair.done");
  EXPECT_EQ(state.session.screen, screens::kHome);
}

TEST_F(RequestTaps, PatientComplaintNeedsTextThenSends) {
  state.terminal.binding.location = "B2-3F-W12-BED07";
  TapItem("complaint");
  ASSERT_EQ(state.session.screen, screens::kComplaint);
  TapItem("complaint.send");
  EXPECT_TRUE(Outbox(state).empty());
  EXPECT_EQ(requests::Get(state).error_code, "complaint.needs_text");
  ScrollTo("complaint.phrase.2");
  TapItem("complaint.phrase.2");
  TapItem("complaint.phrase.0");
  EXPECT_NE(state.session.fields["complaint.text"].find(", "), std::string::npos) << "phrases are appended";
  TapItem("complaint.send");
  ASSERT_EQ(Outbox(state).size(), 1u);
  EXPECT_EQ(Outbox(state)[0].kind, "complaint");
}

TEST_F(RequestTaps, BackLeavesTheFormWithoutSending) {
  state.terminal.binding.location = "B2-3F-W12-BED07";
  TapItem("cleaning");
  TapItem("nav.back");
  EXPECT_EQ(state.session.screen, screens::kHome);
  EXPECT_TRUE(Outbox(state).empty());
}

TEST_F(RequestTaps, KeyboardOpensTypesAndClosesOnDone) {
  state.terminal.binding.location = "B2-3F-W12-BED07";
  TapItem("cleaning");
  ScrollTo("cleaning.keyboard");
  TapItem("cleaning.keyboard");
  ScrollTo("kb");
  TapItem("kb");
  TapItem("ki");
  TapItem("kn");
  EXPECT_EQ(state.session.fields["cleaning.note"], "bin");
  ScrollTo("done");
  TapItem("done");
  Frame();
  EXPECT_EQ(Item("kb"), nullptr);
}

TEST_F(RequestTaps, MyRequestsShowsRowsFromTheStoreAnswer) {
  state.terminal.binding.location = "B2-3F-W12-BED07";
  TapItem("requests");
  ASSERT_EQ(state.session.screen, screens::kRequests);
  ASSERT_EQ(JobsOf<requests::job::ListRequests>(state).size(), 1u);
  requests::TicketSummary t;
  ASSERT_TRUE(requests::TicketSummaryFromJson(
      json{{"id", "TK-9"}, {"kind", "repair"}, {"status", "in_progress"}, {"location", "B2-3F-W12-BED07"}}, &t));
  Apply(state, requests::cmd::RequestsRead{{t}, {}});
  Frame();
  EXPECT_EQ(requests::BuildRequestsListView(state).rows.size(), 1u);
  EXPECT_FALSE(HasFailure());
}

// Issue 16 item 6 by taps: a patient says what is broken (the classes at her bed) and gets that
// class's phrases; a ward nurse picks a room, then a bed, for a cleaning request.
TEST_F(RequestTaps, PatientPicksWhatIsBrokenAndNurseThePlace) {
  state.terminal.binding.location = "B2-3F-W12-BED07";
  TapItem("repair");
  ASSERT_EQ(state.session.screen, screens::kRepair);
  auto asked = JobsOf<requests::job::ReadHere>(state);
  ASSERT_EQ(asked.size(), 1u);
  ClearJobs<requests::job::ReadHere>(state);
  auto bed = requests::AssetClassFromJson(json{{"code", "hospital_bed"}, {"name", {{"en", "Bed"}}},
                                               {"phrases", {{{"en", "Bed will not go up"}}}}});
  auto tv = requests::AssetClassFromJson(json{{"code", "television"}, {"name", {{"en", "TV"}}},
                                              {"faults", {{{"code", "no_picture"}, {"name", {{"en", "No picture"}}}}}},
                                              {"phrases", {{{"en", "TV will not switch on"}}}}});
  Apply(state, requests::cmd::HereRead{requests::HereData{asked[0].location, {*bed, *tv}, {}}});
  Frame();
  ASSERT_NE(Item("repair.class.television"), nullptr);
  EXPECT_EQ(Item("repair.category.no_picture"), nullptr);
  TapItem("repair.class.television");
  EXPECT_EQ(requests::Get(state).asset_class, "television");
  ScrollTo("repair.category.no_picture");
  TapItem("repair.category.no_picture");
  ScrollTo("repair.phrase.0");
  TapItem("repair.phrase.0");
  EXPECT_EQ(state.session.fields["repair.note"], "TV will not switch on");
  TapItem("repair.send");
  ASSERT_EQ(Outbox(state).size(), 1u);
  const json p = json::parse(Outbox(state)[0].payload_json);
  EXPECT_EQ(p["asset_class"], "television");
  EXPECT_EQ(p["category"], "no_picture");

  ResetSession(state);
  ClearJobs<OutboxRequest>(state);
  state.terminal.binding.role = Role::kWard;
  state.terminal.binding.location = "B2-3F-W12";
  Frame();
  TapItem("cleaning");
  asked = JobsOf<requests::job::ReadHere>(state);
  ASSERT_EQ(asked.size(), 1u);
  ClearJobs<requests::job::ReadHere>(state);
  auto place = [](const char* code, const char* parent, const char* en) {
    return requests::Place{code, parent, LocalText::FromJson(json{{"en", en}})};
  };
  Apply(state, requests::cmd::HereRead{requests::HereData{
                   asked[0].location, {},
                   {place("B2-3F-W12-BED01", "B2-3F-W12-R01", "Bed 1"), place("B2-3F-W12-BED02", "B2-3F-W12-R01", "Bed 2"),
                    place("B2-3F-W12-R01", "B2-3F-W12", "Room 1"), place("B2-3F-W12-R02", "B2-3F-W12", "Room 2")}}});
  Frame();
  EXPECT_EQ(Item("cleaning.place.B2-3F-W12-BED02"), nullptr);  // beds appear under their room
  TapItem("cleaning.place.B2-3F-W12-R01");
  ScrollTo("cleaning.place.B2-3F-W12-BED02");
  TapItem("cleaning.place.B2-3F-W12-BED02");
  TapItem("cleaning.send");
  ASSERT_EQ(Outbox(state).size(), 1u);
  EXPECT_EQ(json::parse(Outbox(state)[0].payload_json)["location"], "B2-3F-W12-BED02");
}

}  // namespace
}  // namespace onestop::test
