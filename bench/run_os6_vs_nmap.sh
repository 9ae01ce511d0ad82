#!/usr/bin/env bash
# Whole-process benchmark of IPv6 OS detection, whorl against Nmap 7.93 side by side on
# the same lab hosts (Linux, port 22 open, 81 closed, over 2001:db8::/64): `-6 -Pn -O`
# with one host and with 32 hosts, --max-os-tries 1 and the default. Reports the median
# wall time of N runs of each and the ratio whorl/Nmap. Needs root; run from the
# repository root after scripts/build.sh. Usage: bench/run_os6_vs_nmap.sh [runs]
set -euo pipefail
runs=${1:-3}
exec build/whorl-lab --hosts 32 --open 22 -- bash -c '
  runs='"$runs"'
  list=$(mktemp); trap "rm -f $list" EXIT
  for i in $(seq 2 33); do printf "2001:db8::%x\n" "$i"; done > "$list"
  median() { sort -n | awk "{a[NR]=\$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}"; }
  time_of() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
  report() {
    local label=$1; shift
    local w n
    w=$(for i in $(seq "$runs"); do time_of build/whorl -6 -n -Pn -O -p22,81 "$@"; done | median)
    n=$(for i in $(seq "$runs"); do time_of nmap -6 -n -Pn -O -p22,81 "$@"; done | median)
    printf "%-34s whorl %6.2f s   nmap %6.2f s   ratio %.2f\n" "$label" "$w" "$n" "$(echo "$w / $n" | bc -l)"
  }
  echo "IPv6 OS detection (-6 -n -Pn -O -p22,81), lab Linux hosts, median of $runs runs each"
  report "1 host, --max-os-tries 1" --max-os-tries 1 2001:db8::2
  report "1 host, default tries" 2001:db8::2
  report "32 hosts, --max-os-tries 1" --max-os-tries 1 -iL "$list"
  report "32 hosts, default tries" -iL "$list"
'
