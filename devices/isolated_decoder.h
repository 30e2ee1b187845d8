// IsolatedDecoder: the only way the kiosk decodes. Frames go to a supervised child process over a
// socket; if the child aborts (Debian's ZXing asserts), hangs past the timeout or talks garbage,
// it is killed and restarted on the next frame, and only that frame is lost.
// Not thread-safe: give each decode thread its own instance. Never calls ZXing itself.
#pragma once
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "devices/decode.h"
#include "kiosk/core/result.h"

namespace onestop::devices {

struct IsolatedDecoderOptions {
  // Command that starts a worker speaking the decode_worker.h protocol on its stdin, e.g.
  // {"/usr/bin/onestop-kiosk", "decode-worker"} or {".../onestop-decode-worker"}.
  std::vector<std::string> worker_argv;
  // Per-frame deadline (send + decode + reply). Live frames need far less; stills with
  // tryHarder on a 16 MP photo can take a second or two.
  std::chrono::milliseconds timeout{5000};
  // After a crash on a kStill image, retry that image once with kStillSafe.
  bool retry_safe_after_crash = true;
};

// {readlink(/proc/self/exe), "decode-worker"}, or $ONESTOP_DECODE_WORKER (a path to a standalone
// worker executable) when set.
std::vector<std::string> SelfWorkerArgv();

struct ImageScan {
  int width = 0;
  int height = 0;
  std::vector<Symbol> symbols;
};

struct DecodeStats {
  int frames = 0;
  int crashes = 0;   // worker died (abort/signal) while decoding a frame
  int timeouts = 0;  // worker killed for exceeding the deadline
  int spawns = 0;    // worker processes started
};

class IsolatedDecoder {
 public:
  explicit IsolatedDecoder(IsolatedDecoderOptions options);
  ~IsolatedDecoder();
  IsolatedDecoder(const IsolatedDecoder&) = delete;
  IsolatedDecoder& operator=(const IsolatedDecoder&) = delete;

  // Errors: "decode.worker_crashed" (the library aborted on this image), "decode.timeout",
  // "decode.worker_unavailable" (cannot start the worker: an environment problem),
  // "decode.bad_image" (empty or oversized input), "decode.protocol" (garbage reply).
  Result<std::vector<Symbol>> Decode(const std::uint8_t* pixels, int width, int height, Tuning tuning);
  Result<std::vector<Symbol>> Decode(const GrayImage& image, Tuning tuning) {
    return Decode(image.pixels.data(), image.width, image.height, tuning);
  }

  // Loads the image file (PNG/JPEG/BMP/GIF via stb_image) AND decodes it in the worker, so neither
  // a hostile file nor a ZXing abort can crash the caller. Errors: "image.*" plus the above.
  Result<ImageScan> DecodeFile(const std::string& path, Tuning tuning);

  const DecodeStats& stats() const { return stats_; }
  pid_t worker_pid() const { return pid_; }  // 0 when none is running (tests kill it on purpose)

 private:
  // pixels == nullptr and !path.empty(): a file request.
  Result<ImageScan> Request(const std::uint8_t* pixels, int width, int height, const std::string& path, Tuning tuning);
  Result<ImageScan> RequestWithRetry(const std::uint8_t* pixels, int width, int height, const std::string& path,
                                     Tuning tuning);
  Status EnsureWorker();
  // Kills (if asked) and reaps the worker; returns true if it had died from a signal.
  bool StopWorker(bool kill_it);

  IsolatedDecoderOptions options_;
  pid_t pid_ = 0;
  int fd_ = -1;
  std::uint32_t seq_ = 0;
  DecodeStats stats_;
};

}  // namespace onestop::devices
