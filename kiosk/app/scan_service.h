// ScanService: runs the camera scanner while the Scan screen is open and stops it when it closes.
// Preview frames (downscaled) and confirmed labels go to the frame thread through the MainQueue;
// starting and stopping happen on an executor lane, so opening a camera never stalls a frame.
#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "devices/camera_scanner.h"
#include "kiosk/app/executor.h"
#include "kiosk/app/job_router.h"
#include "kiosk/core/shell/shell.h"
#include "kiosk/core/main_queue.h"

namespace onestop::app {

// The camera frame scaled down for the on-screen preview (the decoder always sees the full frame).
CameraFeed PreviewFeed(const devices::GrayImage& img);

class ScanService {
 public:
  // demo: the fake camera, showing labels of assets in this terminal's area read from the store.
  // Answers the photo job (requests::job::CapturePhoto) on its lane.
  ScanService(Executor& executor, JobRouter& router, MainQueue& queue, AppState& state, std::string store_path,
              const Clock& clock, bool demo, std::string device);
  ~ScanService();  // stops the camera
  // Frame thread, once per loop: the camera runs only while `wanted`; `area` is the bound location.
  void Update(bool wanted, const std::string& area);

 private:
  void Start(const std::string& area);  // on the lane
  void Stop();                          // on the lane
  void Check();                         // on the lane: notices a camera that failed mid-stream
  void Post(std::function<void(AppState&)> f);
  Executor& executor_;
  Executor::Lane lane_;
  JobRouter& router_;
  MainQueue& queue_;
  AppState& state_;
  std::string store_path_;
  const Clock& clock_;
  bool demo_;
  std::string device_;
  bool wanted_ = false;                                // frame thread
  std::unique_ptr<devices::CameraScanner> scanner_;    // lane only
  uint64_t generation_ = 0;                            // lane only: bumped per start, so stale checks stop
  std::atomic<bool> capture_{false};
  std::atomic<int64_t> last_preview_ms_{0};
};

}  // namespace onestop::app
