#!/usr/bin/env bash
# tools/stacks/qemu-linux.sh: measures whorl's reference OS print of Debian 12's own kernel
# (linux-image 6.1, cloud flavour) booted in QEMU with TCG (no KVM) on a tiny busybox
# initramfs. Regenerates data/measured/linux-6.1-debian12-qemu-tcg/ (run-N.fp, meta.txt).
#
# Usage (root; build whorl first with scripts/build.sh):
#   tools/stacks/qemu-linux.sh
#   RUNS=10 WHORL_EXTRA=-T2 KPKG=linux-image-6.1.0-50-cloud-amd64 tools/stacks/qemu-linux.sh
# Packages: qemu-system-x86 (apt-get install); busybox-static and $KPKG are fetched with
# apt-get download into /var/cache/whorl-stacks and extracted there with dpkg-deb -x (the
# kernel is never installed as the host's kernel and never enters the repository).
# KPKG defaults to linux-image-6.1.0-50-cloud-amd64 (6.1.176-1, Debian 12 bookworm/main), the
# same upstream release as Debian 12's user-mode-linux package (tools/stacks/uml-linux.sh);
# the cloud kernel needs virtio, virtio_ring, virtio_pci(+_legacy_dev, _modern_dev),
# failover, net_failover and virtio_net from its own modules, which go into the initramfs.
#
# Network rule: packets only between the namespaces made here (prefix whorlst<PID>-): the
# scanner (198.51.100.1, no default route, one veth to the target namespace) and the target
# namespace, which holds a bridge br0 joining that veth and the TAP of the guest (guest
# address 198.51.100.3). QEMU runs inside the target namespace, its NIC on that TAP only.
# Everything is removed on exit, even on failure.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KPKG=${KPKG:-linux-image-6.1.0-50-cloud-amd64}
GUEST_IP=198.51.100.3
GUEST_IP6=2001:db8::3   # lib.sh's IPv6 mode (STACKS_IPV6=1) only
GUEST_MEM=${GUEST_MEM:-2048}   # MiB; below ~1 GiB the kernel lowers tcp_rmem[2] (wscale)
BOOT_TIMEOUT=${BOOT_TIMEOUT:-600}

# qemu_up: unpacks the kernel, makes the initramfs, sets up the lab (lab_trap, lab_up
# bridge) and boots the guest until port 22 answers; sets kver, upstream, debver and console
# for main, and STACK_SCAN_NS/STACK_SCAN_IF/STACK_TARGET/STACK_PORT for
# tools/stacks/capture-synacks.sh, which sources this file. With STACKS_IPV6=1 (lib.sh's
# IPv6 mode, tools/stacks/ipv6-os.sh) the guest also gets $GUEST_IP6/64: STACK_TARGET6.
qemu_up() {
  local kdir; kdir=$(stacks_deb_extract "$KPKG" "$KPKG")
  local vmlinuz; vmlinuz=$(ls "$kdir"/boot/vmlinuz-*)
  kver=${vmlinuz##*/vmlinuz-}
  local mods=() m
  for m in virtio virtio_ring virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci failover net_failover virtio_net; do
    local f; f=$(find "$kdir/lib/modules/$kver" -name "$m.ko" | head -1)
    [[ -n $f ]] || die "module $m.ko not in $KPKG"
    mods+=("$f")
  done
  local initrd="$STACKS_CACHE/initramfs-qemu-$kver.cpio.gz"
  stacks_initramfs "$initrd" "${mods[@]}"
  upstream=$(grep -m1 -o 'Linux/x86 [0-9.]*' "$kdir/boot/config-$kver" | cut -d' ' -f2)
  debver=$(cut -d_ -f2 "$kdir/.done")

  lab_trap
  lab_up bridge
  lab_add_tap tap0
  console=$(mktemp /tmp/whorl-qemu-console.XXXXXX)
  LAB_FILES+=("$console")
  log "booting $kver ($upstream) in QEMU TCG, console $console"
  in_tgt qemu-system-x86_64 -accel tcg -m "$GUEST_MEM" -smp 1 -nographic -no-reboot \
    -nodefaults -display none -monitor none -serial "file:$console" \
    -kernel "$vmlinuz" -initrd "$initrd" \
    -append "console=ttyS0 panic=-1 whorl_ip=$GUEST_IP/24${STACKS_IPV6:+ whorl_ip6=$GUEST_IP6/64}" \
    -netdev tap,id=n0,ifname=tap0,script=no,downscript=no,vnet_hdr=off \
    -device virtio-net-pci,netdev=n0,mac=52:54:00:33:64:03 &
  LAB_PIDS+=($!)
  local t0=$SECONDS
  until grep -q 'whorl-guest: listening on 22' "$console"; do
    ((SECONDS - t0 < BOOT_TIMEOUT)) || { tail -30 "$console" >&2; die "guest did not boot in $BOOT_TIMEOUT s"; }
    kill -0 "${LAB_PIDS[0]}" 2>/dev/null || { tail -30 "$console" >&2; die "qemu exited"; }
    sleep 2
  done
  log "guest up after $((SECONDS - t0)) s"
  grep 'whorl-guest:' "$console" | tr -d '\r' >&2
  lab_wait_port22 "$GUEST_IP" 120 || die "no answer on $GUEST_IP:22"
  STACK_SCAN_NS=$LAB_SCAN STACK_SCAN_IF=s0 STACK_TARGET=$GUEST_IP STACK_PORT=22
  [[ -z $STACKS_IPV6 ]] || STACK_TARGET6=$GUEST_IP6
}

main() {
  [[ $EUID == 0 ]] || die "needs root (network namespaces, raw sockets, TAP)"
  [[ -x $WHORL ]] || die "no $WHORL: run scripts/build.sh"
  stacks_apt_install qemu-system-x86 iproute2 python3
  local t_start=$SECONDS
  local kver upstream debver console
  qemu_up
  local id=linux-6.1-debian12-qemu-tcg
  measure_stack "$id" "$GUEST_IP"
  local sysctls; sysctls=$(grep -o 'whorl-guest: net.ipv4.*' "$console" | tr -d '\r' | tr '\t' ' ' | sed 's/whorl-guest: //' | paste -sd';' -)
  write_meta "$id" "Linux $upstream (Debian 12 kernel $kver, QEMU TCG)" \
    "Linux | Linux | 6.X | general purpose" "cpe:/o:linux:linux_kernel:6.1" \
    "target: Debian 12's $KPKG $debver booted with qemu-system-x86_64 $(qemu-system-x86_64 --version | head -1 | grep -o '[0-9][0-9.:+~a-z-]*' | head -1) -accel tcg -m $GUEST_MEM, virtio-net-pci on a TAP bridged in the target namespace (vnet_hdr=off), busybox initramfs: busybox httpd on port 22, port 81 closed; guest sysctls are the kernel's defaults: $sysctls" \
    "Debian 12 package $KPKG $debver (bookworm/main); no sysctl changed in the guest"
  log "total $((SECONDS - t_start)) s"
}
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then main "$@"; fi
