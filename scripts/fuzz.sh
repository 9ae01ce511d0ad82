#!/usr/bin/env bash
# Runs every libFuzzer target in build-fuzz/ for N seconds (default 60) on a scratch copy of
# its regression corpus, as many targets at once as there are CPUs. New crashers are left in
# out/fuzz/<target>/ to be added to tests/fuzz/regressions/<target>/.
# WHORL_FUZZ_SEED fixes libFuzzer's seed (scripts/test.sh sets one, so that a CI run can be
# replayed); unset, every run explores anew: do that, for longer, to look for new crashers.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
export WHORL_FUZZ_SEED=${WHORL_FUZZ_SEED:-}
shopt -s nullglob

fuzz_one() {  # build-fuzz/tests/fuzz/fuzz_NAME SECONDS
  local bin=$1 seconds=$2 name work
  name=${bin##*/fuzz_}
  work=out/fuzz/$name
  rm -rf "$work/corpus"; mkdir -p "$work/corpus"
  cp -r tests/fuzz/regressions/"$name"/. "$work/corpus/" 2>/dev/null || true
  local seed=(); [[ -n $WHORL_FUZZ_SEED ]] && seed=(-seed="$WHORL_FUZZ_SEED")
  if ! "$bin" -max_total_time="$seconds" "${seed[@]}" -artifact_prefix="$work/" -print_final_stats=0 \
       "$work/corpus" >"$work/log" 2>&1; then
    echo "fuzz_$name: FAILED (see $work/log and $work/crash-*)"
    return 1
  fi
  echo "fuzz_$name: $(grep -E '^#[0-9]+' "$work/log" | tail -1 | awk '{print $1, $2, $3}')"
}
export -f fuzz_one

targets=(build-fuzz/tests/fuzz/fuzz_*)
[[ ${#targets[@]} -gt 0 ]] || { echo "no fuzz targets in build-fuzz/ (scripts/build.sh fuzz)" >&2; exit 1; }
printf '%s\n' "${targets[@]}" | xargs -P "$(nproc)" -I{} bash -c 'fuzz_one "$1" "$2"' _ {} "$seconds"
