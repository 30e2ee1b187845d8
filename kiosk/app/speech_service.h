// Read aloud's worker (issue 17): answers readaloud::job::Say on its own executor lane by synthesising
// with the Speech seam (espeak-ng in the terminal, the fake in tests) and handing the PCM to the audio
// output (SDL; absent in tests). Failures are logged, never shown: the screen already has the words.
// It decides nothing about what is said.
#pragma once
#include <memory>

#include "kiosk/app/job_router.h"
#include "kiosk/core/speech/speech.h"
#include "ui/audio_out.h"

namespace onestop::app {

void RegisterSpeech(JobRouter& router, Executor::Lane lane, std::shared_ptr<speech::Speech> speech,
                    std::shared_ptr<ui::AudioOut> audio);

}  // namespace onestop::app
