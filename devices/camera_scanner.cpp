// CameraScanner (camera_scanner.h). The decoder lives on the worker thread (IsolatedDecoder is
// not thread-safe); Stop() joins within one frame wait + one decode timeout.
#include "devices/camera_scanner.h"

#include <spdlog/spdlog.h>

#include "devices/cameras.h"

namespace onestop::devices {

ScanEvent MakeScanEvent(std::string source, Symbol symbol) {
  auto label = labels::ParseLabel(symbol.LabelPayload());
  return ScanEvent{std::move(source), std::move(symbol), std::move(label)};
}

CameraScanner::CameraScanner(std::unique_ptr<Camera> camera, CameraScannerOptions options)
    : camera_(std::move(camera)), options_(std::move(options)) {}

CameraScanner::~CameraScanner() { Stop(); }

Status CameraScanner::Start(Sink sink) {
  Stop();
  if (auto s = camera_->Open(); !s) return s;
  sink_ = std::move(sink);
  stop_ = false;
  thread_ = std::thread([this] { Loop(); });
  return Ok{};
}

void CameraScanner::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  camera_->Close();
}

Error CameraScanner::last_error() const {
  std::lock_guard lock(mu_);
  return last_error_;
}

void CameraScanner::Loop() {
  IsolatedDecoder decoder(options_.decoder);
  ConfirmationFilter filter(options_.confirm);
  while (!stop_) {
    auto frame = camera_->NextFrame(options_.frame_wait);
    if (!frame) {
      spdlog::error("{}: {}", camera_->Name(), frame.error().message);
      std::lock_guard lock(mu_);
      last_error_ = frame.error();
      return;
    }
    if (!frame.value()) continue;
    const GrayImage& img = *frame.value();
    ++frames_;
    if (options_.on_frame) options_.on_frame(img);
    // The fast pass every frame; recovery work within a small per-frame budget that the worker
    // resumes on the next frames (Tuning::kLiveRecover, recover.h): the preview never waits for a
    // full recovery, and the item that read a label repeats first, for confirmation.
    auto symbols = decoder.Decode(img, Tuning::kLiveRecover);
    if (!symbols) {
      // A crash or timeout costs this frame only; the decoder restarts on the next one. An
      // unavailable worker is an installation problem: say so and stop.
      if (symbols.error().code == "decode.worker_unavailable") {
        spdlog::error("{}", symbols.error().message);
        std::lock_guard lock(mu_);
        last_error_ = symbols.error();
        return;
      }
      ++crashes_;
      spdlog::warn("frame skipped: {}", symbols.error().message);
      filter.Observe({});
      continue;
    }
    std::vector<std::string> payloads;
    for (const auto& s : symbols.value()) payloads.push_back(s.LabelPayload());
    for (const auto& confirmed : filter.Observe(payloads)) {
      for (const auto& s : symbols.value())
        if (s.LabelPayload() == confirmed) {
          if (sink_) sink_(MakeScanEvent(camera_->Name(), s));
          break;
        }
    }
  }
}

std::unique_ptr<CameraScanner> MakeCameraScanner(bool demo, const std::string& device,
                                                 std::function<void(const GrayImage&)> on_frame,
                                                 std::vector<std::string> payloads) {
  CameraScannerOptions options;
  options.on_frame = std::move(on_frame);
  options.decoder.worker_argv = SelfWorkerArgv();
  options.decoder.timeout = std::chrono::milliseconds(1000);
  std::unique_ptr<Camera> camera;
  if (demo) {
    FakeCameraOptions fake;
    fake.payloads = std::move(payloads);
    camera = std::make_unique<FakeCamera>(std::move(fake));
  }
  else camera = std::make_unique<V4l2Camera>(device);
  return std::make_unique<CameraScanner>(std::move(camera), std::move(options));
}

}  // namespace onestop::devices
