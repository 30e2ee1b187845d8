// Hostile scanner input (issue 11 item 8): only regular image files under the size cap are read,
// and the decode worker runs under an address-space limit. A directory, a FIFO, a symlink to
// /dev/zero named .png, an oversized file, a PNG declaring 60000x60000 and a zlib bomb are each
// refused with a clear "image.*" error (not a library crash) through the isolated worker and the
// `scan` CLI, and the worker's memory stays bounded. Files are made here, in a temp directory.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "devices/isolated_decoder.h"
#include "kiosk/core/protocol.h"
#include "tests/integration/decode_imaging.h"

namespace onestop::devices {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

void PutBe32(std::string& out, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<char>((v >> s) & 0xff));
}

void Chunk(std::string& png, const char* type, const std::string& data) {
  PutBe32(png, static_cast<uint32_t>(data.size()));
  const std::string td = std::string(type, 4) + data;
  png += td;
  PutBe32(png, static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(td.data()), static_cast<uInt>(td.size()))));
}

// A gray 8-bit PNG claiming width x height whose IDAT inflates to `inflated` zero bytes.
std::string Png(uint32_t width, uint32_t height, uint64_t inflated) {
  std::string png = "\x89PNG\r\n\x1a\n";
  std::string ihdr;
  PutBe32(ihdr, width);
  PutBe32(ihdr, height);
  ihdr += std::string("\x08\x00\x00\x00\x00", 5);  // depth 8, gray, deflate, filter 0, no interlace
  Chunk(png, "IHDR", ihdr);
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, 15, 9, Z_RLE);  // RLE: zero runs at ~1000:1, quickly
  std::vector<unsigned char> zeros(1 << 20), out(1 << 16);
  std::string idat;
  uint64_t left = inflated;
  int flush = Z_NO_FLUSH;
  do {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(left, zeros.size()));
    left -= n;
    flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
    z.next_in = zeros.data();
    z.avail_in = static_cast<uInt>(n);
    do {
      z.next_out = out.data();
      z.avail_out = static_cast<uInt>(out.size());
      deflate(&z, flush);
      idat.append(reinterpret_cast<char*>(out.data()), out.size() - z.avail_out);
    } while (z.avail_out == 0);
  } while (flush != Z_FINISH);
  deflateEnd(&z);
  Chunk(png, "IDAT", idat);
  Chunk(png, "IEND", "");
  return png;
}

class HostileImageFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("onestop-hostile-" + protocol::NewUuidV4());
    fs::create_directories(dir_);
    fs::create_directories(P("folder.png"));
    ASSERT_EQ(::mkfifo(P("pipe.png").c_str(), 0600), 0);
    fs::create_symlink("/dev/zero", P("zero.png"));
    {
      // 33 MiB, sparse: over the 32 MiB cap without writing 33 MiB.
      std::ofstream(P("big.png")).flush();
      fs::resize_file(P("big.png"), 33u << 20);
    }
    std::ofstream(P("huge-dims.png"), std::ios::binary) << Png(60000, 60000, 16);
    // 1x1 pixel, but the compressed stream inflates to 1.5 GB: only a memory limit stops it.
    bomb_ = Png(1, 1, 1500ull << 20);
    std::ofstream(P("bomb.png"), std::ios::binary) << bomb_;
    ASSERT_TRUE(testimg::WritePng(testimg::Place(testimg::RenderSymbol(ZXing::BarcodeFormat::QRCode, "https://onestop.local/a/EQ-1", 6),
                                                 640, 480, 320, 240, 0),
                                  P("real.png")));
    fs::create_symlink(P("real.png"), P("link-to-real.png"));
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string P(const std::string& n) const { return (dir_ / n).string(); }

  fs::path dir_;
  std::string bomb_;
};

IsolatedDecoderOptions Worker() {
  IsolatedDecoderOptions o;
  o.worker_argv = {ONESTOP_DECODE_WORKER_BIN};
  o.timeout = 20000ms;
  return o;
}

