#!/usr/bin/env bash
# tools/stacks/ipv6-os.sh: IPv6 OS detection against every lab stack that speaks IPv6. Each
# stack is brought up by its own script's bring-up function in the IPv6 mode of lib.sh
# (STACKS_IPV6=1) or userspace-lib.sh (US_IPV6=1), with an address in 2001:db8::/64, and
# scanned from the lab's scanner namespace with
#   whorl -6 -n -Pn -O -vv -p 22,81 --max-os-tries 1 TARGET6    (the print and the verdict)
#   whorl -6 -n -Pn -O -d  -p 22,81 --max-os-tries 1 TARGET6    (the verdict's IPv4-terms print)
#   whorl    -n -Pn -O -d  -p 22,81 --max-os-tries 1 TARGET4    (the same stack over IPv4,
#                                                                 where it has an IPv4 address)
#   nmap  -6 -n -Pn -O -vv -p 22,81 --max-os-tries 1 TARGET6
# Writes tests/fixtures/nmap-os6/stacks/<stack>.txt (header lines "# ...": how it was
# measured, the stack's expected family, whorl's IPv4 verdict, Nmap's result line and
# whether Nmap's print and whorl's agree on every deterministic field of every answer; then
# whorl's OS lines as printed: "No OS matches for host", "TCP/IP fingerprint:", the OS: lines
# and "OS verdict: ..."; extract_fingerprint_text reads the print out of it), keeps every
# output under $STACKS_CACHE/ipv6-os/<stack>/, and rewrites the table of
# tests/fixtures/nmap-os6/stacks/README.md from all the fixtures (the table of
# docs/decisions/0027-ipv6-os-detection.md is that one, shortened by hand).
#
# Usage (root; build whorl first, WHORL=path/to/whorl, default build/whorl; WHORL_COMMIT,
# default the repository's HEAD, is the commit the binary was built from, for the headers):
#   tools/stacks/ipv6-os.sh                    # every stack, fast ones first
#   tools/stacks/ipv6-os.sh debian lwip        # some of them (profile names or stack ids)
#   tools/stacks/ipv6-os.sh --table            # only rewrite README.md from the fixtures
#   RUNS=5 tools/stacks/ipv6-os.sh --measure [STACKS...]
#       # whorl's own IPv6 reference measurements instead of the fixtures: each stack brought
#       # up once and scanned RUNS times (default 5) with
#       #   whorl -6 -n -Pn -O -p 22,81 --max-os-tries 1 -d TARGET6
#       # data/measured6/<stack>/run-N.fp is run N's tests as whorl's IPv6 verdict reads them
#       # (the block after "read as nmap-os-db tests:"), meta.txt the stack's name, class, cpe
#       # and source from data/measured/ and how it was measured; no fixture, no README.md;
#       # tools/stacks/build-whorl-os-db.py --ipv6 then writes data/whorl-os6-db
# Stacks: linux-<major.minor>-{debian,ubuntu2404,rhel9,alpine,android} (this host's kernel
# under distribution sysctls, kernel-sysctl-profiles.sh), lwip, gvisor-netstack,
# libslirp-slirptap, linux-6.1-debian12-uml, linux-6.1-debian12-qemu-tcg.
# Not measured over IPv6:
# - passt/pasta (passt 0.0~git20230309): pasta turns IPv6 on only when its template
#   interface has a link-local address (conf.c, conf_ip6: gateway, address and addr_ll all
#   set, else "External interface not usable" with -6), and answers neighbor solicitations
#   from that link-local address; the lab has no address outside 2001:db8::/32 (tried with
#   2001:db8::2/64 on the template interface, no link-local: pasta exits at once);
# - slirp4netns itself: slirp4netns 1.2.0 fixes libslirp's IPv6 prefix at fd00::/64 (no
#   option sets it), outside the lab's 2001:db8::/32, so libslirp is measured through
#   tools/stacks/slirp-tap (the same library, configured as slirp4netns configures it, with
#   the prefix 2001:db8::/64);
# - ns-3 (its listener, tools/stacks/ns3-listener, builds an IPv4-only node), iPXE, EDK2 and
#   GRUB (no TCP answer at all over IPv4 either).
# STACK_TIMEOUT (default 720 s) bounds each stack, bring-up included.
#
# Network rule: that of lib.sh and userspace-lib.sh, whose helpers make the namespaces
# (198.51.100.0/24 and 2001:db8::/64 only, no link-local addresses, no router advertisement
# accepted; the scanner namespace has no default route, IPv4 or IPv6, checked before each
# scan) and remove them on exit, failure and signals included.
set -euo pipefail

