// Short fault campaigns in ctest (label `faults`): 5 terminals, 2 hub processes, 20 s of faults, on
// SQLite and on a throwaway PostgreSQL cluster (restarted as one of the faults). They fail when a
// record is lost or doubled, a queue sticks, a store diverges or the hub refuses an accepted record;
// they skip loudly only where network namespaces cannot be made (not root, no iproute2).
#include <gtest/gtest.h>

#include <iostream>

#include "tests/faults/campaign.h"
#include "tests/integration/pg_cluster.h"
#include "tests/integration/sync_harness.h"

namespace {

void RunAndCheck(faults::Options o) {
  sync_test::TempDir dir;
  o.kiosk_bin = sync_test::Env("ONESTOP_KIOSK_BIN");
  o.hub_bin = sync_test::Env("ONESTOP_HUB_BIN");
  o.dir = dir.File("");
  o.fault_seconds = 20;
  o.seed = 20261130;
  const faults::Result r = faults::RunCampaign(o);
  std::cout << "campaign: " << r.Json() << "\n";
  ASSERT_TRUE(r.error.empty()) << r.error;
  for (const auto& p : r.problems) std::cout << "problem: " << p << "\n";
  EXPECT_GE(r.FaultCount(), 8) << "too few faults to prove anything";
  EXPECT_GE(r.records, 20) << "too few records accepted to prove anything";
  EXPECT_EQ(r.lost, 0);
  EXPECT_EQ(r.duplicated, 0);
  EXPECT_EQ(r.stuck, 0);
  EXPECT_EQ(r.diverged, 0);
  EXPECT_EQ(r.dead_letters, 0) << "a record the terminal accepted was refused by the hub";
  EXPECT_GE(r.drain_ms, 0);
}

}  // namespace

TEST(FaultCampaign, SqliteNothingLostDoubledOrStuckAfterTheHeal) {
  if (auto why = faults::CanRun(); !why.empty()) GTEST_SKIP() << "SKIPPED: the fault campaign needs " << why;
  RunAndCheck({});
}

TEST(FaultCampaign, PostgresqlNothingLostDoubledOrStuckAfterTheHeal) {
  if (auto why = faults::CanRun(); !why.empty()) GTEST_SKIP() << "SKIPPED: the fault campaign needs " << why;
  auto* cluster = pg_test::PgCluster::Shared();
  ASSERT_NE(cluster, nullptr) << "PostgreSQL test cluster: " << pg_test::PgCluster::StartError();
  faults::Options o;
  o.db = cluster->NewDatabase();
  ASSERT_FALSE(o.db.empty());
  o.restart_db = [cluster] { return cluster->Restart(); };
  RunAndCheck(o);
}
