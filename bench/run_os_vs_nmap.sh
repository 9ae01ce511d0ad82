#!/usr/bin/env bash
# Whole-process benchmark, whorl against Nmap 7.93 on the same lab host (a Linux persona,
# one open port 22, closed 81): OS detection with --max-os-tries 1, and with the default
# five tries (this host never matches perfectly, so both run all five rounds). Reports the
# median wall time of N runs of each and the ratio whorl/Nmap. Needs root; run from the
# repository root after scripts/build.sh. Usage: bench/run_os_vs_nmap.sh [runs] [persona]
set -euo pipefail
runs=${1:-5}
persona=${2:-linux}
exec build/whorl-lab --persona "$persona" --open 22 -- bash -c '
  runs='"$runs"'
  median() { sort -n | awk "{a[NR]=\$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}"; }
  time_of() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
  report() {
    local label=$1; shift
    local w n
    w=$(for i in $(seq "$runs"); do time_of build/whorl -n -Pn -O "$@" {host}; done | median)
    n=$(for i in $(seq "$runs"); do time_of nmap -n -Pn -O "$@" {host}; done | median)
    printf "%-34s whorl %6.2f s   nmap %6.2f s   ratio %.2f\n" "$label" "$w" "$n" "$(echo "$w / $n" | bc -l)"
  }
  echo "OS detection, one lab host ('"$persona"'), median of $runs runs each"
  report "-p22,81 --max-os-tries 1" -p22,81 --max-os-tries 1
  report "-p22,81 (5 tries, no exact match)" -p22,81
  report "top 1000 ports, --max-os-tries 1" --max-os-tries 1
'
