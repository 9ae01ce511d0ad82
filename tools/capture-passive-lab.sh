#!/usr/bin/env bash
# Records the lab captures under tests/fixtures/pcap/passive/ (lab_*.pcap) and p0f 3.09b's
# logs of them, for the p0f comparison test (tests/unit/cli/passive_p0f_compat_test.cpp).
# Real Linux stacks with different personas in throwaway namespaces (whorl-lab): every host
# runs `python3 -m http.server`, the scanner namespace fetches from each with curl, wget and
# python's urllib under real browser User-Agents and pings them (ICMP), and the hosts fetch
# from a server in the scanner namespace, twice a second apart (so their own SYNs, and
# their timestamp clocks, are seen). Captured on the lab bridge with tcpdump. Needs root;
# run from the repository root after building.
set -euo pipefail
out=${1:-tests/fixtures/pcap/passive}
mkdir -p "$out"
py=/usr/bin/python3
work=$(mktemp -d /tmp/whorl-passive-lab.XXXXXX)
trap 'rm -rf "$work"' EXIT

record() {  # NAME PERSONA... -- TRAFFIC (a shell script run in the scanner namespace)
  local name=$1; shift
  local personas=()
  while [ "$1" != "--" ]; do personas+=(--persona "$1"); shift; done
  shift
  local hosts=$(( ${#personas[@]} / 2 ))
  cat > "$work/run.sh" <<SCRIPT
set -e
ns=\$(ip netns identify \$\$); base=\${ns%s}
tcpdump -i br0 -s 0 -U -w $work/cap.pcap 'not arp and not (icmp6 and ip6[40] >= 133 and ip6[40] <= 137)' 2>/dev/null &
capture=\$!
for i in \$(seq 0 $((hosts - 1))); do ip netns exec \${base}h\$i $py -m http.server 8080 --bind :: >/dev/null 2>&1 & done
$py -m http.server 8081 --bind :: >/dev/null 2>&1 &
sleep 1.5
$1
sleep 0.5
kill -INT \$capture; wait \$capture || true
kill \$(jobs -p) 2>/dev/null || true
SCRIPT
  build/whorl-lab --hosts "$hosts" "${personas[@]}" --open 22 -- sh "$work/run.sh"
  mv "$work/cap.pcap" "$out/$name.pcap"
  chmod 644 "$out/$name.pcap"
  rm -f "$out/$name.log"
  TZ=UTC p0f -r "$out/$name.pcap" -o "$out/$name.log" >/dev/null
  touch "$out/$name.log"
  chmod 644 "$out/$name.log"
  echo "$name: $(stat -c %s "$out/$name.pcap") bytes, $(wc -l < "$out/$name.log") p0f observations"
}

chrome='Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'
firefox='Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0'
safari='Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15'
iphone='Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1'
android='Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36'

# Hosts 198.51.100.2-9 / 2001:db8::2-9 with these personas, in this order.
record lab_http linux ttl128 bare ecn no-timestamps mtu1400 ts-no-offset ttl255 -- "
curl -s -o /dev/null -A '$chrome' http://198.51.100.2:8080/
curl -s -o /dev/null -A '$firefox' http://198.51.100.3:8080/
wget -q -O /dev/null -U '$safari' http://198.51.100.4:8080/
$py -c \"import urllib.request as u; u.urlopen(u.Request('http://198.51.100.5:8080/', headers={'User-Agent': '$android'})).read()\"
curl -s -o /dev/null -g -A '$iphone' 'http://[2001:db8::2]:8080/'
wget -q -O /dev/null 'http://[2001:db8::3]:8080/'
ping -c 2 -i 0.2 198.51.100.2 >/dev/null
ping -c 2 -i 0.2 2001:db8::3 >/dev/null
for i in 4 5 6 7; do ip netns exec \${base}h\$i curl -s -o /dev/null -A '$firefox' http://198.51.100.1:8081/; done
ip netns exec \${base}h5 curl -s -o /dev/null -g 'http://[2001:db8::1]:8081/'
sleep 1.2
for i in 4 5 6 7; do ip netns exec \${base}h\$i wget -q -O /dev/null http://198.51.100.1:8081/; done
"
