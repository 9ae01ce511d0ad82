# shellcheck shell=bash
# Shared helpers for tools/stacks/userspace-*.sh and tools/stacks/firmware-*.sh: each of
# those scripts measures one userspace or firmware TCP/IP stack with `whorl -Pn -O` and
# writes data/measured/<stack-id>/ (run-N.fp, meta.txt). Source this file; it is no script.
#
# Network rule (never broken): packets go only between network namespaces these scripts
# create (names prefixed whorlus<PID>-, removed on exit by a trap, even on failure) and
# the stacks attached there, addressed only from 198.51.100.0/24. The scanner runs in a
# namespace of its own whose only link goes to the stack under test and which has no
# default route (us_check_scanner_ns refuses to scan otherwise). Stacks that make real
# sockets on behalf of their guests (pasta, slirp4netns) run in a namespace with no route
# off the lab either, so nothing they do can leave it.
#
# Downloads and builds go under /var/cache/whorl-stacks (US_CACHE), never in the repository.
#
# IPv6 (opt-in, US_IPV6=1, used by tools/stacks/ipv6-os.sh; unset, every helper behaves as
# it always did and IPv6 stays disabled): namespaces keep IPv6 on but generate no link-local
# address (addr_gen_mode 1), accept no router advertisement (accept_ra 0: no IPv6 default
# route, checked) and skip duplicate address detection; the lab's IPv6 addresses come from
# 2001:db8::/64 only (scanner 2001:db8::1 or ::100, stack 2001:db8::2), and the nftables
# guard accepts 2001:db8::/32 beside 198.51.100.0/24.

US_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
US_CACHE=${US_CACHE:-/var/cache/whorl-stacks}
US_PREFIX=${US_PREFIX:-whorlus$$-}
US_RUNS=${US_RUNS:-5}
US_WHORL=${US_WHORL:-$US_ROOT/build/whorl}
US_SCANNER_ADDR=198.51.100.1
US_SCANNER_ADDR6=2001:db8::1
US_IPV6=${US_IPV6:-}
US_NS=()     # namespaces created, removed by us_cleanup
US_PIDS=()   # background processes started, killed by us_cleanup
US_CLEANUP_HOOKS=()

us_log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
us_die() { us_log "error: $*"; exit 1; }

us_require_root() { [[ $EUID -eq 0 ]] || us_die "needs root (network namespaces)"; }