std::string ProcField(pid_t pid, const std::string& file, const std::string& prefix) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/" + file);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(prefix, 0) == 0) return line;
  return "";
}

}  // namespace

TEST_F(HostileImageFile, EachIsRefusedWithAClearErrorAndTheWorkerSurvives) {
  ASSERT_LT(bomb_.size(), 32u << 20) << "the bomb must pass the file-size cap to test the memory limit";
  IsolatedDecoder decoder(Worker());
  // A good file first: the worker is up and a symlink to a real image is fine.
  auto ok = decoder.DecodeFile(P("link-to-real.png"), Tuning::kStill);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  ASSERT_EQ(ok->symbols.size(), 1u);
  const pid_t worker = decoder.worker_pid();
  ASSERT_GT(worker, 0);
  // The limit is set in the worker process itself.
  const std::string as = ProcField(worker, "limits", "Max address space");
  EXPECT_NE(as.find(std::to_string(kWorkerAddressSpaceBytes)), std::string::npos) << as;

  struct Case {
    const char* file;
    const char* code;
    const char* says;
  };
  const Case cases[] = {
      {"folder.png", "image.not_a_file", "is a directory"},
      {"pipe.png", "image.not_a_file", "FIFO"},
      {"zero.png", "image.not_a_file", "a device"},
      {"big.png", "image.too_large", "32 MiB"},
      {"huge-dims.png", "image.too_large", "60000x60000"},
      {"bomb.png", "image.too_large", "more memory"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    const auto start = std::chrono::steady_clock::now();
    auto r = decoder.DecodeFile(P(c.file), Tuning::kStill);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, c.code) << r.error().message;
    EXPECT_NE(r.error().message.find(c.says), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find(P(c.file)), std::string::npos) << "the message names the file";
    // A hang (FIFO) or runaway read (/dev/zero) would hit the 20 s decoder deadline instead.
    EXPECT_LT(std::chrono::steady_clock::now() - start, 15s);
  }
  EXPECT_EQ(decoder.stats().crashes, 0) << "refusals are answers, not library crashes";
  EXPECT_EQ(decoder.stats().timeouts, 0);
  EXPECT_EQ(decoder.worker_pid(), worker) << "the same worker answered every file";
  // Bounded memory: the worker's peak address space never passed the limit (the bomb asked for more).
  const std::string peak = ProcField(worker, "status", "VmPeak:");
  ASSERT_FALSE(peak.empty());
  const long long peak_kb = std::atoll(peak.substr(7).c_str());
  EXPECT_LE(peak_kb * 1024, kWorkerAddressSpaceBytes) << peak;
}

// The same through the CLI: one JSON line per file with the error object, exit 1 (input error).
TEST_F(HostileImageFile, ScanCliReportsEachAsAnInputError) {
  const std::string cmd = "'" + std::string(ONESTOP_KIOSK_BIN_DEFAULT) + "' scan " + P("folder.png") + " " + P("pipe.png") +
                          " " + P("zero.png") + " " + P("big.png") + " " + P("bomb.png") + " " + P("link-to-real.png") +
                          " 2>/dev/null";
  FILE* p = ::popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[4096];
  while (size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  const int status = ::pclose(p);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  std::istringstream in(out);
  std::vector<nlohmann::json> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line, nullptr, false));
  ASSERT_EQ(lines.size(), 6u) << out;
  const char* codes[] = {"image.not_a_file", "image.not_a_file", "image.not_a_file", "image.too_large", "image.too_large"};
  for (int i = 0; i < 5; ++i) {
    SCOPED_TRACE(i);
    ASSERT_TRUE(lines[static_cast<size_t>(i)].contains("error")) << lines[static_cast<size_t>(i)].dump();
    EXPECT_EQ(lines[static_cast<size_t>(i)]["error"]["code"], codes[i]);
  }
  EXPECT_FALSE(lines[5].contains("error")) << lines[5].dump();
  EXPECT_EQ(lines[5]["symbols"].size(), 1u);
}

}  // namespace onestop::devices
