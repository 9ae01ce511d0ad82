#!/usr/bin/env bash
# Role: measures gVisor's netstack (Debian 12 package `runsc`) with `whorl -Pn -O`; writes
# data/measured/gvisor-netstack/ (run-1..5.fp, meta.txt).
# Usage: tools/stacks/userspace-gvisor.sh   (root; builds whorl if missing)
# Packages (apt-get): runsc iproute2 python3 nftables
#
# Topology:
#   scanner netns <P>gv-scan                 target netns <P>gv-target
#   lab0 198.51.100.1/24   <---- veth ---->  lab1 198.51.100.2/24 (no default route)
#   no default route                         runsc sandbox (OCI bundle, --network=sandbox)
# runsc run is given an OCI bundle whose network namespace is the target namespace: with
# --network=sandbox it takes lab1's address and routes into the sandbox, removes them from
# the host kernel, and serves 198.51.100.2 from gVisor's netstack over a packet socket on
# lab1. Inside the sandbox a python3 listener (the host's /usr/bin/python3, root file
# system "/" read-only with a memory overlay) listens on port 22; port 81 is closed.
#
# Network rule: only 198.51.100.0/24 addresses; the target namespace's only link is the
# veth to the scanner, it has no default route (so the sandbox has none either), and the
# scanner namespace has no default route and no link but lab0. Namespaces are prefixed
# whorlus<PID>- and removed on exit by a trap (which also deletes the sandbox).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/userspace-lib.sh"

# gvisor_up: the scanner and target namespaces and the runsc sandbox in the target one
# (after us_init); sets STACK_SCAN_NS/STACK_SCAN_IF/STACK_TARGET/STACK_PORT for
# tools/stacks/capture-synacks.sh, which sources this file. In userspace-lib.sh's IPv6 mode
# (US_IPV6=1, tools/stacks/ipv6-os.sh) lab0 also has 2001:db8::1/64 and lab1 2001:db8::2/64,
# which runsc takes over as it takes the IPv4 one, and the listener's socket is dual-stack
# (::): STACK_TARGET6.
gvisor_up() {
    us_apt runsc iproute2 python3 nftables

    S=${US_PREFIX}gv-scan; us_netns gv-scan
    T=${US_PREFIX}gv-target; us_netns gv-target
    ip link add "${US_PREFIX}a" netns "$S" type veth peer name "${US_PREFIX}b" netns "$T"
    ip -n "$S" link set "${US_PREFIX}a" name lab0
    ip -n "$T" link set "${US_PREFIX}b" name lab1
    ip -n "$S" addr add "$US_SCANNER_ADDR"/24 dev lab0
    ip -n "$T" addr add 198.51.100.2/24 dev lab1
    if [[ -n $US_IPV6 ]]; then
        ip -n "$S" addr add "$US_SCANNER_ADDR6"/64 dev lab0 nodad
        ip -n "$T" addr add 2001:db8::2/64 dev lab1 nodad
    fi
    ip -n "$S" link set lab0 up
    ip -n "$T" link set lab1 up
    us_no_route_off_lab "$T"

    cid=whorl-gvisor-$$
    state=$US_CACHE/runsc-state
    bundle=$US_CACHE/gvisor-bundle-$$
    mkdir -p "$state" "$bundle"
    US_CLEANUP_HOOKS+=("runsc --root '$state' kill '$cid' KILL; sleep 0.5; runsc --root '$state' delete -force '$cid'; rm -rf '$bundle'")
    python3 - "$bundle/config.json" "/run/netns/$T" "${US_IPV6:+v6}" <<'EOF'
import json, sys
listener = r'''
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 22)); s.listen(64)
while True:
    c, _ = s.accept(); c.close()
'''
if sys.argv[3] == "v6":
    listener = listener.replace("socket.socket()", "socket.socket(socket.AF_INET6)").replace(
        '"0.0.0.0"', '"::"').replace("s.bind(", "s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0); s.bind(")
spec = {
    "ociVersion": "1.0.0",
    "process": {
        "terminal": False, "user": {"uid": 0, "gid": 0},
        "args": ["/usr/bin/python3", "-c", listener],
        "env": ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"], "cwd": "/",
        "capabilities": {k: ["CAP_NET_BIND_SERVICE"] for k in
                         ("bounding", "effective", "inheritable", "permitted")},
    },
    "root": {"path": "/", "readonly": True},
    "hostname": "gvisor",
    "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"},
               {"destination": "/tmp", "type": "tmpfs", "source": "tmpfs"}],
    "linux": {"namespaces": [{"type": "pid"}, {"type": "ipc"}, {"type": "uts"}, {"type": "mount"},
                             {"type": "network", "path": sys.argv[2]}]},
}
json.dump(spec, open(sys.argv[1], "w"), indent=1)
EOF
    # runsc 20221219 decides that it is in the root network namespace when
    # /proc/sys/net/core/rmem_default exists (runsc/sandbox/network.go, isRootNS), and refuses
    # to set up the sandbox's network there. Since Linux 6.x made net.core.rmem_default
    # per-namespace, the file exists in every namespace, so runsc refuses everywhere. runsc is
    # therefore started in a private mount namespace where a tmpfs over /proc/sys hides the
    # network sysctls (a mount on /proc/sys/net/core does not do: after setns the path
    # resolves to the joined namespace's own sysctl directory); /proc/sys/kernel, vm and fs are
    # bound back into it. The sandbox and gofer mount a proc of their own, so only the check
    # of `runsc run` sees the difference.
    rm -rf "$US_CACHE/runsc-debug"
    us_bg unshare -m --propagation private sh -c '
        set -e; d=$(mktemp -d); mount --bind /proc/sys "$d"
        mount -t tmpfs whorl-hide /proc/sys
        for x in kernel vm fs; do mkdir /proc/sys/$x; mount --bind "$d/$x" /proc/sys/$x; done
        exec "$@"' sh \
        runsc --root "$state" --network=sandbox --ignore-cgroups --overlay2=root:memory \
        --debug-log="$US_CACHE/runsc-debug/" run --bundle "$bundle" "$cid"
    us_wait_tcp "$S" 198.51.100.2 22 60 || us_die "no TCP connection to gVisor's 198.51.100.2:22"
    STACK_SCAN_NS=$S STACK_SCAN_IF=lab0 STACK_TARGET=198.51.100.2 STACK_PORT=22
    if [[ -n $US_IPV6 ]]; then
        us_wait_tcp "$S" 2001:db8::2 22 30 || us_die "no TCP connection to gVisor's [2001:db8::2]:22"
        STACK_TARGET6=2001:db8::2
    fi
}

[[ ${BASH_SOURCE[0]} == "$0" ]] || return 0
us_init
gvisor_up

ver=$(us_pkg_version runsc)
US_META_NAME="gVisor netstack (runsc $ver, Debian 12)"
US_META_CLASS="Google | gVisor | | general purpose"
US_META_CPE="cpe:/a:google:gvisor"
US_META_TOPOLOGY="scanner netns (lab0 198.51.100.1/24, no default route, no other link) -- veth -- target netns (lab1 198.51.100.2/24, no default route) handed to runsc run --network=sandbox --ignore-cgroups (platform ptrace) as the OCI bundle's network namespace: gVisor's netstack answers for 198.51.100.2; python3 listener on port 22 inside the sandbox"
US_META_SOURCE="runsc $ver (gVisor release 20221219), Debian 12 bookworm"
us_measure gvisor-netstack "$S" lab0 198.51.100.2
