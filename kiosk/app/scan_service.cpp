// Camera lifecycle for the Scan screen, preview downscaling and the demo's label set. Decoding itself
// is the CameraScanner's (a supervised worker process); nothing here runs on the frame thread except
// Update(), which only posts a start or stop to the camera lane.
#include "kiosk/app/scan_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "devices/jpeg.h"
#include "kiosk/core/photo.h"
#include "kiosk/core/protocol.h"
#include "kiosk/core/features/requests/commands.h"
#include "kiosk/core/features/requests/jobs.h"
#include "offline/store.h"

namespace onestop::app {
namespace {

constexpr int kPreviewWidth = 480;       // enough for the on-screen picture; 1/7 of a 720p frame's bytes
constexpr int64_t kPreviewEveryMs = 80;  // ~12 fps: smooth enough to aim, cheap to upload
constexpr int64_t kHealthCheckMs = 500;

}  // namespace

// Nearest-neighbour downscale: the preview is for aiming, the decoder sees the full frame.
CameraFeed PreviewFeed(const devices::GrayImage& img) {
  CameraFeed f;
  const int w = std::min(kPreviewWidth, img.width);
  const int h = std::max(1, static_cast<int>(static_cast<int64_t>(img.height) * w / std::max(1, img.width)));
  f.width = w;
  f.height = h;
  f.pixels.resize(static_cast<size_t>(w) * static_cast<size_t>(h));
  for (int y = 0; y < h; ++y) {
    const size_t sy = static_cast<size_t>(static_cast<int64_t>(y) * img.height / h);
    for (int x = 0; x < w; ++x) {
      const size_t sx = static_cast<size_t>(static_cast<int64_t>(x) * img.width / w);
      f.pixels[static_cast<size_t>(y) * static_cast<size_t>(w) + static_cast<size_t>(x)] =
          img.pixels[sy * static_cast<size_t>(img.width) + sx];
    }
  }
  return f;
}

namespace {

// Demo labels for the first assets in this area (two label forms), plus a legacy tag the register
// does not know: the demo then shows a known asset, a located one and the unknown-asset path.
std::vector<std::string> DemoPayloads(const std::string& store_path, const Clock& clock, const std::string& area) {
  std::vector<std::string> out;
  auto store = offline::Store::Open(store_path, clock);
  if (!store) return out;
  auto rows = store.value()->ListEntities("asset", 20000);
  if (!rows) return out;
  for (const auto& text : rows.value()) {
    auto parsed = protocol::ParseJsonText(text);
    if (!parsed || !parsed->is_object()) continue;
    const nlohmann::json& j = parsed.value();
    if (!j.contains("id") || !j["id"].is_string() || !j.contains("location") || !j["location"].is_string()) continue;
    const std::string id = j["id"], loc = j["location"];
    if (area.empty() || !protocol::LocationWithin(loc, area)) continue;
    out.push_back(out.size() % 2 ? "OS1:A=" + id + ";L=" + loc : "https://onestop.local/a/" + id);
    if (out.size() == 3) break;
  }
  if (!out.empty()) out.push_back("ZC-2019-0457");
  return out;
}

}  // namespace

ScanService::ScanService(Executor& executor, JobRouter& router, MainQueue& queue, AppState& state,
                         std::string store_path, const Clock& clock, bool demo, std::string device)
    : executor_(executor), lane_(executor.NewLane()), router_(router), queue_(queue), state_(state),
      store_path_(std::move(store_path)), clock_(clock), demo_(demo), device_(std::move(device)) {
  router.On<requests::job::CapturePhoto>(lane_, [this](const requests::job::CapturePhoto&) -> std::optional<Command> {
    capture_ = true;  // the next frame is the photo (answered from the frame callback)
    return std::nullopt;
  });
}

ScanService::~ScanService() {
  if (scanner_) scanner_->Stop();
}

void ScanService::Update(bool wanted, const std::string& area) {
  if (wanted == wanted_) return;
  wanted_ = wanted;
  if (wanted) executor_.Post(lane_, [this, area] { Start(area); });
  else executor_.Post(lane_, [this] { Stop(); });
}

void ScanService::Post(std::function<void(AppState&)> f) {
  queue_.Post([this, f = std::move(f)] { f(state_); });
}

void ScanService::Stop() {
  ++generation_;
  if (!scanner_) return;
  scanner_->Stop();
  scanner_.reset();
  Post([](AppState& s) { s.terminal.camera = CameraFeed{}; });
}

void ScanService::Start(const std::string& area) {
  if (scanner_) return;
  auto on_frame = [this](const devices::GrayImage& img) {
    if (capture_.exchange(false)) {
      // The photo is the full frame (scaled to 960 px), encoded here on the camera thread.
      router_.Answer(requests::cmd::PhotoTaken{devices::EncodeJpeg(img, 960, photo::kMaxPhotoBytes)});
    }
    const int64_t now = clock_.MonotonicMs();
    if (now - last_preview_ms_ < kPreviewEveryMs) return;
    last_preview_ms_ = now;
    Post([feed = PreviewFeed(img)](AppState& s) mutable {
      CameraFeed& cam = s.terminal.camera;
      if (!cam.running) return;
      const int64_t gen = cam.generation + 1, confirmed = cam.confirmed_mono_ms;
      cam = std::move(feed);
      cam.running = true;
      cam.generation = gen;
      cam.confirmed_mono_ms = confirmed;
    });
  };
  scanner_ = devices::MakeCameraScanner(demo_, device_, on_frame,
                                        demo_ ? DemoPayloads(store_path_, clock_, area) : std::vector<std::string>{});
  Status st = scanner_->Start([this](devices::ScanEvent ev) {
    Post([raw = ev.symbol.LabelPayload()](AppState& s) {
      if (!CameraWanted(s)) return;  // a late read after the screen closed
      s.NoteInput();                 // a scan is presence, like a touch
      Apply(s, cmd::ScanCode{raw});
    });
  });
  if (!st) {
    // No retry in a loop: the next visit to the Scan screen tries again.
    spdlog::warn("camera: {}", st.error().message);
    scanner_.reset();
    // The screen says it by its code in the user's language; the device's words stay in the log.
    Post([code = st.error().code](AppState& s) {
      s.terminal.camera = CameraFeed{};
      s.terminal.camera.error_code = code.empty() ? "camera.unusable" : code;
    });
    return;
  }
  Post([](AppState& s) {
    s.terminal.camera.running = true;
    s.terminal.camera.error_code.clear();
  });
  const uint64_t gen = ++generation_;
  executor_.PostAfter(lane_, kHealthCheckMs, [this, gen] {
    if (gen == generation_) Check();
  });
}

// While running, twice a second: a camera that failed mid-stream is stopped and its error shown.
void ScanService::Check() {
  if (!scanner_) return;
  const Error err = scanner_->last_error();
  if (err.code.empty() && err.message.empty()) {
    const uint64_t gen = generation_;
    executor_.PostAfter(lane_, kHealthCheckMs, [this, gen] {
      if (gen == generation_) Check();
    });
    return;
  }
  ++generation_;
  scanner_->Stop();
  scanner_.reset();
  spdlog::warn("camera stopped: {} [{}]", err.message, err.code);
  Post([code = err.code.empty() ? std::string("camera.io") : err.code](AppState& s) {
    s.terminal.camera = CameraFeed{};
    s.terminal.camera.error_code = code;
  });
}

}  // namespace onestop::app
