#!/usr/bin/env bash
# Renders the bedside kiosk's screenshots with `onestop-kiosk screenshot` (offscreen, fixed demo state).
# Default: the README's set into docs/screenshots/. `--all DIR`: every screen at 1280x800 and 800x1280,
# in zh-Hans, zh-Hant and en, with normal text, large text and in elder mode, into DIR (for looking
# at every layout; not committed). It only renders; the console's screenshots come from the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${ONESTOP_KIOSK_BIN:-build/ci/kiosk/app/onestop-kiosk}
[ -x "$BIN" ] || { echo "screenshots: build $BIN first (cmake --build build/ci --target onestop-kiosk)" >&2; exit 2; }
export SDL_VIDEODRIVER=offscreen

shot() {  # out, then screenshot arguments
  local out=$1; shift
  "$BIN" screenshot "$@" --out "$out" >/dev/null 2>&1 || { echo "screenshots: failed: $* -> $out" >&2; exit 1; }
}

if [ "${1:-}" = "--all" ]; then
  dir=${2:?"--all needs a directory"}
  mkdir -p "$dir"
  # A wrong screen name makes the tool list every screen it knows.
  screens=$("$BIN" screenshot --screen '?' --out /dev/null 2>&1 | sed -n 's/.*; screens: *//p' || true)
  [ -n "$screens" ] || { echo "screenshots: cannot list the screens" >&2; exit 1; }
  for s in $screens; do
    for l in zh-Hans zh-Hant en; do
      for size in normal large elder; do
        case $size in normal) flag=(--text-size normal) ;; large) flag=(--text-size large) ;; elder) flag=(--elder) ;; esac
        shot "$dir/$s-$l-$size-land.png" --screen "$s" --lang "$l" "${flag[@]}"
        shot "$dir/$s-$l-$size-port.png" --screen "$s" --lang "$l" "${flag[@]}" --width 800 --height 1280
      done
    done
  done
  echo "screenshots: $(ls "$dir"/*.png | wc -l) PNGs in $dir"
  exit 0
fi

out=docs/screenshots
for l in zh-Hans zh-Hant en; do
  for s in meals menu my_meals; do shot "$out/$s-$l.png" --screen "$s" --lang "$l"; done
done
for s in scan repair requests to_rate rate; do shot "$out/$s-en.png" --screen "$s" --lang en; done
echo "screenshots: README set written to $out"
