// Read aloud by taps (issue 17) with the Speech seam's fake recording what the terminal would say:
// the status bar's switch, a new screen read (title, content in reading order, main action), a tap
// read before it acts, the meal order path home → meals → menu → basket → order saved in that
// spoken order, the idle warning, voices by session language, and a session reset switching it off.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "kiosk/app/executor.h"
#include "kiosk/app/job_router.h"
#include "kiosk/app/speech_service.h"
#include "kiosk/core/features/meals/commands.h"
#include "kiosk/core/features/meals/feature.h"
#include "kiosk/core/features/meals/jobs.h"
#include "kiosk/core/features/read_aloud/commands.h"
#include "kiosk/core/features/read_aloud/feature.h"
#include "kiosk/core/features/requests/commands.h"
#include "kiosk/core/features/requests/feature.h"
#include "kiosk/core/main_queue.h"
#include "kiosk/core/speech/fake_speech.h"
#include "tests/unit/effects_helpers.h"
#include "tests/view/one_dish_menu.h"
#include "tests/view/view_fixture.h"

namespace onestop::test {
namespace {

class ReadAloud : public ViewTest {
 protected:
  void SetUp() override {
    ViewTest::SetUp();
    BedsideOnline(state);
    state.terminal.speech_rate_wpm = 140;
    state.session.lang = Lang::kEn;
  }
  // What the app's speech lane would be handed this frame, through the fake synthesiser.
  void Speak() {
    TickIdle(state);  // the app ticks the features every loop (idle warning, actions' progress)
    for (const auto& j : JobsOf<readaloud::job::Say>(state)) (void)voice.Synthesize(j.utterance);
    ClearJobs<readaloud::job::Say>(state);
  }
  std::vector<Command> TapSpoken(const std::string& id) {
    auto c = TapItem(id);
    Frame();
    Speak();
    return c;
  }
  // Both taps of the read-aloud pattern: the first reads the element and does nothing else.
  void ReadThenAct(const std::string& id, const std::string& want_said) {
    const ScreenId before = state.session.screen;
    const size_t n = voice.said.size();
    TapSpoken(id);
    EXPECT_EQ(state.session.screen, before) << id << ": the first tap only reads";
    ASSERT_GT(voice.said.size(), n) << id << " was not read";
    EXPECT_NE(voice.said[n].text.find(want_said), std::string::npos) << voice.said[n].text;
    TapSpoken(id);
  }
  void AnswerMenu() {
    ASSERT_EQ(JobsOf<mealui::job::ReadMealContext>(state).size(), 1u);
    ClearJobs<mealui::job::ReadMealContext>(state);
    MealContext c = OneDishMealContext(state, "soft");
    Apply(state, mealui::cmd::MealContextRead{state.terminal.binding.location, std::move(c)});
  }
  std::string Tr(const char* key) { return i18n.Tr(state.session.lang, key); }

