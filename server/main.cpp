// onestop-hub command line: parses arguments and runs a subcommand. No hub logic lives here.
// Exit codes (DESIGN §3): 0 ok, 1 input error, 2 usage error, 3 environment error.
#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>
#include <sstream>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "kiosk/core/clock.h"
#include "server/hub.h"
#include "server/store.h"
#include "server/tickets.h"

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

std::vector<std::string> SplitComma(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

std::unique_ptr<onestop::hub::HubStore> OpenOrDie(const std::string& db, int* code) {
  auto st = onestop::hub::OpenSqliteStore(db);
  if (!st) {
    std::cerr << "onestop-hub: " << st.error().message << "\n";
    *code = 3;
    return nullptr;
  }
  return std::move(st.value());
}
}  // namespace

int main(int argc, char** argv) {
  // Logs go to stderr: stdout carries only results (the "listening" line, codes, ticket lists).
  spdlog::set_default_logger(spdlog::stderr_color_mt("onestop-hub"));
  CLI::App app{"onestop-hub: OneStop central server"};
  app.require_subcommand(1);
  std::string listen = "127.0.0.1:8470", db = "hub.db";

  auto* serve = app.add_subcommand("serve", "run the central server");
  bool demo = false;
  double fault_rate = 0;
  std::string fault_kinds = "500,503,slow,reset";
  uint64_t fault_seed = 1;
  int threads = 16;
  serve->add_option("--listen", listen, "host:port to listen on (port 0 picks a free one)")->capture_default_str();
  serve->add_option("--db", db, "SQLite database file")->capture_default_str();
  serve->add_flag("--demo-data", demo, "fill an empty database with the demo hospital (deterministic)");
  serve->add_option("--fault-rate", fault_rate, "TESTS ONLY: share 0..1 of sync requests that get a fault")
      ->check(CLI::Range(0.0, 1.0));
  serve->add_option("--fault-kinds", fault_kinds, "comma list of 500,503,slow,reset")->capture_default_str();
  serve->add_option("--fault-seed", fault_seed, "seed of the fault choice")->capture_default_str();
  serve->add_option("--threads", threads, "HTTP worker threads")->check(CLI::Range(2, 256))->capture_default_str();

  auto* enroll = app.add_subcommand("enroll-code", "issue a one-time enrollment code (printed on stdout)");
  std::string kind, location;
  double ttl_hours = 24;
  enroll->add_option("--db", db, "SQLite database file")->capture_default_str();
  enroll->add_option("--kind", kind, "bedside, ward or staff")->required();
  enroll->add_option("--location", location, "bed or ward code the terminal is bound to (not for staff)");
  enroll->add_option("--ttl-hours", ttl_hours, "how long the code is valid")->check(CLI::Range(0.01, 24.0 * 365))->capture_default_str();

  auto* tickets = app.add_subcommand("tickets", "desk view of tickets");
  tickets->add_option("--db", db, "SQLite database file")->capture_default_str();
  tickets->require_subcommand(1);
  auto* tlist = tickets->add_subcommand("list", "list all tickets, oldest first");
  bool as_json = false;
  tlist->add_flag("--json", as_json, "one JSON object per line");
  auto* tmove = tickets->add_subcommand("move", "move a ticket along its lifecycle");
  std::string tid, tstatus, actor = "desk", note;
  tmove->add_option("ID", tid, "ticket id, e.g. TK-000001")->required();
  tmove->add_option("STATUS", tstatus, "accepted, dispatched, in_progress, completed, followed_up, assessed, cancelled, rejected")->required();
  tmove->add_option("--actor", actor, "who moves it")->capture_default_str();
  tmove->add_option("--note", note, "note kept in the ticket history");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  if (*serve) {
    onestop::hub::HubOptions o;
    o.db_path = db;
    o.demo_data = demo;
    o.fault_rate = fault_rate;
    o.fault_kinds = SplitComma(fault_kinds);
    o.fault_seed = fault_seed;
    o.threads = threads;
    for (const auto& k : o.fault_kinds)
      if (k != "500" && k != "503" && k != "slow" && k != "reset") {
        std::cerr << "onestop-hub: unknown fault kind \"" << k << "\" (use 500,503,slow,reset)\n";
        return 2;
      }
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
    if (fault_rate > 0) spdlog::warn("fault injection on: {} of sync requests get one of {}", fault_rate, fault_kinds);
    // The bound port on stdout lets scripts and tests start the hub on port 0.
    std::cout << "listening " << o.listen_host << ":" << port << std::endl;
    spdlog::info("onestop-hub listening on {}:{}", o.listen_host, port);
    hub.Serve();
    return 0;
  }

  onestop::SystemClock clock;
  int code = 0;
  if (*enroll) {
    auto store = OpenOrDie(db, &code);
    if (!store) return code;
    const std::string c = onestop::hub::NewEnrollCode();
    auto s = onestop::hub::AddEnrollCode(*store, c, kind, location, clock.NowUtcMs(),
                                         static_cast<int64_t>(ttl_hours * 3600000.0));
    if (!s) {
      std::cerr << "onestop-hub: " << s.error().message << "\n";
      return s.error().code.rfind("store", 0) == 0 ? 3 : 1;
    }
    std::cout << c << std::endl;
    return 0;
  }

  if (*tickets) {
    auto store = OpenOrDie(db, &code);
    if (!store) return code;
    if (*tlist) {
      auto rows = store->ListTickets();
      if (!rows) { std::cerr << "onestop-hub: " << rows.error().message << "\n"; return 3; }
      for (const auto& t : rows.value()) {
        if (as_json) {
          std::cout << nlohmann::json{{"id", t.id}, {"kind", t.kind}, {"trade", t.trade}, {"status", t.status},
                                      {"location", t.location}, {"asset", t.asset},
                                      {"created_at", onestop::FormatIsoUtcMs(t.created_ms)},
                                      {"updated_at", onestop::FormatIsoUtcMs(t.updated_ms)}, {"history", t.history}}
                           .dump()
                    << "\n";
        } else {
          std::cout << t.id << "\t" << t.kind << "\t" << t.trade << "\t" << t.status << "\t" << t.location << "\t"
                    << (t.asset.empty() ? "-" : t.asset) << "\t" << onestop::FormatIsoUtcMs(t.updated_ms) << "\n";
        }
      }
      return 0;
    }
    if (*tmove) {
      auto t = onestop::hub::MoveTicket(*store, tid, tstatus, actor, clock.NowUtcMs(), note);
      if (!t) {
        std::cerr << "onestop-hub: " << t.error().message << "\n";
        return t.error().code.rfind("store", 0) == 0 ? 3 : 1;
      }
      std::cout << t->id << " " << t->status << "\n";
      return 0;
    }
  }
  return 2;
}
