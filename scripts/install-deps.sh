#!/usr/bin/env bash
# Installs every build, test and oracle dependency of whorl from Debian 12 packages.
# Idempotent: when every package is already installed it returns in well under a second.
set -euo pipefail

packages=(
  # build
  g++ cmake make ninja-build pkg-config git libpcap-dev libfmt-dev libpcre2-dev libssl-dev
  googletest libgtest-dev libgmock-dev libbenchmark-dev clang libclang-rt-14-dev
  # packaging: the .deb's shared-library dependencies (CPack), the manual pages' check
  dpkg-dev groff-base
  # the field's databases (read where installed, never copied)
  nmap nmap-common p0f ettercap-common
  # the lab and the oracles
  iproute2 ethtool nftables iptables tcpdump tshark python3 python3-scapy libxml2-utils xsltproc
  ndiff python3-libnmap python3-jsonschema bc
  # passive evidence: real DHCP clients and server for tools/dhcp-lab-capture.sh, pings for
  # the ICMP captures, Ettercap's binary for tools/ettercap_crosscheck.py (NetworkManager
  # is unpacked, not installed: see the capture script)
  dnsmasq-base isc-dhcp-client udhcpc dhcpcd-base iputils-ping busybox ettercap-text-only
  # TLS clients of several libraries (OpenSSL, GnuTLS, Node's own OpenSSL) and a server,
  # for the ClientHello captures of tests/integration/tls_hello_test.cpp
  openssl curl wget gnutls-bin nodejs
  # a QUIC client and server (ngtcp2's examples) for tools/capture-quic-lab.sh
  ngtcp2-client ngtcp2-server
  # the ua-parser project's maintained User-Agent regexes, read where installed
  uap-core
  # the scanner fleet: the NATS C client with JetStream (linked), and the server the fleet
  # tests and bench/run_fleet.sh start in lab namespaces
  libnats-dev nats-server
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done

if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: need root to install: ${missing[*]}" >&2
    exit 1
  fi
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Nmap 7.95's data files (Debian 13's nmap-common, unpacked outside the repository, never
# installed): the tests compare whorl with Nmap 7.95 on that nmap-os-db. Returns at once
# when it is already there.
"$(dirname "$0")/../tools/nmap-oracle.sh" db >/dev/null
