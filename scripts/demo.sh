#!/usr/bin/env bash
# Quick start, part 1: set up, build, and score the bundled examples.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
echo
echo "== defuse score examples/ =="
./build/defuse score examples/ --format table || true
echo
echo "== defuse report examples/ =="
./build/defuse report examples/ --format table || true
