#!/usr/bin/env bash
# tools/stacks/kernel-sysctl-profiles.sh: measures whorl's reference OS prints of THIS
# machine's Linux kernel (uname -r) under the network sysctls that today's distributions set
# by default, each applied in a fresh target network namespace. Regenerates
# data/measured/linux-<major.minor>-<profile>/ (run-1.fp .. run-$RUNS.fp, meta.txt).
#
# Usage (root, from anywhere; build whorl first with scripts/build.sh):
#   tools/stacks/kernel-sysctl-profiles.sh [PROFILE...]     # default: every profile
#   RUNS=10 WHORL=build/whorl tools/stacks/kernel-sysctl-profiles.sh debian
# Profiles: debian ubuntu2404 rhel9 alpine android (see profile_* below).
# Packages (apt-get): iproute2, python3; busybox-static is fetched with apt-get download into
# /var/cache/whorl-stacks and extracted there (its httpd is the port-22 listener), never
# installed.
#
# Network rule: packets only between the two namespaces made here (prefix whorlst<PID>-),
# scanner 198.51.100.1 (no default route, one veth to the target), target 198.51.100.2;
# both removed on exit, even on failure. The host's network is never touched.
#
# Only sysctls that differ from the kernel's defaults, live in the network stack, and are
# per network namespace are applied. Global ones (net.core.rmem_max, net.core.default_qdisc)
# cannot be set from a namespace without changing the host: they are listed and skipped.
# A new namespace copies tcp_rmem, tcp_wmem and tcp_congestion_control from the host's
# initial namespace; this host sets no sysctl of its own (/etc/sysctl.d has none), so
# tcp_rmem/tcp_wmem are the kernel's defaults ("4096 131072 33554432" / "4096 16384
# 4194304" on Linux >= 6.16, whose tcp_rmem[2] default is 32 MiB), but its kernel is built
# with bbr as default congestion control while distribution kernels use cubic, which a
# namespace cannot choose (see common_defaults); no probe answer depends on it.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# ---- profiles: each prints "key=value" lines (sysctl -w syntax) ----
common_defaults() {
  # Distribution kernels default to cubic (CONFIG_DEFAULT_TCP_CONG), this host's to bbr. A
  # namespace may only pick a congestion control from the global
  # tcp_allowed_congestion_control ("reno bbr" here), so cubic cannot be set without changing
  # the host: left as is. It changes the sending rate, not the SYN+ACK or any probe answer.
  :
}
profile_debian() {
  # Debian 12 and 13: no network sysctl beyond the kernel's defaults. procps ships only
  # /usr/lib/sysctl.d/99-protect-links.conf (fs.protected_*), and Debian's systemd package
  # installs 50-pid-max.conf but not upstream's 50-default.conf (checked on Debian 12 with
  # `dpkg -S sysctl.d`; /etc/sysctl.conf is all comments).
  common_defaults
}
profile_ubuntu2404() {
  # Ubuntu 24.04: procps's /etc/sysctl.d/10-network-security.conf (Ubuntu delta of the procps
  # package, https://git.launchpad.net/ubuntu/+source/procps, debian/sysctl.d/):
  #   net.ipv4.conf.default.rp_filter=2, net.ipv4.conf.all.rp_filter=2
  # and 10-ipv6-privacy.conf: net.ipv6.conf.{all,default}.use_tempaddr=2 (IPv6 only).
  # Ubuntu's systemd also ships upstream's /usr/lib/sysctl.d/50-default.conf (see
  # profile_rhel9): promote_secondaries=1, ping_group_range=0 2147483647 (its rp_filter=2
  # agrees with procps's). (net.core.default_qdisc=fq_codel there is global: skipped.)
  common_defaults
  echo "net.ipv4.conf.default.rp_filter=2"
  echo "net.ipv4.conf.all.rp_filter=2"
  echo "net.ipv6.conf.all.use_tempaddr=2"
  echo "net.ipv6.conf.default.use_tempaddr=2"
  echo "net.ipv4.conf.default.promote_secondaries=1"
  echo "net.ipv4.conf.all.promote_secondaries=1"
  echo "net.ipv4.ping_group_range=0 2147483647"
}
profile_rhel9() {
  # Fedora and RHEL 9: systemd's own /usr/lib/sysctl.d/50-default.conf, shipped as is
  # (https://github.com/systemd/systemd/blob/main/sysctl.d/50-default.conf):
  #   rp_filter = 2, promote_secondaries = 1, ping_group_range = 0 2147483647
  #   (accept_source_route = 0 is already the kernel's default; default_qdisc = fq_codel is
  #   global: skipped.)
  common_defaults
  echo "net.ipv4.conf.default.rp_filter=2"
  echo "net.ipv4.conf.all.rp_filter=2"
  echo "net.ipv4.conf.default.promote_secondaries=1"
  echo "net.ipv4.conf.all.promote_secondaries=1"
  echo "net.ipv4.ping_group_range=0 2147483647"
}
profile_alpine() {
  # Alpine: /lib/sysctl.d/00-alpine.conf written by aports main/alpine-baselayout/APKBUILD
  # (https://gitlab.alpinelinux.org/alpine/aports/-/blob/master/main/alpine-baselayout/APKBUILD).
  # Values equal to the kernel's defaults (tcp_syncookies = 1, secure_redirects = 1,
  # accept_source_route = 0) are not repeated.
  common_defaults
  echo "net.ipv4.conf.default.rp_filter=1"
  echo "net.ipv4.conf.all.rp_filter=1"
  echo "net.ipv4.ping_group_range=999 59999"
  echo "net.ipv4.conf.all.accept_redirects=0"
  echo "net.ipv6.conf.all.accept_redirects=0"
  echo "net.ipv4.tcp_rfc1337=1"
  echo "net.ipv6.conf.default.use_tempaddr=2"
  echo "net.ipv6.conf.all.use_tempaddr=2"
}
profile_android() {
  # Android (AOSP), only publicly documented values:
  # - TCP buffers on Wi-Fi: config_wifi_tcp_buffers "524288,1048576,2097152,262144,524288,1048576"
  #   (AOSP frameworks/base core/res/res/values/config.xml, now packages/modules/Wifi
  #   service/ServiceWifiResources/res/values/config.xml), which ConnectivityService hands to
  #   netd, and netd writes to /proc/sys/net/ipv4/tcp_rmem and tcp_wmem (rmem min/def/max,
  #   wmem min/def/max). (Without a per-network value ConnectivityService uses
  #   DEFAULT_TCP_BUFFER_SIZES "4096,87380,110208,4096,16384,110208".)
  # - system/core/rootdir/init.rc: net.ipv4.fwmark_reflect = 1, net.ipv6.fwmark_reflect = 1,
  #   net.ipv4.tcp_fwmark_accept = 1, conf.all.accept_redirects = 0 (v4 and v6),
  #   ping_group_range "0 2147483647". init.rc's net.core.rmem_max/wmem_max = 262144 are
  #   global (skipped; they only cap SO_RCVBUF/SO_SNDBUF, not tcp_rmem). Its
  #   tcp_default_init_rwnd exists only in Android's kernels (absent upstream: skipped).
  # - ip_default_ttl 64, tcp_timestamps 1, tcp_ecn 2 (server-side ECN), tcp_sack 1,
  #   tcp_window_scaling 1: Android leaves the kernel's defaults, so nothing to set.
  common_defaults
  echo "net.ipv4.tcp_rmem=524288 1048576 2097152"
  echo "net.ipv4.tcp_wmem=262144 524288 1048576"
  echo "net.ipv4.fwmark_reflect=1"
  echo "net.ipv6.fwmark_reflect=1"
  echo "net.ipv4.tcp_fwmark_accept=1"
  echo "net.ipv4.conf.all.accept_redirects=0"
  echo "net.ipv6.conf.all.accept_redirects=0"
  echo "net.ipv4.ping_group_range=0 2147483647"
}

