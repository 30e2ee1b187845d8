// The rating flow by taps (issue 7): a patient at the bedside picks a completed repair, taps scores,
// a tag and sends; a ward kiosk asks a nurse to sign in on the keypad first (PIN checked off-frame).
#include <nlohmann/json.hpp>

#include <sstream>

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

class RatingTaps : public ViewTest {
 protected:
  RatingContext Context(Role kind, const std::string& location) {
    RatingContext c;
    c.binding = {kind, location};
    c.terminal_id = "T-9";
    const int64_t now = clock.NowUtcMs();
    c.tickets.push_back(rating::TicketFromJson(
                            {{"id", "TK-5"}, {"kind", "cleaning"}, {"status", "completed"}, {"location", "B2-3F-W12-BED07"},
                             {"created_at", FormatIsoUtcMs(now - 7200000)},
                             {"history", {{{"status", "completed"}, {"at", FormatIsoUtcMs(now - 600000)}}}}})
                            .value());
    TicketNames n;
    n.place = LocalText::Same("Ward 12 \xC2\xB7 Room 3 \xC2\xB7 Bed 7");
    n.worker = LocalText::Same("Wang Fang");
    c.names["TK-5"] = n;
    std::vector<staff::StaffMember> m;
    m.push_back(staff::StaffFromJson({{"id", "7001"}, {"role", "nurse"}, {"ward", "B2-3F-W12"}, {"pin_hash", "ok:135790"}}).value());
    c.staff = staff::StaffDirectory(std::move(m));
    return c;
  }
  // Taps the nth item `id`, scrolling the form up first while it is below the fold (the header that
  // names the service pushes the last dimensions under the navigation bar on a landscape panel).
  void TapScrolled(const std::string& id, size_t nth) {
    Frame();
    for (int i = 0; i < 8 && !(Item(id, nth) && Item(id, nth)->visible); ++i) Drag(1200, 600, 0, -150);
    TapItem(id, nth);
  }
  void AnswerQueries(Role kind, const std::string& location) {
    for (const Job& q : std::exchange(state.effects.jobs, {})) {
      if (q.As<rateui::job::ReadRatingContext>()) Apply(state, rateui::cmd::RatingContextRead{Context(kind, location)});
      if (q.As<staffui::job::ReadDirectory>()) Apply(state, staffui::cmd::DirectoryRead{Context(kind, location).staff});
      if (auto* pin = q.As<staffui::job::CheckPin>()) Apply(state, staffui::cmd::PinChecked{pin->attempt, pin->hash == "ok:" + pin->pin});
    }
  }
};

TEST_F(RatingTaps, PatientRatesACleaningByTaps) {
  state.terminal.binding.role = onestop::Role::kBedside;
  state.terminal.binding.location = "B2-3F-W12-BED07";
  TapItem("rate");
  AnswerQueries(onestop::Role::kBedside, "B2-3F-W12-BED07");
  TapItem("row");
  ASSERT_EQ(state.session.screen, screens::kRate);
  Frame();
  EXPECT_FALSE(Item("rate.send")->enabled) << "no overall score yet";
  TapItem("5", 0);  // overall
  for (size_t dim = 1; dim <= 4; ++dim) TapScrolled("4", dim);  // timeliness, attitude, quality, hygiene
  EXPECT_EQ(rateui::Get(state).form.dimensions["hygiene"], 4);
  ScrollTo("tag.thorough");
  TapItem("tag.thorough");
  TapItem("rate.send");
  ASSERT_EQ(Outbox(state).size(), 1u);
  const json p = json::parse(Outbox(state)[0].payload_json);
  EXPECT_EQ(p["overall"], 5);
  EXPECT_EQ(p["dimensions"]["hygiene"], 4);
  EXPECT_EQ(p["tags"][0], "thorough");
  EXPECT_FALSE(p.contains("rater")) << "a patient's rating is the terminal's";
}

// Issue 16: "Send rating" with a missing dimension did nothing visible (the message was below the fold)
// and the message stayed after the score was given.
TEST_F(RatingTaps, MissingScoreIsShownAtItsRowAndGoesWhenGiven) {
  state.terminal.binding.role = Role::kBedside;
  state.terminal.binding.location = "B2-3F-W12-BED07";
  TapItem("rate");
  AnswerQueries(Role::kBedside, "B2-3F-W12-BED07");
  TapItem("row");
  Frame();
  TapItem("5", 0);
  for (size_t dim = 2; dim <= 4; ++dim) TapScrolled("4", dim);  // the first dimension is left out
  // Scrolled to the comment at the bottom, as a patient who reads the whole form before sending.
  ScrollTo("rate.keyboard");
  for (int i = 0; i < 4; ++i) Drag(1200, 600, 0, -200);
  ASSERT_FALSE(Item("4", 1)->visible) << "precondition: the first dimension's row is scrolled away";
  TapItem("rate.send");
  EXPECT_TRUE(Outbox(state).empty());
  Frame();
  auto v = rateui::BuildRateView(state);
  ASSERT_FALSE(v.error.empty());
  ASSERT_FALSE(v.dimensions.empty());
  EXPECT_EQ(v.error_field, v.dimensions[0].dimension);
  EXPECT_TRUE(v.dimensions[0].missing);
  EXPECT_TRUE(Item("4", 1)->visible) << "the refused row is scrolled into view at once";
  TapItem("4", 1);
  EXPECT_TRUE(rateui::BuildRateView(state).error.empty()) << "fixed: the message goes";
  TapItem("rate.send");
  EXPECT_EQ(Outbox(state).size(), 1u);
}

