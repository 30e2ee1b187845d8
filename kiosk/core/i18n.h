// Text catalogs by key (assets/i18n/<lang>.json) for zh-Hans, zh-Hant and en.
// Code never holds user-visible text; it holds keys. This module must not know about fonts or ImGui.
#pragma once
#include <array>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.h"

namespace onestop {

enum class Lang { kZhHans = 0, kZhHant = 1, kEn = 2 };
inline constexpr std::array<Lang, 3> kAllLangs = {Lang::kZhHans, Lang::kZhHant, Lang::kEn};

// BCP 47 tag ("zh-Hans") and back; ParseLang accepts common aliases (zh-CN, zh_TW, en-US...).
const char* LangTag(Lang lang);
bool ParseLang(std::string_view text, Lang* out);

class Catalog {
 public:
  // A flat JSON object {"key": "text"}; values must be strings.
  static Result<Catalog> FromJson(std::string_view json_text);
  static Result<Catalog> LoadFile(const std::string& path);

  // The text for key; a missing key returns "⟦key⟧"-style "[[key]]" so it is visible, never empty.
  const std::string& Get(std::string_view key) const;
  bool Has(std::string_view key) const;
  const std::map<std::string, std::string, std::less<>>& entries() const { return entries_; }

 private:
  std::map<std::string, std::string, std::less<>> entries_;
  mutable std::map<std::string, std::string, std::less<>> missing_;
};

// All three catalogs, loaded together so that a missing language is a start-up error.
class I18n {
 public:
  static Result<I18n> LoadDir(const std::string& dir);
  const Catalog& catalog(Lang lang) const { return catalogs_[static_cast<size_t>(lang)]; }
  const std::string& Tr(Lang lang, std::string_view key) const { return catalog(lang).Get(key); }
  // Replaces {0}, {1}... in the text of key with args (no format-string semantics on the data).
  std::string Format(Lang lang, std::string_view key, const std::vector<std::string>& args) const;

 private:
  std::array<Catalog, 3> catalogs_;
};

std::string FormatPlaceholders(std::string_view pattern, const std::vector<std::string>& args);

}  // namespace onestop
