// Reads hub.toml with toml++ (see hub_config.h). Strict: unknown keys and wrong types are errors.
#include "server/hub_config.h"

#include <map>
#include <set>
#include <toml++/toml.h>

namespace onestop::hub {
namespace {

Error Bad(const std::string& path, const std::string& what) { return Error{"config.invalid", path + ": " + what}; }

}  // namespace

Result<HubFileConfig> LoadHubConfig(const std::string& path) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    std::string what(e.description());
    if (e.source().begin) what += " (line " + std::to_string(e.source().begin.line) + ")";
    return Bad(path, what);
  }
  const std::map<std::string, std::set<std::string>> known = {
      {"server", {"listen", "threads", "public_names", "max_conns_per_address"}},
      {"database", {"path"}},
      {"tls", {"cert", "key"}},
      {"console", {"web_dir"}},
      {"log", {"level"}},
  };
  for (const auto& [k, v] : root) {
    const std::string section(k.str());
    auto it = known.find(section);
    if (it == known.end()) return Bad(path, "unknown section [" + section + "]");
    if (!v.is_table()) return Bad(path, section + " must be a [section]");
    for (const auto& [kk, vv] : *v.as_table())
      if (!it->second.count(std::string(kk.str())))
        return Bad(path, "unknown key " + section + "." + std::string(kk.str()));
  }
  HubFileConfig c;
  std::string err;
  auto str = [&](const char* sec, const char* key, std::optional<std::string>* out) {
    auto node = root[sec][key];
    if (!node) return;
    if (auto v = node.value<std::string>()) *out = *v;
    else err = std::string(sec) + "." + key + " must be a string";
  };
  auto integer = [&](const char* sec, const char* key, int lo, int hi, std::optional<int>* out) {
    auto node = root[sec][key];
    if (!node) return;
    auto v = node.value<int64_t>();
    if (!v || !node.is_integer() || *v < lo || *v > hi)
      err = std::string(sec) + "." + key + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi);
    else
      *out = static_cast<int>(*v);
  };
  str("server", "listen", &c.listen);
  integer("server", "threads", 2, 256, &c.threads);
  integer("server", "max_conns_per_address", 1, 100000, &c.max_conns_per_address);
  if (auto node = root["server"]["public_names"]) {
    if (!node.is_array()) {
      err = "server.public_names must be a list of strings";
    } else {
      std::vector<std::string> names;
      for (const auto& e : *node.as_array()) {
        if (auto s = e.value<std::string>()) names.push_back(*s);
        else err = "server.public_names must be a list of strings";
      }
      c.public_names = names;
    }
  }
  str("database", "path", &c.db);
  str("tls", "cert", &c.tls_cert);
  str("tls", "key", &c.tls_key);
  str("console", "web_dir", &c.web_dir);
  str("log", "level", &c.log_level);
  if (!err.empty()) return Bad(path, err);
  // Empty strings mean "not set" for the TLS pair, like leaving the keys out.
  if (c.tls_cert && c.tls_cert->empty()) c.tls_cert.reset();
  if (c.tls_key && c.tls_key->empty()) c.tls_key.reset();
  if (c.tls_cert.has_value() != c.tls_key.has_value()) return Bad(path, "tls.cert and tls.key go together");
  return c;
}

}  // namespace onestop::hub
