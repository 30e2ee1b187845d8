// Ink JSON parsing and validation: good input parses; every malformed shape is a coded error.
// Core only (no zinnia): recognition is tested in tests/integration/input_handwriting_test.cpp.
#include <gtest/gtest.h>

#include <limits>

#include "kiosk/core/input/ink.h"

namespace onestop::input {
namespace {

TEST(InkJson, ParsesStrokes) {
  auto ink = ParseInkJson(R"({"width": 300, "height": 200, "strokes": [[[1, 2], [3.5, 4]], [[10, 20]]]})");
  ASSERT_TRUE(ink) << ink.error().message;
  EXPECT_EQ(ink->width, 300);
  EXPECT_EQ(ink->height, 200);
  ASSERT_EQ(ink->strokes.size(), 2u);
  EXPECT_FLOAT_EQ(ink->strokes[0][1].x, 3.5f);
  EXPECT_FLOAT_EQ(ink->strokes[1][0].y, 20.0f);
}

struct BadCase {
  const char* json;
  const char* code;
};

class InkJsonBad : public ::testing::TestWithParam<BadCase> {};

TEST_P(InkJsonBad, IsACodedError) {
  auto ink = ParseInkJson(GetParam().json);
  ASSERT_FALSE(ink) << GetParam().json;
  EXPECT_EQ(ink.error().code, GetParam().code) << GetParam().json;
  EXPECT_FALSE(ink.error().message.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Cases, InkJsonBad,
    ::testing::Values(BadCase{"", "input.ink_json"}, BadCase{"{", "input.ink_json"}, BadCase{"[]", "input.ink_json"},
                      BadCase{R"({"width": 10, "strokes": []})", "input.ink_json"},
                      BadCase{R"({"width": "10", "height": 10, "strokes": [[[1, 1]]]})", "input.ink_json"},
                      BadCase{R"({"width": 10, "height": 10, "strokes": {}})", "input.ink_json"},
                      BadCase{R"({"width": 10, "height": 10, "strokes": [[[1]]]})", "input.ink_json"},
                      BadCase{R"({"width": 10, "height": 10, "strokes": [[["a", 1]]]})", "input.ink_json"},
                      BadCase{R"({"width": 10, "height": 10, "strokes": [[1, 2]]})", "input.ink_json"},
                      BadCase{R"({"width": 0, "height": 10, "strokes": [[[1, 1]]]})", "input.ink_size"},
                      BadCase{R"({"width": 10, "height": 10000000, "strokes": [[[1, 1]]]})", "input.ink_size"},
                      BadCase{R"({"width": 10, "height": 10, "strokes": []})", "input.ink_empty"},
                      BadCase{R"({"width": 10, "height": 10, "strokes": [[]]})", "input.ink_empty_stroke"},
                      BadCase{R"({"width": 10, "height": 10, "strokes": [[[11, 1]]]})", "input.ink_point_outside"},
                      BadCase{R"({"width": 10, "height": 10, "strokes": [[[-1, 1]]]})", "input.ink_point_outside"}),
    // Stable names (the default prints the struct's bytes, pointers included, which change per run).
    [](const ::testing::TestParamInfo<BadCase>& info) {
      std::string code = info.param.code;
      for (char& c : code)
        if (c == '.') c = '_';
      return "case" + std::to_string(info.index) + "_" + code;
    });

TEST(InkJson, TooManyStrokes) {
  std::string json = R"({"width": 10, "height": 10, "strokes": [)";
  for (size_t i = 0; i <= kMaxInkStrokes; ++i) json += std::string(i ? "," : "") + "[[1,1]]";
  json += "]}";
  auto ink = ParseInkJson(json);
  ASSERT_FALSE(ink);
  EXPECT_EQ(ink.error().code, "input.ink_too_many_strokes");
}

TEST(InkJson, TooManyPoints) {
  std::string json = R"({"width": 10, "height": 10, "strokes": [[)";
  for (size_t i = 0; i <= kMaxInkPoints; ++i) json += std::string(i ? "," : "") + "[1,1]";
  json += "]]}";
  auto ink = ParseInkJson(json);
  ASSERT_FALSE(ink);
  EXPECT_EQ(ink.error().code, "input.ink_too_many_points");
}

TEST(Ink, ValidateRejectsNonFinite) {
  Ink ink{10, 10, {{{1.0f, std::numeric_limits<float>::quiet_NaN()}}}};
  auto v = ValidateInk(ink);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code, "input.ink_point_outside");
}

}  // namespace
}  // namespace onestop::input
