// Table-printing benchmark for issue 17: pinyin candidates per key (target <= 20 ms), handwriting per
// character (target <= 100 ms), speech synthesis time, and the RSS each engine adds (VmRSS deltas,
// measured in the order pinyin, handwriting, speech). Run pinned: `taskset -c 0 input_bench [DEV.json]`
// (DEV.json: the handwriting development set, scripts/gen_handwriting_strokes.py PKG --dev DEV.json).
// It measures only; it asserts nothing (tests do that).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "devices/input/rime_pinyin.h"
#include "devices/input/zinnia_handwriting.h"
#include "devices/speech/espeak_speech.h"

namespace {

using namespace onestop;
using Clock = std::chrono::steady_clock;

double Ms(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

long RssKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

struct Stats {
  double p50, p95, max;
  size_t n;
};
Stats Summarise(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const auto at = [&](double q) { return v[static_cast<size_t>(q * static_cast<double>(v.size() - 1))]; };
  return {at(0.5), at(0.95), v.back(), v.size()};
}
void Row(const char* what, const Stats& s, const char* target) {
  std::printf("| %s | %zu | %.2f | %.2f | %.2f | %s |\n", what, s.n, s.p50, s.p95, s.max, target);
}

// A stroke file in the fixture's format ({"width", "height", "characters": [{"strokes"}]}).
std::vector<input::Ink> LoadInks(const std::string& path) {
  std::ifstream in(path);
  const auto j = nlohmann::json::parse(in);
  std::vector<input::Ink> inks;
  for (const auto& c : j.at("characters")) {
    input::Ink ink{j.at("width").get<int>(), j.at("height").get<int>(), {}};
    for (const auto& s : c.at("strokes")) {
      input::InkStroke st;
      for (const auto& p : s) st.push_back({p.at(0).get<float>(), p.at(1).get<float>()});
      ink.strokes.push_back(std::move(st));
    }
    inks.push_back(std::move(ink));
  }
  return inks;
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  const long rss0 = RssKb();
  const fs::path dir = fs::temp_directory_path() / ("onestop-input-bench-" + std::to_string(::getpid()));
  fs::remove_all(dir);

  // Pinyin: a fresh user dir, so the first Start pays the whole deployment.
  auto t0 = Clock::now();
  auto rt = input::RimeRuntime::Start({.user_dir = dir.string(), .page_size = 5});
  const double start_ms = Ms(t0, Clock::now());
  if (!rt) { std::fprintf(stderr, "%s\n", rt.error().message.c_str()); return 3; }
  auto engine = input::RimePinyinInput::Create(*rt.value(), Lang::kZhHans);
  if (!engine) { std::fprintf(stderr, "%s\n", engine.error().message.c_str()); return 3; }
  // Typical patient phrases, typed letter by letter; each key is followed by reading the page, as the
  // keyboard does.
  const std::vector<std::string> phrases = {"nihao", "wodechuangdanzangle", "qingbangwohuanyixia", "kongtaileng",
                                            "wofanbuhaochi", "xiexieni", "shuilongtoulou", "yishengshenmeshihoulai",
                                            "dengbuliang", "zhongguorenmin"};
  std::vector<double> per_key;
  for (int rep = 0; rep < 5; ++rep)
    for (const auto& p : phrases) {
      for (char c : p) {
        const auto a = Clock::now();
        (void)engine.value()->FeedKeys(std::string(1, c));
        const auto page = engine.value()->Candidates();
        per_key.push_back(Ms(a, Clock::now()));
        if (page.candidates.empty()) std::fprintf(stderr, "no candidates for %s\n", p.c_str());
      }
      engine.value()->Reset();
    }
  const long rss_pinyin = RssKb();

  // Handwriting: the fixture's characters, 10 rounds.
  t0 = Clock::now();
  auto model = input::ZinniaModel::Open();
  const double open_ms = Ms(t0, Clock::now());
  if (!model) { std::fprintf(stderr, "%s\n", model.error().message.c_str()); return 3; }
  const std::vector<input::Ink> inks = LoadInks(ONESTOP_SOURCE_DIR "/tests/integration/input_data/handwriting_strokes.json");
  // The development set (optional argument; scripts/gen_handwriting_strokes.py PKG --dev DEV.json)
  // adds characters of up to 20+ strokes, where the order-tolerant scorer costs most.
  const std::vector<input::Ink> dev_inks = argc > 1 ? LoadInks(argv[1]) : std::vector<input::Ink>{};
  std::vector<double> per_char, per_char_peer, per_dev, per_dev_peer;
  const auto time_all = [](const std::vector<input::Ink>& set, int reps, std::vector<double>& out, auto recognise) {
    for (int rep = 0; rep < reps; ++rep)
      for (const auto& ink : set) {
        const auto a = Clock::now();
        auto r = recognise(ink);
        out.push_back(Ms(a, Clock::now()));
        if (!r) return false;
      }
    return true;
  };
  const auto& zm = *model.value();
  const auto ours = [&](const input::Ink& i) { return zm.Recognize(i, 10); };
  const auto peer = [&](const input::Ink& i) { return zm.RecognizeWithLibzinnia(i, 10); };
  if (!time_all(inks, 10, per_char, ours) || !time_all(dev_inks, 1, per_dev, ours)) return 1;
  const long rss_hand = RssKb();  // what the kiosk maps: the scorer only (the peer below maps the file again)
  if (!time_all(inks, 10, per_char_peer, peer) || !time_all(dev_inks, 1, per_dev_peer, peer)) return 1;
  const long rss_peer = RssKb();

  // Speech: one sentence per language.
  t0 = Clock::now();
  auto speech = speech::EspeakSpeech::Create();
  const double speech_init_ms = Ms(t0, Clock::now());
  if (!speech) { std::fprintf(stderr, "%s\n", speech.error().message.c_str()); return 3; }
  std::ifstream expect_in(ONESTOP_SOURCE_DIR "/tests/integration/input_data/expect.json");
  const auto texts = nlohmann::json::parse(expect_in).at("speech");  // no Chinese literals in C++
  std::vector<double> per_utt;
  double audio_s = 0;
  for (int rep = 0; rep < 3; ++rep)
    for (Lang lang : kAllLangs) {
      const auto a = Clock::now();
      auto pcm = speech.value()->Synthesize({lang, texts.at(LangTag(lang)).get<std::string>(), speech::kDefaultRateWpm});
      per_utt.push_back(Ms(a, Clock::now()));
      if (!pcm) return 1;
      audio_s += static_cast<double>(pcm->samples.size()) / pcm->sample_rate;
    }
  const long rss_speech = RssKb();

  std::printf("librime start (fresh user dir: setup + deployment): %.1f ms (deploy_ms %.1f)\n", start_ms, rt.value()->deploy_ms());
  std::printf("zinnia model open: %.1f ms; espeak-ng init: %.1f ms; audio synthesised: %.1f s\n\n", open_ms, speech_init_ms, audio_s);
  std::printf("| operation | n | p50 ms | p95 ms | max ms | target |\n|---|---|---|---|---|---|\n");
  Row("pinyin: key + candidate page", Summarise(per_key), "<= 20 ms");
  Row("handwriting: recognise one character (top 10), order-tolerant (default)", Summarise(per_char), "<= 100 ms");
  Row("handwriting: same, libzinnia on the written order (peer)", Summarise(per_char_peer), "-");
  if (!per_dev.empty()) {
    Row("handwriting, development set: order-tolerant (default)", Summarise(per_dev), "<= 100 ms");
    Row("handwriting, development set: libzinnia (peer)", Summarise(per_dev_peer), "-");
  }
  Row("speech: synthesise one short sentence", Summarise(per_utt), "-");
  std::printf("\n| RSS | KiB |\n|---|---|\n| baseline | %ld |\n| + librime (luna_pinyin deployed, 1 session) | %ld |\n"
              "| + zinnia model (order-tolerant scorer, as the kiosk maps it) | %ld |\n| + espeak-ng | %ld |\n"
              "| total added (kiosk) | %ld |\n| (bench only: libzinnia peer's second mapping of the model | %ld) |\n",
              rss0, rss_pinyin - rss0, rss_hand - rss_pinyin, rss_speech - rss_peer,
              (rss_speech - rss0) - (rss_peer - rss_hand), rss_peer - rss_hand);
  engine.value().reset();
  fs::remove_all(dir);
  return 0;
}
