// Fake camera for --demo and tests: renders the sample labels once with ZXing's writer (encoding
// our own fixed strings; decoding still goes through the isolated worker) and plays them in a loop
// with blank frames between, paced like a real camera.
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>

#include <thread>

#include "devices/cameras.h"

namespace onestop::devices {

Result<GrayImage> RenderLabelFrame(const std::string& text, int width, int height, int module_px, bool code128) {
  if (width <= 0 || height <= 0 || module_px <= 0) return Error{"render.bad_size", "Frame size must be positive."};
  ZXing::BitMatrix bits;
  try {
    // Size 0 = the writer's minimum (one pixel per module), with no margin; we scale ourselves.
    bits = ZXing::MultiFormatWriter(code128 ? ZXing::BarcodeFormat::Code128 : ZXing::BarcodeFormat::QRCode)
               .setMargin(0)
               .encode(text, 0, code128 ? 1 : 0);
  } catch (const std::exception& e) {
    return Error{"render.encode", std::string("Cannot encode the sample label: ") + e.what()};
  }
  const int bw = bits.width() * module_px;
  const int bh = code128 ? std::max(40, height / 6) : bits.height() * module_px;
  if (bw + 8 * module_px > width || bh + 8 * module_px > height)
    return Error{"render.too_big", "The label does not fit in the frame at this module size."};
  GrayImage img{width, height, std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height, 235)};
  const int x0 = (width - bw) / 2, y0 = (height - bh) / 2;
  for (int y = 0; y < bh; ++y)
    for (int x = 0; x < bw; ++x) {
      const bool black = bits.get(x / module_px, code128 ? 0 : y / module_px);
      img.pixels[static_cast<std::size_t>(y0 + y) * width + (x0 + x)] = black ? 25 : 235;
    }
  return img;
}

std::vector<std::string> FakeCamera::SamplePayloads() {
  return {"https://onestop.local/a/EQ-2015-000123", "OS1:A=EQ-2018-000777;L=B2-3F-W12-BED07",
          "https://id.gs1.org/01/06901234567892/21/SN12345", "https://onestop.local/l/B2-3F-W12-BED08",
          "ZC-2019-0457"};
}

FakeCamera::FakeCamera(FakeCameraOptions options) : options_(std::move(options)) {
  if (options_.payloads.empty()) options_.payloads = SamplePayloads();
}

Status FakeCamera::Open() {
  frames_.clear();
  for (const auto& p : options_.payloads) {
    // Bare tags are legacy Code 128 labels; everything else is a QR code.
    const bool linear = p.find(':') == std::string::npos && p.size() < 24;
    auto f = RenderLabelFrame(p, options_.width, options_.height, linear ? 3 : 6, linear);
    if (!f) return f.error();
    frames_.push_back(std::move(f).value());
  }
  blank_ = GrayImage{options_.width, options_.height,
                     std::vector<std::uint8_t>(static_cast<std::size_t>(options_.width) * options_.height, 200)};
  n_ = 0;
  next_ = std::chrono::steady_clock::now();
  return Ok{};
}

Result<std::optional<GrayImage>> FakeCamera::NextFrame(std::chrono::milliseconds timeout) {
  if (frames_.empty()) return Error{"camera.not_open", "The fake camera was not opened."};
  if (options_.paced) {
    const auto now = std::chrono::steady_clock::now();
    if (next_ > now + timeout) {
      std::this_thread::sleep_for(timeout);
      return std::optional<GrayImage>{};
    }
    std::this_thread::sleep_until(next_);
    next_ += options_.frame_interval;
  }
  const long long cycle = options_.frames_per_label + options_.blank_frames;
  const long long label = (n_ / cycle) % static_cast<long long>(frames_.size());
  const bool blank = n_ % cycle >= options_.frames_per_label;
  ++n_;
  return std::optional<GrayImage>(blank ? blank_ : frames_[static_cast<std::size_t>(label)]);
}

}  // namespace onestop::devices
