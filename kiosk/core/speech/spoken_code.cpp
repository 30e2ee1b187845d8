// Location code -> spoken words, one catalog pattern per segment kind, joined by "speech.loc.join".
// No words in code: every spoken word comes from the catalogs, so translators own them.
#include "kiosk/core/speech/spoken_code.h"

#include <cctype>
#include <optional>
#include <vector>

namespace onestop::speech {
namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

std::string DropLeadingZeros(std::string_view digits) {
  size_t i = 0;
  while (i + 1 < digits.size() && digits[i] == '0') ++i;
  return std::string(digits.substr(i));
}

// The catalog key and number of a recognised segment, or nullopt for one said as written.
std::optional<std::pair<const char*, std::string>> Classify(const std::string& seg) {
  const std::string_view s = seg;
  // BED before B: "BED07" must not read as building "ED07".
  if (s.size() > 3 && s.substr(0, 3) == "BED" && AllDigits(s.substr(3))) return {{"speech.loc.bed", DropLeadingZeros(s.substr(3))}};
  if (s.size() > 1 && s[0] == 'B' && AllDigits(s.substr(1))) return {{"speech.loc.building", DropLeadingZeros(s.substr(1))}};
  if (s.size() > 1 && s.back() == 'F' && AllDigits(s.substr(0, s.size() - 1)))
    return {{"speech.loc.floor", DropLeadingZeros(s.substr(0, s.size() - 1))}};
  if (s.size() > 1 && s[0] == 'W' && AllDigits(s.substr(1))) return {{"speech.loc.ward", DropLeadingZeros(s.substr(1))}};
  if (s.size() > 1 && s[0] == 'R' && AllDigits(s.substr(1))) return {{"speech.loc.room", DropLeadingZeros(s.substr(1))}};
  return std::nullopt;
}

}  // namespace

Result<std::string> SpokenLocation(const I18n& i18n, Lang lang, std::string_view code) {
  const auto bad = [](const std::string& why) { return Result<std::string>::Fail("speech.bad_code", why); };
  if (code.empty()) return bad("the location code is empty");
  if (code.size() > kMaxLocationCodeLength)
    return bad("the location code is longer than " + std::to_string(kMaxLocationCodeLength) + " characters");
  for (char c : code)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-')
      return bad("a location code has only letters, digits and '-'");
  std::vector<std::string> words;
  size_t start = 0;
  while (true) {
    const size_t dash = code.find('-', start);
    const std::string seg = Upper(code.substr(start, dash == std::string_view::npos ? std::string_view::npos : dash - start));
    if (seg.empty()) return bad("the location code has an empty segment (two dashes in a row, or a dash at an end)");
    if (auto k = Classify(seg)) words.push_back(i18n.Format(lang, k->first, {k->second}));
    else words.push_back(seg);
    if (dash == std::string_view::npos) break;
    start = dash + 1;
  }
  std::string out = words.front();
  for (size_t i = 1; i < words.size(); ++i) out = i18n.Format(lang, "speech.loc.join", {out, words[i]});
  return out;
}

}  // namespace onestop::speech
