// Barcode decoding with ZXing-cpp 1.4 (DESIGN §5): the tunings, the symbol record, image loading.
// DecodeInProcess calls the library directly and CAN ABORT THE PROCESS (Debian builds ZXing with
// assertions on): only the decode worker and tests/benchmarks may call it. The app uses
// IsolatedDecoder (isolated_decoder.h), which runs this in a supervised child process.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/core/result.h"

namespace onestop::devices {

// kLiveStream: camera frames (1280x720 gray), ~2 ms: QR, Data Matrix, Code 128, no rotations, no
//   downscale pyramid. kStill: image files and photos: tryHarder, rotations, every format ZXing reads.
// kStillSafe: the retry after a worker crash: one symbol per pass, no pyramid (see decode.cpp).
// kZXingDefaults: ZXing's own default hints (all formats, multi-symbol, pyramid), i.e. what a naive
//   caller gets. Debian's 1.4.0 aborts with it on most Code 128 images larger than 500 px; kept for
//   `scan --zxing-defaults` comparisons and for the crash-isolation test, never used by the app.
// kLiveStreamGlobal: kLiveStream with ZXing's global-histogram binarizer, which reads low-contrast
//   labels (faded, behind plastic) that the default local binarizer misses; CameraScanner
//   alternates the two on successive frames so the per-frame cost stays that of one pass.
// kLiveRecover (issue 15, what CameraScanner uses): kLiveStream every frame and, when it reads
//   nothing (or, once per scene, to look for a second label), recovery work within a per-frame
//   budget, resumed over consecutive frames (recover.h). It keeps state between frames in the
//   process that decodes (the worker serves one camera).
// kStill now = the pre-issue-15 still pass (kStillFast) + the full recovery within ~350 ms when it
//   reads nothing (recover.h). kStillFast stays for the benchmark's "current pipeline" column.
enum class Tuning : std::uint32_t {
  kLiveStream = 0,
  kStill = 1,
  kStillSafe = 2,
  kZXingDefaults = 3,
  kLiveStreamGlobal = 4,
  kLiveRecover = 5,
  kStillFast = 6,
};
inline constexpr std::uint32_t kMaxTuning = 6;

struct PointI {
  int x = 0;
  int y = 0;
};

struct Symbol {
  std::string format;                // ZXing name: "QRCode", "DataMatrix", "Code128", ...
  std::string text;                  // decoded text, UTF-8; GS1 fields separated by GS (0x1D)
  std::string symbology_id;          // AIM identifier, e.g. "]Q3" (GS1 QR), "]C0" (plain Code 128)
  std::array<PointI, 4> corners{};   // top-left, top-right, bottom-right, bottom-left in pixels
  // What ParseLabel gets: the AIM id prefixed when the symbol carries GS1 data, so GS1 element
  // strings and plain text can never be confused.
  std::string LabelPayload() const;
};

// 8-bit luminance, row-major, stride == width.
struct GrayImage {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> pixels;
};

// Largest image accepted anywhere in the pipeline (a 16 MP photo): beyond that, refuse rather
// than let one file exhaust memory.
inline constexpr std::int64_t kMaxPixels = 4096LL * 4096LL;

// Largest image FILE read at all (a 16 MP JPEG is a few MiB). Only regular files are read: a
// directory, FIFO or device (e.g. a symlink to /dev/zero) is refused before any byte is read.
inline constexpr std::int64_t kMaxImageFileBytes = 32LL << 20;

// Address-space limit of the decode worker process (setrlimit RLIMIT_AS): whatever a hostile file
// makes the image or barcode library allocate, the worker fails with "out of memory" at this size
// instead of growing into the kiosk's memory. Room for a 4096x4096 still and ZXing's pyramids.
inline constexpr std::int64_t kWorkerAddressSpaceBytes = 1LL << 30;

// Decodes in THIS process. May abort (see the header comment). `pixels` is width*height bytes.
std::vector<Symbol> DecodeInProcess(const std::uint8_t* pixels, int width, int height, Tuning tuning);

// Loads PNG/JPEG/BMP/GIF (first frame) via stb_image and converts to gray. Errors: "image.*"
// (image.not_a_file: a directory, FIFO, device or socket; image.too_large: over the file-size,
// pixel or memory limits). Call it in the decode worker: a hostile file is its problem, not ours.
Result<GrayImage> LoadGrayImage(const std::string& path);

}  // namespace onestop::devices
