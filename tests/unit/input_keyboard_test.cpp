// The keyboard feature (issue 17) through Apply with fake engines: the engines each language offers,
// pinyin composing into a field, switching engines keeping the text, handwriting asking a worker and
// dropping stale answers, the field's limit refusing a commit whole, and a reset ending a composition.
#include <gtest/gtest.h>

#include "kiosk/core/features/keyboard/commands.h"
#include "kiosk/core/features/keyboard/feature.h"
#include "tests/unit/effects_helpers.h"
#include "tests/unit/fake_engines.h"
#include "tests/unit/state_fixture.h"

namespace onestop {
namespace {

namespace kb = keyboard;
using input::EngineKind;
const std::string kNi = "\xE4\xBD\xA0", kNiHao = "\xE4\xBD\xA0\xE5\xA5\xBD", kShui = "\xE6\xB0\xB4";
const std::string kField = "complaint.text";

class KeyboardCore : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(LoadCatalogs(&i18n));
    engines = std::make_shared<test::FakeEngines>();
    s.terminal.input = engines;
    PrepareState(s, i18n, clock, Lang::kZhHans);
  }
  void Type(const std::string& letters, size_t max_len = 600) {
    for (char c : letters) Apply(s, kb::cmd::Key{kField, std::string(1, c), max_len});
  }
  std::string& Text() { return s.session.fields[kField]; }

  I18n i18n;
  FakeClock clock{1795329000000};
  AppState s;
  std::shared_ptr<test::FakeEngines> engines;
};

TEST_F(KeyboardCore, EachLanguageOffersItsEngines) {
  EXPECT_EQ(kb::OfferedEngines(s), (std::vector<EngineKind>{EngineKind::kPinyin, EngineKind::kHandwriting, EngineKind::kLatin}));
  s.session.elder = true;  // handwriting first for elderly patients
  EXPECT_EQ(kb::CurrentEngine(s, kField), EngineKind::kHandwriting);
  s.session.elder = false;
  s.session.lang = Lang::kEn;
  EXPECT_EQ(kb::OfferedEngines(s), (std::vector<EngineKind>{EngineKind::kLatin}));
  EXPECT_TRUE(kb::BuildKeyboardView(s, kField).engines.empty()) << "one engine: no switch key";
  s.terminal.input.reset();
  s.session.lang = Lang::kZhHant;
  EXPECT_EQ(kb::OfferedEngines(s), (std::vector<EngineKind>{EngineKind::kLatin})) << "no engines installed: Latin only";
}

TEST_F(KeyboardCore, PinyinComposesShowsCandidatesAndCommitsTheChoice) {
  Type("nihao");
  EXPECT_EQ(Text(), "") << "letters compose; they are not text yet";
  kb::KeyboardView v = kb::BuildKeyboardView(s, kField);
  EXPECT_EQ(v.preedit, "nihao");
  ASSERT_FALSE(v.candidates.empty());
  EXPECT_EQ(v.candidates[0], kNiHao);
  ASSERT_FALSE(engines->shown.empty());
  EXPECT_NE(engines->shown.back().find(kNiHao), std::string::npos) << "candidates are handed over for glyph baking";
  Apply(s, kb::cmd::Choose{kField, 0, 600});
  EXPECT_EQ(Text(), kNiHao);
  EXPECT_TRUE(kb::BuildKeyboardView(s, kField).candidates.empty());
  // Space takes the first candidate; a digit commits the letters as typed, then itself.
  Type("ni ");
  EXPECT_EQ(Text(), kNiHao + kNi);
  Type("ni1");
  EXPECT_EQ(Text(), kNiHao + kNi + "ni1");
}

TEST_F(KeyboardCore, PagingAndBackspaceWorkOnTheComposition) {
  Type("ni");
  Apply(s, kb::cmd::Page{kField, true});
  auto v = kb::BuildKeyboardView(s, kField);
  EXPECT_TRUE(v.has_prev);
  ASSERT_EQ(v.candidates.size(), 1u);  // 6 candidates, 5 a page
  Apply(s, kb::cmd::Backspace{kField});
  EXPECT_EQ(kb::BuildKeyboardView(s, kField).preedit, "n");
  Apply(s, kb::cmd::Backspace{kField});
  Apply(s, kb::cmd::Backspace{kField});  // nothing composing: deletes from the text (empty: no-op)
  EXPECT_EQ(Text(), "");
}

