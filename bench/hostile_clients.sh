#!/usr/bin/env bash
# Hub under hostile clients: runs the attacks of the security suite (tests/integration/security_hub_test.cpp)
# against this build's onestop-hub and, with --peer HUB_BIN, against another build of it in the same
# run, and prints the measured lines (peak memory above idle, honest-client latency). Loopback only.
# It never asserts: the suite does; this only reports numbers for docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build/ci}
PEER=""
if [ "${1:-}" = "--peer" ]; then PEER=$2; fi
FILTER='HostileClients.GzipBomb*:HostileClients.Chunked*:HostileClients.Endless*:HostileClients.Slowloris*'

run() {  # $1 label, $2 hub binary
  echo "== $1 ($2)"
  ONESTOP_HUB_BIN=$(realpath "$2") timeout 900 "$BUILD/tests/security_hub_tests" --gtest_filter="$FILTER" 2>&1 |
    grep -E 'above idle|stopped reading|slow connections open' || true
}

run "this build" "$BUILD/server/onestop-hub"
if [ -n "$PEER" ]; then run "peer" "$PEER"; fi
