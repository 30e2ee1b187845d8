// LatinInput: today's keyboard as an engine: every key is committed at once, nothing composes,
// there are no candidates. Accepts printable ASCII only (the keyboard has no other keys).
#pragma once
#include "kiosk/core/input/text_input.h"

namespace onestop::input {

class LatinInput final : public TextInput {
 public:
  EngineKind kind() const override { return EngineKind::kLatin; }
  Result<std::string> FeedKeys(std::string_view keys) override;
  Status FeedInk(const Ink&) override;
  bool Backspace() override { return false; }
  CandidatePage Candidates() const override { return {}; }
  Status ChangePage(bool) override { return Ok{}; }
  Result<std::string> Choose(size_t index) override;
  std::string CommitRaw() override { return {}; }
  void Reset() override {}
};

}  // namespace onestop::input
