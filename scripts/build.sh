#!/usr/bin/env bash
# Configures and builds one variant of whorl: `scripts/build.sh` (build/), `scripts/build.sh asan`
# (build-asan/, AddressSanitizer + UBSan) or `scripts/build.sh fuzz` (build-fuzz/, clang + libFuzzer).
# Incremental: a second run only rebuilds what changed. Unity builds (sources compiled as
# one) keep a clean build of all three variants within CI's budget on 2 cores;
# WHORL_UNITY=0 turns them off for a directory configured afresh.
set -euo pipefail
cd "$(dirname "$0")/.."
variant=${1:-normal}
case "$variant" in
  normal) dir=build; flags=() ;;
  asan)   dir=build-asan; flags=(-DWHORL_SANITIZE=ON -DWHORL_BENCH=OFF) ;;
  fuzz)   dir=build-fuzz; flags=(-DWHORL_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo) ;;
  *) echo "usage: scripts/build.sh [normal|asan|fuzz]" >&2; exit 2 ;;
esac
# The normal build compiles each layer as one unit (batch size 0): the passive pipeline's
# per-packet path then inlines across its files (a few per cent of its run time, without
# the cost of link-time optimisation, which doubled the build); the sanitizer and fuzz
# builds keep batches of 16.
batch=16; [[ $variant == normal ]] && batch=0
[[ ${WHORL_UNITY:-1} == 1 ]] && flags+=(-DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=$batch)
# Line tables only (-g1): enough for sanitizer reports, backtraces and profiles, and a
# quarter less compile time than full debug information. Configure a directory yourself
# for -g.
flags+=(-DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG")
if [[ ! -f "$dir/build.ninja" ]]; then
  cmake -S . -B "$dir" -G Ninja "${flags[@]}" >/dev/null
fi
# The fuzz variant builds the libFuzzer binaries and what they link, not the tools.
targets=(); [[ $variant == fuzz ]] && targets=(--target fuzzers)
cmake --build "$dir" -j "$(nproc)" "${targets[@]}"
