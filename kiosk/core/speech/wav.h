// WAV (RIFF, 16-bit PCM mono) encoding for `onestop-kiosk say --out` and tests, plus the peak level
// used to tell speech from silence. Pure byte work; writing the file is the caller's job.
#pragma once
#include <string>

#include "kiosk/core/speech/speech.h"

namespace onestop::speech {

std::string EncodeWav(const Pcm& pcm);
// Largest absolute sample (0 for silence).
int PeakLevel(const Pcm& pcm);

}  // namespace onestop::speech
