// decode_set_bench (issue 15): the whole degraded set (tests/integration/decode_degraded.h) through
// the pre-issue-15 tunings, the previous and the new still / live recovery, and zbar, in the same
// run: read rate per degradation x symbology, wrong payloads, false positives, time per frame, and
// what each live work item reads and costs. Prints markdown for docs/benchmarks.md. Not a test;
// decodes in-process as the worker does. `--ablation` reruns the still pipeline with each recovery
// stage off; `--live` runs only the live readers (the tuning loop).
#include <sys/sysinfo.h>
#include <zbar.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>

#include "devices/confirm.h"
#include "devices/isolated_decoder.h"
#include "devices/recover.h"
#include "tests/integration/decode_degraded.h"

namespace {

using namespace onestop;
using namespace onestop::testimg;
using devices::Tuning;
using Payloads = std::vector<std::string>;

double Ms(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

Payloads Of(const std::vector<devices::Symbol>& v) {
  Payloads p;
  for (const auto& s : v) p.push_back(s.LabelPayload());
  return p;
}

// zbar 0.23 with every symbology on, as the peer; GS1 data gets its AIM prefix like ours.
Payloads Zbar(zbar::ImageScanner& scanner, const GrayImage& g) {
  zbar::Image img(static_cast<unsigned>(g.width), static_cast<unsigned>(g.height), "Y800", g.pixels.data(),
                  static_cast<unsigned long>(g.pixels.size()));
  scanner.scan(img);
  Payloads out;
  for (auto s = img.symbol_begin(); s != img.symbol_end(); ++s) {
    const bool gs1 = (zbar_symbol_get_modifiers(*s) >> zbar::ZBAR_MOD_GS1) & 1u;
    const bool qr = s->get_type() == zbar::ZBAR_QRCODE;
    out.push_back(gs1 ? (qr ? "]Q3" : "]C1") + s->get_data() : s->get_data());
  }
  img.set_data(nullptr, 0);
  return out;
}

struct Pct {
  std::vector<double> v;
  void add(double x) { v.push_back(x); }
  double q(double f) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(f * static_cast<double>(v.size())))];
  }
};

struct Tally {
  std::map<std::string, std::pair<int, int>> cell;  // "deg|sym" -> read, total
  int read = 0, total = 0, wrong = 0, fp_frames = 0;
  int zread = 0, ztotal = 0;  // on QR + Code 128, the symbologies zbar can decode at all
};

void Score(Tally& t, const Frame& f, const Payloads& got) {
  for (std::size_t i = 0; i < f.expect.size(); ++i) {
    const bool ok = std::find(got.begin(), got.end(), f.expect[i]) != got.end();
    auto& c = t.cell[f.degradation + "|" + SymName(f.syms[i])];
    c.first += ok, ++c.second;
    t.read += ok, ++t.total;
    if (f.syms[i] != Sym::kDM) t.zread += ok, ++t.ztotal;
  }
  int wrong = 0;
  for (const auto& g : got) wrong += std::find(f.expect.begin(), f.expect.end(), g) == f.expect.end();
  t.wrong += wrong;
  if (f.expect.empty() && !got.empty()) ++t.fp_frames;
}

// Live mode: the same scene on `frames` consecutive camera frames through the worker's live
// decoder and the 3-of-5 confirmation; read = confirmed within them. Times every frame.
double g_item_ms[devices::kLiveItems], g_item_max[devices::kLiveItems];
int g_item_runs[devices::kLiveItems];

// The still and live passes as merged before this round (the first-round stages only).
devices::RecoveryOptions Previous() {
  devices::RecoveryOptions o;
  o.stages = devices::kFirstRoundStages;
  return o;
}

Payloads Live(const GrayImage& g, int frames, const devices::RecoveryOptions& o, Pct& fast_ms, Pct& rec_ms, int* hits = nullptr,
              Pct* clean_ms = nullptr) {
  devices::LiveRecoveryState st;
  devices::ConfirmationFilter filter;
  Payloads confirmed;
  // Untimed: only tells whether this scene's frames need recovery at all.
  const bool fast = !devices::DecodeInProcess(g.pixels.data(), g.width, g.height, Tuning::kLiveStream).empty();
  for (int i = 0; i < frames; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto syms = devices::DecodeLive(g.pixels.data(), g.width, g.height, st, o);
    const double ms = Ms(t0);
    (fast ? fast_ms : rec_ms).add(ms);
    if (clean_ms) clean_ms->add(ms);
    for (const auto& c : filter.Observe(Of(syms))) confirmed.push_back(c);
  }
  if (hits)
    for (int i = 0; i < devices::kLiveItems; ++i) {
      hits[i] += st.hits[i];
      g_item_ms[i] += st.item_ms[i], g_item_runs[i] += st.item_runs[i], g_item_max[i] = std::max(g_item_max[i], st.item_max_ms[i]);
    }
  return confirmed;
}

}  // namespace

