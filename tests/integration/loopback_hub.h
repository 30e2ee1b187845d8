// Test helper: the real Hub in-process on a free loopback port with a temp SQLite file, served on its
// own thread, plus a temp directory for the kiosk side and one-time enrollment codes. Stop() or the
// destructor ends the hub and removes the directory. Test-only: no production code includes it.
#pragma once
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "server/hub.h"
#include "server/store.h"

namespace onestop::testing_hub {

class LoopbackHub {
 public:
  LoopbackHub() : dir(std::filesystem::temp_directory_path() / ("onestop-hub-test-" + protocol::NewUuidV4())) {
    std::filesystem::create_directories(dir);
  }
  ~LoopbackHub() {
    Stop();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  // Call through ASSERT_NO_FATAL_FAILURE: it asserts the hub bound. listen_port, db_path and clock
  // are set here; the rest of `o` is the test's.
  void Start(hub::HubOptions o = {}) {
    o.listen_port = 0;
    o.db_path = (dir / "hub.db").string();
    o.threads = 2;
    o.clock = &clock;
    hub = std::make_unique<hub::Hub>(o);
    std::string err;
    const int port = hub->Bind(&err);
    ASSERT_GT(port, 0) << err;
    url = "http://127.0.0.1:" + std::to_string(port);
    thread_ = std::thread([h = hub.get()] { h->Serve(); });
  }
  void Stop() {
    if (hub) hub->Stop();
    if (thread_.joinable()) thread_.join();
  }
  // A one-time code for a terminal of `kind` at `location`, valid for an hour.
  std::string NewCode(const std::string& kind, const std::string& location) {
    const std::string code = hub::NewEnrollCode();
    EXPECT_TRUE(hub::AddEnrollCode(*hub->store(), code, kind, location, clock.NowUtcMs(), 3600000).ok());
    return code;
  }
  std::string Path(const std::string& name) const { return (dir / name).string(); }

  std::filesystem::path dir;
  SystemClock clock;
  std::unique_ptr<hub::Hub> hub;
  std::string url;

 private:
  std::thread thread_;
};

}  // namespace onestop::testing_hub
