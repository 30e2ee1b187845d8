// Camera lifecycle for the Scan screen, preview downscaling and the demo's label set. Decoding itself
// is the CameraScanner's (a supervised worker process); nothing here runs on the frame thread except
// Update(), which only records what is wanted.
#include "kiosk/app/scan_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "devices/jpeg.h"
#include "kiosk/core/photo.h"
#include "kiosk/core/protocol.h"
#include "kiosk/core/features/requests/views.h"
#include "offline/store.h"

namespace onestop::app {
namespace {

constexpr int kPreviewWidth = 480;       // enough for the on-screen picture; 1/7 of a 720p frame's bytes
constexpr int64_t kPreviewEveryMs = 80;  // ~12 fps: smooth enough to aim, cheap to upload

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

ScanService::ScanService(MainQueue& queue, AppState& state, std::string store_path, const Clock& clock, bool demo,
                         std::string device)
    : queue_(queue), state_(state), store_path_(std::move(store_path)), clock_(clock), demo_(demo),
      device_(std::move(device)) {
  control_ = std::thread([this] { Run(); });
}

ScanService::~ScanService() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  control_.join();
}

void ScanService::Update(bool wanted, const std::string& area, bool capture) {
  if (capture) capture_ = true;
  {
    std::lock_guard lock(mu_);
    if (wanted == wanted_) return;
    wanted_ = wanted;
    area_ = area;
  }
  cv_.notify_one();
}

void ScanService::Post(std::function<void(AppState&)> f) {
  queue_.Post([this, f = std::move(f)] { f(state_); });
}

void ScanService::Run() {
  std::unique_ptr<devices::CameraScanner> scanner;
  int64_t last_preview_ms = 0;
  std::unique_lock lock(mu_);
  for (;;) {
    // While running, wake twice a second to notice a camera that failed mid-stream.
    cv_.wait_for(lock, std::chrono::milliseconds(500));
    if (stop_ || (!wanted_ && scanner)) {
      if (scanner) {
        lock.unlock();
        scanner->Stop();
        scanner.reset();
        Post([](AppState& s) { s.camera = CameraFeed{}; });
        lock.lock();
      }
      if (stop_) return;
      continue;
    }
    if (wanted_ && !scanner) {
      const std::string area = area_;
      lock.unlock();
      auto on_frame = [this, &last_preview_ms](const devices::GrayImage& img) {
        if (capture_.exchange(false)) {
          // The photo is the full frame (scaled to 960 px), encoded here on the camera thread.
          Post([jpeg = devices::EncodeJpeg(img, 960, photo::kMaxPhotoBytes)](AppState& s) mutable {
            requests::OnPhoto(s, std::move(jpeg));
          });
        }
        const int64_t now = clock_.MonotonicMs();
        if (now - last_preview_ms < kPreviewEveryMs) return;
        last_preview_ms = now;
        Post([feed = PreviewFeed(img)](AppState& s) mutable {
          if (!s.camera.running) return;
          const int64_t gen = s.camera.generation + 1, confirmed = s.camera.confirmed_mono_ms;
          s.camera = std::move(feed);
          s.camera.running = true;
          s.camera.generation = gen;
          s.camera.confirmed_mono_ms = confirmed;
        });
      };
      scanner = devices::MakeCameraScanner(demo_, device_, on_frame,
                                           demo_ ? DemoPayloads(store_path_, clock_, area) : std::vector<std::string>{});
      Status st = scanner->Start([this](devices::ScanEvent ev) {
        Post([raw = ev.symbol.LabelPayload()](AppState& s) {
          if (s.session.screen != ScreenId::kScan) return;
          s.NoteInput();  // a scan is presence, like a touch
          requests::OnScanCode(s, raw);
        });
      });
      if (!st) {
        spdlog::warn("camera: {}", st.error().message);
        scanner.reset();
        Post([why = st.error().message](AppState& s) {
          s.camera = CameraFeed{};
          s.camera.error = why;
        });
        // Do not retry in a loop: the next visit to the Scan screen tries again.
        lock.lock();
        while (wanted_ && !stop_) cv_.wait(lock);
        continue;
      }
      Post([](AppState& s) {
        s.camera.running = true;
        s.camera.error.clear();
      });
      lock.lock();
      continue;
    }
    if (scanner) {
      const std::string err = scanner->last_error();
      if (!err.empty()) {
        lock.unlock();
        scanner->Stop();
        scanner.reset();
        Post([err](AppState& s) {
          s.camera = CameraFeed{};
          s.camera.error = err;
        });
        lock.lock();
        while (wanted_ && !stop_) cv_.wait(lock);
      }
    }
  }
}

}  // namespace onestop::app
