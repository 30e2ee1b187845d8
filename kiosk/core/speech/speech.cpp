// Utterance checks and the language -> voice table (espeak-ng voice names).
// Pure: it must not load or call a synthesiser (devices/speech/ does).
#include "kiosk/core/speech/speech.h"

#include <string>

#include "kiosk/core/text_edit.h"

namespace onestop::speech {

Status ValidateUtterance(const Utterance& u) {
  if (u.text.empty()) return Status::Fail("speech.empty", "nothing to say: the text is empty");
  if (u.text.size() > kMaxUtteranceBytes)
    return Status::Fail("speech.too_long", "the text is longer than " + std::to_string(kMaxUtteranceBytes) + " bytes");
  if (!IsValidUtf8(u.text)) return Status::Fail("speech.bad_text", "the text is not valid UTF-8");
  if (u.rate_wpm < kMinRateWpm || u.rate_wpm > kMaxRateWpm)
    return Status::Fail("speech.bad_rate", "rate must be " + std::to_string(kMinRateWpm) + ".." +
                                               std::to_string(kMaxRateWpm) + " words per minute");
  return Ok{};
}

const char* VoiceFor(Lang lang) {
  switch (lang) {
    case Lang::kZhHans:
    case Lang::kZhHant: return "cmn";  // Mandarin reads both scripts; Cantonese (yue) is not asked for
    case Lang::kEn: return "en";
  }
  return "en";
}

}  // namespace onestop::speech