# us_apt PKG...: installs the packages that are missing (apt-get, non-interactive).
us_apt() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    ((${#missing[@]})) || return 0
    us_log "apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q \
        --no-install-recommends "${missing[@]}" >/dev/null ||
        { apt-get -o DPkg::Lock::Timeout=600 update -q >/dev/null &&
          DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q \
              --no-install-recommends "${missing[@]}" >/dev/null; } ||
        us_die "apt-get install ${missing[*]} failed"
}

# us_pkg_version PKG: the installed Debian version.
us_pkg_version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null; }

us_cleanup() {
    local rc=$? p ns h
    trap - EXIT INT TERM
    for h in "${US_CLEANUP_HOOKS[@]}"; do eval "$h" 2>/dev/null || true; done
    for p in "${US_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    sleep 0.3
    for p in "${US_PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    for ns in "${US_NS[@]}"; do
        # processes still inside the namespace (started by us, e.g. a stack's children)
        for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
        ip netns del "$ns" 2>/dev/null || true
    done
    exit "$rc"
}

us_init() {
    us_require_root
    trap us_cleanup EXIT
    trap 'exit 130' INT TERM
    mkdir -p "$US_CACHE"
}

# us_bg CMD...: runs CMD in the background and remembers its PID for the cleanup.
us_bg() { "$@" & US_PIDS+=("$!"); }

# us_ovmf_vm NS WORK [NIC_OPTIONS]: boots OVMF (QEMU TCG, q35, -nodefaults) in the
# background from WORK/vars.fd and the read-only FAT disk WORK/fat (boot entry 1), with a
# virtio-net NIC (no option ROM, plus NIC_OPTIONS) on the TAP fwtap of namespace NS; its
# serial console goes to WORK/serial.log.
us_ovmf_vm() {
    local ns=$1 work=$2 nic=${3:-}
    us_bg ip netns exec "$ns" qemu-system-x86_64 -accel tcg -m 512 -machine q35 -nodefaults \
        -no-user-config -display none -serial "file:$work/serial.log" \
        -drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd \
        -drive if=pflash,format=raw,file="$work/vars.fd" \
        -drive file="fat:$work/fat",format=raw,if=none,id=d0,readonly=on \
        -device virtio-blk-pci,drive=d0,bootindex=1 \
        -netdev tap,id=n0,ifname=fwtap,script=no,downscript=no \
        -device "virtio-net-pci,netdev=n0,mac=52:54:00:33:64:02,romfile=$nic"
}

# us_netns NAME: creates namespace $US_PREFIX$NAME (loopback up, IPv6 off; in the IPv6 mode
# IPv6 on for links made later, without link-local addresses, router advertisements or
# duplicate address detection); call it directly (not in $(...)), so the cleanup learns the
# name.
us_netns() {
    local ns=$US_PREFIX$1 k
    ip netns add "$ns" || us_die "ip netns add $ns"
    US_NS+=("$ns")
    ip -n "$ns" link set lo up
    if [[ -n $US_IPV6 ]]; then
        for k in all default; do
            ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$k.accept_ra=0" "net.ipv6.conf.$k.accept_dad=0" \
                "net.ipv6.conf.$k.autoconf=0"
        done
        ip netns exec "$ns" sysctl -qw net.ipv6.conf.default.addr_gen_mode=1
    else
        ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    fi
}

# us_ipv6_check NS: in the IPv6 mode, NS has no IPv6 default route, no IPv6 address but
# loopback and 2001:db8::/32, and no IPv6 unicast route off 2001:db8::/32 (the kernel's own
# fe80::/64 and multicast routes aside: no link-local address exists to use them).
us_ipv6_check() {
    local ns=$1 a r
    [[ -z $(ip -n "$ns" -6 route show default 2>/dev/null) ]] || us_die "$ns has an IPv6 default route"
    for a in $(ip -n "$ns" -o -6 addr show | awk '{print $4}'); do
        [[ $a == ::1/128 || $a == 2001:db8:* ]] || us_die "$ns has IPv6 address $a outside 2001:db8::/32"
    done
    while read -r r; do
        [[ -z $r || $r == 2001:db8:* || $r == fe80::/64* || $r == multicast* || $r == ff00::/8* ]] ||
            us_die "$ns has an IPv6 route off the lab: $r"
    done < <(ip -n "$ns" -6 route show table main)
    return 0
}

# us_check_scanner_ns NS IFACE: refuses to go on unless NS has no default route and no
# link but loopback and IFACE, and every address in it is in 198.51.100.0/24 (or loopback).
us_check_scanner_ns() {
    local ns=$1 ifc=$2 links addrs
    [[ -z $(ip -n "$ns" route show default) ]] || us_die "$ns has a default route"
    [[ -z $(ip -n "$ns" -6 route show default 2>/dev/null) ]] || us_die "$ns has an IPv6 default route"
    links=$(ip -n "$ns" -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | grep -vx lo | sort -u)
    [[ $links == "$ifc" ]] || us_die "$ns has links other than lo and $ifc: $links"
    addrs=$(ip -n "$ns" -o -4 addr show | awk '{print $4}' | grep -v '^127\.' || true)
    while read -r a; do
        [[ -z $a || $a == 198.51.100.* ]] || us_die "$ns has address $a outside 198.51.100.0/24"
    done <<<"$addrs"
    ip -n "$ns" -4 route show | grep -v '198\.51\.100\.' | grep -q . && us_die "$ns has a route off the lab: $(ip -n "$ns" route)"
    [[ -z $US_IPV6 ]] || us_ipv6_check "$ns"
    return 0
}

# us_no_route_off_lab NS: the stack's side namespace must not reach anything outside the
# lab either: no default route, no route but to 198.51.100.0/24.
us_no_route_off_lab() {
    local ns=$1
    [[ -z $(ip -n "$ns" route show default) ]] || us_die "$ns has a default route"
    ip -n "$ns" -4 route show | grep -v '198\.51\.100\.' | grep -q . && us_die "$ns has a route off the lab: $(ip -n "$ns" route)"
    [[ -z $US_IPV6 ]] || us_ipv6_check "$ns"
    return 0
}

# us_nft_lab_only NS: nftables in NS drop every IPv4 packet whose addresses are not both
# in 198.51.100.0/24 or loopback, and all IPv6 (a second guard behind the missing routes);
# in the IPv6 mode IPv6 packets within 2001:db8::/32 pass too.
us_nft_lab_only() {
    local ns=$1 v6out= v6in= v6fwd=
    command -v nft >/dev/null || us_apt nftables
    if [[ -n $US_IPV6 ]]; then
        v6out='ip6 daddr 2001:db8::/32 accept'
        v6in='ip6 saddr 2001:db8::/32 accept'
        v6fwd='ip6 saddr 2001:db8::/32 ip6 daddr 2001:db8::/32 accept'
    fi
    ip netns exec "$ns" nft -f - <<EOF
table inet whorl_lab_only {
  chain output_lab {
    type filter hook output priority 0; policy drop;
    oifname "lo" accept
    ip daddr 198.51.100.0/24 accept
    $v6out
  }
  chain input_lab {
    type filter hook input priority 0; policy drop;
    iifname "lo" accept
    ip saddr 198.51.100.0/24 accept
    $v6in
  }
  chain forward_lab {
    type filter hook forward priority 0; policy drop;
    ip saddr 198.51.100.0/24 ip daddr 198.51.100.0/24 accept
    $v6fwd
  }
}
EOF
}

# us_listener NS ADDR PORT: a TCP listener (python3, accepts and closes) in NS. An IPv6
# ADDR makes an IPv6 socket (:: is dual-stack: IPv4 connections reach it too).
us_listener() {
    local ns=$1 addr=$2 port=$3
    us_bg ip netns exec "$ns" python3 -c "
import socket, sys
v6 = ':' in sys.argv[1]
s = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
if v6: s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.bind((sys.argv[1], int(sys.argv[2]))); s.listen(64)
while True:
    c, _ = s.accept(); c.close()
" "$addr" "$port"
}

# us_wait_tcp NS ADDR PORT [SECONDS]: waits until a connect from NS to ADDR:PORT succeeds.
us_wait_tcp() {
    local ns=$1 addr=$2 port=$3 secs=${4:-20} i
    for ((i = 0; i < secs * 4; i++)); do
        ip netns exec "$ns" python3 -c "
import socket, sys
socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=1).close()" "$addr" "$port" 2>/dev/null && return 0
        sleep 0.25
    done
    return 1
}

