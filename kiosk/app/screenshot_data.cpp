// Screenshot states (see screenshot_data.h): the demo data files parsed once, the camera picture of a
// label (what the device would show), then the screen's feature fills its own state.
#include "kiosk/app/screenshot_data.h"

#include <fstream>

#include <nlohmann/json.hpp>

#include "devices/cameras.h"
#include "kiosk/app/scan_service.h"

namespace onestop::app {
namespace {

nlohmann::json ReadJson(const std::string& path) {
  std::ifstream in(path);
  nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  return j.is_discarded() ? nlohmann::json::object() : j;
}

}  // namespace

void FillScreenshotData(AppState& s, ScreenId screen, const std::string& assets_dir) {
  DemoData demo{ReadJson(assets_dir + "/demo/asset_classes.json"), ReadJson(assets_dir + "/demo/dishes.json"),
                ReadJson(assets_dir + "/demo/hospital.json"), ReadJson(assets_dir + "/demo/staff.json")};
  // The camera shows a demo asset's label whenever a screen draws it.
  if (auto frame = devices::RenderLabelFrame("https://onestop.local/a/EQ-2021-000123", 1280, 720, 6)) {
    s.terminal.camera = PreviewFeed(frame.value());
    s.terminal.camera.running = true;
    s.terminal.camera.generation = 1;
  }
  FillDemo(s, screen, demo);
}

}  // namespace onestop::app
