#!/usr/bin/env bash
# Regenerates tests/fixtures/nmap-os/<persona>/: Nmap 7.93's own OS detection of lab hosts
# ("personas": Linux network stacks in a network namespace, altered by per-namespace
# sysctls, link MTU, nftables drops and which ports listen). For each persona it keeps
#   nmap.nmap       nmap's normal output (-oN)
#   nmap.xml        nmap's XML output of the same run (-oX)
#   fingerprint.txt the fingerprint exactly as nmap printed it (from <osfingerprint>)
#   persona.txt     how the target was set up and the nmap command line
# tests/unit/report/nmap_fixtures_test.cpp checks whorl's matcher and OS block against them.
#
# Caveat: when Nmap needs several rounds, the fingerprint it prints merges them and keeps
# the first round's SEQ line (7.93 quirk), while its osmatch list comes from the round
# whose best match scored highest. If that is not round 1 and SEQ values differ (SP, GCD,
# ISR drift between rounds), the printed fingerprint no longer scores what Nmap reported.
# A persona where that happened is run with --max-os-tries 1 (see ttl128-quiet).
#
# Network rule: packets go only between two namespaces made here, joined by one veth pair:
# the scanner 198.51.100.1/24 and the target 198.51.100.2/24, neither with a default route.
# Namespace names carry a unique prefix and are removed on exit, even on failure.
#
# Usage (root): tools/gen-nmap-os-fixtures.sh [--list] [PERSONA...]   (default: all)
# Nmap 7.95 (tests/fixtures/nmap-os-7.95/): NMAP=7.95 tools/gen-nmap-os-fixtures.sh, which
# runs the oracle built by tools/nmap-oracle.sh (binary and Debian 13's data directory).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
nmap_cmd=(nmap)
out_default=$repo/tests/fixtures/nmap-os
if [[ ${NMAP:-} == 7.95 ]]; then
  mapfile -t oracle < <("$repo/tools/nmap-oracle.sh" all)
  nmap_cmd=("${oracle[1]}" --datadir "${oracle[0]}")
  out_default=$repo/tests/fixtures/nmap-os-7.95
fi
out_root=${OUT:-$out_default}
prefix="whorlfx$$"
scanner_ns="$prefix-s"
target_ns="$prefix-t"
scanner_if="$prefix-a"
target_if="$prefix-b"
scanner_ip=198.51.100.1
target_ip=198.51.100.2
target_mac=02:00:5e:00:53:02
listener_pid=""

