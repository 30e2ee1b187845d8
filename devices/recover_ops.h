// Building blocks of the recovery pipeline (recover.h): the engines (ZXing, zbar, libdmtx) on one
// view, the image operations (normalisation, mirror, warp) and candidate regions (found in
// recover_regions.cpp). Shared by the still pass (recover.cpp) and the live scheduler
// (recover_live.cpp). Internal to devices/: it calls libraries that may abort, so it must only run
// inside the decode worker, like recover.h.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "devices/decode.h"

namespace onestop::devices::rec {

using Map = std::function<PointI(double, double)>;  // engine-image coords -> frame coords

struct View {
  const std::uint8_t* p;
  int w, h;
  std::uint8_t at(int x, int y) const { return p[static_cast<std::size_t>(y) * w + x]; }
};

inline GrayImage Make(int w, int h) { return GrayImage{w, h, std::vector<std::uint8_t>(static_cast<std::size_t>(w) * h)}; }
inline View V(const GrayImage& g) { return View{g.pixels.data(), g.width, g.height}; }

// Adds `s` unless the same code (format + payload) is already there; recovered Code 128 must parse
// as a label (recover.cpp says why).
void Add(std::vector<Symbol>& out, Symbol s, bool validate_linear);

enum Formats : std::uint8_t { k2DFormats = 1, kLinearFormats = 2, kAllFormats = 3 };
void Zx(std::vector<Symbol>& out, View v, Formats formats, bool global, bool harder, const Map& map, bool rotate = true);
void Zbar(std::vector<Symbol>& out, View v, const Map& map);
void Dmtx(std::vector<Symbol>& out, View v, int ms, bool mirrored, const Map& map);

GrayImage Normalize(View v);
GrayImage MirrorX(View v);

struct Region {
  int x = 0, y = 0, w = 0, h = 0;
  double angle = 0;      // gradient direction (radians): bars of a linear code are perpendicular
  double coherence = 0;  // 0 = isotropic (2D symbol, text), 1 = one direction (bars)
  double score = 0;
  // Second round: the oriented box of the busy blocks (centre, extent along `angle` and across it,
  // px); a tilted barcode's crop is then its own size, not its axis-aligned box turned (3x the
  // pixels at 45°). olen == 0: unknown.
  double ocx = 0, ocy = 0, olen = 0, owid = 0;
};
inline bool Linearish(const Region& r) { return r.coherence >= 0.5; }

// Candidate symbol regions, best first (recover_regions.cpp). `v` is contrast-normalised (Normalize),
// or a raw frame with `scale_by_contrast` (each block's gradient scaled by its local ink-paper range
// instead). `split`: the second version (noise gate, tilted symbols, opened components).
std::vector<Region> Candidates(View v, std::size_t max_regions, bool scale_by_contrast = false, bool split = false);
// The region plus a quiet-zone margin, rotated by -angle about its centre and scaled by `s`.
GrayImage Warp(View v, const Region& r, double angle_rad, double s, Map& map);
double UpscaleFor(const Region& r);
// The second scale for a small 2D candidate (kStageFineScale), or 0 when it has none.
double FineScaleFor(const Region& r);
// True when a found symbol covers most of `r` (or `r` most of it).
bool Covered(const Region& r, const std::vector<Symbol>& found);
Map Identity();
Map Mirrored(int w);

// 2D symbols in one crop: ZXing (both binarizers), mirrored, then libdmtx for `dmtx_ms` when ZXing
// read nothing. `stages` are recover.h's RecoveryStage bits.
void Crop2D(std::vector<Symbol>& out, View src, const Region& r, std::uint32_t stages, int dmtx_ms, bool zxing,
            bool harder = true);
// A small 2D candidate cropped at `scale` (FineScaleFor, kStageFineScale): ZXing, then mirrored.
void CropFine(std::vector<Symbol>& out, View src, const Region& r, double scale, std::uint32_t stages, bool harder = true);
// A linear candidate turned so its bars stand upright, then read as a row scanner reads.
void CropLinear(std::vector<Symbol>& out, View src, const Region& r, std::uint32_t stages);

}  // namespace onestop::devices::rec
