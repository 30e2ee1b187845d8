// `input pinyin LETTERS` and `input handwriting STROKES.json` (issue 17): the terminal's real input
// engines headless, printing the candidates as one JSON object, for scripts and tests. Reads the
// strokes file and librime's user dir (<data dir>/rime, deployed once); never contacts the hub.
// Exit codes: 0 ok, 1 input (bad letters, malformed strokes; reason and [code] on stderr),
// 2 usage, 3 environment (engine data not installed).
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "devices/input/rime_pinyin.h"
#include "devices/input/zinnia_handwriting.h"
#include "kiosk/app/cli/cli.h"
#include "kiosk/app/config.h"

namespace onestop::app {
namespace {

using json = nlohmann::json;

constexpr size_t kMaxStrokesFileBytes = 1 << 20;

int Fail(int code, const Error& e) {
  std::cerr << "onestop-kiosk input: " << e.message << " [" << e.code << "]\n";
  return code;
}

void Print(const json& out) { std::cout << out.dump(-1, ' ', false, json::error_handler_t::replace) << std::endl; }

struct PinyinArgs {
  std::string letters, lang = "zh-Hans", rime_dir;
  int page_size = 5, pages = 1;
};

int RunPinyin(const GlobalOptions& global, const PinyinArgs& a) {
  Lang lang;
  if (!ParseLang(a.lang, &lang)) return Fail(kExitUsage, {"input.bad_lang", "--lang must be zh-Hans, zh-Hant or en"});
  std::string dir = a.rime_dir;
  if (dir.empty()) {
    auto c = LoadConfig(global);
    if (!c) return Fail(kExitInput, c.error());
    SetupLogging(c.value().log.level);
    auto d = ResolveDataDir(c.value());
    if (!d) return Fail(kExitEnv, d.error());
    dir = d.value() + "/rime";
  }
  auto runtime = input::RimeRuntime::Start({.user_dir = dir, .page_size = a.page_size});
  if (!runtime) return Fail(kExitEnv, runtime.error());
  auto engine = input::RimePinyinInput::Create(*runtime.value(), lang);
  if (!engine) return Fail(kExitEnv, engine.error());
  auto fed = engine.value()->FeedKeys(a.letters);
  if (!fed) return Fail(kExitInput, fed.error());
  input::CandidatePage page = engine.value()->Candidates();
  const std::string preedit = page.preedit;  // librime shows the raw letters once paged on
  json candidates = json::array();
  for (int p = 0; p < a.pages; ++p) {
    for (const auto& c : page.candidates) candidates.push_back(c);
    if (page.last_page || p + 1 == a.pages) break;
    (void)engine.value()->ChangePage(true);
    page = engine.value()->Candidates();
  }
  Print({{"engine", "pinyin"}, {"lang", LangTag(lang)}, {"input", a.letters}, {"preedit", preedit},
         {"candidates", candidates}, {"deploy_ms", runtime.value()->deploy_ms()}});
  return kExitOk;
}

int RunHandwriting(const std::string& path, const std::string& model_path, int top) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(kExitInput, {"input.ink_file", "cannot read " + path});
  std::ostringstream text;
  text << in.rdbuf();
  if (text.str().size() > kMaxStrokesFileBytes)
    return Fail(kExitInput, {"input.ink_file", path + " is larger than 1 MiB"});
  auto ink = input::ParseInkJson(text.str());
  if (!ink) return Fail(kExitInput, ink.error());
  auto model = input::ZinniaModel::Open(model_path);
  if (!model) return Fail(kExitEnv, model.error());
  auto ranked = model.value()->Recognize(ink.value(), static_cast<size_t>(top));
  if (!ranked) return Fail(kExitInput, ranked.error());
  json candidates = json::array();
  for (const auto& c : ranked.value()) candidates.push_back({{"text", c.text}, {"score", c.score}});
  Print({{"engine", "handwriting"}, {"strokes", ink.value().strokes.size()}, {"candidates", candidates}});
  return kExitOk;
}

}  // namespace

void RegisterInputCommands(CLI::App& app, const GlobalOptions& global, Registry& registry) {
  auto* input = app.add_subcommand("input", "run an input engine headless and print its candidates as JSON");
  input->require_subcommand(1);

  auto pinyin_args = std::make_shared<PinyinArgs>();
  auto* pinyin = input->add_subcommand("pinyin", "pinyin letters -> candidates (librime, luna_pinyin)");
  pinyin->add_option("letters", pinyin_args->letters, "pinyin letters a-z, e.g. nihao")->required();
  pinyin->add_option("--lang", pinyin_args->lang, "zh-Hans (Simplified) or zh-Hant (Traditional)");
  pinyin->add_option("--page-size", pinyin_args->page_size, "candidates per page (1..10)");
  pinyin->add_option("--pages", pinyin_args->pages, "pages of candidates to print")->check(CLI::Range(1, 20));
  pinyin->add_option("--rime-dir", pinyin_args->rime_dir, "librime user data dir (default <data dir>/rime)");
  registry.push_back({pinyin, [&global, pinyin_args] { return RunPinyin(global, *pinyin_args); }});

  auto path = std::make_shared<std::string>();
  auto model = std::make_shared<std::string>(input::kDefaultZinniaModel);
  auto top = std::make_shared<int>(10);
  auto* hand = input->add_subcommand("handwriting", "strokes JSON -> candidate characters (zinnia)");
  hand->add_option("strokes", *path, "file {\"width\":W,\"height\":H,\"strokes\":[[[x,y],...],...]}")->required();
  hand->add_option("--model", *model, "zinnia model file");
  hand->add_option("--top", *top, "number of candidates")->check(CLI::Range(1, 50));
  registry.push_back({hand, [path, model, top] { return RunHandwriting(*path, *model, *top); }});
}

}  // namespace onestop::app
