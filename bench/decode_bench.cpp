// decode_bench: time per 1280x720 gray frame for ZXing (kiosk live-stream tuning, in-process, as
// the worker runs it) vs zbar on the very same frames, the isolated round trip, and read rates on
// a generated degraded set (ZXing live, ZXing still via the isolated worker, zbar). Prints markdown.
// Not a test: numbers go to docs/benchmarks.md with the command that produced them.
#include <zbar.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "devices/isolated_decoder.h"
#include "tests/integration/decode_imaging.h"

namespace {

using namespace onestop;
using namespace onestop::testimg;
using ZXing::BarcodeFormat;
using devices::Tuning;

struct Stats {
  double median = 0, p95 = 0;
};

Stats Time(int runs, const std::function<void()>& fn) {
  std::vector<double> ms;
  fn();  // warm-up (allocations, zbar scanner tables)
  for (int i = 0; i < runs; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    fn();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, static_cast<std::size_t>(ms.size() * 0.95))]};
}

std::vector<std::string> Zbar(zbar::ImageScanner& scanner, const GrayImage& g) {
  zbar::Image img(static_cast<unsigned>(g.width), static_cast<unsigned>(g.height), "Y800", g.pixels.data(),
                  static_cast<unsigned long>(g.pixels.size()));
  scanner.scan(img);
  std::vector<std::string> out;
  for (auto s = img.symbol_begin(); s != img.symbol_end(); ++s) out.push_back(s->get_data());
  img.set_data(nullptr, 0);  // the pixels belong to g
  return out;
}

std::vector<std::string> ZX(const GrayImage& g, Tuning t) {
  std::vector<std::string> out;
  for (const auto& s : devices::DecodeInProcess(g.pixels.data(), g.width, g.height, t)) out.push_back(s.text);
  return out;
}

bool Has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

