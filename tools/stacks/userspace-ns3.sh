#!/usr/bin/env bash
# Role: measures ns-3's simulated TCP/IP stack (Debian 12 packages `libns3-dev`/`ns3`,
# ns-3 3.37) on a real TAP device with `whorl -Pn -O`; writes data/measured/ns3/
# (run-1..5.fp, meta.txt). The program is ours: tools/stacks/ns3-listener/ns3_listener.cc
# (one node, FdNetDevice on the TAP, real-time simulator with checksums, ns3::PacketSink on
# TCP port 22), built into /var/cache/whorl-stacks/ns3-build/.
# Usage: tools/stacks/userspace-ns3.sh   (root; builds whorl if missing)
# Packages (apt-get): libns3-dev ns3 libgsl-dev g++ make pkg-config iproute2 python3
#
# Topology:
#   scanner netns <P>ns3-scan
#   ns3tap (TAP, kernel side) 198.51.100.1/24, no default route, no other link
#     <-- TAP fd --> ns3_listener (ns-3 node, 198.51.100.2/24, no gateway, TCP sink on 22)
# The ns-3 process runs in the scanner's namespace only so that TUNSETIFF finds the TAP by
# name; it opens no kernel socket. Every answer for 198.51.100.2 comes from ns-3's stack.
#
# Note: ns-3 keeps SYN option state on the listening socket (TcpSocketBase::DoForwardUp): the
# first SYN without window scale / SACK / timestamps (whorl's port-scan SYN, like Nmap's)
# switches them off for every later connection, so the OS probes get no options back.
#
# Network rule: only 198.51.100.0/24 addresses; the scanner namespace has no default route
# and no link but the TAP; the ns-3 node has no gateway. The namespace is prefixed
# whorlus<PID>- and removed on exit by a trap.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/userspace-lib.sh"

# ns3_up: builds the listener and brings the ns-3 node up behind the scanner's TAP (after
# us_init); sets STACK_SCAN_NS/STACK_SCAN_IF/STACK_TARGET/STACK_PORT for
# tools/stacks/capture-synacks.sh, which sources this file.
ns3_up() {
    us_apt libns3-dev ns3 libgsl-dev g++ make pkg-config iproute2 python3

    make -s -C "$(dirname "${BASH_SOURCE[0]}")/ns3-listener" O="$US_CACHE/ns3-build" >&2
    bin=$US_CACHE/ns3-build/ns3_listener

    S=${US_PREFIX}ns3-scan; us_netns ns3-scan
    ip -n "$S" tuntap add dev ns3tap mode tap
    ip -n "$S" addr add "$US_SCANNER_ADDR"/24 dev ns3tap
    ip -n "$S" link set ns3tap up
    us_bg ip netns exec "$S" "$bin" ns3tap 198.51.100.2 24 22
    us_wait_tcp "$S" 198.51.100.2 22 || us_die "no TCP connection to ns-3's 198.51.100.2:22"
    STACK_SCAN_NS=$S STACK_SCAN_IF=ns3tap STACK_TARGET=198.51.100.2 STACK_PORT=22
}

[[ ${BASH_SOURCE[0]} == "$0" ]] || return 0
us_init
ns3_up

ver=$(us_pkg_version libns3-dev)
US_META_NAME="ns-3 3.37 simulated TCP/IP stack (libns3-dev $ver, Debian 12)"
US_META_CLASS="ns-3 | ns-3 | 3.X | specialized"
US_META_CPE="cpe:/a:nsnam:ns-3:3.37"
US_META_TOPOLOGY="scanner netns with one TAP (ns3tap, 198.51.100.1/24, no default route, no other link); the TAP's other end is an ns-3 node (tools/stacks/ns3-listener/ns3_listener.cc: FdNetDevice in DIX mode on the TAP fd, RealtimeSimulatorImpl, ChecksumEnabled, InternetStackHelper IPv4 with default TcpL4Protocol settings, 198.51.100.2/24, no gateway, ns3::PacketSink on TCP port 22). ns-3 processes a SYN's options on the listening socket itself and clears its window-scale, SACK and timestamp flags when a SYN lacks them, for good: whorl's port-scan SYN (MSS only, as Nmap's) therefore switches them off before the OS probes, and ns-3 never sends an MSS option, so the OS probes' SYN+ACKs carry no options; its ISN is always 0"
US_META_SOURCE="libns3-dev $ver and ns3 $(us_pkg_version ns3) (ns-3 3.37), Debian 12 bookworm"
us_measure ns3 "$S" ns3tap 198.51.100.2
