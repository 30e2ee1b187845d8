// `scan FILE...`: decode every code in each image with the camera's pipeline (isolated ZXing
// worker, still tuning) and print one JSON object per file on stdout, one line each.
// Also the hidden `decode-worker` subcommand the isolated decoder re-executes this binary as.
// Never decodes in this process; never prints anything but the JSON lines on stdout.
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "devices/decode_worker.h"
#include "devices/image_scanner.h"
#include "kiosk/app/cli/cli.h"
#include "kiosk/app/config.h"
#include "kiosk/app/spine_service.h"
#include "kiosk/core/enroll_code.h"
#include "kiosk/core/labels.h"
#include "kiosk/core/repair.h"
#include "kiosk/app/lookups/requests_lookup.h"

namespace onestop::app {

namespace {

struct ScanArgs {
  std::vector<std::string> files;
  int timeout_ms = 10000;
  bool zxing_defaults = false;
};

nlohmann::json SymbolJson(const devices::Symbol& s) {
  nlohmann::json j;
  j["format"] = s.format;
  j["text"] = s.text;
  j["symbology_id"] = s.symbology_id;
  auto& pos = j["position"] = nlohmann::json::array();
  for (const auto& p : s.corners) pos.push_back({p.x, p.y});
  auto parsed = labels::ParseLabel(s.LabelPayload());
  if (auto code = enroll::ParseEnrollUrl(s.text)) j["enroll_code"] = code.value();  // the console's enrollment QR
  if (parsed) {
    j["label"] = parsed.value();
    j["rejection"] = nullptr;
  } else {
    j["label"] = nullptr;
    j["rejection"] = {{"code", parsed.error().code}, {"reason", parsed.error().message}};
  }
  return j;
}

// The local register, if this terminal already has one. A scan never creates a store file: without one
// there is nothing to look labels up in, and the draft stays null instead of claiming "unknown asset".
std::unique_ptr<offline::Store> OpenExistingStore(const GlobalOptions& global, const Clock& clock) {
  auto cfg = LoadConfig(global);
  if (!cfg) return nullptr;
  SetupLogging(cfg->log.level);  // stderr: stdout carries only the JSON lines
  auto dir = ResolveDataDir(cfg.value());
  if (!dir || !std::filesystem::exists(StorePath(dir.value()))) return nullptr;
  auto store = offline::Store::Open(StorePath(dir.value()), clock);
  return store ? std::move(store).value() : nullptr;
}

// The repair draft for the first symbol that parses as a label, or null (no store, no label).
nlohmann::json ScanDraft(offline::Store* store, const std::vector<devices::Symbol>& symbols, int64_t now_utc_ms) {
  if (!store) return nullptr;
  for (const auto& s : symbols) {
    auto parsed = labels::ParseLabel(s.LabelPayload());
    if (!parsed) continue;
    auto d = RepairDraftFromStore(*store, s.text, parsed.value(), now_utc_ms);
    return d ? nlohmann::json(d.value()) : nlohmann::json(nullptr);
  }
  return nullptr;
}

int RunScan(const GlobalOptions& global, const ScanArgs& args) {
  SystemClock clock;
  const auto store = OpenExistingStore(global, clock);
  devices::IsolatedDecoderOptions options;
  options.worker_argv = devices::SelfWorkerArgv();
  options.timeout = std::chrono::milliseconds(std::max(100, args.timeout_ms));
  devices::IsolatedDecoder decoder(options);
  int rc = kExitOk;
  for (const auto& file : args.files) {
    nlohmann::json out;
    out["file"] = file;
    auto scan = devices::ScanImageFile(file, decoder, args.zxing_defaults ? devices::Tuning::kZXingDefaults
                                                                               : devices::Tuning::kStill);
    if (!scan) {
      if (scan.error().code == "decode.worker_unavailable") {
        std::cerr << "onestop-kiosk scan: " << scan.error().message << "\n";
        return kExitEnv;
      }
      out["error"] = {{"code", scan.error().code}, {"message", scan.error().message}};
      rc = kExitInput;
    } else {
      out["width"] = scan->width;
      out["height"] = scan->height;
      auto& symbols = out["symbols"] = nlohmann::json::array();
      nlohmann::json first_label = nullptr;
      for (const auto& s : scan->symbols) {
        symbols.push_back(SymbolJson(s));
        if (first_label.is_null() && !symbols.back()["label"].is_null()) first_label = symbols.back()["label"];
      }
      out["label"] = first_label;
      if (scan->symbols.empty())
        out["rejection"] = {{"code", "scan.no_code"},
                            {"reason", "No barcode was found in this image. Hold the label flat, fill more of the "
                                       "picture with it and avoid glare."}};
      out["draft"] = ScanDraft(store.get(), scan->symbols, clock.NowUtcMs());
    }
    // Payloads are untrusted bytes: replace invalid UTF-8 instead of throwing.
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  std::cout.flush();
  return rc;
}

}  // namespace

void RegisterScanCommands(CLI::App& app, const GlobalOptions& global, Registry& registry) {
  auto args = std::make_shared<ScanArgs>();
  auto* scan = app.add_subcommand("scan", "Decode labels in image files (PNG/JPEG); one JSON line per file");
  scan->add_option("files", args->files, "image files")->required();
  scan->add_option("--timeout-ms", args->timeout_ms, "per-image decode deadline in ms (default 10000)");
  scan->add_flag("--zxing-defaults", args->zxing_defaults,
                 "decode with ZXing's default hints instead of the kiosk's tuning (diagnostics; Debian's "
                 "ZXing 1.4 aborts on many Code 128 images this way, which the isolated worker survives)");
  registry.push_back({scan, [&global, args] { return RunScan(global, *args); }});

  // Internal: the isolated decoder runs this binary as `onestop-kiosk decode-worker` with a socket
  // on stdin. Hidden from --help (empty group).
  auto* worker = app.add_subcommand("decode-worker", "internal: barcode decode worker");
  worker->group("");
  registry.push_back({worker, [] { return devices::RunDecodeWorker(0); }});
}

}  // namespace onestop::app
