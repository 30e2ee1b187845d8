// UTF-8 decoding (strict: rejects overlongs, surrogates and > U+10FFFF) and buffer editing.
#include "kiosk/core/text_edit.h"

namespace onestop {
namespace {
// Decodes one code point at s[i]; returns its length, or 0 if the sequence is invalid.
size_t DecodeOne(std::string_view s, size_t i, char32_t* cp) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) { *cp = c; return 1; }
  size_t n;
  char32_t v, min;
  if ((c & 0xE0) == 0xC0) { n = 2; v = c & 0x1F; min = 0x80; }
  else if ((c & 0xF0) == 0xE0) { n = 3; v = c & 0x0F; min = 0x800; }
  else if ((c & 0xF8) == 0xF0) { n = 4; v = c & 0x07; min = 0x10000; }
  else return 0;
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    v = (v << 6) | (b(i + k) & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return n;
}
}  // namespace

void Utf8PopBack(std::string* s) {
  if (s->empty()) return;
  size_t i = s->size() - 1;
  // Step back over continuation bytes, at most 3, to the lead byte.
  while (i > 0 && (static_cast<unsigned char>((*s)[i]) & 0xC0) == 0x80 && s->size() - i < 4) --i;
  char32_t cp;
  if (DecodeOne(*s, i, &cp) == s->size() - i) s->resize(i);
  else s->pop_back();  // broken tail: drop one byte at a time
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++n) {
    char32_t cp;
    const size_t len = DecodeOne(s, i, &cp);
    i += len ? len : 1;
  }
  return n;
}

bool AppendLimited(std::string* s, std::string_view text, size_t max_codepoints) {
  if (Utf8Length(*s) + Utf8Length(text) > max_codepoints) return false;
  s->append(text);
  return true;
}

std::vector<char32_t> Utf8Decode(std::string_view s) {
  std::vector<char32_t> out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    char32_t cp;
    const size_t len = DecodeOne(s, i, &cp);
    if (len) { out.push_back(cp); i += len; }
    else { out.push_back(0xFFFD); ++i; }
  }
  return out;
}

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    char32_t cp;
    const size_t len = DecodeOne(s, i, &cp);
    if (!len) return false;
    i += len;
  }
  return true;
}

}  // namespace onestop
