// Handwriting through the real zinnia + tegaki Simplified Chinese model on the stroke fixture
// (input_data/README.md: font stroke medians from hanzi-writer-data, not people's handwriting).
// Prints the measured top-1/top-5 accuracy; asserts the floor kTop5Floor (see the note there).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "devices/input/zinnia_handwriting.h"
#include "input_test_data.h"

namespace onestop::input {
namespace {

// Issue 17 asks >= 90 % top-5 on recorded strokes. On this fixture the model reaches 25/30 (83 %)
// with the touch-down trim (23/30 before it; the trim was chosen on a separate development set, see
// docs/benchmarks.md); the floor guards against regressions (wrong axis, wrong scaling, a broken
// model path all fall far below it) and does NOT claim the target.
constexpr double kTop5Floor = 0.80;

std::shared_ptr<const ZinniaModel> Model() {
  static std::shared_ptr<const ZinniaModel> m = [] {
    auto r = ZinniaModel::Open();
    if (!r) throw std::runtime_error(r.error().message);
    return r.value();
  }();
  return m;
}

TEST(ZinniaHandwriting, Top5AccuracyOnTheFixture) {
  const auto samples = testdata::HandwritingSamples();
  ASSERT_GE(samples.size(), 20u);
  int top1 = 0, top5 = 0;
  std::string misses;
  for (const auto& s : samples) {
    auto r = Model()->Recognize(s.ink, 5);
    ASSERT_TRUE(r) << s.want << ": " << r.error().message;
    bool hit = false;
    for (const auto& c : r.value()) hit = hit || c.text == s.want;
    top1 += !r.value().empty() && r.value()[0].text == s.want;
    top5 += hit;
    if (!hit) misses += s.want + " ";
  }
  const double acc5 = static_cast<double>(top5) / static_cast<double>(samples.size());
  std::printf("handwriting: %zu characters, top-1 %d, top-5 %d (%.0f %%), missed in top 5: %s\n", samples.size(), top1,
              top5, 100 * acc5, misses.c_str());
  EXPECT_GE(acc5, kTop5Floor);
}

TEST(ZinniaHandwriting, EngineDrawChooseAndBackspace) {
  const auto samples = testdata::HandwritingSamples();
  const std::string want = testdata::Expect().at("cli_handwriting_char").get<std::string>();
  const auto it = std::find_if(samples.begin(), samples.end(), [&](const auto& s) { return s.want == want; });
  ASSERT_NE(it, samples.end());
  ZinniaHandwriting pad(Model(), 5, 20);
  EXPECT_TRUE(pad.Candidates().candidates.empty());
  ASSERT_TRUE(pad.FeedInk(it->ink));
  CandidatePage page = pad.Candidates();
  ASSERT_EQ(page.candidates.size(), 5u);
  EXPECT_EQ(page.candidates[0], want);
  EXPECT_FALSE(page.last_page);
  ASSERT_TRUE(pad.ChangePage(true));
  EXPECT_EQ(pad.Candidates().page, 1);
  EXPECT_NE(pad.Candidates().candidates, page.candidates);
  ASSERT_TRUE(pad.ChangePage(false));
  // Undoing the last stroke recognises the shorter drawing: a different top candidate.
  ASSERT_TRUE(pad.Backspace());
  EXPECT_NE(pad.Candidates().candidates, page.candidates);
  ASSERT_TRUE(pad.FeedInk(it->ink));
  auto chosen = pad.Choose(0);
  ASSERT_TRUE(chosen);
  EXPECT_EQ(chosen.value(), want);
  EXPECT_TRUE(pad.Candidates().candidates.empty());  // the pad is cleared for the next character
  EXPECT_FALSE(pad.Backspace());
}

TEST(ZinniaHandwriting, BadInkAndKeysAreErrors) {
  ZinniaHandwriting pad(Model());
  EXPECT_EQ(pad.FeedInk(Ink{}).error().code, "input.ink_size");
  EXPECT_EQ(pad.FeedInk(Ink{10, 10, {{{50, 5}}}}).error().code, "input.ink_point_outside");
  EXPECT_EQ(pad.FeedKeys("a").error().code, "input.not_supported");
  EXPECT_EQ(pad.Choose(0).error().code, "input.no_candidate");
}

TEST(ZinniaHandwriting, MissingModelIsAnEnvironmentError) {
  auto r = ZinniaModel::Open("/nonexistent/handwriting.model");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "input.zinnia_model");
}

}  // namespace
}  // namespace onestop::input
