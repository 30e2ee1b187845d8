// The meal ordering flow by taps (issue 6): meal tile → menu → + on a dish → Place order on the
// navigation bar → progress; and the NPO bed that sees why instead of a menu.
#include <cmath>

#include <nlohmann/json.hpp>

#include "tests/view/one_dish_menu.h"
#include "tests/view/view_fixture.h"
#include "kiosk/core/features/foundation/feature.h"
#include "kiosk/core/features/meals/commands.h"
#include "kiosk/core/features/meals/feature.h"
#include "kiosk/core/features/meals/jobs.h"
#include "kiosk/core/features/meals/views.h"
#include "kiosk/core/features/meals/ward_beds.h"
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
    BedsideOnline(state);
    state.terminal.tz = TimeZone::Find("Asia/Shanghai").value();
  }
  // Answers the screen's meal-context query with one dinner dish allowed for `diet`.
  void Answer(const std::string& diet) {
    ASSERT_EQ(JobsOf<mealui::job::ReadMealContext>(state).size(), 1u);
    state.effects.jobs.clear();
    MealContext c = OneDishMealContext(state, diet);
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

// Issue 16 item 1 by taps: the nurse's bed grid shows every bed with its diet or "Empty bed" and the
// next meal's order; a bed with a long order does not push its text into the next row's tiles.
TEST_F(MealTaps, NurseBedGridShowsEachBedsOrderWithoutOverlap) {
  const std::string ward = "B2-3F-W12";
  state.terminal.binding.role = Role::kWard;
  state.terminal.binding.location = ward;
  state.terminal.staff = std::make_shared<staff::StaffSession>(clock, [](std::string_view, std::string_view) { return false; },
                                                              Binding{Role::kWard, ward});
  state.terminal.staff->SetDirectory(staff::StaffDirectory(
      {staff::StaffFromJson({{"id", "70001"}, {"role", "nurse"}, {"ward", ward}, {"badge", "NB1"}}).value()}));
  state.session.lang = Lang::kEn;
  Apply(state, cmd::Navigate{screens::kSignIn});
  Apply(state, cmd::ScanCode{"NB1"});
  ASSERT_TRUE(state.terminal.staff->signed_in());
  state.effects.jobs.clear();
  Apply(state, cmd::Navigate{screens::kMeals});
  ASSERT_EQ(JobsOf<mealui::job::ReadWardBeds>(state).size(), 1u);
  state.effects.jobs.clear();
  std::vector<mealui::WardBed> beds;
  for (int n = 1; n <= 24; ++n) {
    mealui::WardBed b;
    b.code = ward + (n < 10 ? "-BED0" : "-BED") + std::to_string(n);
    b.name = LocalText::Same("Bed " + std::to_string(n));
    if (n % 5 != 0) b.diet = meals::DietOrder{b.code, n % 2 ? "regular" : "soft", {}, "dr"};
    b.next = meals::SlotChoice{};
    b.next->slot = meals::Slot::kDinner;
    b.next->date = "2026-11-22";
    if (n % 3 == 0 && b.diet) {
      b.state = meals::OrderState::kInReview;
      b.ordered = {{LocalText::Same("Congee with preserved egg and lean pork"), 1}, {LocalText::Same("Steamed bun"), 2}};
    }
    beds.push_back(std::move(b));
  }
  Apply(state, mealui::cmd::WardBedsRead{ward, beds});
  Frame();
  ASSERT_NE(Item("bed." + ward + "-BED03"), nullptr);
  ASSERT_NE(Item("bed." + ward + "-BED07"), nullptr);
  // Bed 3 has an order (two lines of text under its tile): the tile below it starts below that text,
  // not over it. Without text under it the rows would be one item spacing apart.
  const auto* b3 = Item("bed." + ward + "-BED03");
  const ui::RecordedItem* below = nullptr;
  for (const auto& it : items)
    if (it.id.rfind("bed.", 0) == 0 && std::abs(it.min.x - b3->min.x) < 2 && it.min.y > b3->max.y &&
        (!below || it.min.y < below->min.y))
      below = &it;
  ASSERT_NE(below, nullptr);
  const float tile_h = b3->max.y - b3->min.y;
  EXPECT_GT(below->min.y - b3->max.y, tile_h * 0.5f) << "the next row's tile covers bed 3's order";
  TapItem("bed." + ward + "-BED03");
  EXPECT_EQ(mealui::Get(state).bed, ward + "-BED03");
}

}  // namespace
}  // namespace onestop::test