V6_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
V6_ROOT=$(cd "$V6_DIR/../.." && pwd)
V6_OUT=${V6_OUT:-$V6_ROOT/tests/fixtures/nmap-os6/stacks}
V6_MEASURED6=${V6_MEASURED6:-$V6_ROOT/data/measured6}
V6_KVER=$(uname -r | cut -d. -f1,2)
V6_PROFILES=(debian ubuntu2404 rhel9 alpine android)
V6_ALL=()
for p in "${V6_PROFILES[@]}"; do V6_ALL+=("linux-$V6_KVER-$p"); done
V6_ALL+=(lwip gvisor-netstack libslirp-slirptap linux-6.1-debian12-uml linux-6.1-debian12-qemu-tcg)
V6_ARGS=(-n -Pn -O -p 22,81 --max-os-tries 1)

v6_log() { printf '[%s] ipv6-os: %s\n' "$(date +%T)" "$*" >&2; }

# ---- libslirp on a TAP (tools/stacks/slirp-tap), IPv6 prefix 2001:db8::/64 ----
# The scanner namespace's TAP slirp0 has 198.51.100.100/24 and 2001:db8::100/64 (libslirp's
# guest side); libslirp's gateway 198.51.100.2 / 2001:db8::2 answers, and forwards TCP
# connections to it to the loopback of the namespace slirp_tap runs in (only loopback, no
# route, nftables lab-only), where a dual-stack listener serves port 22.
slirptap_up() {
    us_apt libslirp-dev build-essential nftables iproute2 python3
    make -s -C "$V6_DIR/slirp-tap" O="$US_CACHE/slirp-build" >&2
    local bin=$US_CACHE/slirp-build/slirp_tap
    S=${US_PREFIX}slirp-scan; us_netns slirp-scan
    H=${US_PREFIX}slirp-host; us_netns slirp-host
    us_no_route_off_lab "$H"
    us_nft_lab_only "$H"
    us_listener "$H" :: 22
    ip -n "$S" tuntap add dev slirp0 mode tap
    ip -n "$S" addr add 198.51.100.100/24 dev slirp0
    ip -n "$S" addr add 2001:db8::100/64 dev slirp0 nodad
    ip -n "$S" link set slirp0 up
    # slirp_tap runs in the host namespace (its sockets, the forwarded connections, are made
    # there) and opens the TAP in the scanner's, as slirp4netns --netns-type=path does
    us_bg ip netns exec "$H" "$bin" slirp0 198.51.100.0 255.255.255.0 2001:db8:: "/run/netns/$S"
    us_wait_tcp "$S" 2001:db8::2 22 30 || us_die "no TCP connection through libslirp to [2001:db8::2]:22"
    STACK_SCAN_NS=$S STACK_SCAN_IF=slirp0 STACK_TARGET=198.51.100.2 STACK_TARGET6=2001:db8::2 STACK_PORT=22
}

# ---- one stack (run as `ipv6-os.sh --one STACK`, a process of its own) ----