// Live ablation: the new live reader with one second-round stage (or the second-label search) off.
struct LiveVariant {
  const char* name;
  devices::RecoveryOptions options;
  Tally tally;
};

int main(int argc, char** argv) {
  const bool ablation = argc > 1 && std::strcmp(argv[1], "--ablation") == 0;
  const bool live_only = argc > 1 && std::strcmp(argv[1], "--live") == 0;  // live readers only (the tuning loop)
  const auto tmp = std::filesystem::temp_directory_path() / ("onestop-set-" + std::to_string(::getpid()));
  std::filesystem::create_directories(tmp);
  const auto t_gen = std::chrono::steady_clock::now();
  const auto set = DegradedSet(tmp);
  std::filesystem::remove_all(tmp);
  double load[3] = {0, 0, 0};
  getloadavg(load, 3);
  int codes = 0, empty = 0;
  for (const auto& f : set) codes += static_cast<int>(f.expect.size()), empty += f.expect.empty();
  std::printf("Degraded set: %zu frames 1280x720 (%d codes, %d code-free), generated in %.1f s. Load average %.2f %.2f %.2f.\n\n",
              set.size(), codes, empty, Ms(t_gen) / 1000, load[0], load[1], load[2]);

  zbar::ImageScanner zb;
  zb.set_config(zbar::ZBAR_NONE, zbar::ZBAR_CFG_ENABLE, 1);
  Tally cur_live, cur_still, new_still, prev_still, new_live, prev_live, zbar_t;
  Pct t_prev_still_clean, t_prev_still_rec, t_cur_live, t_cur_still, t_new_still_clean, t_new_still_rec, t_zbar, t_live_fast, t_live_rec,
      t_prev_fast, t_prev_rec, t_prev_clean, t_live_clean;
  std::vector<std::string> misses, live_misses;
  int item_hits[devices::kLiveItems] = {};
  int cur_still_crashes = 0;
  std::vector<LiveVariant> live_variants;
  if (ablation) {
    devices::RecoveryOptions o;
    o.live_second_label = false;
    live_variants.push_back({"second-label search", o, {}});
    o = {};
    o.stages &= ~devices::kStageRegions;
    live_variants.push_back({"second-round regions (noise gate, tilted, opened)", o, {}});
    o = {};
    o.stages &= ~devices::kStageFineScale;
    live_variants.push_back({"fine scale (small 2D crops at 3x)", o, {}});
  }
  devices::IsolatedDecoderOptions wo;
  wo.worker_argv = {ONESTOP_DECODE_WORKER_BIN};
  devices::IsolatedDecoder worker(wo);
  for (const auto& f : set) {
    const GrayImage& g = f.img;
    // Clean scenes with one label: the "clean 720p frame" (the fast pass reads it; the
    // once-per-scene second-label search is included).
    const bool clean = f.degradation == "clean" && f.expect.size() == 1;
    Score(prev_live, f, Live(g, 12, Previous(), t_prev_fast, t_prev_rec, nullptr, clean ? &t_prev_clean : nullptr));
    const Payloads nl = Live(g, 12, {}, t_live_fast, t_live_rec, item_hits, clean ? &t_live_clean : nullptr);
    Score(new_live, f, nl);
    for (const auto& e : f.expect)
      if (std::find(nl.begin(), nl.end(), e) == nl.end()) live_misses.push_back(f.name);
    for (auto& v : live_variants) {
      Pct a, c;
      Score(v.tally, f, Live(g, 12, v.options, a, c));
    }
    if (live_only) continue;
    auto t0 = std::chrono::steady_clock::now();
    const Payloads z = Zbar(zb, g);
    t_zbar.add(Ms(t0));
    Score(zbar_t, f, z);
    // Current live: CameraScanner alternated the two binarizers frame by frame: union of both.
    t0 = std::chrono::steady_clock::now();
    Payloads cl = Of(devices::DecodeInProcess(g.pixels.data(), g.width, g.height, Tuning::kLiveStream));
    t_cur_live.add(Ms(t0));
    for (auto& p : Of(devices::DecodeInProcess(g.pixels.data(), g.width, g.height, Tuning::kLiveStreamGlobal)))
      if (std::find(cl.begin(), cl.end(), p) == cl.end()) cl.push_back(p);
    Score(cur_live, f, cl);
    // Current still through the worker, as `scan` ran it: Debian's ZXing aborts on some of these
    // frames with the old still hints; the worker then retried with kStillSafe.
    t0 = std::chrono::steady_clock::now();
    Payloads cs;
    {
      auto r = worker.Decode(g, Tuning::kStillFast);
      if (!r.ok()) {
        ++cur_still_crashes;
        r = worker.Decode(g, Tuning::kStillSafe);
      }
      if (r.ok()) cs = Of(r.value());
    }
    t_cur_still.add(Ms(t0));
    Score(cur_still, f, cs);
    t0 = std::chrono::steady_clock::now();
    const Payloads ps = Of(devices::DecodeStill(g.pixels.data(), g.width, g.height, Previous()));
    (cs.empty() ? t_prev_still_rec : t_prev_still_clean).add(Ms(t0));
    Score(prev_still, f, ps);
    t0 = std::chrono::steady_clock::now();
    const Payloads ns = Of(devices::DecodeStill(g.pixels.data(), g.width, g.height));
    (cs.empty() ? t_new_still_rec : t_new_still_clean).add(Ms(t0));
    Score(new_still, f, ns);
    for (const auto& e : f.expect)
      if (std::find(ns.begin(), ns.end(), e) == ns.end()) misses.push_back(f.name);
  }

  auto rate = [](int a, int b) { return b ? 100.0 * a / b : 0.0; };
  auto trow = [](const char* n, Pct& p) {
    std::printf("| %s | %zu | %.2f | %.2f | %.2f |\n", n, p.v.size(), p.q(0.5), p.q(0.95), p.q(1.0));
  };
  if (live_only) {  // the tuning loop: live readers only
    for (auto [name, t] : {std::pair<const char*, Tally*>{"previous live", &prev_live}, {"new live", &new_live}})
      std::printf("%s: %d/%d (%.1f%%), QR+C128 %d/%d, wrong %d, code-free frames with a read %d/%d\n", name, t->read, t->total,
                  rate(t->read, t->total), t->zread, t->ztotal, t->wrong, t->fp_frames, empty);
    for (const auto& deg : Degradations())
      for (const char* sym : {"QR", "DataMatrix", "Code128"}) {
        const auto a = prev_live.cell[deg + "|" + sym], c = new_live.cell[deg + "|" + sym];
        std::printf("  %s %s: %d -> %d / %d\n", deg.c_str(), sym, a.first, c.first, c.second);
      }
    trow("previous live, clean one-label scenes", t_prev_clean);
    trow("new live, clean one-label scenes", t_live_clean);
    trow("previous live, fast", t_prev_fast);
    trow("previous live, recovery", t_prev_rec);
    trow("new live, fast", t_live_fast);
    trow("new live, recovery", t_live_rec);
  }
  std::printf("\n#### New live: work items (first reads in a scene, summed over the set; run time per call)\n\n"
              "| item | reads | calls | mean ms | max ms |\n|---|---|---|---|---|\n");
  // In devices::LiveItem order.
  const char* item_names[devices::kLiveItems] = {"global binarizer", "candidates (plan)", "2D crop", "2D crop mirrored",
                                                 "linear crop upright", "normalised frame", "libdmtx crop", "libdmtx crop mirrored",
                                                 "small 2D crop at 3x (+ mirrored)"};
  for (int i = 0; i < devices::kLiveItems; ++i)
    std::printf("| %s | %d | %d | %.2f | %.2f |\n", item_names[i], item_hits[i], g_item_runs[i],
                g_item_runs[i] ? g_item_ms[i] / g_item_runs[i] : 0.0, g_item_max[i]);
  std::printf("\nNew live misses (%zu):", live_misses.size());
  for (const auto& m : live_misses) std::printf(" `%s`;", m.c_str());
  std::printf("\n\n");
  if (live_only) return 0;
  std::printf("#### Read rate per degradation x symbology (codes read / codes)\n\n");
  std::printf("| degradation | symbology | current live | current still | previous still | **new still** | previous live (12 frames, 3-of-5) "
              "| **new live** (the same) | zbar 0.23 |\n|---|---|---|---|---|---|---|---|---|\n");
  for (const auto& deg : Degradations())
    for (const char* sym : {"QR", "DataMatrix", "Code128"}) {
      const std::string k = deg + "|" + sym;
      auto cell = [&](Tally& t) {
        const auto c = t.cell[k];
        return std::to_string(c.first) + "/" + std::to_string(c.second);
      };
      std::printf("| %s | %s | %s | %s | %s | **%s** | %s | **%s** | %s |\n", deg.c_str(), sym, cell(cur_live).c_str(), cell(cur_still).c_str(),
                  cell(prev_still).c_str(), cell(new_still).c_str(), cell(prev_live).c_str(), cell(new_live).c_str(), cell(zbar_t).c_str());
    }
  auto line = [&](const char* name, Tally& t) {
    std::printf("| %s | %d/%d (%.1f%%) | %d/%d (%.1f%%) | %d | %d/%d |\n", name, t.read, t.total, rate(t.read, t.total), t.zread, t.ztotal,
                rate(t.zread, t.ztotal), t.wrong, t.fp_frames, empty);
  };
  std::printf("\n#### Totals\n\n| reader | all codes | QR + Code 128 (what zbar can decode at all) | wrong payloads | code-free frames with a read |\n|---|---|---|---|---|\n");
  line("current live (both binarizers)", cur_live);
  line("current still (`kStillFast` in the worker)", cur_still);
  line("previous still (`kStill`, first-round stages)", prev_still);
  line("**new still** (`kStill`)", new_still);
  line("previous live (`kLiveRecover`, first-round stages)", prev_live);
  line("**new live** (`kLiveRecover`)", new_live);
  for (auto& v : live_variants) {
    const std::string name = "new live without " + std::string(v.name);
    line(name.c_str(), v.tally);
  }
  line("zbar 0.23, all symbologies", zbar_t);
  std::printf("\nCurrent still: the worker crashed (ZXing assertion) on %d frames; each was retried with kStillSafe as `scan` does.\n",
              cur_still_crashes);
  std::printf("\n#### Time per frame (ms, one core)\n\n| pipeline | frames | median | p95 | max |\n|---|---|---|---|---|\n");
  trow("current live, one pass", t_cur_live);
  trow("current still (worker round trip)", t_cur_still);
  trow("previous still, fast pass read something", t_prev_still_clean);
  trow("previous still, recovery needed", t_prev_still_rec);
  trow("new still, fast pass read something", t_new_still_clean);
  trow("new still, recovery needed", t_new_still_rec);
  trow("previous live, clean one-label scenes (per frame)", t_prev_clean);
  trow("new live, clean one-label scenes (per frame)", t_live_clean);
  trow("previous live, scenes the fast pass reads (per frame)", t_prev_fast);
  trow("previous live, scenes that need recovery (per frame)", t_prev_rec);
  trow("new live, scenes the fast pass reads (per frame)", t_live_fast);
  trow("new live, scenes that need recovery (per frame)", t_live_rec);
  trow("zbar 0.23", t_zbar);

  if (ablation) {
    std::printf("\n#### Ablation: new still with one stage off\n\n| stage off | codes read | wrong | false-positive frames | recovery median / p95 ms |\n|---|---|---|---|---|\n");
    const std::pair<const char*, std::uint32_t> stages[] = {
        {"none (all on)", 0},
        {"global binarizer", devices::kStageGlobal},
        {"normalisation", devices::kStageNormalize},
        {"candidate crops (ZXing)", devices::kStageCrops},
        {"mirror", devices::kStageMirror},
        {"linear rotation", devices::kStageRotate},
        {"libdmtx", devices::kStageDmtx},
        {"zbar", devices::kStageZbar},
        {"second-round regions", devices::kStageRegions},
        {"fine scale (small 2D crops at 3x)", devices::kStageFineScale},
        {"all recovery (= current still)", devices::kAllStages}};
    for (const auto& [name, off] : stages) {
      devices::RecoveryOptions o;
      o.stages = devices::kAllStages & ~off;
      Tally t;
      Pct ms;
      for (const auto& f : set) {
        const auto t0 = std::chrono::steady_clock::now();
        const Payloads p = Of(devices::DecodeStill(f.img.pixels.data(), f.img.width, f.img.height, o));
        ms.add(Ms(t0));
        Score(t, f, p);
      }
      std::printf("| %s | %d/%d (%.1f%%) | %d | %d | %.1f / %.1f |\n", name, t.read, t.total, rate(t.read, t.total), t.wrong, t.fp_frames,
                  ms.q(0.5), ms.q(0.95));
    }
  }
  std::printf("\nNew still misses (%zu):", misses.size());
  for (const auto& m : misses) std::printf(" `%s`;", m.c_str());
  std::printf("\n");
  return 0;
}
