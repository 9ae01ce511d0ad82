#!/usr/bin/env bash
# Evaluates whorl's OS verdict on operating systems a database does not hold: fits the
# model on OLDER (as whorl does when it loads a database), draws a subject from every print
# NEWER added (the first alternative of each value, the middle of each range) and compares
# whorl's verdict with Nmap's nearest match, both against OLDER: share with the right
# family and generation, abstentions, expected calibration error, and how often a verdict
# stated at 90 % or more is wrong. One line per subject goes to DETAILS.
#
# Usage: tools/eval-verdict.sh [OLDER_DB [NEWER_DB [DETAILS [OPTIONS...]]]]
#   OPTIONS go to whorl-eval-verdict: --own data/whorl-os-db (whorl's own prints after
#   OLDER), --strict, --leave-out-group, --subjects N.
#   The development split of decision 0013: OLDER=$(tools/fetch-nmap-os-db.sh bullseye)
#   (Nmap 7.80's data), NEWER=/usr/share/nmap/nmap-os-db (7.93).
#   defaults: Debian 12's /usr/share/nmap/nmap-os-db (Nmap 7.93) and Debian 13's (Nmap 7.95,
#   fetched by tools/nmap-oracle.sh db), details in build/eval-verdict.tsv.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
older=${1:-/usr/share/nmap/nmap-os-db}
newer=${2:-$("$repo/tools/nmap-oracle.sh" db)/nmap-os-db}
details=${3:-$repo/build/eval-verdict.tsv}
"$repo/scripts/build.sh" >/dev/null
"$repo/build/whorl-eval-verdict" "$older" "$newer" --details "$details" "${@:4}"
echo "details: $details"
