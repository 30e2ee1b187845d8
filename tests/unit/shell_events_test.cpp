// Events the shell broadcasts (kiosk/core/shell/events.h), seen through the screens they change:
// TicketsChanged re-reads what the open screen shows; StaffSignedOut (here: the inactivity sign-out)
// clears every feature's staff screens. No worker: jobs are answered by hand, as the app would.
#include <gtest/gtest.h>

#include "kiosk/core/features/meals/commands.h"
#include "kiosk/core/features/meals/feature.h"
#include "kiosk/core/features/meals/jobs.h"
#include "kiosk/core/features/meals/views.h"
#include "kiosk/core/features/rating/feature.h"
#include "kiosk/core/features/rating/state.h"
#include "kiosk/core/shell/events.h"
#include "kiosk/core/shell/shell.h"
#include "tests/unit/effects_helpers.h"

namespace onestop {
namespace {

constexpr int64_t k1430Shanghai = 1795329000000;  // 2026-11-22 14:30 +08:00

class ShellEvents : public ::testing::Test {
 protected:
  void SetUp() override {
    auto i = I18n::LoadDir(std::string(ONESTOP_ASSETS_DIR) + "/i18n");
    ASSERT_TRUE(i.ok());
    i18n = std::move(i.value());
    s.i18n = &i18n;
    s.clock = &clock;
    s.terminal.tz = TimeZone::Find("Asia/Shanghai").value();
    s.terminal.binding.role = Role::kBedside;
    s.terminal.binding.location = "B2-3F-W12-BED07";
    s.terminal.link.state = LinkState::kOnline;
    ResetSession(s);
  }
  // The bed's context with one dinner order for today in `state`.
  MealContext WithOrder(meals::OrderState state) const {
    MealContext c;
    c.bed = "B2-3F-W12-BED07";
    c.config.time_zone = "Asia/Shanghai";
    c.tz = s.terminal.tz;
    c.now = meals::JudgeNow(clock.NowUtcMs(), true, 0);
    c.diet = meals::DietOrder{c.bed, "regular", {}, "dr"};
    MyMeal m;
    m.record_id = "rec-1";
    m.order = {c.bed, meals::Slot::kDinner, c.tz.Date(clock.NowUtcMs()), {{"rice", 1}}, false, "regular", {}, ""};
    m.status.state = state;
    m.status.ticket = "TK-000001";
    c.orders.push_back(std::move(m));
    return c;
  }
  // Answers the one pending meal-context read.
  void Answer(MealContext c) {
    const auto reads = JobsOf<mealui::job::ReadMealContext>(s);
    ASSERT_EQ(reads.size(), 1u);
    s.effects.jobs.clear();
    Apply(s, mealui::cmd::MealContextRead{reads[0].bed, std::move(c)});
  }
  std::string StateText() {
    const auto v = mealui::BuildMyMealsView(s);
    return v.rows.empty() ? std::string() : v.rows[0].state_text;
  }
  I18n i18n;
  FakeClock clock{k1430Shanghai};
  AppState s;
};

TEST_F(ShellEvents, MyMealsFollowsThePullWhileOnScreen) {
  Apply(s, cmd::Navigate{screens::kMyMeals});
  Answer(WithOrder(meals::OrderState::kInReview));
  const std::string in_review = StateText();
  ASSERT_FALSE(in_review.empty());
  // The pull brings the dietitian's approval: the screen asks for the context again by itself...
  Apply(s, event::TicketsChanged{});
  Answer(WithOrder(meals::OrderState::kApproved));
  // ...and shows the new state without the patient leaving the screen.
  EXPECT_EQ(s.session.screen, screens::kMyMeals);
  EXPECT_NE(StateText(), in_review);
  EXPECT_EQ(StateText(), i18n.Tr(Lang::kZhHans, "meal.state.approved"));
}

TEST_F(ShellEvents, NoReReadForAScreenNotShowingMeals) {
  Apply(s, cmd::Navigate{screens::kMyMeals});
  Answer(WithOrder(meals::OrderState::kInReview));
  Apply(s, cmd::GoHome{});
  Apply(s, event::TicketsChanged{});
  EXPECT_TRUE(JobsOf<mealui::job::ReadMealContext>(s).empty());
}

TEST_F(ShellEvents, InactivitySignOutClearsEveryFeaturesStaffScreens) {
  s.terminal.binding.role = Role::kWard;
  s.terminal.binding.location = "B2-3F-W12";
  staff::SessionPolicy policy;
  policy.idle_timeout_s = 60;
  s.terminal.staff = std::make_shared<staff::StaffSession>(
      clock, [](std::string_view, std::string_view) { return true; }, Binding{Role::kWard, "B2-3F-W12"}, policy);
  std::vector<staff::StaffMember> members;
  members.push_back(staff::StaffFromJson({{"id", "N1"}, {"role", "nurse"}, {"ward", "B2-3F-W12"}, {"badge", "B1"}}).value());
  s.terminal.staff->SetDirectory(staff::StaffDirectory(std::move(members)));
  ASSERT_TRUE(s.terminal.staff->SignInWithBadge("B1"));
  Apply(s, cmd::Navigate{screens::kMeals});  // the nurse's meal screens for a bed of her ward
  s.effects.jobs.clear();
  Apply(s, mealui::cmd::PickMealBed{"B2-3F-W12-BED07"});
  ASSERT_EQ(mealui::Get(s).bed, "B2-3F-W12-BED07");
  rateui::Get(s).ticket = "TK-9";
  clock.Advance(61 * 1000);
  s.NoteInput();  // the patient idle rule is not what signs her out here
  TickIdle(s);
  EXPECT_FALSE(s.terminal.staff->signed_in());
  EXPECT_EQ(s.session.screen, screens::kHome);
  EXPECT_TRUE(mealui::Get(s).bed.empty()) << "the meals feature heard StaffSignedOut";
  EXPECT_TRUE(rateui::Get(s).ticket.empty()) << "the rating feature heard StaffSignedOut";
}

}  // namespace
}  // namespace onestop
