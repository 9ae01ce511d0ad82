#!/usr/bin/env bash
# Records tests/fixtures/pcap/lab/linux-syns.pcap: real Linux SYNs and SYN+ACKs for
# data/whorl-tcp.fp. A whorl-lab with one host per persona below; each host connects to a
# listener in the scanner namespace over IPv4 and IPv6 (its SYNs), and the scanner
# connects to port 80 of each host (the hosts' SYN+ACKs). Four hosts get receive-buffer
# sysctls the persona table lacks: tcp_rmem maximum 16 MiB and 32 MiB (window scale 9 and
# 10), and a default above 128 KiB (1 MiB, 512 KiB: the initial window stays 65535 instead
# of 64 KiB rounded down to the MSS, as on Android).
# Captured on the lab bridge; only lab addresses appear. Needs root; run from the
# repository root after building. Host i (0-based) is 198.51.100.(2+i) / 2001:db8::(2+i).
# The same run records tests/fixtures/pcap/lab/linux-pings.pcap: ICMP echo requests and
# replies of iputils ping and busybox ping from host 0 to the scanner (IPv4 and IPv6).
#   tools/capture-lab-syns.sh [OUT.pcap [PINGS.pcap]]
set -euo pipefail
out=${1:-tests/fixtures/pcap/lab/linux-syns.pcap}
pings_out=${2:-tests/fixtures/pcap/lab/linux-pings.pcap}
personas=(linux small-rcvbuf no-timestamps no-sack no-wscale ecn mtu1400 bare ttl128 linux linux linux linux)
args=()
for p in "${personas[@]}"; do args+=(--persona "$p"); done
n=${#personas[@]}
mkdir -p "$(dirname "$out")"
tmp=$(mktemp /tmp/whorl-lab-syns.XXXXXX.pcap)
tmp_pings=$(mktemp /tmp/whorl-lab-pings.XXXXXX.pcap)
build/whorl-lab --hosts "$n" "${args[@]}" --open 80 -- bash -c '
  set -e
  n='"$n"'
  me=$(ip netns identify); base=${me%s}
  # hosts 9-12: receive buffers the persona table lacks
  ip netns exec ${base}h9 sysctl -qw net.ipv4.tcp_rmem="4096 131072 16777216"
  ip netns exec ${base}h10 sysctl -qw net.ipv4.tcp_rmem="4096 131072 33554432"
  ip netns exec ${base}h11 sysctl -qw net.ipv4.tcp_rmem="4096 1048576 4194304"
  ip netns exec ${base}h12 sysctl -qw net.ipv4.tcp_rmem="4096 524288 6291456"
  tcpdump -i br0 -s 0 -U -w '"$tmp"' "(tcp[tcpflags] & tcp-syn != 0) or (ip6 and tcp and (ip6[53] & 2 != 0))" 2>/dev/null &
  cap=$!
  tcpdump -i br0 -s 0 -U -w '"$tmp_pings"' "icmp[icmptype] == icmp-echo or icmp[icmptype] == icmp-echoreply or (icmp6 and (ip6[40] == 128 or ip6[40] == 129))" 2>/dev/null &
  cap_pings=$!
  python3 -c "
import socket, threading
def serve(fam, addr):
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, 9)); s.listen(64)
    while True:
        c, _ = s.accept(); c.close()
for fam, addr in ((socket.AF_INET, \"198.51.100.1\"), (socket.AF_INET6, \"2001:db8::1\")):
    threading.Thread(target=serve, args=(fam, addr), daemon=True).start()
threading.Event().wait(30)
" &
  srv=$!
  sleep 1.5
  for i in $(seq 0 $((n - 1))); do
    for dst in 198.51.100.1 2001:db8::1; do
      ip netns exec ${base}h$i python3 -c "
import socket, sys
fam = socket.AF_INET6 if \":\" in sys.argv[1] else socket.AF_INET
s = socket.create_connection((sys.argv[1], 9), timeout=3); s.close()" $dst
    done
    python3 -c "
import socket
for a in (\"198.51.100.$((2 + i))\", \"2001:db8::$(printf %x $((2 + i)))\"):
    socket.create_connection((a, 80), timeout=3).close()"
  done
  for dst in 198.51.100.1 2001:db8::1; do
    ip netns exec ${base}h0 ping -c 2 -i 0.2 $dst >/dev/null
    ip netns exec ${base}h0 busybox ping -c 2 $dst >/dev/null
  done
  sleep 0.5
  kill $srv $cap $cap_pings; wait $cap $cap_pings || true'
mv "$tmp" "$out"
mv "$tmp_pings" "$pings_out"
chmod 644 "$out" "$pings_out"
echo "wrote $out ($(stat -c %s "$out") bytes) and $pings_out ($(stat -c %s "$pings_out") bytes)"
