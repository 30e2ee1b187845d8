// Touch/mouse input shim replacing the SDL backend's mouse handling (ImGui 1.86 + SDL2 traps):
// - SDL's touch-to-mouse emulation is off; fingers are read from SDL_FINGER* events directly.
// - No SDL_CaptureMouse, which stops touch after the first tap on X11 (imgui #8150, SDL #11469).
// - Events are queued and at most one press/release is applied per frame (1.86 has no input
//   queue, so a tap shorter than a frame would otherwise be lost or not click).
// - After a finger lifts, the pointer leaves the screen two frames later: no stuck hover.
// It only translates input; it must not decide what a tap means.
#pragma once
#include <SDL.h>

#include <deque>

struct ImGuiIO;

namespace onestop::ui {

class TouchInput {
 public:
  // Returns true if the event was input this shim consumed.
  bool HandleEvent(const SDL_Event& e, int window_w, int window_h);
  // Applies queued input for one frame to io (call before ImGui::NewFrame()).
  void ApplyToFrame(ImGuiIO& io);
  // More frames are needed to deliver queued input or to finish a release.
  bool Pending() const { return !queue_.empty() || release_frames_ > 0; }

 private:
  enum class Kind { kMove, kDown, kUp, kWheel };
  struct Ev { Kind kind; float x, y; bool touch; };
  std::deque<Ev> queue_;
  float x_ = -1e30f, y_ = -1e30f;
  float applied_x_ = -1e30f, applied_y_ = -1e30f;  // pointer given to ImGui last frame
  bool down_ = false;
  int release_frames_ = 0;  // frames until the pointer is parked off-screen after a touch release
};

}  // namespace onestop::ui
