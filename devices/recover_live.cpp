// Live camera recovery (recover.h, Tuning::kLiveRecover): a per-frame time budget over a plan of
// work items, resumed across frames, with the items that read a code re-run first on the next
// frames. Runs only inside the decode worker. It must not hold a frame longer than the fast pass,
// the re-runs (at most 3 items) and the budget plus one item's overrun, and never return a code
// that did not decode on this very frame (confirmation counts frames).
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "devices/recover.h"

namespace onestop::devices {

using namespace rec;

namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// Coarse scene signature: mean of a sparse sample per 32x32 block. A held label on a still tablet
// changes it by sensor noise only; a moved camera or a new label by much more.
std::vector<std::uint8_t> Thumb(View v) {
  const int B = 32, tw = (v.w + B - 1) / B, th = (v.h + B - 1) / B;
  std::vector<std::uint32_t> sum(static_cast<std::size_t>(tw) * th, 0), n(sum.size(), 0);
  for (int y = 2; y < v.h; y += 4) {
    const std::uint8_t* row = v.p + static_cast<std::size_t>(y) * v.w;
    const std::size_t b0 = static_cast<std::size_t>(y / B) * tw;
    for (int x = 2; x < v.w; x += 4) sum[b0 + static_cast<std::size_t>(x / B)] += row[x], ++n[b0 + static_cast<std::size_t>(x / B)];
  }
  std::vector<std::uint8_t> t(sum.size());
  for (std::size_t i = 0; i < t.size(); ++i) t[i] = static_cast<std::uint8_t>(n[i] ? sum[i] / n[i] : 0);
  return t;
}

bool SameScene(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
  if (a.size() != b.size() || a.empty()) return false;
  long diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff += std::abs(static_cast<int>(a[i]) - static_cast<int>(b[i]));
  return diff <= static_cast<long>(a.size()) * 4;  // mean block change of at most 4 levels
}

void ResetScene(LiveRecoveryState& s) {
  s.regions.clear();
  s.plan = {{LiveItem::kGlobal, -1}, {LiveItem::kPlan, -1}};
  s.cursor = 0;
  s.second_done = false;
}

// After the candidates are known: cheap crops of the best regions first (most reads per ms on the
// set), then the normalised frame, then libdmtx, the slowest engine, one crop per item. Measured and
// left out (no read on the set for their cost): fixed tiles, the mirrored frame, crops turned 90°,
// ZXing tryHarder on the whole frame, more than 6 candidates.
void BuildPlan(LiveRecoveryState& s, std::uint32_t st) {
  auto& p = s.plan;
  p = {{LiveItem::kGlobal, -1}};
  const int n = static_cast<int>(s.regions.size());
  for (int i = 0; i < n; ++i) {
    const Region& r = s.regions[static_cast<std::size_t>(i)];
    if (Linearish(r)) {
      p.push_back({LiveItem::kLinear, i});
      continue;
    }
    p.push_back({LiveItem::kCrop2D, i}), p.push_back({LiveItem::kCropMirror, i});
    if ((st & kStageFineScale) && FineScaleFor(r) > 0) p.push_back({LiveItem::kCropFine, i});
  }
  // The normalised frame: 15 ms per call and no first read on the set once the second-round
  // regions cover faded labels (3 runs); kept only with the first-round stages.
  if (!(st & kStageRegions)) p.push_back({LiveItem::kNormFrame, -1});
  for (int i = 0; i < n; ++i)
    if (s.regions[static_cast<std::size_t>(i)].coherence < 0.7)
      p.push_back({LiveItem::kDmtx, i}), p.push_back({LiveItem::kDmtxMirror, i});
}

// One crop of a candidate, normalised on its own (cheaper than normalising the frame).
GrayImage NormCrop(View src, const Region& r, double angle, double scale, Map& map) {
  GrayImage c = Warp(src, r, angle, scale, map);
  return Normalize(V(c));
}

void RunItem(std::vector<Symbol>& out, View src, LiveItem item, const Region& r, std::uint32_t st,
             LiveRecoveryState& s) {
  switch (item) {
    case LiveItem::kGlobal:
      if (st & kStageGlobal) Zx(out, src, kAllFormats, true, false, Identity());
      break;
    case LiveItem::kPlan:
      if (st & (kStageCrops | kStageRotate | kStageDmtx | kStageMirror)) s.regions = Candidates(src, 6, true, st & kStageRegions);
      BuildPlan(s, st);
      break;
    case LiveItem::kCrop2D:
      if (st & kStageCrops) {
        Map map;
        GrayImage c = NormCrop(src, r, 0, UpscaleFor(r), map);
        const std::size_t before = out.size();
        Zx(out, V(c), k2DFormats, true, true, map, false);
        if (out.size() == before) Zx(out, V(c), k2DFormats, false, true, map, false);
      }
      break;
    case LiveItem::kCropMirror:
      if (st & kStageMirror) {
        Map map;
        GrayImage c = NormCrop(src, r, 0, UpscaleFor(r), map);
        GrayImage m = MirrorX(V(c));
        const int w = c.width;
        Zx(out, V(m), k2DFormats, true, true, [&map, w](double x, double y) { return map(w - 1 - x, y); }, false);
      }
      break;
    case LiveItem::kCropFine:
      if (st & kStageFineScale) {
        // Normalised at the frame's scale (a ninth of the pixels), then upscaled by CropFine; the
        // region sits at the crop's margin (Warp's 16 px at scale 1).
        Map map;
        GrayImage c = NormCrop(src, r, 0, 1.0, map);
        Region inner = r;
        inner.x = 16, inner.y = 16;
        std::vector<Symbol> got;
        CropFine(got, V(c), inner, FineScaleFor(r), st);
        for (auto& sym : got) {
          for (auto& p : sym.corners) p = map(p.x, p.y);
          Add(out, std::move(sym), true);
        }
      }
      break;
    case LiveItem::kLinear:
      if (st & kStageRotate) {
        Map map;
        GrayImage c = NormCrop(src, r, r.angle, 1.0, map);
        // Second round: upright already, so no 90° retry, and ZXing's normal row step (32 rows
        // across the crop, several through any barcode band) instead of tryHarder's every other
        // row: a 45° crop of a long barcode is ~600x600 px (measured 40 ms per frame on re-runs).
        const bool second = st & kStageRegions;
        const std::size_t before = out.size();
        Zx(out, V(c), kLinearFormats, false, !second, map, !second);
        if ((second ? out.size() == before : out.empty()) && (st & kStageZbar)) Zbar(out, V(c), map);
      }
      break;
    case LiveItem::kNormFrame:
      if (st & kStageNormalize) {
        // After local normalisation a global threshold is an adaptive one, and ZXing's global
        // binarizer costs ~1 ms where its local one spends ~9 ms on the amplified clutter.
        GrayImage n = Normalize(src);
        Zx(out, V(n), kAllFormats, true, false, Identity());
      }
      break;
    case LiveItem::kDmtx:
    case LiveItem::kDmtxMirror:
      if (st & kStageDmtx) {
        Map map;
        GrayImage c = NormCrop(src, r, 0, UpscaleFor(r), map);
        Dmtx(out, V(c), 2, item == LiveItem::kDmtxMirror, map);
      }
      break;
  }
}

bool WholeFrame(LiveItem i) {
  return i == LiveItem::kGlobal || i == LiveItem::kNormFrame;
}

}  // namespace

