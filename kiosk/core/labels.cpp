// Label parser (DESIGN §5). Every branch validates before it stores, returns a "label.*" error with
// a plain message instead of throwing, and never indexes past the input (the fuzzer checks this).
// No ZXing, no SQL here: the result is plain data, looked up elsewhere with bound parameters.
#include "kiosk/core/labels.h"

#include "kiosk/core/enroll_code.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>

namespace onestop::labels {
namespace {

constexpr char kGS = '\x1d';

Error Err(std::string code, std::string message) { return Error{std::move(code), std::move(message)}; }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool AllDigits(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), IsDigit); }

// GS1 General Specifications figure 7.11-1, "character set 82".
bool InSet82(char c) {
  if (IsDigit(c) || IsUpper(c) || IsLower(c)) return true;
  constexpr std::string_view kPunct = "!\"%&'()*+,-./:;<=>?_";
  return kPunct.find(c) != std::string_view::npos;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (IsUpper(c)) c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

// Shows at most a few characters of hostile input in messages, printable ASCII only.
std::string Excerpt(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 24)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  if (s.size() > 24) out += "...";
  return out;
}

// ---- UTF-8 and control characters ----------------------------------------------------------

// Returns the byte offset of the first invalid sequence, or npos. Rejects overlong forms,
// surrogates and code points above U+10FFFF (RFC 3629).
std::size_t FirstInvalidUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) { ++i; continue; }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) { len = 2; cp = b0 & 0x1Fu; }
    else if (b0 >= 0xE0 && b0 <= 0xEF) { len = 3; cp = b0 & 0x0Fu; }
    else if (b0 >= 0xF0 && b0 <= 0xF4) { len = 4; cp = b0 & 0x07u; }
    else return i;
    if (i + len > s.size()) return i;
    for (std::size_t k = 1; k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0u) != 0x80u) return i;
      cp = (cp << 6) | (b & 0x3Fu);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return i;
    i += len;
  }
  return std::string_view::npos;
}

// C0 (except GS where allowed), DEL, C1 (U+0080..U+009F, encoded C2 80..C2 9F) and the bidi
// overrides U+202A..U+202E / U+2066..U+2069 (they make a label display differently from its content).
// Input is valid UTF-8 here.
std::optional<std::size_t> FirstControl(std::string_view s, bool allow_gs) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x20 || b == 0x7F) {
      if (allow_gs && b == 0x1D) continue;
      return i;
    }
    if (b == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9F) return i;
    if (b == 0xE2 && i + 2 < s.size()) {
      const auto b1 = static_cast<unsigned char>(s[i + 1]);
      const auto b2 = static_cast<unsigned char>(s[i + 2]);
      if ((b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9)) return i;
    }
  }
  return std::nullopt;
}

// ---- identifiers used by our own labels -----------------------------------------------------

// Asset ids and location codes: 2..40 of [A-Z0-9] in groups joined by single '-', e.g.
// EQ-2015-000123, B2-3F-W12-BED07. Lowercase is accepted and upper-cased (URLs get lowercased).
std::optional<std::string> NormaliseId(std::string_view s) {
  if (s.size() < 2 || s.size() > 40) return std::nullopt;
  std::string out;
  char prev = '-';
  for (char c : s) {
    if (IsLower(c)) c = static_cast<char>(c - 'a' + 'A');
    if (c == '-') {
      if (prev == '-') return std::nullopt;  // leading or doubled hyphen
    } else if (!IsUpper(c) && !IsDigit(c)) {
      return std::nullopt;
    }
    out += c;
    prev = c;
  }
  if (prev == '-') return std::nullopt;
  return out;
}

