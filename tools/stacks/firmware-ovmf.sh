#!/usr/bin/env bash
# Role: measures EDK2's network stack (NetworkPkg: MNP, ARP, IP4, TCP; Debian 12 package
# `ovmf` 2022.11) with `whorl -Pn -O`; writes data/measured/edk2-ovmf/ (run-1..5.fp,
# meta.txt). OVMF boots in qemu-system-x86_64 -accel tcg (q35) with a virtio-net NIC
# (romfile= empty: OVMF's own VirtioNetDxe, no iPXE ROM) on a lab TAP and a read-only
# virtual FAT disk whose startup.nsh makes the UEFI Shell connect every driver and give
# eth0 the static address 198.51.100.2/24 (the Shell insists on a gateway: 198.51.100.1,
# the scanner, on the same link). The disk has bootindex 1 and the NIC none, so OVMF
# skips its PXE and HTTP boot attempts and reaches the Shell at once. Then the Shell waits
# at its prompt and EDK2 keeps polling the NIC. It answers ARP and ICMP echo; TCP gets no
# answer at all, neither SYN+ACK nor RST (also tried with `reconnect -r` after the address
# was set, so that TcpDxe starts on a configured IP4: no change).
# Usage: tools/stacks/firmware-ovmf.sh   (root; builds whorl if missing)
# Packages (apt-get): qemu-system-x86 ovmf iproute2 iputils-ping
#
# Topology:
#   scanner netns <P>ovmf-scan
#   fwtap (TAP) 198.51.100.1/24, no default route, no other link
#     <-- TAP --> qemu (-nodefaults, virtio-net on netdev tap fwtap, no other NIC)
#                 -> OVMF + UEFI Shell, eth0 198.51.100.2/24
# qemu runs in the scanner namespace only to open the TAP; no user-mode network, no
# display, serial to /var/cache/whorl-stacks/edk2-ovmf/serial.log.
#
# Network rule: only 198.51.100.0/24 addresses; the scanner namespace has no default route
# and no link but the TAP. The namespace is prefixed whorlus<PID>- and removed on exit by
# a trap (which also ends qemu).
set -euo pipefail
. "$(dirname "$0")/userspace-lib.sh"
us_init
us_apt qemu-system-x86 ovmf iproute2 iputils-ping

work=$US_CACHE/edk2-ovmf-vm
rm -rf "$work"; mkdir -p "$work/fat"
cp /usr/share/OVMF/OVMF_VARS_4M.fd "$work/vars.fd"
printf 'connect -r\r\nifconfig -s eth0 static 198.51.100.2 255.255.255.0 198.51.100.1\r\nifconfig -l eth0\r\necho whorl-ready\r\n' >"$work/fat/startup.nsh"

S=${US_PREFIX}ovmf-scan; us_netns ovmf-scan
us_scanner_tap "$S" fwtap
us_ovmf_vm "$S" "$work"
us_wait_ping "$S" 198.51.100.2 240 || us_die "OVMF does not answer ping on 198.51.100.2 (see $work/serial.log)"
sleep 2

ver=$(us_pkg_version ovmf)
US_META_NAME="EDK2 NetworkPkg in OVMF (Debian 12 ovmf $ver, UEFI Shell, virtio-net in QEMU TCG)"
US_META_CLASS="TianoCore | EDK II | | specialized"
US_META_CPE="cpe:/a:tianocore:edk2"
US_META_TOPOLOGY="scanner netns with one TAP (fwtap, 198.51.100.1/24, no default route, no other link); qemu-system-x86_64 $(us_pkg_version qemu-system-x86) -accel tcg -machine q35 -nodefaults with OVMF_CODE_4M.fd, virtio-net-pci (romfile empty) on that TAP, UEFI Shell startup.nsh: connect -r; ifconfig -s eth0 static 198.51.100.2 255.255.255.0 198.51.100.1; the Shell then idles at its prompt; no TCP answer at all (neither port 22 nor 81)"
US_META_SOURCE="ovmf $ver (EDK2 edk2-stable202211), qemu-system-x86 $(us_pkg_version qemu-system-x86), Debian 12 bookworm"
us_measure edk2-ovmf "$S" fwtap 198.51.100.2