std::vector<Symbol> DecodeLive(const std::uint8_t* pixels, int width, int height, LiveRecoveryState& state,
                               const RecoveryOptions& options) {
  std::vector<Symbol> out;
  if (!pixels || width <= 0 || height <= 0 || static_cast<std::int64_t>(width) * height > kMaxPixels) return out;
  const View src{pixels, width, height};
  ++state.frame;
  // The fast path: one ZXing pass (~2 ms at 720p), exactly Tuning::kLiveStream.
  for (auto& s : DecodeInProcess(pixels, width, height, Tuning::kLiveStream)) Add(out, std::move(s), false);
  if (options.stages == 0) return out;
  auto thumb = Thumb(src);
  if (!SameScene(thumb, state.thumb)) {
    ResetScene(state);
    state.fast_frames = 0;
  }
  state.thumb = std::move(thumb);
  const bool had = !out.empty();
  state.fast_frames = had ? state.fast_frames + 1 : 0;
  // The fast pass read something: let its confirmation run undisturbed (clean frames cost the fast
  // pass only), then search the rest of the scene for a second label, once. A second label found
  // by that search is still re-read on the next frames (its hot item) after the search has ended:
  // it needs 3 sightings like any other (measured: pairs found late in the search went unconfirmed).
  const bool search = !(had && (state.fast_frames < 4 || state.second_done || !options.live_second_label));
  if (!search && (state.hot.empty() || !(options.stages & kStageRegions))) return out;

  const auto t0 = Clock::now();
  const double budget = std::chrono::duration<double, std::milli>(options.live_budget).count();
  const std::uint32_t st = options.stages;
  // Items that read a code on the last frames, first: usually one crop, so confirmation is cheap.
  for (auto it = state.hot.begin(); it != state.hot.end();) {
    const std::size_t before = out.size();
    RunItem(out, src, it->item, it->region, st, state);
    if (out.size() > before) it->misses = 0, ++it;
    else if (++it->misses >= 3) it = state.hot.erase(it);
    else ++it;
  }
  if (!search) return out;
  // Then the plan, resumed where the last frame stopped, while the budget lasts.
  if (state.plan.empty()) ResetScene(state);
  // A second label gets half the budget: those frames already carry a confirmed code, and the
  // search must not make a clean scene's frames slow (measured: full budget doubles their median).
  const double limit = had ? budget / 2 : budget;
  bool worked = !state.hot.empty();
  for (std::size_t ran = 0; ran < state.plan.size(); ++ran) {
    const auto [item, ri] = state.plan[state.cursor];
    const Region r = ri >= 0 && static_cast<std::size_t>(ri) < state.regions.size() ? state.regions[static_cast<std::size_t>(ri)] : Region{};
    // A second label: whole-frame passes would re-read the first, and libdmtx costs too much per
    // read. Skipped items cost no frame. (Skipping non-square 2D crops lost second labels: measured.)
    const bool skip = (ri >= 0 && Covered(r, out)) ||
                      (had && (WholeFrame(item) || item == LiveItem::kDmtx || item == LiveItem::kDmtxMirror));
    if (!skip && worked && MsSince(t0) + state.cost_ms[static_cast<int>(item)] > limit) break;
    state.cursor = (state.cursor + 1) % state.plan.size();
    if (state.cursor == 0 && had && item != LiveItem::kPlan) state.second_done = true;  // one pass is enough
    if (skip) continue;
    worked = true;
    const std::size_t before = out.size();
    const auto ti = Clock::now();
    RunItem(out, src, item, r, st, state);
    const double took = MsSince(ti);
    const int k = static_cast<int>(item);
    state.cost_ms[k] = 0.7 * state.cost_ms[k] + 0.3 * took;
    state.item_ms[k] += took, ++state.item_runs[k], state.item_max_ms[k] = std::max(state.item_max_ms[k], took);
    if (out.size() > before) {
      ++state.hits[static_cast<int>(item)];
      const bool known = std::any_of(state.hot.begin(), state.hot.end(), [&](const LiveHit& h) {
        return h.item == item && h.region.x == r.x && h.region.y == r.y;
      });
      if (!known && state.hot.size() < 3) state.hot.push_back({item, r, 0});
      break;  // one new read per frame is enough; its item repeats on the next frames
    }
    if (item == LiveItem::kPlan) state.cursor = std::min<std::size_t>(1, state.plan.size() - 1);  // BuildPlan: after kGlobal
  }
  return out;
}

}  // namespace onestop::devices
