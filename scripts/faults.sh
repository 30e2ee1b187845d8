#!/usr/bin/env bash
# Fault campaigns (issue 18 item 5): runs N campaigns (default 10) of terminals in network namespaces
# against two hub processes, then prints the record (runs, faults, records, lost, duplicated, stuck,
# diverged, max drain). Usage: scripts/faults.sh [N] [--seconds S] [--db URL] [--seed K] ...
# Needs root (namespaces). It builds only the campaign runner and the binaries it drives.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"
[[ $# -gt 0 ]] && shift
if ! [[ "$runs" =~ ^[0-9]+$ ]] || (( runs < 1 )); then
  echo "faults.sh: N must be a positive integer (got '$runs')" >&2
  exit 2
fi
build="${ONESTOP_BUILD_DIR:-build/ci}"
[[ -f "$build/CMakeCache.txt" ]] || cmake --preset ci >/dev/null
cmake --build "$build" --target onestop-fault-campaign onestop-hub onestop-kiosk -j"$(nproc)" >/dev/null
export ONESTOP_HUB_BIN="$build/server/onestop-hub"
export ONESTOP_KIOSK_BIN="$build/kiosk/app/onestop-kiosk"
exec "$build/tests/onestop-fault-campaign" --runs "$runs" "$@"