# v6_bring_up STACK: sources the stack's script in its IPv6 mode and runs its bring-up; sets
# V6_HOW, V6_VERSIONS and V6_EXPECT (family[ generation]: the class of the stack's own
# print in data/whorl-os-db); the bring-up sets STACK_SCAN_NS, STACK_TARGET6 and, where the
# stack also has an IPv4 address, STACK_TARGET.
v6_bring_up() {
  local id=$1 p
  case $id in
    linux-"$V6_KVER"-*)
      p=${id#linux-"$V6_KVER"-}
      export STACKS_IPV6=1
      source "$V6_DIR/kernel-sysctl-profiles.sh"
      declare -F "profile_$p" >/dev/null || die "unknown profile $p"
      stacks_apt_install iproute2 python3 nmap
      local bb; bb=$(stacks_busybox)
      KVER=$V6_KVER; KMAJOR=${KVER%%.*}
      lab_trap
      profile_up "$p" "$bb"
      local sets; sets=$("profile_$p" | sed 's/^net\.//' | paste -sd';' -)
      V6_HOW="this host's kernel (Linux $(uname -r)) in a target netns, \`profile_up $p\` of kernel-sysctl-profiles.sh (sysctls: ${sets:-none}), busybox httpd on port 22"
      V6_VERSIONS="Linux $(uname -r)"
      if [[ $p == android ]]; then V6_EXPECT="Android"; else V6_EXPECT="Linux ${KMAJOR}.X"; fi
      ;;
    linux-6.1-debian12-qemu-tcg)
      export STACKS_IPV6=1
      source "$V6_DIR/qemu-linux.sh"
      stacks_apt_install qemu-system-x86 iproute2 python3 nmap
      qemu_up
      V6_HOW="\`qemu_up\` of qemu-linux.sh: Debian 12 kernel $kver booted in qemu-system-x86_64 -accel tcg -m $GUEST_MEM, virtio-net on a TAP bridged to the scanner's veth, busybox httpd on port 22"
      V6_VERSIONS="$KPKG $debver (Linux $upstream)"
      V6_EXPECT="Linux 6.X"
      ;;
    linux-6.1-debian12-uml)
      export STACKS_IPV6=1
      source "$V6_DIR/uml-linux.sh"
      stacks_apt_install user-mode-linux iproute2 python3 nmap
      uml_up
      V6_HOW="\`uml_up\` of uml-linux.sh: /usr/bin/linux.uml mem=${GUEST_MEM}M, vec0:transport=tap on a TAP bridged to the scanner's veth, busybox httpd on port 22"
      V6_VERSIONS="user-mode-linux $umlver (Linux $kver)"
      V6_EXPECT="Linux 6.X"
      ;;
    lwip | gvisor-netstack | libslirp-slirptap)
      export US_IPV6=1
      case $id in
        lwip) source "$V6_DIR/userspace-lwip.sh"; us_init; us_apt nmap; lwip_up
          V6_HOW="\`lwip_up\` of userspace-lwip.sh: lwIP (tools/stacks/lwip-echo/lwip_listener.c) on the scanner's TAP lwip0, 2001:db8::2 preferred at once, dual-stack listener on port 22 that accepts and closes"
          V6_VERSIONS="liblwip-dev $(us_pkg_version liblwip-dev) (lwIP 2.1.3)"
          V6_EXPECT="lwIP" ;;
        gvisor-netstack) source "$V6_DIR/userspace-gvisor.sh"; us_init; us_apt nmap; gvisor_up
          V6_HOW="\`gvisor_up\` of userspace-gvisor.sh: runsc --network=sandbox in the target netns (veth lab1 with 198.51.100.2/24 and 2001:db8::2/64), python listener on [::]:22 in the sandbox"
          V6_VERSIONS="runsc $(us_pkg_version runsc) (gVisor 20221219)"
          V6_EXPECT="gVisor" ;;
        libslirp-slirptap) source "$V6_DIR/userspace-lib.sh"; us_init; us_apt nmap; slirptap_up
          V6_HOW="\`slirptap_up\` of ipv6-os.sh: libslirp (tools/stacks/slirp-tap/slirp_tap.c, slirp4netns's settings with the IPv6 prefix 2001:db8::/64) on the scanner's TAP slirp0 (scanner 2001:db8::100), its gateway 2001:db8::2 forwarding port 22 to a listener on the loopback of slirp_tap's netns"
          V6_VERSIONS="libslirp0 $(us_pkg_version libslirp0)"
          V6_EXPECT="QEMU" ;;  # as nmap-os-db and data/whorl-os-db class the slirp gateway
      esac
      ;;
    passt-pasta) echo "ipv6-os: passt-pasta is not measured over IPv6 (see the head of this script)" >&2; exit 2 ;;
    *) echo "ipv6-os: unknown stack $id (known: ${V6_ALL[*]})" >&2; exit 2 ;;
  esac
}

# v6_check_scanner NS: exits unless the scanner namespace NS has no default route (IPv4 or
# IPv6) and no IPv6 address outside 2001:db8::/32 (loopback aside).
v6_check_scanner() {
  local ns=$1 a
  [[ -z $(ip -n "$ns" route show default) && -z $(ip -n "$ns" -6 route show default) ]] ||
    { v6_log "$ns has a default route"; exit 1; }
  for a in $(ip -n "$ns" -o -6 addr show | awk '{print $4}'); do
    [[ $a == ::1/128 || $a == 2001:db8:* ]] || { v6_log "$ns has IPv6 address $a outside 2001:db8::/32"; exit 1; }
  done
}

