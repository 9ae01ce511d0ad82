#!/usr/bin/env bash
# tools/stacks/capture-synacks.sh: records, for every TCP/IP stack the lab runs
# (tools/stacks/*.sh), the SYN+ACK it sends when a Linux client (curl, in the lab's scanner
# namespace) connects to its open TCP port. Writes tests/fixtures/pcap/stacks/<stack>.pcap
# (the handshake only: curl's SYN, the stack's SYN+ACK, curl's ACK) and updates the table in
# tests/fixtures/pcap/stacks/README.md. Stack names are those of data/measured/<stack>/.
#
# Usage (root, from anywhere; whorl is not needed):
#   tools/stacks/capture-synacks.sh                 # every stack, fast ones first
#   tools/stacks/capture-synacks.sh lwip linux-6.18-android   # some of them
# Stacks: linux-<major.minor>-{debian,ubuntu2404,rhel9,alpine,android} (this host's kernel,
# kernel-sysctl-profiles.sh), lwip, ns3, passt-pasta, libslirp-slirp4netns, gvisor-netstack,
# ipxe, linux-6.1-debian12-uml, linux-6.1-debian12-qemu-tcg. edk2-ovmf and grub-efi answer
# no TCP at all (see their scripts): not captured.
# STACK_TIMEOUT (default 720 s) bounds each stack, bring-up included.
#
# Each stack is brought up by the bring-up function of its own script (profile_up, lwip_up,
# ns3_up, pasta_up, slirp_up, gvisor_up, ipxe_up, qemu_up, uml_up), sourced here in a
# process of its own, so the namespaces, addresses and listeners are exactly those of the
# measurement. Then tcpdump -s 0 -U -w runs in the scanner namespace on its lab link, and
# `curl --max-time 5 http://TARGET:PORT/` connects once (curl's defaults, so the SYN is this
# host's Linux SYN: mss, sackOK, TS, nop, wscale; the port may not speak HTTP, only the
# handshake matters, and curl's exit code is ignored). The capture is cut down to the SYN,
# SYN+ACK and the client's first pure ACK of that connection.
#
# Network rule: that of lib.sh and userspace-lib.sh, whose helpers make the namespaces
# (198.51.100.0/24 only; the scanner namespace has no default route) and remove them on
# exit, failure and signals included. curl ignores proxies and ~/.curlrc (-q --noproxy).
# Packages (apt-get, by the stacks' own helpers): tcpdump, curl, and each stack's packages.
set -euo pipefail

CS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CS_ROOT=$(cd "$CS_DIR/../.." && pwd)
CS_OUT=${CS_OUT:-$CS_ROOT/tests/fixtures/pcap/stacks}
CS_KVER=$(uname -r | cut -d. -f1,2)
CS_PROFILES=(debian ubuntu2404 rhel9 alpine android)
# fast stacks first, the emulated kernels last
CS_ALL=()
for p in "${CS_PROFILES[@]}"; do CS_ALL+=("linux-$CS_KVER-$p"); done
CS_ALL+=(lwip ns3 passt-pasta libslirp-slirp4netns gvisor-netstack ipxe
         linux-6.1-debian12-uml linux-6.1-debian12-qemu-tcg)

cs_log() { printf '[%s] capture-synacks: %s\n' "$(date +%T)" "$*" >&2; }

# ---- one stack (run as `capture-synacks.sh --one STACK`, a process of its own) ----

# cs_keep_pid PID / cs_keep_dir DIR: hands a process or a directory to the cleanup of the
# helper library the stack uses (lib.sh's LAB_PIDS/LAB_FILES or userspace-lib.sh's).
cs_keep_pid() {
  if [[ $CS_LIB == lib ]]; then LAB_PIDS+=("$1"); else US_PIDS+=("$1"); fi
}
cs_keep_dir() {
  if [[ $CS_LIB == lib ]]; then LAB_FILES+=("$1"); else US_CLEANUP_HOOKS+=("rm -rf '$1'"); fi
}

