#!/usr/bin/env bash
# Role: measures iPXE's TCP/IP stack (Debian 12 packages `ipxe`/`ipxe-qemu`, iPXE
# 1.0.0+git-20190125.36a4c85) with `whorl -Pn -O`; writes data/measured/ipxe/ (run-1..5.fp,
# meta.txt). iPXE runs as ipxe.lkrn (the same iPXE source and network stack as the
# ipxe-qemu NIC ROMs, but it takes its script from the kernel command line, so no DHCP
# server is needed) in qemu-system-x86_64 -accel tcg with an emulated e1000 on a lab TAP.
# Its script opens net0 with the static address 198.51.100.2/24 and sleeps (iPXE keeps
# polling the NIC meanwhile). iPXE has no TCP listener and sends no RST: TCP probes get no
# answer, so the print has no open or closed port; only ICMP echo is answered.
# Usage: tools/stacks/firmware-ipxe.sh   (root; builds whorl if missing)
# Packages (apt-get): qemu-system-x86 ipxe ipxe-qemu iproute2 iputils-ping
#
# Topology:
#   scanner netns <P>ipxe-scan
#   fwtap (TAP) 198.51.100.1/24, no default route, no other link
#     <-- TAP --> qemu (-nodefaults, e1000 on netdev tap fwtap, no other NIC) -> iPXE 198.51.100.2
# qemu runs in the scanner namespace only to open the TAP; it has no user-mode network,
# no display, serial to a file in /var/cache/whorl-stacks/ipxe/.
#
# Network rule: only 198.51.100.0/24 addresses; the scanner namespace has no default route
# and no link but the TAP; iPXE gets no gateway. The namespace is prefixed whorlus<PID>-
# and removed on exit by a trap (which also ends qemu).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/userspace-lib.sh"

# ipxe_up: the scanner namespace and iPXE (ipxe.lkrn in QEMU TCG) on its TAP, up once it
# answers ping (after us_init); sets STACK_SCAN_NS/STACK_SCAN_IF/STACK_TARGET/STACK_PORT for
# tools/stacks/capture-synacks.sh, which sources this file.
ipxe_up() {
    us_apt qemu-system-x86 ipxe ipxe-qemu iproute2 iputils-ping

    S=${US_PREFIX}ipxe-scan; us_netns ipxe-scan
    us_scanner_tap "$S" fwtap
    mkdir -p "$US_CACHE/ipxe"
    us_bg ip netns exec "$S" qemu-system-x86_64 -accel tcg -m 256 -nodefaults -no-user-config \
        -display none -serial "file:$US_CACHE/ipxe/serial.log" \
        -kernel /usr/lib/ipxe/ipxe.lkrn \
        -append "ifopen net0 && set net0/ip 198.51.100.2 && set net0/netmask 255.255.255.0 && sleep 3600" \
        -netdev tap,id=n0,ifname=fwtap,script=no,downscript=no \
        -device e1000,netdev=n0,mac=52:54:00:33:64:02
    us_wait_ping "$S" 198.51.100.2 120 || us_die "iPXE does not answer ping on 198.51.100.2"
    STACK_SCAN_NS=$S STACK_SCAN_IF=fwtap STACK_TARGET=198.51.100.2 STACK_PORT=22
}

[[ ${BASH_SOURCE[0]} == "$0" ]] || return 0
us_init
ipxe_up

ver=$(us_pkg_version ipxe)
US_META_NAME="iPXE 1.0.0+git-20190125.36a4c85 (Debian 12 ipxe $ver, ipxe.lkrn, e1000 in QEMU TCG)"
US_META_CLASS="iPXE | iPXE | | specialized"
US_META_CPE="cpe:/a:ipxe:ipxe"
US_META_TOPOLOGY="scanner netns with one TAP (fwtap, 198.51.100.1/24, no default route, no other link); qemu-system-x86_64 $(us_pkg_version qemu-system-x86) -accel tcg -nodefaults, e1000 on that TAP, -kernel /usr/lib/ipxe/ipxe.lkrn with the script 'ifopen net0 && set net0/ip 198.51.100.2 && set net0/netmask 255.255.255.0 && sleep 3600' (no gateway); iPXE has no TCP listener and answers no TCP probe, so neither port 22 nor 81 answers"
US_META_SOURCE="ipxe $ver and ipxe-qemu $(us_pkg_version ipxe-qemu) (iPXE git 36a4c85), qemu-system-x86 $(us_pkg_version qemu-system-x86), Debian 12 bookworm"
us_measure ipxe "$S" fwtap 198.51.100.2