# v6_scan STACK: the scans, the fixture.
v6_scan() {
  local id=$1 ns=$STACK_SCAN_NS t6=$STACK_TARGET6 t4=${STACK_TARGET:-}
  local whorl=${WHORL:-$V6_ROOT/build/whorl}
  local raw=${STACKS_CACHE:-/var/cache/whorl-stacks}/ipv6-os/$id
  rm -rf "$raw"; mkdir -p "$raw"
  v6_check_scanner "$ns"
  v6_log "$id: whorl -6 -vv against $t6"
  ip netns exec "$ns" "$whorl" -6 "${V6_ARGS[@]}" -vv "$t6" >"$raw/whorl6.txt" 2>&1 || v6_log "$id: whorl exited $?"
  ip netns exec "$ns" "$whorl" -6 "${V6_ARGS[@]}" -d "$t6" >"$raw/whorl6-d.txt" 2>&1 || v6_log "$id: whorl -d exited $?"
  if [[ -n $t4 ]]; then
    v6_log "$id: whorl -d over IPv4 against $t4"
    ip netns exec "$ns" "$whorl" "${V6_ARGS[@]}" -d "$t4" >"$raw/whorl4-d.txt" 2>&1 || v6_log "$id: whorl (IPv4) exited $?"
  fi
  v6_log "$id: nmap -6 -vv against $t6"
  ip netns exec "$ns" nmap -6 "${V6_ARGS[@]}" -vv "$t6" >"$raw/nmap6.txt" 2>&1 || v6_log "$id: nmap exited $?"
  mkdir -p "$V6_OUT"
  python3 - "$id" "$raw" "$V6_OUT/$id.txt" "$V6_EXPECT" "$t6" "$t4" "$V6_HOW" "$V6_VERSIONS" \
    "$("$whorl" --version 2>/dev/null | head -1 | sed 's/ *(.*//; s/ version / /') (built from commit ${WHORL_COMMIT:-$(git -C "$V6_ROOT" rev-parse --short HEAD 2>/dev/null)})" \
    "$(nmap --version | head -1 | sed 's/ *(.*//; s/ version / /')" <<'PY'
import re, sys, datetime
sid, raw, out, expect, t6, t4, how, versions, whorl_ver, nmap_ver = sys.argv[1:]
def read(name):
    try:
        return open(f"{raw}/{name}", errors="replace").read()
    except FileNotFoundError:
        return ""
w6, w6d, w4d, n6 = read("whorl6.txt"), read("whorl6-d.txt"), read("whorl4-d.txt"), read("nmap6.txt")
def verdict(text):
    m = re.search(r"^OS verdict: .*$", text, re.M)
    return m.group(0) if m else "(no OS verdict line)"
def nmap_result(text):
    for pat in (r"^OS details: .*$", r"^Aggressive OS guesses: .*$", r"^No exact OS matches for host.*$",
                r"^No OS matches for host.*$", r"^OS fingerprint not ideal because: .*$", r"^Too many fingerprints match.*$"):
        m = re.search(pat, text, re.M)
        if m:
            return m.group(0)
    return "(no OS result line)"
# Each answer's deterministic fields (as tests/integration/os6_lab_test.cpp compares them):
# payload length, next header, hop limit, traffic class; TCP flags, window, urgent pointer
# and option layout; ICMPv6 type and code. Not the flow label, ports, sequence numbers,
# timestamps or checksums.
def answers(text):
    i = text.find("TCP/IP fingerprint:\n")
    if i < 0:
        return {}
    rest = text[i + 20:].split("\n\n")[0]
    joined = "".join(l[3:] if l.startswith("OS:") else l for l in rest.splitlines())
    out = {}
    for m in re.finditer(r"(\w+)\(P=([^%)]*)", joined):
        name, p = m.groups()
        p = re.sub(r"(..)\{(\d+)\}", lambda r: r.group(1) * int(r.group(2)), p).replace("X", "0")
        b = bytes.fromhex(p)
        d = (int.from_bytes(b[4:6], "big"), b[6], b[7], ((b[0] & 15) << 4) | (b[1] >> 4))
        if b[6] == 6 and len(b) >= 60:
            t = b[40:]
            o, kinds, k = t[20:(t[12] >> 4) * 4], [], 0
            while k < len(o):
                if o[k] in (0, 1):
                    kinds.append(o[k]); k += 1
                else:
                    kinds.append((o[k], o[k + 1] if k + 1 < len(o) else 0)); k += max(o[k + 1] if k + 1 < len(o) else 2, 2)
            d += (t[13], int.from_bytes(t[14:16], "big"), int.from_bytes(t[18:20], "big"), tuple(kinds))
        elif b[6] == 58 and len(b) >= 42:
            d += (b[40], b[41])
        out[name] = d
    return out
def agreement(w, n):
    a, b = answers(w), answers(n)
    if not b:
        return "Nmap printed no IPv6 fingerprint"
    bad = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
    return f"equal on every deterministic field of all {len(a)} answers" if not bad else "differ on " + ", ".join(bad)
def right(line):
    m = re.match(r"OS verdict: (.*) \([^)]*\), \d+ %$", line)
    if not m:
        return "no (abstains)" if "none (" in line else "no (no verdict)"
    named = m.group(1)
    fam = expect.split()[0]
    gen = expect.split()[1] if " " in expect else None
    first = named.split(" or ")[0].split(", ")[0]
    ok = first.split()[0] == fam and (gen is None or gen in named.split())
    return "yes" if ok else f"no (expected {expect})"
# whorl's OS lines: from "No OS matches"/"OS fingerprint not ideal" to the verdict line
lines = w6.splitlines()
start = next((i for i, l in enumerate(lines) if l.startswith(("No OS matches", "OS fingerprint not ideal", "TCP/IP fingerprint:"))), None)
end = next((i for i, l in enumerate(lines) if l.startswith("OS verdict: ")), None)
block = lines[start:end + 1] if start is not None and end is not None else []
joined = "".join(l[3:] if l.startswith("OS:") else l for l in block)
if "SCAN(" not in joined or "S1(P=" not in joined:
    sys.exit(f"{sid}: whorl printed no IPv6 fingerprint with TCP answers (see {raw}/whorl6.txt)")
v6, v4 = verdict(w6), verdict(w4d) if w4d else "(no IPv4 address in this bring-up)"
today = datetime.date.today().isoformat()
hdr = [
    f"# {sid}: measured {today} by tools/stacks/ipv6-os.sh, `whorl -6 -n -Pn -O -vv -p 22,81 --max-os-tries 1 {t6}` from the lab's scanner namespace (no default route); {whorl_ver}; target: {how}; {versions}",
    f"# expected: {expect} (the class of this stack's own print in data/whorl-os-db); whorl's IPv6 verdict right: {right(v6)}",
    f"# IPv4, same bring-up (`whorl -n -Pn -O -p 22,81 --max-os-tries 1 {t4}`): {v4}" if t4 else "# IPv4: not in this bring-up (see data/measured/ and data/whorl-os-db)",
    f"# {nmap_ver}, `nmap -6 -n -Pn -O -vv -p 22,81 --max-os-tries 1 {t6}`: {nmap_result(n6)}",
    f"# whorl's print and {nmap_ver}'s: {agreement(w6, n6)}",
]
open(out, "w").write("\n".join(hdr + block) + "\n")
print(f"{sid}: {v6} | right: {right(v6)} | IPv4: {v4} | Nmap: {nmap_result(n6)} | prints: {agreement(w6, n6)}")
PY
}

