// `onestop-kiosk scan FILE...` end to end: one JSON line per file, labels and rejections, an
// error object and exit 1 for unreadable files, and survival of a ZXing abort in the worker.
// Runs the real binary ($ONESTOP_KIOSK_BIN) on images generated here.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/integration/decode_imaging.h"

namespace onestop {
namespace {

using ZXing::BarcodeFormat;
using namespace testimg;
namespace fs = std::filesystem;

struct CliRun {
  int rc = -1;
  std::vector<nlohmann::json> lines;
};

class ScanCli : public ::testing::Test {
 protected:
  void SetUp() override {
    // $ONESTOP_KIOSK_BIN wins; the build-time path is the fallback because gtest_discover_tests
    // keeps only the first entry of a multi-entry ENVIRONMENT property (tests/CMakeLists.txt).
    const char* bin = std::getenv("ONESTOP_KIOSK_BIN");
    bin_ = bin && *bin ? bin : ONESTOP_KIOSK_BIN_DEFAULT;
    ASSERT_TRUE(fs::exists(bin_)) << "onestop-kiosk not found at " << bin_;
    dir_ = fs::temp_directory_path() / ("onestop-scancli-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  CliRun Scan(const std::string& args) {
    CliRun r;
    const std::string cmd = "'" + bin_ + "' scan " + args + " 2>/dev/null";
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return r;
    std::string out;
    char buf[4096];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    const int status = ::pclose(p);
    r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      EXPECT_FALSE(j.is_discarded()) << "not JSON: " << line;
      r.lines.push_back(j);
    }
    return r;
  }

  std::string bin_;
  fs::path dir_;
};

TEST_F(ScanCli, LabelsAndRejectionsOneLinePerFile) {
  ASSERT_TRUE(WritePng(Place(RenderSymbol(BarcodeFormat::QRCode, "https://onestop.local/a/EQ-2015-000123", 5), 1280, 720, 500, 300, 25),
                       Path("asset.png")));
  ASSERT_TRUE(WriteJpeg(Place(RenderSymbol(BarcodeFormat::DataMatrix, "OS1:A=EQ-1;X=2", 6), 800, 600, 400, 300, 0),
                        Path("unknown-key.jpg"), 80));
  ASSERT_TRUE(WritePng(Blank(320, 240), Path("empty.png")));
  const CliRun r = Scan(Path("asset.png") + " " + Path("unknown-key.jpg") + " " + Path("empty.png"));
  EXPECT_EQ(r.rc, 0);
  ASSERT_EQ(r.lines.size(), 3u);

  const auto& a = r.lines[0];
  EXPECT_EQ(a["file"], Path("asset.png"));
  ASSERT_EQ(a["symbols"].size(), 1u);
  EXPECT_EQ(a["symbols"][0]["format"], "QRCode");
  EXPECT_EQ(a["symbols"][0]["text"], "https://onestop.local/a/EQ-2015-000123");
  EXPECT_EQ(a["symbols"][0]["position"].size(), 4u);
  EXPECT_EQ(a["label"]["asset_id"], "EQ-2015-000123");
  EXPECT_EQ(a["label"]["form"], "own_url");
  EXPECT_TRUE(a["draft"].is_null());

  const auto& k = r.lines[1];
  ASSERT_EQ(k["symbols"].size(), 1u);
  EXPECT_EQ(k["symbols"][0]["format"], "DataMatrix");
  EXPECT_TRUE(k["label"].is_null());
  EXPECT_EQ(k["symbols"][0]["rejection"]["code"], "label.compact_unknown_key");
  EXPECT_FALSE(k["symbols"][0]["rejection"]["reason"].get<std::string>().empty());

  EXPECT_EQ(r.lines[2]["symbols"].size(), 0u);
  EXPECT_EQ(r.lines[2]["rejection"]["code"], "scan.no_code");
}

TEST_F(ScanCli, UnreadableFileGivesErrorObjectAndExit1AtTheEnd) {
  {
    std::ofstream f(Path("not-an-image.png"));
    f << "hello, I am text";
  }
  ASSERT_TRUE(WritePng(Place(RenderSymbol(BarcodeFormat::Code128, "ZC-2019-0457", 3), 1280, 720, 640, 360, 0), Path("tag.png")));
  const CliRun r = Scan(Path("not-an-image.png") + " " + Path("missing.png") + " " + Path("tag.png"));
  EXPECT_EQ(r.rc, 1);
  ASSERT_EQ(r.lines.size(), 3u);
  EXPECT_EQ(r.lines[0]["error"]["code"], "image.unsupported");
  EXPECT_EQ(r.lines[1]["error"]["code"], "image.unreadable");
  EXPECT_EQ(r.lines[2]["label"]["tag"], "ZC-2019-0457");  // later files are still scanned
}

TEST_F(ScanCli, SurvivesZXingAbortInTheWorker) {
  ASSERT_TRUE(WriteJpeg(AbortingCode128Frame(), Path("abort.jpg"), 95));
  ASSERT_TRUE(WritePng(Place(RenderSymbol(BarcodeFormat::QRCode, "OS1:L=B2-3F-W12-BED07", 5), 1280, 720, 640, 360, 0),
                       Path("loc.png")));
  const CliRun defaults = Scan("--zxing-defaults " + Path("abort.jpg") + " " + Path("loc.png"));
  EXPECT_EQ(defaults.rc, 1);
  ASSERT_EQ(defaults.lines.size(), 2u);
  EXPECT_EQ(defaults.lines[0]["error"]["code"], "decode.worker_crashed");
  EXPECT_EQ(defaults.lines[1]["label"]["location_code"], "B2-3F-W12-BED07");

  const CliRun tuned = Scan(Path("abort.jpg"));  // the kiosk's own tuning reads it
  EXPECT_EQ(tuned.rc, 0);
  ASSERT_EQ(tuned.lines.size(), 1u);
  EXPECT_EQ(tuned.lines[0]["label"]["tag"], "ZC-2019-0457");
}

TEST_F(ScanCli, NoFilesIsAUsageError) { EXPECT_EQ(Scan("").rc, 2); }

}  // namespace
}  // namespace onestop
