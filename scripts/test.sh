#!/usr/bin/env bash
# Quick start, part 2: set up, build, and run the whole test suite (unit tests, rule
# examples, end-to-end CLI tests). CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cd "${DEFUSE_BUILD_DIR:-build}"
ctest --output-on-failure -j "$(nproc)"
