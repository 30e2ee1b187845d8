// Decoding pipeline on images the test generates itself: rotations, blur, noise, low contrast,
// perspective, JPEG artefacts, small code in a big frame, Data Matrix, Code 128, GS1 with FNC1
// (zint), hostile payloads. Everything goes through the isolated worker, as in the kiosk.
// Must not decode in-process (see decode_isolation_test.cpp for that).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "devices/isolated_decoder.h"
#include "kiosk/core/labels.h"
#include "tests/integration/decode_imaging.h"

namespace onestop::devices {
namespace {

using ZXing::BarcodeFormat;
using namespace testimg;

IsolatedDecoderOptions WorkerOptions() {
  IsolatedDecoderOptions o;
  o.worker_argv = {ONESTOP_DECODE_WORKER_BIN};
  o.timeout = std::chrono::milliseconds(20000);
  return o;
}

class DecodeImages : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { decoder_ = new IsolatedDecoder(WorkerOptions()); }
  static void TearDownTestSuite() {
    delete decoder_;
    decoder_ = nullptr;
  }
  // Decodes and returns the payloads (LabelPayload) found; fails the test on a decoder error.
  static std::vector<std::string> Payloads(const GrayImage& img, Tuning tuning = Tuning::kStill) {
    auto r = decoder_->Decode(img, tuning);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().code + ": " + r.error().message);
    std::vector<std::string> out;
    if (r.ok())
      for (const auto& s : r.value()) out.push_back(s.LabelPayload());
    return out;
  }
  static IsolatedDecoder* decoder_;
};
IsolatedDecoder* DecodeImages::decoder_ = nullptr;

const std::string kAssetUrl = "https://onestop.local/a/EQ-2015-000123";
const std::string kCompact = "OS1:A=EQ-2015-000123;L=B2-3F-W12-BED07";
const std::string kTag = "ZC-2019-0457";

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST_F(DecodeImages, CleanQrLiveAndStill) {
  const auto frame = Place(RenderSymbol(BarcodeFormat::QRCode, kAssetUrl, 6), 1280, 720, 640, 360, 0);
  EXPECT_TRUE(Contains(Payloads(frame, Tuning::kLiveStream), kAssetUrl));
  EXPECT_TRUE(Contains(Payloads(frame, Tuning::kStill), kAssetUrl));
  auto parsed = labels::ParseLabel(kAssetUrl);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->asset_id, "EQ-2015-000123");
}

TEST_F(DecodeImages, QrRotations) {
  const auto sym = RenderSymbol(BarcodeFormat::QRCode, kCompact, 5);
  for (double deg : {15.0, 33.0, 45.0, 90.0, 135.0, 180.0, 250.0})
    EXPECT_TRUE(Contains(Payloads(Place(sym, 1280, 720, 600, 380, deg)), kCompact)) << deg << " degrees";
}

TEST_F(DecodeImages, QrPerspectiveBlurNoiseContrast) {
  const auto sym = RenderSymbol(BarcodeFormat::QRCode, kAssetUrl, 6);
  EXPECT_TRUE(Contains(Payloads(Place(sym, 1280, 720, 640, 360, 20, 0.0006, 0.0003)), kAssetUrl)) << "perspective";
  EXPECT_TRUE(Contains(Payloads(Blur(Place(sym, 1280, 720, 640, 360, 10), 1.5)), kAssetUrl)) << "blur";
  EXPECT_TRUE(Contains(Payloads(Noise(Place(sym, 1280, 720, 640, 360, 5), 25)), kAssetUrl)) << "noise";
  EXPECT_TRUE(Contains(Payloads(Contrast(Place(sym, 1280, 720, 640, 360, 0), 100, 150)), kAssetUrl)) << "low contrast";
  EXPECT_TRUE(Contains(Payloads(Jpeg(Place(sym, 1280, 720, 640, 360, 7), 15)), kAssetUrl)) << "jpeg q15";
}

TEST_F(DecodeImages, SmallCodeInLargeFrame) {
  // 2 px per module, 57 px wide symbol in a 1920x1080 photo, off centre.
  const auto sym = RenderSymbol(BarcodeFormat::QRCode, "https://onestop.local/l/B2-3F-W12-BED07", 2);
  const auto frame = Place(sym, 1920, 1080, 1500, 260, 3);
  auto p = Payloads(frame);
  ASSERT_TRUE(Contains(p, "https://onestop.local/l/B2-3F-W12-BED07"));
}

TEST_F(DecodeImages, DataMatrixAndCode128) {
  const auto dm = RenderSymbol(BarcodeFormat::DataMatrix, kCompact, 6);
  EXPECT_TRUE(Contains(Payloads(Place(dm, 1280, 720, 640, 360, 30)), kCompact));
  EXPECT_TRUE(Contains(Payloads(Place(dm, 1280, 720, 640, 360, 0), Tuning::kLiveStream), kCompact));
  const auto c128 = RenderSymbol(BarcodeFormat::Code128, kTag, 3);
  EXPECT_TRUE(Contains(Payloads(Place(c128, 1280, 720, 640, 360, 0), Tuning::kLiveStream), kTag));
  EXPECT_TRUE(Contains(Payloads(Jpeg(Blur(Place(c128, 1280, 720, 640, 360, 4), 0.8), 25)), kTag)) << "degraded";
  EXPECT_TRUE(Contains(Payloads(Place(c128, 1280, 720, 640, 360, 90)), kTag)) << "vertical";
  // The exact frame that aborts ZXing with default hints decodes with the kiosk's tuning.
  EXPECT_TRUE(Contains(Payloads(AbortingCode128Frame()), kTag));
}

