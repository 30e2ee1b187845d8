// Ink validation and its JSON form. Every malformed input becomes a coded Error; nothing throws out.
// Sizes are checked before anything is copied, so a hostile file cannot make it allocate much.
#include "kiosk/core/input/ink.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

namespace onestop::input {

Status ValidateInk(const Ink& ink) {
  if (ink.width <= 0 || ink.height <= 0 || ink.width > kMaxInkSide || ink.height > kMaxInkSide)
    return Status::Fail("input.ink_size", "width and height must be between 1 and " + std::to_string(kMaxInkSide));
  if (ink.strokes.empty()) return Status::Fail("input.ink_empty", "no strokes: draw the character first");
  if (ink.strokes.size() > kMaxInkStrokes)
    return Status::Fail("input.ink_too_many_strokes", "more than " + std::to_string(kMaxInkStrokes) + " strokes");
  for (size_t i = 0; i < ink.strokes.size(); ++i) {
    const auto& s = ink.strokes[i];
    if (s.empty()) return Status::Fail("input.ink_empty_stroke", "stroke " + std::to_string(i) + " has no points");
    if (s.size() > kMaxInkPoints)
      return Status::Fail("input.ink_too_many_points", "stroke " + std::to_string(i) + " has more than " +
                                                            std::to_string(kMaxInkPoints) + " points");
    for (const auto& p : s) {
      if (!std::isfinite(p.x) || !std::isfinite(p.y) || p.x < 0 || p.y < 0 || p.x > static_cast<float>(ink.width) ||
          p.y > static_cast<float>(ink.height))
        return Status::Fail("input.ink_point_outside", "stroke " + std::to_string(i) + " has a point outside the " +
                                                          std::to_string(ink.width) + "x" + std::to_string(ink.height) + " pad");
    }
  }
  return Ok{};
}

Result<Ink> ParseInkJson(std::string_view text) {
  const auto bad = [](const std::string& why) {
    return Result<Ink>::Fail("input.ink_json",
                             why + " (expected {\"width\": W, \"height\": H, \"strokes\": [[[x, y], ...], ...]})");
  };
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return bad("not valid JSON");
  if (!j.is_object()) return bad("not a JSON object");
  if (!j.contains("width") || !j["width"].is_number_integer() || !j.contains("height") ||
      !j["height"].is_number_integer())
    return bad("width and height must be integers");
  if (!j.contains("strokes") || !j["strokes"].is_array()) return bad("strokes must be an array");
  Ink ink;
  const auto w = j["width"].get<long long>(), h = j["height"].get<long long>();
  if (w <= 0 || h <= 0 || w > kMaxInkSide || h > kMaxInkSide)
    return Result<Ink>::Fail("input.ink_size", "width and height must be between 1 and " + std::to_string(kMaxInkSide));
  ink.width = static_cast<int>(w);
  ink.height = static_cast<int>(h);
  // Size checks before copying, so a huge array is refused without being converted.
  if (j["strokes"].size() > kMaxInkStrokes)
    return Result<Ink>::Fail("input.ink_too_many_strokes", "more than " + std::to_string(kMaxInkStrokes) + " strokes");
  for (const auto& js : j["strokes"]) {
    if (!js.is_array()) return bad("each stroke must be an array of [x, y] points");
    if (js.size() > kMaxInkPoints)
      return Result<Ink>::Fail("input.ink_too_many_points", "a stroke has more than " + std::to_string(kMaxInkPoints) + " points");
    InkStroke stroke;
    stroke.reserve(js.size());
    for (const auto& jp : js) {
      if (!jp.is_array() || jp.size() != 2 || !jp[0].is_number() || !jp[1].is_number())
        return bad("each point must be [x, y] with two numbers");
      stroke.push_back({jp[0].get<float>(), jp[1].get<float>()});
    }
    ink.strokes.push_back(std::move(stroke));
  }
  if (auto v = ValidateInk(ink); !v) return v.error();
  return ink;
}

}  // namespace onestop::input
