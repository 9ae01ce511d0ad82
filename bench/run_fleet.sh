#!/usr/bin/env bash
# The scanner fleet (issue 16, docs/decisions/0029): the same lab hosts scanned by one
# worker and by four, from a NATS JetStream queue, and the ratio of the wall times. A
# throwaway lab (whorl-lab: HOSTS Linux hosts on 198.51.100.0/24, ports 22 and 80 open)
# and a nats-server -js on the lab's own address 198.51.100.1 in its scanner namespace,
# its store in a temporary directory; the workers run there as separate processes. Each
# round submits the hosts in blocks of BLOCK to a queue of its own, starts the workers and
# times them until the last one leaves (the queue drained: each waits one idle second
# before it leaves, in both rounds), then checks with `whorl results` that every host's
# result is there exactly once. For scale, the same hosts by one whorl without a queue (one
# process scans up to 256 hosts at once, where a worker scans a block at a time). Needs
# root; run from the repository root after building.
#
#   bench/run_fleet.sh                           (32 hosts, -n -Pn -O, blocks of 4)
#   HOSTS=16 BLOCK=2 FLAGS="-n -Pn -p 22" BUILD=build bench/run_fleet.sh
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
hosts=${HOSTS:-32}
block=${BLOCK:-4}
flags=${FLAGS:-"-n -Pn -O"}
[ -x "$build/whorl" ] && [ -x "$build/whorl-lab" ] || { echo "build first: $build/whorl" >&2; exit 1; }
command -v nats-server >/dev/null || { echo "nats-server is not installed (scripts/install-deps.sh)" >&2; exit 1; }
work=$(mktemp -d /tmp/whorl-bench-fleet.XXXXXX)
trap 'rm -rf "$work"' EXIT
last=$((hosts + 1))
W=$(realpath "$build/whorl") WORK=$work RANGE="198.51.100.2-$last" HOSTS=$hosts BLOCK=$block FLAGS=$flags \
  "$build/whorl-lab" --hosts "$hosts" --open 22,80 -- bash -c '
  set -euo pipefail
  url=nats://198.51.100.1:4222
  nats-server -js -a 198.51.100.1 -p 4222 -sd "$WORK/store" -l "$WORK/nats.log" & server=$!
  trap "kill $server; wait $server 2>/dev/null || true" EXIT
  for i in $(seq 100); do grep -q "Server is ready" "$WORK/nats.log" 2>/dev/null && break; sleep 0.1; done
  round() {  # workers -> seconds
    local n=$1 q=round$1 s e
    "$W" submit --jetstream $url --queue $q --block-size "$BLOCK" "$RANGE" > /dev/null
    s=$(date +%s.%N)
    for i in $(seq "$n"); do "$W" $FLAGS --jetstream $url --queue $q > "$WORK/$q.w$i" 2>&1 & done
    wait $(jobs -p | grep -v "^$server\$") 2>/dev/null || true
    e=$(date +%s.%N)
    local lines unique
    lines=$("$W" results --jetstream $url --queue $q | tee "$WORK/$q.results" | wc -l)
    unique=$(grep -o "\"host\": {\"address\": \"[^\"]*\"" "$WORK/$q.results" | sort -u | wc -l)
    [ "$lines" -eq "$HOSTS" ] && [ "$unique" -eq "$HOSTS" ] ||
      { echo "round $n: $lines results, $unique hosts, want $HOSTS each once" >&2; cat "$WORK/$q".w* >&2; exit 1; }
    echo "$e - $s" | bc -l
  }
  one=$(round 1)
  four=$(round 4)
  s=$(date +%s.%N); "$W" $FLAGS "$RANGE" > /dev/null 2>&1; e=$(date +%s.%N)
  plain=$(echo "$e - $s" | bc -l)
  printf "whorl %s over %d lab hosts, blocks of %d\n" "$FLAGS" "$HOSTS" "$BLOCK"
  printf "  1 worker  %7.2f s\n  4 workers %7.2f s\n  ratio 4/1 %7.2f   (speed-up %.2f)\n" "$one" "$four" \
    "$(echo "$four / $one" | bc -l)" "$(echo "$one / $four" | bc -l)"
  printf "  one whorl, no queue: %.2f s\n" "$plain"
  echo "  every host'"'"'s result once in both rounds"'
