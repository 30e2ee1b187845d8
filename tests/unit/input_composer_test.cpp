// Composer + engines through the TextInput seam with the fake and the Latin engine: the buffer
// survives engine switches, limits refuse instead of truncating typed text, paging and choosing.
#include <gtest/gtest.h>

#include "kiosk/core/input/composer.h"
#include "kiosk/core/input/fake_text_input.h"
#include "kiosk/core/input/latin_input.h"

namespace onestop::input {
namespace {

// Candidates are opaque strings to the seam, so ASCII stand-ins keep Chinese out of the source.
FakeTextInput Pinyin() {
  FakeTextInput f(EngineKind::kPinyin, 2);
  f.table["ni"] = {"C-ni-1", "C-ni-2", "C-ni-3"};
  return f;
}

TEST(Composer, LatinCommitsKeysAtOnce) {
  LatinInput latin;
  Composer c(&latin, 10);
  ASSERT_TRUE(c.Keys("bed 7"));
  EXPECT_EQ(c.text(), "bed 7");
  EXPECT_TRUE(c.Candidates().candidates.empty());
  c.Backspace();
  EXPECT_EQ(c.text(), "bed ");
}

TEST(Composer, LatinRefusesNonAscii) {
  LatinInput latin;
  Composer c(&latin, 10);
  auto s = c.Keys("a\tb");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, "input.bad_key");
  EXPECT_EQ(c.text(), "");
}

TEST(Composer, PinyinComposesPagesAndChooses) {
  FakeTextInput pinyin = Pinyin();
  Composer c(&pinyin, 20);
  ASSERT_TRUE(c.Keys("n"));
  ASSERT_TRUE(c.Keys("i"));
  EXPECT_EQ(c.text(), "");  // still composing
  CandidatePage p = c.Candidates();
  EXPECT_EQ(p.preedit, "ni");
  EXPECT_EQ(p.candidates, (std::vector<std::string>{"C-ni-1", "C-ni-2"}));
  EXPECT_FALSE(p.last_page);
  ASSERT_TRUE(c.ChangePage(true));
  p = c.Candidates();
  EXPECT_EQ(p.candidates, (std::vector<std::string>{"C-ni-3"}));
  EXPECT_TRUE(p.last_page);
  ASSERT_TRUE(c.Choose(0));
  EXPECT_EQ(c.text(), "C-ni-3");
  EXPECT_EQ(c.Candidates().preedit, "");
}

TEST(Composer, ChoosingOffThePageIsAnError) {
  FakeTextInput pinyin = Pinyin();
  Composer c(&pinyin, 20);
  ASSERT_TRUE(c.Keys("ni"));
  auto s = c.Choose(5);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, "input.no_candidate");
  EXPECT_EQ(c.text(), "");
}

TEST(Composer, SwitchingEnginesKeepsTheBufferAndDropsTheComposition) {
  LatinInput latin;
  FakeTextInput pinyin = Pinyin();
  FakeTextInput hand(EngineKind::kHandwriting, 5);
  hand.table["ink:2"] = {"H-1", "H-2"};
  Composer c(&latin, 40);
  ASSERT_TRUE(c.Keys("Bed7 "));
  c.SwitchEngine(&pinyin);
  ASSERT_TRUE(c.Keys("ni"));
  ASSERT_TRUE(c.Choose(1));
  ASSERT_TRUE(c.Keys("n"));  // left composing when we switch
  c.SwitchEngine(&hand);
  EXPECT_EQ(pinyin.calls.back(), "reset");
  EXPECT_EQ(pinyin.Candidates().preedit, "");
  Ink ink{100, 100, {{{1, 1}, {50, 50}}, {{10, 90}, {90, 10}}}};
  ASSERT_TRUE(c.Draw(ink));
  ASSERT_TRUE(c.Choose(0));
  c.SwitchEngine(&latin);
  ASSERT_TRUE(c.Keys("!"));
  EXPECT_EQ(c.text(), "Bed7 C-ni-2H-1!");
}

TEST(Composer, BackspaceEditsTheCompositionFirst) {
  FakeTextInput pinyin = Pinyin();
  Composer c(&pinyin, 20);
  c.SetText("ab");
  ASSERT_TRUE(c.Keys("ni"));
  c.Backspace();
  EXPECT_EQ(c.Candidates().preedit, "n");
  EXPECT_EQ(c.text(), "ab");
  c.Backspace();
  c.Backspace();  // composition empty: now the field loses a character
  EXPECT_EQ(c.text(), "a");
}

TEST(Composer, FullFieldRefusesAndKeepsTheComposition) {
  FakeTextInput pinyin = Pinyin();
  Composer c(&pinyin, 3);
  c.SetText("abc");
  ASSERT_TRUE(c.Keys("ni"));
  auto s = c.Choose(0);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, "input.field_full");
  EXPECT_EQ(c.text(), "abc");
  EXPECT_EQ(c.Candidates().preedit, "ni");

  LatinInput latin;
  c.SwitchEngine(&latin);
  auto k = c.Keys("d");
  ASSERT_FALSE(k);
  EXPECT_EQ(k.error().code, "input.field_full");
  EXPECT_EQ(c.text(), "abc");
}

TEST(Composer, SetTextCutsAtTheLimitOnWholeCodePoints) {
  LatinInput latin;
  Composer c(&latin, 2);
  c.SetText("\xC3\xA9\xC3\xA9\xC3\xA9");  // three two-byte code points
  EXPECT_EQ(c.text(), "\xC3\xA9\xC3\xA9");
}

TEST(Composer, FinishCommitsPinyinLettersAsTyped) {
  FakeTextInput pinyin = Pinyin();
  Composer c(&pinyin, 20);
  ASSERT_TRUE(c.Keys("xyz"));
  ASSERT_TRUE(c.Finish());
  EXPECT_EQ(c.text(), "xyz");
}

TEST(Composer, TooManyKeysIsAnError) {
  FakeTextInput pinyin = Pinyin();
  Composer c(&pinyin, 200);
  auto s = c.Keys(std::string(kMaxComposeKeys + 1, 'a'));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, "input.too_long");
}

TEST(Composer, NoEngineIsAnError) {
  Composer c(nullptr, 5);
  auto s = c.Keys("a");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, "input.no_engine");
}

TEST(EngineName, Spellings) {
  EXPECT_STREQ(EngineName(EngineKind::kLatin), "latin");
  EXPECT_STREQ(EngineName(EngineKind::kPinyin), "pinyin");
  EXPECT_STREQ(EngineName(EngineKind::kHandwriting), "handwriting");
}

}  // namespace
}  // namespace onestop::input
