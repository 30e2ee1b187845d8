// Photo payload codec and checks (see photo.h).
#include "kiosk/core/photo.h"

#include <array>

namespace onestop::photo {
namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}

std::string Base64Encode(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < in.size(); i += 3) {
    const unsigned b0 = static_cast<unsigned char>(in[i]);
    const unsigned b1 = i + 1 < in.size() ? static_cast<unsigned char>(in[i + 1]) : 0;
    const unsigned b2 = i + 2 < in.size() ? static_cast<unsigned char>(in[i + 2]) : 0;
    const unsigned v = (b0 << 16) | (b1 << 8) | b2;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < in.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += i + 2 < in.size() ? kAlphabet[v & 63] : '=';
  }
  return out;
}

bool Base64Decode(std::string_view in, std::string* out) {
  std::array<int, 256> value;
  value.fill(-1);
  for (int i = 0; i < 64; ++i) value[static_cast<unsigned char>(kAlphabet[i])] = i;
  if (in.size() % 4 != 0) return false;
  std::string bytes;
  bytes.reserve(in.size() / 4 * 3);
  for (std::size_t i = 0; i < in.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = in[i + static_cast<std::size_t>(k)];
      if (c == '=' && i + 4 == in.size() && k >= 2) {
        v[k] = 0;
        ++pad;
        continue;
      }
      if (pad) return false;  // data after padding
      v[k] = value[static_cast<unsigned char>(c)];
      if (v[k] < 0) return false;
    }
    const unsigned n = (static_cast<unsigned>(v[0]) << 18) | (static_cast<unsigned>(v[1]) << 12) |
                       (static_cast<unsigned>(v[2]) << 6) | static_cast<unsigned>(v[3]);
    bytes += static_cast<char>((n >> 16) & 255);
    if (pad < 2) bytes += static_cast<char>((n >> 8) & 255);
    if (pad < 1) bytes += static_cast<char>(n & 255);
  }
  *out = std::move(bytes);
  return true;
}

Status ValidatePhoto(std::string_view jpeg) {
  if (jpeg.size() > kMaxPhotoBytes)
    return Error{"photo.too_large", "the photo is " + std::to_string(jpeg.size() / 1024) + " KiB; at most " +
                                        std::to_string(kMaxPhotoBytes / 1024) + " KiB"};
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(jpeg[i]); };
  if (jpeg.size() < 4 || b(0) != 0xFF || b(1) != 0xD8 || b(2) != 0xFF)
    return Error{"photo.not_jpeg", "the photo is not a JPEG image"};
  if (b(jpeg.size() - 2) != 0xFF || b(jpeg.size() - 1) != 0xD9)
    return Error{"photo.truncated", "the photo is cut off (no JPEG end marker)"};
  return Ok{};
}

nlohmann::json PhotoPayload(std::string_view jpeg) {
  return {{"mime", "image/jpeg"}, {"bytes", jpeg.size()}, {"data", Base64Encode(jpeg)}};
}

Result<std::string> PhotoFromPayload(const nlohmann::json& p) {
  if (!p.is_object() || !p.contains("data") || !p["data"].is_string())
    return Error{"photo.bad_payload", "payload.photo must be {mime, bytes, data: base64}"};
  if (p.value("mime", "") != "image/jpeg") return Error{"photo.not_jpeg", "payload.photo.mime must be image/jpeg"};
  const std::string& data = p["data"].get_ref<const std::string&>();
  // Checked before decoding so a huge string costs nothing.
  if (data.size() > (kMaxPhotoBytes + 2) / 3 * 4) return ValidatePhoto(std::string(kMaxPhotoBytes + 1, '\0')).error();
  std::string jpeg;
  if (!Base64Decode(data, &jpeg)) return Error{"photo.bad_base64", "payload.photo.data is not valid base64"};
  if (auto s = ValidatePhoto(jpeg); !s) return s.error();
  return jpeg;
}

}  // namespace onestop::photo
