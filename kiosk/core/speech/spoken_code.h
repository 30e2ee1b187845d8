// Spoken forms of codes that read badly aloud (issue 17 §4): a location code such as
// "B2-3F-W12-BED07" becomes "building 2, floor 3, ward 12, bed 7" (and the zh-Hans/zh-Hant forms). The words
// come from the catalogs (keys "speech.loc.*"); this file only parses the code. Pure: no synthesis.
#pragma once
#include <string>
#include <string_view>

#include "kiosk/core/i18n.h"
#include "kiosk/core/result.h"

namespace onestop::speech {

inline constexpr size_t kMaxLocationCodeLength = 64;

// Segments: B<n> building, <n>F floor, W<n> ward, R<n> room, BED<n> bed (case-insensitive, leading
// zeros dropped); any other segment (a campus code like MAIN) is said as written.
// Errors: "speech.bad_code" (empty, too long, characters other than letters, digits and '-', or an
// empty segment).
Result<std::string> SpokenLocation(const I18n& i18n, Lang lang, std::string_view code);

}  // namespace onestop::speech
