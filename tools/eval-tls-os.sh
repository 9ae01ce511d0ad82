#!/usr/bin/env bash
# The TLS OS model on ClientHellos it never saw: builds whorl, then whorl-eval-tls-os splits
# mercury's table (data/mercury/tls-os.tsv, or TABLE) 80/20 by the fingerprint's SHA-256
# before building the model from the larger part, and reports family accuracy and
# calibration on the held-out part.
# Usage: tools/eval-tls-os.sh [TABLE]
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
"$repo/scripts/build.sh" >/dev/null
"$repo/build/whorl-eval-tls-os" "$@"
