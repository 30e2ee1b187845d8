// Recovery pipeline for frames the fast path reads nothing in (issue 15): local contrast
// normalisation, both binarizers, candidate regions decoded as crops, mirrored retries, rotated
// linear candidates, libdmtx and zbar. Runs ONLY inside the decode worker (it calls ZXing, zbar and
// libdmtx, any of which may abort); every stage is bounded by a deadline and by the frame size.
// Never include this from kiosk/ or ui/.
#pragma once
#include <chrono>
#include <cstdint>
#include <vector>

#include "devices/decode.h"

namespace onestop::devices {

// Stages, as bits, so the benchmark can turn each off (ablation). What each buys is measured in
// docs/benchmarks.md "Label decoding".
enum RecoveryStage : std::uint32_t {
  kStageGlobal = 1u << 0,     // ZXing global-histogram binarizer on the whole frame
  kStageNormalize = 1u << 1,  // local min/max contrast normalisation, then ZXing (both binarizers)
  kStageCrops = 1u << 2,      // candidate regions decoded by ZXing as crops (upscaled when small)
  kStageMirror = 1u << 3,     // mirrored crops and frame (2D symbols printed or seen mirrored)
  kStageRotate = 1u << 4,     // linear candidates rotated upright by their measured orientation
  kStageDmtx = 1u << 5,       // libdmtx on Data-Matrix-like candidate crops
  kStageZbar = 1u << 6,       // zbar (QR + Code 128) on the normalised frame and linear crops
};
inline constexpr std::uint32_t kAllStages = 0x7f;

struct RecoveryOptions {
  std::uint32_t stages = kAllStages;
  // Still images: the whole recovery, checked between engine calls (one call may overrun a little).
  std::chrono::microseconds still_budget{350000};
};

// Still image: `found` is what the fast path (Tuning::kStill) read. When it is empty, every enabled
// stage runs until one reads something or the budget is spent; when it is not, only the candidate
// crops away from the symbols already found run (a second label in the same photo).
std::vector<Symbol> RecoverStill(const std::uint8_t* pixels, int width, int height, std::vector<Symbol> found,
                                 const RecoveryOptions& options = {});

// Tuning::kStill: the fast still pass (Tuning::kStillFast), then RecoverStill.
std::vector<Symbol> DecodeStill(const std::uint8_t* pixels, int width, int height, const RecoveryOptions& options = {});

// Live camera mode: the fast path (one ZXing pass) every frame; when it reads nothing, ONE recovery
// step (a few ms) per frame, cycling through the steps on consecutive frames. A step that read
// something is repeated first on the next frames ("sticky"), so the multi-frame confirmation sees
// the label on consecutive frames. The state lives in the worker (one worker per camera).
struct LiveRecoveryState {
  std::uint32_t frame = 0;
  int next_step = 0;
  int sticky = -1;
  int sticky_misses = 0;
};
std::vector<Symbol> DecodeLive(const std::uint8_t* pixels, int width, int height, LiveRecoveryState& state,
                               const RecoveryOptions& options = {});

}  // namespace onestop::devices
