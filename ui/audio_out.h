// AudioOut: plays synthesised speech through SDL audio (issue 17). A new utterance replaces what is
// still queued (read-aloud follows the person's taps). Without an audio device (tests, a tablet with
// no speaker) it stays silent and logs that once. It never synthesises and never blocks on playback.
#pragma once
#include <memory>

#include "kiosk/core/speech/speech.h"

namespace onestop::ui {

class AudioOut {
 public:
  virtual ~AudioOut() = default;
  // Thread-safe; returns at once. False when there is no device (nothing is played).
  virtual bool Play(const speech::Pcm& pcm) = 0;
};

// SDL's audio subsystem (initialised here if the host has not).
std::unique_ptr<AudioOut> OpenSdlAudio();

}  // namespace onestop::ui
