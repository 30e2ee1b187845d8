// Ink: the strokes of one handwritten character as the writing pad records them, and the strict
// JSON form the CLI and the test fixtures use. Pure data and parsing: no recognition here.
#pragma once
#include <string_view>
#include <vector>

#include "kiosk/core/result.h"

namespace onestop::input {

struct InkPoint {
  float x = 0, y = 0;  // pad coordinates, origin top-left, y down
};
using InkStroke = std::vector<InkPoint>;

struct Ink {
  int width = 0, height = 0;  // the pad's size in the same units as the points
  std::vector<InkStroke> strokes;
};

inline constexpr size_t kMaxInkStrokes = 64;       // the most complex common hanzi has ~30
inline constexpr size_t kMaxInkPoints = 2048;      // per stroke
inline constexpr int kMaxInkSide = 100000;

// Checks sizes and that every point lies on the pad. Errors: "input.ink_*".
Status ValidateInk(const Ink& ink);

// {"width": W, "height": H, "strokes": [[[x, y], ...], ...]} -> Ink, validated.
// Errors: "input.ink_json" (not JSON / wrong shape) or ValidateInk's codes.
Result<Ink> ParseInkJson(std::string_view text);

}  // namespace onestop::input