# us_wait_ping NS ADDR [SECONDS]: waits until ADDR answers an ICMP echo from NS.
us_wait_ping() {
    local ns=$1 addr=$2 secs=${3:-60} i
    for ((i = 0; i < secs; i++)); do
        ip netns exec "$ns" ping -c 1 -W 1 "$addr" >/dev/null 2>&1 && return 0
    done
    return 1
}

# us_scanner_tap NS TAP: a TAP device in NS with the scanner's address 198.51.100.1/24, up
# (a guest, a firmware or a userspace stack attaches to its other end).
us_scanner_tap() {
    local ns=$1 tap=$2
    ip -n "$ns" tuntap add dev "$tap" mode tap
    ip -n "$ns" addr add "$US_SCANNER_ADDR"/24 dev "$tap"
    ip -n "$ns" link set "$tap" up
}

us_whorl_version() { echo "$("$US_WHORL" --version 2>/dev/null | head -1 | sed "s/ *(.*//") (commit $(git -C "$US_ROOT" rev-parse --short HEAD 2>/dev/null))"; }

us_ensure_whorl() {
    if [[ ! -x $US_WHORL ]]; then
        us_log "building whorl (scripts/build.sh)"
        (cd "$US_ROOT" && scripts/build.sh) >&2 || us_die "build failed"
    fi
}

# us_measure ID SCANNER_NS IFACE TARGET: runs whorl US_RUNS times from SCANNER_NS against
# TARGET and writes data/measured/ID/run-N.fp (the printed fingerprint of each run; -vv so
# whorl prints it whatever the match outcome, as Nmap does with -vv). The XML of each run
# is kept under $US_CACHE/ID/. Then writes meta.txt from the US_META_* variables:
# US_META_NAME, US_META_CLASS, US_META_CPE, US_META_TOPOLOGY, US_META_SOURCE.
us_measure() {
    local id=$1 ns=$2 ifc=$3 target=$4 out=$US_ROOT/data/measured/$1 xmldir=$US_CACHE/$1 n
    us_ensure_whorl
    us_check_scanner_ns "$ns" "$ifc"
    rm -rf "$out" "$xmldir"; mkdir -p "$out" "$xmldir"
    US_META_CMD="whorl -n -Pn -O -vv -p 22,81 --max-os-tries 1 -oX run-N.xml $target"
    for ((n = 1; n <= US_RUNS; n++)); do
        us_log "$id: run $n/$US_RUNS"
        local cap=
        if command -v tcpdump >/dev/null; then
            ip netns exec "$ns" tcpdump -i "$ifc" -s 0 -U -w "$xmldir/run-$n.pcap" 2>/dev/null &
            cap=$!; US_PIDS+=("$cap"); sleep 1
        fi
        ip netns exec "$ns" "$US_WHORL" -n -Pn -O -vv -p 22,81 --max-os-tries 1 \
            -oX "$xmldir/run-$n.xml" "$target" >"$xmldir/run-$n.txt" 2>&1 ||
            us_log "$id: whorl exited $? (see $xmldir/run-$n.txt)"
        if [[ -n $cap ]]; then sleep 1; kill "$cap" 2>/dev/null; wait "$cap" 2>/dev/null || true; fi
        python3 - "$xmldir/run-$n.xml" "$out/run-$n.fp" <<'EOF' || us_log "$id: run $n printed no fingerprint"
import sys, xml.etree.ElementTree as ET
el = ET.parse(sys.argv[1]).getroot().find('.//osfingerprint')
if el is None:
    sys.exit(1)
text = el.get('fingerprint', '').strip()
lines = text.splitlines()
if lines and all(l.startswith('OS:') for l in lines):
    # the wrapped layout (OS: lines of 71 characters): one test per line, as unwrapped
    joined = ''.join(l[3:] for l in lines)
    text = '\n'.join(t + ')' for t in joined.split(')') if t)
open(sys.argv[2], 'w').write(text + '\n')
EOF
        sleep 1
    done
    {
        echo "name: $US_META_NAME"
        echo "class: $US_META_CLASS"
        echo "cpe: ${US_META_CPE:-}"
        echo "measured: $(date -u +%Y-%m-%d), $US_META_CMD (in the scanner namespace), $(us_whorl_version), nmap-os-db of nmap-common $(us_pkg_version nmap-common), kernel $(uname -r); topology: $US_META_TOPOLOGY"
        echo "source: $US_META_SOURCE"
    } >"$out/meta.txt"
    us_summary "$id"
}

# us_summary ID: prints the runs' fingerprints side by side (how stable they are).
us_summary() {
    local out=$US_ROOT/data/measured/$1 f
    us_log "$1: $(ls "$out"/run-*.fp 2>/dev/null | wc -l) fingerprints in data/measured/$1"
    for f in "$out"/run-*.fp; do
        [[ -f $f ]] || continue
        echo "== $(basename "$f")"
        cat "$f"
    done >&2
}
