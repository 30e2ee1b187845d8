// Test helper: an input::EngineSet of fakes (a scripted pinyin engine per script, handwriting "on")
// that records what the keyboard asked to be shown, for keyboard unit and view tests. Never used by
// the running terminal.
#pragma once
#include <string>
#include <vector>

#include "kiosk/core/input/engine_set.h"
#include "kiosk/core/input/fake_text_input.h"
#include "kiosk/core/input/latin_input.h"

namespace onestop::test {

class FakeEngines final : public input::EngineSet {
 public:
  FakeEngines() {
    for (auto* p : {&hans, &hant}) {
      p->table["ni"] = {"\xE4\xBD\xA0", "\xE5\xB0\xBC", "\xE6\x8B\x9F", "\xE6\xB3\xA5", "\xE9\x80\x86", "\xE5\x80\xAA"};
      p->table["nihao"] = {"\xE4\xBD\xA0\xE5\xA5\xBD", "\xE6\x8B\x9F\xE5\xA5\xBD"};
    }
  }
  input::TextInput* Keys(input::EngineKind kind, Lang lang) override {
    if (kind == input::EngineKind::kLatin) return &latin;
    if (kind != input::EngineKind::kPinyin || lang == Lang::kEn) return nullptr;
    return lang == Lang::kZhHant ? &hant : &hans;
  }
  bool Has(input::EngineKind kind, Lang lang) const override {
    return lang != Lang::kEn || kind == input::EngineKind::kLatin;
  }
  void WillShow(std::string_view text) override { shown.emplace_back(text); }

  input::LatinInput latin;
  input::FakeTextInput hans{input::EngineKind::kPinyin}, hant{input::EngineKind::kPinyin};
  std::vector<std::string> shown;
};

}  // namespace onestop::test
