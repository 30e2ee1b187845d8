// LatinInput and the engine names. Key checks are here so the keyboard and the CLI agree.
// No layout or shift state here: the keyboard widget sends the characters its keys show.
#include "kiosk/core/input/latin_input.h"

namespace onestop::input {

const char* EngineName(EngineKind kind) {
  switch (kind) {
    case EngineKind::kLatin: return "latin";
    case EngineKind::kPinyin: return "pinyin";
    case EngineKind::kHandwriting: return "handwriting";
  }
  return "latin";
}

Result<std::string> LatinInput::FeedKeys(std::string_view keys) {
  for (char c : keys)
    if (c < 0x20 || c > 0x7E)
      return Result<std::string>::Fail("input.bad_key", "the Latin keyboard types printable ASCII only");
  return std::string(keys);
}

Status LatinInput::FeedInk(const Ink&) {
  return Status::Fail("input.not_supported", "the Latin keyboard does not take handwriting");
}

Result<std::string> LatinInput::Choose(size_t) {
  return Result<std::string>::Fail("input.no_candidate", "the Latin keyboard has no candidates");
}

}  // namespace onestop::input
