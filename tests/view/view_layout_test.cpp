// Every screen in zh-Hans, zh-Hant and en, with normal text, large text and in elder mode, on a 1280x800 and an 800x1280 panel (issue 16): no text drawn outside its box (a
// button's or tile's rectangle, a wrap column, the clip of its window), no Latin word or number broken
// across two lines, and no tappable item off the panel's sides. Texts come from the widgets' recorder.
#include <gtest/gtest.h>

#include <cctype>
#include <sstream>

#include "kiosk/core/features/rating/feature.h"
#include "tests/view/view_fixture.h"
#include "ui/text_lines.h"

namespace onestop::test {
namespace {

DemoData LoadDemo() { return DemoFromAssets(); }

bool Word(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// Where consecutive lines of `t` part a Latin word or number ("Asia/Shan" + "ghai"): the text at the
// break, or "" when every break falls at a space, a separator or between CJK characters.
std::string SplitWord(const ui::RecordedText& t) {
  size_t from = 0;
  for (size_t i = 0; i + 1 < t.lines.size(); ++i) {
    const size_t a = t.shown.find(t.lines[i], from);
    if (a == std::string::npos || t.lines[i].empty()) return {};  // drawn differently from the text (an elided value)
    const size_t end = a + t.lines[i].size();
    const size_t b = t.shown.find(t.lines[i + 1], end);
    if (b == end && end > 0 && end < t.shown.size() && Word(t.shown[end - 1]) && Word(t.shown[end]))
      return t.lines[i] + " | " + t.lines[i + 1];
    from = end;
  }
  return {};
}

class Layout : public ViewTest {
 protected:
  DemoData demo = LoadDemo();
};

TEST_F(Layout, NoTextLeavesItsBoxAndNoWordBreaksOnAnyScreen) {
  const ImVec2 panels[] = {{1280, 800}, {800, 1280}};
  int screens_checked = 0, wrapped = 0;
  std::ostringstream problems;
  int count = 0;
  // The three looks a patient can get: normal text, large text (config ui.text_size) and elder mode.
  enum class Look { kNormal, kLarge, kElder };
  for (Look look : {Look::kNormal, Look::kLarge, Look::kElder}) {
    const bool elder = look == Look::kElder;
    base_metrics = ui::ComputeMetrics(149.0f, 15.0f, look == Look::kLarge);
    for (Lang lang : kAllLangs)
      for (ImVec2 panel : panels)
        for (ScreenId screen : AllScreens()) {
          ShowScreen(screen, lang, elder, panel, &demo);
          Frame();  // tables and scroll bars settle
          ++screens_checked;
          const std::string where = std::string(screen.name) + " " + (elder ? "elder " : look == Look::kLarge ? "large " : "normal ") +
                                    std::string(LangTag(lang)) + " " + std::to_string(int(panel.x)) + "x" +
                                    std::to_string(int(panel.y)) + ": ";
          auto report = [&](const std::string& what) {
            if (++count <= 40) problems << where << what << "\n";
          };
          for (const auto& t : texts) {
            if (t.lines.empty()) continue;
            if (t.lines.size() > 1) ++wrapped;
            const float e = 1.0f;
            if (t.min.x < t.box_min.x - e || t.max.x > t.box_max.x + e || t.min.y < t.box_min.y - e || t.max.y > t.box_max.y + e)
              report(t.id + " '" + t.shown + "' outside its box (x " + std::to_string(int(t.min.x)) + ".." +
                     std::to_string(int(t.max.x)) + " in " + std::to_string(int(t.box_min.x)) + ".." +
                     std::to_string(int(t.box_max.x)) + ", y " + std::to_string(int(t.min.y)) + ".." +
                     std::to_string(int(t.max.y)) + " in " + std::to_string(int(std::max(-1e6f, t.box_min.y))) + ".." +
                     std::to_string(int(std::min(1e6f, t.box_max.y))) + ")");
            if (const std::string s = SplitWord(t); !s.empty()) report(t.id + " breaks a word: '" + s + "'");
          }
          for (const auto& it : items)
            if (it.min.x < -0.5f || it.max.x > panel.x + 0.5f) report("item " + it.id + " runs off the panel");
        }
  }
  EXPECT_EQ(count, 0) << count << " problems; the first ones:\n" << problems.str();
  EXPECT_EQ(screens_checked, 18 * static_cast<int>(AllScreens().size()));
  EXPECT_GT(wrapped, 100) << "the screens wrap text somewhere: the check of breaks would be empty otherwise";
}

}  // namespace
}  // namespace onestop::test

namespace onestop::test {
namespace {

// The breaker itself on the real font: words and numbers stay whole, separators and CJK characters are
// where lines may end, a closing mark never starts a line, and a word wider than the line is kept whole.
TEST_F(Layout, LinesBreakAtSpacesSeparatorsAndBetweenCjkCharacters) {
  ImFont* f = fonts->body();
  const float em = f->FontSize;
  auto lines = [&](std::string_view text, float width) {
    std::vector<std::string> out;
    for (std::string_view l : ui::BreakLines(text, width, f, em).lines) out.emplace_back(l);
    return out;
  };
  using V = std::vector<std::string>;
  const float tz = f->CalcTextSizeA(em, FLT_MAX, 0.0f, "Asia/").x;
  EXPECT_EQ(lines("Asia/Shanghai", tz + 1.0f), (V{"Asia/", "Shanghai"}));
  EXPECT_EQ(lines("Tap a phrase below", f->CalcTextSizeA(em, FLT_MAX, 0.0f, "Tap a phrase bel").x), (V{"Tap a phrase", "below"}));
  // A code and a date keep their hyphens; a word wider than the line stays whole (the caller shrinks it).
  EXPECT_EQ(lines("EQ-2021-000123", em * 3.0f), (V{"EQ-2021-000123"}));
  EXPECT_GT(ui::BreakLines("EQ-2021-000123", em * 3.0f, f, em).widest, em * 3.0f);
  EXPECT_EQ(lines("low-salt", f->CalcTextSizeA(em, FLT_MAX, 0.0f, "low-s").x), (V{"low-", "salt"}));
  // CJK: between any two characters, but "。" never starts a line.
  const std::string cjk = "\xE4\xB9\x9F\xE5\x8F\xAF\xE4\xBB\xA5\xE3\x80\x82";  // four characters, the last a full stop
  const V split = lines(cjk, f->CalcTextSizeA(em, FLT_MAX, 0.0f, cjk.c_str()).x - 1.0f);
  ASSERT_EQ(split.size(), 2u);
  EXPECT_EQ(split[1], "\xE4\xBB\xA5\xE3\x80\x82");  // the stop goes to the next line with its character
  EXPECT_EQ(lines("one\ntwo", em * 20.0f), (V{"one", "two"}));
}

}  // namespace
}  // namespace onestop::test
