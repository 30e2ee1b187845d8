// Speech through libespeak-ng (issue 17): text -> 16-bit mono PCM, voice by language (Mandarin "cmn"
// for zh-Hans/zh-Hant, "en" for English), rate in words per minute. espeak-ng is process-global, so
// every instance shares one engine behind a mutex; synthesis blocks: call it from a worker.
// It never plays audio (the app does, through SDL) and never shells out.
#pragma once
#include <memory>

#include "kiosk/core/speech/speech.h"

namespace onestop::speech {

class EspeakSpeech final : public Speech {
 public:
  // Initialises espeak-ng once per process. Errors: "speech.engine" (no espeak-ng-data).
  static Result<std::unique_ptr<EspeakSpeech>> Create();
  Result<Pcm> Synthesize(const Utterance& u) override;

 private:
  EspeakSpeech() = default;
  int sample_rate_ = 0;
};

}  // namespace onestop::speech
