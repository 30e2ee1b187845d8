// Spine: the offline store + hub transport + sync engine as one object the app owns, built from
// KioskConfig. The UI starts `engine` as its LinkMonitor; features call `engine->Enqueue()`.
// Opening must not contact the hub (the kiosk works offline from the first second).
#pragma once
#include <memory>
#include <string>

#include "kiosk/app/config.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/main_queue.h"
#include "offline/http_transport.h"
#include "offline/store.h"
#include "offline/sync_engine.h"

namespace onestop::app {

struct Spine {
  SystemClock clock;
  std::unique_ptr<offline::Store> store;
  std::unique_ptr<offline::CurlTransport> transport;  // to hub_url
  std::unique_ptr<offline::SyncEngine> engine;
  std::string hub_url;  // config/--hub, else the URL stored at enrollment; empty = stay offline
  ~Spine() {
    if (engine) engine->Stop();  // the worker uses store and transport: stop it first
  }
};

// The store file inside the data directory.
std::string StorePath(const std::string& data_dir);
// Opens the store (migrating it) and wires transport and engine. `queue` may be null (CLI).
Result<std::unique_ptr<Spine>> OpenSpine(const KioskConfig& cfg, MainQueue* queue);
// Transport options for `hub_url` from the config's [hub] table.
offline::TransportOptions TransportOptionsFor(const KioskConfig& cfg, const std::string& hub_url);
// The serial sent at enrollment: [terminal] serial, else /etc/machine-id, else `fallback`.
std::string DeviceSerial(const KioskConfig& cfg, const std::string& fallback = "unknown");

}  // namespace onestop::app
