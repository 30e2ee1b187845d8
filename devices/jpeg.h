// JPEG encoding of a camera frame for the photo attached to a repair request: scaled down to at most
// `max_side` pixels and re-encoded at lower quality until it fits `max_bytes`. No decoding, no I/O.
#pragma once
#include <cstddef>
#include <string>

#include "devices/decode.h"
#include "kiosk/core/result.h"

namespace onestop::devices {

// Errors: "photo.encode" (stb failed), "photo.too_large" (even the smallest setting did not fit).
Result<std::string> EncodeJpeg(const GrayImage& image, int max_side, std::size_t max_bytes);

}  // namespace onestop::devices
