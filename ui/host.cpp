// SDL2 + OpenGL3 + ImGui 1.86 (Debian) host. GL 3.0 core with "#version 130" works on real GPUs,
// Mesa llvmpipe under Xvfb, and SDL's offscreen driver with EGL.
#include "ui/host.h"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <spdlog/spdlog.h>

#define GL_GLEXT_PROTOTYPES 1
#include <SDL_opengl.h>

#include <chrono>
#include <string>
#include <vector>

// libstb.so carries stb_image_write's implementation: include the header without the IMPLEMENTATION define.
#include <stb_image_write.h>

#include "ui/dish_photo.h"
#include "ui/preview.h"

namespace onestop::ui {

struct Host::SdlState {
  SDL_Window* window = nullptr;
  SDL_GLContext gl = nullptr;
  ImGuiContext* imgui = nullptr;
  bool renderer_ready = false;
  GLuint preview_tex = 0;
  std::vector<uint8_t> preview_rgba;
};

Result<std::unique_ptr<Host>> Host::Create(const HostOptions& o) {
  std::unique_ptr<Host> h(new Host());
  h->sdl_ = std::make_unique<SdlState>();
  if (o.offscreen) SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
  // Fingers are handled by TouchInput; mouse events synthesised from touch would double them.
  SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0");
  SDL_SetHint(SDL_HINT_MOUSE_AUTO_CAPTURE, "0");
  SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0)
    return Error{"env.display", std::string("cannot start the display (SDL): ") + SDL_GetError() +
                                    " — set SDL_VIDEODRIVER=offscreen or run under xvfb-run for headless use"};
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_FLAGS, 0);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
  Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI;
  if (o.fullscreen) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
  h->sdl_->window = SDL_CreateWindow(o.title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, o.width,
                                     o.height, flags);
  if (!h->sdl_->window) return Error{"env.display", std::string("cannot open a window: ") + SDL_GetError()};
  h->sdl_->gl = SDL_GL_CreateContext(h->sdl_->window);
  if (!h->sdl_->gl) return Error{"env.display", std::string("cannot create an OpenGL 3 context: ") + SDL_GetError()};
  SDL_GL_MakeCurrent(h->sdl_->window, h->sdl_->gl);
  SDL_GL_SetSwapInterval(o.offscreen ? 0 : 1);
  h->wake_event_ = SDL_RegisterEvents(1);
  h->native_wait_ = std::string(SDL_GetCurrentVideoDriver()) != "offscreen";
  if (!o.fullscreen) SDL_ShowCursor(SDL_ENABLE);

  IMGUI_CHECKVERSION();
  h->sdl_->imgui = ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // never write layout (or anything) to disk
  io.LogFilename = nullptr;
  io.BackendPlatformName = "onestop_touch";
  io.ConfigWindowsMoveFromTitleBarOnly = true;
  h->base_metrics_ = o.metrics;
  SetMetrics(o.metrics);
  ApplyTheme();
  h->fonts_ = std::make_unique<FontManager>(o.metrics.font_px, o.font_file);
  SetActiveFontManager(h->fonts_.get());
  if (!ImGui_ImplOpenGL3_Init("#version 130")) return Error{"env.display", "OpenGL 3 renderer failed to start"};
  h->sdl_->renderer_ready = true;
  // The camera preview: gray bytes expanded to RGBA (GL 3 core has no luminance format).
  SetPreviewUploader([st = h->sdl_.get()](int w, int hgt, const uint8_t* gray) -> ImTextureID {
    if (!st->preview_tex) glGenTextures(1, &st->preview_tex);
    const size_t n = static_cast<size_t>(w) * static_cast<size_t>(hgt);
    st->preview_rgba.resize(n * 4);
    for (size_t i = 0; i < n; ++i) {
      uint8_t* p = &st->preview_rgba[i * 4];
      p[0] = p[1] = p[2] = gray[i];
      p[3] = 255;
    }
    glBindTexture(GL_TEXTURE_2D, st->preview_tex);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, hgt, 0, GL_RGBA, GL_UNSIGNED_BYTE, st->preview_rgba.data());
    return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(st->preview_tex));
  });
  // Dish photos: RGBA decoded by a worker; one texture each, freed when the cache drops it.
  SetTextureUploader({[](int w, int hgt, const uint8_t* rgba) -> ImTextureID {
                        GLuint tex = 0;
                        glGenTextures(1, &tex);
                        glBindTexture(GL_TEXTURE_2D, tex);
                        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
                        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
                        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
                        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
                        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
                        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, hgt, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
                        return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(tex));
                      },
                      [](ImTextureID id) {
                        const GLuint tex = static_cast<GLuint>(reinterpret_cast<intptr_t>(id));
                        glDeleteTextures(1, &tex);
                      }});
  SDL_GL_GetDrawableSize(h->sdl_->window, &h->width_, &h->height_);
  h->last_counter_ = SDL_GetPerformanceCounter();
  spdlog::info("display: driver {}, GL {}, {}x{}", SDL_GetCurrentVideoDriver(),
               reinterpret_cast<const char*>(glGetString(GL_RENDERER)), h->width_, h->height_);
  return h;
}

