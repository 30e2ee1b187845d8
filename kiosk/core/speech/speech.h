// Speech: the text-to-speech seam (issue 17, EN 301 549 §5.1). The core decides WHAT is said and in
// which language; an implementation (devices/speech/espeak_speech.h) turns it into PCM. Playing the
// audio (SDL) and running on a worker are the app's business, not this interface's.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/core/i18n.h"
#include "kiosk/core/result.h"

namespace onestop::speech {

inline constexpr int kMinRateWpm = 80, kMaxRateWpm = 450, kDefaultRateWpm = 165;
inline constexpr size_t kMaxUtteranceBytes = 4000;  // one screen's worth; longer text is refused

struct Utterance {
  Lang lang = Lang::kZhHans;
  std::string text;  // UTF-8, already in spoken form (see spoken_code.h)
  int rate_wpm = kDefaultRateWpm;
};

struct Pcm {
  int sample_rate = 0;           // Hz
  std::vector<int16_t> samples;  // mono
};

class Speech {
 public:
  virtual ~Speech() = default;
  // Errors: "speech.empty", "speech.too_long", "speech.bad_rate", "speech.bad_text",
  // "speech.engine" (the synthesiser failed).
  virtual Result<Pcm> Synthesize(const Utterance& u) = 0;
};

// The checks every implementation applies first, so the fake refuses what the real one refuses.
Status ValidateUtterance(const Utterance& u);

// The voice for a session language: Mandarin for zh-Hans and zh-Hant, English for en.
const char* VoiceFor(Lang lang);

}  // namespace onestop::speech
