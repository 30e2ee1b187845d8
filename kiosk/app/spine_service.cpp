// Builds the Spine (store, transport, engine) from the kiosk configuration. No network here.
#include "kiosk/app/spine_service.h"

#include <algorithm>
#include <fstream>

namespace onestop::app {

std::string StorePath(const std::string& data_dir) { return data_dir + "/kiosk.db"; }

offline::TransportOptions TransportOptionsFor(const KioskConfig& cfg, const std::string& hub_url) {
  offline::TransportOptions t;
  t.base_url = hub_url;
  t.connect_timeout_ms = cfg.hub.connect_timeout_ms;
  t.total_timeout_ms = cfg.hub.total_timeout_ms;
  t.ca_file = cfg.hub.ca_file;
  t.client_cert = cfg.hub.client_cert;
  t.client_key = cfg.hub.client_key;
  return t;
}

std::string DeviceSerial(const KioskConfig& cfg, const std::string& fallback) {
  if (!cfg.terminal.serial.empty()) return cfg.terminal.serial;
  std::ifstream in("/etc/machine-id");
  std::string id;
  std::getline(in, id);
  return id.empty() ? fallback : id;
}

Result<std::unique_ptr<Spine>> OpenSpine(const KioskConfig& cfg, MainQueue* queue) {
  auto dir = ResolveDataDir(cfg);
  if (!dir) return dir.error();
  auto spine = std::make_unique<Spine>();
  auto store = offline::Store::Open(StorePath(dir.value()), spine->clock);
  if (!store) return store.error();
  spine->store = std::move(store).value();
  spine->hub_url = cfg.hub.url;
  if (spine->hub_url.empty()) {
    if (auto st = spine->store->LoadSyncState()) spine->hub_url = st->hub_url;
  }
  spine->transport = std::make_unique<offline::CurlTransport>(TransportOptionsFor(cfg, spine->hub_url));
  offline::SyncOptions opt;
  opt.interval_ms = static_cast<int64_t>(std::max(1, cfg.hub.sync_interval_s)) * 1000;  // 0 would spin
  opt.watch_links = true;  // a cable plugged back in or Wi-Fi returning triggers a retry at once
  spine->engine = std::make_unique<offline::SyncEngine>(*spine->store, *spine->transport, spine->clock, queue, opt);
  return spine;
}

}  // namespace onestop::app