TEST_F(DecodeImages, TwoSymbolsInOneImage) {
  GrayImage frame = Place(RenderSymbol(BarcodeFormat::QRCode, kAssetUrl, 5), 1280, 720, 330, 360, 0);
  const auto dm = Place(RenderSymbol(BarcodeFormat::DataMatrix, kCompact, 6), 1280, 720, 960, 360, 0);
  for (int y = 0; y < 720; ++y)
    for (int x = 640; x < 1280; ++x) At(frame, x, y) = dm.pixels[static_cast<std::size_t>(y) * 1280 + x];
  auto p = Payloads(frame);
  EXPECT_TRUE(Contains(p, kAssetUrl));
  EXPECT_TRUE(Contains(p, kCompact));
}

class Gs1Symbols : public DecodeImages {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("onestop-gs1-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  GrayImage Zint(int barcode, const std::string& data) {
    const std::string path = (dir_ / ("z" + std::to_string(n_++) + ".png")).string();
    EXPECT_TRUE(ZintGs1(barcode, data, path)) << "zint failed for " << data;
    return LoadPng(path);
  }
  std::filesystem::path dir_;
  int n_ = 0;
};

TEST_F(Gs1Symbols, Gs1DataMatrixUdiWithFnc1) {
  const auto img = Zint(71, "[01]06901234567892[17]281231[10]LOT42[21]SN12345");
  ASSERT_GT(img.width, 0);
  auto r = decoder_->Decode(Place(img, 1280, 720, 640, 360, 12), Tuning::kStill);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ(r->at(0).symbology_id, "]d2");
  EXPECT_NE(r->at(0).text.find('\x1d'), std::string::npos) << "FNC1 after the variable-length lot";
  auto label = labels::ParseLabel(r->at(0).LabelPayload());
  ASSERT_TRUE(label.ok()) << label.error().message;
  EXPECT_EQ(label->gtin, "06901234567892");
  EXPECT_EQ(label->lot, "LOT42");
  EXPECT_EQ(label->serial, "SN12345");
  EXPECT_EQ(label->expiry, "2028-12-31");
}

TEST_F(Gs1Symbols, Gs1QrGiaiAndGs1_128) {
  auto qr = decoder_->Decode(Zint(58, "[8004]6901234ABC123"), Tuning::kStill);
  ASSERT_TRUE(qr.ok());
  ASSERT_EQ(qr->size(), 1u);
  auto giai = labels::ParseLabel(qr->at(0).LabelPayload());
  ASSERT_TRUE(giai.ok()) << giai.error().message;
  EXPECT_EQ(giai->giai, "6901234ABC123");

  auto c128 = decoder_->Decode(Zint(16, "[01]06901234567892[21]SN9"), Tuning::kStill);
  ASSERT_TRUE(c128.ok());
  ASSERT_EQ(c128->size(), 1u);
  EXPECT_EQ(c128->at(0).symbology_id, "]C1");
  auto udi = labels::ParseLabel(c128->at(0).LabelPayload());
  ASSERT_TRUE(udi.ok()) << udi.error().message;
  EXPECT_EQ(udi->serial, "SN9");
}

TEST_F(Gs1Symbols, Gs1WithBadCheckDigitIsRejected) {
  // zint validates check digits too, so encode the GS1 data with a plain QR (no FNC1) in the HRI form.
  auto r = decoder_->Decode(Place(RenderSymbol(BarcodeFormat::QRCode, "(01)06901234567893(21)SN1", 5), 800, 600, 400, 300, 0),
                            Tuning::kStill);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 1u);
  auto label = labels::ParseLabel(r->at(0).LabelPayload());
  ASSERT_FALSE(label.ok());
  EXPECT_EQ(label.error().code, "label.gs1_bad_check_digit");
}

TEST_F(DecodeImages, HostilePayloadsAreDecodedButRejected) {
  struct Case {
    std::string payload;
    std::string code;
  };
  const std::vector<Case> cases = {
      {"https://evil.example/login?next=/a/EQ-1", "label.unrelated_url"},
      {"OS1:A=EQ-1;CMD=DROP", "label.compact_unknown_key"},
      {"OS1:A=EQ-1'--", "label.bad_asset_id"},
      {std::string(600, 'A'), "label.too_long"},
      {"ZC-2019\x01" "0457", "label.control_char"},
      {"WIFI:S:ward;T:WPA;P:secret;;", "label.unrelated_url"},
  };
  for (const auto& c : cases) {
    auto p = Payloads(Place(RenderSymbol(BarcodeFormat::QRCode, c.payload, 4), 1280, 720, 640, 360, 0));
    ASSERT_EQ(p.size(), 1u) << c.payload.substr(0, 40);
    EXPECT_EQ(p[0], c.payload);
    auto label = labels::ParseLabel(p[0]);
    ASSERT_FALSE(label.ok()) << c.payload.substr(0, 40);
    EXPECT_EQ(label.error().code, c.code);
  }
}

TEST_F(DecodeImages, HeavyBlurIsNotReadAndNothingIsInvented) {
  const auto sym = RenderSymbol(BarcodeFormat::QRCode, kAssetUrl, 3);
  EXPECT_TRUE(Payloads(Blur(Place(sym, 1280, 720, 640, 360, 0), 6.0)).empty());
  EXPECT_TRUE(Payloads(Noise(Blank(1280, 720, 128), 40)).empty());
}

}  // namespace
}  // namespace onestop::devices
