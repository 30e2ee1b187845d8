// onestop-hub command line: parses arguments and runs a subcommand. No hub logic lives here.
// Exit codes (DESIGN §3): 0 ok, 1 input error, 2 usage error, 3 environment error.
#include <CLI/CLI.hpp>
#include <sodium.h>
#include <sys/stat.h>

#include <csignal>
#include <filesystem>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "kiosk/core/clock.h"
#include "server/console_auth.h"
#include "server/hub.h"
#include "server/hub_config.h"
#include "server/journal_log.h"
#include "server/meals.h"
#include "server/store.h"
#include "server/ratings.h"
#include "server/sqlite_backup.h"
#include "server/staff_pins.h"
#include "server/systemd_notify.h"
#include "server/tickets.h"

namespace {
onestop::hub::Hub* g_hub = nullptr;
constexpr const char* kDbHelp = "SQLite database file, or a PostgreSQL URI (postgresql://...)";
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
  auto st = onestop::hub::OpenHubStore(db);
  if (!st) {
    std::cerr << "onestop-hub: " << st.error().message << "\n";
    *code = 3;
    return nullptr;
  }
  return std::move(st.value());
}
}  // namespace

int main(int argc, char** argv) {
  // Everything the hub writes (database, -wal, -shm, logs it may redirect) is for its own user only.
  ::umask(0077);
  // Logs go to stderr, or straight to the journal with fields when systemd runs us: stdout carries
  // only results (the "listening" line, codes, ticket lists).
  onestop::hub::SetupHubLogging("info");
  CLI::App app{"onestop-hub: OneStop central server"};
  app.require_subcommand(1);
  std::string listen = "127.0.0.1:8470", db = "hub.db";
  // The packaged service reads /etc/onestop/hub.toml (packaging/hub.toml documents every key);
  // flags given on the command line win over the file. Admin commands take its [database] path too.
  std::string config_path;
  app.add_option("--config", config_path, "hub.toml to read (e.g. /etc/onestop/hub.toml); flags win over it")
      ->check(CLI::ExistingFile);

  auto* serve = app.add_subcommand("serve", "run the central server");
  bool demo = false;
  double fault_rate = 0;
  std::string fault_kinds = "500,503,slow,reset";
  uint64_t fault_seed = 1;
  int threads = 16;
  serve->add_option("--listen", listen, "host:port to listen on (port 0 picks a free one)")->capture_default_str();
  serve->add_option("--db", db, kDbHelp)->capture_default_str();
  serve->add_flag("--demo-data", demo, "fill an empty database with the demo hospital (deterministic)");
  serve->add_option("--fault-rate", fault_rate, "TESTS ONLY: share 0..1 of sync requests that get a fault")
      ->check(CLI::Range(0.0, 1.0));
  serve->add_option("--fault-kinds", fault_kinds, "comma list of 500,503,slow,reset")->capture_default_str();
  serve->add_option("--fault-seed", fault_seed, "seed of the fault choice")->capture_default_str();
  serve->add_option("--threads", threads, "HTTP worker threads kept ready (the pool grows under load)")
      ->check(CLI::Range(2, 256))->capture_default_str();
  onestop::hub::HubOptions sopts;
  serve->add_option("--tls-cert", sopts.tls_cert, "PEM certificate (chain): serve HTTPS (with --tls-key)")->check(CLI::ExistingFile);
  serve->add_option("--tls-key", sopts.tls_key, "PEM private key of --tls-cert")->check(CLI::ExistingFile);
  serve->add_option("--public-name", sopts.public_names,
                    "host name or address clients use (repeatable); other Host headers get 421");
  serve->add_option("--web-dir", sopts.web_dir, "directory of the web console's pages (served under /console/)")
      ->check(CLI::ExistingDirectory)->capture_default_str();
  serve->add_option("--long-poll-max", sopts.long_poll_max,
                    "live pulls held at once; each holds a worker thread on top of the usual pool")
      ->check(CLI::Range(0, 65536))->capture_default_str();
  serve->add_option("--max-conns-per-address", sopts.guard.max_conns_per_address,
                    "connections one client address may hold open")->check(CLI::Range(1, 100000))->capture_default_str();

  auto* enroll = app.add_subcommand("enroll-code", "issue a one-time enrollment code (printed on stdout)");
  std::string kind, location;
  double ttl_hours = 24;
  enroll->add_option("--db", db, kDbHelp)->capture_default_str();
  enroll->add_option("--kind", kind, "bedside, ward or staff")->required();
  enroll->add_option("--location", location, "bed or ward code the terminal is bound to (not for staff)");
  enroll->add_option("--ttl-hours", ttl_hours, "how long the code is valid")->check(CLI::Range(0.01, 24.0 * 365))->capture_default_str();

  auto* tickets = app.add_subcommand("tickets", "desk view of tickets");
  tickets->add_option("--db", db, kDbHelp)->capture_default_str();
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
  onestop::hub::Assignment assign;
  tmove->add_option("--team", assign.team, "with dispatched: service team code (config team:<code>)");
  tmove->add_option("--worker", assign.worker, "with dispatched: staff id of the worker (implies the team)");

  // Ratings (issue 7): monthly report and the call-back list; rules in server/ratings.h.
  auto* ratings = app.add_subcommand("ratings", "monthly rating report (--month, --by) and service-desk call-backs");
  ratings->fallthrough();
  ratings->require_subcommand(0, 1);
  std::string rmonth, rby = "team", rtz;
  bool rcsv = false, rjson = false;
  ratings->add_option("--db", db, kDbHelp)->capture_default_str();
  ratings->add_option("--month", rmonth, "YYYY-MM, counted in the hospital time zone");
  ratings->add_option("--by", rby, "team, worker, trade or kind")->check(CLI::IsMember({"team", "worker", "trade", "kind"}))->capture_default_str();
  ratings->add_option("--tz", rtz, "IANA time zone for the month (default: the hub config's time_zone, else UTC)");
  ratings->add_flag("--csv", rcsv, "CSV (RFC 4180) instead of a text table");
  auto* rcallbacks = ratings->add_subcommand("callbacks", "tickets to call back: flagged by a rating <= 2, or completed "
                                                            "and not rated within --after-hours");
  double after_hours = 72;
  rcallbacks->add_option("--after-hours", after_hours, "hours after completion without a rating")
      ->check(CLI::Range(0.0, 24.0 * 366))->capture_default_str();
  rcallbacks->add_flag("--json", rjson, "one JSON object per line");
  auto* rdone = ratings->add_subcommand("callback-done", "the desk called the rater back: close the ticket's call-back flag");
  std::string rdone_id;
  rdone->add_option("ID", rdone_id, "ticket id")->required();

  auto* staffcmd = app.add_subcommand("staff", "staff master data");
  staffcmd->fallthrough();
  staffcmd->require_subcommand(1);
  staffcmd->add_option("--db", db, kDbHelp)->capture_default_str();
  auto* setpin = staffcmd->add_subcommand("set-pin", "set a staff member's sign-in PIN (stored as an Argon2id hash)");
  std::string pin_id, pin;
  bool pin_stdin = false;
  setpin->add_option("--id", pin_id, "staff id, e.g. 70001")->required();
  // Never on the command line: argv is readable by every user of the machine (ps, /proc) and lands in
  // shell histories. --pin is still parsed, only to refuse it with a clear message.
  setpin->add_option("--pin", pin, "refused: give the PIN on stdin")->group("");
  setpin->add_flag("--pin-stdin", pin_stdin, "read the PIN from the first line of stdin (the default; kept for scripts)");

  auto* terms = app.add_subcommand("terminals", "enrolled terminals: list, revoke");
  terms->fallthrough();
  terms->require_subcommand(1);
  terms->add_option("--db", db, kDbHelp)->capture_default_str();
  auto* termlist = terms->add_subcommand("list", "list terminals: id, binding kind, location, enrolled, last push, revoked");
  bool term_json = false;
  termlist->add_flag("--json", term_json, "one JSON object per line");
  auto* termrevoke = terms->add_subcommand("revoke", "revoke a terminal: its token gets 401 on every hub within a second");
  std::string term_id;
  termrevoke->add_option("ID", term_id, "terminal id (term-...)")->required();

  // Meals (issue 6): order review, diet orders and the kitchen view; rules in server/meals.h.
  auto* meals = app.add_subcommand("meals", "meal order review for the dietitian");
  meals->add_option("--db", db, kDbHelp)->capture_default_str();
  meals->require_subcommand(1);
  meals->fallthrough();
  auto* mlist = meals->add_subcommand("list", "list meal orders (one JSON object per line), oldest first");
  onestop::hub::MealFilter mfilter;
  mlist->add_option("--date", mfilter.date, "service date YYYY-MM-DD");
  mlist->add_option("--slot", mfilter.slot, "breakfast, lunch, dinner or late")->check(CLI::IsMember({"breakfast", "lunch", "dinner", "late"}));
  mlist->add_option("--status", mfilter.statuses, "ticket status (received, accepted, ...) or held; repeatable");
  auto* mapprove = meals->add_subcommand("approve", "approve an order (received -> accepted; clears a diet-change hold)");
  std::string mid, mreason;
  mapprove->add_option("ID", mid, "ticket id, e.g. TK-000001")->required();
  auto* mreject = meals->add_subcommand("reject", "reject an order; the reason is shown to the patient");
  mreject->add_option("ID", mid, "ticket id")->required();
  mreject->add_option("--reason", mreason, "why, in plain words (or \"<code>: <detail>\")")->required();
  for (auto* c : {mapprove, mreject}) c->add_option("--actor", actor, "who reviews")->capture_default_str();

  auto* diet = app.add_subcommand("diet", "diet orders of beds");
  diet->add_option("--db", db, kDbHelp)->capture_default_str();
  diet->require_subcommand(1);
  diet->fallthrough();
  auto* dset = diet->add_subcommand("set", "set a bed's diet order; pending meal orders under another diet go on hold");
  onestop::meals::DietOrder dorder;
  dset->add_option("--bed", dorder.bed, "bed code")->required();
  dset->add_option("--diet", dorder.diet, "regular, soft, semi_liquid, liquid, diabetic, low_salt, low_fat, renal or npo")->required();
  dset->add_option("--allergen", dorder.allergens, "allergen code (milk, egg, fish, shellfish, soy, gluten, peanut...); repeatable");
  dset->add_option("--ordered-by", dorder.ordered_by, "physician or nurse who ordered it");

  auto* kitchen = app.add_subcommand("kitchen", "production counts per ward and dish, and tray lines per bed");
  kitchen->add_option("--db", db, kDbHelp)->capture_default_str();
  std::string kdate, kslot;
  bool kcsv = false, kjson = false;
  kitchen->add_option("--date", kdate, "service date YYYY-MM-DD (hospital local)")->required();
  kitchen->add_option("--slot", kslot, "breakfast, lunch, dinner or late")->required();
  auto* kcsv_opt = kitchen->add_flag("--csv", kcsv, "CSV instead of plain text");
  kitchen->add_flag("--json", kjson, "JSON instead of plain text")->excludes(kcsv_opt);


  // Console accounts (issue 13): passwords only from stdin; rules in server/console_auth.h.
  auto* users = app.add_subcommand("users", "web console accounts (password from stdin)");
  users->add_option("--db", db, kDbHelp)->capture_default_str();
  users->require_subcommand(1);
  users->fallthrough();
  std::string uname, ustaff;
  std::vector<std::string> uroles;
  auto* uadd = users->add_subcommand("add", "add an account; the password is read from the first line of stdin");
  uadd->add_option("NAME", uname, "user name (letters, digits, . _ -)")->required();
  uadd->add_option("--role", uroles, "desk, worker, kitchen, dietitian, manager or admin; repeatable")->required();
  uadd->add_option("--staff", ustaff, "with --role worker: the worker's staff id (master data)");
  auto* ulist = users->add_subcommand("list", "list accounts (name, roles, staff id, state)");
  auto* upass = users->add_subcommand("set-password", "set a new password (from stdin); ends the user's sessions");
  upass->add_option("NAME", uname, "user name")->required();
  auto* udisable = users->add_subcommand("disable", "disable an account (ends its sessions); --enable undoes it");
  udisable->add_option("NAME", uname, "user name")->required();
  bool uenable = false;
  udisable->add_flag("--enable", uenable, "enable the account again (and lift a lock)");
  auto* uroles_cmd = users->add_subcommand("roles", "replace an account's roles");
  uroles_cmd->add_option("NAME", uname, "user name")->required();
  uroles_cmd->add_option("--role", uroles, "role; repeatable")->required();
  auto* ustaff_opt = uroles_cmd->add_option("--staff", ustaff, "the worker's staff id");

  // Backups and upgrades (issue 19): online backup, restore into a stopped hub, migrations.
  auto* backup = app.add_subcommand("backup", "copy the database to a file with SQLite's online backup (safe while serving)");
  std::string backup_out, restore_from;
  backup->add_option("--db", db, kDbHelp)->capture_default_str();
  backup->add_option("--out", backup_out, "backup file to write (replaced only once the copy is complete and checked)")->required();
  auto* restore = app.add_subcommand("restore", "replace the database with a backup; refused while any process has it open");
  bool restore_force = false;
  restore->add_option("--db", db, kDbHelp)->capture_default_str();
  restore->add_option("--from", restore_from, "backup file made by onestop-hub backup")->required()->check(CLI::ExistingFile);
  restore->add_flag("--force", restore_force, "replace a database that holds data (the old one is kept as DB.before-restore-TIME)");
  auto* migrate = app.add_subcommand("migrate", "bring the database to this version's schema (the package does it on upgrade)");
  migrate->add_option("--db", db, kDbHelp)->capture_default_str();
  bool migrate_check = false;
  migrate->add_flag("--check", migrate_check, "only print the file's and this binary's schema versions; exit 1 if it is newer");
  bool migrate_if_exists = false;
  migrate->add_flag("--if-exists", migrate_if_exists, "do nothing when there is no database yet (package upgrades)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  if (!config_path.empty()) {
    auto cfg = onestop::hub::LoadHubConfig(config_path);
    if (!cfg) {
      std::cerr << "onestop-hub: " << cfg.error().message << "\n";
      return 1;
    }
    const auto& c = cfg.value();
    // A flag counts as given when any subcommand's copy of it was parsed.
    auto given = [&](const std::string& name) {
      for (const auto* sub : app.get_subcommands())
        for (const auto* sub2 : sub->get_subcommands())
          if (const auto* o = sub2->get_option_no_throw(name); o && o->count() > 0) return true;
      for (const auto* sub : app.get_subcommands())
        if (const auto* o = sub->get_option_no_throw(name); o && o->count() > 0) return true;
      return false;
    };
    if (c.db && !given("--db")) db = *c.db;
    if (c.listen && !given("--listen")) listen = *c.listen;
    if (c.threads && !given("--threads")) threads = *c.threads;
    if (c.public_names && !given("--public-name")) sopts.public_names = *c.public_names;
    if (c.max_conns_per_address && !given("--max-conns-per-address")) sopts.guard.max_conns_per_address = *c.max_conns_per_address;
    if (c.tls_cert && !given("--tls-cert") && !given("--tls-key")) {
      sopts.tls_cert = *c.tls_cert;
      sopts.tls_key = *c.tls_key;
    }
    if (c.web_dir && !given("--web-dir")) sopts.web_dir = *c.web_dir;
    if (c.log_level && !onestop::hub::SetupHubLogging(*c.log_level)) {
      std::cerr << "onestop-hub: " << config_path << ": log.level must be trace, debug, info, warn, error, critical or off\n";
      return 1;
    }
  }

  if ((*backup || *restore) && onestop::hub::IsPostgresDb(db)) {
    std::cerr << "onestop-hub: backup and restore copy a SQLite file; back a PostgreSQL database up with pg_dump "
                 "or PostgreSQL's own continuous archiving (server/README.md)\n";
    return 1;
  }
  if (*migrate && onestop::hub::IsPostgresDb(db)) {
    // PostgreSQL: the schema_version table; each step in one transaction (also done by serve on open).
    auto v = onestop::hub::ReadPgSchemaVersion(db);
    if (!v) { std::cerr << "onestop-hub: " << v.error().message << "\n"; return 3; }
    std::cout << "postgresql schema v" << v.value() << ", this onestop-hub v" << onestop::hub::PgSchemaVersion() << "\n";
    if (migrate_check) return v.value() > onestop::hub::PgSchemaVersion() ? 1 : 0;
    int code = 0;
    if (!OpenOrDie(db, &code)) return code;
    std::cout << "postgresql schema v" << v.value() << " -> v" << onestop::hub::PgSchemaVersion() << "\n";
    return 0;
  }
  if (*backup) {
    auto r = onestop::hub::BackupHubDatabase(db, backup_out);
    if (!r) {
      std::cerr << "onestop-hub: " << r.error().message << "\n";
      return r.error().code == "backup.input" ? 1 : 3;
    }
    std::cout << "backup " << backup_out << " schema v" << r->schema_version << " " << r->bytes << " bytes\n";
    return 0;
  }
  if (*restore) {
    auto r = onestop::hub::RestoreHubDatabase(restore_from, db, restore_force);
    if (!r) {
      std::cerr << "onestop-hub: " << r.error().message << "\n";
      const auto& code = r.error().code;
      return code == "restore.in_use" ? 3 : code.rfind("restore.", 0) == 0 ? 1 : 3;
    }
    std::cout << "restored " << db << " from " << restore_from << " (schema v" << r->schema_version_restored << ", now v"
              << r->schema_version_now << ")";
    if (!r->kept.empty()) std::cout << "; the previous database is kept as " << r->kept;
    std::cout << "\n";
    return 0;
  }
  if (*migrate) {
    if (migrate_if_exists && !std::filesystem::exists(db)) {
      std::cout << db << " does not exist yet: nothing to migrate\n";
      return 0;
    }
    if (migrate_check) {
      auto v = onestop::hub::ReadHubSchemaVersion(db);
      if (!v) { std::cerr << "onestop-hub: " << v.error().message << "\n"; return 3; }
      std::cout << db << " schema v" << v.value() << ", this onestop-hub v" << onestop::hub::HubSchemaVersion() << "\n";
      return v.value() > onestop::hub::HubSchemaVersion() ? 1 : 0;
    }
    auto before = onestop::hub::ReadHubSchemaVersion(db);
    int code = 0;
    auto store = OpenOrDie(db, &code);
    if (!store) return code;
    store.reset();
    std::cout << db << " schema v" << (before ? before.value() : 0) << " -> v" << onestop::hub::HubSchemaVersion() << "\n";
    return 0;
  }

  if (*serve) {
    onestop::hub::HubOptions& o = sopts;
    // From the environment, never the command line (which other users of the machine can read).
    if (const char* t = std::getenv("ONESTOP_HUB_ADMIN_TOKEN")) o.admin_token = t;
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
    if (auto s = onestop::hub::PrepareDatabaseDir(db); !s) {
      std::cerr << "onestop-hub: " << s.error().message << "\n";
      return 3;
    }
    onestop::hub::Hub hub(o);
    std::string err;
    const int port = hub.Bind(&err);
    if (port < 0) {
      onestop::hub::systemd::Notify("STATUS=cannot start: " + err);
      std::cerr << "onestop-hub: " << err << "\n";
      return 3;
    }
    g_hub = &hub;
    std::signal(SIGINT, OnSignal);
    std::signal(SIGTERM, OnSignal);
    if (fault_rate > 0) spdlog::warn("fault injection on: {} of sync requests get one of {}", fault_rate, fault_kinds);
    // The bound port on stdout lets scripts and tests start the hub on port 0.
    std::cout << "listening " << o.listen_host << ":" << port << std::endl;
    spdlog::info("onestop-hub listening on {}:{}", o.listen_host, port);
    // Bind() has opened and migrated the database and bound the socket (connections queue in the
    // backlog until Serve() accepts them): this is the moment systemd may start what depends on us.
    namespace sd = onestop::hub::systemd;
    sd::Notify("READY=1\nSTATUS=serving on " + o.listen_host + ":" + std::to_string(port));
    {
      // Every half WatchdogSec, as sd_watchdog_enabled(3) advises; a hung server stops the pings.
      sd::Watchdog watchdog(sd::WatchdogInterval() / 2,
                            sd::LoopbackHealthProbe(o.listen_host, port, !o.tls_cert.empty()));
      hub.Serve();
      sd::Notify("STOPPING=1");
    }
    return 0;
  }

  onestop::SystemClock clock;
  int code = 0;
  if (*terms) {
    auto store = OpenOrDie(db, &code);
    if (!store) return code;
    if (*termlist) {
      auto rows = store->ListTerminals();
      if (!rows) { std::cerr << "onestop-hub: " << rows.error().message << "\n"; return 3; }
      auto when = [](int64_t ms) { return ms ? onestop::FormatIsoUtcMs(ms) : std::string(); };
      for (const auto& t : rows.value()) {
        const std::string kind(onestop::RoleName(t.terminal.binding.role));
        if (term_json) {
          auto opt = [&](int64_t ms) { return ms ? nlohmann::json(when(ms)) : nlohmann::json(nullptr); };
          std::cout << nlohmann::json{{"id", t.terminal.id}, {"kind", kind}, {"location", t.terminal.binding.location},
                                      {"enrolled_at", when(t.enrolled_ms)}, {"last_push_at", opt(t.last_push_ms)},
                                      {"revoked_at", opt(t.revoked_ms)}, {"revoked", t.revoked_ms != 0}}
                           .dump()
                    << "\n";
        } else {
          std::cout << t.terminal.id << "\t" << kind << "\t"
                    << (t.terminal.binding.location.empty() ? "-" : t.terminal.binding.location) << "\t"
                    << when(t.enrolled_ms) << "\t" << (t.last_push_ms ? when(t.last_push_ms) : "-") << "\t"
                    << (t.revoked_ms ? "revoked:" + when(t.revoked_ms) : "active") << "\n";
        }
      }
      return 0;
    }
    if (*termrevoke) {
      auto tx = store->Begin();
      if (!tx) { std::cerr << "onestop-hub: " << tx.error().message << "\n"; return 3; }
      const bool found = tx.value()->RevokeTerminal(term_id, clock.NowUtcMs());
      if (auto s = tx.value()->Commit(); !s) { std::cerr << "onestop-hub: " << s.error().message << "\n"; return 3; }
      if (!found) {
        std::cerr << "onestop-hub: no terminal " << term_id << " (see onestop-hub terminals list)\n";
        return 1;
      }
      std::cout << term_id << " revoked\n";
      return 0;
    }
  }
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

  if (*users) {
    auto store = OpenOrDie(db, &code);
    if (!store) return code;
    namespace con = onestop::hub::console;
    auto fail = [](const onestop::Error& e) {
      std::cerr << "onestop-hub: " << e.message << "\n";
      return e.code.rfind("store", 0) == 0 ? 3 : 1;
    };
    // The audit row names who ran the command (the login of this process), never the password.
    const char* login = std::getenv("USER");
    const std::string who = std::string("cli:") + (login && *login ? login : "unknown");
    auto read_password = [](std::string* out) {
      if (!std::getline(std::cin, *out)) out->clear();
      if (!out->empty() && out->back() == '\r') out->pop_back();
      return !out->empty();
    };
    std::string password;
    onestop::Status st = onestop::Ok{};
    if (*ulist) {
      auto rows = store->ListConsoleUsers();
      if (!rows) return fail(rows.error());
      for (const auto& u : rows.value()) {
        std::string roles;
        for (const auto& r : u.roles) roles += (roles.empty() ? "" : ",") + r;
        std::cout << u.name << "\t" << roles << "\t" << (u.staff_id.empty() ? "-" : u.staff_id) << "\t"
                  << (u.disabled ? "disabled" : u.locked_until_ms > clock.NowUtcMs() ? "locked" : "active") << "\n";
      }
      return 0;
    }
    if (*uadd || *upass) {
      if (!read_password(&password)) {
        std::cerr << "onestop-hub: give the password on the first line of stdin (e.g. from a password manager pipe)\n";
        return 2;
      }
      st = *uadd ? con::AddUser(*store, uname, password, uroles, ustaff, who, clock.NowUtcMs())
                 : con::SetPassword(*store, uname, password, who, clock.NowUtcMs());
      sodium_memzero(password.data(), password.size());
    } else if (*udisable) {
      st = con::SetDisabled(*store, uname, !uenable, who, clock.NowUtcMs());
    } else if (*uroles_cmd) {
      st = con::SetRoles(*store, uname, uroles, ustaff_opt->count() ? std::optional<std::string>(ustaff) : std::nullopt, who,
                         clock.NowUtcMs());
    }
    if (!st) return fail(st.error());
    std::cout << uname << " " << (*uadd ? "added" : *upass ? "password set" : *udisable ? (uenable ? "enabled" : "disabled") : "roles set")
              << "\n";
    return 0;
  }

  if (*ratings || *staffcmd) {
    auto store = OpenOrDie(db, &code);
    if (!store) return code;
    auto fail = [](const onestop::Error& e) {
      std::cerr << "onestop-hub: " << e.message << "\n";
      return e.code.rfind("store", 0) == 0 ? 3 : 1;
    };
    if (*setpin) {
      (void)pin_stdin;  // stdin is the only way in
      if (!pin.empty()) {
        pin.assign(pin.size(), '0');
        std::cerr << "onestop-hub: --pin is not accepted (the command line is visible to other users); "
                     "give the PIN on stdin, e.g. onestop-hub staff set-pin --id 70001 < pinfile\n";
        return 2;
      }
      if (!std::getline(std::cin, pin)) pin.clear();
      if (!pin.empty() && pin.back() == '\r') pin.pop_back();
      if (pin.empty()) {
        std::cerr << "onestop-hub: give the PIN on the first line of stdin\n";
        return 2;
      }
      auto s = onestop::hub::SetStaffPin(*store, pin_id, pin);
      pin.assign(pin.size(), '0');
      if (!s) return fail(s.error());
      std::cout << pin_id << " pin set\n";
      return 0;
    }
    if (*rcallbacks) {
      auto items = onestop::hub::LoadCallbacks(*store, clock.NowUtcMs(), static_cast<int64_t>(after_hours * 3600000.0));
      if (!items) return fail(items.error());
      for (const auto& c : items.value()) {
        const auto j = onestop::hub::CallbackJson(c);
        if (rjson) {
          std::cout << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
          continue;
        }
        std::cout << c.ticket.id << "\t" << c.reason << "\t" << c.ticket.kind << "\t" << (c.ticket.team.empty() ? "-" : c.ticket.team)
                  << "\t" << (c.ticket.worker.empty() ? "-" : c.ticket.worker) << "\t" << c.ticket.location << "\t"
                  << (c.completed_ms ? onestop::FormatIsoUtcMs(c.completed_ms) : "-");
        if (c.rating) std::cout << "\t" << c.rating->overall << "/5 by " << c.rating->rater;
        std::cout << "\n";
      }
      return 0;
    }
    if (*rdone) {
      auto t = onestop::hub::CloseCallback(*store, rdone_id, clock.NowUtcMs());
      if (!t) return fail(t.error());
      std::cout << t->id << " callback " << t->callback << "\n";
      return 0;
    }
    if (rmonth.empty()) {
      std::cerr << "onestop-hub: ratings needs --month YYYY-MM (or the callbacks / callback-done subcommand)\n";
      return 2;
    }
    auto zone = onestop::hub::ReportTimeZone(*store, rtz);
    if (!zone) return fail(zone.error());
    auto range = onestop::hub::MonthBounds(rmonth, zone.value());
    if (!range) return fail(range.error());
    auto report = onestop::hub::LoadMonthlyReport(*store, range.value(), *onestop::hub::ParseGroupBy(rby));
    if (!report) return fail(report.error());
    std::cout << (rcsv ? onestop::hub::ReportCsv(report.value()) : onestop::hub::ReportText(report.value()));
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
                                      {"location", t.location}, {"asset", t.asset}, {"team", t.team}, {"worker", t.worker},
                                      {"callback", t.callback.empty() ? nlohmann::json(nullptr) : nlohmann::json(t.callback)},
                                      {"created_at", onestop::FormatIsoUtcMs(t.created_ms)},
                                      {"updated_at", onestop::FormatIsoUtcMs(t.updated_ms)}, {"history", t.history}}
                           .dump()
                    << "\n";
        } else {
          std::cout << t.id << "\t" << t.kind << "\t" << t.trade << "\t" << t.status << "\t" << t.location << "\t"
                    << (t.asset.empty() ? "-" : t.asset) << "\t" << onestop::FormatIsoUtcMs(t.updated_ms) << "\t"
                    << (t.team.empty() ? "-" : t.team) << "\t" << (t.worker.empty() ? "-" : t.worker) << "\t"
                    << (t.callback.empty() ? "-" : "callback:" + t.callback) << "\n";
        }
      }
      return 0;
    }
    if (*tmove) {
      const bool assigns = !assign.team.empty() || !assign.worker.empty();
      if (assigns && tstatus != onestop::tickets::TicketStatus::kDispatched) {
        std::cerr << "onestop-hub: --team and --worker go with the status dispatched\n";
        return 2;
      }
      auto t = assigns ? onestop::hub::DispatchTicket(*store, tid, assign, actor, clock.NowUtcMs(), note)
                       : onestop::hub::MoveTicket(*store, tid, tstatus, actor, clock.NowUtcMs(), note);
      if (!t) {
        std::cerr << "onestop-hub: " << t.error().message << "\n";
        return t.error().code.rfind("store", 0) == 0 ? 3 : 1;
      }
      // Audited like a console action (issue 13): the history's last step has the state before.
      const auto& last = t->history.back();
      const char* login = std::getenv("USER");
      (void)onestop::hub::console::Audit(
          *store, {0, clock.NowUtcMs(), std::string("cli:") + (login && *login ? login : "unknown"), "ticket.transition",
                   t->id, nlohmann::json{{"status", last.value("from", "")}},
                   nlohmann::json{{"status", t->status}, {"team", t->team}, {"worker", t->worker}, {"actor", actor}}});
      std::cout << t->id << " " << t->status << "\n";
      return 0;
    }
  }
  if (*meals || *diet || *kitchen) {
    auto store = OpenOrDie(db, &code);
    if (!store) return code;
    auto fail = [](const onestop::Error& e) {
      std::cerr << "onestop-hub: " << e.message << "\n";
      return e.code.rfind("store", 0) == 0 ? 3 : 1;
    };
    if (*mlist) {
      auto rows = onestop::hub::ListMealOrders(*store, mfilter);
      if (!rows) return fail(rows.error());
      for (const auto& t : rows.value()) std::cout << onestop::hub::MealOrderJson(t).dump() << "\n";
      return 0;
    }
    if (*mapprove || *mreject) {
      auto t = *mapprove ? onestop::hub::ApproveMealOrder(*store, mid, actor == "desk" ? "dietitian" : actor, clock.NowUtcMs())
                         : onestop::hub::RejectMealOrder(*store, mid, mreason, actor == "desk" ? "dietitian" : actor, clock.NowUtcMs());
      if (!t) return fail(t.error());
      std::cout << t->id << " " << t->status << "\n";
      return 0;
    }
    if (*dset) {
      if (dorder.ordered_by.empty()) dorder.ordered_by = "hub-cli";
      auto r = onestop::hub::SetDietOrder(*store, dorder, dorder.ordered_by, clock.NowUtcMs());
      if (!r) return fail(r.error());
      std::cout << dorder.bed << " " << dorder.diet << " held " << r->held << " released " << r->released << "\n";
      return 0;
    }
    if (*kitchen) {
      auto r = onestop::hub::BuildKitchenReport(*store, kdate, kslot, clock.NowUtcMs());
      if (!r) return fail(r.error());
      std::cout << (kcsv ? onestop::hub::KitchenCsv(r.value()) : kjson ? onestop::hub::KitchenJson(r.value()).dump() + "\n"
                                                                      : onestop::hub::KitchenText(r.value()));
      return 0;
    }
  }
  return 2;
}
