// The hub's configuration file (/etc/onestop/hub.toml in the package; packaging/hub.toml documents
// every key). Values left out keep the built-in defaults; command-line flags win over the file.
// Reading must not open the database, bind a socket or read secrets: the admin token stays in the
// environment (ONESTOP_HUB_ADMIN_TOKEN), never in this file.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/result.h"

namespace onestop::hub {

struct HubFileConfig {
  std::optional<std::string> listen;                     // [server] listen = "host:port"
  std::optional<int> threads;                            // [server] threads
  std::optional<std::vector<std::string>> public_names;  // [server] public_names = [..]
  std::optional<int> max_conns_per_address;              // [server] max_conns_per_address
  std::optional<std::string> db;                         // [database] path
  std::optional<std::string> tls_cert, tls_key;          // [tls] cert, key
  std::optional<std::string> web_dir;                    // [console] web_dir
  std::optional<std::string> log_level;                  // [log] level
};

// Parses `path`. Unknown sections or keys are errors (a typo must not silently keep a default);
// errors name the file, the key and what is expected.
Result<HubFileConfig> LoadHubConfig(const std::string& path);

}  // namespace onestop::hub
