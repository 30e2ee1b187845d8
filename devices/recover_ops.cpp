// Recovery building blocks (recover_ops.h). Image operations are written here on purpose (no
// OpenCV on the kiosk); each allocates at most a few frame-sized buffers, so the worker's RLIMIT_AS
// holds. Linear formats never go through ZXing's downscale pyramid (Debian 1.4.0 asserts, see
// decode.cpp). Results from recovery that a weak check protects (Code 128's mod-103) must parse.
#include "devices/recover_ops.h"

// zbar before ZXing: ZXing 1.4's Error.h defines a macro named UnsupportedError that breaks zbar's class.
#include <zbar.h>
#include <dmtx.h>
#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <cmath>

#include "devices/recover.h"
#include "kiosk/core/labels.h"

namespace onestop::devices::rec {

using ZXing::BarcodeFormat;

namespace {

// ---- fusion -------------------------------------------------------------------------------------

bool SameSymbol(const Symbol& a, const Symbol& b) { return a.format == b.format && a.LabelPayload() == b.LabelPayload(); }

const ZXing::BarcodeFormats k2D = BarcodeFormat::QRCode | BarcodeFormat::DataMatrix;

}  // namespace

// Adds `s` unless the same code (format + payload) is already there. Linear codes found by
// recovery must parse as a label: more attempts on clutter mean more chances for a misread that
// passes Code 128's weak checksum, and a wrong asset is worse than a retry.
void Add(std::vector<Symbol>& out, Symbol s, bool validate_linear) {
  if (s.text.empty()) return;
  for (const auto& o : out)
    if (SameSymbol(o, s)) return;
  if (validate_linear && s.format == "Code128" && !labels::ParseLabel(s.LabelPayload()).ok()) return;
  out.push_back(std::move(s));
}

// ---- engines ------------------------------------------------------------------------------------

void Zx(std::vector<Symbol>& out, View v, Formats formats, bool global, bool harder, const Map& map, bool rotate) {
  const ZXing::ImageView view(v.p, v.w, v.h, ZXing::ImageFormat::Lum);
  ZXing::BarcodeFormats f;
  if (formats & k2DFormats) f |= k2D;
  if (formats & kLinearFormats) f |= BarcodeFormat::Code128;
  ZXing::DecodeHints hints;
  hints.setFormats(f).setTryHarder(harder).setTryRotate(harder && rotate).setTryDownscale(false);
  if (global) hints.setBinarizer(ZXing::Binarizer::GlobalHistogram);
  for (const auto& r : ZXing::ReadBarcodes(view, hints)) {
    if (!r.isValid()) continue;
    Symbol s;
    s.format = ZXing::ToString(r.format());
    s.text = r.text();
    s.symbology_id = r.symbologyIdentifier();
    for (int i = 0; i < 4; ++i) s.corners[static_cast<std::size_t>(i)] = map(r.position()[i].x, r.position()[i].y);
    Add(out, std::move(s), true);
  }
}

// zbar reads low-contrast and noisy QR / Code 128 that ZXing 1.4 misses (measured). Only those two
// symbologies: the others are not ward labels and only add false reads on clutter.
void Zbar(std::vector<Symbol>& out, View v, const Map& map) {
  zbar::ImageScanner scanner;
  scanner.set_config(zbar::ZBAR_NONE, zbar::ZBAR_CFG_ENABLE, 0);
  scanner.set_config(zbar::ZBAR_QRCODE, zbar::ZBAR_CFG_ENABLE, 1);
  scanner.set_config(zbar::ZBAR_CODE128, zbar::ZBAR_CFG_ENABLE, 1);
  zbar::Image img(static_cast<unsigned>(v.w), static_cast<unsigned>(v.h), "Y800", v.p,
                  static_cast<unsigned long>(v.w) * static_cast<unsigned long>(v.h));
  scanner.scan(img);
  for (auto it = img.symbol_begin(); it != img.symbol_end(); ++it) {
    Symbol s;
    const bool qr = it->get_type() == zbar::ZBAR_QRCODE;
    const bool gs1 = (zbar_symbol_get_modifiers(*it) >> zbar::ZBAR_MOD_GS1) & 1u;
    s.format = qr ? "QRCode" : "Code128";
    s.symbology_id = qr ? (gs1 ? "]Q3" : "]Q1") : (gs1 ? "]C1" : "]C0");
    s.text = it->get_data();
    const int n = it->get_location_size();
    int x0 = v.w, y0 = v.h, x1 = 0, y1 = 0;
    for (int i = 0; i < n; ++i) {
      x0 = std::min(x0, it->get_location_x(static_cast<unsigned>(i)));
      x1 = std::max(x1, it->get_location_x(static_cast<unsigned>(i)));
      y0 = std::min(y0, it->get_location_y(static_cast<unsigned>(i)));
      y1 = std::max(y1, it->get_location_y(static_cast<unsigned>(i)));
    }
    if (n > 0) s.corners = {map(x0, y0), map(x1, y0), map(x1, y1), map(x0, y1)};
    Add(out, std::move(s), true);
  }
  img.set_data(nullptr, 0);  // the pixels belong to the caller
}

// libdmtx reads Data Matrix crops ZXing 1.4 misses (small modules, clutter, damage). Bounded by
// `ms`. FNC1 comes back as GS (DmtxPropFnc1); a leading one marks GS1 data (AIM "]d2").
void Dmtx(std::vector<Symbol>& out, View v, int ms, bool mirrored, const Map& map) {
  DmtxImage* img = dmtxImageCreate(const_cast<unsigned char*>(v.p), v.w, v.h, DmtxPack8bppK);
  if (!img) return;
  // libdmtx's rows run bottom-up; DmtxFlipY makes it see the image as we do, and leaving it off
  // is exactly a mirrored view (a Data Matrix seen through its back, or printed mirrored).
  dmtxImageSetProp(img, DmtxPropImageFlip, mirrored ? DmtxFlipNone : DmtxFlipY);
  DmtxDecode* dec = dmtxDecodeCreate(img, 1);
  if (!dec) {
    dmtxImageDestroy(&img);
    return;
  }
  dmtxDecodeSetProp(dec, DmtxPropFnc1, 0x1d);
  DmtxTime deadline = dmtxTimeAdd(dmtxTimeNow(), ms);
  for (int found = 0; found < 2; ++found) {
    DmtxRegion* reg = dmtxRegionFindNext(dec, &deadline);
    if (!reg) break;
    DmtxMessage* msg = dmtxDecodeMatrixRegion(dec, reg, DmtxUndefined);
    if (msg) {
      Symbol s;
      s.format = "DataMatrix";
      std::string text(reinterpret_cast<const char*>(msg->output), static_cast<std::size_t>(msg->outputIdx));
      const bool gs1 = !text.empty() && text[0] == '\x1d';
      s.symbology_id = gs1 ? "]d2" : "]d1";
      s.text = gs1 ? text.substr(1) : text;
      const double corners[4][2] = {{0, 1}, {1, 1}, {1, 0}, {0, 0}};
      for (int i = 0; i < 4; ++i) {
        DmtxVector2 p{corners[i][0], corners[i][1]};
        dmtxMatrix3VMultiplyBy(&p, reg->fit2raw);
        const double y = mirrored ? p.Y : v.h - 1 - p.Y;
        s.corners[static_cast<std::size_t>(i)] = map(p.X, y);
      }
      Add(out, std::move(s), true);
      dmtxMessageDestroy(&msg);
    }
    dmtxRegionDestroy(&reg);
  }
  dmtxDecodeDestroy(&dec);
  dmtxImageDestroy(&img);
}

// ---- image operations ---------------------------------------------------------------------------

// Local min/max stretch: the ink and paper levels are estimated per block (dilated over the 3x3
// neighbourhood so a block inside a dark finder pattern still sees paper), interpolated per pixel,
// and the pixel is mapped to [0, 255] between them. Undoes shadow ramps, faded ink and most of a
// glare spot; a floor on the range keeps flat regions from turning into amplified noise.
GrayImage Normalize(View v) {
  const int B = 32;
  const int bw = (v.w + B - 1) / B, bh = (v.h + B - 1) / B;
  std::vector<std::uint8_t> mn(static_cast<std::size_t>(bw) * bh, 255), mx(static_cast<std::size_t>(bw) * bh, 0);
  for (int y = 0; y < v.h; ++y) {
    const std::uint8_t* row = v.p + static_cast<std::size_t>(y) * v.w;
    const std::size_t b0 = static_cast<std::size_t>(y / B) * bw;
    for (int x = 0; x < v.w; ++x) {
      const std::size_t b = b0 + static_cast<std::size_t>(x / B);
      mn[b] = std::min(mn[b], row[x]);
      mx[b] = std::max(mx[b], row[x]);
    }
  }
  std::vector<float> lo(mn.size()), hi(mx.size());
  for (int by = 0; by < bh; ++by)
    for (int bx = 0; bx < bw; ++bx) {
      int a = 255, b = 0;
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          const int yy = std::clamp(by + dy, 0, bh - 1), xx = std::clamp(bx + dx, 0, bw - 1);
          a = std::min<int>(a, mn[static_cast<std::size_t>(yy) * bw + xx]);
          b = std::max<int>(b, mx[static_cast<std::size_t>(yy) * bw + xx]);
        }
      // Floor the range at 40 levels around its middle: sensor noise on flat paper stays flat
      // (a lower floor amplifies it into texture that costs ZXing's binarizer many ms per frame).
      if (b - a < 40) {
        const int mid = (a + b) / 2;
        a = mid - 20;
        b = mid + 20;
      }
      lo[static_cast<std::size_t>(by) * bw + bx] = static_cast<float>(a);
      hi[static_cast<std::size_t>(by) * bw + bx] = static_cast<float>(b);
    }
  // Per row: the block levels interpolated vertically, then per 8-pixel run horizontally (the
  // levels vary smoothly, so a run-constant map is indistinguishable and ~5x cheaper than per pixel).
  GrayImage out = Make(v.w, v.h);
  std::vector<float> rlo(static_cast<std::size_t>(bw)), rhi(static_cast<std::size_t>(bw));
  for (int y = 0; y < v.h; ++y) {
    const float fy = std::clamp((y + 0.5f) / B - 0.5f, 0.0f, static_cast<float>(bh - 1));
    const int y0 = static_cast<int>(fy), y1 = std::min(y0 + 1, bh - 1);
    const float wy = fy - static_cast<float>(y0);
    for (int bx = 0; bx < bw; ++bx) {
      const std::size_t a = static_cast<std::size_t>(y0) * bw + bx, b = static_cast<std::size_t>(y1) * bw + bx;
      rlo[static_cast<std::size_t>(bx)] = lo[a] * (1 - wy) + lo[b] * wy;
      rhi[static_cast<std::size_t>(bx)] = hi[a] * (1 - wy) + hi[b] * wy;
    }
    const std::uint8_t* in = v.p + static_cast<std::size_t>(y) * v.w;
    std::uint8_t* o = out.pixels.data() + static_cast<std::size_t>(y) * v.w;
    for (int x0 = 0; x0 < v.w; x0 += 8) {
      const float fx = std::clamp((x0 + 4.0f) / B - 0.5f, 0.0f, static_cast<float>(bw - 1));
      const int b0 = static_cast<int>(fx), b1 = std::min(b0 + 1, bw - 1);
      const float wx = fx - static_cast<float>(b0);
      const float l = rlo[static_cast<std::size_t>(b0)] * (1 - wx) + rlo[static_cast<std::size_t>(b1)] * wx;
      const float h = rhi[static_cast<std::size_t>(b0)] * (1 - wx) + rhi[static_cast<std::size_t>(b1)] * wx;
      const float scale = 230.0f / std::max(h - l, 40.0f), offset = 12.0f - l * scale;
      const int x1 = std::min(x0 + 8, v.w);
      for (int x = x0; x < x1; ++x) o[x] = static_cast<std::uint8_t>(std::clamp(in[x] * scale + offset, 0.0f, 255.0f));
    }
  }
  return out;
}

