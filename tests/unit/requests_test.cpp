// The request screens' rules through Apply, as a view would drive them: scan codes, lookups answered
// like the app's worker, confirm → OutboxRequest with the payload the hub validates, the list.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "kiosk/core/labels.h"
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
#include "tests/unit/state_fixture.h"

using namespace onestop;
using json = nlohmann::json;

namespace {

class RequestsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LoadCatalogs(&i18n);
    s.terminal.binding.role = Role::kWard;
    s.terminal.binding.location = "B2-3F-W12";
    PrepareState(s, i18n, clock, Lang::kZhHans);
  }
  // Answers the pending repair-draft query like the app's worker, with `asset` as the register entry.
  void AnswerLookup(const std::optional<json>& asset, const json& tickets = json::array()) {
    const auto lookups = JobsOf<requests::job::LookUpLabel>(s);
    ASSERT_FALSE(lookups.empty());
    const std::string raw = lookups.back().raw;
    s.effects.jobs.clear();
    auto label = labels::ParseLabel(raw);
    ASSERT_TRUE(label.ok());
    requests::DraftExtras extras;
    extras.categories = requests::FaultCategoriesFromJson(
        json{{"class", "infusion_pump"}, {"categories", {{{"code", "occlusion"}, {"name", {{"en", "Occlusion alarm"}}}},
                                                         {{"code", "BAD CODE"}}}}});
    Apply(s, requests::cmd::DraftRead{raw, repair::BuildRepairDraft(raw, label.value(), asset, tickets, clock.NowUtcMs()),
                            extras});
  }
  json Pump() const {
    return {{"id", "EQ-2021-000123"}, {"class", "infusion_pump"}, {"location", "B2-3F-W12-BED07"},
            {"trade", "medical_equipment"}, {"department", "clinical_engineering"}, {"warranty_until", "2030-01-28"}};
  }
  I18n i18n;
  FakeClock clock{1795329000000};
  AppState s;
};

TEST_F(RequestsTest, ScanLooksUpThenConfirmQueuesAPrefilledRepair) {
  Apply(s, cmd::Navigate{screens::kScan});
  Apply(s, cmd::ScanCode{"https://onestop.local/a/EQ-2021-000123"});
  EXPECT_EQ(s.session.screen, screens::kRepair);
  EXPECT_TRUE(requests::Get(s).looking_up);
  EXPECT_TRUE(requests::BuildRequestFormView(s, requests::Form::kRepair).loading);
  Apply(s, requests::cmd::Send{requests::Form::kRepair});  // nothing to send while the lookup runs
  EXPECT_TRUE(Outbox(s).empty());
  AnswerLookup(Pump());
  auto v = requests::BuildRequestFormView(s, requests::Form::kRepair);
  ASSERT_FALSE(v.loading);
  ASSERT_EQ(v.groups.size(), 2u);
  ASSERT_EQ(v.groups[1].chips.size(), 1u) << "hub fault categories replace the generic list; bad codes dropped";
  EXPECT_EQ(v.groups[1].chips[0].id, "repair.category.occlusion");
  Apply(s, requests::cmd::SetUrgency{"urgent"});
  Apply(s, requests::cmd::SetFaultCategory{"occlusion"});
  Apply(s, requests::cmd::Send{requests::Form::kRepair});
  ASSERT_EQ(Outbox(s).size(), 1u);
  const OutboxRequest r = Outbox(s)[0];
  EXPECT_EQ(r.kind, "repair_request");
  const json p = json::parse(r.payload_json);
  EXPECT_EQ(p["asset"], "EQ-2021-000123");
  EXPECT_EQ(p["location"], "B2-3F-W12-BED07");
  EXPECT_EQ(p["trade"], "medical_equipment");
  EXPECT_EQ(p["urgency"], "urgent");
  EXPECT_EQ(p["category"], "occlusion");
  // A second tap on Send does not queue a second request.
  Apply(s, requests::cmd::Send{requests::Form::kRepair});
  EXPECT_EQ(Outbox(s).size(), 1u);
  // Progress follows the action: saved, then the hub's ticket number.
  Apply(s, job::OutboxSaved{r.tag, "rec-1"});
  EXPECT_EQ(requests::BuildRequestFormView(s, requests::Form::kRepair).state, ActionState::kSaved);
  Apply(s, job::RecordOutcome{"rec-1", protocol::PushStatus::kAccepted, "TK-000077", ""});
  v = requests::BuildRequestFormView(s, requests::Form::kRepair);
  EXPECT_EQ(v.state, ActionState::kSent);
  EXPECT_NE(v.progress_detail.find("TK-000077"), std::string::npos);
}

