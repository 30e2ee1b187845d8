// `onestop-kiosk input pinyin|handwriting` and `say` as a script runs them: JSON on stdout, exit codes,
// coded errors on stderr, a WAV file with sound in it.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

#include "input_test_data.h"

namespace onestop {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int code = -1;
  std::string out, err;
};

std::string Kiosk() {
  const char* env = std::getenv("ONESTOP_KIOSK_BIN");
  return env ? env : ONESTOP_KIOSK_BIN_DEFAULT;
}

fs::path Tmp() {
  static const fs::path dir = fs::temp_directory_path() / ("onestop-input-cli-" + std::to_string(::getpid()));
  static const bool made = [] {
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(dir, ec);
    });
    return true;
  }();
  (void)made;
  return dir;
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Arguments are single-quoted for sh; none of ours contains a quote.
Outcome Exec(const std::vector<std::string>& args) {
  std::string cmd = "'" + Kiosk() + "'";
  for (const auto& a : args) cmd += " '" + a + "'";
  const fs::path out = Tmp() / "stdout", err = Tmp() / "stderr";
  cmd += " >'" + out.string() + "' 2>'" + err.string() + "'";
  const int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, Slurp(out), Slurp(err)};
}

TEST(InputCli, PinyinPrintsCandidates) {
  const auto& expect = input::testdata::Expect().at("pinyin_first").at("nihao");
  for (const char* lang : {"zh-Hans", "zh-Hant"}) {
    Outcome r = Exec({"input", "pinyin", "nihao", "--lang", lang, "--rime-dir", (Tmp() / "rime").string()});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.at("engine"), "pinyin");
    EXPECT_EQ(j.at("lang"), lang);
    ASSERT_FALSE(j.at("candidates").empty());
    EXPECT_EQ(j.at("candidates")[0], expect.at(lang));
  }
}

TEST(InputCli, PinyinBadInput) {
  Outcome r = Exec({"input", "pinyin", "ni hao", "--rime-dir", (Tmp() / "rime").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("[input.bad_key]"), std::string::npos) << r.err;
  r = Exec({"input", "pinyin", std::string(60, 'a'), "--rime-dir", (Tmp() / "rime").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("[input.too_long]"), std::string::npos) << r.err;
  r = Exec({"input", "pinyin", "nihao", "--lang", "fr", "--rime-dir", (Tmp() / "rime").string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("[input.bad_lang]"), std::string::npos) << r.err;
}

TEST(InputCli, HandwritingPrintsCandidates) {
  const std::string want = input::testdata::Expect().at("cli_handwriting_char").get<std::string>();
  const auto fixture = input::testdata::Load("handwriting_strokes.json");
  nlohmann::json file;
  for (const auto& c : fixture.at("characters"))
    if (c.at("char") == want)
      file = {{"width", fixture.at("width")}, {"height", fixture.at("height")}, {"strokes", c.at("strokes")}};
  ASSERT_FALSE(file.is_null());
  const fs::path path = Tmp() / "char.json";
  std::ofstream(path) << file.dump();
  Outcome r = Exec({"input", "handwriting", path.string(), "--top", "5"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("engine"), "handwriting");
  EXPECT_EQ(j.at("strokes"), file.at("strokes").size());
  ASSERT_EQ(j.at("candidates").size(), 5u);
  EXPECT_EQ(j.at("candidates")[0].at("text"), want);
}

TEST(InputCli, HandwritingMalformedStrokes) {
  const fs::path path = Tmp() / "bad.json";
  std::ofstream(path) << R"({"width": 100, "height": 100, "strokes": [[[1, 2, 3]]]})";
  Outcome r = Exec({"input", "handwriting", path.string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("[input.ink_json]"), std::string::npos) << r.err;
  r = Exec({"input", "handwriting", (Tmp() / "missing.json").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("[input.ink_file]"), std::string::npos) << r.err;
}

TEST(SayCli, WritesAWavWithSound) {
  const auto& texts = input::testdata::Expect().at("speech");
  for (const char* lang : {"zh-Hans", "zh-Hant", "en"}) {
    const fs::path wav = Tmp() / (std::string(lang) + ".wav");
    Outcome r = Exec({"say", "--lang", lang, "--text", texts.at(lang).get<std::string>(), "--rate", "180", "--out", wav.string()});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.at("voice"), lang == std::string("en") ? "en" : "cmn");
    EXPECT_GT(j.at("peak").get<int>(), 1000);
    const std::string bytes = Slurp(wav);
    ASSERT_GT(bytes.size(), 44u + 8000u);
    EXPECT_EQ(bytes.substr(0, 4), "RIFF");
    EXPECT_EQ(bytes.substr(8, 4), "WAVE");
  }
}

TEST(SayCli, LocationInSpokenForm) {
  Outcome r = Exec({"say", "--lang", "en", "--location", "B2-3F-W12-BED07", "--out", (Tmp() / "loc.wav").string()});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out).at("text"), "building 2, floor 3, ward 12, bed 7");
}

TEST(SayCli, BadInput) {
  Outcome r = Exec({"say", "--lang", "xx", "--text", "hi", "--out", (Tmp() / "x.wav").string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("[speech.bad_lang]"), std::string::npos) << r.err;
  r = Exec({"say", "--lang", "en", "--text", std::string(5000, 'a'), "--out", (Tmp() / "x.wav").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("[speech.too_long]"), std::string::npos) << r.err;
  r = Exec({"say", "--lang", "en", "--location", "B2--3F", "--out", (Tmp() / "x.wav").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("[speech.bad_code]"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace onestop
