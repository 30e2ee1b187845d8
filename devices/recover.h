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
#include "devices/recover_ops.h"

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
  // Second round (2026-11-30 afternoon): candidate regions gated by the frame's noise level, tilted
  // symbols kept, and the opened mask's components (a symbol cut free of touching text and stripes).
  kStageRegions = 1u << 7,
  // Small 2D candidates (under 160 px) also cropped at 3x: a 2 px module blurred by the lens reads
  // at 3x where 2x fails (measured on crops); the module size cannot be told from the texture.
  kStageFineScale = 1u << 8,
};
inline constexpr std::uint32_t kAllStages = 0x1ff;
// The stages as merged before the second round (the benchmark's "previous" columns).
inline constexpr std::uint32_t kFirstRoundStages = 0x7f;

struct RecoveryOptions {
  std::uint32_t stages = kAllStages;
  // Still images: the whole decode, counted from the start of the fast pass, so a photo that needs
  // all of it stays within the 400 ms. Checked between engine calls; a whole-frame call
  // starts only when `still_full_frame_call` is left, so one call overruns by at most a crop's cost.
  std::chrono::microseconds still_budget{350000};
  std::chrono::microseconds still_full_frame_call{50000};
  // Still images the fast pass read something in: the search for a second label (the previous
  // pipeline spent the whole still budget and 60 ms libdmtx timeouts on it).
  std::chrono::microseconds second_label_budget{120000};
  int second_label_dmtx_ms = 15;
  // Live frames: recovery work per frame beyond the fast pass (an item starts only when its
  // measured cost fits, or when it is the frame's first).
  std::chrono::microseconds live_budget{2500};
  // Live frames the fast pass read: search the rest of the scene for a second label.
  bool live_second_label = true;
};

// Still image: `found` is what the fast path (Tuning::kStill) read. When it is empty, every enabled
// stage runs until one reads something or the budget is spent; when it is not, only the candidate
// crops away from the symbols already found run (a second label in the same photo).
// `started`: when the fast pass began (the still budget counts from there).
std::vector<Symbol> RecoverStill(const std::uint8_t* pixels, int width, int height, std::vector<Symbol> found,
                                 const RecoveryOptions& options = {},
                                 std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now());

// Tuning::kStill: the fast still pass (Tuning::kStillFast), then RecoverStill.
std::vector<Symbol> DecodeStill(const std::uint8_t* pixels, int width, int height, const RecoveryOptions& options = {});

// Live camera mode (Tuning::kLiveRecover, recover_live.cpp): the fast path (one ZXing pass) every
// frame; recovery work items (whole-frame passes, candidate crops, libdmtx on one crop) run within
// `live_budget` per frame, resumed where the previous frame stopped, so the preview never waits.
// Where an item read a code, it is re-run first on the next frames (cheap: one crop), so the 3-of-5
// confirmation sees the label on consecutive frames. The candidate regions are found once per scene
// (a coarse thumbnail says when the scene changed). Once the fast pass has read the same codes for
// a few frames, the remaining candidates are searched for a second label, once per scene.
// The state lives in the worker (one worker per camera).
enum class LiveItem : std::uint8_t {
  kGlobal,       // ZXing global-histogram binarizer, whole frame
  kPlan,         // find the candidate regions of the scene (builds the rest of the plan)
  kCrop2D,       // one candidate: normalised crop, ZXing 2D
  kCropMirror,   // the same crop mirrored
  kLinear,       // one bar-like candidate turned upright: ZXing Code 128 + zbar
  kNormFrame,    // whole frame normalised, ZXing
  kDmtx,         // libdmtx on one candidate crop, short timeout
  kDmtxMirror,   // the same, mirrored
  kCropFine,     // a small candidate at 3x (kStageFineScale), then mirrored
};
inline constexpr int kLiveItems = 9;

struct LiveHit {
  LiveItem item = LiveItem::kGlobal;
  rec::Region region;  // unused for whole-frame items
  int misses = 0;
};

struct LiveRecoveryState {
  std::uint32_t frame = 0;
  std::vector<std::uint8_t> thumb;  // block means of the last frame: the scene-change test
  std::vector<rec::Region> regions;  // this scene's candidates
  std::vector<std::pair<LiveItem, int>> plan;  // items (and region index) in order; cycles
  std::size_t cursor = 0;
  std::vector<LiveHit> hot;   // items that read a code on recent frames: run first
  int fast_frames = 0;        // consecutive frames the fast pass read something in
  bool second_done = false;   // the second-label search ran through the plan once in this scene
  double cost_ms[kLiveItems] = {1.0, 1.5, 1.0, 1.0, 1.0, 7.0, 3.0, 3.0, 1.5};  // running estimates
  // For the benchmark: items that read a code, and their run time (sum, count, max).
  int hits[kLiveItems] = {};
  double item_ms[kLiveItems] = {}, item_max_ms[kLiveItems] = {};
  int item_runs[kLiveItems] = {};
};
std::vector<Symbol> DecodeLive(const std::uint8_t* pixels, int width, int height, LiveRecoveryState& state,
                               const RecoveryOptions& options = {});

}  // namespace onestop::devices