TEST_F(RequestsTest, HostileOrForeignCodesAreRefusedWithAReasonAndStayOnScan) {
  Apply(s, cmd::Navigate{screens::kScan});
  Apply(s, cmd::ScanCode{"https://evil.example.com/phish"});
  EXPECT_EQ(s.session.screen, screens::kScan);
  EXPECT_TRUE(JobsOf<requests::job::LookUpLabel>(s).empty());
  auto v = requests::BuildScanView(s);
  EXPECT_TRUE(v.status_is_error);
  EXPECT_EQ(v.status, i18n.Tr(Lang::kZhHans, "error.label.unrelated_url"));
  Apply(s, cmd::ScanCode{std::string("A\x01") + "B"});
  EXPECT_TRUE(requests::BuildScanView(s).status_is_error);
  // Typed entry goes through the same parser.
  Apply(s, cmd::SetField{"scan.code", "EQ-2021-000123"});
  Apply(s, requests::cmd::LookUpTyped{});
  EXPECT_EQ(s.session.screen, screens::kRepair);
  ASSERT_EQ(JobsOf<requests::job::LookUpLabel>(s).size(), 1u);
  EXPECT_EQ(JobsOf<requests::job::LookUpLabel>(s)[0].raw, "EQ-2021-000123");
}

TEST_F(RequestsTest, UnknownAssetGetsTheTerminalsPlaceAndOpenTicketsAreShown) {
  Apply(s, cmd::ScanCode{"ZC-2019-0457"});
  AnswerLookup(std::nullopt);
  ASSERT_TRUE(requests::Get(s).draft);
  EXPECT_EQ(requests::Get(s).draft->location_code, "B2-3F-W12");
  Apply(s, requests::cmd::Send{requests::Form::kRepair});
  ASSERT_EQ(Outbox(s).size(), 1u);  // a tag names equipment: a note is not required
  EXPECT_EQ(json::parse(Outbox(s)[0].payload_json)["location"], "B2-3F-W12");

  ClearJobs<OutboxRequest>(s);
  Apply(s, cmd::Navigate{screens::kScan});
  Apply(s, cmd::ScanCode{"EQ-2021-000123"});
  AnswerLookup(Pump(), json::array({{{"id", "TK-000042"}, {"kind", "repair"}, {"status", "accepted"},
                                     {"asset", "EQ-2021-000123"}, {"created_at", "2026-11-22T06:02:00.000Z"}}}));
  const auto v = requests::BuildRequestFormView(s, requests::Form::kRepair);
  EXPECT_NE(v.notice.find("TK-000042"), std::string::npos);
  EXPECT_NE(v.notice.find("14:02"), std::string::npos) << v.notice;  // local time, Asia/Shanghai
}

TEST_F(RequestsTest, StaleLookupAnswersAreIgnored) {
  Apply(s, cmd::ScanCode{"EQ-2021-000123"});
  const requests::job::LookUpLabel first = JobsOf<requests::job::LookUpLabel>(s).back();
  // The session ends (idle) before the worker answers: the answer must not resurrect the draft.
  ResetSession(s);
  auto label = labels::ParseLabel(first.raw);
  Apply(s, requests::cmd::DraftRead{first.raw, repair::BuildRepairDraft(first.raw, label.value(), Pump(), json::array(), 0), {}});
  EXPECT_FALSE(requests::Get(s).draft);
}

