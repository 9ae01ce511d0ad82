#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs dependencies, builds whorl normally and with
# AddressSanitizer + UBSan, runs every test (unit, fixture, fuzz regressions, integration in
# network namespaces) in both builds, then builds the libFuzzer targets with clang and runs
# each briefly (6 s, WHORL_FUZZ_SECONDS: 23 targets, two at a time, within CI's budget;
# scripts/fuzz.sh for longer runs). Needs root for the integration tests. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs=$(nproc)

for variant in normal asan; do
  scripts/build.sh "$variant"
  dir=build; [[ $variant == asan ]] && dir=build-asan
  echo "== tests ($variant build)"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$dir" -j "$jobs" --output-on-failure --timeout 900
done

scripts/build.sh fuzz
echo "== fuzzers (clang + libFuzzer, ${WHORL_FUZZ_SECONDS:-6} s each, seed ${WHORL_FUZZ_SEED:-1})"
WHORL_FUZZ_SEED=${WHORL_FUZZ_SEED:-1} scripts/fuzz.sh "${WHORL_FUZZ_SECONDS:-6}"
echo "== all tests passed"
