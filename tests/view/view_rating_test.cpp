// The rating flow by taps (issue 7): a patient at the bedside picks a completed repair, taps scores,
// a tag and sends; a ward kiosk asks a nurse to sign in on the keypad first (PIN checked off-frame).
#include <nlohmann/json.hpp>

#include "kiosk/core/features/rating/views.h"
#include "tests/view/view_fixture.h"

namespace onestop::test {
namespace {

using json = nlohmann::json;

class RatingTaps : public ViewTest {
 protected:
  RatingContext Context(protocol::BindingKind kind, const std::string& location) {
    RatingContext c;
    c.binding = {kind, location};
    c.terminal_id = "T-9";
    const int64_t now = clock.NowUtcMs();
    c.tickets.push_back(rating::TicketFromJson(
                            {{"id", "TK-5"}, {"kind", "cleaning"}, {"status", "completed"}, {"location", "B2-3F-W12-BED07"},
                             {"created_at", FormatIsoUtcMs(now - 7200000)},
                             {"history", {{{"status", "completed"}, {"at", FormatIsoUtcMs(now - 600000)}}}}})
                            .value());
    std::vector<staff::StaffMember> m;
    m.push_back(staff::StaffFromJson({{"id", "7001"}, {"role", "nurse"}, {"ward", "B2-3F-W12"}, {"pin_hash", "ok:135790"}}).value());
    c.staff = staff::StaffDirectory(std::move(m));
    return c;
  }
  void AnswerQueries(protocol::BindingKind kind, const std::string& location) {
    for (auto q : std::exchange(state.store_queries, {})) {
      if (q.kind == rateui::kQueryRatingContext) rateui::OnRatingContext(state, Context(kind, location));
      if (q.kind == rateui::kQueryPinCheck) {
        const json j = json::parse(q.arg);
        rateui::OnPinChecked(state, j["attempt"], j["hash"].get<std::string>() == "ok:" + j["pin"].get<std::string>());
      }
    }
  }
};

TEST_F(RatingTaps, PatientRatesACleaningByTaps) {
  state.binding.role = Role::kBedside;
  state.binding.location_code = "B2-3F-W12-BED07";
  TapItem("rate");
  AnswerQueries(protocol::BindingKind::kBedside, "B2-3F-W12-BED07");
  TapItem("row");
  ASSERT_EQ(state.session.screen, ScreenId::kRate);
  Frame();
  EXPECT_FALSE(Item("rate.send")->enabled) << "no overall score yet";
  TapItem("5", 0);  // overall
  for (size_t dim = 1; dim <= 4; ++dim) TapItem("4", dim);  // timeliness, attitude, quality, hygiene
  EXPECT_EQ(state.session.fields["rate.dim.hygiene"], "4");
  ScrollTo("tag.thorough");
  TapItem("tag.thorough");
  TapItem("rate.send");
  ASSERT_EQ(state.outbox_requests.size(), 1u);
  const json p = json::parse(state.outbox_requests[0].payload_json);
  EXPECT_EQ(p["overall"], 5);
  EXPECT_EQ(p["dimensions"]["hygiene"], 4);
  EXPECT_EQ(p["tags"][0], "thorough");
  EXPECT_FALSE(p.contains("rater")) << "a patient's rating is the terminal's";
}

TEST_F(RatingTaps, WardKioskSignsANurseInOnTheKeypad) {
  state.binding.role = Role::kWard;
  state.binding.location_code = "B2-3F-W12";
  state.staff = std::make_shared<staff::StaffSession>(
      clock, [](std::string_view, std::string_view) { return false; },
      protocol::Binding{protocol::BindingKind::kWard, "B2-3F-W12"});
  TapItem("rate");
  AnswerQueries(protocol::BindingKind::kWard, "B2-3F-W12");
  TapItem("rate.sign_in");
  ASSERT_EQ(state.session.screen, ScreenId::kSignIn);
  AnswerQueries(protocol::BindingKind::kWard, "B2-3F-W12");
  for (const char* k : {"7", "0", "0", "1"}) TapItem(k);
  TapItem("ok");
  for (const char* k : {"1", "3", "5", "7", "9", "0"}) TapItem(k);
  EXPECT_EQ(state.session.fields["signin.pin"], "135790");
  TapItem("ok");
  AnswerQueries(protocol::BindingKind::kWard, "B2-3F-W12");
  ASSERT_TRUE(state.staff->signed_in());
  EXPECT_EQ(state.session.screen, ScreenId::kToRate);
  AnswerQueries(protocol::BindingKind::kWard, "B2-3F-W12");
  TapItem("signin.sign_out");
  EXPECT_FALSE(state.staff->signed_in());
  EXPECT_EQ(state.session.screen, ScreenId::kHome);
}

}  // namespace
}  // namespace onestop::test