# v6_measure STACK: whorl's own IPv6 reference measurement of a stack that is up (--measure):
# RUNS (default 5) scans `whorl -6 -n -Pn -O -p 22,81 --max-os-tries 1 -d TARGET6` from the
# scanner namespace; run-N.fp is the block of run N after "OS verdict for ... read as
# nmap-os-db tests:" up to the blank line (the answers restated in nmap-os-db's IPv4 terms,
# as whorl's IPv6 verdict reads them); meta.txt takes name, class, cpe and source from the
# stack's IPv4 measurement in data/measured/ (libslirp-slirptap: those of
# libslirp-slirp4netns, under a name of its own) and says how it was measured.
# tools/stacks/build-whorl-os-db.py --ipv6 makes data/whorl-os6-db from them. The outputs
# are written to a new directory that replaces data/measured6/<stack>/ only once every run
# gave its tests; each run's whole output is kept under $STACKS_CACHE/ipv6-measure/<stack>/.
v6_measure() {
  local id=$1 ns=$STACK_SCAN_NS t6=$STACK_TARGET6 runs=${RUNS:-5}
  local whorl=${WHORL:-$V6_ROOT/build/whorl}
  local raw=${STACKS_CACHE:-/var/cache/whorl-stacks}/ipv6-measure/$id
  local out=$V6_MEASURED6/$id src=$V6_ROOT/data/measured/$id
  [[ $runs =~ ^[1-9][0-9]*$ ]] || { v6_log "RUNS must be a positive number, not $runs"; exit 2; }
  [[ $id == libslirp-slirptap ]] && src=$V6_ROOT/data/measured/libslirp-slirp4netns
  [[ -f $src/meta.txt ]] || { v6_log "$id: no IPv4 measurement $src/meta.txt to take name and class from"; exit 1; }
  rm -rf "$raw" "$out.new"; mkdir -p "$raw" "$out.new"
  local args=(-6 "${V6_ARGS[@]}" -d "$t6") n
  for ((n = 1; n <= runs; n++)); do
    v6_check_scanner "$ns"
    v6_log "$id: run $n/$runs: whorl ${args[*]}"
    ip netns exec "$ns" "$whorl" "${args[@]}" >"$raw/run-$n-d.txt" 2>&1 || v6_log "$id: whorl -d exited $?"
    awk '/ read as nmap-os-db tests:$/ { f = 1; next } f && /^$/ { exit } f' "$raw/run-$n-d.txt" >"$out.new/run-$n.fp"
    [[ -s $out.new/run-$n.fp ]] && ! grep -qvE '^[A-Z][A-Z0-9]*\([^()]*\)$' "$out.new/run-$n.fp" ||
      { v6_log "$id: run $n gave no test lines after \"read as nmap-os-db tests:\" (see $raw/run-$n-d.txt)"; exit 1; }
  done
  local commit=${WHORL_COMMIT:-$(git -C "$V6_ROOT" rev-parse --short HEAD 2>/dev/null)}
  local wver; wver=$("$whorl" --version 2>/dev/null | head -1 | sed 's/ *(.*//; s/ version / /')
  local measured="$(date -u +%F) by tools/stacks/ipv6-os.sh --measure; $runs runs of \`whorl ${args[*]}\` from the lab's scanner namespace (no default route), each run's tests the block after \"read as nmap-os-db tests:\" (the IPv6 answers in nmap-os-db's IPv4 terms, docs/decisions/0027); $wver (built from commit $commit); nmap-os-db of nmap-common $(dpkg-query -W -f='${Version}' nmap-common 2>/dev/null); host kernel $(uname -r); target: $V6_HOW; $V6_VERSIONS"
  {
    if [[ $id == libslirp-slirptap ]]; then
      echo "name: libslirp ${V6_VERSIONS#libslirp0 } userspace TCP/IP via tools/stacks/slirp-tap (slirp4netns's settings, IPv6 prefix 2001:db8::/64, Debian 12)"
      grep -E '^(class|cpe):' "$src/meta.txt"
      echo "measured: $measured"
      echo "source: $V6_VERSIONS, Debian 12 bookworm; tools/stacks/slirp-tap/slirp_tap.c configures it as slirp4netns 1.2.0 does, with the IPv6 prefix 2001:db8::/64"
    else
      grep -E '^(name|class|cpe):' "$src/meta.txt"
      echo "measured: $measured"
      grep -E '^source:' "$src/meta.txt"
    fi
  } >"$out.new/meta.txt"
  rm -rf "$out"; mv "$out.new" "$out"
  v6_log "$id: $runs runs -> $out"
}

