#!/usr/bin/env bash
# Builds the Debian packages onestop-hub and onestop-kiosk (CPack, DEB) and checks them with lintian.
#   scripts/package.sh                 # release build (preset "package": hardened flags) -> build/package/packages/*.deb
#   scripts/package.sh --tree DIR      # package an already built tree (ctest does this with build/ci)
# Fails when the build, cpack or lintian (errors and warnings, minus the documented overrides) fails.
# It never installs the packages; see scripts/install-test.sh for a fresh Debian 12 root.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=$(pwd)

TREE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --tree) TREE=$2; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "package: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [ -z "$TREE" ]; then
  scripts/setup.sh
  cmake --preset package
  cmake --build --preset package --target onestop-hub onestop-kiosk onestop_pkg_changelog
  TREE=$SRC/build/package
fi
TREE=$(cd "$TREE" && pwd)

rm -rf "$TREE/packages"
# cpack installs each component into a staging root; the targets are already built.
(cd "$TREE" && cpack -G DEB -B "$TREE/packages" > "$TREE/packages.log" 2>&1) || { cat "$TREE/packages.log" >&2; exit 1; }
rm -rf "$TREE/packages/_CPack_Packages"
ls -l "$TREE"/packages/*.deb

# Hardening tags only hold for the hardened release build: a developer tree (ci, dev) is built
# without _FORTIFY_SOURCE and -z now, so its packages are linted without those two tags.
SUPPRESS="--suppress-tags hardening-no-fortify-functions,hardening-no-bindnow"
if grep -q '^ONESTOP_PACKAGE_BUILD:BOOL=ON' "$TREE/CMakeCache.txt" 2>/dev/null; then SUPPRESS=""; fi
if command -v lintian >/dev/null 2>&1; then
  # --fail-on warning: errors and warnings fail; info and pedantic tags are printed only.
  # shellcheck disable=SC2086
  lintian --fail-on error,warning --tag-display-limit 0 $SUPPRESS "$TREE"/packages/*.deb
  echo "package: lintian clean (documented overrides in packaging/*.lintian-overrides)"
else
  echo "package: lintian is not installed (scripts/setup.sh installs it)" >&2
  exit 3
fi