  speech::FakeSpeech voice;
};

TEST_F(ReadAloud, TheMealOrderPathIsSpokenInOrder) {
  TapSpoken("status.read_aloud");  // the switch acts on its first tap
  ASSERT_TRUE(readaloud::Get(state).on);
  ASSERT_GE(voice.said.size(), 2u);
  EXPECT_EQ(voice.said[0].text, Tr("speech.read_aloud_on"));
  EXPECT_NE(voice.said[1].text.find(Tr("home.greeting_patient")), std::string::npos) << "home read: " << voice.said[1].text;

  ReadThenAct("meals", Tr("home.tile.meals"));
  ASSERT_EQ(state.session.screen, screens::kMeals);
  AnswerMenu();
  Frame();
  Speak();
  EXPECT_EQ(voice.said.back().text.find(Tr("requests.loading")), std::string::npos)
      << "the meals screen is read again once its data arrived: " << voice.said.back().text;
  const std::string slot_id = "meal.slot.dinner.2026-11-22";
  ReadThenAct(slot_id, "");
  ASSERT_EQ(state.session.screen, screens::kMenu);
  const std::string menu = voice.said.back().text;
  EXPECT_NE(menu.find("Congee"), std::string::npos) << "the menu's content is read: " << menu;
  const std::string action = i18n.Format(state.session.lang, "speech.action", {Tr("meal.place_order")});
  ASSERT_GE(menu.size(), action.size());
  EXPECT_EQ(menu.substr(menu.size() - action.size()), action) << "the main action is read last";

  ReadThenAct("plus", "");
  EXPECT_EQ(mealui::Get(state).basket["D100"], 1) << "the second tap acted, once";
  ReadThenAct("menu.place", Tr("meal.place_order"));
  const auto out = Outbox(state);
  ASSERT_EQ(out.size(), 1u) << "one order from two taps";
  ClearJobs<OutboxRequest>(state);
  Apply(state, job::OutboxSaved{out[0].tag, "rec-1"});
  Frame();
  Speak();
  EXPECT_EQ(voice.said.back().text, Tr("speech.order_saved"));
  for (const auto& u : voice.said) {
    std::printf("said: %s\n", u.text.c_str());  // the sequence, in the test log
    EXPECT_EQ(u.lang, Lang::kEn);
    EXPECT_EQ(u.rate_wpm, 140) << "the configured rate";
  }
}

// An icon-only key (Space on the one-key bottom row of an elder portrait keyboard) is read by its
// word: an icon has none, and the tap would read nothing.
TEST_F(ReadAloud, AnIconOnlyKeyIsReadByItsWord) {
  state.session.lang = Lang::kZhHans;
  state.session.elder = true;
  ImGui::GetIO().DisplaySize = ImVec2(800, 1280);
  Apply(state, cmd::Navigate{screens::kComplaint});
  Apply(state, requests::cmd::ToggleKeyboard{requests::Form::kComplaint});
  Frame();
  TapSpoken("status.read_aloud");
  ASSERT_TRUE(readaloud::Get(state).on);
  Frame();
  for (int i = 0; i < 8 && !(Item("space") && Item("space")->visible); ++i) Drag(400, 700, 0, -200);  // portrait panel
  const auto* key = Item("space");
  ASSERT_TRUE(key && key->visible);
  for (const auto& t : texts) {
    if (t.id == "button.label" && t.box_min.x == key->min.x && t.box_min.y == key->min.y) {
      ASSERT_NE(t.shown, Tr("keyboard.space")) << "the key shows its icon here (else this test checks nothing)";
    }
  }
  ReadThenAct("space", Tr("keyboard.space"));
}

TEST_F(ReadAloud, OffNothingIsSaidAndTapsActAtOnce) {
  TapSpoken("meals");
  EXPECT_EQ(state.session.screen, screens::kMeals);
  EXPECT_TRUE(voice.said.empty());
}

TEST_F(ReadAloud, TheIdleWarningIsSpokenOnceInTheSessionsVoice) {
  state.session.lang = Lang::kZhHant;
  TapSpoken("status.read_aloud");
  const size_t n = voice.said.size();
  clock.Advance((state.terminal.idle.timeout_s - state.terminal.idle.warn_s + 1) * 1000LL);
  Speak();
  ASSERT_EQ(voice.said.size(), n + 1);
  const IdleStatus idle_now = EvaluateIdle(state.terminal.idle, state.last_input_mono_ms, clock.MonotonicMs());
  ASSERT_TRUE(idle_now.warning);
  EXPECT_EQ(voice.said.back().text, i18n.Format(Lang::kZhHant, "idle.countdown", {std::to_string(idle_now.seconds_left)}));
  EXPECT_EQ(voice.said.back().lang, Lang::kZhHant);
  EXPECT_STREQ(speech::VoiceFor(voice.said.back().lang), "cmn");
  Speak();
  EXPECT_EQ(voice.said.size(), n + 1) << "said once per warning";
}

TEST_F(ReadAloud, ItGoesOffWithTheSession) {
  TapSpoken("status.read_aloud");
  ASSERT_TRUE(readaloud::Get(state).on);
  ResetSession(state);
  EXPECT_FALSE(readaloud::Get(state).on);
}

// The app's speech lane: a Say job reaches the synthesiser on a worker (no audio device: nothing played).
TEST_F(ReadAloud, TheSpeechLaneSynthesisesWhatTheCoreAsks) {
  auto fake = std::make_shared<speech::FakeSpeech>();
  {
    app::Executor executor(1);
    MainQueue queue;
    app::JobRouter router(executor, queue, state);
    app::RegisterSpeech(router, executor.NewLane(), fake, nullptr);
    router.Submit(readaloud::job::Say{speech::Utterance{Lang::kZhHans, Tr("speech.read_aloud"), 165}});
    router.Submit(readaloud::job::Say{speech::Utterance{Lang::kZhHans, "", 165}});  // refused, logged
    executor.Stop();
  }
  ASSERT_EQ(fake->said.size(), 1u);
  EXPECT_EQ(fake->said[0].text, Tr("speech.read_aloud"));
}

}  // namespace
}  // namespace onestop::test
