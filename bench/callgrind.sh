#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/callgrind.sh: instructions per packet of the input path, a figure
# that machine noise does not move. Runs bench-input under
# valgrind --tool=callgrind with collection off except around
# core_input + core_flush (bench-input toggles it with callgrind client
# requests), divides the instructions collected by the packets fed, and
# prints one JSON line; the functions that cost most go to stderr.
#
#   bench/callgrind.sh build/bench/bench-input echo 64 [OUTFILE]
#   callgrind_annotate OUTFILE          (the full profile afterwards)
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: callgrind.sh BENCH-INPUT echo|fwd SIZE [OUTFILE]" >&2; exit 2; }
bin=$1 mode=$2 size=$3
outfile=${4:-callgrind.out.bench-input-$mode-$size}
iters=${CALLGRIND_ITERS:-2000}
command -v valgrind > /dev/null || { echo "callgrind.sh: valgrind is not installed" >&2; exit 1; }

res=$(valgrind --tool=callgrind --collect-atstart=no \
    --callgrind-out-file="$outfile" \
    "$bin" --mode "$mode" --size "$size" --iters "$iters" --warmup 100 \
    --callgrind 2>"$outfile.log" | grep '^{') ||
    { echo "callgrind.sh: bench-input failed under valgrind (see $outfile.log)" >&2; exit 1; }
python3 - "$res" "$outfile" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
if not r.get('callgrind'):
    sys.exit('callgrind.sh: bench-input was built without valgrind/callgrind.h '
             '(install valgrind and rebuild)')
total = None
for line in open(sys.argv[2]):
    if line.startswith('totals:') or line.startswith('summary:'):
        total = int(line.split()[1])
if not total:
    sys.exit('callgrind.sh: no totals in ' + sys.argv[2])
print(json.dumps({'micro': r['micro'], 'size': r['size'],
                  'instr_per_pkt': total / r['packets'],
                  'callgrind_packets': r['packets'],
                  'callgrind_frames_out': r['frames_out']}))
PY
callgrind_annotate --inclusive=no "$outfile" 2>/dev/null | sed -n '/^Ir/,$p' | head -25 >&2 || true