TEST_F(RatingTaps, WardKioskSignsANurseInOnTheKeypad) {
  state.terminal.binding.role = onestop::Role::kWard;
  state.terminal.binding.location = "B2-3F-W12";
  state.terminal.staff = std::make_shared<staff::StaffSession>(
      clock, [](std::string_view, std::string_view) { return false; },
      Binding{onestop::Role::kWard, "B2-3F-W12"});
  TapItem("rate");
  AnswerQueries(onestop::Role::kWard, "B2-3F-W12");
  TapItem("rate.sign_in");
  ASSERT_EQ(state.session.screen, screens::kSignIn);
  AnswerQueries(onestop::Role::kWard, "B2-3F-W12");
  for (const char* k : {"7", "0", "0", "1"}) TapItem(k);
  TapItem("ok");
  for (const char* k : {"1", "3", "5", "7", "9", "0"}) TapItem(k);
  EXPECT_EQ(state.session.fields["signin.pin"], "135790");
  TapItem("ok");
  AnswerQueries(onestop::Role::kWard, "B2-3F-W12");
  ASSERT_TRUE(state.terminal.staff->signed_in());
  EXPECT_EQ(state.session.screen, screens::kToRate);
  AnswerQueries(onestop::Role::kWard, "B2-3F-W12");
  TapItem("signin.sign_out");
  EXPECT_FALSE(state.terminal.staff->signed_in());
  EXPECT_EQ(state.session.screen, screens::kHome);
}

// Issue 16: the drawn to-rate row and the rating screen's header name the place and the worker (the
// view models' words reach the screen whole, in a tile tall enough for them).
TEST_F(RatingTaps, DrawnRowAndHeaderNamePlaceAndWorker) {
  state.terminal.binding.role = Role::kBedside;
  state.session.lang = Lang::kEn;
  Apply(state, cmd::Navigate{screens::kToRate});
  AnswerQueries(Role::kBedside, "B2-3F-W12-BED07");
  Frame();
  bool row_named = false;
  for (const auto& t : texts)
    if (t.id == "tile.subtitle" && t.shown.find("Wang Fang") != std::string::npos &&
        t.shown.find("Room 3") != std::string::npos) {
      row_named = true;
      const ui::RecordedItem* row = Item("row");
      ASSERT_NE(row, nullptr);
      EXPECT_LE(t.max.y, row->max.y + 0.5f) << "the row's lines fit inside its tile";
    }
  EXPECT_TRUE(row_named) << "the to-rate tile names the place and the worker";
  TapItem("row");
  ASSERT_EQ(state.session.screen, screens::kRate);
  Frame();
  std::string facts;
  for (const auto& t : texts)
    if (t.id == "rate.fact") facts += t.shown + "\n";
  EXPECT_NE(facts.find("Wang Fang"), std::string::npos) << facts;
  EXPECT_NE(facts.find("Ward 12 \xC2\xB7 Room 3 \xC2\xB7 Bed 7"), std::string::npos) << facts;
  EXPECT_NE(facts.find("TK-5"), std::string::npos) << facts;
}

// Issue 16: in elder mode on a portrait tablet the score buttons read "Exce llent". In every language,
// both text sizes and both panel orientations, every word of every score label fits the width its
// button wraps at, so the font never has to break inside a word; and every button stays on the panel.
TEST_F(RatingTaps, ScoreLabelsNeverBreakInsideAWord) {
  state.terminal.binding.role = Role::kBedside;
  Apply(state, cmd::Navigate{screens::kToRate});
  AnswerQueries(Role::kBedside, "B2-3F-W12-BED07");
  Apply(state, rateui::cmd::PickTicket{"TK-5"});
  ASSERT_EQ(state.session.screen, screens::kRate);
  const ImVec2 panels[] = {{1280, 800}, {800, 1280}};
  for (Lang lang : kAllLangs)
    for (bool elder : {false, true})
      for (const ImVec2& panel : panels) {
        state.session.lang = lang;
        state.session.elder = elder;
        ImGui::GetIO().DisplaySize = panel;
        Frame();
        Frame();
        const std::string where = std::string(LangTag(lang)) + (elder ? " elder " : " normal ") +
                                  std::to_string(static_cast<int>(panel.x)) + "x" + std::to_string(static_cast<int>(panel.y));
        const auto v = rateui::BuildRateView(state);
        ASSERT_EQ(v.score_labels.size(), 5u);
        for (int i = 1; i <= 5; ++i) {
          const ui::RecordedItem* b = Item(std::to_string(i), 0);  // the overall score's buttons come first
          ASSERT_NE(b, nullptr) << where;
          EXPECT_LE(b->max.x, panel.x + 0.5f) << where << ": score " << i << " runs off the panel";
          const float room = (b->max.x - b->min.x) - ui::Em(0.6f);
          std::string word;
          std::istringstream words(v.score_labels[static_cast<size_t>(i - 1)]);
          while (words >> word)
            EXPECT_LE(ImGui::CalcTextSize(word.c_str()).x, room)
                << where << ": \"" << word << "\" is wider than its button (" << room << " px) and breaks";
        }
      }
}

}  // namespace
}  // namespace onestop::test
