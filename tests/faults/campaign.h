// Fault campaign (issue 18 item 5): headless terminals in their own network namespaces against two
// hub processes on one database, while terminals order, report and rate and a desk moves tickets;
// random partitions, kill -9 and SIGSTOP of terminals and hubs, database restarts and clock skew.
// After healing, a checker proves nothing accepted was lost or doubled and every store converged.
// Test/bench only: it must never touch addresses, routes or processes it did not create.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace faults {

struct Options {
  std::string kiosk_bin, hub_bin;
  std::string dir;  // scratch directory (exists, empty)
  // "" = a SQLite file in dir; otherwise the hub's --db (e.g. postgresql://...) of an empty database.
  std::string db;
  // Restarts the database server (PostgreSQL); null = the database cannot be restarted here.
  std::function<bool()> restart_db;
  int terminals = 5;
  int hubs = 2;
  int fault_seconds = 30;     // faults and workload run this long, then everything heals
  int drain_deadline_s = 120; // heal -> drained and converged, or the run counts stuck terminals
  uint64_t seed = 1;
};

struct Result {
  std::string error;                 // the campaign could not run (set-up), not a verdict
  std::map<std::string, int> faults; // kind -> how often injected
  int records = 0;                   // accepted by a terminal (the CLI printed a record id)
  int refused = 0;                   // refused by a terminal's own validation (never queued)
  int desk_moves = 0;
  int lost = 0;        // accepted by a terminal, absent at the hub
  int duplicated = 0;  // a record that made two tickets or two ratings
  int stuck = 0;       // terminals whose outbox did not drain by the deadline
  int diverged = 0;    // terminals whose store differs from the hub's state for their scope
  int dead_letters = 0;
  int outbox_at_heal = 0;  // records still queued on the terminals when the faults ended
  int64_t drain_ms = -1;  // heal -> every outbox empty and every store converged (-1: not by the deadline)
  std::vector<std::string> problems;  // what the checker found, in words

  int FaultCount() const;
  bool Clean() const { return error.empty() && lost == 0 && duplicated == 0 && stuck == 0 && diverged == 0; }
  std::string Json() const;  // one line
};

// Empty = namespaces, veth pairs and routes can be made here; otherwise why not (for a loud skip).
std::string CanRun();

Result RunCampaign(const Options& o);

}  // namespace faults
