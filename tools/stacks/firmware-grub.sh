#!/usr/bin/env bash
# Role: measures GRUB 2.06's network stack (Debian 12 package `grub-efi-amd64-bin`: the
# net, efinet modules) with `whorl -Pn -O`; writes data/measured/grub-efi/ (run-1..5.fp,
# meta.txt). A standalone GRUB EFI image (grub-mkstandalone, built into
# /var/cache/whorl-stacks/grub-efi-vm/) boots under OVMF in qemu-system-x86_64 -accel tcg
# from a read-only virtual FAT disk; its grub.cfg gives efinet0 (the virtio-net NIC, via
# OVMF's SNP) the address 198.51.100.2 and waits in `sleep --interruptible`, which polls
# the cards. GRUB has no TCP listener and answers no TCP probe (no RST either); it answers
# ARP and one of Nmap's two ICMP echoes only (the one with code 0).
# Usage: tools/stacks/firmware-grub.sh   (root; builds whorl if missing)
# Packages (apt-get): qemu-system-x86 ovmf grub-efi-amd64-bin grub-common iproute2 iputils-ping
#
# Topology:
#   scanner netns <P>grub-scan
#   fwtap (TAP) 198.51.100.1/24, no default route, no other link
#     <-- TAP --> qemu (-nodefaults, virtio-net on netdev tap fwtap, no other NIC)
#                 -> OVMF -> GRUB (efinet0 198.51.100.2, no gateway)
# The NIC has bootindex 2 (after the disk) only so that OVMF connects its driver and GRUB
# finds an SNP handle; the disk boots first. qemu runs in the scanner namespace only to
# open the TAP; no user-mode network, no display.
#
# Network rule: only 198.51.100.0/24 addresses; the scanner namespace has no default route
# and no link but the TAP; GRUB gets no gateway. The namespace is prefixed whorlus<PID>-
# and removed on exit by a trap (which also ends qemu).
set -euo pipefail
. "$(dirname "$0")/userspace-lib.sh"
us_init
us_apt qemu-system-x86 ovmf grub-efi-amd64-bin grub-common iproute2 iputils-ping

work=$US_CACHE/grub-efi-vm
rm -rf "$work"; mkdir -p "$work/fat/EFI/BOOT"
cp /usr/share/OVMF/OVMF_VARS_4M.fd "$work/vars.fd"
cat >"$work/grub.cfg" <<'CFG'
insmod efinet
net_ls_cards
net_add_addr lab efinet0 198.51.100.2
net_ls_addr
echo whorl-ready
sleep --interruptible 3600
CFG
grub-mkstandalone -O x86_64-efi --modules="efinet net echo sleep normal" --locales= --fonts= \
    --themes= -o "$work/fat/EFI/BOOT/BOOTX64.EFI" "boot/grub/grub.cfg=$work/grub.cfg"

S=${US_PREFIX}grub-scan; us_netns grub-scan
us_scanner_tap "$S" fwtap
us_ovmf_vm "$S" "$work" ",bootindex=2"
for _ in $(seq 120); do grep -aq whorl-ready "$work/serial.log" 2>/dev/null && break; sleep 2; done
grep -aq whorl-ready "$work/serial.log" || us_die "GRUB did not come up (see $work/serial.log)"
us_wait_ping "$S" 198.51.100.2 60 || us_die "GRUB does not answer ping on 198.51.100.2"

ver=$(us_pkg_version grub-efi-amd64-bin)
US_META_NAME="GRUB 2.06 network stack (Debian 12 grub-efi-amd64-bin $ver, efinet over OVMF's virtio-net SNP, QEMU TCG)"
US_META_CLASS="GNU | GRUB | 2.X | specialized"
US_META_CPE="cpe:/a:gnu:grub2:2.06"
US_META_TOPOLOGY="scanner netns with one TAP (fwtap, 198.51.100.1/24, no default route, no other link); qemu-system-x86_64 $(us_pkg_version qemu-system-x86) -accel tcg -machine q35 -nodefaults, OVMF_CODE_4M.fd, virtio-net-pci (romfile empty) on that TAP; grub-mkstandalone x86_64-efi image whose grub.cfg runs: insmod efinet; net_add_addr lab efinet0 198.51.100.2; sleep --interruptible 3600 (no gateway); no TCP answer at all (neither port 22 nor 81)"
US_META_SOURCE="grub-efi-amd64-bin $ver (GRUB 2.06), ovmf $(us_pkg_version ovmf), qemu-system-x86 $(us_pkg_version qemu-system-x86), Debian 12 bookworm"
us_measure grub-efi "$S" fwtap 198.51.100.2
