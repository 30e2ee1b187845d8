#!/usr/bin/env bash
# Opt-in (not in CI: it downloads a Debian 12 base system, several minutes): installs the built
# packages into a fresh Debian 12 root made by debootstrap and checks users, files, permissions,
# the database migration and a backup there. Needs root, debootstrap and a reachable Debian mirror.
#   scripts/package.sh && scripts/install-test.sh [build/package/packages] [ROOT_DIR]
# It never touches this machine outside ROOT_DIR (default: a new temporary directory, removed after).
set -euo pipefail
cd "$(dirname "$0")/.."
PKGS=${1:-build/package/packages}
ROOT=${2:-}
MIRROR=${ONESTOP_DEBIAN_MIRROR:-http://deb.debian.org/debian}
[ "$(id -u)" -eq 0 ] || { echo "install-test: run as root (debootstrap and chroot need it)" >&2; exit 3; }
command -v debootstrap >/dev/null || { echo "install-test: apt-get install debootstrap" >&2; exit 3; }
ls "$PKGS"/onestop-hub_*.deb "$PKGS"/onestop-kiosk_*.deb >/dev/null

KEEP=1
if [ -z "$ROOT" ]; then ROOT=$(mktemp -d /var/tmp/onestop-root.XXXXXX); KEEP=0; fi
cleanup() {
  for m in proc sys dev/pts dev; do umount "$ROOT/$m" 2>/dev/null || true; done
  if [ "$KEEP" -eq 0 ]; then rm -rf "$ROOT"; fi
}
trap cleanup EXIT

if [ ! -x "$ROOT/bin/sh" ]; then
  echo "install-test: debootstrap bookworm into $ROOT (minbase + systemd)"
  debootstrap --variant=minbase --include=systemd,passwd,sqlite3 bookworm "$ROOT" "$MIRROR" > "$ROOT.debootstrap.log" 2>&1 \
    || { tail -20 "$ROOT.debootstrap.log" >&2; exit 3; }
fi
mount -t proc proc "$ROOT/proc"; mount --bind /dev "$ROOT/dev"; mount -t devpts devpts "$ROOT/dev/pts"; mount -t sysfs sys "$ROOT/sys"
echo "deb $MIRROR bookworm main" > "$ROOT/etc/apt/sources.list"
cp "$PKGS"/onestop-hub_*.deb "$PKGS"/onestop-kiosk_*.deb "$ROOT/tmp/"
# apt resolves the computed dependencies (libraries, cage, fonts) from the mirror, like a real install.
chroot "$ROOT" sh -c 'apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends /tmp/onestop-hub_*.deb /tmp/onestop-kiosk_*.deb' \
  > "$ROOT.apt.log" 2>&1 || { tail -30 "$ROOT.apt.log" >&2; exit 1; }

fail=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=$((fail + 1)); fi; }
in_root() { chroot "$ROOT" sh -c "$1"; }
check "user onestop-hub exists with no shell" "in_root 'getent passwd onestop-hub | grep -q :/usr/sbin/nologin\$'"
check "user onestop-kiosk exists with no shell" "in_root 'getent passwd onestop-kiosk | grep -q :/usr/sbin/nologin\$'"
check "onestop-kiosk may use video and input" "in_root 'id -nG onestop-kiosk | grep -qw video && id -nG onestop-kiosk | grep -qw input'"
check "hub.toml root:onestop-hub 0640" "[ \"\$(in_root 'stat -c %U:%G:%a /etc/onestop/hub.toml')\" = root:onestop-hub:640 ]"
check "kiosk state dir 0700 onestop-kiosk" "[ \"\$(in_root 'stat -c %U:%a /var/lib/onestop-kiosk')\" = onestop-kiosk:700 ]"
check "hub service enabled" "in_root 'test -L /etc/systemd/system/multi-user.target.wants/onestop-hub.service'"
check "kiosk session not enabled before enrollment" "in_root '! test -e /etc/systemd/system/graphical.target.wants/onestop-kiosk.service'"
# Without a running systemd the StateDirectory is made by hand, as systemd would at start.
in_root 'install -d -m 0700 -o onestop-hub -g onestop-hub /var/lib/onestop-hub'
check "hub creates its database as onestop-hub" "in_root 'runuser -u onestop-hub -- onestop-hub --config /etc/onestop/hub.toml migrate' >/dev/null"
check "database is owner-only" "[ \"\$(in_root 'stat -c %U:%a /var/lib/onestop-hub/hub.db')\" = onestop-hub:600 ]"
check "backup as onestop-hub" "in_root 'runuser -u onestop-hub -- onestop-hub --config /etc/onestop/hub.toml backup --out /var/lib/onestop-hub/b.db' >/dev/null"
check "reinstall (upgrade path) runs migrate in postinst" "in_root 'dpkg -i /tmp/onestop-hub_*.deb' >/dev/null 2>&1"
check "a newer database makes the upgrade fail loudly" \
  "in_root 'sqlite3 /var/lib/onestop-hub/hub.db \"PRAGMA user_version=99\"; ! dpkg -i /tmp/onestop-hub_*.deb >/dev/null 2>&1'"
check "purge keeps the database" "in_root 'dpkg --purge onestop-hub >/dev/null 2>&1; test -f /var/lib/onestop-hub/hub.db'"
check "systemd-analyze verify in the root" "in_root 'systemd-analyze verify /lib/systemd/system/onestop-kiosk.service'"
echo "install-test: $fail failed"
[ "$fail" -eq 0 ]
