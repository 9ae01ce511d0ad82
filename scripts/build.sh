#!/usr/bin/env bash
# Configures and builds one variant of whorl: `scripts/build.sh` (build/), `scripts/build.sh asan`
# (build-asan/, AddressSanitizer + UBSan) or `scripts/build.sh fuzz` (build-fuzz/, clang + libFuzzer).
# Incremental: a second run only rebuilds what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
variant=${1:-normal}
case "$variant" in
  normal) dir=build; flags=() ;;
  asan)   dir=build-asan; flags=(-DWHORL_SANITIZE=ON -DWHORL_BENCH=OFF) ;;
  fuzz)   dir=build-fuzz; flags=(-DWHORL_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo) ;;
  *) echo "usage: scripts/build.sh [normal|asan|fuzz]" >&2; exit 2 ;;
esac
if [[ ! -f "$dir/build.ninja" ]]; then
  cmake -S . -B "$dir" -G Ninja "${flags[@]}" >/dev/null
fi
cmake --build "$dir" -j "$(nproc)"
