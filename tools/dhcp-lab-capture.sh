#!/usr/bin/env bash
# Records tests/fixtures/pcap/dhcp/lab-clients.pcap: the DHCPv4 exchanges of real Linux
# DHCP clients, each in a throwaway network namespace of its own, against dnsmasq in a
# server namespace, captured on the server's bridge. The option 55 lists, option 60
# strings and option orders in data/dhcp-fingerprints.txt marked "lab capture" come from
# this file. Needs root and the clients from scripts/install-deps.sh (isc-dhcp-client,
# udhcpc, dhcpcd-base, dnsmasq-base; systemd-networkd comes with systemd). NetworkManager
# (its internal client) is used when installed, or from NM_ROOT, a directory where its
# Debian packages were unpacked without installing them (installing network-manager would
# upgrade systemd on a shared machine):
#   apt-get download network-manager libnm0 libndp0 libteamdctl0 libmm-glib0 libbluetooth3
#   for d in *.deb; do dpkg -x "$d" "$NM_ROOT"; done
# It runs against a private D-Bus daemon inside the client's mount namespace.
#
# Topology: namespace ${p}srv holds bridge br0 (198.51.100.1/24, no default route) and
# dnsmasq handing out 198.51.100.100-199; namespace ${p}<client> holds veth0 (a fixed,
# locally administered MAC 02:57:4c:44:00:NN) whose peer is a port of br0. Nothing else
# is linked, so no packet leaves the lab. Clients run with their distribution's default
# configuration, in UTS, mount and PID namespaces of their own (hostname "lab-<client>";
# when the time is up the whole PID namespace goes, daemons included).
#   tools/dhcp-lab-capture.sh [OUT.pcap]
set -euo pipefail
out=${1:-tests/fixtures/pcap/dhcp/lab-clients.pcap}
p="wdhcp-$$-"
srv="${p}srv"
tmp=$(mktemp -d /tmp/whorl-dhcp-lab.XXXXXX)
chmod 755 "$tmp"
clients=(dhclient udhcpc dhcpcd networkd)
nm_bin=/usr/sbin/NetworkManager
nm_libs=
if [[ -n ${NM_ROOT:-} ]]; then
  nm_bin=$NM_ROOT/usr/sbin/NetworkManager
  nm_libs=$NM_ROOT/usr/lib/x86_64-linux-gnu
fi
[[ -x $nm_bin ]] && clients+=(networkmanager)
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for c in "${clients[@]}"; do ip netns del "${p}${c}" 2>/dev/null || true; done
  ip netns del "$srv" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

ip netns add "$srv"
ip -n "$srv" link set lo up
ip -n "$srv" link add br0 type bridge
ip -n "$srv" addr add 198.51.100.1/24 dev br0
ip -n "$srv" link set br0 up

n=0
for c in "${clients[@]}"; do
  n=$((n + 1))
  ns="${p}${c}"
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip link add veth0 netns "$ns" address "02:57:4c:44:00:0$n" type veth peer name "v$n" netns "$srv"
  ip -n "$srv" link set "v$n" master br0 up
done

ip netns exec "$srv" tcpdump -i br0 -s 0 -U -w "$tmp/cap.pcap" 'udp port 67 or udp port 68' 2>/dev/null &
pids+=($!)
ip netns exec "$srv" dnsmasq --no-daemon --conf-file=/dev/null --port=0 --user=root \
  --interface=br0 --bind-interfaces --dhcp-authoritative \
  --dhcp-range=198.51.100.100,198.51.100.199,255.255.255.0,1h \
  --dhcp-leasefile="$tmp/dnsmasq.leases" --pid-file="$tmp/dnsmasq.pid" 2>"$tmp/dnsmasq.log" &
pids+=($!)
sleep 1

