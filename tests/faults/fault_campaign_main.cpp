// `onestop-fault-campaign`: runs N fault campaigns (campaign.h) and prints one JSON line per run, then
// the record: runs, faults injected, records, lost, duplicated, stuck, diverged, max drain time.
// Exits non-zero when any run lost, doubled, stuck or diverged, or could not run. Test/bench only.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "tests/faults/campaign.h"
#include "tests/integration/pg_cluster.h"
#include "tests/integration/sync_harness.h"

int main(int argc, char** argv) {
  CLI::App app{"fault campaigns against real hubs and terminals (root: network namespaces)"};
  int runs = 1;
  faults::Options o;
  o.kiosk_bin = sync_test::Env("ONESTOP_KIOSK_BIN");
  o.hub_bin = sync_test::Env("ONESTOP_HUB_BIN");
  app.add_option("--runs", runs, "campaigns to run")->check(CLI::Range(1, 100000));
  app.add_option("--seconds", o.fault_seconds, "seconds of faults per campaign")->check(CLI::Range(5, 3600));
  app.add_option("--terminals", o.terminals, "terminals per campaign")->check(CLI::Range(1, 40));
  app.add_option("--hubs", o.hubs, "hub processes")->check(CLI::Range(1, 8));
  app.add_option("--db", o.db, "hub database (default: a SQLite file per campaign)");
  bool pg = false;
  app.add_flag("--pg", pg, "a throwaway PostgreSQL cluster, a fresh database per campaign, restarts as a fault");
  app.add_option("--seed", o.seed, "seed of the first campaign (the next ones count up)");
  app.add_option("--kiosk-bin", o.kiosk_bin, "onestop-kiosk binary")->required(o.kiosk_bin.empty());
  app.add_option("--hub-bin", o.hub_bin, "onestop-hub binary")->required(o.hub_bin.empty());
  CLI11_PARSE(app, argc, argv);
  if (auto why = faults::CanRun(); !why.empty()) {
    std::cerr << "onestop-fault-campaign: cannot run here: " << why << "\n";
    return 2;
  }
  pg_test::PgCluster* cluster = nullptr;
  if (pg) {
    cluster = pg_test::PgCluster::Shared();
    if (!cluster) {
      std::cerr << "onestop-fault-campaign: PostgreSQL test cluster: " << pg_test::PgCluster::StartError() << "\n";
      return 2;
    }
    o.restart_db = [cluster] { return cluster->Restart(); };
  }
  int ran = 0, failed = 0, faults_injected = 0, records = 0, lost = 0, duplicated = 0, stuck = 0, diverged = 0;
  int64_t max_drain = 0, outbox_at_heal = 0;
  const uint64_t first_seed = o.seed;
  for (int i = 0; i < runs; ++i) {
    sync_test::TempDir dir;
    faults::Options run = o;
    run.dir = dir.File("");
    run.seed = first_seed + static_cast<uint64_t>(i);
    if (cluster) run.db = cluster->NewDatabase();
    const faults::Result r = faults::RunCampaign(run);
    std::cout << "run " << i + 1 << " seed " << run.seed << ": " << r.Json() << std::endl;
    for (const auto& p : r.problems) std::cerr << "  run " << i + 1 << ": " << p << "\n";
    ++ran;
    failed += r.Clean() ? 0 : 1;
    faults_injected += r.FaultCount();
    records += r.records;
    lost += r.lost;
    duplicated += r.duplicated;
    stuck += r.stuck;
    diverged += r.diverged;
    max_drain = std::max(max_drain, r.drain_ms);
    outbox_at_heal += r.outbox_at_heal;
  }
  std::cout << "record: runs " << ran << ", failed " << failed << ", faults injected " << faults_injected
            << ", records " << records << ", lost " << lost << ", duplicated " << duplicated << ", stuck " << stuck
            << ", diverged " << diverged << ", queued at heal " << outbox_at_heal << ", max drain " << max_drain << " ms" << std::endl;
  return failed == 0 ? 0 : 1;
}