# name | sysctls (k=v ...) | nftables rules in the target ("in: ..." / "out: ..." ;-separated)
#      | target link MTU | listening TCP port (or -) | extra nmap options
personas=(
  "linux-default||||80|"
  "linux-default-vv||||80|-vv"
  "linux-ts1000|net.ipv4.tcp_timestamps=2|||80|-vv"
  "linux-default-v||||80|-v"
  "linux-no-closed-port-vv||||80|-p 80 -vv"
  "linux-no-open-port-vv||||-|-vv"
  "linux-ttl128-guess|net.ipv4.ip_default_ttl=128|||80|--osscan-guess"
  "linux-ttl255|net.ipv4.ip_default_ttl=255|||80|"
  "linux-ttl32-guess|net.ipv4.ip_default_ttl=32|||80|--osscan-guess"
  "linux-no-timestamps|net.ipv4.tcp_timestamps=0|||80|"
  "linux-no-sack-no-wscale|net.ipv4.tcp_sack=0 net.ipv4.tcp_window_scaling=0|||80|--osscan-guess"
  "linux-ecn|net.ipv4.tcp_ecn=1 net.ipv4.tcp_timestamps=2|||80|-vv"
  "linux-small-rmem-mtu1280|net.ipv4.tcp_rmem=4096,8192,16384|| 1280|80|--osscan-guess"
  "linux-icmp-ignored|net.ipv4.icmp_echo_ignore_all=1|||80|"
  "linux-udp-dropped||in: meta l4proto udp drop||80|-vv"
  "linux-closed-dropped||in: tcp dport != 80 tcp flags & 0x12 != 0x02 drop||80|--osscan-guess"
  "odd-stack|net.ipv4.ip_default_ttl=255 net.ipv4.tcp_timestamps=0 net.ipv4.tcp_sack=0 net.ipv4.tcp_window_scaling=0 net.ipv4.tcp_rmem=4096,8192,8192||576|80|--osscan-guess"
  "ttl255-nots-guess|net.ipv4.ip_default_ttl=255 net.ipv4.tcp_timestamps=0|||80|--osscan-guess"
  "ecn-dropped-guess||in: tcp flags & 0xc0 == 0xc0 drop||80|--osscan-guess"
  "alien-guess|net.ipv4.tcp_timestamps=0 net.ipv4.tcp_sack=0 net.ipv4.tcp_window_scaling=0 net.ipv4.tcp_ecn=0 net.ipv4.tcp_rmem=4096,8192,8192|out: ip ttl set 150; in: tcp flags & 0x3f == 0x10 drop|576|80|--osscan-guess"
  "alien-no-match|net.ipv4.tcp_timestamps=0 net.ipv4.tcp_sack=0 net.ipv4.tcp_window_scaling=0 net.ipv4.tcp_ecn=0 net.ipv4.tcp_rmem=4096,8192,8192|out: ip ttl set 150; out: ip frag-off set 0; in: tcp flags & 0x3f == 0x10 drop|576|80|"
  "ttl128-quiet|net.ipv4.ip_default_ttl=128 net.ipv4.icmp_echo_ignore_all=1|in: meta l4proto udp drop||80|-vv --osscan-guess --max-os-tries 1"
  "alien-no-match-no-udp|net.ipv4.tcp_timestamps=0 net.ipv4.tcp_sack=0 net.ipv4.tcp_window_scaling=0 net.ipv4.tcp_ecn=0 net.ipv4.tcp_rmem=4096,8192,8192|out: ip ttl set 150; out: ip frag-off set 0; in: tcp flags & 0x3f == 0x10 drop; in: meta l4proto udp drop|576|80|-vv"
  "linux-ts1000-d|net.ipv4.tcp_timestamps=2|||80|-d"
  "linux-ttl128-nots-nosack|net.ipv4.ip_default_ttl=128 net.ipv4.tcp_timestamps=0 net.ipv4.tcp_sack=0|||80|--osscan-guess"
)

die() { echo "gen-nmap-os-fixtures: $*" >&2; exit 1; }

cleanup() {
  if [[ -n $listener_pid ]]; then kill "$listener_pid" 2>/dev/null || true; wait "$listener_pid" 2>/dev/null || true; fi
  listener_pid=""
  ip netns del "$scanner_ns" 2>/dev/null || true
  ip netns del "$target_ns" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

setup_lab() {  # mtu
  local mtu=$1
  ip netns add "$scanner_ns"
  ip netns add "$target_ns"
  ip link add "$scanner_if" netns "$scanner_ns" type veth peer name "$target_if" netns "$target_ns"
  ip -n "$target_ns" link set dev "$target_if" address "$target_mac"
  if [[ -n $mtu ]]; then
    ip -n "$scanner_ns" link set dev "$scanner_if" mtu "$mtu"
    ip -n "$target_ns" link set dev "$target_if" mtu "$mtu"
  fi
  ip -n "$scanner_ns" addr add "$scanner_ip/24" dev "$scanner_if"
  ip -n "$target_ns" addr add "$target_ip/24" dev "$target_if"
  for ns in "$scanner_ns" "$target_ns"; do ip -n "$ns" link set lo up; done
  ip -n "$scanner_ns" link set "$scanner_if" up
  ip -n "$target_ns" link set "$target_if" up
  if ip -n "$scanner_ns" route show default | grep -q .; then die "scanner namespace has a default route"; fi
}

apply_sysctls() {  # "k=v k=v" (a ',' in a value stands for a space)
  local kv value
  for kv in $1; do
    value=${kv#*=}
    ip netns exec "$target_ns" sysctl -qw "${kv%%=*}=${value//,/ }"
  done
}

apply_nft() {  # "in: rule; out: rule"
  [[ -z $1 ]] && return 0
  ip netns exec "$target_ns" nft add table inet persona
  ip netns exec "$target_ns" nft add chain inet persona in '{ type filter hook input priority 0; }'
  ip netns exec "$target_ns" nft add chain inet persona out '{ type filter hook output priority 0; }'
  local rule chain
  IFS=';' read -ra rules <<<"$1"
  for rule in "${rules[@]}"; do
    rule=${rule#"${rule%%[! ]*}"}
    chain=${rule%%:*}
    # shellcheck disable=SC2086
    ip netns exec "$target_ns" nft add rule inet persona "$chain" ${rule#*:}
  done
}

start_listener() {  # port
  [[ $1 == - || -z $1 ]] && return 0
  ip netns exec "$target_ns" python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2]))); s.listen(64)
while True:
    c, _ = s.accept(); c.close()' "$target_ip" "$1" &
  listener_pid=$!
  local _
  for _ in $(seq 50); do
    ip netns exec "$target_ns" ss -Hltn "sport = :$1" | grep -q . && return 0
    sleep 0.1
  done
  die "listener on port $1 did not start"
}

