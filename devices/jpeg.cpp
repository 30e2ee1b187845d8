// Photo JPEG encoding with stb_image_write (libstb carries the implementation; see decode.cpp).
#include "devices/jpeg.h"

#include <stb/stb_image_write.h>

#include <algorithm>
#include <vector>

namespace onestop::devices {
namespace {

GrayImage Scaled(const GrayImage& img, int max_side) {
  const int side = std::max(img.width, img.height);
  if (side <= max_side) return img;
  GrayImage out;
  out.width = std::max(1, static_cast<int>(static_cast<long long>(img.width) * max_side / side));
  out.height = std::max(1, static_cast<int>(static_cast<long long>(img.height) * max_side / side));
  out.pixels.resize(static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height));
  for (int y = 0; y < out.height; ++y)
    for (int x = 0; x < out.width; ++x)
      out.pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(out.width) + static_cast<std::size_t>(x)] =
          img.pixels[static_cast<std::size_t>(static_cast<long long>(y) * img.height / out.height) * static_cast<std::size_t>(img.width) +
                     static_cast<std::size_t>(static_cast<long long>(x) * img.width / out.width)];
  return out;
}

}  // namespace

Result<std::string> EncodeJpeg(const GrayImage& image, int max_side, std::size_t max_bytes) {
  if (image.width <= 0 || image.height <= 0 ||
      image.pixels.size() != static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height))
    return Error{"photo.encode", "no camera picture to take a photo of"};
  // Smaller and coarser until it fits: a readable photo matters more than a sharp one.
  for (int side : {max_side, max_side * 3 / 4, max_side / 2}) {
    const GrayImage img = Scaled(image, side);
    for (int quality : {80, 60, 40}) {
      std::string out;
      auto sink = [](void* ctx, void* data, int size) {
        static_cast<std::string*>(ctx)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
      };
      if (!stbi_write_jpg_to_func(sink, &out, img.width, img.height, 1, img.pixels.data(), quality))
        return Error{"photo.encode", "the photo could not be encoded"};
      if (out.size() <= max_bytes) return out;
    }
  }
  return Error{"photo.too_large", "the photo does not fit the size limit even at low quality"};
}

}  // namespace onestop::devices
