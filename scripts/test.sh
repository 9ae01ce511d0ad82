#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs dependencies, builds whorl normally and with
# AddressSanitizer + UBSan, runs every test (unit, fixture, fuzz regressions, integration in
# network namespaces) in both builds, then builds the libFuzzer targets with clang and runs
# each briefly (6 s, WHORL_FUZZ_SECONDS, two at a time; scripts/fuzz.sh for longer runs).
# Needs root for the integration tests. Idempotent.
# The sanitizer and fuzz builds run in the background from the start, at low priority
# (nice 10 and 19): they take the CPU that the normal build leaves and that the tests, which
# mostly wait on network namespaces, tools and timeouts, do not use. Each variant's tests
# start when its build is done, the fuzzers when the asan tests are; a background build's
# output (out/ci/build-VARIANT.log) is printed then. ctest runs one test more than there are
# CPUs: most tests wait on namespaces, Nmap and timeouts. docs/decisions/0028-ci-build-time.md.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs=$(nproc)

mkdir -p out/ci
declare -A builds=()
start_build() {  # VARIANT NICENESS: scripts/build.sh VARIANT in the background
  # In its own process group (set -m) for stop_builds, but in this session: with the
  # kernel's autogroup scheduling, niceness counts only within a session (no setsid).
  set -m
  nice -n "$2" scripts/build.sh "$1" >"out/ci/build-$1.log" 2>&1 &
  builds[$1]=$!
  set +m
}
finish_build() {  # VARIANT: waits for its background build and prints its output
  local status=0
  wait "${builds[$1]}" || status=$?
  unset "builds[$1]"
  echo "== build ($1, in the background)"
  cat "out/ci/build-$1.log"
  return "$status"
}
stop_builds() {  # on any exit: no background build outlives the run
  local pid
  for pid in "${builds[@]}"; do kill -- "-$pid" 2>/dev/null || true; done
}
trap stop_builds EXIT

start_build asan 10
start_build fuzz 19
scripts/build.sh normal
for variant in normal asan; do
  dir=build
  if [[ $variant == asan ]]; then
    dir=build-asan
    finish_build asan
  fi
  echo "== tests ($variant build)"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$dir" -j "$((jobs + 1))" --output-on-failure --timeout 900
done

finish_build fuzz
echo "== fuzzers (clang + libFuzzer, ${WHORL_FUZZ_SECONDS:-6} s each, seed ${WHORL_FUZZ_SEED:-1})"
WHORL_FUZZ_SEED=${WHORL_FUZZ_SEED:-1} scripts/fuzz.sh "${WHORL_FUZZ_SECONDS:-6}"
echo "== all tests passed"