extract_fingerprint() {  # xml -> fingerprint text exactly as printed (empty if none)
  python3 - "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
fp = ET.parse(sys.argv[1]).getroot().find('.//osfingerprint')
sys.stdout.write(fp.get('fingerprint') if fp is not None else '')
PY
}

run_persona() {  # the persona line
  local name sysctls nft mtu port args
  IFS='|' read -r name sysctls nft mtu port args <<<"$1"
  mtu=${mtu// /}
  local dir="$out_root/$name"
  echo "== $name"
  setup_lab "$mtu"
  apply_sysctls "$sysctls"
  apply_nft "$nft"
  start_listener "$port"
  mkdir -p "$dir"
  local cmd="nmap -Pn -O $args -oN nmap.nmap -oX nmap.xml $target_ip"
  # shellcheck disable=SC2086  # the command line is split into words on purpose
  (cd "$dir" && TZ=UTC ip netns exec "$scanner_ns" "${nmap_cmd[@]}" ${cmd#nmap } >/dev/null 2>nmap.stderr)
  [[ -s $dir/nmap.stderr ]] && { echo "  nmap stderr:"; sed 's/^/    /' "$dir/nmap.stderr"; }
  rm -f "$dir/nmap.stderr"
  extract_fingerprint "$dir/nmap.xml" >"$dir/fingerprint.txt"
  [[ -s $dir/fingerprint.txt ]] || echo "  warning: nmap printed no fingerprint (add -vv)"
  {
    echo "persona: $name"
    echo "target: Linux $(uname -r) network namespace, $target_ip, MAC $target_mac, directly connected"
    echo "sysctls: ${sysctls:-(defaults)}"
    echo "nftables in the target: ${nft:-(none)}"
    echo "link MTU: ${mtu:-1500}"
    echo "listening TCP port: ${port:--}"
    echo "command (scanner namespace): $cmd"
    echo "generated by tools/gen-nmap-os-fixtures.sh with $("${nmap_cmd[@]}" --version | head -1)"
  } >"$dir/persona.txt"
  grep -E '^(OS details|Aggressive|No exact|No OS|Too many|Device type|Running)' "$dir/nmap.nmap" | cut -c1-150 | sed 's/^/  /' || true
  cleanup
}

[[ $(id -u) -eq 0 ]] || die "must run as root (creates network namespaces)"
command -v "${nmap_cmd[0]}" >/dev/null || die "nmap not installed"
if [[ ${1:-} == --list ]]; then
  for p in "${personas[@]}"; do echo "${p%%|*}"; done
  exit 0
fi
for p in "${personas[@]}"; do
  name=${p%%|*}
  if (($# == 0)) || printf '%s\n' "$@" | grep -qx "$name"; then run_persona "$p"; fi
done
