#!/usr/bin/env bash
# Role: measures libslirp's userspace TCP/IP stack, as slirp4netns runs it (Debian 12
# packages `slirp4netns`, `libslirp0`), with `whorl -Pn -O`; writes
# data/measured/libslirp-slirp4netns/ (run-1..5.fp, meta.txt).
# Usage: tools/stacks/userspace-slirp4netns.sh   (root; builds whorl if missing)
# Packages (apt-get): slirp4netns nftables iproute2 python3
#
# Topology:
#   scanner netns <P>slirp-scan            host netns <P>slirp-host
#   tap0 (made by slirp4netns) <--tap-->   slirp4netns process (runs here)
#   198.51.100.100/24 (slirp's guest       only loopback; python listener on
#   address), no default route            127.0.0.1:22
# slirp4netns --cidr=198.51.100.0/24 makes 198.51.100.2 its virtual gateway: libslirp's
# own TCP/IP stack answers for it (ARP, ICMP echo, TCP). A connection to the gateway is
# forwarded to the host namespace's loopback (127.0.0.1:port): port 22 has the listener,
# port 81 is refused. The scanner lives inside the slirp'ed namespace and scans the
# gateway 198.51.100.2.
#
# Network rule: only 198.51.100.0/24 addresses on the lab side; the scanner namespace has
# no default route (slirp4netns runs without --configure, which would add one) and no
# link but tap0; the host namespace where slirp4netns makes its sockets has no link but
# loopback and no route at all, and nftables there accept only loopback and
# 198.51.100.0/24, so slirp can forward nothing off the machine; --disable-dns. Namespaces
# are prefixed whorlus<PID>- and removed on exit by a trap.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/userspace-lib.sh"

# slirp_up: the scanner and host namespaces, the listener and slirp4netns between them
# (after us_init); sets STACK_SCAN_NS/STACK_SCAN_IF/STACK_TARGET/STACK_PORT for
# tools/stacks/capture-synacks.sh, which sources this file.
slirp_up() {
    us_apt slirp4netns nftables iproute2 python3

    S=${US_PREFIX}slirp-scan; us_netns slirp-scan
    H=${US_PREFIX}slirp-host; us_netns slirp-host
    us_no_route_off_lab "$H"
    us_nft_lab_only "$H"
    us_listener "$H" 127.0.0.1 22

    us_bg ip netns exec "$H" slirp4netns --netns-type=path --cidr=198.51.100.0/24 --disable-dns \
        -m 1500 "/run/netns/$S" tap0
    for _ in $(seq 40); do ip -n "$S" link show tap0 >/dev/null 2>&1 && break; sleep 0.25; done
    ip -n "$S" link show tap0 >/dev/null 2>&1 || us_die "slirp4netns made no tap in $S"
    ip -n "$S" addr add 198.51.100.100/24 dev tap0
    ip -n "$S" link set tap0 up
    us_wait_tcp "$S" 198.51.100.2 22 || us_die "no TCP connection through slirp to 198.51.100.2:22"
    STACK_SCAN_NS=$S STACK_SCAN_IF=tap0 STACK_TARGET=198.51.100.2 STACK_PORT=22
}

[[ ${BASH_SOURCE[0]} == "$0" ]] || return 0
us_init
slirp_up

ver=$(us_pkg_version slirp4netns)
lver=$(us_pkg_version libslirp0)
US_META_NAME="libslirp $lver userspace TCP/IP (slirp4netns $ver, Debian 12)"
US_META_CLASS="QEMU | QEMU | | general purpose"  # as nmap-os-db classes the slirp gateway
US_META_CPE="cpe:/a:qemu:qemu"
US_META_TOPOLOGY="scanner netns (198.51.100.100/24 on slirp4netns's tap0, no default route, no other link) scanning slirp's virtual gateway 198.51.100.2 (slirp4netns --cidr=198.51.100.0/24 --disable-dns -m 1500, without --configure); slirp4netns runs in a netns with only loopback (no route, nftables lab-only), listener on 127.0.0.1:22 there"
US_META_SOURCE="slirp4netns $ver, libslirp0 $lver, Debian 12 bookworm"
us_measure libslirp-slirp4netns "$S" tap0 198.51.100.2
