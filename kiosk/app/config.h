// Kiosk configuration: defaults in code, overridden by a TOML file, then by command-line flags.
// Every field documents its default and meaning; docs/config.example.toml mirrors this struct.
// Loading must not touch the network or the store.
#pragma once
#include <string>

#include "kiosk/app/cli/cli.h"
#include "kiosk/core/result.h"

namespace onestop::app {

struct KioskConfig {
  struct Terminal {
    std::string role = "bedside";  // bedside | ward | staff: used until enrollment gives the binding
    std::string location;          // location code for a bedside/ward terminal before enrollment
    std::string serial;            // device serial sent at enrollment; empty = /etc/machine-id
  } terminal;
  struct Hub {
    std::string url;                     // = "" // hub base URL; empty = stay offline
    int connect_timeout_ms = 3000;       // TCP+TLS connect limit
    int total_timeout_ms = 15000;        // whole-request limit
    std::string ca_file;                 // PEM CA bundle that verifies an https hub; "" = system store.
                                         // Verification is never disabled (--ca-file overrides)
    std::string client_cert, client_key; // optional mutual TLS
    int sync_interval_s = 10;            // pull/push cadence when idle and online
    int live_wait_s = 25;                // live pull held open for status changes (0 = poll only)
  } hub;
  struct Ui {
    std::string language = "zh-Hans";  // default language; patients can switch per session
    float panel_dpi = 149.0f;          // pixels per inch of the panel (10.1" 1280x800 = 149)
    float min_target_mm = 15.0f;       // smallest touch target edge in millimetres
    std::string text_size = "normal";  // normal | large (x1.3, for elderly patients)
    bool elder_mode = false;           // bedside sessions start in elder mode (targets >= 16 mm, text cap
                                       // height >= 4.8 mm, high contrast); patients switch it in the status bar
    int width = 1280, height = 800;    // window size when not fullscreen
    bool fullscreen = false;
    std::string font_file;             // empty = fontconfig (Noto Sans CJK SC/TC, else WQY Micro Hei)
  } ui;
  struct Session {
    int idle_timeout_s = 120;  // reset a patient session after this long without input
    int idle_warning_s = 20;   // show a countdown this long before the reset
  } session;
  struct Speech {
    int rate_wpm = 165;  // read aloud's speaking rate in words per minute (80..450), issue 17
  } speech;
  struct Scanner {
    std::string camera;  // = "" // V4L2 device for the Scan screen, e.g. /dev/video0; empty = first capture device
  } scanner;
  struct Hospital {
    std::string timezone = "Asia/Shanghai";  // IANA zone for everything shown to people
  } hospital;
  struct Data {
    std::string dir;  // = "" // local store directory; empty = $XDG_DATA_HOME/onestop-kiosk
  } data;
  struct Screen {
    int blank_after_s = 0;  // panel off after this long without touch (0 = never); applied by the
                            // packaged session (packaging/kiosk-session), which lets SDL allow idle
  } screen;
  struct Log {
    std::string level = "info";  // patient data is never logged at info or above
  } log;
};

// Reads `path` (empty = defaults only) and applies the global flags on top. Errors name the key.
Result<KioskConfig> LoadConfig(const GlobalOptions& global);
// The data directory to use, created if missing, owner-only (0700): a more open existing one is
// tightened with a warning (it holds the device token and patients' requests).
Result<std::string> ResolveDataDir(const KioskConfig& cfg);
void SetupLogging(const std::string& level);

}  // namespace onestop::app
