#!/usr/bin/env bash
# Installs the Debian 12 packages OneStop needs to build, test and run its demo.
# Idempotent: packages already installed are skipped, so a second run touches nothing.
# It must not build or change the repository; it only talks to apt.
set -euo pipefail

PACKAGES=(
  cmake g++ pkg-config make git
  libimgui-dev libsdl2-dev libgl-dev libopengl-dev libgles-dev libegl-dev libgl1-mesa-dri libegl-mesa0
  libfontconfig-dev libfreetype-dev
  libcurl4-openssl-dev libzxing-dev libsqlite3-dev sqlite3 libgtest-dev libgmock-dev
  libpq-dev postgresql
  nlohmann-json3-dev libcli11-dev libspdlog-dev libtomlplusplus-dev libcpp-httplib-dev libhowardhinnant-date-dev
  libsodium-dev libstb-dev libbenchmark-dev libv4l-dev libqrencode-dev
  fonts-noto-cjk fonts-wqy-microhei fonts-material-design-icons-iconfont
  xvfb xauth mesa-utils procps curl time
  libzbar-dev libdmtx-dev zbar-tools qrencode zint imagemagick
  libssl-dev zlib1g-dev openssl iproute2 libfaketime
  chromium chromium-driver python3-selenium
  libsystemd-dev systemd dpkg-dev fakeroot lintian file
  librime-dev librime-data rime-data-luna-pinyin libzinnia-dev tegaki-zinnia-simplified-chinese libespeak-ng-dev espeak-ng-data
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

echo "setup: installing ${#missing[@]} package(s): ${missing[*]}"
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "setup: need root to install packages (run as root, or install sudo): ${missing[*]}" >&2
    exit 3
  fi
fi
export DEBIAN_FRONTEND=noninteractive
# A concurrent apt (unattended-upgrades) can hold the lists lock: retry a few times.
for attempt in 1 2 3 4 5; do
  if "${SUDO[@]}" apt-get update -o DPkg::Lock::Timeout=600; then break; fi
  echo "setup: apt-get update failed (attempt $attempt), retrying" >&2; sleep 10
done
"${SUDO[@]}" apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}"
