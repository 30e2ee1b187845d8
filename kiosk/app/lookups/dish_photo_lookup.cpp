// Dish photos for the menu cards (see dish_photo_lookup.h): read, checked against the hub's own limits
// before any pixel is allocated, decoded and box-filtered down on the photo lane.
#include "kiosk/app/lookups/dish_photo_lookup.h"

#include <spdlog/spdlog.h>
#include <stb/stb_image.h>  // the implementation is libstb.so's: never define STB_IMAGE_IMPLEMENTATION

#include <algorithm>
#include <cmath>

#include "kiosk/core/features/meals/commands.h"
#include "kiosk/core/features/meals/jobs.h"
#include "kiosk/core/photo.h"
#include "kiosk/core/protocol.h"

namespace onestop::app {
namespace {

// The hub refuses larger photos (server/console_dish_photo.h); a store row beyond them is not the
// hub's and is not decoded.
constexpr size_t kMaxJpegBytes = 256 * 1024;
constexpr int kMaxSide = 2048;

// Area-averaging downscale of RGBA rows: every source pixel counts once, so a photo stays smooth.
std::vector<uint8_t> Shrink(const uint8_t* src, int w, int h, int tw, int th) {
  std::vector<uint8_t> out(static_cast<size_t>(tw) * static_cast<size_t>(th) * 4);
  for (int ty = 0; ty < th; ++ty) {
    const int y0 = ty * h / th, y1 = std::max(y0 + 1, (ty + 1) * h / th);
    for (int tx = 0; tx < tw; ++tx) {
      const int x0 = tx * w / tw, x1 = std::max(x0 + 1, (tx + 1) * w / tw);
      uint32_t sum[4] = {0, 0, 0, 0};
      for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x)
          for (int c = 0; c < 4; ++c) sum[c] += src[(static_cast<size_t>(y) * static_cast<size_t>(w) + static_cast<size_t>(x)) * 4 + static_cast<size_t>(c)];
      const uint32_t n = static_cast<uint32_t>((y1 - y0) * (x1 - x0));
      for (int c = 0; c < 4; ++c)
        out[(static_cast<size_t>(ty) * static_cast<size_t>(tw) + static_cast<size_t>(tx)) * 4 + static_cast<size_t>(c)] =
            static_cast<uint8_t>((sum[c] + n / 2) / n);
    }
  }
  return out;
}

}  // namespace

Result<mealui::DishPicture> DecodeDishPhoto(std::string_view entity_json, int max_px) {
  auto parsed = protocol::ParseJsonText(entity_json);
  if (!parsed || !parsed->is_object()) return Error{"photo.entity", "the dish photo row is not a JSON object"};
  const nlohmann::json& e = parsed.value();
  mealui::DishPicture p;
  p.dish = e.value("dish", e.value("id", ""));
  p.sha256 = e.value("sha256", "");
  const std::string data = e.contains("data") && e["data"].is_string() ? e["data"].get<std::string>() : "";
  if (p.dish.empty() || data.empty()) return Error{"photo.entity", "the dish photo row has no dish or no data"};
  if (data.size() > (kMaxJpegBytes + 2) / 3 * 4) return Error{"photo.too_large", "the dish photo is over 256 KiB"};
  std::string jpeg;
  if (!photo::Base64Decode(data, &jpeg)) return Error{"photo.base64", "the dish photo's data is not base64"};
  // The hub keeps JPEGs only; stb_image would read other formats, which no hub row should hold.
  auto u = [&](size_t i) { return static_cast<unsigned char>(jpeg[i]); };
  if (jpeg.size() < 4 || u(0) != 0xFF || u(1) != 0xD8 || u(2) != 0xFF) return Error{"photo.not_jpeg", "the dish photo is not a JPEG"};
  const auto* bytes = reinterpret_cast<const stbi_uc*>(jpeg.data());
  const int n = static_cast<int>(jpeg.size());
  int w = 0, h = 0, comp = 0;
  // The header first: a corrupt row must not make the decoder allocate for giant dimensions.
  if (!stbi_info_from_memory(bytes, n, &w, &h, &comp)) return Error{"photo.undecodable", "the dish photo cannot be read"};
  if (w < 1 || h < 1 || w > kMaxSide || h > kMaxSide) return Error{"photo.too_large", "the dish photo is over 2048 x 2048"};
  stbi_uc* px = stbi_load_from_memory(bytes, n, &w, &h, &comp, 4);
  if (!px) return Error{"photo.undecodable", "the dish photo cannot be decoded"};
  const float scale = std::min(1.0f, static_cast<float>(std::max(1, max_px)) / static_cast<float>(std::max(w, h)));
  p.width = std::max(1, static_cast<int>(std::lround(static_cast<float>(w) * scale)));
  p.height = std::max(1, static_cast<int>(std::lround(static_cast<float>(h) * scale)));
  if (p.width == w && p.height == h) p.rgba.assign(px, px + static_cast<size_t>(w) * static_cast<size_t>(h) * 4);
  else p.rgba = Shrink(px, w, h, p.width, p.height);
  stbi_image_free(px);
  return p;
}

void RegisterDishPhotoLookups(JobRouter& router, Executor::Lane lane, std::shared_ptr<StoreReader> store) {
  router.On<mealui::job::ReadDishPhotos>(lane, [store](const mealui::job::ReadDishPhotos& j) -> std::optional<Command> {
    mealui::cmd::DishPhotosRead out;
    auto s = store->Get();
    if (!s) {
      spdlog::warn("dish photos: {}", s.error().message);
      return out;
    }
    for (const auto& dish : j.dishes) {
      auto row = s.value()->GetEntity("dish_photo", dish);
      if (!row || !row.value()) continue;  // no photo: the card draws its category icon
      auto p = DecodeDishPhoto(*row.value());
      if (!p) {
        spdlog::warn("dish photo {} skipped: {}", dish, p.error().message);
        continue;
      }
      out.pictures.push_back(std::make_shared<const mealui::DishPicture>(std::move(p).value()));
    }
    return out;
  });
}

}  // namespace onestop::app
