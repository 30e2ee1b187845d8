// Sync recovery after a network partition (issue 11 item 7), with a real namespace and veth: the
// terminal's `onestop-kiosk sync` runs in its own network namespace, the hub on the host end; the
// link is cut (20 s upstream, 15 s on the terminal's own route) while records keep being queued,
// then healed. Asserts the bound (outbox empty and every record at the hub exactly once
// within 5 s of the heal). Skipped, loudly,
// where namespaces cannot be created. Must not touch any address or route it did not create.
#include <gtest/gtest.h>

#include <iostream>

#include "tests/integration/partition_harness.h"

namespace {

int EnvInt(const char* name, int fallback) {
  const std::string v = sync_test::Env(name);
  return v.empty() ? fallback : std::atoi(v.c_str());
}

// Runs one partition and checks the bound; `local` picks where the link is cut.
void PartitionAndHeal(bool local, int default_seconds) {
  sync_test::TempDir tmp;
  const std::string dir = tmp.File("");
  partition::Netlab lab;
  if (const std::string why = lab.Setup(dir); !why.empty()) {
    std::cerr << "\n*** SKIPPED: the partition test needs its own network namespace: " << why << " ***\n\n";
    GTEST_SKIP() << "SKIPPED: the partition test needs its own network namespace: " << why;
  }
  partition::Options o;
  o.kiosk_bin = sync_test::Env("ONESTOP_KIOSK_BIN");
  o.hub_bin = sync_test::Env("ONESTOP_HUB_BIN");
  o.dir = dir;
  o.partition_s = EnvInt("ONESTOP_PARTITION_S", default_seconds);
  o.drain_deadline_s = 60;
  o.local_cut = local;
  // With the 15 s default request timeout a 15-20 s partition would hold a single failed request,
  // and even the old engine (backoff reset only by a clean round) would pass. 3 s makes this short
  // partition hold several failures, as a long outage does with the defaults (bench/partition.cmake
  // measures 60 s and 180 s with the defaults).
  o.connect_timeout_ms = 1000;
  o.total_timeout_ms = 3000;
  const auto r = partition::Run(lab, o);
  ASSERT_TRUE(r.error.empty()) << r.error << "\nkiosk log:\n" << partition::Tail(r.kiosk_log);
  std::cout << "[ MEASURED ] " << (local ? "local" : "silent") << " cut, " << o.partition_s << " s partition, "
            << r.records << " records (" << r.outbox_at_heal << " queued at the heal): outbox empty "
            << r.outbox_empty_ms << " ms, hub complete " << r.hub_complete_ms << " ms after the heal" << std::endl;
  ::testing::Test::RecordProperty("outbox_empty_ms", static_cast<int>(r.outbox_empty_ms));
  ::testing::Test::RecordProperty("hub_complete_ms", static_cast<int>(r.hub_complete_ms));
  // The partition really held records back (else the drain time would prove nothing).
  EXPECT_GT(r.outbox_at_heal, 0);
  EXPECT_EQ(r.missing, 0) << "records lost";
  EXPECT_EQ(r.doubled, 0) << "records without exactly one ticket";
  EXPECT_EQ(r.extra, 0) << "the hub holds records nobody queued";
  ASSERT_GE(r.outbox_empty_ms, 0) << "the outbox never drained\n" << partition::Tail(r.kiosk_log);
  ASSERT_GE(r.hub_complete_ms, 0) << "the hub never got every record";
  // The acceptance bound: under 5 s whatever the outage length.
  EXPECT_LT(r.outbox_empty_ms, 5000) << partition::Tail(r.kiosk_log);
  EXPECT_LT(r.hub_complete_ms, 5000);
}

}  // namespace

// The hub's replies vanish upstream: the terminal sees only timeouts and must find the heal by probing.
TEST(Partition, SilentCutDrainsWithinFiveSecondsOfTheHeal) { PartitionAndHeal(false, 20); }

// The terminal's own route goes away: connects fail at once, and the heal is a route change it sees.
TEST(Partition, LocalCutDrainsWithinFiveSecondsOfTheHeal) { PartitionAndHeal(true, 15); }
