// HID keyboard-wedge scanner decoding: a barcode scanner "types" its payload in a fast burst
// ending in Enter; a person types slowly. WedgeDecoder tells them apart by inter-key timing.
// Pure logic with explicit timestamps (unit-tested); WedgeScanner adapts it to the Scanner seam.
// Keys are fed by the app from its input events; nothing here reads devices.
#pragma once
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "devices/scanner.h"

namespace onestop::devices {

struct WedgeOptions {
  std::int64_t max_gap_ms = 35;  // scanners send a key every 2-15 ms; people rarely under 60 ms
  int min_length = 4;            // shorter bursts (a fast double tap) are treated as typing
  int max_length = 600;          // longer than any label (512 bytes): stop buffering, it is typing
};

struct WedgeOutput {
  enum class Kind { kScan, kTyped, kEnter };
  Kind kind;
  std::string text;  // kScan: the payload; kTyped: characters for the focused field; kEnter: empty
  bool operator==(const WedgeOutput&) const = default;
};

class WedgeDecoder {
 public:
  explicit WedgeDecoder(WedgeOptions options = {}) : options_(options) {}
  // One character (UTF-8 of one key, or "\x1d" for a scanner's FNC1/GS) at time t_ms.
  std::vector<WedgeOutput> OnKey(std::string_view ch, std::int64_t t_ms);
  std::vector<WedgeOutput> OnEnter(std::int64_t t_ms);
  // Call periodically: characters held longer than max_gap_ms are released as typing.
  std::vector<WedgeOutput> Tick(std::int64_t now_ms);
  bool holding() const { return !buffer_.empty(); }

 private:
  void Flush(std::vector<WedgeOutput>& out);
  WedgeOptions options_;
  std::string buffer_;
  int keys_ = 0;
  std::int64_t last_ms_ = 0;
};

// Scanner-seam adapter: scans become ScanEvents (source "wedge"); typing is returned to the
// caller, who gives it to the focused text field. Thread-safe; the sink runs on the feeding thread.
class WedgeScanner final : public Scanner {
 public:
  explicit WedgeScanner(WedgeOptions options = {}) : decoder_(options) {}
  Status Start(Sink sink) override;
  void Stop() override;
  std::string Describe() const override { return "wedge"; }
  std::vector<WedgeOutput> OnKey(std::string_view ch, std::int64_t t_ms);
  std::vector<WedgeOutput> OnEnter(std::int64_t t_ms);
  std::vector<WedgeOutput> Tick(std::int64_t now_ms);

 private:
  std::vector<WedgeOutput> Route(std::vector<WedgeOutput> out);
  std::mutex mu_;
  WedgeDecoder decoder_;
  Sink sink_;
};

}  // namespace onestop::devices
