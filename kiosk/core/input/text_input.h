// TextInput: the input-method seam (issue 17). An engine turns keys (Latin, pinyin) or ink
// (handwriting) into committed text, showing paged candidates while it composes. It holds only its
// composition; the field's text lives in Composer (composer.h), so switching engines keeps it.
// Engines never draw and never touch a UI toolkit; the real pinyin/handwriting engines live outside
// the core (devices/input/) behind this interface.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/input/ink.h"
#include "kiosk/core/result.h"

namespace onestop::input {

enum class EngineKind { kLatin, kPinyin, kHandwriting };
const char* EngineName(EngineKind kind);  // "latin", "pinyin", "handwriting" (CLI and JSON spelling)

// What the keyboard shows while an engine composes: the raw preedit and one page of candidates.
struct CandidatePage {
  std::string preedit;                  // e.g. "ni hao"; empty when nothing is being composed
  std::vector<std::string> candidates;  // this page only, best first
  int page = 0;                         // 0-based
  bool last_page = true;
};

// Limits that keep a hostile or stuck input from growing without bound (errors, never crashes).
inline constexpr size_t kMaxComposeKeys = 40;  // pinyin letters in one composition

class TextInput {
 public:
  virtual ~TextInput() = default;
  virtual EngineKind kind() const = 0;

  // Keys typed on the keyboard (ASCII). Latin commits them at once; pinyin composes them.
  // Errors: "input.bad_key" (not accepted by this engine), "input.too_long".
  virtual Result<std::string> FeedKeys(std::string_view keys) = 0;  // returns text committed now
  // A finished drawing. Errors: "input.not_supported" for key engines.
  virtual Status FeedInk(const Ink& ink) = 0;
  // Removes the last composed key or the ink's last stroke; false when there was nothing to remove
  // (the composer then deletes from the field instead).
  virtual bool Backspace() = 0;

  virtual CandidatePage Candidates() const = 0;
  virtual Status ChangePage(bool forward) = 0;
  // Commits candidate `index` of the current page; returns the committed text (the rest of a
  // partial pinyin selection stays composing). Error "input.no_candidate" for an index off the page.
  virtual Result<std::string> Choose(size_t index) = 0;
  // Ends the composition, returning what it would commit as typed (pinyin: the letters).
  virtual std::string CommitRaw() = 0;
  // Drops the composition without committing anything.
  virtual void Reset() = 0;
};

}  // namespace onestop::input
