// The Scanner seam (DESIGN §2): every source of scanned labels (camera, fake camera, image files,
// HID keyboard-wedge) delivers ScanEvents to a sink. Sinks are called on the scanner's own thread:
// the app must Post() them to the MainQueue, never touch UI state from the sink.
// Also the Camera seam that camera scanners read frames from. No ZXing here.
#pragma once
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "devices/decode.h"
#include "kiosk/core/labels.h"
#include "kiosk/core/result.h"

namespace onestop::devices {

struct ScanEvent {
  std::string source;                  // "camera:/dev/video0", "fake-camera", "wedge", "file:a.png"
  Symbol symbol;                       // format "Keyboard" for the wedge (no geometry)
  Result<labels::ParsedLabel> label;   // ParseLabel(symbol.LabelPayload())
};
ScanEvent MakeScanEvent(std::string source, Symbol symbol);

class Scanner {
 public:
  using Sink = std::function<void(ScanEvent)>;
  virtual ~Scanner() = default;
  // Starts delivering events (from a worker thread, or from the feeding thread for the wedge).
  // Errors are environment problems with a message for the technician, e.g. "camera.none".
  virtual Status Start(Sink sink) = 0;
  // Stops and joins; no sink call happens after Stop returns. Idempotent.
  virtual void Stop() = 0;
  virtual std::string Describe() const = 0;
};

// A source of 8-bit gray frames.
class Camera {
 public:
  virtual ~Camera() = default;
  virtual Status Open() = 0;
  // Waits up to `timeout` for the next frame. nullopt = no frame yet (not an error).
  virtual Result<std::optional<GrayImage>> NextFrame(std::chrono::milliseconds timeout) = 0;
  virtual void Close() = 0;
  virtual std::string Name() const = 0;
};

}  // namespace onestop::devices
