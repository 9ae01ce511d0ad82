#!/usr/bin/env bash
# Regenerates tests/fixtures/nmap-scan/<case>/: what Nmap 7.93 itself writes for
# `nmap -Pn -O` against lab hosts with open, closed and filtered ports, in every output
# format. For each case it keeps
#   stdout.txt   nmap's standard output
#   nmap.nmap    normal output (-oN)
#   nmap.xml     XML output (-oX)
#   nmap.gnmap   grepable output (-oG)
#   case.txt     how the hosts were set up and the exact nmap command line
# tests/unit/report/scan_writers_golden_test.cpp rebuilds a ScanReport from nmap.xml and
# requires whorl's writers to print what nmap printed.
#
# Network rule: packets go only between namespaces made here. The scanner namespace holds
# a bridge (198.51.100.1/24) and no default route; each target host is a namespace with
# one veth leg on that bridge (198.51.100.2, .3, ...). Namespace names carry a unique
# prefix and are removed on exit, even on failure.
#
# Usage (root): tools/gen-nmap-scan-fixtures.sh [--list] [CASE...]   (default: all)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
out_root=${OUT:-$repo/tests/fixtures/nmap-scan}
prefix="whorlsc$$"
scanner_ns="$prefix-s"
listener_pids=()
host_namespaces=()
description=""

# 40 and 30 ports from Nmap's top 1000, for "many filtered" (more than 25 in one state).
drop40="1,3,4,6,7,9,13,17,19,20,21,22,23,24,25,26,30,32,33,37,42,43,49,53,70,79,81,82,83,84,85,88,89,90,99,100,106,109,110,111"
reject30="1021-1050"

# A host: sysctls (k=v,...) / listening TCP ports / dropped TCP ports / TCP ports answered
# with ICMP admin-prohibited / "all" to drop every incoming TCP segment ("-" for none).
# "absent" is an address on the bridge that nobody answers (a down host). Hosts of one
# case are joined with '+'.
# name | hosts | extra nmap options | "ping" to run host discovery (no -Pn)
cases=(
  "open-closed|-/80/-/-/-|"
  "open-closed-perfect|net.ipv4.tcp_timestamps=2/80/-/-/-|"
  "open-closed-perfect-v|net.ipv4.tcp_timestamps=2/80/-/-/-|-v"
  "filtered-few|net.ipv4.tcp_timestamps=2/22,80/443,3389,8080/-/-|"
  "filtered-few-reason|net.ipv4.tcp_timestamps=2/22,80/443,3389,8080/-/-|--reason"
  "filtered-few-open|net.ipv4.tcp_timestamps=2/22,80/443,3389,8080/-/-|--open"
  "filtered-many|net.ipv4.tcp_timestamps=2/80/$drop40/-/-|"
  "filtered-many-v-reason|net.ipv4.tcp_timestamps=2/80/$drop40/-/-|-v --reason"
  "filtered-mixed|net.ipv4.tcp_timestamps=2,net.ipv4.icmp_ratelimit=0/80/$drop40/$reject30/-|"
  "filtered-mixed-vv-reason|net.ipv4.tcp_timestamps=2,net.ipv4.icmp_ratelimit=0/80/$drop40/$reject30/-|-vv --reason"
  "all-closed|-/-/-/-/-|"
  "all-filtered|-/-/-/-/all|"
  "two-hosts|net.ipv4.tcp_timestamps=2/80/-/-/-+net.ipv4.tcp_timestamps=2/22,80/443,3389,8080/-/-|"
  "host-down-v|net.ipv4.tcp_timestamps=2/80/-/-/-+absent|-v|ping"
)

die() { echo "gen-nmap-scan-fixtures: $*" >&2; exit 1; }

