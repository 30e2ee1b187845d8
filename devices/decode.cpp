// ZXing-cpp 1.4 tunings. The two-pass layout is deliberate: Debian's 1.4.0 asserts
// (`lineCount() == 1`, Result.cpp:140) when ReadBarcodes merges a linear symbol found on two
// pyramid layers, i.e. on nearly every Code 128 in a large image with tryDownscale on. So linear
// formats are never read with the downscale pyramid; 2D formats are. Must stay free of app logic.
#include "devices/decode.h"

#include <ZXing/ReadBarcode.h>
#include <stb/stb_image.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace onestop::devices {
namespace {

using ZXing::BarcodeFormat;

const ZXing::BarcodeFormats kLive2D = BarcodeFormat::QRCode | BarcodeFormat::DataMatrix;
const ZXing::BarcodeFormats kLiveLinear = BarcodeFormat::Code128;
// Everything ZXing 1.4 reads, split by family.
const ZXing::BarcodeFormats kStill2D = BarcodeFormat::MatrixCodes;
const ZXing::BarcodeFormats kStillLinear = BarcodeFormat::LinearCodes;

void Append(std::vector<Symbol>& out, const ZXing::Results& results) {
  for (const auto& r : results) {
    if (!r.isValid()) continue;
    Symbol s;
    s.format = ZXing::ToString(r.format());
    s.text = r.text();
    s.symbology_id = r.symbologyIdentifier();
    const auto& pos = r.position();
    for (int i = 0; i < 4; ++i) s.corners[static_cast<std::size_t>(i)] = {pos[i].x, pos[i].y};
    // The same symbol can come back from both passes only for formats in both sets (none today),
    // but a cheap de-duplication keeps the output stable if the sets change.
    bool dup = false;
    for (const auto& o : out) dup = dup || (o.format == s.format && o.text == s.text && o.corners[0].x == s.corners[0].x &&
                                            o.corners[0].y == s.corners[0].y);
    if (!dup) out.push_back(std::move(s));
  }
}

}  // namespace

std::string Symbol::LabelPayload() const {
  const bool gs1 = symbology_id == "]C1" || symbology_id == "]e0" || symbology_id == "]d2" ||
                   symbology_id == "]Q3" || symbology_id == "]J1";
  return gs1 ? symbology_id + text : text;
}

std::vector<Symbol> DecodeInProcess(const std::uint8_t* pixels, int width, int height, Tuning tuning) {
  std::vector<Symbol> out;
  if (!pixels || width <= 0 || height <= 0 || static_cast<std::int64_t>(width) * height > kMaxPixels) return out;
  const ZXing::ImageView view(pixels, width, height, ZXing::ImageFormat::Lum);
  switch (tuning) {
    case Tuning::kLiveStream:
    case Tuning::kLiveStreamGlobal: {
      // One pass, no pyramid, no rotations: ~1.8 ms on a 1280x720 QR frame (docs/benchmarks.md).
      ZXing::DecodeHints hints;
      hints.setFormats(kLive2D | kLiveLinear).setTryHarder(false).setTryRotate(false).setTryDownscale(false);
      if (tuning == Tuning::kLiveStreamGlobal) hints.setBinarizer(ZXing::Binarizer::GlobalHistogram);
      Append(out, ZXing::ReadBarcodes(view, hints));
      break;
    }
    case Tuning::kStill: {
      ZXing::DecodeHints h2d;
      h2d.setFormats(kStill2D).setTryHarder(true).setTryRotate(true).setTryDownscale(true);
      Append(out, ZXing::ReadBarcodes(view, h2d));
      ZXing::DecodeHints h1d;
      h1d.setFormats(kStillLinear).setTryHarder(true).setTryRotate(true).setTryDownscale(false);
      Append(out, ZXing::ReadBarcodes(view, h1d));
      if (out.empty()) {
        // Nothing found: low contrast defeats the local binarizer in 1.4 (a 100..150 gray QR is
        // not found at all); the global histogram reads it. Only costs time on misses.
        Append(out, ZXing::ReadBarcodes(view, h2d.setBinarizer(ZXing::Binarizer::GlobalHistogram)));
        Append(out, ZXing::ReadBarcodes(view, h1d.setBinarizer(ZXing::Binarizer::GlobalHistogram)));
      }
      break;
    }
    case Tuning::kStillSafe: {
      // After a crash on kStill: ReadBarcode (single symbol) returns at the first hit and never
      // runs the multi-symbol merge where the known assertions live.
      ZXing::DecodeHints h2d;
      h2d.setFormats(kStill2D).setTryHarder(true).setTryRotate(true).setTryDownscale(false);
      Append(out, {ZXing::ReadBarcode(view, h2d)});
      ZXing::DecodeHints h1d;
      h1d.setFormats(kStillLinear).setTryHarder(false).setTryRotate(true).setTryDownscale(false);
      Append(out, {ZXing::ReadBarcode(view, h1d)});
      break;
    }
    case Tuning::kZXingDefaults:
      Append(out, ZXing::ReadBarcodes(view, ZXing::DecodeHints{}));
      break;
  }
  return out;
}

Result<GrayImage> LoadGrayImage(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"image.unreadable", "Cannot open " + path + ": " + std::strerror(errno) + "."};
  std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.empty()) return Error{"image.empty", path + " is empty."};
  if (bytes.size() > (1u << 28)) return Error{"image.too_large", path + " is larger than 256 MiB."};
  int w = 0, h = 0, channels = 0;
  // Check the header first so a hostile file cannot make stb allocate gigabytes.
  if (!stbi_info_from_memory(bytes.data(), static_cast<int>(bytes.size()), &w, &h, &channels)) {
    const std::string why = stbi_failure_reason() ? stbi_failure_reason() : "";
    if (why == "too large")  // stb refuses dimensions whose pixel count overflows its limits
      return Error{"image.too_large", path + " declares an image too large to load; at most 4096x4096 is accepted."};
    return Error{"image.unsupported", path + " is not a PNG, JPEG, BMP or GIF image (" +
                                          std::string(stbi_failure_reason() ? stbi_failure_reason() : "unknown") + ")."};
  }
  if (w <= 0 || h <= 0 || static_cast<std::int64_t>(w) * h > kMaxPixels)
    return Error{"image.too_large", path + " is " + std::to_string(w) + "x" + std::to_string(h) +
                                        " pixels; at most 4096x4096 is accepted."};
  unsigned char* px = stbi_load_from_memory(bytes.data(), static_cast<int>(bytes.size()), &w, &h, &channels, 1);
  if (!px)
    return Error{"image.corrupt", path + " could not be decoded (" +
                                      std::string(stbi_failure_reason() ? stbi_failure_reason() : "unknown") + ")."};
  GrayImage img;
  img.width = w;
  img.height = h;
  img.pixels.assign(px, px + static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
  stbi_image_free(px);
  return img;
}

}  // namespace onestop::devices
