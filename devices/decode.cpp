// ZXing-cpp 1.4 tunings. The two-pass layout is deliberate: Debian's 1.4.0 asserts
// (`lineCount() == 1`, Result.cpp:140) when ReadBarcodes merges a linear symbol found on two
// pyramid layers, i.e. on nearly every Code 128 in a large image with tryDownscale on. So linear
// formats are never read with the downscale pyramid; 2D formats are. Must stay free of app logic.
#include "devices/decode.h"

#include "devices/recover.h"

#include <ZXing/ReadBarcode.h>
#include <stb/stb_image.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

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
    case Tuning::kStill:
      return DecodeStill(pixels, width, height);
    case Tuning::kLiveRecover: {
      // One camera per worker process, one thread: the cycling state lives here between frames.
      static LiveRecoveryState live;
      return DecodeLive(pixels, width, height, live);
    }
    case Tuning::kStillFast: {
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

namespace {

// Reads the whole of an image file into memory, refusing what is not a regular file of sane size.
// open() then fstat() on that descriptor, so what is checked is what is read (no check-then-swap
// race); O_NONBLOCK so opening a FIFO with no writer returns at once instead of hanging the worker.
// A symlink is followed: a link to a real image is fine, a link to /dev/zero is a device and refused.
Result<std::vector<unsigned char>> ReadImageFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    const int err = errno;
    return Error{"image.unreadable", "Cannot open " + path + ": " + std::strerror(err) +
                                         ". Check the path and that the file is readable."};
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st{};
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    return Error{"image.unreadable", "Cannot read " + path + ": " + std::strerror(err) + "."};
  }
  if (S_ISDIR(st.st_mode))
    return Error{"image.not_a_file", path + " is a directory, not an image file. Give the path of a PNG or JPEG file."};
  if (!S_ISREG(st.st_mode)) {
    const char* what = S_ISFIFO(st.st_mode) ? "a FIFO (named pipe)"
                       : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device"
                       : S_ISSOCK(st.st_mode) ? "a socket" : "not a regular file";
    return Error{"image.not_a_file", path + " is " + what +
                                         ", not an image file. Only PNG or JPEG files saved on disk can be scanned."};
  }
  auto too_large = [&](std::int64_t bytes) {
    return Error{"image.too_large", path + " is " + std::to_string(bytes) + " bytes; image files over " +
                                        std::to_string(kMaxImageFileBytes >> 20) +
                                        " MiB are refused. Scale the picture down or crop it to the label."};
  };
  if (st.st_size > kMaxImageFileBytes) return too_large(st.st_size);
  if (st.st_size == 0) return Error{"image.empty", path + " is empty."};
  // Read at most one byte past the cap: a file that grows while we read is still bounded.
  std::vector<unsigned char> bytes(static_cast<std::size_t>(st.st_size) + 1);
  std::size_t used = 0;
  for (;;) {
    if (used == bytes.size()) {
      if (bytes.size() > static_cast<std::size_t>(kMaxImageFileBytes)) return too_large(static_cast<std::int64_t>(used));
      bytes.resize(std::min<std::size_t>(bytes.size() * 2, static_cast<std::size_t>(kMaxImageFileBytes) + 1));
    }
    const ssize_t n = ::read(fd, bytes.data() + used, bytes.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      return Error{"image.unreadable", "Cannot read " + path + ": " + std::strerror(err) + "."};
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  if (used == 0) return Error{"image.empty", path + " is empty."};
  bytes.resize(used);
  return bytes;
}

}  // namespace

Result<GrayImage> LoadGrayImage(const std::string& path) {
  auto read = ReadImageFile(path);
  if (!read) return read.error();
  const std::vector<unsigned char>& bytes = read.value();
  int w = 0, h = 0, channels = 0;
  // Check the header first so a hostile file cannot make stb allocate gigabytes for pixels.
  if (!stbi_info_from_memory(bytes.data(), static_cast<int>(bytes.size()), &w, &h, &channels)) {
    // stb refuses a PNG whose declared size overflows its own limit ("too large"), but then tries
    // the other formats, so the reason it reports is "unknown image type". Read the PNG header's
    // size ourselves to say what is really wrong.
    static const unsigned char kPngSig[8] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};
    if (bytes.size() >= 24 && std::equal(kPngSig, kPngSig + 8, bytes.begin()) &&
        std::equal(bytes.begin() + 12, bytes.begin() + 16, "IHDR")) {
      auto be32 = [&](std::size_t at) {
        return (std::uint32_t{bytes[at]} << 24) | (std::uint32_t{bytes[at + 1]} << 16) |
               (std::uint32_t{bytes[at + 2]} << 8) | std::uint32_t{bytes[at + 3]};
      };
      const std::uint64_t pw = be32(16), ph = be32(20);
      if (pw * ph > static_cast<std::uint64_t>(kMaxPixels))
        return Error{"image.too_large", path + " is " + std::to_string(pw) + "x" + std::to_string(ph) +
                                            " pixels; at most 4096x4096 is accepted."};
    }
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
  if (!px) {
    const std::string why = stbi_failure_reason() ? stbi_failure_reason() : "unknown";
    // A small header can still hide a compressed stream that inflates far past its pixels (a
    // decompression bomb); the worker's address-space limit turns that into "out of memory" here.
    if (why == "outofmem")
      return Error{"image.too_large", path + " needs more memory to decode than an image of its size may use "
                                             "(a damaged or hostile file); it was refused."};
    return Error{"image.corrupt", path + " could not be decoded (" + why + ")."};
  }
  GrayImage img;
  img.width = w;
  img.height = h;
  img.pixels.assign(px, px + static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
  stbi_image_free(px);
  return img;
}

}  // namespace onestop::devices
