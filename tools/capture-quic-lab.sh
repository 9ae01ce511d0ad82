#!/usr/bin/env bash
# Records tests/fixtures/pcap/tls/quic-ngtcp2.pcap: one QUIC version 1 connection of
# ngtcp2's example client (gtlsclient, GnuTLS; Debian 12 package ngtcp2-client) to its
# example server (gtlsserver, ngtcp2-server) over the loopback of a throwaway network
# namespace (whorlq<PID>, removed on exit), captured with tcpdump on that loopback. The
# client's first flight is its Initial packets with the ClientHello that
# tests/unit/cli/passive_quic_test.cpp reads. Needs root; run from the repository root.
set -euo pipefail
out=${1:-tests/fixtures/pcap/tls/quic-ngtcp2.pcap}
ns="whorlq$$"
work=$(mktemp -d /tmp/whorl-quic.XXXXXX)
cleanup() {
  ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
for p in ngtcp2-client ngtcp2-server tcpdump openssl; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || apt-get install -y -q "$p"
done
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
ip netns add "$ns"
ip -n "$ns" link set lo up
ip netns exec "$ns" tcpdump -i lo -s 0 -U -w "$work/cap.pcap" 'udp port 4433' 2>/dev/null &
sleep 1
ip netns exec "$ns" gtlsserver -q 127.0.0.1 4433 "$work/key.pem" "$work/cert.pem" >/dev/null 2>&1 &
sleep 1
# "localhost" resolves to 127.0.0.1 and goes in the SNI; the certificate is not checked
# by the example client.
ip netns exec "$ns" timeout 10 gtlsclient -q --exit-on-all-streams-close localhost 4433 https://localhost/ \
  >/dev/null 2>&1 || true
sleep 1
ip netns pids "$ns" | xargs -r kill 2>/dev/null || true
sleep 1
mkdir -p "$(dirname "$out")"
cp "$work/cap.pcap" "$out"
echo "wrote $out ($(tcpdump -r "$out" 2>/dev/null | wc -l) packets)" >&2
