// onestop-kiosk entry point: global options, subcommand dispatch, exit codes. Nothing else.
#include <iostream>

#include "kiosk/app/cli/cli.h"

int main(int argc, char** argv) {
  using namespace onestop::app;
  CLI::App app{"onestop-kiosk: OneStop ward and bedside terminal"};
  app.fallthrough();
  GlobalOptions global;
  app.add_option("-c,--config", global.config_path, "TOML config file");
  app.add_option("--data-dir", global.data_dir, "directory for the local store (overrides [data] dir)");
  app.add_option("--hub", global.hub_url, "hub base URL, e.g. http://127.0.0.1:8470 (overrides [hub] url)");
  app.add_option("--ca-file", global.ca_file,
                 "PEM CA bundle that verifies an https hub, e.g. for enroll (overrides [hub] ca_file)");
  app.add_option("--log-level", global.log_level, "trace|debug|info|warn|error");

  Registry registry;
  RegisterUiCommands(app, global, registry);
  RegisterSpineCommands(app, global, registry);
  RegisterScanCommands(app, global, registry);
  RegisterReportCommands(app, global, registry);
  RegisterRateCommands(app, global, registry);
  RegisterOrderCommands(app, global, registry);
  RegisterInputCommands(app, global, registry);
  RegisterSayCommands(app, global, registry);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  for (const auto& sub : registry)
    if (sub.cli->parsed()) return sub.run();
  // No subcommand: `run` is the default (DESIGN §3).
  for (const auto& sub : registry)
    if (sub.cli->get_name() == "run") return sub.run();
  std::cerr << "onestop-kiosk: no subcommand\n";
  return kExitUsage;
}