// Legacy bare tags (ZC-2019-0457): deliberately conservative so that random text, words and plain
// numbers are not mistaken for an asset: 4..32 chars of [A-Z0-9-], starts with a letter, has at
// least one hyphen and one digit, no leading/trailing/doubled hyphen. Uppercase only.
bool IsBareTag(std::string_view s) {
  if (s.size() < 4 || s.size() > 32 || !IsUpper(s.front()) || s.back() == '-') return false;
  bool hyphen = false, digit = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '-') {
      if (s[i - 1] == '-') return false;
      hyphen = true;
    } else if (IsDigit(c)) {
      digit = true;
    } else if (!IsUpper(c)) {
      return false;
    }
  }
  return hyphen && digit;
}

// ---- GS1 -------------------------------------------------------------------------------------

enum class Charset { kNumeric, kSet82 };
enum class Check { kNone, kMod10, kDate, kGiai };

struct AiSpec {
  std::string_view ai;
  int min_len;
  int max_len;
  Charset charset;
  Check check;
  std::string_view title;  // plain-language name for messages
};

// The AIs an equipment label can carry. Unknown AIs are rejected rather than skipped: a label we
// do not understand must not be half-read into a wrong asset.
constexpr std::array<AiSpec, 19> kAis{{
    {"00", 18, 18, Charset::kNumeric, Check::kMod10, "shipping container code (SSCC)"},
    {"01", 14, 14, Charset::kNumeric, Check::kMod10, "product number (GTIN)"},
    {"02", 14, 14, Charset::kNumeric, Check::kMod10, "contained product number"},
    {"10", 1, 20, Charset::kSet82, Check::kNone, "lot number"},
    {"11", 6, 6, Charset::kNumeric, Check::kDate, "production date"},
    {"13", 6, 6, Charset::kNumeric, Check::kDate, "packaging date"},
    {"15", 6, 6, Charset::kNumeric, Check::kDate, "best-before date"},
    {"16", 6, 6, Charset::kNumeric, Check::kDate, "sell-by date"},
    {"17", 6, 6, Charset::kNumeric, Check::kDate, "expiry date"},
    {"20", 2, 2, Charset::kNumeric, Check::kNone, "variant"},
    {"21", 1, 20, Charset::kSet82, Check::kNone, "serial number"},
    {"22", 1, 20, Charset::kSet82, Check::kNone, "consumer product variant"},
    {"30", 1, 8, Charset::kNumeric, Check::kNone, "count"},
    {"240", 1, 30, Charset::kSet82, Check::kNone, "additional product id"},
    {"241", 1, 30, Charset::kSet82, Check::kNone, "customer part number"},
    {"250", 1, 30, Charset::kSet82, Check::kNone, "secondary serial number"},
    {"254", 1, 20, Charset::kSet82, Check::kNone, "location extension"},
    {"414", 13, 13, Charset::kNumeric, Check::kMod10, "location number (GLN)"},
    {"8004", 1, 30, Charset::kSet82, Check::kGiai, "asset number (GIAI)"},
}};

const AiSpec* FindAi(std::string_view ai) {
  for (const auto& spec : kAis)
    if (spec.ai == ai) return &spec;
  return nullptr;
}

// GS1 AIs are prefix-free, so the first 2-, 3- or 4-digit match is the AI.
const AiSpec* MatchAiAt(std::string_view s, std::size_t pos) {
  for (std::size_t len = 2; len <= 4; ++len) {
    if (pos + len > s.size()) return nullptr;
    if (const AiSpec* spec = FindAi(s.substr(pos, len))) return spec;
  }
  return nullptr;
}

int DaysInMonth(int year, int month) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

// YYMMDD → YYYY-MM-DD. DD = 00 means the last day of the month (GS1 GenSpecs 7.12). Years are
// taken as 20YY: equipment labels printed before 2000 with an expiry are not in service.
std::optional<std::string> Gs1DateToIso(std::string_view d) {
  if (d.size() != 6 || !AllDigits(d)) return std::nullopt;
  const int yy = (d[0] - '0') * 10 + (d[1] - '0');
  const int mm = (d[2] - '0') * 10 + (d[3] - '0');
  int dd = (d[4] - '0') * 10 + (d[5] - '0');
  if (mm < 1 || mm > 12) return std::nullopt;
  const int year = 2000 + yy;
  if (dd == 0) dd = DaysInMonth(year, mm);
  if (dd > DaysInMonth(year, mm)) return std::nullopt;
  char buf[11];
  buf[0] = '2'; buf[1] = '0'; buf[2] = d[0]; buf[3] = d[1]; buf[4] = '-';
  buf[5] = d[2]; buf[6] = d[3]; buf[7] = '-';
  buf[8] = static_cast<char>('0' + dd / 10); buf[9] = static_cast<char>('0' + dd % 10); buf[10] = 0;
  return std::string(buf);
}

