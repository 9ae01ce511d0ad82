#!/usr/bin/env bash
# Peak memory of a scan over a long target list, whorl beside Nmap: -iL lists of N lines
# of the lab's /24 (4,000 lines: 1,024,000 addresses; 64,000 lines: 16,384,000), scanned in
# a lab namespace (whorl-lab: only 198.51.100.0/24 on the lab's own link is probed) for
# SECONDS seconds, then stopped with SIGINT. Reports each program's peak resident memory
# (VmHWM) at that point and how many hosts it had reported: memory that follows the work
# done, not the list's length, and a scan that starts at once.
#
#   bench/run_targets_memory.sh            (after building into build/)
#   LINES="4000 64000" SECONDS_EACH=5 BUILD=build bench/run_targets_memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
lines_list=${LINES:-4000 64000}
seconds=${SECONDS_EACH:-5}
[ -x "$build/whorl" ] && [ -x "$build/whorl-lab" ] || { echo "build first: $build/whorl" >&2; exit 1; }
work=$(mktemp -d /tmp/whorl-bench-targets.XXXXXX)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"

# One program on one list, inside the lab's scanner namespace: "peak-KiB hosts-reported".
measure() {  # list -- command...
  local list=$1; shift 2
  LIST=$list SECS=$seconds "$build/whorl-lab" --open 22 -- sh -c '
    "$@" -n -Pn -p 22 --max-retries 0 -iL "$LIST" > "$LIST.out" 2>/dev/null & p=$!
    sleep "$SECS"; peak=$(awk "/^VmHWM:/ {print \$2}" /proc/$p/status)
    kill -INT $p; wait $p 2>/dev/null || true
    echo "$peak $(grep -c "scan report for" "$LIST.out")"' sh "$@" 2>/dev/null | tail -1
}

printf "%-10s %12s %-8s %12s %16s\n" "lines" "addresses" "program" "peak RSS" "hosts reported"
for n in $lines_list; do
  list=$work/targets-$n.txt
  awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) print "198.51.100.0/24" }' > "$list"
  for prog in whorl nmap; do
    cmd=$build/whorl; [[ $prog == nmap ]] && cmd=nmap
    read -r peak hosts < <(measure "$list" -- "$cmd")
    printf "%-10s %12s %-8s %9.1f MiB %16s\n" "$n" "$((n * 256))" "$prog" "$(echo "$peak / 1024" | bc -l)" "$hosts"
  done
done
echo "(each run stopped after $seconds s; hosts reported: in the normal output by then)"