TEST_F(RequestsTest, RepairWithoutScanNeedsANoteAndUsesTheBoundPlace) {
  s.terminal.binding.role = Role::kBedside;
  s.terminal.binding.location = "B2-3F-W12-BED07";
  Apply(s, cmd::Navigate{screens::kRepair});
  Apply(s, requests::cmd::Send{requests::Form::kRepair});
  EXPECT_TRUE(Outbox(s).empty());
  EXPECT_EQ(requests::BuildRequestFormView(s, requests::Form::kRepair).error, i18n.Tr(Lang::kZhHans, "error.repair.needs_note"));
  const auto v = requests::BuildRequestFormView(s, requests::Form::kRepair);
  ASSERT_FALSE(v.phrases.empty());
  Apply(s, cmd::SetField{"repair.note", v.phrases[0].label});
  Apply(s, requests::cmd::Send{requests::Form::kRepair});
  ASSERT_EQ(Outbox(s).size(), 1u);
  const json p = json::parse(Outbox(s)[0].payload_json);
  EXPECT_EQ(p["location"], "B2-3F-W12-BED07");
  EXPECT_EQ(p["description"], v.phrases[0].label);
}

TEST_F(RequestsTest, CleaningAndComplaintForms) {
  Apply(s, cmd::Navigate{screens::kCleaning});
  Apply(s, requests::cmd::SetCleaningType{"disinfection"});
  Apply(s, requests::cmd::Send{requests::Form::kCleaning});
  ASSERT_EQ(Outbox(s).size(), 1u);
  EXPECT_EQ(Outbox(s)[0].kind, "cleaning_request");
  EXPECT_EQ(json::parse(Outbox(s)[0].payload_json)["type"], "disinfection");
  EXPECT_EQ(json::parse(Outbox(s)[0].payload_json)["location"], "B2-3F-W12");
  // Coming back after a sent request starts a new, empty form.
  Apply(s, cmd::GoHome{});
  Apply(s, cmd::Navigate{screens::kCleaning});
  EXPECT_FALSE(requests::BuildRequestFormView(s, requests::Form::kCleaning).submitted);
  EXPECT_EQ(requests::Get(s).cleaning_type, "cleaning");

  ClearJobs<OutboxRequest>(s);
  Apply(s, cmd::Navigate{screens::kComplaint});
  Apply(s, requests::cmd::Send{requests::Form::kComplaint});
  EXPECT_TRUE(Outbox(s).empty());
  EXPECT_EQ(requests::BuildRequestFormView(s, requests::Form::kComplaint).error, i18n.Tr(Lang::kZhHans, "error.complaint.needs_text"));
  Apply(s, requests::cmd::SetComplaintCategory{"noise"});
  Apply(s, cmd::SetField{"complaint.text", "too loud"});
  Apply(s, requests::cmd::Send{requests::Form::kComplaint});
  ASSERT_EQ(Outbox(s).size(), 1u);
  EXPECT_EQ(json::parse(Outbox(s)[0].payload_json)["category"], "noise");
}

TEST_F(RequestsTest, StaffTabletWithoutPlaceCannotFileCleaning) {
  s.terminal.binding.role = Role::kStaff;
  s.terminal.binding.location.clear();
  Apply(s, cmd::Navigate{screens::kCleaning});
  Apply(s, requests::cmd::Send{requests::Form::kCleaning});
  EXPECT_TRUE(Outbox(s).empty());
  EXPECT_EQ(requests::Get(s).error_code, "cleaning.needs_location");
}