TEST_F(KeyboardCore, SwitchingEnginesKeepsTheText) {
  Type("nihao");
  Apply(s, kb::cmd::Choose{kField, 0, 600});
  Type("ni");
  Apply(s, kb::cmd::Switch{kField, EngineKind::kHandwriting});
  EXPECT_EQ(Text(), kNiHao) << "the unfinished composition is dropped, the text kept";
  EXPECT_EQ(kb::CurrentEngine(s, kField), EngineKind::kHandwriting);
  Apply(s, kb::cmd::Switch{kField, EngineKind::kLatin});
  Type("ok");
  EXPECT_EQ(Text(), kNiHao + "ok");
}

TEST_F(KeyboardCore, HandwritingAsksAWorkerAndDropsStaleAnswers) {
  Apply(s, kb::cmd::Switch{kField, EngineKind::kHandwriting});
  Apply(s, kb::cmd::Stroke{kField, {{10, 10}, {50, 90}}, 100, 100});
  auto jobs = JobsOf<kb::job::RecognizeInk>(s);
  ASSERT_EQ(jobs.size(), 1u);
  EXPECT_EQ(jobs[0].ink.strokes.size(), 1u);
  EXPECT_TRUE(kb::BuildKeyboardView(s, kField).recognising);
  Apply(s, kb::cmd::Stroke{kField, {{80, 10}, {20, 90}}, 100, 100});
  jobs = JobsOf<kb::job::RecognizeInk>(s);
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_EQ(jobs[1].ink.strokes.size(), 2u) << "every stroke so far is recognised again";
  // The first answer arrives after the second stroke: it is for older ink and is dropped.
  Apply(s, kb::cmd::InkRecognized{kField, jobs[0].generation, {"x"}, {}});
  EXPECT_TRUE(kb::BuildKeyboardView(s, kField).candidates.empty());
  Apply(s, kb::cmd::InkRecognized{kField, jobs[1].generation, {kShui, kNi}, {}});
  auto v = kb::BuildKeyboardView(s, kField);
  ASSERT_EQ(v.candidates.size(), 2u);
  EXPECT_FALSE(v.recognising);
  EXPECT_EQ(engines->shown.back(), kShui + kNi);
  Apply(s, kb::cmd::Choose{kField, 0, 600});
  EXPECT_EQ(Text(), kShui);
  EXPECT_TRUE(kb::BuildKeyboardView(s, kField).ink.empty()) << "the pad is cleared for the next character";
}

TEST_F(KeyboardCore, BadStrokesAreRefusedInWords) {
  Apply(s, kb::cmd::Switch{kField, EngineKind::kHandwriting});
  Apply(s, kb::cmd::Stroke{kField, {{10, 10}, {500, 90}}, 100, 100});  // off the pad
  EXPECT_TRUE(JobsOf<kb::job::RecognizeInk>(s).empty());
  EXPECT_FALSE(kb::BuildKeyboardView(s, kField).error.empty());
  Apply(s, kb::cmd::Stroke{kField, {}, 100, 100});
  EXPECT_TRUE(JobsOf<kb::job::RecognizeInk>(s).empty());
}

TEST_F(KeyboardCore, AFullFieldRefusesTheWholeCommitAndKeepsTheComposition) {
  Text() = kNi;
  Type("nihao", 2);
  Apply(s, kb::cmd::Choose{kField, 0, 2});
  EXPECT_EQ(Text(), kNi) << "nothing is cut to fit";
  auto v = kb::BuildKeyboardView(s, kField);
  EXPECT_EQ(v.error, s.Tr("keyboard.full"));
  EXPECT_EQ(v.preedit, "nihao") << "what was typed is kept";
  // Text longer than the limit (phrases filled it) is never cut by a keyboard edit.
  Text() = "abcdef";
  Apply(s, kb::cmd::Switch{kField, EngineKind::kLatin});
  Apply(s, kb::cmd::Key{kField, "g", 3});
  EXPECT_EQ(Text(), "abcdef");
}

TEST_F(KeyboardCore, ASessionResetEndsTheComposition) {
  Type("ni");
  ResetSession(s);
  EXPECT_TRUE(engines->hans.Candidates().preedit.empty());
  EXPECT_TRUE(kb::BuildKeyboardView(s, kField).candidates.empty());
}

TEST_F(KeyboardCore, TraditionalSessionsUseTheirOwnEngine) {
  s.session.lang = Lang::kZhHant;
  Type("ni");
  EXPECT_EQ(engines->hant.Candidates().preedit, "ni");
  EXPECT_TRUE(engines->hans.Candidates().preedit.empty());
}

}  // namespace
}  // namespace onestop
