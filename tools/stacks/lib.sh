# shellcheck shell=bash
# tools/stacks/lib.sh: shared lab helpers for the scripts that measure whorl's reference OS
# prints on real TCP/IP stacks (tools/stacks/kernel-sysctl-profiles.sh, qemu-linux.sh,
# uml-linux.sh). Sourced, never run.
#
# Network rule (never broken): packets only travel between the network namespaces made
# here, addressed from 198.51.100.0/24. The scanner namespace (198.51.100.1) has one link,
# a veth to the target namespace, and no default route. Guests (QEMU, UML) attach to a TAP
# that lives inside the target namespace, bridged there with the scanner's link. Every
# namespace is named with the prefix whorlst<PID>- and is removed on exit, failure and
# signals included (trap). The host's own network is never touched: links are created
# directly inside the lab namespaces.
#
# Packages: iproute2 and python3 (apt-get install, by stacks_apt_install); Debian packages
# that must not be installed (busybox-static, a linux-image) are fetched with apt-get
# download and unpacked with dpkg-deb -x into /var/cache/whorl-stacks, never into the
# repository. RUNS (default 10: the committed data) sets the runs per stack, WHORL the
# binary (default build/whorl), WHORL_EXTRA extra whorl flags such as -T2.
#
# IPv6 (opt-in, STACKS_IPV6=1, used by tools/stacks/ipv6-os.sh; unset, every helper behaves
# as it always did and IPv6 stays disabled): the scanner gets 2001:db8::1/64 beside its IPv4
# address, a host-mode target the address given as lab_up's third argument, guests the one
# given to stacks_initramfs's /init as whorl_ip6=. Addresses come from 2001:db8::/64 only:
# no link-local address is generated (addr_gen_mode 1), router advertisements are not
# accepted (accept_ra 0), so there is no IPv6 default route either (checked).
set -euo pipefail

