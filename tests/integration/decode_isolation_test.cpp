// Proof that a ZXing abort cannot take the kiosk down: the degraded Code 128 JPEG really aborts
// the library in-process (death test), and the isolated decoder survives it, restarts the worker,
// and decodes the next frame. Also timeouts, a missing worker, a garbage-talking worker, and the
// live camera pipeline (fake camera -> worker -> multi-frame confirmation -> sink).
#include <gtest/gtest.h>
#include <signal.h>

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>

#include "devices/camera_scanner.h"
#include "devices/cameras.h"
#include "devices/isolated_decoder.h"
#include "tests/integration/decode_imaging.h"

namespace onestop::devices {
namespace {

using ZXing::BarcodeFormat;
using namespace testimg;
using namespace std::chrono_literals;

IsolatedDecoderOptions Worker(std::vector<std::string> argv = {ONESTOP_DECODE_WORKER_BIN},
                              std::chrono::milliseconds timeout = 20000ms) {
  IsolatedDecoderOptions o;
  o.worker_argv = std::move(argv);
  o.timeout = timeout;
  return o;
}

GrayImage QrFrame(const std::string& text) {
  return Place(RenderSymbol(BarcodeFormat::QRCode, text, 6), 1280, 720, 640, 360, 0);
}

TEST(DecodeIsolationDeathTest, DegradedCode128JpegAbortsZXingInProcess) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const GrayImage frame = AbortingCode128Frame();
  // Debian's libzxing 1.4.0: "Result.cpp:140: ... Assertion `lineCount() == 1' failed."
  EXPECT_DEATH(DecodeInProcess(frame.pixels.data(), frame.width, frame.height, Tuning::kZXingDefaults),
               "lineCount");
}

TEST(DecodeIsolation, WorkerAbortCostsOneFrameAndIsRestarted) {
  IsolatedDecoder decoder(Worker());
  const GrayImage bad = AbortingCode128Frame();
  const GrayImage good = QrFrame("https://onestop.local/a/EQ-2015-000123");

  auto first = decoder.Decode(good, Tuning::kLiveStream);
  ASSERT_TRUE(first.ok()) << first.error().message;
  const pid_t pid_before = decoder.worker_pid();
  ASSERT_GT(pid_before, 0);

  auto crashed = decoder.Decode(bad, Tuning::kZXingDefaults);
  ASSERT_FALSE(crashed.ok());
  EXPECT_EQ(crashed.error().code, "decode.worker_crashed");
  EXPECT_NE(crashed.error().message.find("signal 6"), std::string::npos) << crashed.error().message;  // SIGABRT
  EXPECT_EQ(decoder.worker_pid(), 0);
  EXPECT_EQ(decoder.stats().crashes, 1);

  auto after = decoder.Decode(good, Tuning::kLiveStream);
  ASSERT_TRUE(after.ok()) << after.error().message;
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ(after->at(0).text, "https://onestop.local/a/EQ-2015-000123");
  EXPECT_NE(decoder.worker_pid(), pid_before);
  EXPECT_EQ(decoder.stats().spawns, 2);

  // The kiosk's own still tuning reads that very frame without crashing.
  auto still = decoder.Decode(bad, Tuning::kStill);
  ASSERT_TRUE(still.ok()) << still.error().message;
  ASSERT_EQ(still->size(), 1u);
  EXPECT_EQ(still->at(0).text, "ZC-2019-0457");
  EXPECT_EQ(decoder.stats().crashes, 1);
}

TEST(DecodeIsolation, RepeatedAbortsNeverStopTheStream) {
  IsolatedDecoder decoder(Worker());
  const GrayImage bad = AbortingCode128Frame();
  const GrayImage good = QrFrame("OS1:L=B2-3F-W12-BED07");
  int ok = 0;
  for (int i = 0; i < 4; ++i) {
    EXPECT_FALSE(decoder.Decode(bad, Tuning::kZXingDefaults).ok());
    auto r = decoder.Decode(good, Tuning::kLiveStream);
    ok += r.ok() && r->size() == 1;
  }
  EXPECT_EQ(ok, 4);
  EXPECT_EQ(decoder.stats().crashes, 4);
}

TEST(DecodeIsolation, WorkerKilledBetweenFramesIsReplaced) {
  IsolatedDecoder decoder(Worker());
  const GrayImage good = QrFrame("https://onestop.local/a/EQ-1");
  ASSERT_TRUE(decoder.Decode(good, Tuning::kLiveStream).ok());
  ASSERT_EQ(::kill(decoder.worker_pid(), SIGKILL), 0);
  // The frame in flight when the worker is found dead may be lost; the one after must decode.
  (void)decoder.Decode(good, Tuning::kLiveStream);
  auto r = decoder.Decode(good, Tuning::kLiveStream);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->size(), 1u);
}

