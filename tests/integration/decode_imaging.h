// Test-image generation for the decoding tests and benchmark: renders symbols with ZXing's writer
// (or zint for GS1 symbols, which ZXing 1.4 cannot encode) and degrades them the way cameras do.
// Header-only on purpose (shared by tests/integration and bench). Deterministic: fixed seeds.
#pragma once
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "devices/decode.h"

namespace onestop::testimg {

using devices::GrayImage;

inline GrayImage Blank(int w, int h, std::uint8_t v = 235) {
  return GrayImage{w, h, std::vector<std::uint8_t>(static_cast<std::size_t>(w) * h, v)};
}

inline std::uint8_t& At(GrayImage& g, int x, int y) { return g.pixels[static_cast<std::size_t>(y) * g.width + x]; }

// The symbol as a module bitmap, scaled by `px` per module, with a 4-module white quiet zone.
inline GrayImage RenderSymbol(ZXing::BarcodeFormat format, const std::string& text, int px, int linear_height = 60) {
  const ZXing::BitMatrix bits = ZXing::MultiFormatWriter(format).setMargin(0).encode(text, 0, 0);
  const bool linear = bits.height() <= 1 || format == ZXing::BarcodeFormat::Code128;
  const int mw = bits.width(), mh = linear ? 1 : bits.height();
  const int q = (linear ? 10 : 4) * px;
  GrayImage g = Blank(mw * px + 2 * q, (linear ? linear_height : mh * px) + 2 * q);
  for (int y = 0; y < g.height - 2 * q; ++y)
    for (int x = 0; x < mw * px; ++x)
      if (bits.get(x / px, linear ? 0 : y / px)) At(g, q + x, q + y) = 20;
  return g;
}

// Pastes `sym` into a w x h frame at centre (cx, cy), rotated by `deg` and with a perspective
// tilt (tx, ty: 0 = none, ~0.0005 = strong), sampled bilinearly. Background `bg`.
inline GrayImage Place(const GrayImage& sym, int w, int h, double cx, double cy, double deg, double tx = 0,
                       double ty = 0, std::uint8_t bg = 235) {
  GrayImage out = Blank(w, h, bg);
  const double a = deg * M_PI / 180.0, c = std::cos(a), s = std::sin(a);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const double dx = x - cx, dy = y - cy;
      const double d = 1.0 + tx * dx + ty * dy;
      if (d <= 0.05) continue;
      const double u = (c * dx + s * dy) / d + sym.width / 2.0, v = (-s * dx + c * dy) / d + sym.height / 2.0;
      if (u < 0 || v < 0 || u >= sym.width - 1 || v >= sym.height - 1) continue;
      const int iu = static_cast<int>(u), iv = static_cast<int>(v);
      const double fu = u - iu, fv = v - iv;
      auto p = [&](int xx, int yy) { return static_cast<double>(sym.pixels[static_cast<std::size_t>(yy) * sym.width + xx]); };
      const double val = (1 - fv) * ((1 - fu) * p(iu, iv) + fu * p(iu + 1, iv)) + fv * ((1 - fu) * p(iu, iv + 1) + fu * p(iu + 1, iv + 1));
      At(out, x, y) = static_cast<std::uint8_t>(std::clamp(val, 0.0, 255.0));
    }
  return out;
}

// Separable gaussian blur with sigma in pixels.
inline GrayImage Blur(const GrayImage& in, double sigma) {
  const int r = std::max(1, static_cast<int>(std::ceil(sigma * 3)));
  std::vector<double> k(static_cast<std::size_t>(2 * r + 1));
  double sum = 0;
  for (int i = -r; i <= r; ++i) sum += k[static_cast<std::size_t>(i + r)] = std::exp(-i * i / (2 * sigma * sigma));
  for (auto& v : k) v /= sum;
  GrayImage tmp = in, out = in;
  for (int pass = 0; pass < 2; ++pass) {
    const GrayImage& src = pass == 0 ? in : tmp;
    GrayImage& dst = pass == 0 ? tmp : out;
    for (int y = 0; y < in.height; ++y)
      for (int x = 0; x < in.width; ++x) {
        double acc = 0;
        for (int i = -r; i <= r; ++i) {
          const int xx = pass == 0 ? std::clamp(x + i, 0, in.width - 1) : x;
          const int yy = pass == 1 ? std::clamp(y + i, 0, in.height - 1) : y;
          acc += k[static_cast<std::size_t>(i + r)] * src.pixels[static_cast<std::size_t>(yy) * in.width + xx];
        }
        dst.pixels[static_cast<std::size_t>(y) * in.width + x] = static_cast<std::uint8_t>(std::clamp(acc + 0.5, 0.0, 255.0));
      }
  }
  return out;
}

