#!/usr/bin/env bash
# Installs what defuse needs on Debian 12 (apt-get, with sudo when not root), then
# configures and builds it in ./build. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  g++ cmake ninja-build pkg-config               # toolchain
  libicu-dev libyaml-cpp-dev libfmt-dev          # normalization, lexicons, output
  libcli11-dev doctest-dev libstemmer-dev        # flags, tests, Russian/Spanish/English stems
  libsimdjson-dev libboost-dev libboost-math-dev # JSON input, statistics for compare
  hunspell-en-us hunspell-en-gb hunspell-es hunspell-ru  # word lists for reading typos
  libbenchmark-dev ripgrep parallel python3 time # benchmarks, baselines, shard recipe, peak RSS
  python3-yaml                                   # eval/strip_roles.py reads lexicons/roles.yaml
  chromium man-db                                # HTML report test, man page check
  clang libclang-rt-14-dev libfuzzer-14-dev      # fuzz targets (scripts/fuzz.sh)
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

build_type="${DEFUSE_BUILD_TYPE:-Release}"
build_dir="${DEFUSE_BUILD_DIR:-build}"
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" ${DEFUSE_CMAKE_ARGS:-} >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
