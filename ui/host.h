// Host: the SDL2 window, the OpenGL 3 context and the ImGui context with our fonts and theme.
// It pumps events (sleeping in SDL_WaitEventTimeout when idle), renders frames and reads pixels
// back for screenshots. It knows nothing about screens or app state.
#pragma once
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "kiosk/core/i18n.h"
#include "kiosk/core/result.h"
#include "ui/fonts.h"
#include "ui/theme.h"
#include "ui/touch_input.h"

namespace onestop::ui {

struct HostOptions {
  int width = 1280, height = 800;
  bool fullscreen = false;
  bool offscreen = false;       // SDL offscreen driver (EGL + llvmpipe): screenshots, benchmarks, tests
  Metrics metrics;
  std::string font_file;        // config ui.font_file; empty = fontconfig
  std::string title = "OneStop";
};

class Host {
 public:
  static Result<std::unique_ptr<Host>> Create(const HostOptions& options);
  ~Host();

  // Waits up to timeout_ms for events (0 = poll), handles them; returns true if any input arrived.
  // *quit is set on window close / SIGTERM.
  bool PumpEvents(int timeout_ms, bool* quit);
  // Keyboard text (one UTF-8 character per call, with SDL's event time in ms) and Enter, as HID
  // keyboard-wedge scanners and badge readers type them; called from PumpEvents on the frame thread.
  using KeySink = std::function<void(const std::string& ch, bool enter, int64_t t_ms)>;
  void SetKeySink(KeySink sink) { key_sink_ = std::move(sink); }
  // Thread-safe: wakes a PumpEvents that is sleeping (used as the MainQueue waker).
  void Wake();
  bool InputPending() const { return input_.Pending(); }

  FontManager& fonts() { return *fonts_; }
  // Applies the session's look (elder mode or the configured metrics), then rebuilds the atlas and
  // GPU texture if the font manager asks for it. Call between frames.
  Status RefreshFonts(Lang lang, bool elder = false);

  void BeginFrame();
  void EndFrame();                        // render and present
  Status EndFrameToPng(const std::string& path);  // render, read back, write PNG, present
  int width() const { return width_; }
  int height() const { return height_; }

 private:
  KeySink key_sink_;
  Host() = default;
  void Render();
  struct SdlState;
  std::unique_ptr<SdlState> sdl_;
  std::unique_ptr<FontManager> fonts_;
  Metrics base_metrics_;  // the configured look; elder mode is derived from it
  TouchInput input_;
  int width_ = 0, height_ = 0;
  unsigned wake_event_ = 0;
  // SDL 2.26 has no native event wait on the offscreen driver (it polls every 1 ms inside
  // SDL_WaitEventTimeout); there, with no input devices anyway, we sleep on this instead.
  bool native_wait_ = true;
  std::mutex wake_mu_;
  std::condition_variable wake_cv_;
  bool woken_ = false;
  uint64_t last_counter_ = 0;
};

}  // namespace onestop::ui
