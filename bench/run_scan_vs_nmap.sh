#!/usr/bin/env bash
# Whole-process benchmark of the seed's command, whorl against Nmap 7.93 in one run:
#  1. `-Pn -O` on a range of 32 lab hosts (Linux, ports 22 and 80 open), scanned in parallel;
#  2. `-Pn -O` on one lab host whose every TCP port is filtered (the case in Nmap's own
#     documentation: "Too many fingerprints match this host").
# Prints wall times, the ratio whorl/Nmap, and whether both found the same open ports and
# the same OS verdict per host (from their XML). Needs root; run from the repository root
# after scripts/build.sh. Usage: bench/run_scan_vs_nmap.sh [hosts]
set -euo pipefail
hosts=${1:-32}
tmp=$(mktemp -d /tmp/whorl-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
compare=$(cat <<'PY'
import sys, xml.etree.ElementTree as ET
def summary(path):
    out = {}
    for h in ET.parse(path).getroot().iter('host'):
        addr = h.find('address').get('addr')
        ports = sorted(int(p.get('portid')) for p in h.iter('port') if p.find('state').get('state') == 'open')
        m = h.find('os/osmatch')
        out[addr] = (ports, m.get('name') if m is not None else None)
    return out
w, n = summary(sys.argv[1]), summary(sys.argv[2])
same_ports = sum(1 for a in n if a in w and w[a][0] == n[a][0])
same_os = sum(1 for a in n if a in w and w[a][1] == n[a][1])
print(f"  same open ports: {same_ports}/{len(n)} hosts; same best OS match: {same_os}/{len(n)} hosts")
PY
)
run() {  # label, whorl-lab options, target
  local label=$1 opts=$2 target=$3
  # shellcheck disable=SC2086
  build/whorl-lab $opts -- bash -c "
    s=\$(date +%s.%N); build/whorl -n -Pn -O -oX $tmp/w.xml $target >/dev/null; e=\$(date +%s.%N)
    echo \"\$e - \$s\" | bc -l > $tmp/w.t
    s=\$(date +%s.%N); nmap -n -Pn -O -oX $tmp/n.xml $target >/dev/null; e=\$(date +%s.%N)
    echo \"\$e - \$s\" | bc -l > $tmp/n.t" 2>/dev/null
  local w n
  w=$(cat "$tmp/w.t"); n=$(cat "$tmp/n.t")
  printf "%-40s whorl %6.2f s   nmap %6.2f s   ratio %.2f\n" "$label" "$w" "$n" "$(echo "$w / $n" | bc -l)"
  /usr/bin/python3 -c "$compare" "$tmp/w.xml" "$tmp/n.xml"
}
last=$((hosts + 1))
run "-Pn -O, $hosts hosts in parallel" "--hosts $hosts --open 22,80" "198.51.100.2-$last"
run "-Pn -O, one host, every port filtered" "--filter-all" "198.51.100.2"
