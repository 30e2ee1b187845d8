// LocalText: a piece of master data in the three UI languages, as the hub sends it
// ({"zh-Hans": "...", "zh-Hant": "...", "en": "..."}). Picking falls back to another language rather
// than showing nothing. Pure data: no catalogs (those are for UI text, this is hospital data).
#pragma once
#include <array>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "kiosk/core/i18n.h"

namespace onestop {

struct LocalText {
  std::array<std::string, 3> text;  // indexed by Lang

  // The text in `lang`, else zh-Hans, else en, else zh-Hant, else "".
  const std::string& Get(Lang lang) const;
  bool empty() const { return text[0].empty() && text[1].empty() && text[2].empty(); }
  // From {"zh-Hans":..,...} (unknown tags ignored) or a plain string (used for every language).
  static LocalText FromJson(const nlohmann::json& j);
  // The same text in every language (codes, test data).
  static LocalText Same(const std::string& s) { LocalText t; t.text.fill(s); return t; }
};

}  // namespace onestop
