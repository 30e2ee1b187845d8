// The service-request screens by taps (issue 5): a nurse types a tag on the Scan screen, the draft
// arrives, she picks urgency, a category and a phrase and sends; a patient files a complaint; the
// list shows progress. Lookups are answered the way the app's store worker answers them.
#include <variant>

#include <nlohmann/json.hpp>

#include "kiosk/core/labels.h"
#include "kiosk/core/features/requests/views.h"
#include "tests/view/view_fixture.h"

namespace onestop::test {
namespace {

using json = nlohmann::json;

class RequestTaps : public ViewTest {
 protected:
  void AnswerLookup(const std::optional<json>& asset) {
    ASSERT_FALSE(state.store_queries.empty());
    const StoreQuery q = state.store_queries.back();
    state.store_queries.clear();
    auto label = labels::ParseLabel(q.arg);
    ASSERT_TRUE(label.ok());
    requests::OnRepairDraft(state, q.arg, repair::BuildRepairDraft(q.arg, label.value(), asset, json::array(), 0), {});
  }
};

TEST_F(RequestTaps, NurseTypesATagAndSendsAPrefilledRepair) {
  state.binding.role = Role::kWard;
  state.binding.location_code = "B2-3F-W12";
  TapItem("scan");
  ASSERT_EQ(state.session.screen, ScreenId::kScan);
  state.camera.error = "no capture device";  // no camera: manual entry opens by itself
  ScrollTo("shift");
  // Shift stays on until tapped again (labels are upper case); the keys' ids are lower case.
  for (const char* k : {"shift", "ke", "kq", "shift", "k-", "k7"}) TapItem(k);
  EXPECT_EQ(state.session.fields["scan.code"], "EQ-7");
  ScrollTo("done");
  TapItem("done");
  ASSERT_EQ(state.session.screen, ScreenId::kRepair);
  AnswerLookup(json{{"id", "EQ-7"}, {"class", "lighting"}, {"location", "B2-3F-W12-R03"}, {"trade", "electrical"}});
  TapItem("repair.urgency.urgent");
  TapItem("repair.category.not_working");
  ScrollTo("repair.phrase.0");
  TapItem("repair.phrase.0");
  EXPECT_EQ(state.session.fields["repair.urgency"], "urgent");
  EXPECT_FALSE(state.session.fields["repair.note"].empty());
  TapItem("repair.send");  // on the navigation bar: never scrolled away
  ASSERT_EQ(state.outbox_requests.size(), 1u);
  const json p = json::parse(state.outbox_requests[0].payload_json);
  EXPECT_EQ(p["asset"], "EQ-7");
  EXPECT_EQ(p["location"], "B2-3F-W12-R03");
  EXPECT_EQ(p["category"], "not_working");
  // The progress screen replaces the form; Done goes home.
  Frame();
  EXPECT_EQ(Item("repair.send"), nullptr);
  TapItem("repair.done");
  EXPECT_EQ(state.session.screen, ScreenId::kHome);
}

TEST_F(RequestTaps, PatientComplaintNeedsTextThenSends) {
  state.binding.location_code = "B2-3F-W12-BED07";
  TapItem("complaint");
  ASSERT_EQ(state.session.screen, ScreenId::kComplaint);
  TapItem("complaint.send");
  EXPECT_TRUE(state.outbox_requests.empty());
  EXPECT_EQ(state.session.requests.error_code, "complaint.needs_text");
  ScrollTo("complaint.phrase.2");
  TapItem("complaint.phrase.2");
  TapItem("complaint.phrase.0");
  EXPECT_NE(state.session.fields["complaint.text"].find(", "), std::string::npos) << "phrases are appended";
  TapItem("complaint.send");
  ASSERT_EQ(state.outbox_requests.size(), 1u);
  EXPECT_EQ(state.outbox_requests[0].kind, "complaint");
}

TEST_F(RequestTaps, BackLeavesTheFormWithoutSending) {
  state.binding.location_code = "B2-3F-W12-BED07";
  TapItem("cleaning");
  TapItem("nav.back");
  EXPECT_EQ(state.session.screen, ScreenId::kHome);
  EXPECT_TRUE(state.outbox_requests.empty());
}

TEST_F(RequestTaps, KeyboardOpensTypesAndClosesOnDone) {
  state.binding.location_code = "B2-3F-W12-BED07";
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
  state.binding.location_code = "B2-3F-W12-BED07";
  TapItem("requests");
  ASSERT_EQ(state.session.screen, ScreenId::kRequests);
  ASSERT_EQ(state.store_queries.size(), 1u);
  TicketSummary t;
  ASSERT_TRUE(requests::TicketSummaryFromJson(
      json{{"id", "TK-9"}, {"kind", "repair"}, {"status", "in_progress"}, {"location", "B2-3F-W12-BED07"}}, &t));
  requests::OnRequestsList(state, {t}, {});
  Frame();
  EXPECT_EQ(requests::BuildRequestsListView(state).rows.size(), 1u);
  EXPECT_FALSE(HasFailure());
}

}  // namespace
}  // namespace onestop::test