profile_name() {
  case $1 in
    debian) echo "Debian 12 / 13 (kernel defaults)" ;;
    ubuntu2404) echo "Ubuntu 24.04 default sysctls" ;;
    rhel9) echo "Fedora / RHEL 9 default sysctls" ;;
    alpine) echo "Alpine default sysctls" ;;
    android) echo "Android (AOSP, Wi-Fi) network sysctls" ;;
  esac
}
profile_class() {
  case $1 in
    android) echo "Google | Android | | phone" ;;
    *) echo "Linux | Linux | ${KMAJOR}.X | general purpose" ;;
  esac
}
profile_cpe() {
  case $1 in
    android) echo "cpe:/o:google:android" ;;
    *) echo "cpe:/o:linux:linux_kernel:$KVER" ;;
  esac
}
profile_source() {
  case $1 in
    debian) echo "kernel defaults (Documentation/networking/ip-sysctl.rst of Linux $KVER); Debian 12 procps/systemd ship no network sysctl.d file (dpkg -S sysctl.d on Debian 12); congestion control stays this kernel's bbr (cubic cannot be chosen in a namespace; no probe depends on it)" ;;
    ubuntu2404) echo "Ubuntu procps /etc/sysctl.d/10-network-security.conf (rp_filter=2) and 10-ipv6-privacy.conf (use_tempaddr=2), https://git.launchpad.net/ubuntu/+source/procps; systemd sysctl.d/50-default.conf as shipped by Ubuntu's systemd (promote_secondaries=1, ping_group_range=0 2147483647), https://github.com/systemd/systemd/blob/main/sysctl.d/50-default.conf" ;;
    rhel9) echo "systemd sysctl.d/50-default.conf (https://github.com/systemd/systemd/blob/main/sysctl.d/50-default.conf): rp_filter=2, promote_secondaries=1, ping_group_range=0 2147483647" ;;
    alpine) echo "aports main/alpine-baselayout/APKBUILD, /lib/sysctl.d/00-alpine.conf (https://gitlab.alpinelinux.org/alpine/aports/-/blob/master/main/alpine-baselayout/APKBUILD)" ;;
    android) echo "AOSP config_wifi_tcp_buffers 524288,1048576,2097152,262144,524288,1048576 (packages/modules/Wifi service/ServiceWifiResources/res/values/config.xml; written to tcp_rmem/tcp_wmem by netd); AOSP system/core/rootdir/init.rc (fwmark_reflect, tcp_fwmark_accept, accept_redirects=0, ping_group_range); ip_default_ttl=64, tcp_timestamps=1, tcp_ecn=2 are the kernel's defaults, which Android keeps. Approximation: upstream kernel, without Android's kernel patches (tcp_default_init_rwnd)" ;;
  esac
}

