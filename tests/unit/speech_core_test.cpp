// The Speech seam's core half: utterance checks, voices per language, the fake's record, WAV bytes,
// and spoken location codes from the real catalogs (expected words read from a data file).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "kiosk/core/speech/fake_speech.h"
#include "kiosk/core/speech/spoken_code.h"
#include "kiosk/core/speech/wav.h"

namespace onestop::speech {
namespace {

const I18n& Catalogs() {
  static const I18n i18n = [] {
    auto r = I18n::LoadDir(ONESTOP_ASSETS_DIR "/i18n");
    if (!r) throw std::runtime_error(r.error().message);
    return r.value();
  }();
  return i18n;
}

TEST(Speech, VoicePerLanguage) {
  EXPECT_STREQ(VoiceFor(Lang::kZhHans), "cmn");
  EXPECT_STREQ(VoiceFor(Lang::kZhHant), "cmn");
  EXPECT_STREQ(VoiceFor(Lang::kEn), "en");
}

TEST(Speech, ValidationCodes) {
  EXPECT_TRUE(ValidateUtterance({Lang::kEn, "hello", 165}));
  EXPECT_EQ(ValidateUtterance({Lang::kEn, "", 165}).error().code, "speech.empty");
  EXPECT_EQ(ValidateUtterance({Lang::kEn, std::string(kMaxUtteranceBytes + 1, 'a'), 165}).error().code, "speech.too_long");
  EXPECT_EQ(ValidateUtterance({Lang::kEn, "\xFF\xFE", 165}).error().code, "speech.bad_text");
  EXPECT_EQ(ValidateUtterance({Lang::kEn, "hi", kMinRateWpm - 1}).error().code, "speech.bad_rate");
  EXPECT_EQ(ValidateUtterance({Lang::kEn, "hi", kMaxRateWpm + 1}).error().code, "speech.bad_rate");
}

TEST(FakeSpeech, RecordsWhatWouldBeSaidInOrder) {
  FakeSpeech fake;
  ASSERT_TRUE(fake.Synthesize({Lang::kEn, "Order saved", 200}));
  ASSERT_FALSE(fake.Synthesize({Lang::kEn, "", 200}));  // refused: not recorded
  auto pcm = fake.Synthesize({Lang::kZhHant, "x", 120});
  ASSERT_TRUE(pcm);
  EXPECT_GT(PeakLevel(pcm.value()), 0);
  ASSERT_EQ(fake.said.size(), 2u);
  EXPECT_EQ(fake.said[0].text, "Order saved");
  EXPECT_EQ(fake.said[0].rate_wpm, 200);
  EXPECT_EQ(fake.said[1].lang, Lang::kZhHant);
}

TEST(Wav, HeaderAndSamples) {
  Pcm pcm{22050, {0, 1, -1, 32767}};
  const std::string wav = EncodeWav(pcm);
  ASSERT_EQ(wav.size(), 44u + 8u);
  EXPECT_EQ(wav.substr(0, 4), "RIFF");
  EXPECT_EQ(wav.substr(8, 8), "WAVEfmt ");
  EXPECT_EQ(wav.substr(36, 4), "data");
  const auto u8 = [&](size_t i) { return static_cast<unsigned>(static_cast<unsigned char>(wav[i])); };
  EXPECT_EQ(u8(24) | (u8(25) << 8) | (u8(26) << 16), 22050u);  // sample rate
  EXPECT_EQ(u8(40), 8u);                                       // data bytes
  EXPECT_EQ(u8(48), 0xFFu);                                    // -1 as little-endian int16
  EXPECT_EQ(u8(49), 0xFFu);
  EXPECT_EQ(PeakLevel(pcm), 32767);
  EXPECT_EQ(PeakLevel(Pcm{16000, {0, 0, 0}}), 0);
}

TEST(SpokenLocation, MatchesTheExpectedWordsPerLanguage) {
  std::ifstream in(ONESTOP_SOURCE_DIR "/tests/unit/input_data/spoken_locations.json");
  ASSERT_TRUE(in);
  const auto expect = nlohmann::json::parse(in);
  ASSERT_GE(expect.size(), 3u);
  for (const auto& [code, per_lang] : expect.items()) {
    for (Lang lang : kAllLangs) {
      auto spoken = SpokenLocation(Catalogs(), lang, code);
      ASSERT_TRUE(spoken) << code << ": " << spoken.error().message;
      EXPECT_EQ(spoken.value(), per_lang.at(LangTag(lang)).get<std::string>()) << code << " " << LangTag(lang);
    }
  }
}

TEST(SpokenLocation, BadCodesAreCodedErrors) {
  for (const char* code : {"", "B2--BED07", "-B2", "B2-", "B2 3F", "B2/3F", "B2-\xE4\xB8\x80"}) {
    auto spoken = SpokenLocation(Catalogs(), Lang::kEn, code);
    ASSERT_FALSE(spoken) << code;
    EXPECT_EQ(spoken.error().code, "speech.bad_code") << code;
  }
  auto longer = SpokenLocation(Catalogs(), Lang::kEn, std::string(kMaxLocationCodeLength + 1, 'A'));
  ASSERT_FALSE(longer);
  EXPECT_EQ(longer.error().code, "speech.bad_code");
}

TEST(SpokenLocation, EveryLanguageHasTheKeys) {
  for (Lang lang : kAllLangs)
    for (const char* key : {"speech.loc.bed", "speech.loc.building", "speech.loc.floor", "speech.loc.join",
                            "speech.loc.room", "speech.loc.ward"})
      EXPECT_TRUE(Catalogs().catalog(lang).Has(key)) << LangTag(lang) << " " << key;
}

}  // namespace
}  // namespace onestop::speech
