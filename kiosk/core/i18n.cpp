// Catalog loading and lookup. Missing keys are made visible instead of crashing the screen.
#include "kiosk/core/i18n.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace onestop {

const char* LangTag(Lang lang) {
  switch (lang) {
    case Lang::kZhHans: return "zh-Hans";
    case Lang::kZhHant: return "zh-Hant";
    case Lang::kEn: return "en";
  }
  return "en";
}

bool ParseLang(std::string_view t, Lang* out) {
  std::string s(t);
  for (auto& c : s) c = (c == '_') ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (s == "zh-hans" || s == "zh-cn" || s == "zh-sg" || s == "zh") { *out = Lang::kZhHans; return true; }
  if (s == "zh-hant" || s == "zh-tw" || s == "zh-hk" || s == "zh-mo") { *out = Lang::kZhHant; return true; }
  if (s == "en" || s.rfind("en-", 0) == 0) { *out = Lang::kEn; return true; }
  return false;
}

Result<Catalog> Catalog::FromJson(std::string_view json_text) {
  auto j = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Error{"i18n.bad_json", "catalog is not a JSON object"};
  Catalog c;
  for (auto& [k, v] : j.items()) {
    if (!v.is_string()) return Error{"i18n.bad_value", "catalog value for '" + k + "' is not a string"};
    c.entries_.emplace(k, v.get<std::string>());
  }
  return c;
}

Result<Catalog> Catalog::LoadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"i18n.missing_file", "cannot open catalog " + path};
  std::stringstream ss;
  ss << in.rdbuf();
  auto r = FromJson(ss.str());
  if (!r) return Error{r.error().code, path + ": " + r.error().message};
  return r;
}

const std::string& Catalog::Get(std::string_view key) const {
  if (auto it = entries_.find(key); it != entries_.end()) return it->second;
  auto it = missing_.find(key);
  if (it == missing_.end()) it = missing_.emplace(std::string(key), "[[" + std::string(key) + "]]").first;
  return it->second;
}

bool Catalog::Has(std::string_view key) const { return entries_.count(key) != 0; }

Result<I18n> I18n::LoadDir(const std::string& dir) {
  I18n i;
  for (Lang l : kAllLangs) {
    auto c = Catalog::LoadFile(dir + "/" + LangTag(l) + ".json");
    if (!c) return c.error();
    i.catalogs_[static_cast<size_t>(l)] = std::move(c.value());
  }
  return i;
}

std::string FormatPlaceholders(std::string_view p, const std::vector<std::string>& args) {
  std::string out;
  out.reserve(p.size() + 16);
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '{' && i + 2 < p.size() && p[i + 1] >= '0' && p[i + 1] <= '9' && p[i + 2] == '}') {
      const size_t idx = static_cast<size_t>(p[i + 1] - '0');
      if (idx < args.size()) out += args[idx];
      i += 2;
    } else {
      out += p[i];
    }
  }
  return out;
}

std::string I18n::Format(Lang lang, std::string_view key, const std::vector<std::string>& args) const {
  return FormatPlaceholders(Tr(lang, key), args);
}

}  // namespace onestop