GrayImage MirrorX(View v) {
  GrayImage out = Make(v.w, v.h);
  for (int y = 0; y < v.h; ++y)
    for (int x = 0; x < v.w; ++x) out.pixels[static_cast<std::size_t>(y) * v.w + x] = v.at(v.w - 1 - x, y);
  return out;
}


// The region (plus a quiet-zone margin) rotated by -angle_deg about its centre and scaled by `s`,
// bilinear. Small symbols are upscaled: ZXing 1.4 needs ~3 px per module to find patterns reliably.
GrayImage Warp(View v, const Region& r, double angle_rad, double s, Map& map) {
  const bool oriented = r.olen > 0 && angle_rad == r.angle;  // the oriented box, when known
  const double margin = oriented ? 24 : 16;  // oriented: its block quantisation may cut a quiet zone
  const double cx = oriented ? r.ocx : r.x + r.w / 2.0, cy = oriented ? r.ocy : r.y + r.h / 2.0;
  const double ca = std::cos(angle_rad), sa = std::sin(angle_rad);
  const double hw = (oriented ? r.olen : r.w) / 2.0 + margin, hh = (oriented ? r.owid : r.h) / 2.0 + margin;
  const double ow = oriented ? 2 * hw * s : (std::abs(ca) * hw + std::abs(sa) * hh) * 2 * s;
  const double oh = oriented ? 2 * hh * s : (std::abs(sa) * hw + std::abs(ca) * hh) * 2 * s;
  const int W = std::clamp(static_cast<int>(ow), 8, 2048), H = std::clamp(static_cast<int>(oh), 8, 2048);
  GrayImage out = Make(W, H);
  // out pixel (u, w) -> frame: rotate by +angle about the centre.
  auto to_frame = [=](double u, double w, double& x, double& y) {
    const double dx = (u - W / 2.0) / s, dy = (w - H / 2.0) / s;
    x = cx + ca * dx - sa * dy;
    y = cy + sa * dx + ca * dy;
  };
  for (int y = 0; y < H; ++y)
    for (int x = 0; x < W; ++x) {
      double fx, fy;
      to_frame(x + 0.5, y + 0.5, fx, fy);
      fx -= 0.5, fy -= 0.5;
      std::uint8_t val = 255;
      if (fx >= 0 && fy >= 0 && fx < v.w - 1 && fy < v.h - 1) {
        const int ix = static_cast<int>(fx), iy = static_cast<int>(fy);
        const double wx = fx - ix, wy = fy - iy;
        const double t = v.at(ix, iy) * (1 - wx) + v.at(ix + 1, iy) * wx, b = v.at(ix, iy + 1) * (1 - wx) + v.at(ix + 1, iy + 1) * wx;
        val = static_cast<std::uint8_t>(t * (1 - wy) + b * wy + 0.5);
      }
      out.pixels[static_cast<std::size_t>(y) * W + x] = val;
    }
  map = [=](double u, double w) {
    double x, y;
    to_frame(u, w, x, y);
    return PointI{static_cast<int>(std::lround(x)), static_cast<int>(std::lround(y))};
  };
  return out;
}