Result<Gs1Element> ValidateElement(const AiSpec& spec, std::string_view value) {
  const std::string ai(spec.ai);
  const auto len = static_cast<int>(value.size());
  if (len < spec.min_len || len > spec.max_len) {
    std::string want = spec.min_len == spec.max_len ? std::to_string(spec.min_len)
                                                   : std::to_string(spec.min_len) + " to " + std::to_string(spec.max_len);
    return Err("label.gs1_bad_length", "The " + std::string(spec.title) + " (AI " + ai + ") on this label has " +
                                           std::to_string(len) + " characters; it must have " + want +
                                           ". The label is damaged or not a valid GS1 label.");
  }
  for (char c : value) {
    const bool ok = spec.charset == Charset::kNumeric ? IsDigit(c) : InSet82(c);
    if (!ok)
      return Err("label.gs1_bad_charset", "The " + std::string(spec.title) + " (AI " + ai +
                                              ") contains a character that GS1 labels may not use" +
                                              (spec.charset == Charset::kNumeric ? " (digits only)." : "."));
  }
  switch (spec.check) {
    case Check::kMod10:
      if (!Gs1CheckDigitOk(value))
        return Err("label.gs1_bad_check_digit", "The " + std::string(spec.title) + " " + std::string(value) +
                                                    " has a wrong check digit: the label is misprinted or was misread. "
                                                    "Scan it again or type the asset number.");
      break;
    case Check::kDate:
      if (!Gs1DateToIso(value))
        return Err("label.gs1_bad_date", "The " + std::string(spec.title) + " " + std::string(value) +
                                             " is not a real date (YYMMDD).");
      break;
    case Check::kGiai:
      // A GIAI starts with the owner's GS1 company prefix: at least 4 digits.
      if (value.size() < 4 || !AllDigits(value.substr(0, 4)))
        return Err("label.gs1_bad_giai", "The asset number (GIAI) " + Excerpt(value) +
                                             " does not start with a company prefix (digits).");
      break;
    case Check::kNone:
      break;
  }
  return Gs1Element{ai, std::string(value)};
}

// Fills the typed fields and enforces the label-level rules (no duplicates, an identifier present).
Result<ParsedLabel> FinishGs1(std::vector<Gs1Element> elements, LabelForm form) {
  ParsedLabel label;
  label.form = form;
  for (std::size_t i = 0; i < elements.size(); ++i)
    for (std::size_t k = 0; k < i; ++k)
      if (elements[i].ai == elements[k].ai)
        return Err("label.gs1_duplicate_ai", "The label repeats the field AI " + elements[i].ai +
                                                 " with conflicting meaning; it cannot be trusted.");
  for (const auto& e : elements) {
    if (e.ai == "01") label.gtin = e.value;
    else if (e.ai == "21") label.serial = e.value;
    else if (e.ai == "10") label.lot = e.value;
    else if (e.ai == "17") label.expiry = Gs1DateToIso(e.value);
    else if (e.ai == "8004") label.giai = e.value;
  }
  if (!label.gtin && !label.giai)
    return Err("label.gs1_no_identifier",
               "This GS1 code has no product number (01) or asset number (8004), so it does not identify "
               "a device. Look for another label on the equipment.");
  label.gs1 = std::move(elements);
  return label;
}

