// The on-screen keyboard's per-field state (issue 17): which engine types into the field, what pinyin
// is composing with its candidate page, and the handwriting pad's ink and recognised candidates. The
// typed text itself stays in Session::fields (features read it there). Plain data: a session reset
// drops it by assignment.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "kiosk/core/input/ink.h"
#include "kiosk/core/input/text_input.h"

namespace onestop::keyboard {

struct FieldInput {
  bool chosen = false;  // the person picked an engine (else the language's default applies)
  input::EngineKind engine = input::EngineKind::kLatin;
  input::CandidatePage page;  // pinyin: as the engine last showed it
  // Handwriting: the strokes on the pad, and the candidates of the last recognition of all of them.
  input::Ink ink;
  std::vector<std::string> ink_candidates;  // best first, all pages
  size_t ink_page = 0;
  uint64_t ink_generation = 0;  // bumped per change of ink; an older answer is dropped
  bool recognising = false;
  std::string error;  // an input.* code of the last refusal (field full...), cleared by the next key
};

struct State {
  // The field whose composition the shared pinyin engine holds: another field resets it first.
  std::string composing_field;
  std::map<std::string, FieldInput> fields;
};

inline constexpr size_t kInkPageSize = 5;    // candidates shown at once under the pad
inline constexpr size_t kInkCandidates = 10;  // asked of the recogniser

}  // namespace onestop::keyboard