struct Sample {
  std::string name;
  GrayImage img;
  std::string expect;
  bool zbar_can;  // zbar has no Data Matrix reader
};

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::max(5, std::atoi(argv[1])) : 31;
  zbar::ImageScanner zb;
  zb.set_config(zbar::ZBAR_NONE, zbar::ZBAR_CFG_ENABLE, 1);

  const std::string url = "https://onestop.local/a/EQ-2015-000123";
  const std::string tag = "ZC-2019-0457";
  const auto qr = RenderSymbol(BarcodeFormat::QRCode, url, 6);
  const auto qr2 = RenderSymbol(BarcodeFormat::QRCode, url, 2);
  const auto dm = RenderSymbol(BarcodeFormat::DataMatrix, url, 6);
  const auto c128 = RenderSymbol(BarcodeFormat::Code128, tag, 3, 120);

  std::vector<Sample> frames = {
      {"QR clean, 6 px/module", Place(qr, 1280, 720, 640, 360, 0), url, true},
      {"QR 30 deg + perspective", Place(qr, 1280, 720, 640, 360, 30, 0.0004, 0.0002), url, true},
      {"QR mild blur (sigma 1.2)", Blur(Place(qr, 1280, 720, 640, 360, 10), 1.2), url, true},
      {"QR noise (sigma 20)", Noise(Place(qr, 1280, 720, 640, 360, 5), 20), url, true},
      {"QR low contrast (100..150)", Contrast(Place(qr, 1280, 720, 640, 360, 0), 100, 150), url, true},
      {"QR JPEG q15", Jpeg(Place(qr, 1280, 720, 640, 360, 7), 15), url, true},
      {"QR 2 px/module", Place(qr2, 1280, 720, 640, 360, 0), url, true},
      {"Data Matrix 6 px/module", Place(dm, 1280, 720, 640, 360, 0), url, false},
      {"Code 128, 3 px/bar", Place(c128, 1280, 720, 640, 360, 0), tag, true},
      {"empty frame", Blank(1280, 720, 200), "", true},
  };

  devices::IsolatedDecoderOptions wo;
  wo.worker_argv = {ONESTOP_DECODE_WORKER_BIN};
  devices::IsolatedDecoder isolated(wo);

  std::printf("### Time per 1280x720 gray frame (%d runs each, one core, ms)\n\n", runs);
  std::printf("| frame | ZXing live median | p95 | read | ZXing live-global median | read | ZXing live isolated (round trip) median | zbar median | p95 | read |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|\n");
  for (const auto& f : frames) {
    std::vector<std::string> zx, zg, zr, iso;
    const Stats a = Time(runs, [&] { zx = ZX(f.img, Tuning::kLiveStream); });
    const Stats g = Time(runs, [&] { zg = ZX(f.img, Tuning::kLiveStreamGlobal); });
    const Stats i = Time(runs, [&] {
      auto r = isolated.Decode(f.img, Tuning::kLiveStream);
      iso.clear();
      if (r.ok())
        for (auto& s : r.value()) iso.push_back(s.text);
    });
    const Stats z = Time(runs, [&] { zr = Zbar(zb, f.img); });
    auto read = [&](const std::vector<std::string>& v, bool can) {
      if (!can) return std::string("n/a");
      return f.expect.empty() ? std::string(v.empty() ? "none (ok)" : "FALSE READ") : std::string(Has(v, f.expect) ? "yes" : "no");
    };
    std::printf("| %s | %.2f | %.2f | %s | %.2f | %s | %.2f (%s) | %.2f | %.2f | %s |\n", f.name.c_str(), a.median, a.p95,
                read(zx, true).c_str(), g.median, read(zg, true).c_str(), i.median, read(iso, true).c_str(), z.median, z.p95,
                read(zr, f.zbar_can).c_str());
  }

  // Degraded set: QR and Code 128 (both readers support them), every combination below.
  struct Deg {
    std::string name;
    std::function<GrayImage(const GrayImage&)> fn;
  };
  const std::vector<Deg> degs = {
      {"rot 0", [](const GrayImage& s) { return Place(s, 1280, 720, 640, 360, 0); }},
      {"rot 37", [](const GrayImage& s) { return Place(s, 1280, 720, 640, 360, 37); }},
      {"rot 90", [](const GrayImage& s) { return Place(s, 1280, 720, 640, 360, 90); }},
      {"perspective", [](const GrayImage& s) { return Place(s, 1280, 720, 640, 360, 12, 0.0006, 0.0003); }},
  };
  const std::vector<Deg> posts = {
      {"none", [](const GrayImage& g) { return g; }},
      {"blur 1.0", [](const GrayImage& g) { return Blur(g, 1.0); }},
      {"blur 2.0", [](const GrayImage& g) { return Blur(g, 2.0); }},
      {"noise 25", [](const GrayImage& g) { return Noise(g, 25); }},
      {"contrast 110..150", [](const GrayImage& g) { return Contrast(g, 110, 150); }},
      {"jpeg q10", [](const GrayImage& g) { return Jpeg(g, 10); }},
      {"blur 1.0 + noise 15 + jpeg q30", [](const GrayImage& g) { return Jpeg(Noise(Blur(g, 1.0), 15), 30); }},
  };
  const std::vector<std::pair<GrayImage, std::string>> syms = {
      {RenderSymbol(BarcodeFormat::QRCode, url, 4), url},
      {RenderSymbol(BarcodeFormat::QRCode, "OS1:A=EQ-2015-000123;L=B2-3F-W12-BED07", 3), "OS1:A=EQ-2015-000123;L=B2-3F-W12-BED07"},
      {RenderSymbol(BarcodeFormat::Code128, tag, 3, 120), tag},
      {RenderSymbol(BarcodeFormat::Code128, "EQ-2015-000123", 2, 100), "EQ-2015-000123"},
  };
  int total = 0, live = 0, live_global = 0, live_alt = 0, still = 0, zbar_ok = 0, false_reads = 0;
  std::vector<std::string> still_miss, zbar_miss;
  for (const auto& [sym, text] : syms)
    for (const auto& d : degs)
      for (const auto& p : posts) {
        const GrayImage img = p.fn(d.fn(sym));
        ++total;
        const auto l = ZX(img, Tuning::kLiveStream);
        live += Has(l, text);
        const auto lg = ZX(img, Tuning::kLiveStreamGlobal);
        live_global += Has(lg, text);
        live_alt += Has(l, text) || Has(lg, text);
        auto s = isolated.Decode(img, Tuning::kStill);
        const bool sok = s.ok() && std::any_of(s->begin(), s->end(), [&](const devices::Symbol& x) { return x.text == text; });
        still += sok;
        const auto z = Zbar(zb, img);
        zbar_ok += Has(z, text);
        for (const auto* v : {&l, &lg, &z})
          for (const auto& t : *v) false_reads += t != text;
        if (!sok) still_miss.push_back(text.substr(0, 12) + "/" + d.name + "/" + p.name);
      }
  std::printf("\n### Read rate on the degraded set (%d images: 2 QR + 2 Code 128 symbols x 4 geometries x 7 degradations, 1280x720)\n\n", total);
  std::printf("| reader | read | rate |\n|---|---|---|\n");
  std::printf("| ZXing live-stream tuning (one pass) | %d/%d | %.0f%% |\n", live, total, 100.0 * live / total);
  std::printf("| ZXing live-stream tuning, global-histogram binarizer | %d/%d | %.0f%% |\n", live_global, total,
              100.0 * live_global / total);
  std::printf("| ZXing live, both binarizers (CameraScanner alternates them frame by frame) | %d/%d | %.0f%% |\n", live_alt,
              total, 100.0 * live_alt / total);
  std::printf("| ZXing still tuning (isolated worker, as `scan`) | %d/%d | %.0f%% |\n", still, total, 100.0 * still / total);
  std::printf("| zbar 0.23 (all symbologies) | %d/%d | %.0f%% |\n", zbar_ok, total, 100.0 * zbar_ok / total);
  std::printf("\nWrong payloads returned (ZXing live, live-global, zbar): %d. Worker crashes on the degraded set: %d.\n", false_reads,
              isolated.stats().crashes);
  // Crash cost: a frame that aborts ZXing (default hints), then the first frame on the new worker.
  {
    const GrayImage bad = AbortingCode128Frame();
    const GrayImage good = frames[0].img;
    std::vector<double> crash_ms, restart_ms;
    int crashed = 0;
    for (int i = 0; i < 7; ++i) {
      auto t0 = std::chrono::steady_clock::now();
      crashed += !isolated.Decode(bad, Tuning::kZXingDefaults).ok();
      auto t1 = std::chrono::steady_clock::now();
      (void)isolated.Decode(good, Tuning::kLiveStream);
      auto t2 = std::chrono::steady_clock::now();
      crash_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      restart_ms.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
    }
    std::sort(crash_ms.begin(), crash_ms.end());
    std::sort(restart_ms.begin(), restart_ms.end());
    std::printf("\nCrash isolation: %d/7 aborting frames crashed the worker; the lost frame took %.1f ms (median), "
                "the next frame on a freshly spawned worker %.1f ms (median, spawn included).\n",
                crashed, crash_ms[3], restart_ms[3]);
  }
  if (!still_miss.empty()) {
    std::printf("\nStill-tuning misses:");
    for (const auto& m : still_miss) std::printf(" `%s`", m.c_str());
    std::printf("\n");
  }
  return 0;
}
