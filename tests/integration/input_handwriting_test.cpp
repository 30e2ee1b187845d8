// Handwriting through the real zinnia + tegaki Simplified Chinese model on the stroke fixture
// (input_data/README.md: font stroke medians from hanzi-writer-data, not people's handwriting).
// Prints the measured top-1/top-5 accuracy; asserts the floors kTop5Floor/kTop1Floor (see the note there).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "devices/input/zinnia_handwriting.h"
#include "input_test_data.h"

namespace onestop::input {
namespace {

// Issue 17 asks >= 90 % top-5 on recorded strokes. The recogniser tolerates one stroke written out
// of order (zinnia_order.h); chosen on a separate development set (515 catalog characters, 85.6 % ->
// 89.9 % top-5, docs/benchmarks.md), it reaches 27/30 (90 %) top-5 on this fixture, 19/30 top-1 (plain
// libzinnia: 25/30, 19/30). The floors are what was achieved: any regression fails.
constexpr int kTop5Floor = 27, kTop1Floor = 19;

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
  EXPECT_GE(top5, kTop5Floor);
  EXPECT_GE(top1, kTop1Floor);
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

// The scorer re-computes zinnia's features and dot products from the model file: on the written order
// it must give libzinnia's own candidates and scores.
TEST(ZinniaHandwriting, TheScorerMatchesLibzinniaOnTheWrittenOrder) {
  for (const auto& s : testdata::HandwritingSamples()) {
    auto ours = Model()->Recognize(s.ink, 10, OrderTolerance{});
    auto theirs = Model()->RecognizeWithLibzinnia(s.ink, 10);
    ASSERT_TRUE(ours && theirs) << s.want;
    ASSERT_EQ(ours.value().size(), theirs.value().size()) << s.want;
    for (size_t i = 0; i < ours.value().size(); ++i) {
      EXPECT_NEAR(ours.value()[i].score, theirs.value()[i].score, 1e-3) << s.want << " rank " << i;
      // Equal scores may come in either order; distinct ones must not.
      if (std::abs(ours.value()[i].score - theirs.value()[i].score) < 1e-5f) {
        EXPECT_EQ(ours.value()[i].text, theirs.value()[i].text) << s.want << " rank " << i;
      }
    }
  }
}

// Patients do not all write in the standard order. Every fixture character written with its last two
// strokes swapped (a common slip): the order-tolerant recogniser keeps the written order's first
// choice and finds at least as many in its top 5 as libzinnia. (On the 515-character development set
// the same slip goes from 62.1 % to 76.9 % top-5, docs/benchmarks.md; these 29 short characters
// measured 15 and 15.)
TEST(ZinniaHandwriting, ASlipInStrokeOrderLosesNothingAgainstLibzinnia) {
  int ours = 0, peer = 0, n = 0;
  for (const auto& s : testdata::HandwritingSamples()) {
    if (s.ink.strokes.size() < 3) continue;
    Ink swapped = s.ink;
    std::swap(swapped.strokes[swapped.strokes.size() - 1], swapped.strokes[swapped.strokes.size() - 2]);
    const auto in5 = [&](const std::vector<ScoredCandidate>& c) {
      for (size_t i = 0; i < c.size() && i < 5; ++i)
        if (c[i].text == s.want) return 1;
      return 0;
    };
    auto a = Model()->Recognize(swapped, 5);
    auto b = Model()->RecognizeWithLibzinnia(swapped, 5);
    ASSERT_TRUE(a && b);
    ours += in5(a.value());
    peer += in5(b.value());
    if (!b.value().empty()) {
      EXPECT_EQ(a.value().at(0).text, b.value()[0].text) << s.want;
    }
    ++n;
  }
  std::printf("last two strokes swapped: %d characters, top-5 order-tolerant %d, libzinnia %d\n", n, ours, peer);
  EXPECT_GE(ours, peer);
}

TEST(ZinniaOrders, TheWrittenOrderFirstThenEachSingleMoveOnceNearestFirst) {
  const auto orders = ZinniaOrderScorer::Orders(5, OrderTolerance{.max_block = 1});
  ASSERT_EQ(orders.size(), 1u + 4u * 4u);  // (n - 1)^2 distinct single-stroke moves
  EXPECT_EQ(orders[0], (std::vector<uint16_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(orders[1], (std::vector<uint16_t>{1, 0, 2, 3, 4}));  // an adjacent swap comes first
  for (const auto& o : orders) {
    std::vector<uint16_t> sorted = o;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(sorted, orders[0]) << "each is a permutation of the strokes";
    EXPECT_EQ(std::count(orders.begin(), orders.end(), o), 1) << "and appears once";
  }
  EXPECT_EQ(ZinniaOrderScorer::Orders(5, OrderTolerance{.max_block = 1, .max_orders = 7}).size(), 7u);
  EXPECT_EQ(ZinniaOrderScorer::Orders(1, OrderTolerance{.max_block = 1}).size(), 1u);
  EXPECT_EQ(ZinniaOrderScorer::Orders(5, OrderTolerance{}).size(), 1u);
}

TEST(ZinniaHandwriting, MissingModelIsAnEnvironmentError) {
  auto r = ZinniaModel::Open("/nonexistent/handwriting.model");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "input.zinnia_model");
}

TEST(ZinniaHandwriting, AFileThatIsNotAModelIsRefused) {
  const std::string path = ::testing::TempDir() + "/not-a-zinnia-model";
  {
    std::ofstream out(path, std::ios::binary);
    out << "this is not a zinnia model, only some text long enough to be read";
  }
  auto r = ZinniaModel::Open(path);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "input.zinnia_model");
  std::remove(path.c_str());
}

}  // namespace
}  // namespace onestop::input
