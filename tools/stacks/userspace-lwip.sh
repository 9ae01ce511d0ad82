#!/usr/bin/env bash
# Role: measures lwIP's TCP/IP stack (Debian 12 package `liblwip-dev`, lwIP 2.1.3, its unix
# port with the tapif netif) with `whorl -Pn -O`; writes data/measured/lwip/ (run-1..5.fp,
# meta.txt). The program is ours: tools/stacks/lwip-echo/lwip_listener.c (accepts on
# port 22 and closes), built into /var/cache/whorl-stacks/lwip-build/.
# Usage: tools/stacks/userspace-lwip.sh   (root; builds whorl if missing)
# Packages (apt-get): liblwip-dev build-essential pkg-config iproute2 python3
#
# Topology:
#   scanner netns <P>lwip-scan
#   lwip0 (TAP, kernel side) 198.51.100.1/24, no default route, no other link
#     <-- TAP fd --> lwip_listener (lwIP, 198.51.100.2/24, no gateway, listener on 22)
# The lwIP process runs in the scanner's namespace only so that tapif's TUNSETIFF finds
# the TAP device by name; it opens no kernel socket. The TAP is the link between the
# scanner's kernel and lwIP: every answer for 198.51.100.2 comes from lwIP.
#
# Network rule: only 198.51.100.0/24 addresses; the scanner namespace has no default route
# and no link but the TAP; lwIP has no gateway. The namespace is prefixed whorlus<PID>- and
# removed on exit by a trap.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/userspace-lib.sh"

# lwip_up: builds the listener and brings lwIP up behind the scanner's TAP (after us_init);
# sets STACK_SCAN_NS/STACK_SCAN_IF/STACK_TARGET/STACK_PORT for
# tools/stacks/capture-synacks.sh, which sources this file. In userspace-lib.sh's IPv6 mode
# (US_IPV6=1, tools/stacks/ipv6-os.sh; Debian's lwipopts.h builds lwIP with LWIP_IPV6) the
# TAP also has 2001:db8::1/64 and lwIP 2001:db8::2: STACK_TARGET6.
lwip_up() {
    us_apt liblwip-dev build-essential pkg-config iproute2 python3

    make -s -C "$(dirname "${BASH_SOURCE[0]}")/lwip-echo" O="$US_CACHE/lwip-build" >&2
    bin=$US_CACHE/lwip-build/lwip_listener

    S=${US_PREFIX}lwip-scan; us_netns lwip-scan
    ip -n "$S" tuntap add dev lwip0 mode tap
    ip -n "$S" addr add "$US_SCANNER_ADDR"/24 dev lwip0
    [[ -z $US_IPV6 ]] || ip -n "$S" addr add "$US_SCANNER_ADDR6"/64 dev lwip0 nodad
    ip -n "$S" link set lwip0 up
    us_bg ip netns exec "$S" "$bin" lwip0 198.51.100.2 255.255.255.0 22 ${US_IPV6:+2001:db8::2}
    us_wait_tcp "$S" 198.51.100.2 22 || us_die "no TCP connection to lwIP's 198.51.100.2:22"
    STACK_SCAN_NS=$S STACK_SCAN_IF=lwip0 STACK_TARGET=198.51.100.2 STACK_PORT=22
    if [[ -n $US_IPV6 ]]; then
        us_wait_tcp "$S" 2001:db8::2 22 10 || us_die "no TCP connection to lwIP's [2001:db8::2]:22"
        STACK_TARGET6=2001:db8::2
    fi
}

[[ ${BASH_SOURCE[0]} == "$0" ]] || return 0
us_init
lwip_up

ver=$(us_pkg_version liblwip-dev)
US_META_NAME="lwIP 2.1.3 (liblwip $ver unix port, Debian 12)"
US_META_CLASS="lwIP | lwIP | 2.1.X | general purpose"
US_META_CPE="cpe:/a:lwip_project:lwip:2.1.3"
US_META_TOPOLOGY="scanner netns with one TAP (lwip0, 198.51.100.1/24, no default route, no other link); the TAP's other end is lwIP (tools/stacks/lwip-echo/lwip_listener.c, tapif netif with PRECONFIGURED_TAPIF, 198.51.100.2/24, no gateway, netconn listener on port 22 that accepts and closes)"
US_META_SOURCE="liblwip-dev $ver (lwIP 2.1.3 with Debian's lwipopts.h: TCP_MSS 1460, TCP_WND 0xFFFF, LWIP_WND_SCALE with TCP_RCV_SCALE 1), Debian 12 bookworm"
us_measure lwip "$S" lwip0 198.51.100.2
