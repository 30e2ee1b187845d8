// A short fault campaign in ctest (label `faults`): 5 terminals, 2 hub processes, 20 s of faults.
// It must fail when a record is lost or doubled, a queue sticks or a store diverges; it skips loudly
// only where network namespaces cannot be made (not root, no iproute2).
#include <gtest/gtest.h>

#include <iostream>

#include "tests/faults/campaign.h"
#include "tests/integration/sync_harness.h"

TEST(FaultCampaign, NothingLostDoubledOrStuckAfterTheHeal) {
  if (auto why = faults::CanRun(); !why.empty()) GTEST_SKIP() << "SKIPPED: the fault campaign needs " << why;
  sync_test::TempDir dir;
  faults::Options o;
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
