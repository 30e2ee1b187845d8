// LocalText parsing and fallback.
#include "kiosk/core/local_text.h"

#include <nlohmann/json.hpp>

namespace onestop {

const std::string& LocalText::Get(Lang lang) const {
  if (!text[static_cast<size_t>(lang)].empty()) return text[static_cast<size_t>(lang)];
  for (Lang l : {Lang::kZhHans, Lang::kEn, Lang::kZhHant})
    if (!text[static_cast<size_t>(l)].empty()) return text[static_cast<size_t>(l)];
  return text[0];
}

LocalText LocalText::FromJson(const nlohmann::json& j) {
  LocalText t;
  if (j.is_string()) {
    t.text.fill(j.get<std::string>());
  } else if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      Lang l;
      if (v.is_string() && ParseLang(k, &l)) t.text[static_cast<size_t>(l)] = v.get<std::string>();
    }
  }
  return t;
}

}  // namespace onestop
