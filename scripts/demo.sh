#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, starts a local onestop-hub with the
# demo hospital, and runs the kiosk against it (bedside demo; DEMO_ROLE=ward for the ward kiosk,
# where nurses sign in). Closing the kiosk stops the hub.
# Extra arguments go to `onestop-kiosk run` (e.g. --fullscreen, --max-seconds 20).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset dev >/dev/null
cmake --build --preset dev --target onestop-kiosk onestop-hub

data=build/demo
mkdir -p "$data"
# Port 0: the hub picks a free port and prints "listening HOST:PORT".
build/dev/server/onestop-hub serve --listen 127.0.0.1:0 --db "$data/hub.db" --demo-data >"$data/hub.out" 2>"$data/hub.log" &
hub_pid=$!
trap 'kill "$hub_pid" 2>/dev/null || true; wait "$hub_pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q '^listening ' "$data/hub.out" 2>/dev/null && break
  kill -0 "$hub_pid" 2>/dev/null || { echo "demo: the hub did not start; see $data/hub.log" >&2; exit 3; }
  sleep 0.1
done
hub_url="http://$(sed -n 's/^listening //p' "$data/hub.out" | head -1)"
echo "demo: hub at $hub_url (log: $data/hub.log)"
echo "demo: service desk console at $hub_url/console/  (sign in: desk / onestop-demo; workers s0001, s0025, ... on a phone)"

role=${DEMO_ROLE:-bedside}
case "$role" in bedside|ward) ;; *) echo "demo: DEMO_ROLE must be bedside or ward" >&2; exit 2 ;; esac
# Each role has its own terminal store (enrollment binds it for good) and a one-line config.
printf '[terminal]\nrole = "%s"\n' "$role" >"$data/$role.toml"
run=(build/dev/kiosk/app/onestop-kiosk --config "$data/$role.toml" run --demo --hub "$hub_url"
     --data-dir "$data/kiosk-$role" "$@")
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${SDL_VIDEODRIVER:-}" ]; then
  # No screen attached (SSH, CI): run in a virtual X server so the demo still starts.
  echo "demo: no display found; running under xvfb-run (set DISPLAY to see the window)"
  xvfb-run -a -s "-screen 0 1280x800x24" "${run[@]}"
else
  "${run[@]}"
fi
