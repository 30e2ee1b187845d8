// UTF-8 helpers for app-owned text buffers (keypad, on-screen keyboard) and glyph collection.
// Byte-level only: no locale, no normalisation. Must never produce invalid UTF-8 from valid input.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace onestop {

// Removes the last code point (not the last byte). No-op on an empty string.
void Utf8PopBack(std::string* s);
// Number of code points; invalid sequences count one per byte.
size_t Utf8Length(std::string_view s);
// Appends `text` if the result stays within max_codepoints; returns whether it did.
bool AppendLimited(std::string* s, std::string_view text, size_t max_codepoints);
// Decodes to code points; invalid bytes become U+FFFD. Used to collect glyphs for the font atlas.
std::vector<char32_t> Utf8Decode(std::string_view s);
bool IsValidUtf8(std::string_view s);

}  // namespace onestop
