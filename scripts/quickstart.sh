#!/usr/bin/env bash
# Quick start: installs what whorl needs, builds it, and runs the main job on an embedded
# default target: a throwaway lab host (network namespace, 198.51.100.2, Linux with a web
# and an SSH listener) that `whorl -Pn -O` fingerprints; the lab is removed afterwards.
# Needs root (raw sockets, network namespaces). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh normal
echo "== whorl -Pn -O on a lab host (persona ${WHORL_PERSONA:-linux})"
exec build/whorl-lab --persona "${WHORL_PERSONA:-linux}" --open 22,80 -- build/whorl -Pn -O '{host}'
