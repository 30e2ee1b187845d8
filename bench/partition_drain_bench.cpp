// partition_drain_bench: how long a terminal takes to drain its outbox after a network partition
// heals (issue 11 item 7), for long outages (default 60 s and 180 s). Same harness as the ctest
// (tests/integration/partition_harness.h): real kiosk in a network namespace, real hub, blackhole
// route. Needs root; prints a Markdown table for docs/benchmarks.md. Not part of ctest.
// --kiosk lets the same run measure an older onestop-kiosk binary for comparison.
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "tests/integration/partition_harness.h"

int main(int argc, char** argv) {
  std::string kiosk = ONESTOP_KIOSK_BIN_DEFAULT, hub = ONESTOP_HUB_BIN_DEFAULT, label = "this build";
  std::vector<int> partitions = {60, 180};
  int repeat = 1;
  bool local = false;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--kiosk") kiosk = v;
    else if (k == "--hub") hub = v;
    else if (k == "--label") label = v;
    else if (k == "--repeat") repeat = std::max(1, std::atoi(v.c_str()));
    else if (k == "--mode" && (v == "silent" || v == "local")) local = v == "local";
    else if (k == "--partitions") {
      partitions.clear();
      std::stringstream ss(v);
      for (std::string p; std::getline(ss, p, ',');) partitions.push_back(std::atoi(p.c_str()));
    } else {
      std::cerr << "usage: partition_drain_bench [--kiosk BIN] [--hub BIN] [--label TEXT] [--partitions 60,180] "
                   "[--repeat N] [--mode silent|local]\n"
                   "  silent: the hub's replies are blackholed on the host (the terminal sees only timeouts)\n"
                   "  local: the route to the hub is blackholed inside the terminal's namespace\n";
      return 2;
    }
  }
  std::cout << "| kiosk | cut | partition | records | queued at heal | outbox empty after heal | hub complete after heal | lost | doubled |\n"
            << "|---|---|---:|---:|---:|---:|---:|---:|---:|\n";
  int rc = 0;
  for (int p : partitions) {
    for (int r = 0; r < repeat; ++r) {
      sync_test::TempDir tmp;
      partition::Netlab lab;
      if (auto why = lab.Setup(tmp.File("")); !why.empty()) {
        std::cerr << "SKIPPED: " << why << "\n";
        return 3;
      }
      partition::Options o;
      o.kiosk_bin = kiosk;
      o.hub_bin = hub;
      o.dir = tmp.File("");
      o.partition_s = p;
      o.drain_deadline_s = 600;
      o.local_cut = local;
      const auto res = partition::Run(lab, o);
      if (!res.error.empty()) {
        std::cerr << "run failed: " << res.error << "\n" << partition::Tail(res.kiosk_log) << "\n";
        rc = 1;
        continue;
      }
      auto secs = [](int64_t ms) {
        if (ms < 0) return std::string("> deadline");
        std::ostringstream s;
        s.precision(1);
        s << std::fixed << static_cast<double>(ms) / 1000.0 << " s";
        return s.str();
      };
      std::cout << "| " << label << " | " << (local ? "local" : "silent") << " | " << p << " s | " << res.records << " | " << res.outbox_at_heal << " | "
                << secs(res.outbox_empty_ms) << " | " << secs(res.hub_complete_ms) << " | " << res.missing << " | "
                << res.doubled << " |" << std::endl;
    }
  }
  return rc;
}