TEST(DecodeIsolation, HungWorkerTimesOutAndIsKilled) {
  // `sleep` never reads its stdin: the send blocks, the deadline fires, the child is killed.
  IsolatedDecoder decoder(Worker({"/bin/sleep", "60"}, 300ms));
  const auto start = std::chrono::steady_clock::now();
  auto r = decoder.Decode(QrFrame("x"), Tuning::kLiveStream);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "decode.timeout");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  EXPECT_EQ(decoder.worker_pid(), 0);
  EXPECT_EQ(decoder.stats().timeouts, 1);
}

TEST(DecodeIsolation, MissingWorkerIsAnEnvironmentError) {
  IsolatedDecoder decoder(Worker({"/nonexistent/onestop-decode-worker"}));
  auto r = decoder.Decode(QrFrame("x"), Tuning::kLiveStream);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "decode.worker_unavailable");
  EXPECT_NE(r.error().message.find("/nonexistent/onestop-decode-worker"), std::string::npos);
}

TEST(DecodeIsolation, GarbageReplyIsRejected) {
  // A "worker" that answers with random bytes before reading anything.
  IsolatedDecoder decoder(Worker({"/bin/sh", "-c", "head -c 64 /dev/urandom >&0; sleep 5"}, 3000ms));
  const GrayImage small = Blank(64, 64);
  auto r = decoder.Decode(small, Tuning::kLiveStream);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().code == "decode.protocol" || r.error().code == "decode.worker_crashed") << r.error().code;
  EXPECT_EQ(decoder.worker_pid(), 0);
}

TEST(DecodeIsolation, WorkerThatHangsUpButLingersIsKilled) {
  // Closes its end of the socket, then sleeps: the supervisor must not wait for it forever.
  IsolatedDecoder decoder(Worker({"/bin/sh", "-c", "exec 0<&-; sleep 30"}, 10000ms));
  const auto start = std::chrono::steady_clock::now();
  auto r = decoder.Decode(Blank(64, 64), Tuning::kLiveStream);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "decode.worker_crashed");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  EXPECT_EQ(decoder.worker_pid(), 0);
}

