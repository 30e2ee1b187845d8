// Camera implementations: V4L2 (libv4l2, real hardware) and a fake that cycles sample labels for
// --demo and tests. Both produce 8-bit gray frames; neither decodes (CameraScanner does that
// through the isolated worker).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "devices/scanner.h"

namespace onestop::devices {

class V4l2Camera final : public Camera {
 public:
  // device empty: pick the first /dev/video0..63 that can capture video.
  explicit V4l2Camera(std::string device = {}, int width = 1280, int height = 720);
  ~V4l2Camera() override;
  Status Open() override;
  Result<std::optional<GrayImage>> NextFrame(std::chrono::milliseconds timeout) override;
  void Close() override;
  std::string Name() const override { return "camera:" + (opened_device_.empty() ? device_ : opened_device_); }

 private:
  std::string device_;
  std::string opened_device_;
  int want_width_, want_height_;
  int fd_ = -1;
  int width_ = 0, height_ = 0;
  std::uint32_t pixfmt_ = 0;
  std::uint32_t bytesperline_ = 0, sizeimage_ = 0;
  std::vector<std::uint8_t> buffer_;
};

struct FakeCameraOptions {
  // Payloads shown in turn; default: one of each label form (DESIGN §5).
  std::vector<std::string> payloads;
  int width = 1280, height = 720;
  int frames_per_label = 12;  // ~1.2 s at the default frame interval
  int blank_frames = 6;       // label leaves the view, so the next one is a new presentation
  std::chrono::milliseconds frame_interval{100};
  bool paced = true;          // false: NextFrame returns at once (tests)
};

class FakeCamera final : public Camera {
 public:
  explicit FakeCamera(FakeCameraOptions options = {});
  Status Open() override;
  Result<std::optional<GrayImage>> NextFrame(std::chrono::milliseconds timeout) override;
  void Close() override {}
  std::string Name() const override { return "fake-camera"; }
  static std::vector<std::string> SamplePayloads();

 private:
  FakeCameraOptions options_;
  std::vector<GrayImage> frames_;  // one rendered frame per payload, made at Open()
  GrayImage blank_;
  long long n_ = 0;
  std::chrono::steady_clock::time_point next_;
};

// Renders `text` as a QR code (or Code 128 when `code128`) centred on a white gray frame; used by
// the fake camera, tests and benchmarks. module_px: pixels per module/bar. Errors: "render.*".
Result<GrayImage> RenderLabelFrame(const std::string& text, int width, int height, int module_px, bool code128 = false);

}  // namespace onestop::devices