apply_profile() {
  local p=$1 kv key val iface
  while IFS= read -r kv; do
    key=${kv%%=*}; val=${kv#*=}
    in_tgt sysctl -qw "$key=$val"
    # conf.default.* only reaches interfaces made later: give t0 the same value
    if [[ $key == net.ipv4.conf.default.* || $key == net.ipv6.conf.default.* ]]; then
      iface=${key/.default./.t0.}
      in_tgt sysctl -qw "$iface=$val"
    fi
  done < <("profile_$p")
}

# profile_up PROFILE BUSYBOX: the scanner and a target namespace at 198.51.100.2 with
# PROFILE's sysctls and busybox httpd on port 22 (after lab_trap); sets
# STACK_SCAN_NS/STACK_SCAN_IF/STACK_TARGET/STACK_PORT for tools/stacks/capture-synacks.sh,
# which sources this file. With STACKS_IPV6=1 (lib.sh's IPv6 mode, tools/stacks/ipv6-os.sh)
# the target also has 2001:db8::2/64 (httpd's socket is dual-stack): STACK_TARGET6.
profile_up() {
  local p=$1 bb=$2
  lab_up host 198.51.100.2 2001:db8::2
  apply_profile "$p"
  in_tgt sysctl net.ipv4.tcp_rmem net.ipv4.tcp_wmem net.ipv4.tcp_congestion_control \
    net.ipv4.ip_default_ttl net.ipv4.tcp_ecn net.ipv4.tcp_timestamps >&2
  local www; www=$(mktemp -d /tmp/whorl-stacks-www.XXXXXX)
  LAB_FILES+=("$www")
  in_tgt "$bb" httpd -f -p 22 -h "$www" &
  LAB_PIDS+=($!)
  lab_wait_port22 198.51.100.2 10 || die "no listener on 198.51.100.2:22"
  STACK_SCAN_NS=$LAB_SCAN STACK_SCAN_IF=s0 STACK_TARGET=198.51.100.2 STACK_PORT=22
  [[ -z $STACKS_IPV6 ]] || STACK_TARGET6=2001:db8::2
}

main() {
  local profiles=("$@")
  ((${#profiles[@]})) || profiles=(debian ubuntu2404 rhel9 alpine android)
  [[ $EUID == 0 ]] || die "needs root (network namespaces, raw sockets)"
  [[ -x $WHORL ]] || die "no $WHORL: run scripts/build.sh"
  stacks_apt_install iproute2 python3
  local bb; bb=$(stacks_busybox)
  KVER=$(uname -r | cut -d. -f1,2); KMAJOR=${KVER%%.*}
  lab_trap
  local p id t0
  for p in "${profiles[@]}"; do
    declare -F "profile_$p" >/dev/null || die "unknown profile $p"
    t0=$SECONDS
    id="linux-$KVER-$p"
    log "== $id"
    profile_up "$p" "$bb"
    measure_stack "$id" 198.51.100.2
    local sets; sets=$("profile_$p" | paste -sd';' -)
    write_meta "$id" "Linux $(uname -r) with $(profile_name "$p")" "$(profile_class "$p")" \
      "$(profile_cpe "$p")" \
      "target: this host's kernel in a fresh network namespace, port 22 busybox httpd (Debian 12 busybox-static), port 81 closed; sysctls set in the namespace: ${sets:-none}" \
      "$(profile_source "$p")"
    lab_cleanup
    LAB_PIDS=()
    log "$id: $((SECONDS - t0)) s"
  done
}
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then main "$@"; fi
