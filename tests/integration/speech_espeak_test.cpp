// Speech through the real libespeak-ng: every session language synthesises non-silent audio of a
// plausible length with its voice; a faster rate gives shorter audio; bad utterances are refused.
#include <gtest/gtest.h>

#include "devices/speech/espeak_speech.h"
#include "input_test_data.h"
#include "kiosk/core/speech/wav.h"

namespace onestop::speech {
namespace {

EspeakSpeech& Engine() {
  static std::unique_ptr<EspeakSpeech> e = [] {
    auto r = EspeakSpeech::Create();
    if (!r) throw std::runtime_error(r.error().message);
    return std::move(r.value());
  }();
  return *e;
}

TEST(EspeakSpeech, EveryLanguageSaysSomething) {
  const auto& texts = input::testdata::Expect().at("speech");
  for (Lang lang : kAllLangs) {
    const std::string text = texts.at(LangTag(lang)).get<std::string>();
    auto pcm = Engine().Synthesize({lang, text, kDefaultRateWpm});
    ASSERT_TRUE(pcm) << LangTag(lang) << ": " << pcm.error().message;
    ASSERT_GT(pcm->sample_rate, 8000);
    const double seconds = static_cast<double>(pcm->samples.size()) / pcm->sample_rate;
    EXPECT_GT(seconds, 0.5) << LangTag(lang);
    EXPECT_LT(seconds, 10.0) << LangTag(lang);
    EXPECT_GT(PeakLevel(pcm.value()), 1000) << LangTag(lang);
  }
}

TEST(EspeakSpeech, FasterRateIsShorter) {
  const std::string text = input::testdata::Expect().at("speech").at("zh-Hans").get<std::string>();
  auto slow = Engine().Synthesize({Lang::kZhHans, text, 120});
  auto fast = Engine().Synthesize({Lang::kZhHans, text, 300});
  ASSERT_TRUE(slow);
  ASSERT_TRUE(fast);
  EXPECT_LT(fast->samples.size() * 3, slow->samples.size() * 2) << "300 wpm should take well under 2/3 of 120 wpm";
}

TEST(EspeakSpeech, RefusesWhatTheSeamRefuses) {
  EXPECT_EQ(Engine().Synthesize({Lang::kEn, "", kDefaultRateWpm}).error().code, "speech.empty");
  EXPECT_EQ(Engine().Synthesize({Lang::kEn, "hi", 10}).error().code, "speech.bad_rate");
  EXPECT_EQ(Engine().Synthesize({Lang::kEn, std::string(kMaxUtteranceBytes + 1, 'a'), kDefaultRateWpm}).error().code,
            "speech.too_long");
}

}  // namespace
}  // namespace onestop::speech