double UpscaleFor(const Region& r) { return std::max(r.w, r.h) < 160 ? 2.0 : 1.0; }
double FineScaleFor(const Region& r) { return std::max(r.w, r.h) < 160 ? 3.0 : 0.0; }

bool Covered(const Region& r, const std::vector<Symbol>& found) {
  for (const auto& s : found) {
    int x0 = s.corners[0].x, x1 = x0, y0 = s.corners[0].y, y1 = y0;
    for (const auto& p : s.corners) x0 = std::min(x0, p.x), x1 = std::max(x1, p.x), y0 = std::min(y0, p.y), y1 = std::max(y1, p.y);
    const int ix = std::min(r.x + r.w, x1) - std::max(r.x, x0), iy = std::min(r.y + r.h, y1) - std::max(r.y, y0);
    if (ix > 0 && iy > 0 && ix * iy * 2 > std::min(r.w * r.h, (x1 - x0) * (y1 - y0))) return true;
  }
  return false;
}

Map Identity() {
  return [](double x, double y) { return PointI{static_cast<int>(std::lround(x)), static_cast<int>(std::lround(y))}; };
}
Map Mirrored(int w) {
  return [w](double x, double y) { return PointI{static_cast<int>(std::lround(w - 1 - x)), static_cast<int>(std::lround(y))}; };
}