// Raw element string as decoders return it: AI digits, fixed-length values back to back,
// variable-length values terminated by GS (0x1D) unless last.
Result<ParsedLabel> ParseGs1Raw(std::string_view s) {
  std::vector<Gs1Element> out;
  std::size_t pos = 0;
  if (pos < s.size() && s[pos] == kGS) ++pos;  // FNC1 in first position, as some scanners send it
  if (pos >= s.size()) return Err("label.gs1_malformed_ai", "The GS1 code is empty.");
  while (pos < s.size()) {
    const AiSpec* spec = MatchAiAt(s, pos);
    if (!spec) {
      if (pos + 2 <= s.size() && IsDigit(s[pos]) && IsDigit(s[pos + 1]))
        return Err("label.gs1_unknown_ai", "The GS1 code uses a field (AI " + Excerpt(s.substr(pos, 4)) +
                                               ") that equipment labels do not use.");
      return Err("label.gs1_malformed_ai", "The GS1 code is malformed near \"" + Excerpt(s.substr(pos)) +
                                               "\": a field number was expected.");
    }
    pos += spec->ai.size();
    std::string_view value;
    if (spec->min_len == spec->max_len) {
      const auto n = static_cast<std::size_t>(spec->max_len);
      if (pos + n > s.size())
        return ValidateElement(*spec, s.substr(pos)).error();  // too short: report as bad length
      value = s.substr(pos, n);
      pos += n;
    } else {
      const std::size_t end = std::min(s.find(kGS, pos), s.size());
      value = s.substr(pos, end - pos);
      pos = end;
    }
    auto element = ValidateElement(*spec, value);
    if (!element) return element.error();
    out.push_back(std::move(element).value());
    if (pos < s.size() && s[pos] == kGS) {
      ++pos;
      if (pos >= s.size() || s[pos] == kGS)
        return Err("label.gs1_malformed_ai", "The GS1 code has an empty field after a separator.");
    }
  }
  return FinishGs1(std::move(out), LabelForm::kGs1ElementString);
}

// Human-readable form: (01)06901234567892(17)281231(10)LOT42. A value ends at the next '(';
// parentheses inside values are only representable in the raw form.
Result<ParsedLabel> ParseGs1Hri(std::string_view s) {
  std::vector<Gs1Element> out;
  std::size_t pos = 0;
  while (pos < s.size()) {
    if (s[pos] != '(')
      return Err("label.gs1_malformed_ai", "The GS1 code is malformed near \"" + Excerpt(s.substr(pos)) +
                                               "\": expected \"(\" and a field number.");
    const std::size_t close = s.find(')', pos);
    if (close == std::string_view::npos || close == pos + 1 || close - pos - 1 > 4 ||
        !AllDigits(s.substr(pos + 1, close - pos - 1)))
      return Err("label.gs1_malformed_ai", "The GS1 code is malformed near \"" + Excerpt(s.substr(pos)) +
                                               "\": a field number in parentheses was expected.");
    const std::string_view ai = s.substr(pos + 1, close - pos - 1);
    const AiSpec* spec = FindAi(ai);
    if (!spec)
      return Err("label.gs1_unknown_ai", "The GS1 code uses a field (AI " + std::string(ai) +
                                             ") that equipment labels do not use.");
    const std::size_t end = std::min(s.find('(', close + 1), s.size());
    auto element = ValidateElement(*spec, s.substr(close + 1, end - close - 1));
    if (!element) return element.error();
    out.push_back(std::move(element).value());
    pos = end;
  }
  return FinishGs1(std::move(out), LabelForm::kGs1ElementString);
}

// ---- URLs ------------------------------------------------------------------------------------

struct Url {
  std::string_view host;
  std::vector<std::string_view> segments;  // path split on '/', empty segments kept
  std::string_view query;                  // without '?'
};