# v6_table: README.md beside the fixtures, its table from their header lines.
v6_table() {
  mkdir -p "$V6_OUT"
  python3 - "$V6_OUT" <<'PY'
import glob, os, re, sys
d = sys.argv[1]
rows = []
for f in sorted(glob.glob(f"{d}/*.txt")):
    text = open(f).read()
    sid = os.path.basename(f)[:-4]
    g = lambda pat: (re.search(pat, text, re.M) or [None, "?"])[1]
    nmap = g(r"^# Nmap [^`]*`[^`]*`: (.*)$").replace(" (If you know what OS is running on it, see https://nmap.org/submit/ ).", "")
    rows.append("| {} | {} | {} | {} | {} | {} |".format(
        sid, g(r"^OS verdict: (.*)$"), g(r"verdict right: (.*)$"),
        g(r"^# IPv4, same bring-up \(`[^`]*`\): OS verdict: (.*)$"), nmap,
        g(r"^# whorl's print and Nmap [0-9.]*'s: (.*)$")))
readme = f"{d}/README.md"
head = """# IPv6 prints of the lab stacks

One file per stack, written by `tools/stacks/ipv6-os.sh` (root; regenerate all with
`WHORL=build/whorl tools/stacks/ipv6-os.sh`, one with `tools/stacks/ipv6-os.sh STACK`). Each
starts with `#` lines: how it was measured, the family expected (the class of the stack's
own print in data/whorl-os-db), whorl's IPv4 verdict on the same bring-up, Nmap 7.93's
result line for `nmap -6 -n -Pn -O -vv -p 22,81 --max-os-tries 1` and whether Nmap's print
and whorl's agree on every deterministic field of every answer (payload length, next header,
hop limit, traffic class; TCP flags, window, urgent pointer, option layout; ICMPv6 type and
code: what tests/integration/os6_lab_test.cpp compares). Then whorl's OS lines of
`whorl -6 -n -Pn -O -vv -p 22,81 --max-os-tries 1` as printed: "No OS matches for host",
"TCP/IP fingerprint:", Nmap's IPv6 print (OS: lines) and whorl's "OS verdict:" line
(`fp::extract_fingerprint_text` reads the print out of the file). Every IPv6 address in the
hex is XX, as Nmap prints it.

Not measured over IPv6 (see the head of tools/stacks/ipv6-os.sh): passt/pasta (passt
0.0~git20230309 enables IPv6 only with a link-local address on its template interface,
which it then uses as the source of its neighbor advertisements: outside the lab's
2001:db8::/32); slirp4netns itself (its libslirp IPv6 prefix is fixed at fd00::/64; libslirp
is measured with tools/stacks/slirp-tap instead, the same library as slirp4netns configures
it but with the prefix 2001:db8::/64); ns-3 (the lab's listener builds an IPv4-only node);
iPXE, EDK2 and GRUB (no TCP answer over IPv4 either).

| stack | whorl's verdict over IPv6 | family right | whorl's verdict over IPv4 (same bring-up) | Nmap 7.93 over IPv6 | whorl's print vs Nmap's |
| --- | --- | --- | --- | --- | --- |
"""
open(readme, "w").write(head + "\n".join(rows) + "\n")
PY
}

