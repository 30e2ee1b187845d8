// `say --lang L --text T --out F.wav` (issue 17): writes what the terminal would say, through the same
// espeak-ng Speech the terminal uses (voice by language, rate in words per minute). `--location CODE`
// says a location code in its spoken form from the catalogs. Never plays audio.
// Exit codes: 0 ok, 1 input (empty/too long text, bad code; [code] on stderr), 2 usage, 3 environment.
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "devices/speech/espeak_speech.h"
#include "kiosk/app/cli/cli.h"
#include "kiosk/core/speech/spoken_code.h"
#include "kiosk/core/speech/wav.h"

namespace onestop::app {
namespace {

struct SayArgs {
  std::string lang = "zh-Hans", text, location, out;
  int rate = speech::kDefaultRateWpm;
};

int Fail(int code, const Error& e) {
  std::cerr << "onestop-kiosk say: " << e.message << " [" << e.code << "]\n";
  return code;
}

int RunSay(const SayArgs& a) {
  Lang lang;
  if (!ParseLang(a.lang, &lang)) return Fail(kExitUsage, {"speech.bad_lang", "--lang must be zh-Hans, zh-Hant or en"});
  if (a.text.empty() == a.location.empty())
    return Fail(kExitUsage, {"speech.usage", "give exactly one of --text and --location"});
  speech::Utterance u{lang, a.text, a.rate};
  if (!a.location.empty()) {
    auto i18n = I18n::LoadDir(ONESTOP_ASSETS_DIR "/i18n");
    if (!i18n) return Fail(kExitEnv, i18n.error());
    auto spoken = speech::SpokenLocation(i18n.value(), lang, a.location);
    if (!spoken) return Fail(kExitInput, spoken.error());
    u.text = spoken.value();
  }
  if (auto v = speech::ValidateUtterance(u); !v) return Fail(kExitInput, v.error());
  auto engine = speech::EspeakSpeech::Create();
  if (!engine) return Fail(kExitEnv, engine.error());
  auto pcm = engine.value()->Synthesize(u);
  if (!pcm) return Fail(kExitEnv, pcm.error());
  std::ofstream out(a.out, std::ios::binary | std::ios::trunc);
  out << speech::EncodeWav(pcm.value());
  out.close();
  if (!out) return Fail(kExitEnv, {"speech.write", "cannot write " + a.out});
  const nlohmann::json summary = {{"lang", LangTag(lang)}, {"voice", speech::VoiceFor(lang)}, {"text", u.text},
                                  {"rate_wpm", u.rate_wpm}, {"sample_rate", pcm.value().sample_rate},
                                  {"samples", pcm.value().samples.size()}, {"peak", speech::PeakLevel(pcm.value())},
                                  {"out", a.out}};
  std::cout << summary.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << std::endl;
  return kExitOk;
}

}  // namespace

void RegisterSayCommands(CLI::App& app, const GlobalOptions&, Registry& registry) {
  auto args = std::make_shared<SayArgs>();
  auto* say = app.add_subcommand("say", "synthesise what the terminal would say into a WAV file (espeak-ng)");
  say->add_option("--lang", args->lang, "zh-Hans, zh-Hant (Mandarin voice) or en");
  say->add_option("--text", args->text, "the text to say");
  say->add_option("--location", args->location, "a location code to say in its spoken form, e.g. B2-3F-W12-BED07");
  say->add_option("--rate", args->rate, "words per minute")->check(CLI::Range(speech::kMinRateWpm, speech::kMaxRateWpm));
  say->add_option("--out", args->out, "WAV file to write")->required();
  registry.push_back({say, [args] { return RunSay(*args); }});
}

}  // namespace onestop::app
