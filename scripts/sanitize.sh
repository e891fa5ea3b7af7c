#!/usr/bin/env bash
# Builds defuse with AddressSanitizer + UndefinedBehaviorSanitizer in build-asan and runs
# the whole test suite (unit and end-to-end tests) against that build. Any memory error,
# leak or undefined behaviour aborts the test that hit it.
#   scripts/sanitize.sh [CTEST_ARGS...]     e.g. scripts/sanitize.sh -R hostile
# Env: DEFUSE_ASAN_DIR (default build-asan), DEFUSE_JOBS (default: the number of cores).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${DEFUSE_ASAN_DIR:-build-asan}"
jobs="${DEFUSE_JOBS:-$(nproc)}"

# -O1 -g1: half the compile time of -O2 -g, with line numbers in the reports; a Debug build
# also keeps assert() on.
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" \
  -DDEFUSE_SANITIZE=ON >/dev/null
cmake --build "$build_dir" -j "$jobs"

# A 64 MB quarantine (not 256) still catches use-after-free and keeps memory bounds testable.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:check_initialization_order=1:strict_init_order=1:quarantine_size_mb=64}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
cd "$build_dir"
ctest --output-on-failure -j "$jobs" "$@"