# Runs a client in its namespace with its own hostname, for at most $2 seconds.
run_client() {
  local c=$1 secs=$2
  shift 2
  ip -n "${p}${c}" link set veth0 up
  sleep 0.3
  timeout --signal=TERM "$secs" ip netns exec "${p}${c}" \
    unshare --uts --mount --pid --fork --kill-child --mount-proc sh -c "hostname lab-$c; $*" \
    >"$tmp/$c.log" 2>&1 || true
  echo "== $c: $(grep -c . "$tmp/$c.log") log lines"
}

run_client dhclient 8 "dhclient -4 -1 -d -v -sf /bin/true -lf $tmp/dhclient.leases -pf $tmp/dhclient.pid veth0"
run_client udhcpc 8 "udhcpc -i veth0 -f -q -n -t 3 -s /bin/true"
run_client dhcpcd 10 "mkdir -p $tmp/dhcpcd-run && mount --bind $tmp/dhcpcd-run /run && dhcpcd -4 -T -t 8 veth0"
# systemd-networkd: a private /run/systemd/network with one .network file, private state.
# A read-only /sys tells it that no udev will initialise the links.
mkdir -p "$tmp/networkd/network" "$tmp/networkd/netif"
chown systemd-network:systemd-network "$tmp/networkd/netif"
printf '[Match]\nName=veth0\n\n[Network]\nDHCP=ipv4\nLinkLocalAddressing=no\nIPv6AcceptRA=no\n' \
  >"$tmp/networkd/network/10-veth0.network"
run_client networkd 8 "mount -o remount,ro /sys && mount --bind $tmp/networkd/network /etc/systemd/network && \
  mount --bind $tmp/networkd/netif /run/systemd/netif && SYSTEMD_LOG_LEVEL=debug /lib/systemd/systemd-networkd"
# NetworkManager with its internal DHCP client, one in-memory profile, a private bus.
if [[ " ${clients[*]} " == *" networkmanager "* ]]; then
  nm="$tmp/nm"
  mkdir -p "$nm/run/NetworkManager/system-connections" "$nm/run/dbus" "$nm/varlib"
  printf '[main]\nconfigure-and-quit=yes\ndhcp=internal\nplugins=keyfile\nno-auto-default=*\n' >"$nm/NetworkManager.conf"
  printf '[connection]\nid=veth0\ntype=ethernet\ninterface-name=veth0\n[ipv4]\nmethod=auto\n[ipv6]\nmethod=disabled\n' \
    >"$nm/run/NetworkManager/system-connections/veth0.nmconnection"
  chmod 600 "$nm/run/NetworkManager/system-connections/veth0.nmconnection"
  printf '%s\n' '<busconfig><type>system</type><listen>unix:path=/run/dbus/system_bus_socket</listen>' \
    '<auth>EXTERNAL</auth><policy context="default"><allow user="*"/><allow own="*"/>' \
    '<allow send_destination="*"/><allow receive_sender="*"/></policy></busconfig>' >"$nm/bus.conf"
  run_client networkmanager 12 "mount -o remount,ro /sys && mount --bind $nm/run /run && \
    mount --bind $nm/varlib /var/lib && { dbus-daemon --config-file=$nm/bus.conf --nofork --nopidfile & } && \
    sleep 0.5 && LD_LIBRARY_PATH=$nm_libs $nm_bin --no-daemon --config=$nm/NetworkManager.conf"
fi

sleep 1
kill "${pids[0]}" 2>/dev/null || true
wait "${pids[0]}" 2>/dev/null || true
mkdir -p "$(dirname "$out")"
cp "$tmp/cap.pcap" "$out"
chmod 644 "$out"
echo "wrote $out ($(stat -c %s "$out") bytes)"
tshark -r "$out" -Y 'dhcp.option.dhcp == 1 || dhcp.option.dhcp == 3' -T fields -e eth.src -e dhcp.option.dhcp \
  -e dhcp.option.request_list_item -e dhcp.option.vendor_class_id -e dhcp.option.type -E separator='|' 2>/dev/null