inline GrayImage Noise(GrayImage g, double stddev, unsigned seed = 7) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> n(0, stddev);
  for (auto& p : g.pixels) p = static_cast<std::uint8_t>(std::clamp(p + n(rng), 0.0, 255.0));
  return g;
}

// Maps [0,255] to [lo,hi].
inline GrayImage Contrast(GrayImage g, int lo, int hi) {
  for (auto& p : g.pixels) p = static_cast<std::uint8_t>(lo + (hi - lo) * p / 255);
  return g;
}

inline std::vector<std::uint8_t> EncodeJpeg(const GrayImage& g, int quality) {
  std::vector<std::uint8_t> bytes;
  stbi_write_jpg_to_func(
      [](void* ctx, void* data, int size) {
        auto* v = static_cast<std::vector<std::uint8_t>*>(ctx);
        v->insert(v->end(), static_cast<std::uint8_t*>(data), static_cast<std::uint8_t*>(data) + size);
      },
      &bytes, g.width, g.height, 1, g.pixels.data(), quality);
  return bytes;
}

// Round trip through JPEG at `quality`: blocking and ringing artefacts.
inline GrayImage Jpeg(const GrayImage& g, int quality) {
  const auto bytes = EncodeJpeg(g, quality);
  int w = 0, h = 0, c = 0;
  unsigned char* px = stbi_load_from_memory(bytes.data(), static_cast<int>(bytes.size()), &w, &h, &c, 1);
  GrayImage out{w, h, std::vector<std::uint8_t>(px, px + static_cast<std::size_t>(w) * h)};
  stbi_image_free(px);
  return out;
}

inline bool WritePng(const GrayImage& g, const std::string& path) {
  return stbi_write_png(path.c_str(), g.width, g.height, 1, g.pixels.data(), g.width) != 0;
}

inline bool WriteJpeg(const GrayImage& g, const std::string& path, int quality) {
  return stbi_write_jpg(path.c_str(), g.width, g.height, 1, g.pixels.data(), quality) != 0;
}

// A degraded Code 128 JPEG frame: the input on which Debian's ZXing 1.4.0 aborts with its default
// hints (`Result.cpp:140: lineCount() == 1`; the downscale pyramid merges a linear symbol found
// on two layers). Used by the crash-isolation test and `scan --zxing-defaults`.
inline GrayImage AbortingCode128Frame() {
  const GrayImage sym = RenderSymbol(ZXing::BarcodeFormat::Code128, "ZC-2019-0457", 3, 160);
  return Jpeg(Noise(Blur(Place(sym, 1280, 720, 640, 360, 2.0), 0.8), 6.0), 30);
}

// GS1 symbols through zint's CLI (ZXing 1.4's writer cannot emit FNC1). barcode: 71 = GS1
// DataMatrix (with --gs1), 58 = QR (with --gs1), 16 = GS1-128. Returns false if zint failed.
inline bool ZintGs1(int barcode, const std::string& hri_brackets, const std::string& png_path, int scale = 4) {
  const std::string cmd = "zint -b " + std::to_string(barcode) + (barcode == 16 ? "" : " --gs1") +
                          " --scale=" + std::to_string(scale) + " --whitesp=4 --vwhitesp=4 -d '" + hri_brackets +
                          "' -o '" + png_path + "' >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

inline GrayImage LoadPng(const std::string& path) {
  int w = 0, h = 0, c = 0;
  unsigned char* px = stbi_load(path.c_str(), &w, &h, &c, 1);
  if (!px) return {};
  GrayImage out{w, h, std::vector<std::uint8_t>(px, px + static_cast<std::size_t>(w) * h)};
  stbi_image_free(px);
  return out;
}

}  // namespace onestop::testimg
