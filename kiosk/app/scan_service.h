// ScanService: runs the camera scanner while the Scan screen is open and stops it when it closes.
// Preview frames (downscaled) and confirmed labels go to the frame thread through the MainQueue;
// starting and stopping happen on a control thread, so opening a camera never stalls a frame.
#pragma once
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "devices/camera_scanner.h"
#include "kiosk/core/shell/shell.h"
#include "kiosk/core/main_queue.h"

namespace onestop::app {

// The camera frame scaled down for the on-screen preview (the decoder always sees the full frame).
CameraFeed PreviewFeed(const devices::GrayImage& img);

class ScanService {
 public:
  // demo: the fake camera, showing labels of assets in this terminal's area read from the store.
  ScanService(MainQueue& queue, AppState& state, std::string store_path, const Clock& clock, bool demo,
              std::string device);
  ~ScanService();
  // Frame thread, once per loop: the camera runs only while `wanted`; `area` is the bound location;
  // `capture` takes the next frame as the repair request's photo (answered by requests::OnPhoto).
  void Update(bool wanted, const std::string& area, bool capture = false);

 private:
  void Run();
  void Post(std::function<void(AppState&)> f);
  MainQueue& queue_;
  AppState& state_;
  std::string store_path_;
  const Clock& clock_;
  bool demo_;
  std::string device_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool wanted_ = false, stop_ = false;
  std::atomic<bool> capture_{false};
  std::string area_;
  std::thread control_;
};

}  // namespace onestop::app
