// The keyboard's typed commands (what its keys, candidate buttons and writing pad emit) and the
// handwriting worker's job and answer. Each carries the field's name and, where text is added, the
// field's length limit. Intent only: no pointers, no UI types.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/core/input/ink.h"
#include "kiosk/core/input/text_input.h"

namespace onestop::keyboard {
namespace cmd {
struct Key { std::string field; std::string keys; size_t max_len = 0; };  // a key's character(s)
struct Backspace { std::string field; };            // last composed key / stroke, else last character
struct Choose { std::string field; size_t index = 0; size_t max_len = 0; };  // a candidate of the page
struct Page { std::string field; bool forward = true; };
struct Switch { std::string field; input::EngineKind engine = input::EngineKind::kLatin; };
// One finished stroke on a pad of pad_w x pad_h (pad coordinates, origin top-left).
struct Stroke { std::string field; input::InkStroke points; int pad_w = 0, pad_h = 0; };
struct ClearPad { std::string field; };
struct Finish { std::string field; size_t max_len = 0; };  // Done: what is composing is committed as typed
// The worker's answer to job::RecognizeInk (best first); an answer for older ink is dropped.
struct InkRecognized { std::string field; uint64_t generation = 0; std::vector<std::string> candidates; std::string error; };
}  // namespace cmd

namespace job {
// Recognise `ink` (every stroke on the pad so far) → cmd::InkRecognized with the same generation.
struct RecognizeInk { std::string field; uint64_t generation = 0; input::Ink ink; size_t candidates = 0; };
}  // namespace job

}  // namespace onestop::keyboard
