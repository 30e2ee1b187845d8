// See text_lines.h. Greedy: each line takes as many characters as fit and ends at the last allowed
// break before the first one that does not (ImFont has no kerning, so widths simply add up).
#include "ui/text_lines.h"

#include <algorithm>

namespace onestop::ui {
namespace {

struct Cp {
  size_t begin, end;
  char32_t c;
};

std::vector<Cp> Decode(std::string_view s) {
  std::vector<Cp> out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
    if (i + n > s.size()) n = 1;
    char32_t c = n == 1 ? b : b & (0xFF >> (n + 1));
    for (size_t k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back({i, i + n, c});
    i += n;
  }
  return out;
}

bool IsSpace(char32_t c) { return c == ' ' || c == '\t' || c == 0x3000; }

bool IsCjk(char32_t c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFF00 && c <= 0xFFEF) || c >= 0x20000;
}

// A line never starts with these (closing punctuation, in CJK and Latin text).
bool NoLineStart(char32_t c) {
  static constexpr std::u32string_view k = U",.;:!?)]}%\u3001\u3002\uFF0C\uFF0E\uFF1B\uFF1A\uFF1F\uFF01\uFF09\u300D\u300F\u300B\u3009\u3011\u2019\u201D\u2026\u00B7";
  return k.find(c) != std::u32string_view::npos;
}
// ... and never ends with these (opening punctuation).
bool NoLineEnd(char32_t c) {
  static constexpr std::u32string_view k = U"([{\uFF08\u300C\u300E\u300A\u3008\u3010\u2018\u201C";
  return k.find(c) != std::u32string_view::npos;
}

// May a line start at cps[i] (i > 0)?
bool CanBreakBefore(const std::vector<Cp>& cps, size_t i) {
  const char32_t prev = cps[i - 1].c, c = cps[i].c;
  if (IsSpace(c) || NoLineStart(c) || NoLineEnd(prev)) return false;
  if (IsSpace(prev)) return true;
  // After a separator inside a word: "Asia/|Shanghai", "Ward ·|Bed", "low-|salt"; a hyphen only between
  // letters, so codes and dates ("EQ-2021-000123", "2027-05-28") stay whole.
  if (prev == '/' || prev == 0x2013 || prev == 0x2014 || prev == 0x00B7) return true;
  auto letter = [](char32_t x) { return (x >= 'a' && x <= 'z') || (x >= 'A' && x <= 'Z'); };
  if (prev == '-') return i >= 2 && letter(cps[i - 2].c) && letter(c);
  return IsCjk(prev) || IsCjk(c);
}

float Advance(const ImFont* font, float scale, char32_t c) {
  if (c > 0xFFFF) return font->FallbackAdvanceX * scale;  // 16-bit ImWchar in Debian's build
  return const_cast<ImFont*>(font)->GetCharAdvance(static_cast<ImWchar>(c)) * scale;
}

}  // namespace

TextLines BreakLines(std::string_view text, float width, const ImFont* font, float size) {
  TextLines out;
  const std::vector<Cp> cps = Decode(text);
  const float scale = size / font->FontSize;
  // Width of cps[a, b) without the spaces at its end.
  auto measure = [&](size_t a, size_t b) {
    while (b > a && IsSpace(cps[b - 1].c)) --b;
    float w = 0.0f;
    for (size_t k = a; k < b; ++k) w += Advance(font, scale, cps[k].c);
    return w;
  };
  auto emit = [&](size_t a, size_t b) {
    while (b > a && IsSpace(cps[b - 1].c)) --b;
    const size_t from = a < cps.size() ? cps[a].begin : text.size();
    const size_t to = b > a ? cps[b - 1].end : from;
    out.lines.push_back(text.substr(from, to - from));
    out.widest = std::max(out.widest, measure(a, b));
  };
  size_t start = 0, brk = 0;  // current line's first code point; the last allowed break in it (0: none)
  float x = 0.0f;
  for (size_t i = 0; i < cps.size(); ++i) {
    const char32_t c = cps[i].c;
    if (c == '\n') {
      emit(start, i);
      start = i + 1, brk = 0, x = 0.0f;
      continue;
    }
    if (i == start && IsSpace(c) && !out.lines.empty()) {  // spaces at the start of a wrapped line
      start = i + 1;
      continue;
    }
    const float w = Advance(font, scale, c);
    if (!IsSpace(c) && x + w > width) {
      const size_t b = i > start && CanBreakBefore(cps, i) ? i : brk;
      if (b > start) {
        emit(start, b);
        start = b;
        while (start < i && IsSpace(cps[start].c)) ++start;
        brk = 0;
        x = 0.0f;
        for (size_t k = start; k < i; ++k) {
          if (k > start && CanBreakBefore(cps, k)) brk = k;
          x += Advance(font, scale, cps[k].c);
        }
      }
    }
    if (i > start && CanBreakBefore(cps, i)) brk = i;
    x += w;
  }
  emit(start, cps.size());
  return out;
}

std::string JoinLines(const TextLines& t) {
  std::string s;
  for (size_t i = 0; i < t.lines.size(); ++i) {
    if (i) s += '\n';
    s += t.lines[i];
  }
  return s;
}

}  // namespace onestop::ui
