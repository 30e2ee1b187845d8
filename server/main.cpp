// onestop-hub command line: parses arguments and runs a subcommand. No hub logic lives here.
#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>
#include <spdlog/spdlog.h>

#include "server/hub.h"

namespace {
onestop::hub::Hub* g_hub = nullptr;
void OnSignal(int) { if (g_hub) g_hub->Stop(); }

bool SplitListen(const std::string& listen, std::string* host, int* port) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  *host = listen.substr(0, colon);
  try { *port = std::stoi(listen.substr(colon + 1)); } catch (...) { return false; }
  return *port >= 0 && *port < 65536;
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"onestop-hub: OneStop central server"};
  app.require_subcommand(1);
  std::string listen = "127.0.0.1:8470", db = "hub.db";
  auto* serve = app.add_subcommand("serve", "run the central server");
  serve->add_option("--listen", listen, "host:port to listen on (port 0 picks a free one)")->capture_default_str();
  serve->add_option("--db", db, "SQLite database file")->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (*serve) {
    onestop::hub::HubOptions o;
    o.db_path = db;
    if (!SplitListen(listen, &o.listen_host, &o.listen_port)) {
      std::cerr << "onestop-hub: --listen must be host:port, e.g. 127.0.0.1:8470\n";
      return 2;
    }
    onestop::hub::Hub hub(o);
    std::string err;
    const int port = hub.Bind(&err);
    if (port < 0) { std::cerr << "onestop-hub: " << err << "\n"; return 3; }
    g_hub = &hub;
    std::signal(SIGINT, OnSignal);
    std::signal(SIGTERM, OnSignal);
    // The bound port on stdout lets scripts and tests start the hub on port 0.
    std::cout << "listening " << o.listen_host << ":" << port << std::endl;
    spdlog::info("onestop-hub listening on {}:{}", o.listen_host, port);
    hub.Serve();
    return 0;
  }
  return 0;
}
