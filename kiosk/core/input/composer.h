// Composer: one text field's buffer plus the input engine currently composing into it (issue 17).
// The buffer belongs here, not to an engine, so switching Latin / pinyin / handwriting keeps what
// was written. It enforces the field's length limit on every commit. No drawing, no I/O.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "kiosk/core/input/text_input.h"

namespace onestop::input {

class Composer {
 public:
  // `engine` is not owned and may be null (no keyboard); max_codepoints is the field's limit.
  Composer(TextInput* engine, size_t max_codepoints) : engine_(engine), max_(max_codepoints) {}

  const std::string& text() const { return text_; }
  void SetText(std::string text);  // e.g. a draft restored into the field; truncated to the limit
  TextInput* engine() const { return engine_; }

  // Drops the old engine's unfinished composition (it is not text yet) and keeps the buffer.
  void SwitchEngine(TextInput* engine);

  // Forwarded to the engine; committed text is appended. "input.field_full" when the commit would
  // pass the limit (the composition is then kept so nothing typed is silently lost).
  Status Keys(std::string_view keys);
  Status Draw(const Ink& ink);
  Status Choose(size_t index);
  Status ChangePage(bool forward);
  // Deletes the engine's last key/stroke, or else the buffer's last character.
  void Backspace();
  // Commits whatever is composing as typed (the keyboard's Done key).
  Status Finish();
  CandidatePage Candidates() const;

 private:
  Status Append(const std::string& committed);

  TextInput* engine_;
  size_t max_;
  std::string text_;
};

}  // namespace onestop::input
