// Unit tests for the scanner logic that needs no images: keyboard-wedge burst detection by
// inter-key timing and the live-stream multi-frame confirmation filter. Explicit timestamps only.
#include <gtest/gtest.h>

#include "devices/confirm.h"
#include "devices/wedge.h"

namespace onestop::devices {
namespace {

using Kind = WedgeOutput::Kind;

// Types `s` starting at t with `gap` ms between keys; returns all outputs including Enter's.
std::vector<WedgeOutput> Type(WedgeDecoder& d, const std::string& s, std::int64_t& t, std::int64_t gap,
                              bool enter = true) {
  std::vector<WedgeOutput> out;
  for (char c : s) {
    auto o = d.OnKey(std::string(1, c), t);
    out.insert(out.end(), o.begin(), o.end());
    t += gap;
  }
  if (enter) {
    auto o = d.OnEnter(t);  // t is now `gap` after the last key
    out.insert(out.end(), o.begin(), o.end());
  }
  return out;
}

TEST(Wedge, ScannerBurstIsAScan) {
  WedgeDecoder d;
  std::int64_t t = 1000;
  auto out = Type(d, "OS1:A=EQ-2015-000123", t, 4);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], (WedgeOutput{Kind::kScan, "OS1:A=EQ-2015-000123"}));
  EXPECT_FALSE(d.holding());
}

TEST(Wedge, HumanTypingIsTyping) {
  WedgeDecoder d;
  std::int64_t t = 1000;
  auto out = Type(d, "1234", t, 180);
  // Each key is released as typing when the next one arrives late; Enter is a plain Enter.
  std::string typed;
  int enters = 0;
  for (const auto& o : out) {
    EXPECT_NE(o.kind, Kind::kScan);
    if (o.kind == Kind::kTyped) typed += o.text;
    if (o.kind == Kind::kEnter) ++enters;
  }
  EXPECT_EQ(typed, "1234");
  EXPECT_EQ(enters, 1);
}

TEST(Wedge, ShortFastBurstIsTypingNotAScan) {
  WedgeDecoder d;
  std::int64_t t = 0;
  auto out = Type(d, "ab", t, 5);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], (WedgeOutput{Kind::kTyped, "ab"}));
  EXPECT_EQ(out[1].kind, Kind::kEnter);
}

TEST(Wedge, SlowEnterAfterBurstIsNotAScan) {
  WedgeDecoder d;
  std::int64_t t = 0;
  auto out = Type(d, "ZC-2019-0457", t, 5, /*enter=*/false);
  EXPECT_TRUE(out.empty());
  auto late = d.OnEnter(t + 400);  // someone pressed Enter much later
  ASSERT_EQ(late.size(), 2u);
  EXPECT_EQ(late[0], (WedgeOutput{Kind::kTyped, "ZC-2019-0457"}));
  EXPECT_EQ(late[1].kind, Kind::kEnter);
}

TEST(Wedge, HumanPrefixThenScanAreSeparated) {
  WedgeDecoder d;
  std::int64_t t = 0;
  auto a = Type(d, "x", t, 5, false);
  t += 500;  // pause, then the scanner fires
  auto b = Type(d, "ZC-2019-0457", t, 3);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0], (WedgeOutput{Kind::kTyped, "x"}));
  EXPECT_EQ(b[1], (WedgeOutput{Kind::kScan, "ZC-2019-0457"}));
}

TEST(Wedge, TickReleasesHeldCharacters) {
  WedgeDecoder d;
  EXPECT_TRUE(d.OnKey("a", 100).empty());
  EXPECT_TRUE(d.Tick(110).empty());  // still within the burst gap: held
  auto out = d.Tick(200);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0], (WedgeOutput{Kind::kTyped, "a"}));
  EXPECT_FALSE(d.holding());
}

TEST(Wedge, Gs1FromScannerKeepsGroupSeparator) {
  WedgeDecoder d;
  std::int64_t t = 0;
  auto out = Type(d, "\x1d" "0106901234567892" "10LOT42\x1d" "21SN1", t, 2);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].kind, Kind::kScan);
  EXPECT_EQ(out[0].text.front(), '\x1d');
}

TEST(WedgeScanner, ScansGoToTheSinkWithParsedLabel) {
  WedgeScanner w;
  std::vector<ScanEvent> events;
  ASSERT_TRUE(w.Start([&](ScanEvent e) { events.push_back(std::move(e)); }).ok());
  std::int64_t t = 0;
  for (char c : std::string("ZC-2019-0457")) EXPECT_TRUE(w.OnKey(std::string(1, c), t += 3).empty());
  EXPECT_TRUE(w.OnEnter(t += 3).empty());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].source, "wedge");
  ASSERT_TRUE(events[0].label.ok());
  EXPECT_EQ(events[0].label->tag, "ZC-2019-0457");
  w.Stop();
  for (char c : std::string("ZC-2019-0458")) w.OnKey(std::string(1, c), t += 3);
  auto rest = w.OnEnter(t += 3);
  EXPECT_EQ(events.size(), 1u) << "no sink calls after Stop";
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].kind, Kind::kScan);
}

TEST(Confirm, NeedsRequiredSightingsWithinWindow) {
  ConfirmationFilter f({3, 5, 10});
  EXPECT_TRUE(f.Observe({"A"}).empty());
  EXPECT_TRUE(f.Observe({}).empty());
  EXPECT_TRUE(f.Observe({"A"}).empty());
  EXPECT_EQ(f.Observe({"A"}), std::vector<std::string>{"A"});  // 3 of the last 4 frames
  EXPECT_TRUE(f.Observe({"A"}).empty());                        // reported once per presentation
}

TEST(Confirm, SightingsTooFarApartDoNotConfirm) {
  ConfirmationFilter f({3, 5, 20});
  for (int i = 0; i < 12; ++i) EXPECT_TRUE(f.Observe(i % 3 == 0 ? std::vector<std::string>{"A"} : std::vector<std::string>{}).empty()) << i;
}

TEST(Confirm, SingleMisreadNeverConfirms) {
  ConfirmationFilter f;
  std::vector<std::string> confirmed;
  for (int i = 0; i < 20; ++i) {
    auto c = f.Observe(i == 7 ? std::vector<std::string>{"A", "WRONG"} : std::vector<std::string>{"A"});
    confirmed.insert(confirmed.end(), c.begin(), c.end());
  }
  EXPECT_EQ(confirmed, std::vector<std::string>{"A"});
}

TEST(Confirm, ReArmsAfterTheLabelLeavesTheView) {
  ConfirmationFilter f({2, 3, 4});
  EXPECT_TRUE(f.Observe({"A"}).empty());
  EXPECT_EQ(f.Observe({"A"}).size(), 1u);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(f.Observe({}).empty());
  EXPECT_TRUE(f.Observe({"A"}).empty());  // gap of 3 < rearm 4: still the same presentation
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(f.Observe({}).empty());
  EXPECT_TRUE(f.Observe({"A"}).empty());
  EXPECT_EQ(f.Observe({"A"}).size(), 1u);  // shown again: reported again
}

TEST(Confirm, DuplicatesInOneFrameCountOnce) {
  ConfirmationFilter f({2, 3, 5});
  EXPECT_TRUE(f.Observe({"A", "A", "A"}).empty());
  EXPECT_EQ(f.Observe({"A"}).size(), 1u);
}

}  // namespace
}  // namespace onestop::devices
