#!/usr/bin/env bash
# Quick start, part 2: set up, build, and run the whole test suite (unit tests, rule
# examples, end-to-end CLI tests), then the same suite under AddressSanitizer and
# UndefinedBehaviorSanitizer (scripts/sanitize.sh), then each fuzz target for a few seconds
# (scripts/fuzz.sh). CI runs exactly this.
#   DEFUSE_SANITIZE_SUITE=0   skip the sanitizer build and run
#   DEFUSE_FUZZ_SECONDS=N     seconds per fuzz target (default 10; 0 skips fuzzing)
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
(cd "${DEFUSE_BUILD_DIR:-build}" && ctest --output-on-failure -j "$(nproc)")
if [ "${DEFUSE_SANITIZE_SUITE:-1}" != 0 ]; then
  echo "test: the suite again under AddressSanitizer + UndefinedBehaviorSanitizer"
  ./scripts/sanitize.sh
fi
if [ "${DEFUSE_FUZZ_SECONDS:-10}" != 0 ]; then
  echo "test: fuzzing each target for ${DEFUSE_FUZZ_SECONDS:-10} s"
  ./scripts/fuzz.sh "${DEFUSE_FUZZ_SECONDS:-10}"
fi