# cs_bring_up STACK: sources the stack's script and runs its bring-up; sets CS_LIB,
# CS_HOW (how the target was made) and CS_VERSIONS, and the script sets STACK_SCAN_NS,
# STACK_SCAN_IF, STACK_TARGET, STACK_PORT.
cs_bring_up() {
  local id=$1 p
  case $id in
    linux-"$CS_KVER"-*)
      p=${id#linux-"$CS_KVER"-}
      CS_LIB=lib
      source "$CS_DIR/kernel-sysctl-profiles.sh"
      declare -F "profile_$p" >/dev/null || die "unknown profile $p"
      [[ $EUID == 0 ]] || die "needs root (network namespaces)"
      stacks_apt_install iproute2 python3 tcpdump curl
      local bb; bb=$(stacks_busybox)
      KVER=$CS_KVER; KMAJOR=${KVER%%.*}
      lab_trap
      profile_up "$p" "$bb"
      local sets; sets=$("profile_$p" | sed 's/^net\.//' | paste -sd';' -)
      CS_HOW="this host's kernel in a target netns, \`profile_up $p\` of kernel-sysctl-profiles.sh (sysctls: ${sets:-none}); busybox httpd on port 22"
      CS_VERSIONS="Linux $(uname -r) (host kernel); busybox-static $(cut -d_ -f2 "$(dirname "$(dirname "$bb")")/.done" | sed 's/%3a/:/')"
      ;;
    linux-6.1-debian12-qemu-tcg)
      CS_LIB=lib
      source "$CS_DIR/qemu-linux.sh"
      [[ $EUID == 0 ]] || die "needs root (network namespaces, TAP)"
      stacks_apt_install qemu-system-x86 iproute2 python3 tcpdump curl
      qemu_up
      CS_HOW="\`qemu_up\` of qemu-linux.sh: Debian 12 kernel $kver booted in qemu-system-x86_64 -accel tcg -m $GUEST_MEM, virtio-net on a TAP bridged to the scanner's veth; busybox httpd on port 22"
      CS_VERSIONS="$KPKG $debver (Linux $upstream); qemu-system-x86 $(dpkg-query -W -f '${Version}' qemu-system-x86)"
      ;;
    linux-6.1-debian12-uml)
      CS_LIB=lib
      source "$CS_DIR/uml-linux.sh"
      [[ $EUID == 0 ]] || die "needs root (network namespaces, TAP)"
      stacks_apt_install user-mode-linux iproute2 python3 tcpdump curl
      uml_up
      CS_HOW="\`uml_up\` of uml-linux.sh: /usr/bin/linux.uml mem=${GUEST_MEM}M, vec0:transport=tap on a TAP bridged to the scanner's veth; busybox httpd on port 22"
      CS_VERSIONS="user-mode-linux $umlver (Linux $kver)"
      ;;
    lwip | ns3 | passt-pasta | libslirp-slirp4netns | gvisor-netstack | ipxe)
      CS_LIB=us
      local script fn
      case $id in
        lwip) script=userspace-lwip.sh fn=lwip_up
          CS_HOW="\`lwip_up\` of userspace-lwip.sh: lwIP (tools/stacks/lwip-echo/lwip_listener.c) on the scanner's TAP lwip0, listener on port 22 that accepts and closes" ;;
        ns3) script=userspace-ns3.sh fn=ns3_up
          CS_HOW="\`ns3_up\` of userspace-ns3.sh: an ns-3 node (tools/stacks/ns3-listener) on the scanner's TAP ns3tap, PacketSink on port 22" ;;
        passt-pasta) script=userspace-pasta.sh fn=pasta_up
          CS_HOW="\`pasta_up\` of userspace-pasta.sh: pasta on the scanner's tap lab0, in front of a python listener on 198.51.100.2:22 in its own netns (pasta builds the SYN+ACK once its connect() succeeds)" ;;
        libslirp-slirp4netns) script=userspace-slirp4netns.sh fn=slirp_up
          CS_HOW="\`slirp_up\` of userspace-slirp4netns.sh: slirp4netns's gateway 198.51.100.2 on the scanner's tap0 (scanner 198.51.100.100), forwarded to a python listener on 127.0.0.1:22 in slirp4netns's netns" ;;
        gvisor-netstack) script=userspace-gvisor.sh fn=gvisor_up
          CS_HOW="\`gvisor_up\` of userspace-gvisor.sh: runsc --network=sandbox in the target netns (veth lab1), python listener on port 22 in the sandbox" ;;
        ipxe) script=firmware-ipxe.sh fn=ipxe_up
          CS_HOW="\`ipxe_up\` of firmware-ipxe.sh: ipxe.lkrn in qemu-system-x86_64 -accel tcg, e1000 on the scanner's TAP fwtap, static 198.51.100.2/24"
          CS_NONE_NOTE="iPXE has no TCP listener at all (it only opens connections of its own, e.g. to fetch a boot image over HTTP, so its SYN+ACK cannot be obtained from a client) and sends no RST" ;;
      esac
      source "$CS_DIR/$script"
      us_init
      us_apt tcpdump curl
      "$fn"
      case $id in
        lwip) CS_VERSIONS="liblwip-dev $(us_pkg_version liblwip-dev) (lwIP 2.1.3)" ;;
        ns3) CS_VERSIONS="libns3-dev $(us_pkg_version libns3-dev) (ns-3 3.37)" ;;
        passt-pasta) CS_VERSIONS="passt $(us_pkg_version passt); listener's kernel Linux $(uname -r)" ;;
        libslirp-slirp4netns) CS_VERSIONS="slirp4netns $(us_pkg_version slirp4netns), libslirp0 $(us_pkg_version libslirp0)" ;;
        gvisor-netstack) CS_VERSIONS="runsc $(us_pkg_version runsc) (gVisor 20221219)" ;;
        ipxe) CS_VERSIONS="ipxe $(us_pkg_version ipxe); qemu-system-x86 $(us_pkg_version qemu-system-x86)" ;;
      esac
      ;;
    *) echo "capture-synacks: unknown stack $id (known: ${CS_ALL[*]})" >&2; exit 2 ;;
  esac
}

