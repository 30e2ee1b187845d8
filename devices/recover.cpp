// Still images (recover.h): the fast still pass, then the whole recovery within a budget. The
// building blocks live in recover_ops.cpp, the live scheduler in recover_live.cpp. Runs only inside
// the decode worker; never spends more than the budget (fast pass included) plus one crop's engine call.
#include "devices/recover.h"

#include <ZXing/ReadBarcode.h>

#include <algorithm>

#include "devices/recover_ops.h"

namespace onestop::devices {

using namespace rec;
using ZXing::BarcodeFormat;
using Clock = std::chrono::steady_clock;

std::vector<Symbol> RecoverStill(const std::uint8_t* pixels, int width, int height, std::vector<Symbol> found,
                                 const RecoveryOptions& options, Clock::time_point started) {
  if (!pixels || width <= 0 || height <= 0 || static_cast<std::int64_t>(width) * height > kMaxPixels) return found;
  const bool had = !found.empty();
  // A second label in a photo the fast pass already read: a smaller budget and a short libdmtx
  // timeout (libdmtx on clutter crops was most of the 99 ms median such photos paid).
  const auto deadline = std::min(started + options.still_budget, had ? Clock::now() + options.second_label_budget : Clock::time_point::max());
  const int dmtx_cap = had ? options.second_label_dmtx_ms : 60;
  auto time_left = [&] { return Clock::now() < deadline; };
  auto room_for_full_frame = [&] { return Clock::now() + options.still_full_frame_call <= deadline; };
  auto ms_left = [&] {
    return static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
  };
  const std::uint32_t st = options.stages;
  const View src{pixels, width, height};
  std::vector<Symbol>& out = found;

  GrayImage norm = Normalize(src);
  const View nv = V(norm);
  if (!had) {
    if ((st & kStageNormalize) && time_left()) {
      Zx(out, nv, kAllFormats, true, false, Identity());
      if (out.empty()) Zx(out, nv, kAllFormats, false, false, Identity());
    }
  }
  // Candidate regions, best first: on the normalised frame (contrast-independent) as first merged,
  // or (kStageRegions) on the raw frame with per-block contrast gain, where the noise gate can tell
  // sensor noise from faded print.
  std::vector<Region> regions;
  if (st & (kStageCrops | kStageDmtx | kStageRotate | kStageMirror))
    regions = (st & kStageRegions) ? Candidates(src, 10, true, true) : Candidates(nv, 10);
  for (const auto& r : regions) {
    if (!time_left()) break;
    if (had && Covered(r, found)) continue;
    const std::size_t before = out.size();
    if (Linearish(r)) CropLinear(out, nv, r, st);
    if (out.size() == before) Crop2D(out, nv, r, st, std::min(dmtx_cap, std::max(0, ms_left())), true);
    if (out.size() == before && Linearish(r) && (st & kStageZbar)) {  // the raw crop too: zbar prefers it
      Map map;
      GrayImage crop = Warp(src, r, r.angle, 1.0, map);
      Zbar(out, V(crop), map);
    }
  }
  if (had || !out.empty()) return out;
  if ((st & kStageZbar) && room_for_full_frame()) Zbar(out, nv, Identity());
  if ((st & kStageZbar) && out.empty() && room_for_full_frame()) Zbar(out, src, Identity());
  if ((st & kStageMirror) && out.empty() && room_for_full_frame()) {
    GrayImage m = MirrorX(nv);
    Zx(out, V(m), k2DFormats, false, true, Mirrored(width));
  }
  if ((st & kStageGlobal) && out.empty() && room_for_full_frame()) Zx(out, src, kAllFormats, true, true, Identity());
  return out;
}

std::vector<Symbol> DecodeStill(const std::uint8_t* pixels, int width, int height, const RecoveryOptions& options) {
  // The still fast pass is kStillFast without Micro QR: Debian's 1.4.0 asserts in SampleMQR
  // (RegressionLine.h:144) on cluttered frames of the degraded set, and Micro QR is no ward label.
  const auto started = Clock::now();
  std::vector<Symbol> found;
  const ZXing::ImageView view(pixels, width, height, ZXing::ImageFormat::Lum);
  const auto still2d = BarcodeFormat::QRCode | BarcodeFormat::DataMatrix | BarcodeFormat::Aztec | BarcodeFormat::PDF417;
  ZXing::DecodeHints h2d;
  h2d.setFormats(still2d).setTryHarder(true).setTryRotate(true).setTryDownscale(true);
  ZXing::DecodeHints h1d;
  h1d.setFormats(BarcodeFormat::LinearCodes).setTryHarder(true).setTryRotate(true).setTryDownscale(false);
  auto take = [&](const ZXing::Results& rs) {
    for (const auto& r : rs) {
      if (!r.isValid()) continue;
      Symbol s;
      s.format = ZXing::ToString(r.format());
      s.text = r.text();
      s.symbology_id = r.symbologyIdentifier();
      for (int i = 0; i < 4; ++i) s.corners[static_cast<std::size_t>(i)] = {r.position()[i].x, r.position()[i].y};
      Add(found, std::move(s), false);
    }
  };
  take(ZXing::ReadBarcodes(view, h2d));
  take(ZXing::ReadBarcodes(view, h1d));
  if (found.empty()) {  // as kStillFast: the global binarizer reads what the local one misses at low contrast
    take(ZXing::ReadBarcodes(view, h2d.setBinarizer(ZXing::Binarizer::GlobalHistogram)));
    take(ZXing::ReadBarcodes(view, h1d.setBinarizer(ZXing::Binarizer::GlobalHistogram)));
  }
  if (options.stages == 0) return found;
  return RecoverStill(pixels, width, height, std::move(found), options, started);
}

}  // namespace onestop::devices
