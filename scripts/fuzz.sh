#!/usr/bin/env bash
# Runs every libFuzzer target in build-fuzz/ for N seconds (default 60) on a scratch copy of
# its regression corpus. New crashers are left in out/fuzz/<target>/ to be added to
# tests/fuzz/regressions/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shopt -s nullglob
status=0
for bin in build-fuzz/tests/fuzz/fuzz_*; do
  name=${bin##*/fuzz_}
  work=out/fuzz/$name
  rm -rf "$work/corpus"; mkdir -p "$work/corpus"
  cp -r tests/fuzz/regressions/"$name"/. "$work/corpus/" 2>/dev/null || true
  if ! "$bin" -max_total_time="$seconds" -artifact_prefix="$work/" -print_final_stats=0 \
       "$work/corpus" >"$work/log" 2>&1; then
    echo "fuzz_$name: FAILED (see $work/log and $work/crash-*)"; status=1
  else
    echo "fuzz_$name: $(grep -E '^#[0-9]+' "$work/log" | tail -1 | awk '{print $1, $2, $3}')"
  fi
done
exit $status