Result<Url> SplitUrl(std::string_view s) {
  const std::size_t scheme_end = s.find("://");
  std::string_view rest = s.substr(scheme_end + 3);
  if (rest.find('#') != std::string_view::npos)
    return Err("label.bad_url", "The web address on this label has an unexpected \"#\" part.");
  Url url;
  const std::size_t q = rest.find('?');
  if (q != std::string_view::npos) {
    url.query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  const std::size_t slash = rest.find('/');
  url.host = rest.substr(0, slash);
  const std::string_view path = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
  if (url.host.empty())
    return Err("label.bad_url", "The web address on this label has no host name.");
  // Host names and an optional port only: user info ("a@b") is a classic way to disguise a link.
  const std::size_t colon = url.host.find(':');
  const std::string_view name = url.host.substr(0, colon);
  if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) {
        return IsDigit(c) || IsUpper(c) || IsLower(c) || c == '.' || c == '-';
      }))
    return Err("label.bad_url", "The web address on this label has an invalid host name.");
  if (colon != std::string_view::npos) {
    const std::string_view port = url.host.substr(colon + 1);
    if (!AllDigits(port) || port.size() > 5)
      return Err("label.bad_url", "The web address on this label has an invalid port.");
  }
  std::size_t start = 0;
  while (!path.empty() && start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    url.segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return url;
}

