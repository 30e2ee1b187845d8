// Read-aloud's typed commands (the status bar's switch, what a screen showed, a tap read first) and
// the speech job the app's worker answers by synthesising and playing. Intent only: no UI types.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/core/speech/speech.h"

namespace onestop::readaloud {
namespace cmd {
struct Toggle {};  // the status bar's read-aloud switch
// The screen now on show, as drawn: its texts in reading order, the title first. Sent once per
// screen while read-aloud is on (the core decides what of it is said).
struct ScreenShown { std::string screen; std::vector<std::string> texts; };
// A tap on `element` (an opaque, per-frame-stable key of the widget) while read-aloud is on: its
// words are said and the element is armed; the next tap on the same element acts.
struct ReadElement { uint64_t element = 0; std::string text; };
}  // namespace cmd

namespace job {
// Say this now (stopping whatever is still being said). Nothing answers it.
struct Say { speech::Utterance utterance; };
}  // namespace job

}  // namespace onestop::readaloud
