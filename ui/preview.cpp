// Camera preview texture cache: re-uploads only when the feed's generation changes.
// Frame thread only (ImGui and GL are single-threaded here); it never blocks on the camera.
#include "ui/preview.h"

#include <utility>

namespace onestop::ui {
namespace {
PreviewUploader g_uploader;
ImTextureID g_texture = nullptr;
int64_t g_generation = -1;
}  // namespace

void SetPreviewUploader(PreviewUploader uploader) {
  g_uploader = std::move(uploader);
  g_texture = nullptr;
  g_generation = -1;
}

ImTextureID PreviewTexture(const CameraFeed& feed) {
  if (!g_uploader || feed.pixels.empty() ||
      feed.pixels.size() != static_cast<size_t>(feed.width) * static_cast<size_t>(feed.height))
    return nullptr;
  if (feed.generation != g_generation) {
    g_texture = g_uploader(feed.width, feed.height, feed.pixels.data());
    g_generation = feed.generation;
  }
  return g_texture;
}

}  // namespace onestop::ui
