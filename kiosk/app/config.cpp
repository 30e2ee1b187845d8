// TOML → KioskConfig with validation that names the offending key. Unknown keys are warned about,
// not fatal, so an older kiosk accepts a newer config file.
#include "kiosk/app/config.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <toml++/toml.h>

#include "kiosk/core/protocol.h"

namespace onestop::app {
namespace {

template <class T>
void Read(const toml::table& t, std::string_view table, std::string_view key, T* out) {
  if (auto v = t[table][key].value<T>()) *out = *v;
}

}  // namespace

Result<KioskConfig> LoadConfig(const GlobalOptions& global) {
  KioskConfig c;
  if (!global.config_path.empty()) {
    toml::table t;
    try {
      t = toml::parse_file(global.config_path);
    } catch (const toml::parse_error& e) {
      const auto& src = e.source();
      return Error{"config.parse", global.config_path + ":" + std::to_string(src.begin.line) + ": " +
                                       std::string(e.description())};
    }
    Read(t, "terminal", "role", &c.terminal.role);
    Read(t, "terminal", "location", &c.terminal.location);
    Read(t, "terminal", "serial", &c.terminal.serial);
    Read(t, "hub", "url", &c.hub.url);
    Read(t, "hub", "connect_timeout_ms", &c.hub.connect_timeout_ms);
    Read(t, "hub", "total_timeout_ms", &c.hub.total_timeout_ms);
    Read(t, "hub", "ca_file", &c.hub.ca_file);
    Read(t, "hub", "client_cert", &c.hub.client_cert);
    Read(t, "hub", "client_key", &c.hub.client_key);
    Read(t, "hub", "sync_interval_s", &c.hub.sync_interval_s);
    Read(t, "hub", "live_wait_s", &c.hub.live_wait_s);
    Read(t, "ui", "language", &c.ui.language);
    double dpi = c.ui.panel_dpi, mm = c.ui.min_target_mm;
    Read(t, "ui", "panel_dpi", &dpi);
    Read(t, "ui", "min_target_mm", &mm);
    c.ui.panel_dpi = static_cast<float>(dpi);
    c.ui.min_target_mm = static_cast<float>(mm);
    Read(t, "ui", "text_size", &c.ui.text_size);
    Read(t, "ui", "elder_mode", &c.ui.elder_mode);
    Read(t, "ui", "width", &c.ui.width);
    Read(t, "ui", "height", &c.ui.height);
    Read(t, "ui", "fullscreen", &c.ui.fullscreen);
    Read(t, "ui", "font_file", &c.ui.font_file);
    Read(t, "session", "idle_timeout_s", &c.session.idle_timeout_s);
    Read(t, "session", "idle_warning_s", &c.session.idle_warning_s);
    Read(t, "speech", "rate_wpm", &c.speech.rate_wpm);
    Read(t, "scanner", "camera", &c.scanner.camera);
    Read(t, "hospital", "timezone", &c.hospital.timezone);
    Read(t, "data", "dir", &c.data.dir);
    Read(t, "screen", "blank_after_s", &c.screen.blank_after_s);
    Read(t, "log", "level", &c.log.level);
  }
  if (!global.data_dir.empty()) c.data.dir = global.data_dir;
  if (!global.hub_url.empty()) c.hub.url = global.hub_url;
  if (!global.ca_file.empty()) c.hub.ca_file = global.ca_file;
  if (!global.log_level.empty()) c.log.level = global.log_level;

  auto bad = [](const std::string& key, const std::string& why) {
    return Error{"config.invalid", "config key " + key + ": " + why};
  };
  if (c.terminal.role != "bedside" && c.terminal.role != "ward" && c.terminal.role != "staff")
    return bad("terminal.role", "must be bedside, ward or staff");
  if (c.ui.panel_dpi < 50 || c.ui.panel_dpi > 600) return bad("ui.panel_dpi", "must be between 50 and 600");
  if (c.ui.min_target_mm < 7 || c.ui.min_target_mm > 40) return bad("ui.min_target_mm", "must be between 7 and 40");
  if (c.ui.text_size != "normal" && c.ui.text_size != "large") return bad("ui.text_size", "must be normal or large");
  if (c.ui.width < 320 || c.ui.height < 240) return bad("ui.width/height", "window is too small");
  if (c.session.idle_timeout_s < 10) return bad("session.idle_timeout_s", "must be at least 10 seconds");
  if (c.session.idle_warning_s < 0 || c.session.idle_warning_s >= c.session.idle_timeout_s)
    return bad("session.idle_warning_s", "must be between 0 and idle_timeout_s");
  if (c.speech.rate_wpm < 80 || c.speech.rate_wpm > 450) return bad("speech.rate_wpm", "must be between 80 and 450 words per minute");
  if (c.screen.blank_after_s != 0 && (c.screen.blank_after_s < 10 || c.screen.blank_after_s > 86400))
    return bad("screen.blank_after_s", "must be 0 (never) or 10..86400 seconds");
  if (c.hub.connect_timeout_ms < 100 || c.hub.total_timeout_ms < c.hub.connect_timeout_ms)
    return bad("hub.total_timeout_ms", "timeouts must be >= 100 ms and total >= connect");
  if (c.hub.live_wait_s < 0 || c.hub.live_wait_s > protocol::kMaxPullWaitS)
    return bad("hub.live_wait_s", "must be 0 (poll only) to " + std::to_string(protocol::kMaxPullWaitS) + " seconds");
  if (!c.hub.url.empty() && c.hub.url.rfind("http://", 0) != 0 && c.hub.url.rfind("https://", 0) != 0)
    return bad("hub.url", "must start with http:// or https://");
  if (!c.hub.ca_file.empty()) {
    // Caught here, with the key's name, rather than as a TLS failure on every sync attempt later.
    std::error_code ec;
    if (!std::filesystem::is_regular_file(c.hub.ca_file, ec) || ::access(c.hub.ca_file.c_str(), R_OK) != 0)
      return bad("hub.ca_file", "cannot read " + c.hub.ca_file + "; give the path of the hub's PEM CA bundle");
  }
  return c;
}

Result<std::string> ResolveDataDir(const KioskConfig& cfg) {
  std::string dir = cfg.data.dir;
  if (dir.empty()) {
    if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x) dir = std::string(x) + "/onestop-kiosk";
    else if (const char* h = std::getenv("HOME"); h && *h) dir = std::string(h) + "/.local/share/onestop-kiosk";
    else dir = "onestop-data";
  }
  // The directory holds the device token and patients' requests: owner-only (0700). A new one is
  // made private at once (no umask change: that is process-wide); an existing directory left too
  // open is tightened, with a warning.
  namespace fs = std::filesystem;
  std::error_code ec;
  const bool existed = fs::exists(dir, ec);
  fs::create_directories(dir, ec);
  if (ec) return Error{"env.data_dir", "cannot create data directory " + dir + ": " + ec.message()};
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Error{"env.data_dir", "cannot open data directory " + dir + ": " + std::strerror(errno)};
  struct stat st{};
  if (::fstat(fd, &st) == 0 && (st.st_mode & 077) != 0) {
    // fchmod on the directory we opened: a path swapped meanwhile cannot redirect the chmod.
    if (::fchmod(fd, st.st_mode & 0700) != 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      return Error{"env.data_dir", "data directory " + dir + " is open to other users and cannot be made private (" +
                                       why + "); run: chmod 700 " + dir};
    }
    if (existed)
      spdlog::warn("data directory {} was open to other users (mode {:o}); tightened to owner-only (700)", dir,
                   static_cast<unsigned>(st.st_mode & 0777));
  }
  ::close(fd);
  return dir;
}

void SetupLogging(const std::string& level) {
  // stderr only: under systemd, stderr goes to the journal with the unit's name.
  auto logger = spdlog::stderr_color_mt("onestop");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
}

}  // namespace onestop::app
