// Dish photo texture cache (see dish_photo.h): one texture per dish, re-uploaded only when the picture
// object changes (a new decode after the hub replaced the photo). Frame thread only.
#include "ui/dish_photo.h"

#include <map>
#include <string>
#include <utility>

namespace onestop::ui {
namespace {

struct Entry {
  const mealui::DishPicture* picture = nullptr;  // identity of the upload; the state keeps it alive
  std::string sha256;
  ImTextureID texture = nullptr;
};
TextureUploader g_uploader;
std::map<std::string, Entry> g_cache;  // by dish id
// A menu shows a few dozen dishes; past this the cache starts over (sessions on a busy ward kiosk).
constexpr size_t kMaxTextures = 96;

void ReleaseAll() {
  if (g_uploader.release)
    for (auto& [id, e] : g_cache)
      if (e.texture) g_uploader.release(e.texture);
  g_cache.clear();
}

}  // namespace

void SetTextureUploader(TextureUploader uploader) {
  ReleaseAll();
  g_uploader = std::move(uploader);
}

ImTextureID DishPhotoTexture(const mealui::DishPicture& p) {
  if (!g_uploader.upload || p.width < 1 || p.height < 1 ||
      p.rgba.size() != static_cast<size_t>(p.width) * static_cast<size_t>(p.height) * 4)
    return nullptr;
  auto it = g_cache.find(p.dish);
  if (it != g_cache.end() && it->second.picture == &p && it->second.sha256 == p.sha256) return it->second.texture;
  if (it != g_cache.end()) {
    if (it->second.texture && g_uploader.release) g_uploader.release(it->second.texture);
    g_cache.erase(it);
  }
  if (g_cache.size() >= kMaxTextures) ReleaseAll();
  const ImTextureID tex = g_uploader.upload(p.width, p.height, p.rgba.data());
  g_cache[p.dish] = Entry{&p, p.sha256, tex};
  return tex;
}

}  // namespace onestop::ui
