#!/usr/bin/env bash
# Soak of the offline spine: runs N kill -9 trials (default 500) of the kiosk's enqueue and sync
# against a real hub, checking that every accepted record reaches the hub exactly once.
# Usage: scripts/soak.sh [N] [SEED]   (build dir: $ONESTOP_BUILD_DIR, default build/dev)
# It only reads the build; it never rebuilds or touches other areas' files.
set -euo pipefail
cd "$(dirname "$0")/.."
trials="${1:-500}"
seed="${2:-}"
build="${ONESTOP_BUILD_DIR:-build/dev}"
test_bin="$build/tests/sync_integration_tests"
export ONESTOP_HUB_BIN="${ONESTOP_HUB_BIN:-$build/server/onestop-hub}"
export ONESTOP_KIOSK_BIN="${ONESTOP_KIOSK_BIN:-$build/kiosk/app/onestop-kiosk}"
for f in "$test_bin" "$ONESTOP_HUB_BIN" "$ONESTOP_KIOSK_BIN"; do
  if [[ ! -x "$f" ]]; then
    echo "soak.sh: $f not found; build first: cmake --build $build --target sync_integration_tests" >&2
    exit 3
  fi
done
if ! [[ "$trials" =~ ^[0-9]+$ ]] || (( trials < 1 )); then
  echo "soak.sh: N must be a positive integer (got '$trials')" >&2
  exit 2
fi
export ONESTOP_KILL9_TRIALS="$trials"
[[ -n "$seed" ]] && export ONESTOP_KILL9_SEED="$seed"
echo "soak: $trials kill -9 trials${seed:+ (seed $seed)}" >&2
exec "$test_bin" --gtest_filter='SyncKill9.*'
