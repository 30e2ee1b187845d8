// Catalog parsing/lookup, language tags, placeholder formatting, and the catalog-completeness test:
// every key the code looks up (Tr("...")/TrF("...")) exists in all three catalogs.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "kiosk/core/i18n.h"
#include "kiosk/core/text_edit.h"

using namespace onestop;

TEST(Catalog, ParsesFlatObjectAndShowsMissingKeys) {
  auto c = Catalog::FromJson(R"({"a.b":"x","c":"y"})");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->Get("a.b"), "x");
  EXPECT_TRUE(c->Has("c"));
  EXPECT_EQ(c->Get("nope"), "[[nope]]");
}

TEST(Catalog, RejectsNonStringsAndBadJson) {
  EXPECT_FALSE(Catalog::FromJson(R"({"a":1})").ok());
  EXPECT_FALSE(Catalog::FromJson(R"(["a"])").ok());
  EXPECT_FALSE(Catalog::FromJson("{").ok());
  EXPECT_EQ(Catalog::FromJson("{").error().code, "i18n.bad_json");
}

TEST(Lang, TagsRoundTripAndAliases) {
  for (Lang l : kAllLangs) {
    Lang back;
    ASSERT_TRUE(ParseLang(LangTag(l), &back));
    EXPECT_EQ(back, l);
  }
  Lang l;
  EXPECT_TRUE(ParseLang("zh_TW", &l));
  EXPECT_EQ(l, Lang::kZhHant);
  EXPECT_TRUE(ParseLang("en-US", &l));
  EXPECT_EQ(l, Lang::kEn);
  EXPECT_FALSE(ParseLang("fr", &l));
}

TEST(Format, ReplacesPlaceholdersWithoutInterpretingData) {
  EXPECT_EQ(FormatPlaceholders("{0} of {1}", {"3", "%s%n"}), "3 of %s%n");
  EXPECT_EQ(FormatPlaceholders("{2} {", {"a"}), " {");
}

namespace {
std::set<std::string> KeysUsedInSources() {
  std::set<std::string> keys;
  const std::regex re(R"re(\bTrF?\(\s*"([a-z0-9_.]+)")re");
  for (const char* dir : {"kiosk", "ui", "offline", "devices"}) {
    const auto root = std::filesystem::path(ONESTOP_SOURCE_DIR) / dir;
    if (!std::filesystem::exists(root)) continue;
    for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
      const auto ext = e.path().extension();
      if (ext != ".cpp" && ext != ".h") continue;
      std::ifstream in(e.path());
      std::stringstream ss;
      ss << in.rdbuf();
      const std::string text = ss.str();
      for (std::sregex_iterator it(text.begin(), text.end(), re), end; it != end; ++it) keys.insert((*it)[1]);
    }
  }
  return keys;
}
}  // namespace

TEST(Catalogs, EveryUsedKeyExistsInEveryLanguage) {
  auto i18n = I18n::LoadDir(std::string(ONESTOP_ASSETS_DIR) + "/i18n");
  ASSERT_TRUE(i18n.ok()) << i18n.error().message;
  const auto keys = KeysUsedInSources();
  ASSERT_GT(keys.size(), 20u) << "the key scan found too few keys: the regex no longer matches the code";
  for (const auto& k : keys)
    for (Lang l : kAllLangs) EXPECT_TRUE(i18n->catalog(l).Has(k)) << LangTag(l) << " lacks " << k;
}

TEST(Catalogs, SameKeysNonEmptyValidUtf8) {
  auto i18n = I18n::LoadDir(std::string(ONESTOP_ASSETS_DIR) + "/i18n");
  ASSERT_TRUE(i18n.ok()) << i18n.error().message;
  const auto& ref = i18n->catalog(Lang::kEn).entries();
  for (Lang l : kAllLangs) {
    const auto& cat = i18n->catalog(l).entries();
    EXPECT_EQ(cat.size(), ref.size()) << LangTag(l);
    for (const auto& [k, v] : cat) {
      EXPECT_TRUE(ref.count(k)) << LangTag(l) << " has extra key " << k;
      EXPECT_FALSE(v.empty()) << LangTag(l) << " " << k;
      EXPECT_TRUE(IsValidUtf8(v)) << LangTag(l) << " " << k;
    }
  }
}
