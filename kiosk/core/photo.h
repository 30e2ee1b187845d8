// A photo attached to a repair request (issue 5): a size-capped JPEG that travels in the outbox
// payload as base64 ({"mime", "bytes", "data"}) and is checked the same way by kiosk and hub.
// Pure: no image decoding here (the bytes are only checked to be a whole JPEG), no I/O.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "kiosk/core/result.h"

namespace onestop::photo {

// Large enough for a readable 960 px photo of a fault, small enough that a request with a photo
// stays far inside one push batch (1 MiB) and one outbox record (256 KiB) after base64.
inline constexpr std::size_t kMaxPhotoBytes = 150 * 1024;

std::string Base64Encode(std::string_view bytes);
// Strict: standard alphabet, padding required; false on anything else.
bool Base64Decode(std::string_view text, std::string* out);

// A whole JPEG (SOI at the start, EOI at the end) of at most kMaxPhotoBytes. Codes: photo.*.
Status ValidatePhoto(std::string_view jpeg);
// {"mime": "image/jpeg", "bytes": n, "data": base64}. Call with a validated photo.
nlohmann::json PhotoPayload(std::string_view jpeg);
// The JPEG bytes of a payload's "photo" object, validated.
Result<std::string> PhotoFromPayload(const nlohmann::json& photo);

}  // namespace onestop::photo
