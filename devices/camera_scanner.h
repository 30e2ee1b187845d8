// CameraScanner: the live-stream pipeline. A worker thread pulls frames from a Camera (V4L2 or
// fake), decodes each through the IsolatedDecoder (a child process; live-stream tuning), runs the
// multi-frame ConfirmationFilter and hands confirmed labels to the sink. A library crash costs one
// frame; a camera error ends the stream with a message. The frame thread never waits on any of it.
#pragma once
#include <atomic>
#include <functional>
#include <string>
#include <vector>
#include <memory>
#include <mutex>
#include <thread>

#include "devices/confirm.h"
#include "devices/isolated_decoder.h"
#include "devices/scanner.h"

namespace onestop::devices {

struct CameraScannerOptions {
  IsolatedDecoderOptions decoder;  // live frames: set a short timeout (e.g. 500 ms)
  ConfirmOptions confirm;
  std::chrono::milliseconds frame_wait{200};
  // Every frame, on the scanner's thread, before decoding (the app's live preview). Must be quick.
  std::function<void(const GrayImage&)> on_frame;
};

class CameraScanner final : public Scanner {
 public:
  CameraScanner(std::unique_ptr<Camera> camera, CameraScannerOptions options);
  ~CameraScanner() override;
  Status Start(Sink sink) override;  // opens the camera; "camera.none" etc. when it cannot
  void Stop() override;
  std::string Describe() const override { return camera_->Name(); }

  // For status screens and tests; read from any thread.
  int frames() const { return frames_.load(); }
  int crashes() const { return crashes_.load(); }
  // Why the loop stopped (code "" = it has not): camera.io etc. or decode.worker_unavailable.
  Error last_error() const;

 private:
  void Loop();
  std::unique_ptr<Camera> camera_;
  CameraScannerOptions options_;
  Sink sink_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<int> frames_{0}, crashes_{0};
  mutable std::mutex mu_;
  Error last_error_;
};

// What `run` wires up: the fake camera cycling sample labels when `demo`, else the V4L2 camera
// (`device` empty = first capture device), decoded by this executable re-exec'd as
// `decode-worker` (SelfWorkerArgv) with a 1 s per-frame deadline. Start() reports "camera.none"
// with a message for the user when there is no camera. The app posts sink events to MainQueue.
// `payloads` replaces the fake camera's sample labels (demo: labels of this hospital's assets).
std::unique_ptr<CameraScanner> MakeCameraScanner(bool demo, const std::string& device = {},
                                                 std::function<void(const GrayImage&)> on_frame = {},
                                                 std::vector<std::string> payloads = {});

}  // namespace onestop::devices