std::optional<std::string> PercentDecode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') { out += s[i]; continue; }
    auto hex = [](char c) -> int {
      if (IsDigit(c)) return c - '0';
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      return -1;
    };
    if (i + 2 >= s.size()) return std::nullopt;
    const int hi = hex(s[i + 1]), lo = hex(s[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

// GS1 Digital Link (GS1 DL URI syntax 1.2): [prefix segments]/<primary AI>/<value>[/<qualifier AI>/<value>]...
// with further AIs in the query (?17=281231). Primary keys accepted here: 01 (GTIN) and 8004 (GIAI).
std::optional<Result<ParsedLabel>> TryDigitalLink(const Url& url) {
  const auto& seg = url.segments;
  std::size_t primary = seg.size();
  for (std::size_t i = 0; i < seg.size(); ++i)
    if ((seg[i] == "01" || seg[i] == "8004") && (seg.size() - i) % 2 == 0) { primary = i; break; }
  if (primary == seg.size()) return std::nullopt;  // not a Digital Link: the caller says "unrelated URL"
  std::vector<Gs1Element> elements;
  auto add = [&](std::string_view ai, std::string_view raw) -> std::optional<Error> {
    const AiSpec* spec = FindAi(ai);
    if (!spec)
      return Err("label.gs1_unknown_ai", "The GS1 web address uses a field (AI " + Excerpt(ai) +
                                             ") that equipment labels do not use.");
    auto value = PercentDecode(raw);
    if (!value) return Err("label.bad_url", "The GS1 web address has a broken %-escape.");
    // Digital Link allows GTIN-8/12/13 written without leading zeros; the element string is 14 digits.
    if (ai == "01" && AllDigits(*value) && (value->size() == 8 || value->size() == 12 || value->size() == 13))
      value->insert(0, 14 - value->size(), '0');
    auto element = ValidateElement(*spec, *value);
    if (!element) return element.error();
    elements.push_back(std::move(element).value());
    return std::nullopt;
  };
  for (std::size_t i = primary; i + 1 < seg.size(); i += 2) {
    if (seg[i] == "8004" && i != primary)
      return Result<ParsedLabel>(Err("label.bad_url", "The GS1 web address has two primary keys."));
    if (auto e = add(seg[i], seg[i + 1])) return Result<ParsedLabel>(*e);
  }
  std::size_t start = 0;
  while (!url.query.empty() && start <= url.query.size()) {
    const std::size_t end = std::min(url.query.find('&', start), url.query.size());
    const std::string_view pair = url.query.substr(start, end - start);
    start = end + 1;
    const std::size_t eq = pair.find('=');
    const std::string_view key = pair.substr(0, eq);
    // Non-numeric keys (linkType, context) steer the resolver and are not label data.
    if (!AllDigits(key)) continue;
    if (eq == std::string_view::npos)
      return Result<ParsedLabel>(Err("label.bad_url", "The GS1 web address has a field without a value."));
    if (auto e = add(key, pair.substr(eq + 1))) return Result<ParsedLabel>(*e);
  }
  return FinishGs1(std::move(elements), LabelForm::kGs1DigitalLink);
}

Result<ParsedLabel> ParseUrl(std::string_view s) {
  // The console's enrollment QR (…/e/<code>) is not a label; saying what it is spares a confused nurse
  // and lets `scan` report it (the code itself stays out of the message).
  if (enroll::ParseEnrollUrl(s).ok())
    return Err("label.enroll_code",
               "This is a terminal enrollment code, not an equipment or location label. Use it on the enrollment screen.");
  auto url = SplitUrl(s);
  if (!url) return url.error();
  const auto& seg = url->segments;
  // Own labels: exactly /a/<asset> or /l/<location>, an optional trailing slash.
  std::size_t n = seg.size();
  if (n == 3 && seg[2].empty()) n = 2;
  if (n == 2 && (seg[0] == "a" || seg[0] == "l")) {
    if (!url->query.empty())
      return Err("label.bad_url", "The equipment web address has unexpected extra parameters (\"?\").");
    auto id = NormaliseId(seg[1]);
    ParsedLabel label;
    label.form = LabelForm::kOwnUrl;
    if (seg[0] == "a") {
      if (!id) return Err("label.bad_asset_id", "The asset number \"" + Excerpt(seg[1]) + "\" in this web address is not valid.");
      label.asset_id = *id;
    } else {
      if (!id) return Err("label.bad_location_code", "The location code \"" + Excerpt(seg[1]) + "\" in this web address is not valid.");
      label.location_code = *id;
    }
    return label;
  }
  if (auto dl = TryDigitalLink(url.value())) return std::move(*dl);
  return Err("label.unrelated_url",
             "This code is a web address, not an equipment or location label. Scan the asset label on the device.");
}

// OS1:A=EQ-2015-000123;L=B2-3F-W12-BED07 — keys A (asset) and L (location), either or both.
Result<ParsedLabel> ParseCompact(std::string_view s) {
  std::string_view body = s.substr(4);
  if (!body.empty() && body.back() == ';') body.remove_suffix(1);
  if (body.empty()) return Err("label.compact_malformed", "The label \"OS1:\" carries no asset or location.");
  ParsedLabel label;
  label.form = LabelForm::kCompact;
  std::size_t start = 0;
  while (start <= body.size()) {
    const std::size_t end = std::min(body.find(';', start), body.size());
    const std::string_view field = body.substr(start, end - start);
    start = end + 1;
    const std::size_t eq = field.find('=');
    if (eq == std::string_view::npos || eq == 0)
      return Err("label.compact_malformed", "The label field \"" + Excerpt(field) + "\" is not of the form KEY=VALUE.");
    const std::string_view key = field.substr(0, eq), value = field.substr(eq + 1);
    if (key != "A" && key != "L")
      return Err("label.compact_unknown_key", "The label has a field \"" + Excerpt(key) +
                                                  "\" this terminal does not know (only A and L). "
                                                  "The label may be for another system.");
    auto& slot = key == "A" ? label.asset_id : label.location_code;
    if (slot) return Err("label.compact_malformed", "The label gives field " + std::string(key) + " twice.");
    auto id = NormaliseId(value);
    if (!id)
      return Err(key == "A" ? "label.bad_asset_id" : "label.bad_location_code",
                 std::string(key == "A" ? "The asset number \"" : "The location code \"") + Excerpt(value) +
                     "\" on this label is not valid.");
    slot = *id;
  }
  return label;
}

bool IsGs1SymbologyId(std::string_view id) {
  return id == "]C1" || id == "]e0" || id == "]d2" || id == "]Q3" || id == "]J1";
}

}  // namespace

const char* ToString(LabelForm form) {
  switch (form) {
    case LabelForm::kOwnUrl: return "own_url";
    case LabelForm::kCompact: return "compact";
    case LabelForm::kGs1ElementString: return "gs1_element_string";
    case LabelForm::kGs1DigitalLink: return "gs1_digital_link";
    case LabelForm::kBareTag: return "bare_tag";
  }
  return "unknown";
}

bool Gs1CheckDigitOk(std::string_view digits) {
  if (digits.size() < 2 || !AllDigits(digits)) return false;
  int sum = 0;
  // Weights 3,1,3,... from the rightmost data digit (the one just left of the check digit).
  for (std::size_t i = 0; i + 1 < digits.size(); ++i) {
    const int d = digits[digits.size() - 2 - i] - '0';
    sum += (i % 2 == 0) ? d * 3 : d;
  }
  return (10 - sum % 10) % 10 == digits.back() - '0';
}

Result<ParsedLabel> ParseLabel(std::string_view payload) {
  if (payload.empty()) return Err("label.empty", "The code was read but is empty.");
  if (payload.size() > kMaxPayloadBytes)
    return Err("label.too_long", "This code holds " + std::to_string(payload.size()) +
                                     " bytes; equipment labels hold at most 512. It is not an asset label.");
  if (FirstInvalidUtf8(payload) != std::string_view::npos)
    return Err("label.invalid_utf8", "This code contains garbled text (not valid UTF-8). It is not an asset label.");

  // AIM symbology identifier: "]" + letter + digit. GS1 modifiers switch to the raw GS1 parser.
  bool gs1 = false;
  if (payload.size() >= 3 && payload[0] == ']' && (IsUpper(payload[1]) || IsLower(payload[1])) && IsDigit(payload[2])) {
    gs1 = IsGs1SymbologyId(payload.substr(0, 3));
    payload.remove_prefix(3);
    if (payload.empty()) return Err("label.empty", "The code was read but is empty.");
  }
  if (!gs1 && payload[0] == kGS) gs1 = true;  // FNC1 transmitted as GS by a keyboard-wedge scanner
  if (auto at = FirstControl(payload, gs1))
    return Err("label.control_char", "This code contains invisible control characters (at byte " + std::to_string(*at) +
                                         "). It is not an asset label; it may have been tampered with.");
  if (gs1) return ParseGs1Raw(payload);

  if (payload[0] == '(') return ParseGs1Hri(payload);
  if (payload.substr(0, 4) == "OS1:") return ParseCompact(payload);
  if (StartsWithNoCase(payload, "https://") || StartsWithNoCase(payload, "http://")) return ParseUrl(payload);
  if (payload.find("://") != std::string_view::npos || StartsWithNoCase(payload, "mailto:") ||
      StartsWithNoCase(payload, "tel:") || StartsWithNoCase(payload, "wifi:"))
    return Err("label.unrelated_url", "This code is a link or contact, not an equipment or location label.");
  if (IsBareTag(payload)) {
    ParsedLabel label;
    label.form = LabelForm::kBareTag;
    label.tag = std::string(payload);
    return label;
  }
  return Err("label.unrecognised", "This code (\"" + Excerpt(payload) +
                                       "\") is not an equipment or location label. Scan the asset label on the device.");
}

void to_json(nlohmann::json& j, const ParsedLabel& label) {
  j = nlohmann::json::object();
  j["form"] = ToString(label.form);
  auto put = [&](const char* key, const std::optional<std::string>& v) {
    if (v) j[key] = *v;
  };
  put("asset_id", label.asset_id);
  put("location_code", label.location_code);
  put("tag", label.tag);
  put("giai", label.giai);
  put("gtin", label.gtin);
  put("serial", label.serial);
  put("lot", label.lot);
  put("expiry", label.expiry);
  if (!label.gs1.empty()) {
    auto& arr = j["gs1"] = nlohmann::json::array();
    for (const auto& e : label.gs1) arr.push_back({{"ai", e.ai}, {"value", e.value}});
  }
}

}  // namespace onestop::labels
