// See speech_service.h. Synthesis of one screen takes tens of milliseconds; the lane runs utterances
// in order, and each new one replaces what the audio device still had queued.
#include "kiosk/app/speech_service.h"

#include <spdlog/spdlog.h>

#include "kiosk/core/features/read_aloud/commands.h"

namespace onestop::app {

void RegisterSpeech(JobRouter& router, Executor::Lane lane, std::shared_ptr<speech::Speech> speech,
                    std::shared_ptr<ui::AudioOut> audio) {
  router.On<readaloud::job::Say>(lane, [speech, audio](const readaloud::job::Say& j) -> std::optional<Command> {
    if (!speech) return std::nullopt;
    auto pcm = speech->Synthesize(j.utterance);
    if (!pcm) {
      spdlog::warn("read aloud: {} [{}]", pcm.error().message, pcm.error().code);
      return std::nullopt;
    }
    if (audio) audio->Play(pcm.value());
    return std::nullopt;
  });
}

}  // namespace onestop::app
