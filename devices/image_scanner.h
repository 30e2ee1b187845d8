// Image files as a label source: the `scan` CLI and ImageFileScanner decode PNG/JPEG files with
// the still tuning through the same isolated worker as the camera. Never decodes in-process.
#pragma once
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "devices/isolated_decoder.h"
#include "devices/scanner.h"

namespace onestop::devices {

// Errors: "image.*" (cannot read/decode the file), "decode.*" (see IsolatedDecoder). The file is
// read and decoded inside the worker process (IsolatedDecoder::DecodeFile).
Result<ImageScan> ScanImageFile(const std::string& path, IsolatedDecoder& decoder, Tuning tuning = Tuning::kStill);

// Scanner over a fixed list of files: one ScanEvent per symbol found, source "file:<path>".
class ImageFileScanner final : public Scanner {
 public:
  ImageFileScanner(std::vector<std::string> paths, IsolatedDecoderOptions decoder);
  ~ImageFileScanner() override;
  Status Start(Sink sink) override;
  void Stop() override;
  std::string Describe() const override { return "files"; }
  // Files that could not be scanned so far, with reasons (for the operator).
  std::vector<std::pair<std::string, Error>> failures() const;

 private:
  std::vector<std::string> paths_;
  IsolatedDecoderOptions decoder_options_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::vector<std::pair<std::string, Error>> failures_;
};

}  // namespace onestop::devices
