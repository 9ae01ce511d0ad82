#!/usr/bin/env bash
# tools/stacks/uml-linux.sh: measures whorl's reference OS print of Debian 12's 6.1 kernel
# run as user-mode Linux (package user-mode-linux, binary `linux`) on the same tiny busybox
# initramfs as tools/stacks/qemu-linux.sh. Regenerates
# data/measured/linux-6.1-debian12-uml/ (run-N.fp, meta.txt).
#
# Usage (root; build whorl first with scripts/build.sh):
#   tools/stacks/uml-linux.sh
#   RUNS=10 WHORL_EXTRA=-T2 tools/stacks/uml-linux.sh
# Packages: user-mode-linux (apt-get install; Debian 12's is 6.1um4, kernel 6.1.176, with
# the vector network driver built in); busybox-static is fetched with apt-get download into
# /var/cache/whorl-stacks and extracted there, never installed.
#
# Network rule: packets only between the namespaces made here (prefix whorlst<PID>-): the
# scanner (198.51.100.1, no default route, one veth to the target namespace) and the target
# namespace, which holds a bridge br0 joining that veth and a TAP; the UML guest
# (198.51.100.4) runs inside the target namespace and attaches to that TAP with its vector
# driver (vec0:transport=tap). Everything is removed on exit, even on failure.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

GUEST_IP=198.51.100.4
GUEST_IP6=2001:db8::4   # lib.sh's IPv6 mode (STACKS_IPV6=1) only
GUEST_MEM=${GUEST_MEM:-2048}   # MiB; below ~1 GiB the kernel lowers tcp_rmem[2] (wscale)
BOOT_TIMEOUT=${BOOT_TIMEOUT:-300}
UML=${UML:-/usr/bin/linux.uml}

# uml_up: makes the initramfs, sets up the lab (lab_trap, lab_up bridge) and boots the
# guest until port 22 answers; sets umlver, kver and console for main, and
# STACK_SCAN_NS/STACK_SCAN_IF/STACK_TARGET/STACK_PORT for tools/stacks/capture-synacks.sh,
# which sources this file. With STACKS_IPV6=1 (lib.sh's IPv6 mode, tools/stacks/ipv6-os.sh)
# the guest also gets $GUEST_IP6/64: STACK_TARGET6.
uml_up() {
  umlver=$(dpkg-query -W -f '${Version}' user-mode-linux)
  kver=$("$UML" --version 2>/dev/null | head -1)
  local initrd="$STACKS_CACHE/initramfs-uml.cpio.gz"
  if [[ -n $STACKS_IPV6 ]]; then
    # Debian builds IPv6 into its UML kernel as a module (CONFIG_IPV6=m): ipv6.ko and the
    # one module it depends on (modules.dep) go into the IPv6 mode's own initramfs
    local mdir=/usr/lib/uml/modules/$kver/kernel
    initrd="$STACKS_CACHE/initramfs-uml-ipv6.cpio.gz"
    stacks_initramfs "$initrd" "$mdir/lib/crc-ccitt.ko" "$mdir/net/ipv6/ipv6.ko"
  else
    stacks_initramfs "$initrd"
  fi

  lab_trap
  lab_up bridge
  lab_add_tap tap0
  console=$(mktemp /tmp/whorl-uml-console.XXXXXX)
  local tmp; tmp=$(mktemp -d /tmp/whorl-uml.XXXXXX)   # UML's memory file lives in TMPDIR
  LAB_FILES+=("$console" "$tmp")
  log "booting user-mode Linux $kver ($umlver), console $console"
  in_tgt env TMPDIR="$tmp" "$UML" mem="${GUEST_MEM}M" initrd="$initrd" \
    vec0:transport=tap,ifname=tap0 \
    con=null con0=null,fd:1 ssl=null \
    panic=-1 "whorl_ip=$GUEST_IP/24" ${STACKS_IPV6:+"whorl_ip6=$GUEST_IP6/64"} </dev/null >"$console" 2>&1 &
  LAB_PIDS+=($!)
  local t0=$SECONDS
  until grep -q 'whorl-guest: listening on 22' "$console"; do
    ((SECONDS - t0 < BOOT_TIMEOUT)) || { tail -30 "$console" >&2; die "guest did not boot in $BOOT_TIMEOUT s"; }
    kill -0 "${LAB_PIDS[0]}" 2>/dev/null || { tail -30 "$console" >&2; die "linux (UML) exited"; }
    sleep 1
  done
  log "guest up after $((SECONDS - t0)) s"
  grep 'whorl-guest:' "$console" | tr -d '\r' >&2
  lab_wait_port22 "$GUEST_IP" 60 || die "no answer on $GUEST_IP:22"
  STACK_SCAN_NS=$LAB_SCAN STACK_SCAN_IF=s0 STACK_TARGET=$GUEST_IP STACK_PORT=22
  [[ -z $STACKS_IPV6 ]] || STACK_TARGET6=$GUEST_IP6
}

main() {
  [[ $EUID == 0 ]] || die "needs root (network namespaces, raw sockets, TAP)"
  [[ -x $WHORL ]] || die "no $WHORL: run scripts/build.sh"
  stacks_apt_install user-mode-linux iproute2 python3
  local t_start=$SECONDS
  local umlver kver console
  uml_up
  local id=linux-6.1-debian12-uml
  measure_stack "$id" "$GUEST_IP"
  local sysctls; sysctls=$(grep -o 'whorl-guest: net.ipv4.*' "$console" | tr -d '\r' | tr '\t' ' ' | sed 's/whorl-guest: //' | paste -sd';' -)
  write_meta "$id" "Linux $kver (Debian 12 user-mode-linux $umlver)" \
    "Linux | Linux | 6.X | general purpose" "cpe:/o:linux:linux_kernel:6.1" \
    "target: Debian 12's user-mode-linux $umlver (/usr/bin/linux.uml mem=${GUEST_MEM}M vec0:transport=tap) on a TAP bridged in the target namespace, busybox initramfs: busybox httpd on port 22, port 81 closed; guest sysctls are the kernel's defaults: $sysctls" \
    "Debian 12 package user-mode-linux $umlver (bookworm/main); no sysctl changed in the guest"
  log "total $((SECONDS - t_start)) s"
}
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then main "$@"; fi
