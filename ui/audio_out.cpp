// SDL audio playback of 16-bit mono PCM (see audio_out.h). The device is opened at the first
// utterance's sample rate (espeak-ng's is fixed) and reopened only if the rate changes.
#include "ui/audio_out.h"

#include <SDL.h>
#include <spdlog/spdlog.h>

#include <mutex>

namespace onestop::ui {
namespace {

class SdlAudio final : public AudioOut {
 public:
  ~SdlAudio() override {
    if (dev_) SDL_CloseAudioDevice(dev_);
    if (inited_) SDL_QuitSubSystem(SDL_INIT_AUDIO);
  }
  bool Init() {
    inited_ = SDL_InitSubSystem(SDL_INIT_AUDIO) == 0;
    if (!inited_) Unavailable(SDL_GetError());
    return inited_;
  }
  bool Play(const speech::Pcm& pcm) override {
    std::lock_guard lock(mu_);
    if (!inited_ || pcm.samples.empty() || pcm.sample_rate <= 0) return false;
    if (dev_ && rate_ != pcm.sample_rate) {
      SDL_CloseAudioDevice(dev_);
      dev_ = 0;
    }
    if (!dev_) {
      SDL_AudioSpec want{}, have{};
      want.freq = pcm.sample_rate;
      want.format = AUDIO_S16SYS;
      want.channels = 1;
      want.samples = 2048;
      dev_ = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);
      if (!dev_) {
        Unavailable(SDL_GetError());
        return false;
      }
      rate_ = pcm.sample_rate;
    }
    SDL_ClearQueuedAudio(dev_);  // what is said now replaces what was still to be said
    const bool ok = SDL_QueueAudio(dev_, pcm.samples.data(), static_cast<Uint32>(pcm.samples.size() * sizeof(int16_t))) == 0;
    SDL_PauseAudioDevice(dev_, 0);
    return ok;
  }

 private:
  void Unavailable(const char* why) {
    if (!logged_) spdlog::warn("read aloud: no audio output ({}); speech is not played", why ? why : "unknown");
    logged_ = true;
  }
  std::mutex mu_;
  bool inited_ = false, logged_ = false;
  SDL_AudioDeviceID dev_ = 0;
  int rate_ = 0;
};

}  // namespace

std::unique_ptr<AudioOut> OpenSdlAudio() {
  auto a = std::make_unique<SdlAudio>();
  a->Init();
  return a;
}

}  // namespace onestop::ui