TEST(DecodeIsolation, ImageFilesAreLoadedAndDecodedInTheWorker) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("onestop-decodefile-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string png = (dir / "qr.png").string(), trunc = (dir / "trunc.jpg").string(),
                    text = (dir / "text.png").string(), huge = (dir / "huge.png").string();
  ASSERT_TRUE(WritePng(QrFrame("https://onestop.local/a/EQ-1"), png));
  {
    const auto jpg = EncodeJpeg(QrFrame("x"), 80);
    std::ofstream(trunc, std::ios::binary).write(reinterpret_cast<const char*>(jpg.data()), 300);
    std::ofstream(text) << "not an image";
    // A valid PNG signature + IHDR claiming 5000 x 5000 gray pixels, and nothing else.
    const unsigned char hdr[] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                                 0, 0, 0x13, 0x88, 0, 0, 0x13, 0x88, 8, 0, 0, 0, 0, 0, 0, 0, 0};
    std::ofstream(huge, std::ios::binary).write(reinterpret_cast<const char*>(hdr), sizeof hdr);
  }
  IsolatedDecoder decoder(Worker());
  auto ok = decoder.DecodeFile(png, Tuning::kStill);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->width, 1280);
  EXPECT_EQ(ok->height, 720);
  ASSERT_EQ(ok->symbols.size(), 1u);
  EXPECT_EQ(ok->symbols[0].text, "https://onestop.local/a/EQ-1");
  const pid_t pid = decoder.worker_pid();
  EXPECT_EQ(decoder.DecodeFile(trunc, Tuning::kStill).error().code, "image.corrupt");
  EXPECT_EQ(decoder.DecodeFile(text, Tuning::kStill).error().code, "image.unsupported");
  EXPECT_EQ(decoder.DecodeFile(huge, Tuning::kStill).error().code, "image.too_large");
  EXPECT_EQ(decoder.DecodeFile((dir / "missing.png").string(), Tuning::kStill).error().code, "image.unreadable");
  EXPECT_EQ(decoder.worker_pid(), pid) << "bad files are answered, not crashed on";
  EXPECT_EQ(decoder.stats().crashes, 0);
  fs::remove_all(dir);
}

TEST(DecodeIsolation, RejectsOversizedAndEmptyImages) {
  IsolatedDecoder decoder(Worker());
  EXPECT_EQ(decoder.Decode(nullptr, 10, 10, Tuning::kStill).error().code, "decode.bad_image");
  std::vector<std::uint8_t> one(1);
  EXPECT_EQ(decoder.Decode(one.data(), 5000, 5000, Tuning::kStill).error().code, "decode.bad_image");
  EXPECT_EQ(decoder.stats().spawns, 0);
}

// ---- live pipeline ---------------------------------------------------------------------------

struct Collector {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<ScanEvent> events;
  Scanner::Sink Sink() {
    return [this](ScanEvent e) {
      std::lock_guard lock(mu);
      events.push_back(std::move(e));
      cv.notify_all();
    };
  }
  bool WaitFor(std::size_t n, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, timeout, [&] { return events.size() >= n; });
  }
};

TEST(CameraPipeline, FakeCameraCyclesEverySampleLabelOnce) {
  FakeCameraOptions cam;
  cam.paced = false;
  cam.frames_per_label = 4;
  cam.blank_frames = 12;  // > rearm_frames so the next cycle would report again
  CameraScannerOptions opts;
  opts.decoder = Worker({ONESTOP_DECODE_WORKER_BIN}, 5000ms);
  CameraScanner scanner(std::make_unique<FakeCamera>(cam), opts);
  Collector got;
  ASSERT_TRUE(scanner.Start(got.Sink()).ok());
  const auto samples = FakeCamera::SamplePayloads();
  ASSERT_TRUE(got.WaitFor(samples.size(), 30s)) << "frames seen: " << scanner.frames();
  scanner.Stop();
  std::lock_guard lock(got.mu);
  for (std::size_t i = 0; i < samples.size(); ++i) {
    EXPECT_EQ(got.events[i].symbol.text, samples[i]);
    EXPECT_EQ(got.events[i].source, "fake-camera");
    EXPECT_TRUE(got.events[i].label.ok()) << samples[i] << ": " << got.events[i].label.error().message;
  }
  EXPECT_TRUE(got.events[0].label->asset_id == std::optional<std::string>("EQ-2015-000123"));
  EXPECT_EQ(scanner.crashes(), 0);
}

