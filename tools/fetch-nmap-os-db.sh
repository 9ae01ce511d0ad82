#!/usr/bin/env bash
# Fetches the nmap-os-db of another Debian release's nmap-common package, for evaluating
# whorl's verdict on prints a newer database added (tools/eval-verdict.sh). The package is
# downloaded with a private apt state (own sources list, lists, cache and an empty dpkg
# status in a scratch directory) and unpacked with dpkg-deb -x: the system's apt
# configuration and installed packages are never touched, nothing is installed.
#
# Usage: tools/fetch-nmap-os-db.sh SUITE [OUT]
#   SUITE  a Debian suite deb.debian.org serves (bullseye: Nmap 7.80's data; trixie: 7.95)
#   OUT    where to put the file [build/nmap-os-db.SUITE]; its path is printed
set -euo pipefail
suite=${1:?usage: tools/fetch-nmap-os-db.sh SUITE [OUT]}
repo=$(cd "$(dirname "$0")/.." && pwd)
out=${2:-$repo/build/nmap-os-db.$suite}
keyring=${WHORL_DEBIAN_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/etc" "$work/x"
chmod -R 755 "$work"
touch "$work/status"
echo "deb [signed-by=$keyring] http://deb.debian.org/debian $suite main" >"$work/etc/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$work/etc/sources.list" -o Dir::Etc::SourceParts=/dev/null
          -o "Dir::State::Lists=$work/lists" -o "Dir::State::Status=$work/status" -o "Dir::Cache=$work/cache")
apt-get "${apt_opts[@]}" -qq update
(cd "$work" && apt-get "${apt_opts[@]}" -qq download nmap-common 2>/dev/null)
dpkg-deb -x "$work"/nmap-common_*.deb "$work/x"
mkdir -p "$(dirname "$out")"
cp "$work/x/usr/share/nmap/nmap-os-db" "$out"
echo "$out"
