// Textures of the menu cards' dish photos. A worker has already decoded and scaled each photo
// (kiosk/app/lookups/dish_photo_lookup.cpp); here the frame thread only uploads the RGBA once per photo
// (and again when the hub replaced it) through the uploader the render host registers. Headless, with
// no uploader, there is no texture and the card draws its category icon. Never decodes anything.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <functional>

#include "kiosk/core/features/meals/state.h"

namespace onestop::ui {

struct TextureUploader {
  std::function<ImTextureID(int width, int height, const uint8_t* rgba)> upload;
  std::function<void(ImTextureID)> release;
};
// Replaces the uploader; the textures made by the previous one are released through it first.
void SetTextureUploader(TextureUploader uploader);

// The texture of `picture` (uploaded on first use), or nullptr without an uploader or pixels.
ImTextureID DishPhotoTexture(const mealui::DishPicture& picture);

}  // namespace onestop::ui
