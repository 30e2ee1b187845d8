// Composer: applies engine commits to the field buffer under its length limit.
// It never cuts committed text to fit: a commit that would overflow is refused whole.
#include "kiosk/core/input/composer.h"

#include <utility>

#include "kiosk/core/text_edit.h"

namespace onestop::input {
namespace {
Status NoEngine() { return Status::Fail("input.no_engine", "this field has no input engine"); }
}  // namespace

void Composer::SetText(std::string text) {
  // Whole code points only: cut a too-long draft at the limit rather than refusing it.
  text_ = std::move(text);
  while (Utf8Length(text_) > max_) Utf8PopBack(&text_);
}

void Composer::SwitchEngine(TextInput* engine) {
  if (engine_ && engine_ != engine) engine_->Reset();
  engine_ = engine;
}

Status Composer::Append(const std::string& committed) {
  if (committed.empty()) return Ok{};
  if (!AppendLimited(&text_, committed, max_))
    return Status::Fail("input.field_full", "the text is at its limit of " + std::to_string(max_) + " characters");
  return Ok{};
}

Status Composer::Keys(std::string_view keys) {
  if (!engine_) return NoEngine();
  // Refuse before the engine commits anything, so a full field never drops typed text.
  if (engine_->kind() == EngineKind::kLatin && Utf8Length(text_) + Utf8Length(keys) > max_)
    return Status::Fail("input.field_full", "the text is at its limit of " + std::to_string(max_) + " characters");
  auto committed = engine_->FeedKeys(keys);
  if (!committed) return committed.error();
  return Append(committed.value());
}

Status Composer::Draw(const Ink& ink) {
  if (!engine_) return NoEngine();
  return engine_->FeedInk(ink);
}

Status Composer::Choose(size_t index) {
  if (!engine_) return NoEngine();
  const CandidatePage page = engine_->Candidates();
  if (index >= page.candidates.size())
    return Status::Fail("input.no_candidate", "there is no candidate " + std::to_string(index + 1) + " on this page");
  if (Utf8Length(text_) + Utf8Length(page.candidates[index]) > max_)
    return Status::Fail("input.field_full", "the text is at its limit of " + std::to_string(max_) + " characters");
  auto committed = engine_->Choose(index);
  if (!committed) return committed.error();
  return Append(committed.value());
}

Status Composer::ChangePage(bool forward) {
  if (!engine_) return NoEngine();
  return engine_->ChangePage(forward);
}

void Composer::Backspace() {
  if (engine_ && engine_->Backspace()) return;
  Utf8PopBack(&text_);
}

Status Composer::Finish() {
  if (!engine_) return Ok{};
  const std::string raw = engine_->CommitRaw();
  return Append(raw);
}

CandidatePage Composer::Candidates() const { return engine_ ? engine_->Candidates() : CandidatePage{}; }

}  // namespace onestop::input
