// Hub processes for the load driver: starts `onestop-hub serve` children on one database (or
// attaches to running ones), reads their RSS, threads and CPU time from /proc, and stops them.
// It never touches the database itself: every backend (--db path or postgresql://) is the hub's business.
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace onestop::bench {

struct HubProc {
  pid_t pid = 0;  // 0 = attached by address only (no /proc readings)
  int port = 0;
  bool owned = false;
};

struct ProcStat {
  int64_t rss_kib = 0;
  int threads = 0;
  double cpu_s = 0;  // user + system
};

// Starts `bin serve --listen 127.0.0.1:0 --db DB [--demo-data] extra...` and waits for its
// "listening host:port" line (up to timeout_s). Returns pid 0 with *error on failure.
HubProc StartHub(const std::string& bin, const std::string& db, bool demo_data, const std::vector<std::string>& extra,
                 const std::string& log_path, int timeout_s, std::string* error);
void StopHub(HubProc& h);
ProcStat ReadProc(pid_t pid);
std::string LoadAverage();  // /proc/loadavg's first three fields

}  // namespace onestop::bench