TEST_F(RequestsTest, MyRequestsListShowsPendingAndTicketsByProgress) {
  Apply(s, cmd::Navigate{screens::kRequests});
  ASSERT_EQ(JobsOf<requests::job::ListRequests>(s).size(), 1u);
  EXPECT_EQ(JobsOf<requests::job::ListRequests>(s)[0].location, "B2-3F-W12");
  EXPECT_TRUE(requests::BuildRequestsListView(s).loading);

  std::vector<requests::TicketSummary> all;
  for (const json& j : {json{{"id", "TK-1"}, {"kind", "repair"}, {"status", "dispatched"}, {"location", "B2-3F-W12-BED07"},
                             {"created_at", "2026-11-22T05:00:00.000Z"}, {"detail", {{"description", "pump"}}}},
                        json{{"id", "TK-2"}, {"kind", "cleaning"}, {"status", "rejected"}, {"location", "B2-3F-W12"},
                             {"created_at", "2026-11-22T06:00:00.000Z"},
                             {"history", {{{"status", "received"}, {"at", "2026-11-22T06:00:00.000Z"}},
                                          {{"status", "rejected"}, {"at", "2026-11-22T06:05:00.000Z"}}}}},
                        json{{"id", "TK-3"}, {"kind", "repair"}, {"status", "received"}, {"location", "B1-1F-W01"}},
                        json{{"id", "TK-4"}, {"kind", "meal"}, {"status", "received"}, {"location", "B2-3F-W12-BED07"}},
                        json{{"id", "TK-5"}, {"kind", "escort"}, {"status", "received"}, {"location", "B2-3F-W12-BED03"},
                             {"created_at", "2026-11-22T04:00:00.000Z"}},
                        json{{"kind", "repair"}}}) {
    requests::TicketSummary t;
    if (requests::TicketSummaryFromJson(j, &t)) all.push_back(t);
  }
  EXPECT_EQ(all.size(), 5u);  // the row without an id is not a ticket
  auto mine = requests::SelectRequests(all, "B2-3F-W12", 100);
  ASSERT_EQ(mine.size(), 3u);  // other ward and meal orders left out; the escort is a request too
  EXPECT_EQ(mine[0].id, "TK-2");  // newest first
  EXPECT_EQ(mine[2].id, "TK-5");
  mine.pop_back();
  requests::PendingRequest p;
  EXPECT_FALSE(requests::PendingFromOutbox("r", "rating", "{}", 0, &p));
  EXPECT_FALSE(requests::PendingFromOutbox("r", "meal_order", "{}", 0, &p));
  EXPECT_FALSE(requests::PendingFromOutbox("r", "no_such_kind", "{}", 0, &p));
  EXPECT_TRUE(requests::PendingFromOutbox("r", "escort_request", "{}", 0, &p));
  ASSERT_TRUE(requests::PendingFromOutbox("r1", "complaint", R"({"text":"cold food"})", 0, &p));
  Apply(s, requests::cmd::RequestsRead{mine, {p}});
  const auto v = requests::BuildRequestsListView(s);
  ASSERT_EQ(v.rows.size(), 3u);
  EXPECT_EQ(v.rows[0].step, -1);  // still in the outbox
  EXPECT_NE(v.rows[0].title.find("cold food"), std::string::npos);
  EXPECT_TRUE(v.rows[1].ended_early);
  EXPECT_EQ(v.rows[1].step, 0);  // got as far as received
  EXPECT_EQ(v.rows[2].step, 2);  // dispatched
  EXPECT_EQ(v.step_labels.size(), requests::StatusSteps().size());
}

TEST_F(RequestsTest, SessionResetForgetsEverything) {
  Apply(s, cmd::ScanCode{"EQ-2021-000123"});
  AnswerLookup(Pump());
  Apply(s, cmd::SetField{"repair.note", "x"});
  ResetSession(s);
  EXPECT_FALSE(requests::Get(s).draft);
  EXPECT_TRUE(s.session.fields.empty());
  EXPECT_EQ(s.session.screen, screens::kHome);
}

TEST_F(RequestsTest, EveryTranslatedErrorHasTextInAllLanguages) {
  for (Lang l : kAllLangs)
    for (const auto& code : requests::TranslatedErrorCodes())
      EXPECT_TRUE(i18n.catalog(l).Has("error." + code)) << LangTag(l) << " error." << code;
  for (Lang l : kAllLangs)
    for (const auto& st : {"received", "accepted", "dispatched", "in_progress", "completed", "followed_up", "assessed",
                           "cancelled", "rejected"})
      EXPECT_TRUE(i18n.catalog(l).Has(std::string("status.") + st)) << LangTag(l) << " " << st;
}

}  // namespace