// ---- stages on candidate regions ----------------------------------------------------------------

// A small 2D candidate at the finer scale: ZXing (both binarizers), then mirrored.
void CropFine(std::vector<Symbol>& out, View src, const Region& r, double scale, std::uint32_t stages, bool harder) {
  Map map;
  GrayImage crop = Warp(src, r, 0, scale, map);
  const std::size_t before = out.size();
  Zx(out, V(crop), k2DFormats, false, harder, map, false);
  if (out.size() == before) Zx(out, V(crop), k2DFormats, true, harder, map, false);
  if ((stages & kStageMirror) && out.size() == before) {
    GrayImage m = MirrorX(V(crop));
    const int w = crop.width;
    Zx(out, V(m), k2DFormats, false, harder, [&map, w](double x, double y) { return map(w - 1 - x, y); }, false);
  }
}

// 2D symbols in one crop: ZXing (tryHarder, rotations), mirrored, then libdmtx.
void Crop2D(std::vector<Symbol>& out, View src, const Region& r, std::uint32_t stages, int dmtx_ms, bool zxing,
            bool harder) {
  Map map;
  GrayImage crop = Warp(src, r, 0, UpscaleFor(r), map);
  const std::size_t before = out.size();
  if (zxing && (stages & kStageCrops)) {
    Zx(out, V(crop), k2DFormats, true, harder, map, false);
    if (out.size() == before) Zx(out, V(crop), k2DFormats, false, harder, map, false);
  }
  if (zxing && (stages & kStageMirror) && out.size() == before) {
    GrayImage m = MirrorX(V(crop));
    const int w = crop.width;
    Map mm = [&map, w](double x, double y) { return map(w - 1 - x, y); };
    Zx(out, V(m), k2DFormats, true, harder, mm, false);
  }
  if (zxing && (stages & kStageFineScale) && out.size() == before && FineScaleFor(r) > 0)
    CropFine(out, src, r, FineScaleFor(r), stages, harder);
  if (out.size() != before) return;
  if ((stages & kStageDmtx) && dmtx_ms > 0 && r.coherence < 0.7) {
    Dmtx(out, V(crop), dmtx_ms, false, map);
    if (stages & kStageMirror) Dmtx(out, V(crop), dmtx_ms / 2 + 1, true, map);
  }
}

// A linear candidate turned so its bars stand upright, then read as a row scanner reads.
void CropLinear(std::vector<Symbol>& out, View src, const Region& r, std::uint32_t stages) {
  if (!(stages & kStageRotate) || r.coherence < 0.5) return;
  Map map;
  GrayImage crop = Warp(src, r, r.angle, 1.0, map);
  Zx(out, V(crop), kLinearFormats, false, true, map, !(stages & kStageRegions));  // upright: no 90° retry
  if (stages & kStageZbar) Zbar(out, V(crop), map);
}


}  // namespace onestop::devices::rec
