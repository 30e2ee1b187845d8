#!/usr/bin/env bash
# Installs what is missing, builds with the CI preset (warnings are errors) and runs every test.
# Exits non-zero when any step or any test fails; it must never hide a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --workflow --preset ci
