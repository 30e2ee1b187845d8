// Subcommand registry for onestop-kiosk. Each feature registers its subcommands from its own file
// (cmd_*.cpp) so main.cpp never grows feature logic. Exit codes: 0 ok, 1 input, 2 usage, 3 environment.
#pragma once
#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace onestop::app {

enum ExitCode { kExitOk = 0, kExitInput = 1, kExitUsage = 2, kExitEnv = 3 };

// Options every subcommand understands (given before or after the subcommand name).
struct GlobalOptions {
  std::string config_path;  // TOML file; empty = built-in defaults
  std::string data_dir;     // overrides [data] dir
  std::string hub_url;      // overrides [hub] url
  std::string ca_file;      // overrides [hub] ca_file (PEM bundle that verifies an https hub)
  std::string log_level;    // overrides [log] level
};

struct Subcommand {
  CLI::App* cli;
  std::function<int()> run;
};
using Registry = std::vector<Subcommand>;

// One per feature file. Keep the list in main.cpp in the order of `--help`.
void RegisterUiCommands(CLI::App& app, const GlobalOptions& global, Registry& registry);     // run, screenshot
void RegisterSpineCommands(CLI::App& app, const GlobalOptions& global, Registry& registry);  // enroll, sync, status
void RegisterScanCommands(CLI::App& app, const GlobalOptions& global, Registry& registry);   // scan (report later)
void RegisterReportCommands(CLI::App& app, const GlobalOptions& global, Registry& registry);  // report
void RegisterRateCommands(CLI::App& app, const GlobalOptions& global, Registry& registry);    // rate
void RegisterOrderCommands(CLI::App& app, const GlobalOptions& global, Registry& registry);   // order
void RegisterInputCommands(CLI::App& app, const GlobalOptions& global, Registry& registry);   // input pinyin|handwriting
void RegisterSayCommands(CLI::App& app, const GlobalOptions& global, Registry& registry);     // say

}  // namespace onestop::app
