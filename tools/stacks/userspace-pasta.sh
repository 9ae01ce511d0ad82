#!/usr/bin/env bash
# Role: measures passt/pasta's userspace TCP/IP handling (Debian 12 package `passt`) with
# `whorl -Pn -O` and writes data/measured/passt-pasta/ (run-1..5.fp, meta.txt).
# Usage: tools/stacks/userspace-pasta.sh   (root; from anywhere; builds whorl if missing)
# Packages (apt-get): passt nftables iproute2 python3
#
# Topology:
#   scanner netns <P>pasta-scan          host netns <P>pasta-host
#   lab0 (tap made by pasta)  <--tap-->  pasta process (runs here, --netns to the scanner)
#   198.51.100.1/24                      lab0 198.51.100.2/24 (veth whose peer lab0p is
#   no default route                     also here: the namespace's only link), no default
#                                        route, python listener on 198.51.100.2:22
# The scanner scans 198.51.100.2 over pasta's tap. pasta answers every frame on that tap
# from its own userspace code: ARP, ICMP echo (answered from a ping socket's reply), and
# TCP, whose SYN+ACK (after its connect() to 198.51.100.2:22 in the host namespace
# succeeds) and RST (connect refused, port 81) pasta builds itself. The kernel TCP stack
# of the host namespace only sees pasta's socket calls over its loopback route.
#
# Network rule: only 198.51.100.0/24 addresses; both namespaces have no default route and
# no route off the lab; pasta is given -4, --no-map-gw (the gateway is not mapped to the
# host), no port forwarding (-t/-u/-T/-U none), no DHCP/NDP/RA, no DNS, and nftables in the
# host namespace drop anything not to or from 198.51.100.0/24 or loopback. Namespaces are
# prefixed whorlus<PID>- and removed on exit by a trap.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/userspace-lib.sh"

# pasta_up: the scanner and host namespaces, the listener and pasta between them (after
# us_init); sets STACK_SCAN_NS/STACK_SCAN_IF/STACK_TARGET/STACK_PORT for
# tools/stacks/capture-synacks.sh, which sources this file.
pasta_up() {
    us_apt passt nftables iproute2 python3

    S=${US_PREFIX}pasta-scan; us_netns pasta-scan
    H=${US_PREFIX}pasta-host; us_netns pasta-host

    ip -n "$H" link add lab0 type veth peer name lab0p
    ip -n "$H" addr add 198.51.100.2/24 dev lab0
    ip -n "$H" link set lab0 up
    ip -n "$H" link set lab0p up
    us_no_route_off_lab "$H"
    us_nft_lab_only "$H"
    # pasta answers ICMP echo through a ping socket: let its group open one
    ip netns exec "$H" sysctl -qw net.ipv4.ping_group_range="0 2147483647"
    us_listener "$H" 198.51.100.2 22

    us_bg ip netns exec "$H" pasta -f -q -e -4 --runas 0:0 \
        -a 198.51.100.1 -n 24 -g 198.51.100.2 -i lab0 -I lab0 -m 1500 \
        --no-map-gw -t none -u none -T none -U none \
        --no-dhcp --no-dhcpv6 --no-ndp --no-ra \
        --netns "/run/netns/$S"
    for _ in $(seq 40); do ip -n "$S" link show lab0 >/dev/null 2>&1 && break; sleep 0.25; done
    ip -n "$S" link show lab0 >/dev/null 2>&1 || us_die "pasta made no tap in $S"
    ip -n "$S" addr add "$US_SCANNER_ADDR"/24 dev lab0
    ip -n "$S" link set lab0 up
    us_wait_tcp "$S" 198.51.100.2 22 || us_die "no TCP connection through pasta to 198.51.100.2:22"
    STACK_SCAN_NS=$S STACK_SCAN_IF=lab0 STACK_TARGET=198.51.100.2 STACK_PORT=22
}

[[ ${BASH_SOURCE[0]} == "$0" ]] || return 0
us_init
pasta_up

ver=$(us_pkg_version passt)
US_META_NAME="passt/pasta userspace TCP/IP (passt $ver, Debian 12)"
US_META_CLASS="passt | passt | | general purpose"
US_META_CPE=""
US_META_TOPOLOGY="scanner netns (198.51.100.1/24 on the tap lab0 that pasta made, no default route, no other link) -> pasta (run in a second netns whose only link is a veth with 198.51.100.2/24, no default route, nftables lab-only, listener on 198.51.100.2:22; pasta -4 --no-map-gw -t/-u/-T/-U none --no-dhcp --no-ndp --no-ra) answering for 198.51.100.2"
US_META_SOURCE="passt $ver (pasta), Debian 12 bookworm"
us_measure passt-pasta "$S" lab0 198.51.100.2