# cs_capture STACK: tcpdump in the scanner namespace, one curl, the handshake kept.
cs_capture() {
  local id=$1 ns=$STACK_SCAN_NS ifc=$STACK_SCAN_IF tgt=$STACK_TARGET port=$STACK_PORT
  local tmp; tmp=$(mktemp -d /tmp/whorl-synack.XXXXXX)
  cs_keep_dir "$tmp"
  [[ -z $(ip -n "$ns" route show default) ]] || { cs_log "$ns has a default route"; exit 1; }
  cs_log "$id: tcpdump on $ns/$ifc, curl http://$tgt:$port/"
  ip netns exec "$ns" tcpdump -i "$ifc" -n -s 0 -U -Z root -w "$tmp/raw.pcap" 2>"$tmp/tcpdump.err" &
  local cap=$!
  cs_keep_pid "$cap"
  local i
  for ((i = 0; i < 50; i++)); do grep -q 'listening on' "$tmp/tcpdump.err" && break; sleep 0.2; done
  grep -q 'listening on' "$tmp/tcpdump.err" || { cat "$tmp/tcpdump.err" >&2; cs_log "tcpdump did not start"; exit 1; }
  local rc=0
  ip netns exec "$ns" env -u http_proxy -u HTTP_PROXY -u all_proxy -u ALL_PROXY \
    curl -q --noproxy '*' --http0.9 --max-time 5 -sS -o /dev/null "http://$tgt:$port/" \
    2>"$tmp/curl.err" || rc=$?
  cs_log "$id: curl exit $rc $(tr '\n' ' ' <"$tmp/curl.err")"
  sleep 1
  kill -INT "$cap" 2>/dev/null || true
  wait "$cap" 2>/dev/null || true
  # the connection's SYN and SYN+ACK, then the client's first pure ACK (seq = ISN+1,
  # ack = the stack's ISN+1)
  local synf="tcp port $port and tcp[tcpflags] & tcp-syn != 0"
  tcpdump -r "$tmp/raw.pcap" -w "$tmp/syn.pcap" "$synf" 2>/dev/null
  local isns; isns=$(tcpdump -r "$tmp/syn.pcap" -nn -S 2>/dev/null | python3 -c '
import re, sys
c = s = None
for l in sys.stdin:
    m = re.search(r"Flags \[([^\]]*)\], seq (\d+)", l)
    if not m:
        continue
    if "." in m.group(1):
        s = s if s is not None else int(m.group(2))
    else:
        c = c if c is not None else int(m.group(2))
if c is not None and s is not None:
    print((c + 1) % 2**32, (s + 1) % 2**32)
')
  local filter=$synf
  if [[ -n $isns ]]; then
    read -r cseq sseq <<<"$isns"
    filter="($synf) or (dst host $tgt and tcp dst port $port and tcp[tcpflags] == tcp-ack and tcp[4:4] == $cseq and tcp[8:4] == $sseq)"
  fi
  tcpdump -r "$tmp/raw.pcap" -w "$tmp/out.pcap" "$filter" 2>/dev/null
  local synacks
  synacks=$(tcpdump -r "$tmp/out.pcap" -nn 'tcp[tcpflags] & (tcp-syn|tcp-ack) == (tcp-syn|tcp-ack)' 2>/dev/null | wc -l)
  local -a readme=(python3 "$CS_DIR/capture-synacks-readme.py" "$CS_OUT/README.md" "$id")
  if ((synacks == 0)); then
    local seen; seen=$(tcpdump -r "$tmp/raw.pcap" -nn "tcp port $port" 2>/dev/null | wc -l)
    local syns; syns=$(tcpdump -r "$tmp/raw.pcap" -nn "tcp port $port and tcp[tcpflags] == tcp-syn" 2>/dev/null | wc -l)
    local why="${CS_NONE_NOTE:+$CS_NONE_NOTE. }Brought up (${CS_HOW}), but curl's SYN to $tgt:$port got no SYN+ACK: $syns SYNs sent, $((seen - syns)) TCP packets back for that port in 5 s (curl exit $rc); captured $(date -u +%F), ${CS_VERSIONS}"
    cs_log "$id: no SYN+ACK: $why"
    rm -f "$CS_OUT/$id.pcap"
    "${readme[@]}" --none "$why"
    return 3
  fi
  mkdir -p "$CS_OUT"
  cp "$tmp/out.pcap" "$CS_OUT/$id.pcap"
  chmod 644 "$CS_OUT/$id.pcap"
  tcpdump -r "$CS_OUT/$id.pcap" -nn -v >&2 2>/dev/null
  "${readme[@]}" --row "$tgt:$port" "$CS_HOW" "$(date -u +%F); $CS_VERSIONS" \
    "$(tcpdump -r "$CS_OUT/$id.pcap" -nn -v 2>/dev/null)" \
    "curl $(curl --version | head -1 | cut -d' ' -f2), tcpdump $(tcpdump --version 2>&1 | head -1 | cut -d' ' -f3), client kernel Linux $(uname -r)"
  cs_log "$id: wrote ${CS_OUT#"$CS_ROOT"/}/$id.pcap ($(stat -c %s "$CS_OUT/$id.pcap") bytes, $(tcpdump -r "$CS_OUT/$id.pcap" 2>/dev/null | wc -l) packets)"
}

if [[ ${1:-} == --one ]]; then
  cs_bring_up "$2"
  cs_capture "$2"
  exit
fi

# ---- driver: each stack in a process of its own, bounded by STACK_TIMEOUT ----
[[ $EUID == 0 ]] || { echo "capture-synacks: needs root" >&2; exit 1; }
stacks=()
for a in "$@"; do
  case $a in
    debian | ubuntu2404 | rhel9 | alpine | android) stacks+=("linux-$CS_KVER-$a") ;;
    *) stacks+=("$a") ;;
  esac
done
((${#stacks[@]})) || stacks=("${CS_ALL[@]}")
ok=() none=() failed=()
for s in "${stacks[@]}"; do
  t0=$SECONDS
  cs_log "== $s"
  rc=0
  timeout -k 30 "${STACK_TIMEOUT:-720}" bash "$CS_DIR/capture-synacks.sh" --one "$s" || rc=$?
  case $rc in
    0) ok+=("$s") ;;
    3) none+=("$s") ;;
    124) failed+=("$s (timed out after ${STACK_TIMEOUT:-720} s)") ;;
    *) failed+=("$s (exit $rc)") ;;
  esac
  cs_log "$s: $((SECONDS - t0)) s"
done
cs_log "recorded: ${ok[*]:-none}"
cs_log "no SYN+ACK: ${none[*]:-none}"
cs_log "failed: ${failed[*]:-none}"
((${#failed[@]} == 0))