if [[ ${1:-} == --one ]]; then
  v6_bring_up "$2"
  v6_scan "$2"
  exit
fi
if [[ ${1:-} == --measure-one ]]; then
  v6_bring_up "$2"
  v6_measure "$2"
  exit
fi
if [[ ${1:-} == --table ]]; then
  v6_table
  exit
fi

# ---- driver: each stack in a process of its own, bounded by STACK_TIMEOUT ----
[[ $EUID == 0 ]] || { echo "ipv6-os: needs root" >&2; exit 1; }
one=--one
if [[ ${1:-} == --measure ]]; then one=--measure-one; shift; fi
stacks=()
for a in "$@"; do
  case $a in
    debian | ubuntu2404 | rhel9 | alpine | android) stacks+=("linux-$V6_KVER-$a") ;;
    *) stacks+=("$a") ;;
  esac
done
((${#stacks[@]})) || stacks=("${V6_ALL[@]}")
ok=() failed=()
for s in "${stacks[@]}"; do
  t0=$SECONDS
  v6_log "== $s"
  rc=0
  timeout -k 30 "${STACK_TIMEOUT:-720}" bash "$V6_DIR/ipv6-os.sh" "$one" "$s" || rc=$?
  case $rc in
    0) ok+=("$s") ;;
    124) failed+=("$s (timed out after ${STACK_TIMEOUT:-720} s)") ;;
    *) failed+=("$s (exit $rc)") ;;
  esac
  v6_log "$s: $((SECONDS - t0)) s"
done
[[ $one == --one ]] && v6_table
v6_log "measured: ${ok[*]:-none}"
v6_log "failed: ${failed[*]:-none}"
((${#failed[@]} == 0))
