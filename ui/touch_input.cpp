// See touch_input.h for why this exists instead of ImGui_ImplSDL2's mouse code.
#include "ui/touch_input.h"

#include <imgui.h>

#include <cfloat>

namespace onestop::ui {

bool TouchInput::HandleEvent(const SDL_Event& e, int w, int h) {
  switch (e.type) {
    case SDL_FINGERDOWN:
    case SDL_FINGERUP:
    case SDL_FINGERMOTION: {
      const float x = e.tfinger.x * static_cast<float>(w), y = e.tfinger.y * static_cast<float>(h);
      const Kind k = e.type == SDL_FINGERDOWN ? Kind::kDown : e.type == SDL_FINGERUP ? Kind::kUp : Kind::kMove;
      queue_.push_back({k, x, y, true});
      return true;
    }
    case SDL_MOUSEMOTION:
      if (e.motion.which == SDL_TOUCH_MOUSEID) return true;  // emulated from touch: already handled
      queue_.push_back({Kind::kMove, static_cast<float>(e.motion.x), static_cast<float>(e.motion.y), false});
      return true;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
      if (e.button.which == SDL_TOUCH_MOUSEID) return true;
      if (e.button.button != SDL_BUTTON_LEFT) return true;
      queue_.push_back({e.type == SDL_MOUSEBUTTONDOWN ? Kind::kDown : Kind::kUp, static_cast<float>(e.button.x),
                        static_cast<float>(e.button.y), false});
      return true;
    case SDL_MOUSEWHEEL:
      queue_.push_back({Kind::kWheel, static_cast<float>(e.wheel.x), static_cast<float>(e.wheel.y), false});
      return true;
    default:
      return false;
  }
}

void TouchInput::ApplyToFrame(ImGuiIO& io) {
  if (release_frames_ > 0 && --release_frames_ == 0 && !down_) x_ = y_ = -FLT_MAX;
  // Apply moves freely, but stop after the first button transition: the next one waits a frame.
  while (!queue_.empty()) {
    const Ev ev = queue_.front();
    queue_.pop_front();
    if (ev.kind == Kind::kWheel) {
      io.MouseWheelH += ev.x;
      io.MouseWheel += ev.y;
      continue;
    }
    x_ = ev.x;
    y_ = ev.y;
    if (ev.kind == Kind::kMove) continue;
    if (ev.kind == Kind::kDown) {
      if (down_) continue;
      // A press needs a frame with the pointer already over the target (hover), then the press.
      // (Compare with what we applied last frame: ImGui floors io.MousePos in NewFrame.)
      if (applied_x_ != x_ || applied_y_ != y_) {
        queue_.push_front(ev);
        break;
      }
      down_ = true;
      release_frames_ = 0;
    } else {
      if (!down_) continue;
      down_ = false;
      if (ev.touch) release_frames_ = 2;
    }
    break;
  }
  io.MousePos = ImVec2(x_, y_);
  io.MouseDown[0] = down_;
  applied_x_ = x_;
  applied_y_ = y_;
}

}  // namespace onestop::ui
