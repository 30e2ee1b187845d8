// FakeSpeech: records every utterance the terminal would say and returns a short tone, so view and
// unit tests assert the spoken sequence without a synthesiser. Never used by the running terminal.
#pragma once
#include <vector>

#include "kiosk/core/speech/speech.h"

namespace onestop::speech {

class FakeSpeech final : public Speech {
 public:
  std::vector<Utterance> said;  // in order, only those that passed validation

  Result<Pcm> Synthesize(const Utterance& u) override {
    if (auto v = ValidateUtterance(u); !v) return v.error();
    said.push_back(u);
    Pcm pcm;
    pcm.sample_rate = 16000;
    // 10 ms of a square wave: non-silent so a caller's "did it produce audio" check is meaningful.
    for (int i = 0; i < 160; ++i) pcm.samples.push_back((i / 8) % 2 ? 8000 : -8000);
    return pcm;
  }
};

}  // namespace onestop::speech