// Plays a fixed list of frames, then nothing.
class ScriptedCamera final : public Camera {
 public:
  explicit ScriptedCamera(std::vector<GrayImage> frames) : frames_(frames.begin(), frames.end()) {}
  Status Open() override { return Ok{}; }
  Result<std::optional<GrayImage>> NextFrame(std::chrono::milliseconds timeout) override {
    if (frames_.empty()) {
      std::this_thread::sleep_for(std::min(timeout, std::chrono::milliseconds(20)));
      done_ = true;
      return std::optional<GrayImage>{};
    }
    GrayImage f = std::move(frames_.front());
    frames_.pop_front();
    return std::optional<GrayImage>(std::move(f));
  }
  void Close() override {}
  std::string Name() const override { return "scripted"; }
  std::atomic<bool> done_{false};

 private:
  std::deque<GrayImage> frames_;
};

// Runs the live pipeline (real worker) over `frames` and returns every confirmed scan.
std::vector<ScanEvent> RunScripted(std::vector<GrayImage> frames) {
  auto cam = std::make_unique<ScriptedCamera>(std::move(frames));
  auto* raw = cam.get();
  CameraScannerOptions opts;
  opts.decoder = Worker({ONESTOP_DECODE_WORKER_BIN}, 5000ms);
  CameraScanner scanner(std::move(cam), opts);
  Collector got;
  EXPECT_TRUE(scanner.Start(got.Sink()).ok());
  for (int i = 0; i < 500 && !raw->done_; ++i) std::this_thread::sleep_for(20ms);
  scanner.Stop();
  std::lock_guard lock(got.mu);
  return got.events;
}

TEST(CameraPipeline, OneMisreadFrameNeverYieldsAnAsset) {
  const GrayImage a = QrFrame("https://onestop.local/a/EQ-2015-000123");
  const GrayImage wrong = QrFrame("https://onestop.local/a/EQ-2015-999999");  // one stray frame
  const GrayImage blank = Blank(1280, 720);
  const auto events = RunScripted({a, wrong, a, blank, a, a, a, blank, wrong, blank});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].symbol.text, "https://onestop.local/a/EQ-2015-000123");
}

TEST(CameraPipeline, LowContrastLabelIsConfirmedThroughAlternatingBinarizers) {
  // Read only by the global-histogram binarizer, i.e. on every other frame: 3 sightings within
  // the 5-frame window still confirm it, exactly once.
  const GrayImage faded = Contrast(QrFrame("https://onestop.local/a/EQ-2015-000123"), 100, 150);
  {
    IsolatedDecoder d(Worker());
    ASSERT_TRUE(d.Decode(faded, Tuning::kLiveStream)->empty()) << "precondition: local binarizer misses it";
    ASSERT_EQ(d.Decode(faded, Tuning::kLiveStreamGlobal)->size(), 1u);
  }
  const auto events = RunScripted(std::vector<GrayImage>(8, faded));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].label->asset_id, "EQ-2015-000123");
}

TEST(CameraPipeline, NoCameraDeviceGivesAClearMessage) {
  V4l2Camera cam("/dev/video-does-not-exist");
  auto s = cam.Open();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, "camera.open_failed");
  EXPECT_NE(s.error().message.find("/dev/video-does-not-exist"), std::string::npos);
}

TEST(CameraPipeline, AutoPickWithoutAnyCameraSaysSo) {
  bool any = false;
  for (int i = 0; i < 64; ++i) any = any || std::filesystem::exists("/dev/video" + std::to_string(i));
  V4l2Camera cam;
  auto s = cam.Open();
  if (any) {
    // A machine with cameras: either one opens, or we are told why none is usable.
    if (!s.ok()) {
      EXPECT_EQ(s.error().code, "camera.none") << s.error().message;
    }
  } else {
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, "camera.none");
    EXPECT_NE(s.error().message.find("No camera found"), std::string::npos) << s.error().message;
  }
  // The live scanner refuses to start without a camera instead of spinning.
  if (!any) {
    auto scanner = MakeCameraScanner(/*demo=*/false);
    auto started = scanner->Start([](ScanEvent) {});
    ASSERT_FALSE(started.ok());
    EXPECT_EQ(started.error().code, "camera.none");
  }
}

}  // namespace
}  // namespace onestop::devices
