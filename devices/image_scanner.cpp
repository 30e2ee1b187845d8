// Image-file scanning (image_scanner.h): both stb_image loading and ZXing run in the worker
// process; this side only sees symbols or an error.
#include "devices/image_scanner.h"

#include <mutex>

namespace onestop::devices {

Result<ImageScan> ScanImageFile(const std::string& path, IsolatedDecoder& decoder, Tuning tuning) {
  return decoder.DecodeFile(path, tuning);
}

ImageFileScanner::ImageFileScanner(std::vector<std::string> paths, IsolatedDecoderOptions decoder)
    : paths_(std::move(paths)), decoder_options_(std::move(decoder)) {}

ImageFileScanner::~ImageFileScanner() { Stop(); }

Status ImageFileScanner::Start(Sink sink) {
  Stop();
  stop_ = false;
  thread_ = std::thread([this, sink = std::move(sink)] {
    IsolatedDecoder decoder(decoder_options_);
    for (const auto& path : paths_) {
      if (stop_) return;
      auto scan = ScanImageFile(path, decoder);
      if (!scan) {
        std::lock_guard lock(mu_);
        failures_.emplace_back(path, scan.error());
        continue;
      }
      for (auto& s : scan->symbols)
        if (sink) sink(MakeScanEvent("file:" + path, std::move(s)));
    }
  });
  return Ok{};
}

void ImageFileScanner::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

std::vector<std::pair<std::string, Error>> ImageFileScanner::failures() const {
  std::lock_guard lock(mu_);
  return failures_;
}

}  // namespace onestop::devices
