// Pinyin through the real librime + rime-data-luna-pinyin: first candidates per script, paging,
// partial choice, no phrase learning between sessions (shared terminals), key checks.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "devices/input/rime_pinyin.h"
#include "kiosk/core/text_edit.h"
#include "input_test_data.h"

namespace onestop::input {
namespace {

namespace fs = std::filesystem;

// librime is one per process: every test in this binary shares this runtime.
RimeRuntime& Runtime() {
  static const fs::path dir = fs::temp_directory_path() / ("onestop-rime-test-" + std::to_string(::getpid()));
  static RimeRuntime* rt = [] {
    fs::remove_all(dir);
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(dir, ec);
    });
    auto r = RimeRuntime::Start({.user_dir = dir.string(), .page_size = 5});
    if (!r) throw std::runtime_error(r.error().message);
    return r.value();
  }();
  return *rt;
}

std::unique_ptr<RimePinyinInput> Engine(Lang lang) {
  auto e = RimePinyinInput::Create(Runtime(), lang);
  if (!e) throw std::runtime_error(e.error().message);
  return std::move(e.value());
}

TEST(RimePinyin, FirstCandidateSimplifiedAndTraditional) {
  const auto& expect = testdata::Expect().at("pinyin_first");
  ASSERT_GE(expect.size(), 3u);
  for (const auto& [letters, per_lang] : expect.items()) {
    for (Lang lang : {Lang::kZhHans, Lang::kZhHant}) {
      auto e = Engine(lang);
      auto fed = e->FeedKeys(letters);
      ASSERT_TRUE(fed) << fed.error().message;
      const CandidatePage page = e->Candidates();
      ASSERT_FALSE(page.candidates.empty()) << letters;
      EXPECT_LE(page.candidates.size(), 5u);
      EXPECT_EQ(page.candidates[0], per_lang.at(LangTag(lang)).get<std::string>()) << letters << " " << LangTag(lang);
    }
  }
}

TEST(RimePinyin, SecondStartReusesTheDeployment) {
  RimeRuntime& rt = Runtime();
  auto again = RimeRuntime::Start(rt.options());
  ASSERT_TRUE(again);
  EXPECT_EQ(again.value(), &rt);
  RimeOptions other = rt.options();
  other.user_dir += "-other";
  auto refused = RimeRuntime::Start(other);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "input.rime_setup");
}

TEST(RimePinyin, ChoosingCommitsAndPagingMoves) {
  auto e = Engine(Lang::kZhHans);
  ASSERT_TRUE(e->FeedKeys("nihao"));
  const CandidatePage first = e->Candidates();
  ASSERT_EQ(first.candidates.size(), 5u);
  EXPECT_FALSE(first.last_page);
  ASSERT_TRUE(e->ChangePage(true));
  const CandidatePage second = e->Candidates();
  EXPECT_EQ(second.page, 1);
  ASSERT_FALSE(second.candidates.empty());
  EXPECT_NE(second.candidates, first.candidates);
  ASSERT_TRUE(e->ChangePage(false));
  EXPECT_EQ(e->Candidates().candidates, first.candidates);
  auto chosen = e->Choose(0);
  ASSERT_TRUE(chosen);
  EXPECT_EQ(chosen.value(), first.candidates[0]);
  EXPECT_TRUE(e->Candidates().preedit.empty());
  EXPECT_FALSE(e->Backspace());  // nothing composing: the field's own text is next
}

TEST(RimePinyin, NoPhraseLearningBetweenSessions) {
  auto before = Engine(Lang::kZhHans);
  ASSERT_TRUE(before->FeedKeys("nihao"));
  const auto order = before->Candidates().candidates;
  ASSERT_GE(order.size(), 3u);
  auto chosen = before->Choose(2);  // a patient picks the third candidate, twice
  ASSERT_TRUE(chosen);
  ASSERT_TRUE(before->FeedKeys("nihao"));
  ASSERT_TRUE(before->Choose(2));
  auto next = Engine(Lang::kZhHans);  // the next patient
  ASSERT_TRUE(next->FeedKeys("nihao"));
  EXPECT_EQ(next->Candidates().candidates, order);
  EXPECT_FALSE(fs::exists(fs::path(Runtime().options().user_dir) / "luna_pinyin.userdb"));
}

TEST(RimePinyin, BackspaceAndRawCommit) {
  auto e = Engine(Lang::kZhHans);
  ASSERT_TRUE(e->FeedKeys("nihaoma"));
  const auto full = e->Candidates().candidates;
  ASSERT_FALSE(full.empty());
  ASSERT_TRUE(e->Backspace());
  ASSERT_TRUE(e->Backspace());
  EXPECT_EQ(e->Candidates().preedit, "ni hao");
  ASSERT_TRUE(e->FeedKeys("ma"));
  EXPECT_EQ(e->Candidates().candidates, full);
  EXPECT_EQ(e->CommitRaw(), "nihaoma");
  EXPECT_TRUE(e->Candidates().preedit.empty());
}

TEST(RimePinyin, PartialChoiceKeepsTheRestComposing) {
  auto e = Engine(Lang::kZhHans);
  ASSERT_TRUE(e->FeedKeys("zhongguoren"));
  const auto page = e->Candidates().candidates;
  ASSERT_GE(page.size(), 2u);
  // The first candidate is the whole phrase; a shorter one covers only its start.
  size_t shorter = page.size();
  for (size_t i = 1; i < page.size() && shorter == page.size(); ++i)
    if (Utf8Length(page[i]) < Utf8Length(page[0])) shorter = i;
  ASSERT_LT(shorter, page.size());
  auto chosen = e->Choose(shorter);
  ASSERT_TRUE(chosen);
  EXPECT_EQ(chosen.value(), "");  // nothing committed yet: the rest still composes
  const std::string preedit = e->Candidates().preedit;
  EXPECT_EQ(preedit.rfind(page[shorter], 0), 0u) << preedit;
  const std::string raw = e->CommitRaw();
  EXPECT_EQ(raw.rfind(page[shorter], 0), 0u) << raw;
  EXPECT_GT(raw.size(), page[shorter].size());  // the unchosen letters follow
}

TEST(RimePinyin, BadKeysAndTooLongAreErrorsAndChangeNothing) {
  auto e = Engine(Lang::kZhHans);
  ASSERT_TRUE(e->FeedKeys("ni"));
  for (const char* bad : {"ni hao", "NI", "1", "\xE4\xBD\xA0"}) {
    auto r = e->FeedKeys(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, "input.bad_key") << bad;
  }
  EXPECT_EQ(e->Candidates().preedit, "ni");
  auto longer = e->FeedKeys(std::string(kMaxComposeKeys, 'a'));
  ASSERT_FALSE(longer);
  EXPECT_EQ(longer.error().code, "input.too_long");
  auto off = e->Choose(9);
  ASSERT_FALSE(off);
  EXPECT_EQ(off.error().code, "input.no_candidate");
  EXPECT_EQ(e->FeedInk(Ink{}).error().code, "input.not_supported");
}

}  // namespace
}  // namespace onestop::input
