// The degraded label set of issue 15: deterministic (seeded) 1280x720 ward-camera-like frames with
// payloads of every DESIGN §5 form in QR, Data Matrix and Code 128 (GS1 variants via zint), under
// the degradations the ward sees, alone and in pairs, plus code-free frames for false positives.
// Header-only (bench + the sample ctest). Generating the whole set takes seconds: unit tests must not
// call DegradedSet(); the ctest uses a fixed small sample of it. Needs the `zint` CLI for GS1 symbols.
#pragma once
#include <ZXing/BarcodeFormat.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <functional>
#include <unistd.h>

#include "tests/integration/decode_imaging.h"

namespace onestop::testimg {

// A symbol as its module grid (1 = dark). Linear symbols have h == 1 (the bar pattern).
struct Modules {
  int w = 0, h = 0;
  std::vector<std::uint8_t> dark;
  bool linear = false;
  bool get(int x, int y) const { return dark[static_cast<std::size_t>(linear ? 0 : y) * w + x] != 0; }
};

inline Modules ZxModules(ZXing::BarcodeFormat f, const std::string& text) {
  const ZXing::BitMatrix b = ZXing::MultiFormatWriter(f).setMargin(0).encode(text, 0, 0);
  Modules m;
  m.linear = f == ZXing::BarcodeFormat::Code128;
  m.w = b.width();
  m.h = m.linear ? 1 : b.height();
  m.dark.resize(static_cast<std::size_t>(m.w) * m.h);
  for (int y = 0; y < m.h; ++y)
    for (int x = 0; x < m.w; ++x) m.dark[static_cast<std::size_t>(y) * m.w + x] = b.get(x, y) ? 1 : 0;
  return m;
}

// GS1 symbols (FNC1) through zint at 1 px per module (--scale=0.5), no text, no quiet zone.
// barcode: 71 = GS1 Data Matrix, 58 = GS1 QR, 16 = GS1-128.
inline Modules ZintModules(int barcode, const std::string& hri, const std::filesystem::path& dir) {
  static int n = 0;
  const std::string path = (dir / ("zint" + std::to_string(::getpid()) + "_" + std::to_string(n++) + ".png")).string();
  const std::string cmd = "zint -b " + std::to_string(barcode) + (barcode == 16 ? "" : " --gs1") +
                          " --scale=0.5 --notext -d '" + hri + "' -o '" + path + "' >/dev/null 2>&1";
  Modules m;
  if (std::system(cmd.c_str()) != 0) return m;
  const GrayImage g = LoadPng(path);
  std::filesystem::remove(path);
  if (g.width <= 0) return m;
  m.linear = barcode == 16;
  m.w = g.width;
  m.h = m.linear ? 1 : g.height;
  m.dark.resize(static_cast<std::size_t>(m.w) * m.h);
  for (int y = 0; y < m.h; ++y)
    for (int x = 0; x < m.w; ++x)
      m.dark[static_cast<std::size_t>(y) * m.w + x] = g.pixels[static_cast<std::size_t>(m.linear ? g.height / 2 : y) * g.width + x] < 128;
  return m;
}

// How one symbol lands in the frame: centre, pixels per module, rotation, perspective, mirror, and
// the ink and label-paper gray levels.
struct Pose {
  double cx = 640, cy = 360, px = 4, deg = 0, tx = 0, ty = 0;
  bool mirror = false;
  int ink = 30, paper = 225;
  double bar_height = 0.25;  // linear: bar height as a fraction of the symbol length
};

// Draws `m` with its quiet zone (label paper) into `frame`, 3x3 supersampled (anti-aliased edges),
// touching only the symbol's bounding box.
inline void Composite(GrayImage& frame, const Modules& m, const Pose& p) {
  const int q = m.linear ? 10 : 3;
  const double mw = m.w + 2.0 * q;
  const double mh = m.linear ? std::max(12.0, m.w * p.bar_height) + 2.0 * q : m.h + 2.0 * q;
  const double a = p.deg * M_PI / 180.0, c = std::cos(a), s = std::sin(a);
  // Forward map of module coords (u, v) around the centre to pixels: rotate, scale, then the
  // perspective divide used by Place() (d = 1 + tx*dx + ty*dy) inverted numerically below.
  const double half = std::hypot(mw, mh) * p.px * 0.5 * 1.6 + 4;
  const int x0 = std::max(0, static_cast<int>(p.cx - half)), x1 = std::min(frame.width - 1, static_cast<int>(p.cx + half));
  const int y0 = std::max(0, static_cast<int>(p.cy - half)), y1 = std::min(frame.height - 1, static_cast<int>(p.cy + half));
  for (int y = y0; y <= y1; ++y)
    for (int x = x0; x <= x1; ++x) {
      int inside = 0, dark = 0;
      for (int sy = 0; sy < 3; ++sy)
        for (int sx = 0; sx < 3; ++sx) {
          const double dx = x + (sx + 0.5) / 3.0 - 0.5 - p.cx, dy = y + (sy + 0.5) / 3.0 - 0.5 - p.cy;
          const double d = 1.0 + p.tx * dx + p.ty * dy;
          if (d <= 0.05) continue;
          double u = (c * dx + s * dy) / d / p.px + mw / 2.0;
          const double v = (-s * dx + c * dy) / d / p.px + mh / 2.0;
          if (u < 0 || v < 0 || u >= mw || v >= mh) continue;
          ++inside;
          if (p.mirror) u = mw - u;
          const int mu = static_cast<int>(u) - q, mv = static_cast<int>(v) - q;
          const int rows = m.linear ? static_cast<int>(mh) - 2 * q : m.h;
          if (mu >= 0 && mv >= 0 && mu < m.w && mv < rows && m.get(mu, mv)) ++dark;
        }
      if (!inside) continue;
      const double val = (p.ink * dark + p.paper * (inside - dark)) / static_cast<double>(inside);
      std::uint8_t& px = At(frame, x, y);
      px = static_cast<std::uint8_t>(std::clamp((val * inside + px * (9 - inside)) / 9.0 + 0.5, 0.0, 255.0));
    }
}

// A desk/ward background: a gentle gradient, then clutter (boxes, lines, text-like glyph rows and
// striped patches that look like bars but are no symbol) when `clutter` > 0.
inline GrayImage Background(std::mt19937& rng, int lo, int hi, int clutter) {
  std::uniform_int_distribution<int> level(lo, hi);
  const int a = level(rng), b = level(rng);
  GrayImage g = Blank(1280, 720);
  for (int y = 0; y < 720; ++y)
    for (int x = 0; x < 1280; ++x) At(g, x, y) = static_cast<std::uint8_t>(a + (b - a) * x / 1279);
  std::uniform_int_distribution<int> X(0, 1279), Y(0, 719), dark(std::max(0, lo - 90), lo), sz(8, 120);
  auto box = [&](int x, int y, int w, int h, int v) {
    for (int yy = std::max(0, y); yy < std::min(720, y + h); ++yy)
      for (int xx = std::max(0, x); xx < std::min(1280, x + w); ++xx) At(g, xx, yy) = static_cast<std::uint8_t>(v);
  };
  for (int i = 0; i < clutter; ++i) {
    const int kind = static_cast<int>(rng() % 4), x = X(rng), y = Y(rng);
    if (kind == 0) box(x, y, sz(rng), sz(rng), level(rng) - 40);
    if (kind == 1) box(x, y, sz(rng) * 3, 2 + static_cast<int>(rng() % 3), dark(rng));
    if (kind == 2)  // a row of "glyphs"
      for (int k = 0, gx = x; k < 14; ++k, gx += 9 + static_cast<int>(rng() % 4))
        box(gx, y + static_cast<int>(rng() % 3), 5 + static_cast<int>(rng() % 3), 8 + static_cast<int>(rng() % 5), dark(rng));
    if (kind == 3)  // stripes: bar-like but not a symbol
      for (int k = 0, sx = x; k < 12; ++k, sx += 3 + static_cast<int>(rng() % 6)) box(sx, y, 1 + static_cast<int>(rng() % 3), 40, dark(rng));
  }
  return g;
}

// Multiplies by a linear shadow ramp (down to `floor` of the light) in a random direction and adds
// a glare spot (additive, clipped) at (gx, gy).
inline void ShadowGlare(GrayImage& g, std::mt19937& rng, double gx, double gy) {
  const double ang = std::uniform_real_distribution<double>(0, 2 * M_PI)(rng);
  const double floor = std::uniform_real_distribution<double>(0.35, 0.5)(rng);
  const double r = std::uniform_real_distribution<double>(50, 110)(rng), amp = std::uniform_real_distribution<double>(70, 110)(rng);
  const double ux = std::cos(ang), uy = std::sin(ang), span = 1280 * std::abs(ux) + 720 * std::abs(uy);
  for (int y = 0; y < g.height; ++y)
    for (int x = 0; x < g.width; ++x) {
      const double t = ((x - 640) * ux + (y - 360) * uy) / span + 0.5;
      const double d2 = (x - gx) * (x - gx) + (y - gy) * (y - gy);
      const double v = At(g, x, y) * (floor + (1 - floor) * t) + amp * std::exp(-d2 / (2 * r * r));
      At(g, x, y) = static_cast<std::uint8_t>(std::clamp(v, 0.0, 255.0));
    }
}

enum class Sym { kQR, kDM, kC128 };
inline const char* SymName(Sym s) { return s == Sym::kQR ? "QR" : s == Sym::kDM ? "DataMatrix" : "Code128"; }

struct LabelSpec {
  Sym sym;
  std::string form;     // DESIGN §5 payload form
  std::string expect;   // Symbol::LabelPayload() a correct reader returns
  Modules modules;
};

struct Frame {
  std::string degradation;  // "clean", "low contrast", ..., "code-free"
  std::string name;         // unique, for listings
  GrayImage img;
  std::vector<std::string> expect;  // LabelPayloads
  std::vector<Sym> syms;
  bool pair = false;
};

// Every payload form × symbology (GS1 element strings through zint with real FNC1).
inline std::vector<LabelSpec> LabelSpecs(const std::filesystem::path& tmp) {
  using F = ZXing::BarcodeFormat;
  const std::string gs = "\x1d";
  std::vector<LabelSpec> v = {
      {Sym::kQR, "own URL", "https://onestop.local/a/EQ-2015-000123", ZxModules(F::QRCode, "https://onestop.local/a/EQ-2015-000123")},
      {Sym::kQR, "OS1", "OS1:A=EQ-2015-000123;L=B2-3F-W12-BED07", ZxModules(F::QRCode, "OS1:A=EQ-2015-000123;L=B2-3F-W12-BED07")},
      {Sym::kQR, "Digital Link", "https://id.gs1.org/01/06901234567892/21/SN77", ZxModules(F::QRCode, "https://id.gs1.org/01/06901234567892/21/SN77")},
      {Sym::kQR, "GS1 GIAI", "]Q38004" "6901234ABC123", ZintModules(58, "[8004]6901234ABC123", tmp)},
      {Sym::kQR, "bare tag", "ZC-2019-0457", ZxModules(F::QRCode, "ZC-2019-0457")},
      {Sym::kDM, "own URL", "https://onestop.local/l/B2-3F-W12-BED07", ZxModules(F::DataMatrix, "https://onestop.local/l/B2-3F-W12-BED07")},
      {Sym::kDM, "OS1", "OS1:A=EQ-2016-000456", ZxModules(F::DataMatrix, "OS1:A=EQ-2016-000456")},
      {Sym::kDM, "GS1 UDI", "]d201069012345678921728123110LOT42" + gs + "21SN12345",
       ZintModules(71, "[01]06901234567892[17]281231[10]LOT42[21]SN12345", tmp)},
      {Sym::kDM, "Digital Link", "https://id.gs1.org/8004/6901234XYZ9", ZxModules(F::DataMatrix, "https://id.gs1.org/8004/6901234XYZ9")},
      {Sym::kDM, "bare tag", "ZC-2020-0112", ZxModules(F::DataMatrix, "ZC-2020-0112")},
      {Sym::kC128, "bare tag", "ZC-2019-0457", ZxModules(F::Code128, "ZC-2019-0457")},
      {Sym::kC128, "OS1", "OS1:A=EQ-2015-000123", ZxModules(F::Code128, "OS1:A=EQ-2015-000123")},
      {Sym::kC128, "GS1 GIAI", "]C18004" "6901234ABC123", ZintModules(16, "[8004]6901234ABC123", tmp)},
      {Sym::kC128, "GS1 UDI", "]C1010690123456789221SN9", ZintModules(16, "[01]06901234567892[21]SN9", tmp)},
  };
  return v;
}

inline const std::vector<std::string>& Degradations() {
  static const std::vector<std::string> d = {"clean",     "low contrast", "shadow + glare", "small in clutter", "mirrored",
                                             "tilt 15",   "tilt 45",      "jpeg q40",       "perspective"};
  return d;
}

// One frame with the given labels under degradation `deg`, seeded by `seed`.
inline Frame MakeFrame(const std::vector<const LabelSpec*>& labels, const std::string& deg, unsigned seed) {
  std::mt19937 rng(seed);
  auto U = [&](double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); };
  const bool low = deg == "low contrast";
  const int clutter = deg == "small in clutter" ? 70 : static_cast<int>(rng() % 12);
  GrayImage g = low ? Background(rng, 175, 205, clutter) : Background(rng, 150, 215, clutter);
  Frame f;
  f.degradation = deg;
  f.pair = labels.size() > 1;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const LabelSpec& l = *labels[i];
    Pose p;
    const bool lin = l.modules.linear;
    p.px = lin ? U(2.0, 3.0) : U(3.0, 5.5);
    p.deg = U(-5, 5);
    p.cx = labels.size() == 1 ? U(420, 860) : (i == 0 ? U(300, 400) : U(880, 980));
    p.cy = U(300, 420);
    if (low) {
      p.ink = static_cast<int>(U(100, 140));
      p.paper = static_cast<int>(U(185, 215));
    } else {
      p.ink = static_cast<int>(U(20, 60));
      p.paper = static_cast<int>(U(215, 240));
    }
    if (deg == "small in clutter") p.px = lin ? U(1.6, 2.0) : U(1.8, 2.4);
    if (deg == "mirrored") p.mirror = true;
    if (deg == "tilt 15") p.deg = (rng() % 2 ? 15 : -15) + U(-2, 2);
    if (deg == "tilt 45") p.deg = (rng() % 2 ? 45 : -45) + U(-3, 3);
    if (deg == "perspective") {
      p.deg = U(-12, 12);
      p.tx = U(0.0004, 0.0008) * (rng() % 2 ? 1 : -1);
      p.ty = U(0.0002, 0.0005) * (rng() % 2 ? 1 : -1);
    }
    // Keep the symbol inside the frame: shrink a big linear code rather than cut it.
    const double len = (l.modules.w + (lin ? 20 : 6)) * p.px;
    if (len > 560 && labels.size() > 1) p.px *= 560 / len;
    if (len > 1000) p.px *= 1000 / len;
    Composite(g, l.modules, p);
    f.expect.push_back(l.expect);
    f.syms.push_back(l.sym);
    if (deg == "shadow + glare" && i + 1 == labels.size()) ShadowGlare(g, rng, p.cx + U(-60, 60), p.cy + U(-60, 60));
  }
  if (labels.empty() && deg == "shadow + glare") ShadowGlare(g, rng, U(300, 900), U(200, 500));
  // The camera: slight defocus and sensor noise, and for "jpeg q40" the stream's compression.
  g = Noise(Blur(g, deg == "jpeg q40" ? 0.9 : 0.6), deg == "low contrast" ? 4.0 : 3.0, seed);
  if (deg == "jpeg q40") g = Jpeg(g, 40);
  f.img = std::move(g);
  return f;
}

