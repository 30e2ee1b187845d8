// The meal ordering flow by taps (issue 6): meal tile → menu → + on a dish → Place order on the
// navigation bar → progress; and the NPO bed that sees why instead of a menu.
#include <nlohmann/json.hpp>

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

class MealTaps : public ViewTest {
 protected:
  void SetUp() override {
    ViewTest::SetUp();
    state.terminal.binding.role = Role::kBedside;
    state.terminal.binding.location = "B2-3F-W12-BED07";
    state.terminal.link.state = LinkState::kOnline;
    state.terminal.tz = TimeZone::Find("Asia/Shanghai").value();
  }
  // Answers the screen's meal-context query with one dinner dish allowed for `diet`.
  void Answer(const std::string& diet) {
    ASSERT_EQ(JobsOf<mealui::job::ReadMealContext>(state).size(), 1u);
    state.effects.jobs.clear();
    MealContext c;
    c.bed = state.terminal.binding.location;
    c.config.time_zone = "Asia/Shanghai";
    c.tz = state.terminal.tz;
    c.now = meals::JudgeNow(clock.NowUtcMs(), true, 0);
    c.diet = meals::DietOrder{c.bed, diet, {}, "dr"};
    meals::Dish d;
    d.id = "D100";
    d.name = LocalText::Same("Congee");
    d.slots = {meals::Slot::kDinner, meals::Slot::kBreakfast, meals::Slot::kLunch};
    d.diets = {"regular", "soft"};
    c.catalog.emplace(d.id, d);
    for (const auto& choice : meals::OrderableSlots(c.config, c.tz, c.now.now_ms)) {
      MealSlotMenu m{choice, {d}, std::nullopt, meals::FilterMenu({d}, &*c.diet, choice.slot)};
      c.slots.push_back(std::move(m));
    }
    Apply(state, mealui::cmd::MealContextRead{state.terminal.binding.location, std::move(c)});
  }
};

TEST_F(MealTaps, PatientOrdersDinnerInFourTaps) {
  TapItem("meals");
  ASSERT_EQ(state.session.screen, screens::kMeals);
  Answer("soft");
  TapItem("meal.slot.dinner.2026-11-22");
  ASSERT_EQ(state.session.screen, screens::kMenu);
  Frame();
  ASSERT_NE(Item("menu.place"), nullptr);
  EXPECT_FALSE(Item("menu.place")->enabled) << "nothing in the basket yet";
  TapItem("plus");
  EXPECT_EQ(mealui::Get(state).basket["D100"], 1);
  TapItem("menu.place");
  ASSERT_EQ(Outbox(state).size(), 1u);
  EXPECT_EQ(json::parse(Outbox(state)[0].payload_json)["items"][0]["menu_item"], "D100");
  TapItem("menu.my_meals");
  EXPECT_EQ(state.session.screen, screens::kMyMeals);
}

TEST_F(MealTaps, NpoBedSeesWhyNotAnEmptyList) {
  TapItem("meals");
  Answer("npo");
  Frame();
  EXPECT_EQ(Item("meal.slot.dinner.2026-11-22"), nullptr);
  EXPECT_EQ(mealui::BuildMealsView(state).problem, i18n.Tr(state.session.lang, "meal.why.npo"));
}

}  // namespace
}  // namespace onestop::test