Host::~Host() {
  if (!sdl_) return;
  SetPreviewUploader(nullptr);
  SetTextureUploader({});  // frees the dish photos' textures while the GL context still exists
  if (sdl_->preview_tex) glDeleteTextures(1, &sdl_->preview_tex);
  if (sdl_->renderer_ready) ImGui_ImplOpenGL3_Shutdown();
  SetActiveFontManager(nullptr);
  if (sdl_->imgui) ImGui::DestroyContext(sdl_->imgui);
  if (sdl_->gl) SDL_GL_DeleteContext(sdl_->gl);
  if (sdl_->window) SDL_DestroyWindow(sdl_->window);
  SDL_Quit();
}

bool Host::PumpEvents(int timeout_ms, bool* quit) {
  SDL_Event e;
  bool input = false;
  bool got;
  if (timeout_ms <= 0) {
    got = SDL_PollEvent(&e) != 0;
  } else if (native_wait_) {
    got = SDL_WaitEventTimeout(&e, timeout_ms) != 0;
  } else {
    got = SDL_PollEvent(&e) != 0;
    if (!got) {
      std::unique_lock lock(wake_mu_);
      wake_cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [this] { return woken_; });
      woken_ = false;
      lock.unlock();
      got = SDL_PollEvent(&e) != 0;
    }
  }
  while (got) {
    if (e.type == SDL_QUIT) *quit = true;
    else if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
      SDL_GL_GetDrawableSize(sdl_->window, &width_, &height_);
    else if (input_.HandleEvent(e, width_, height_)) input = true;
    else if (e.type == SDL_TEXTINPUT) {
      input = true;
      if (key_sink_)
        for (const char* p = e.text.text; *p;) {  // split into UTF-8 characters
          const unsigned char c = static_cast<unsigned char>(*p);
          const int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
          std::string ch;
          for (int i = 0; i < n && p[i]; ++i) ch += p[i];
          p += ch.size();
          key_sink_(ch, false, e.text.timestamp);
        }
    } else if (e.type == SDL_KEYDOWN) {
      input = true;
      if (key_sink_ && (e.key.keysym.sym == SDLK_RETURN || e.key.keysym.sym == SDLK_KP_ENTER))
        key_sink_("", true, e.key.timestamp);
    }
    got = SDL_PollEvent(&e) != 0;
  }
  return input;
}

void Host::Wake() {
  SDL_Event e{};
  e.type = wake_event_;
  SDL_PushEvent(&e);  // SDL_PushEvent is thread-safe
  {
    std::lock_guard lock(wake_mu_);
    woken_ = true;
  }
  wake_cv_.notify_one();
}

Status Host::RefreshFonts(Lang lang, bool elder) {
  ApplySessionLook(base_metrics_, elder, *fonts_);
  fonts_->SetLang(lang);
  if (!fonts_->NeedsRebuild()) return Ok{};
  auto st = fonts_->Rebuild(ImGui::GetIO().Fonts);
  if (!st) return st;
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  if (!ImGui_ImplOpenGL3_CreateFontsTexture()) return Error{"env.display", "cannot upload the font texture"};
  return Ok{};
}

void Host::BeginFrame() {
  ImGuiIO& io = ImGui::GetIO();
  ImGui_ImplOpenGL3_NewFrame();
  int w, h;
  SDL_GetWindowSize(sdl_->window, &w, &h);
  io.DisplaySize = ImVec2(static_cast<float>(w), static_cast<float>(h));
  if (w > 0 && h > 0)
    io.DisplayFramebufferScale = ImVec2(static_cast<float>(width_) / w, static_cast<float>(height_) / h);
  const uint64_t now = SDL_GetPerformanceCounter();
  const double dt = static_cast<double>(now - last_counter_) / static_cast<double>(SDL_GetPerformanceFrequency());
  io.DeltaTime = dt > 0 ? static_cast<float>(dt) : 1.0f / 60.0f;
  last_counter_ = now;
  input_.ApplyToFrame(io);
  ImGui::NewFrame();
}

void Host::Render() {
  ImGui::Render();
  glViewport(0, 0, width_, height_);
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void Host::EndFrame() {
  Render();
  SDL_GL_SwapWindow(sdl_->window);
}

Status Host::EndFrameToPng(const std::string& path) {
  Render();
  std::vector<unsigned char> px(static_cast<size_t>(width_) * height_ * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width_, height_, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  for (size_t i = 3; i < px.size(); i += 4) px[i] = 255;
  SDL_GL_SwapWindow(sdl_->window);
  stbi_flip_vertically_on_write(1);
  if (!stbi_write_png(path.c_str(), width_, height_, 4, px.data(), width_ * 4))
    return Error{"env.write", "cannot write " + path};
  return Ok{};
}

}  // namespace onestop::ui