STACKS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STACKS_CACHE=${STACKS_CACHE:-/var/cache/whorl-stacks}
STACKS_PREFIX="whorlst$$-"
LAB_SCAN="${STACKS_PREFIX}scan"
LAB_TGT="${STACKS_PREFIX}tgt"
LAB_SCAN_IP=198.51.100.1
LAB_SCAN_IP6=2001:db8::1
STACKS_IPV6=${STACKS_IPV6:-}
LAB_PIDS=()            # processes started by this script (guests, listeners), killed on exit
LAB_FILES=()           # temporary files and directories, removed on exit
WHORL=${WHORL:-$STACKS_ROOT/build/whorl}
RUNS=${RUNS:-10}
# whorl's command line (timing flags may be added per stack with WHORL_EXTRA). -vv makes
# whorl, as Nmap, print the fingerprint (<osfingerprint>) even when a perfect match exists.
WHORL_ARGS=(-n -Pn -O -vv -p 22,81 --max-os-tries 1)

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# apt-get install the given packages if any is missing (Debian 12 host).
stacks_apt_install() {
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  ((${#missing[@]} == 0)) && return 0
  log "apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Fetch one Debian package into the cache and extract it into $STACKS_CACHE/<dir>;
# prints the extraction directory. Never installs it.
stacks_deb_extract() {
  local pkg=$1 dir=$STACKS_CACHE/$2 deb
  mkdir -p "$STACKS_CACHE"
  deb=$(ls "$STACKS_CACHE/${pkg}"_*.deb 2>/dev/null | head -1 || true)
  if [[ -z $deb ]]; then
    (cd "$STACKS_CACHE" && apt-get download "$pkg" 2>&1 | grep -v unsandboxed >&2) || die "apt-get download $pkg"
    deb=$(ls "$STACKS_CACHE/${pkg}"_*.deb | head -1)
  fi
  if [[ ! -e $dir/.done || $dir/.done -ot $deb ]]; then
    rm -rf "$dir"; mkdir -p "$dir"
    dpkg-deb -x "$deb" "$dir"
    basename "$deb" >"$dir/.done"
  fi
  printf '%s\n' "$dir"
}

# The static busybox of Debian 12 (package busybox-static, extracted, not installed: it
# conflicts with the busybox package some tools here use).
stacks_busybox() {
  local d; d=$(stacks_deb_extract busybox-static busybox-static)
  printf '%s\n' "$d/bin/busybox"
}

lab_cleanup() {
  local rc=$?
  (
    set +e
    for pid in "${LAB_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${LAB_PIDS[@]}"; do
      for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.3; done
      kill -9 "$pid" 2>/dev/null
    done
    for ns in $(ip netns list | awk '{print $1}' | grep "^${STACKS_PREFIX}"); do
      ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null
      ip netns del "$ns"
    done
    ((${#LAB_FILES[@]})) && rm -rf "${LAB_FILES[@]}"
  )
  LAB_PIDS=()
  LAB_FILES=()
  return $rc
}

lab_trap() {
  trap lab_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

in_scan() { ip netns exec "$LAB_SCAN" "$@"; }
in_tgt() { ip netns exec "$LAB_TGT" "$@"; }

# Scanner and target namespaces joined by a veth made inside them (s0 <-> t0). The
# scanner gets 198.51.100.1/24 and no default route. With "bridge", the target namespace
# gets a bridge br0 holding t0 (and later the guests' TAPs) and no address of its own; else
# the target namespace itself is the host under test at $2 (e.g. 198.51.100.2).
lab_up() {
  local mode=$1 tgt_ip=${2:-} tgt_ip6=${3:-}
  ip netns add "$LAB_SCAN"
  ip netns add "$LAB_TGT"
  ip link add s0 netns "$LAB_SCAN" type veth peer name t0 netns "$LAB_TGT"
  if [[ -n $STACKS_IPV6 ]]; then
    lab_ipv6_sysctls "$LAB_SCAN" s0
  else
    in_scan sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  fi
  in_scan ip link set lo up
  in_scan ip addr add "$LAB_SCAN_IP/24" dev s0
  [[ -n $STACKS_IPV6 ]] && in_scan ip addr add "$LAB_SCAN_IP6/64" dev s0 nodad
  in_scan ip link set s0 up
  in_tgt ip link set lo up
  if [[ $mode == bridge ]]; then
    # the bridge only forwards (IPv6 frames too): no address of its own in either mode
    in_tgt sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    in_tgt ip link add br0 type bridge forward_delay 0 stp_state 0
    # IPv6: no MLD snooping, so neighbor solicitations reach the guest whatever it reported
    [[ -n $STACKS_IPV6 ]] && in_tgt ip link set br0 type bridge mcast_snooping 0
    in_tgt ip link set t0 master br0
    in_tgt ip link set t0 up
    in_tgt ip link set br0 up
  else
    [[ -n $STACKS_IPV6 ]] && lab_ipv6_sysctls "$LAB_TGT" t0
    in_tgt ip addr add "$tgt_ip/24" dev t0
    if [[ -n $STACKS_IPV6 ]]; then
      [[ $tgt_ip6 == 2001:db8:* ]] || die "lab_up: IPv6 target address $tgt_ip6 not in 2001:db8::/32"
      in_tgt ip addr add "$tgt_ip6/64" dev t0 nodad
    fi
    in_tgt ip link set t0 up
  fi
  # the rule, checked: no default route in the scanner namespace
  ! in_scan ip route show default | grep -q . || die "scanner namespace has a default route"
  ! in_scan ip -6 route show default | grep -q . || die "scanner namespace has an IPv6 default route"
  [[ -z $STACKS_IPV6 ]] || lab_check_ipv6_addresses "$LAB_SCAN"
}

# IPv6 mode: NS's IPv6 on, without link-local addresses, router advertisements or duplicate
# address detection (on IFACE, which must not be up yet, and on links made later).
lab_ipv6_sysctls() {
  local ns=$1 ifc=$2 k
  for k in all default "$ifc"; do
    ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$k.disable_ipv6=0" "net.ipv6.conf.$k.accept_ra=0" \
      "net.ipv6.conf.$k.accept_dad=0" "net.ipv6.conf.$k.autoconf=0"
    [[ $k == all ]] || ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$k.addr_gen_mode=1"
  done
}

# IPv6 mode: every IPv6 address in NS is loopback or in 2001:db8::/32.
lab_check_ipv6_addresses() {
  local a
  for a in $(ip -n "$1" -o -6 addr show | awk '{print $4}'); do
    [[ $a == ::1/128 || $a == 2001:db8:* ]] || die "$1 has IPv6 address $a outside 2001:db8::/32"
  done
}

# A TAP inside the target namespace, enslaved to br0 (for a QEMU or UML guest).
lab_add_tap() {
  local tap=$1
  in_tgt ip tuntap add dev "$tap" mode tap
  in_tgt ip link set "$tap" master br0
  in_tgt ip link set "$tap" up
}

# Wait until $1 (an address) answers a TCP connect on port 22 from the scanner, at most $2 s.
lab_wait_port22() {
  local ip=$1 limit=${2:-60} t0=$SECONDS
  while ((SECONDS - t0 < limit)); do
    if in_scan timeout 3 bash -c "exec 3<>/dev/tcp/$ip/22" 2>/dev/null; then return 0; fi
    sleep 1
  done
  return 1
}

# Run whorl $RUNS times against $2 and store each observed fingerprint as
# data/measured/$1/run-N.fp. Extra whorl flags come from WHORL_EXTRA (e.g. "-T2").
# Prints one line per run: the file, and whether SEQ/OPS/WIN/T1 answered.
measure_stack() {
  local id=$1 ip=$2 out=$STACKS_ROOT/data/measured/$1 n xml fp t0
  local -a extra=()
  [[ -n ${WHORL_EXTRA:-} ]] && read -ra extra <<<"$WHORL_EXTRA"
  mkdir -p "$out"
  rm -f "$out"/run-*.fp
  local tmp; tmp=$(mktemp -d /tmp/whorl-stacks.XXXXXX)
  LAB_FILES+=("$tmp")
  for ((n = 1; n <= RUNS; n++)); do
    xml=$tmp/run-$n.xml
    t0=$SECONDS
    in_scan "$WHORL" "${WHORL_ARGS[@]}" "${extra[@]}" -oX "$xml" "$ip" >"$tmp/run-$n.txt" 2>&1 ||
      { cat "$tmp/run-$n.txt" >&2; die "whorl failed on $id run $n"; }
    fp=$out/run-$n.fp
    python3 - "$xml" "$fp" <<'PY' || { cat "$tmp/run-$n.txt" >&2; die "$id run $n: no <osfingerprint> in the XML"; }
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
el = root.find(".//osfingerprint")
if el is None:
    sys.exit(1)
text = el.get("fingerprint").rstrip("\n") + "\n"
open(sys.argv[2], "w").write(text)
PY
    local flat; flat=$(sed 's/^OS://' "$fp" | tr -d '\n')
    local ok=yes t
    for t in 'SEQ(' 'OPS(' 'WIN(' 'T1(R=Y'; do [[ $flat == *"$t"* ]] || ok="no ($t missing)"; done
    [[ $flat == *'SEQ(SP='* || $flat == *'SEQ(CI='* || $flat == *'SEQ(II='* || $flat == *'SEQ(TI='* ]] || ok="no (SEQ empty)"
    log "$id run $n: $((SECONDS - t0)) s, answered: $ok"
    [[ $ok == yes ]] || { cat "$tmp/run-$n.txt" >&2; }
  done
  rm -rf "$tmp"
}

# meta.txt of one stack: name, class, cpe, measured (how), source (citations).
write_meta() {
  local id=$1 name=$2 class=$3 cpe=$4 how=$5 source=$6
  local ver; ver=$("$WHORL" --version 2>/dev/null | head -1 | sed 's/ (.*//; s/ version / /')
  local commit; commit=$(git -C "$STACKS_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
  local built; built=$(date -u -r "$WHORL" '+%F %H:%M UTC')
  ver="$ver (${WHORL#"$STACKS_ROOT"/} built $built; repository at $commit when measured)"
  cat >"$STACKS_ROOT/data/measured/$id/meta.txt" <<EOF
name: $name
class: $class
cpe: $cpe
measured: $(date -u +%F) by ${0#"$STACKS_ROOT"/}; $RUNS runs of \`whorl ${WHORL_ARGS[*]}${WHORL_EXTRA:+ $WHORL_EXTRA} -oX run-N.xml <target>\` from a scanner namespace (no default route) over a veth; $ver; host kernel $(uname -r); $how
source: $source
EOF
}

# A tiny initramfs for the guests (QEMU and UML): Debian 12's static busybox, the kernel
# modules given (loaded in that order with insmod), and an /init that brings the first
# non-loopback interface up with the address given on the kernel command line as
# whorl_ip=198.51.100.X/24 (and, only when the command line has whorl_ip6=2001:db8::X/64,
# that IPv6 address as lib.sh's IPv6 mode wants it), prints the TCP sysctls to the console,
# and serves port 22 with busybox httpd (port 81 stays closed; httpd's socket is dual-stack
# whenever the kernel has IPv6). Usage: stacks_initramfs OUT.cpio.gz [MODULE.ko...]
stacks_initramfs() {
  local out=$1; shift
  local bb; bb=$(stacks_busybox)
  local root; root=$(mktemp -d /tmp/whorl-initramfs.XXXXXX)
  mkdir -p "$root"/{bin,dev,proc,sys,tmp,www,lib/modules}
  cp "$bb" "$root/bin/busybox"
  ln -s busybox "$root/bin/sh"
  local m i=0
  for m in "$@"; do
    i=$((i + 1))
    cp "$m" "$root/lib/modules/$(printf %02d "$i")-$(basename "$m")"
  done
  cat >"$root/init" <<'INIT'
#!/bin/sh
export PATH=/bin
bb=/bin/busybox
$bb mount -t proc proc /proc
$bb mount -t sysfs sys /sys
$bb mount -t devtmpfs dev /dev 2>/dev/null
for m in /lib/modules/*.ko; do [ -e "$m" ] && $bb insmod "$m"; done
ip=$($bb sed -n 's/.*whorl_ip=\([0-9./]*\).*/\1/p' /proc/cmdline)
ip6=$($bb sed -n 's/.*whorl_ip6=\(2001:db8:[0-9a-f:/]*\).*/\1/p' /proc/cmdline)
$bb ip link set lo up
dev=
for i in 1 2 3 4 5 6 7 8 9 10; do
  dev=$($bb ls /sys/class/net | $bb grep -v '^lo$' | $bb head -1)
  [ -n "$dev" ] && break
  $bb sleep 1
done
$bb ip addr add "$ip" dev "$dev"
if [ -n "$ip6" ]; then
  # IPv6 (whorl_ip6=, lib.sh's opt-in mode): that address only, no link-local one, no
  # router advertisement accepted, no duplicate address detection
  for k in all default "$dev"; do
    echo 0 >/proc/sys/net/ipv6/conf/$k/accept_ra
    echo 0 >/proc/sys/net/ipv6/conf/$k/accept_dad
    echo 0 >/proc/sys/net/ipv6/conf/$k/autoconf
  done
  echo 1 >/proc/sys/net/ipv6/conf/$dev/addr_gen_mode
  $bb ip -6 addr add "$ip6" dev "$dev"
  echo "whorl-guest: $dev $ip6"
fi
$bb ip link set "$dev" up
echo "whorl-guest: $dev $ip up"
for k in tcp_rmem tcp_wmem tcp_timestamps tcp_sack tcp_window_scaling tcp_ecn ip_default_ttl tcp_congestion_control; do
  echo "whorl-guest: net.ipv4.$k = $($bb cat /proc/sys/net/ipv4/$k)"
done
echo "whorl-guest: kernel $($bb uname -r)"
$bb httpd -p 22 -h /www
echo "whorl-guest: listening on 22"
while :; do $bb sleep 3600; done
INIT
  chmod 755 "$root/init"
  (cd "$root" && find . | "$bb" cpio -o -H newc 2>/dev/null | gzip -9) >"$out"
  rm -rf "$root"
}
