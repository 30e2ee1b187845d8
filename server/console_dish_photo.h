// Dish photos for the console's catalogue page (issue 14, role admin): one JPEG per dish, uploaded as
// base64 in JSON, checked (size cap, JPEG magic bytes and end marker, dimensions, a full decode) and
// kept as the `dish_photo` master entity (id = the dish's id) that terminals pull on its own, so menus
// stay small. It must not change the dish row itself, and never keeps a file that failed a check.
#pragma once
#include <httplib.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "kiosk/core/result.h"

namespace onestop::hub {

class ConsoleService;

inline constexpr std::size_t kMaxDishPhotoBytes = 256 * 1024;  // the JPEG itself (base64 is 4/3 of it)
inline constexpr int kMaxDishPhotoSide = 2048;                  // pixels per side: a menu picture, not a poster

struct DishPhotoInfo {
  int width = 0, height = 0;
};

// Checks bytes claimed to be a dish photo. Codes: photo.empty, photo.too_large, photo.not_jpeg (no
// JPEG start marker), photo.truncated (no end marker), photo.dimensions (too wide or tall),
// photo.undecodable (the decoder refuses it).
Result<DishPhotoInfo> ValidateDishPhoto(std::string_view jpeg);

void RegisterConsoleDishPhotoRoutes(httplib::Server& server, ConsoleService& console);

}  // namespace onestop::hub
