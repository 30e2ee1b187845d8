#!/usr/bin/env bash
# Idle CPU, start-up time to first frame and memory of the running kiosk with no input.
# Usage: bench/ui_idle.sh BUILD_DIR [IDLE_SECONDS]   (offscreen: SDL offscreen + Mesa llvmpipe)
# Idle CPU is sampled from /proc after a 5 s settle, so start-up is not counted. Not part of ctest.
set -euo pipefail
build=${1:?build dir}; secs=${2:-30}
kiosk="$build/kiosk/app/onestop-kiosk"
data=$(mktemp -d); trap 'kill "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT
"$kiosk" run ${KIOSK_RUN_FLAGS---offscreen} --max-seconds $((secs + 10)) --data-dir "$data" --log-level info 2>"$data/log" &
pid=$!
sleep 5
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
t0=$(ticks); s0=$(date +%s.%N)
sleep "$secs"
t1=$(ticks); s1=$(date +%s.%N)
rss=$(awk '/VmRSS/ { print $2 }' "/proc/$pid/status"); hwm=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")
first=$(grep -o 'first frame after [0-9]* ms' "$data/log" | grep -o '[0-9]*' | head -1)
echo "| idle s | CPU s used | idle CPU % of one core | first frame ms | RSS MiB | peak RSS MiB |"
echo "|---|---|---|---|---|---|"
awk -v t0="$t0" -v t1="$t1" -v hz="$hz" -v s0="$s0" -v s1="$s1" -v f="${first:-?}" -v r="$rss" -v h="$hwm" \
  'BEGIN { c = (t1 - t0) / hz; w = s1 - s0; printf "| %.1f | %.2f | %.2f | %s | %.1f | %.1f |\n", w, c, 100 * c / w, f, r / 1024, h / 1024 }'