// The whole set: every label under every degradation twice (different seeds), pairs of labels of
// different symbologies under every degradation, and code-free frames. `every` > 1 keeps every
// n-th frame only (the ctest's fixed sample); `only` (when not empty) keeps the single-label frames
// of those degradations only, before `every` applies; `tmp` holds zint's scratch files.
inline std::vector<Frame> DegradedSet(const std::filesystem::path& tmp, int every = 1, const std::vector<std::string>& only = {}) {
  const auto specs = LabelSpecs(tmp);
  std::vector<Frame> out;
  unsigned seed = 1500;
  int n = 0;
  auto add = [&](std::vector<const LabelSpec*> labels, const std::string& deg, const std::string& name) {
    ++seed;
    if (!only.empty() && (labels.size() != 1 || std::find(only.begin(), only.end(), deg) == only.end())) return;
    if (n++ % every != 0) return;
    Frame f = MakeFrame(labels, deg, seed);
    f.name = name + " / " + deg + " #" + std::to_string(seed);
    out.push_back(std::move(f));
  };
  for (const auto& deg : Degradations())
    for (int rep = 0; rep < 2; ++rep)
      for (const auto& s : specs) add({&s}, deg, std::string(SymName(s.sym)) + " " + s.form);
  for (const auto& deg : Degradations())
    for (std::size_t i = 0; i < specs.size(); i += 2) {
      const LabelSpec& a = specs[i];
      const LabelSpec& b = specs[(i + 5) % specs.size()];  // a different symbology
      add({&a, &b}, deg, std::string(SymName(a.sym)) + " " + a.form + " + " + SymName(b.sym) + " " + b.form);
    }
  for (int i = 0; i < 45; ++i) add({}, Degradations()[static_cast<std::size_t>(i) % Degradations().size()], "code-free");
  for (auto& f : out)
    if (f.expect.empty()) f.degradation = "code-free";
  return out;
}

}  // namespace onestop::testimg