cleanup() {
  local pid ns
  for pid in "${listener_pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  listener_pids=()
  for ns in "${host_namespaces[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
  host_namespaces=()
  ip netns del "$scanner_ns" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

setup_scanner() {
  ip netns add "$scanner_ns"
  ip -n "$scanner_ns" link set lo up
  ip -n "$scanner_ns" link add br0 type bridge
  ip -n "$scanner_ns" addr add 198.51.100.1/24 dev br0
  ip -n "$scanner_ns" link set br0 up
  if ip -n "$scanner_ns" route show default | grep -q .; then die "scanner namespace has a default route"; fi
}

apply_nft() {  # namespace dropped rejected all
  local ns=$1 dropped=$2 rejected=$3 all=$4
  [[ $dropped == - && $rejected == - && $all == - ]] && return 0
  ip netns exec "$ns" nft add table inet lab
  ip netns exec "$ns" nft add chain inet lab in '{ type filter hook input priority 0; }'
  [[ $dropped != - ]] && ip netns exec "$ns" nft add rule inet lab in tcp dport "{ $dropped }" drop
  [[ $rejected != - ]] && ip netns exec "$ns" nft add rule inet lab in tcp dport "{ $rejected }" reject with icmp type admin-prohibited
  [[ $all != - ]] && ip netns exec "$ns" nft add rule inet lab in meta l4proto tcp drop
  return 0
}

start_listener() {  # namespace address ports
  local ns=$1 addr=$2 ports=$3 port _
  [[ $ports == - ]] && return 0
  ip netns exec "$ns" python3 -c '
import select, socket, sys
socks = []
for p in sys.argv[2].split(","):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((sys.argv[1], int(p))); s.listen(64); socks.append(s)
while True:
    for s in select.select(socks, [], [])[0]:
        c, _ = s.accept(); c.close()' "$addr" "$ports" &
  listener_pids+=($!)
  IFS=',' read -ra list <<<"$ports"
  for port in "${list[@]}"; do
    for _ in $(seq 50); do
      ip netns exec "$ns" ss -Hltn "sport = :$port" | grep -q . && continue 2
      sleep 0.1
    done
    die "listener on port $port did not start"
  done
}

add_host() {  # index spec
  local i=$1 spec=$2 sysctls listen dropped rejected all kv
  if [[ $spec == absent ]]; then
    description+="host 198.51.100.$((i + 2)): absent (nothing answers)"$'\n'
    return 0
  fi
  IFS='/' read -r sysctls listen dropped rejected all <<<"$spec"
  local ns="$prefix-h$i" addr="198.51.100.$((i + 2))" mac
  mac=$(printf '02:57:4c:00:00:%02x' $((i + 2)))
  ip netns add "$ns"
  host_namespaces+=("$ns")
  ip -n "$scanner_ns" link add "h$i" type veth peer name eth0 netns "$ns"
  ip -n "$scanner_ns" link set "h$i" master br0 up
  ip -n "$ns" link set eth0 address "$mac"
  ip -n "$ns" addr add "$addr/24" dev eth0
  ip -n "$ns" link set lo up
  ip -n "$ns" link set eth0 up
  if [[ $sysctls != - ]]; then
    IFS=',' read -ra kvs <<<"$sysctls"
    for kv in "${kvs[@]}"; do ip netns exec "$ns" sysctl -qw "$kv"; done
  fi
  apply_nft "$ns" "$dropped" "$rejected" "$all"
  start_listener "$ns" "$addr" "$listen"
  description+="host $addr (MAC $mac): sysctls ${sysctls/-/(defaults)}; listening ${listen/-/(none)}; dropped ${dropped/-/(none)}; rejected (admin-prohibited) ${rejected/-/(none)}; all TCP dropped: ${all/-/no}"$'\n'
}

run_case() {  # the case line
  local name hosts args discovery
  IFS='|' read -r name hosts args discovery <<<"$1"
  local dir="$out_root/$name" targets="" i=0 spec
  description=""
  echo "== $name"
  setup_scanner
  IFS='+' read -ra specs <<<"$hosts"
  for spec in "${specs[@]}"; do
    add_host "$i" "$spec"
    targets+=" 198.51.100.$((i + 2))"
    i=$((i + 1))
  done
  mkdir -p "$dir"
  local pn=-Pn
  [[ $discovery == ping ]] && pn=""
  local cmd="nmap $pn -O $args -oN nmap.nmap -oX nmap.xml -oG nmap.gnmap${targets}"
  cmd=${cmd//  / }
  cmd=${cmd//  / }
  # shellcheck disable=SC2086  # the command line is split into words on purpose
  (cd "$dir" && TZ=UTC ip netns exec "$scanner_ns" $cmd >stdout.txt 2>nmap.stderr)
  [[ -s $dir/nmap.stderr ]] && { echo "  nmap stderr:"; sed 's/^/    /' "$dir/nmap.stderr"; }
  rm -f "$dir/nmap.stderr"
  {
    echo "case: $name"
    echo "targets: Linux $(uname -r) network namespaces on one bridge, directly connected"
    printf '%s' "$description"
    echo "command (scanner namespace, TZ=UTC): $cmd"
    echo "generated by tools/gen-nmap-scan-fixtures.sh with $(nmap --version | head -1)"
  } >"$dir/case.txt"
  grep -E '^(Not shown|All [0-9]+ scanned|OS details|No exact|Too many|Nmap done)' "$dir/stdout.txt" | sed 's/^/  /' || true
  cleanup
}

[[ $(id -u) -eq 0 ]] || die "must run as root (creates network namespaces)"
command -v nmap >/dev/null || die "nmap not installed"
if [[ ${1:-} == --list ]]; then
  for c in "${cases[@]}"; do echo "${c%%|*}"; done
  exit 0
fi
for c in "${cases[@]}"; do
  name=${c%%|*}
  if (($# == 0)) || printf '%s\n' "$@" | grep -qx "$name"; then run_case "$c"; fi
done
