#!/usr/bin/env bash
# Records tests/fixtures/pcap/lab/nmap-os-probes.pcap: the traffic of Nmap's OS detection
# (IPv4, `nmap -O`) and IPv6 OS detection (`nmap -6 -O`) against a throwaway lab host,
# captured on the lab bridge. Real stacks on both sides: the packets tshark and whorl's
# decoder are compared on. Needs root; run from the repository root after building.
set -euo pipefail
out=${1:-tests/fixtures/pcap/lab/nmap-os-probes.pcap}
mkdir -p "$(dirname "$out")"
tmp=$(mktemp /tmp/whorl-lab-capture.XXXXXX.pcap)
build/whorl-lab --open 22,80 -- sh -c "
  tcpdump -i br0 -s 0 -U -w $tmp 'not arp and not (icmp6 and (ip6[40] == 133 or ip6[40] == 134 or ip6[40] == 143))' 2>/dev/null &
  sleep 1
  nmap -n -Pn -O -p 22,80,81 --max-os-tries 1 {host} >/dev/null
  nmap -n -Pn -6 -O -p 22,80,81 --max-os-tries 1 {host6} >/dev/null
  sleep 0.5; kill -INT \$!; wait"
mv "$tmp" "$out"
chmod 644 "$out"
echo "wrote $out ($(stat -c %s "$out") bytes)"
