// espeak-ng in AUDIO_OUTPUT_SYNCHRONOUS mode: espeak_Synth returns after the callback has received
// every sample, so one locked call = one complete utterance.
#include "devices/speech/espeak_speech.h"

#include <espeak-ng/speak_lib.h>

#include <mutex>
#include <string>

namespace onestop::speech {
namespace {

std::mutex g_mu;
int g_sample_rate = 0;  // > 0 once espeak_Initialize succeeded

int Collect(short* wav, int count, espeak_EVENT* events) {
  if (wav && count > 0 && events && events->user_data) {
    auto* out = static_cast<std::vector<int16_t>*>(events->user_data);
    out->insert(out->end(), wav, wav + count);
  }
  return 0;  // 0 = go on
}

}  // namespace

Result<std::unique_ptr<EspeakSpeech>> EspeakSpeech::Create() {
  std::lock_guard lock(g_mu);
  if (g_sample_rate <= 0) {
    // DONT_EXIT: a missing data dir must be an error here, not exit() inside the library.
    const int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, espeakINITIALIZE_DONT_EXIT);
    if (rate <= 0)
      return Result<std::unique_ptr<EspeakSpeech>>::Fail("speech.engine", "espeak-ng did not start (install espeak-ng-data)");
    espeak_SetSynthCallback(&Collect);
    g_sample_rate = rate;
  }
  std::unique_ptr<EspeakSpeech> s(new EspeakSpeech());
  s->sample_rate_ = g_sample_rate;
  return s;
}

Result<Pcm> EspeakSpeech::Synthesize(const Utterance& u) {
  if (auto v = ValidateUtterance(u); !v) return v.error();
  std::lock_guard lock(g_mu);
  if (espeak_SetVoiceByName(VoiceFor(u.lang)) != EE_OK)
    return Result<Pcm>::Fail("speech.engine", std::string("espeak-ng has no voice ") + VoiceFor(u.lang));
  espeak_SetParameter(espeakRATE, u.rate_wpm, 0);
  Pcm pcm;
  pcm.sample_rate = sample_rate_;
  const espeak_ERROR err = espeak_Synth(u.text.c_str(), u.text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8,
                                        nullptr, &pcm.samples);
  if (err != EE_OK) return Result<Pcm>::Fail("speech.engine", "espeak-ng failed to synthesise (" + std::to_string(err) + ")");
  espeak_Synchronize();
  return pcm;
}

}  // namespace onestop::speech
