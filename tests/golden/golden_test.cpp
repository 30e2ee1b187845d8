// Renders home (three languages), terminal, gallery and feature screens (also in elder mode, large
// text, portrait and with long place names) with `onestop-kiosk screenshot` and
// compares them with the committed goldens: at most 0.5 % of pixels may differ by more than 48 in any
// channel. A missing golden fails unless ONESTOP_UPDATE_GOLDEN=1 (which writes it).
#include <gtest/gtest.h>
#include <stb_image.h>

#include <cstdlib>
#include <filesystem>
#include <ostream>
#include <string>

namespace {

namespace fs = std::filesystem;

struct Image {
  int w = 0, h = 0;
  std::vector<unsigned char> px;
};

bool Load(const fs::path& p, Image* out) {
  int n;
  unsigned char* data = stbi_load(p.c_str(), &out->w, &out->h, &n, 4);
  if (!data) return false;
  out->px.assign(data, data + static_cast<size_t>(out->w) * out->h * 4);
  stbi_image_free(data);
  return true;
}

struct Case { const char* name; const char* args; };
std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.name; }

class Golden : public ::testing::TestWithParam<Case> {};

TEST_P(Golden, MatchesWithinTolerance) {
  const Case c = GetParam();
  const char* kiosk = std::getenv("ONESTOP_KIOSK_BIN");
  ASSERT_NE(kiosk, nullptr) << "ONESTOP_KIOSK_BIN not set (run through ctest)";
  const fs::path out = fs::temp_directory_path() / (std::string("onestop-golden-") + c.name + ".png");
  const std::string cmd = std::string(kiosk) + " screenshot " + c.args + " --out " + out.string() + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  const fs::path golden = fs::path(ONESTOP_SOURCE_DIR) / "tests/golden" / (std::string(c.name) + ".png");
  const char* update = std::getenv("ONESTOP_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    fs::copy_file(out, golden, fs::copy_options::overwrite_existing);
    GTEST_SKIP() << "golden updated: " << golden;
  }
  Image a, b;
  ASSERT_TRUE(Load(out, &a)) << "cannot read " << out;
  ASSERT_TRUE(Load(golden, &b)) << "missing golden " << golden << " (ONESTOP_UPDATE_GOLDEN=1 writes it)";
  ASSERT_EQ(a.w, b.w);
  ASSERT_EQ(a.h, b.h);
  size_t differing = 0;
  for (size_t i = 0; i < a.px.size(); i += 4) {
    int worst = 0;
    for (int ch = 0; ch < 3; ++ch) worst = std::max(worst, std::abs(int(a.px[i + ch]) - int(b.px[i + ch])));
    differing += worst > 48;
  }
  const double share = double(differing) / (double(a.w) * a.h);
  EXPECT_LE(share, 0.005) << c.name << ": " << differing << " pixels differ; new render at " << out;
}

INSTANTIATE_TEST_SUITE_P(Screens, Golden,
    ::testing::Values(Case{"home-zh-Hans", "--screen home --lang zh-Hans"},
                      Case{"home-zh-Hant", "--screen home --lang zh-Hant"},
                      Case{"home-en", "--screen home --lang en"},
                      Case{"terminal-en-offline", "--screen terminal --lang en --link offline --notice"},
                      Case{"gallery-zh-Hans-idle", "--screen gallery --lang zh-Hans --idle-warning"},
                      Case{"repair-en", "--screen repair --lang en"},
                      Case{"menu-zh-Hans", "--screen menu --lang zh-Hans"},
                      Case{"rate-zh-Hant", "--screen rate --lang zh-Hant"},
                      // Issue 16: elder mode; a 40-character ward name in large text, offline, with a
                      // notice; the same in portrait in elder mode.
                      Case{"home-zh-Hans-elder", "--screen home --lang zh-Hans --elder"},
                      Case{"terminal-en-longname-large",
                           "--screen terminal --lang en --link offline --notice --text-size large "
                           "--place 'Cardiothoracic and Vascular Surgery Ward \xC2\xB7 Bed 24'"},
                      Case{"requests-zh-Hant-portrait-elder",
                           "--screen requests --lang zh-Hant --link offline --notice --elder --width 800 --height 1280 "
                           "--place '\xE5\x85\xA7\xE5\x88\x86\xE6\xB3\x8C\xE7\xA7\x91" "12\xE7\x97\x85\xE5\x8D\x80 \xC2\xB7 24\xE5\xBA\x8A'"},
                      // Issue 16 item 4: dish cards filling a portrait panel in elder mode, the basket
                      // under them; the escort's bed pick with the meal grid's occupancy tiles.
                      Case{"menu-en-portrait-elder", "--screen menu --lang en --elder --width 800 --height 1280"},
                      Case{"escort-zh-Hant", "--screen escort --lang zh-Hant"}),
    [](const auto& info) {
      std::string n = info.param.name;
      for (auto& ch : n) if (ch == '-') ch = '_';
      return n;
    });

}  // namespace
