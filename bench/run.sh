#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/run.sh: the dpnet benchmark in one command (bench/README.md).
#
# On one net_memif link, with one traffic generator (build/bench/dpnet-gen,
# the memif client, on CPU 0), it runs one after the other:
#   1. the ceiling: dpdk-testpmd in dpnetd's place, macswap and io modes;
#   2. dpnetd answering ICMP echo and forwarding IPv4 (iprouting 1,
#      reflect 1, 300 routes written over its ctl socket), one worker (and
#      two when the machine has the CPUs for it);
# each with 64- and 1500-byte frames, then the input-path microbenchmarks
# (build/bench/bench-input) when they build. It prints a table (Mpps
# offered and returned, ratio to the testpmd macswap ceiling of the same
# frame size and worker count, latency percentiles) and keeps the raw JSON
# lines in bench/results/run-DATE.jsonl.
#
# Runs as root. Every process it starts is stopped by PID on exit, also on
# failure or Ctrl-C; the memif and ctl sockets live in /run/dpnet-bench and
# are removed; hugepages it reserved are given back. Nothing touches a
# network interface or namespace: memif is shared memory between processes.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

usage() {
	cat <<EOF
usage: bench/run.sh [--quick] [options]
  --quick           2 s per test (else 10 s), shorter warm-up
  --duration S      measured seconds per test
  --warmup S        seconds of traffic before measuring (1; --quick 0.5)
  --sizes "A B"     frame sizes including FCS (default "64 1500")
  --build DIR       build directory (default \$DPNET_BUILD or build)
  --no-build        use what is built, do not run scripts/setup.sh
  --no-huge         never reserve hugepages, run everything with --no-huge
  --only LIST       comma list of: ceiling,dpnetd,micro (default all)
  --workers LIST    worker counts to run, e.g. "1" or "1 2" (default: 1,
                    plus 2 when the machine has at least 3 CPUs)
  --repeat N        run every test N times (default 1); the table shows
                    the run with the median returned rate, and the range
  --callgrind       also run bench-input under valgrind --tool=callgrind
                    (instructions per packet; slow)
EOF
}

quick=0
duration=
warmup=
sizes="64 1500"
build=${DPNET_BUILD:-build}
dobuild=1
usehuge=1
only="ceiling,dpnetd,micro"
workers=
callgrind=0
repeat=1
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=1 ;;
	--duration) duration=$2; shift ;;
	--warmup) warmup=$2; shift ;;
	--sizes) sizes=$2; shift ;;
	--build) build=$2; shift ;;
	--no-build) dobuild=0 ;;
	--no-huge) usehuge=0 ;;
	--only) only=$2; shift ;;
	--workers) workers=$2; shift ;;
	--callgrind) callgrind=1 ;;
	--repeat) repeat=$2; shift ;;
	-h|--help) usage; exit 0 ;;
	*) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
	esac
	shift
done
if [ -z "$duration" ]; then
	if [ $quick = 1 ]; then duration=2; else duration=10; fi
fi
if [ -z "$warmup" ]; then
	if [ $quick = 1 ]; then warmup=0.5; else warmup=1; fi
fi
num='^[0-9]+([.][0-9]+)?$'
[[ $duration =~ $num && $warmup =~ $num ]] ||
    { echo "run.sh: --duration and --warmup take seconds" >&2; exit 2; }
[[ $repeat =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --repeat takes a count" >&2; exit 2; }
for size in $sizes; do
	[[ $size =~ ^[0-9]+$ ]] && [ "$size" -ge 64 ] && [ "$size" -le 2048 ] ||
	    { echo "run.sh: frame size $size is not in 64..2048" >&2; exit 2; }
done
want() { case ",$only," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }

[ "$(id -u)" = 0 ] || { echo "run.sh: run as root (DPDK needs it)" >&2; exit 1; }

# Fixed by conf/examples/bench-memif*.conf.
RUNDIR=/run/dpnet-bench
SOCK=$RUNDIR/memif.sock
CTL=$RUNDIR/ctl
SUT_MAC=02:00:00:00:00:02
GEN_MAC=02:00:00:00:00:01
SUT_IP=192.0.2.2
GEN_IP=192.0.2.1
GEN=$build/bench/dpnet-gen
MICRO=$build/bench/bench-input
DPNETD=$build/dpnetd

exec 9>/run/dpnet-bench.lock
flock -n 9 || { echo "run.sh: another bench/run.sh is running" >&2; exit 1; }

stamp=$(date +%Y%m%d-%H%M%S)
resdir=$ROOT/bench/results
out=$resdir/run-$stamp.jsonl
logs=$resdir/run-$stamp.logs
mkdir -p "$resdir" "$logs"

# ---- clean-up: by PID, always ----------------------------------------
sut_pid=
gen_pid=
huge_orig=
huge_mnt=
stop_pid() {	# pid signal...: each signal in turn, 5 s apart, then KILL
	local pid=$1 sig i
	shift
	[ -n "$pid" ] || return 0
	for sig in "$@" KILL; do
		kill -0 "$pid" 2>/dev/null || break
		kill -"$sig" "$pid" 2>/dev/null || true
		for i in $(seq 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
	done
	wait "$pid" 2>/dev/null || true
}
cleanup() {
	trap - EXIT INT TERM
	# The SUT first, as after every test (see run_gen).
	stop_pid "$sut_pid" INT TERM
	stop_pid "$gen_pid" INT
	gen_pid= sut_pid=
	rm -rf "$RUNDIR"
	rm -f /run/dpnet-bench.lock
	rm -rf /var/run/dpdk/bench_gen /var/run/dpdk/bench_sut \
	    /var/run/dpdk/bench_tp /var/run/dpdk/bench_input
	if [ -n "$huge_mnt" ]; then
		umount "$huge_mnt" 2>/dev/null || true
		rmdir "$huge_mnt" 2>/dev/null || true
	fi
	if [ -n "$huge_orig" ]; then
		echo "$huge_orig" > /proc/sys/vm/nr_hugepages 2>/dev/null || true
	fi
}
trap cleanup EXIT
trap 'echo "run.sh: interrupted" >&2; exit 130' INT TERM

say() { printf '%s\n' "$*" >&2; }

# ---- build ------------------------------------------------------------
if [ $dobuild = 1 ]; then
	say "run.sh: building ($build)"
	if ! DPNET_BUILD=$build scripts/setup.sh > "$logs/build.log" 2>&1; then
		say "run.sh: the full build failed (see $logs/build.log);" \
		    "building the generator alone"
		ninja -C "$build" bench/dpnet-gen >> "$logs/build.log" 2>&1 || true
	fi
	if want micro; then
		ninja -C "$build" bench/bench-input > "$logs/build-micro.log" 2>&1 ||
		    say "run.sh: bench-input does not build yet" \
		        "(see $logs/build-micro.log)"
	fi
fi
[ -x "$GEN" ] || { say "run.sh: no $GEN; build it first"; exit 1; }
if [ $callgrind = 1 ] && ! command -v valgrind > /dev/null; then
	say "run.sh: installing valgrind for --callgrind"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	    valgrind > "$logs/apt.log" 2>&1 || say "run.sh: cannot install valgrind"
fi

# ---- CPUs: generator and SUT control on the first, workers after ----
cpus=()
for part in $(awk '/^Cpus_allowed_list/ {print $2}' /proc/self/status | tr , ' '); do
	case $part in
	*-*) for c in $(seq "${part%-*}" "${part#*-}"); do cpus+=("$c"); done ;;
	*) cpus+=("$part") ;;
	esac
done
ncpu=${#cpus[@]}
if [ "$ncpu" -lt 2 ]; then
	say "run.sh: needs at least 2 CPUs (generator and SUT worker), has $ncpu"
	exit 1
fi
if [ -z "$workers" ]; then
	workers=1
	[ "$ncpu" -ge 3 ] && workers="1 2"
fi
for w in $workers; do
	if [ $((w + 1)) -gt "$ncpu" ]; then
		say "run.sh: $w worker(s) need $((w + 1)) CPUs, the machine has $ncpu"
		exit 1
	fi
done
C0=${cpus[0]}

# ---- hugepages: 2 MB pages for the generator and the SUT ------------
memargs=(--no-huge --no-shconf -m 512)
if [ $usehuge = 1 ] && [ -w /proc/sys/vm/nr_hugepages ]; then
	need=640	# 2 x 512 MB plus slack
	free=$(awk '/^HugePages_Free/ {print $2}' /proc/meminfo)
	if [ "$free" -lt $need ]; then
		huge_orig=$(cat /proc/sys/vm/nr_hugepages)
		echo $((huge_orig + need - free)) > /proc/sys/vm/nr_hugepages 2>/dev/null || true
	fi
	if ! grep -q ' hugetlbfs ' /proc/mounts; then
		huge_mnt=$(mktemp -d /run/dpnet-bench-huge.XXXXXX)
		mount -t hugetlbfs -o pagesize=2M nodev "$huge_mnt" 2>/dev/null ||
		    { rmdir "$huge_mnt"; huge_mnt=; }
	fi
	free=$(awk '/^HugePages_Free/ {print $2}' /proc/meminfo)
	if [ "$free" -ge $need ] && grep -q ' hugetlbfs ' /proc/mounts; then
		memargs=(-m 512 --huge-unlink)
	fi
fi
if [ "${memargs[0]}" = --no-huge ]; then
	huge_desc="no (--no-huge)"
else
	huge_desc="yes (2 MB pages)"
fi
say "run.sh: hugepages: $huge_desc; CPUs: ${cpus[*]}; $duration s per test"

mkdir -p "$RUNDIR"

# ---- the machine, first line of the results -------------------------
python3 - "$out" "$duration" "$warmup" "$huge_desc" "$quick" <<'PY'
import json, os, platform, subprocess, sys, time
out, dur, warm, huge, quick = sys.argv[1:]
model = '?'
for line in open('/proc/cpuinfo'):
    if line.startswith('model name'):
        model = line.split(':', 1)[1].strip()
        break
mem = 0
for line in open('/proc/meminfo'):
    if line.startswith('MemTotal'):
        mem = int(line.split()[1]) // 1024
        break
def ver(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
    except OSError:
        return '?'
m = {'machine': {'cpu': model, 'cpus': os.cpu_count(), 'mem_mb': mem,
     'kernel': platform.release(),
     'dpdk': ver(['pkg-config', '--modversion', 'libdpdk']),
     'date': time.strftime('%Y-%m-%d %H:%M:%S %Z'),
     'duration_s': float(dur), 'warmup_s': float(warm), 'hugepages': huge,
     'quick': quick == '1',
     'loadavg': open('/proc/loadavg').read().split()[0],
     'git': ver(['git', 'describe', '--always', '--dirty'])}}
with open(out, 'a') as f:
    f.write(json.dumps(m) + '\n')
PY

# A result line for a test that could not run: it shows in the table
# with 0 Mpps and the reason, never as a figure.
skip() {	# label size queues reason
	python3 -c 'import json,sys; print(json.dumps({"label": sys.argv[1],
	    "size": int(sys.argv[2]), "queues": int(sys.argv[3]),
	    "skipped": sys.argv[4]}))' "$@" >> "$out"
	say "run.sh: $1 $2-byte, $3 worker(s): not run: $4"
}

wait_sock() {	# path pid seconds
	local i
	for i in $(seq $(($3 * 10))); do
		[ -S "$1" ] && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

stop_sut() {
	stop_pid "$sut_pid" INT TERM
	sut_pid=
	rm -f "$SOCK" "$CTL"
}

# One measurement against the SUT that is up: the generator connects,
# sends, reports, then idles (--linger) while the SUT is stopped first, so
# the memif server never sees its client vanish while it polls (testpmd's
# memif server can crash when it does). Then the generator leaves.
run_gen() {	# label mode count size queues repetition
	local label=$1 mode=$2 count=$3 size=$4 nq=$5 log rc=0 i limit
	log=$logs/gen-$label-$size-${nq}w-$6.log
	"$GEN" --lcores "0@$C0" --file-prefix bench_gen "${memargs[@]}" \
	    --no-pci --log-level=notice \
	    --vdev "net_memif0,role=client,id=0,socket=$SOCK,socket-abstract=no,mac=$GEN_MAC" \
	    -- --mode "$mode" --count "$count" --size "$size" --queues "$nq" \
	    --duration "$duration" --warmup "$warmup" --label "$label" \
	    --sut-mac $SUT_MAC --sut-ip $SUT_IP --local-ip $GEN_IP \
	    --json "$out" --linger > "$log" 2>&1 &
	gen_pid=$!
	limit=$(python3 -c "print(int(($duration + $warmup + 30) * 10))")
	for i in $(seq "$limit"); do
		grep -q '^dpnet-gen:' "$log" 2>/dev/null && break
		kill -0 "$gen_pid" 2>/dev/null || break
		sleep 0.1
	done
	if [ -n "$stats_after" ]; then
		python3 bench/ctl.py "$CTL" ipifc/stats ipifc/0/status \
		    >> "$stats_after" 2>&1 || true
	fi
	stop_sut
	stop_pid "$gen_pid" INT TERM
	wait "$gen_pid" 2>/dev/null || rc=$?
	gen_pid=
	if ! grep -q '^dpnet-gen:' "$log"; then
		skip "$label" "$size" "$nq" "generator failed: $(grep -v '^EAL\|^TELEMETRY' "$log" | tail -1)"
		return 0
	fi
	grep '^dpnet-gen:' "$log" >&2 || true
}

# ---- 1. the ceiling: dpdk-testpmd in the SUT's place ----------------
start_testpmd() {	# mode queues log
	local mode=$1 nq=$2 log=$3 lc="0@$C0" i
	for i in $(seq 1 "$nq"); do lc="$lc,$i@${cpus[$i]}"; done
	rm -f "$SOCK"
	dpdk-testpmd --lcores "$lc" --file-prefix bench_tp "${memargs[@]}" \
	    --no-pci --vdev "net_memif0,role=server,id=0,socket=$SOCK,socket-abstract=no,mac=$SUT_MAC" \
	    -- --forward-mode="$mode" --stats-period 3600 --nb-cores="$nq" \
	    --rxq="$nq" --txq="$nq" --rxd=1024 --txd=1024 --burst=32 \
	    --total-num-mbufs=16384 --record-core-cycles --record-burst-stats \
	    < /dev/null > "$log" 2>&1 &
	sut_pid=$!
	wait_sock "$SOCK" "$sut_pid" 20 && return 0
	stop_sut
	return 1
}

stats_after=
if want ceiling; then
	for w in $workers; do
		for mode in macswap io; do
			for size in $sizes; do
			for r in $(seq "$repeat"); do
				log=$logs/testpmd-$mode-$size-${w}w-$r.log
				if ! command -v dpdk-testpmd > /dev/null; then
					skip "testpmd-$mode" "$size" "$w" "dpdk-testpmd not installed (Debian package dpdk)"
				elif ! start_testpmd "$mode" "$w" "$log"; then
					skip "testpmd-$mode" "$size" "$w" "testpmd did not start (see $log)"
				else
					run_gen "testpmd-$mode" fwd any "$size" "$w" "$r"
				fi
			done
			done
		done
	done
fi

# ---- 2. dpnetd ------------------------------------------------------
# The routes: sources and destinations of the generator's frames via the
# generator (192.0.2.1), 64 more-specific /30s over 198.51.100.0/24 (the
# ones forwarded frames hit), and host routes in 192.0.2.22-255 that no
# frame hits (every address stays in the documentation ranges), 300 routes
# in all.
routes() {
	local i n=2
	echo "iproute add 203.0.113.0 255.255.255.0 $GEN_IP"
	echo "iproute add 198.51.100.0 255.255.255.0 $GEN_IP"
	for i in $(seq 0 4 252); do
		echo "iproute add 198.51.100.$i 255.255.255.252 $GEN_IP"
		n=$((n + 1))
	done
	i=22
	while [ $n -lt 300 ]; do
		echo "iproute add 192.0.2.$i 255.255.255.255 192.0.2.$((10 + i % 12))"
		i=$((i + 1)) n=$((n + 1))
	done
}

# Start dpnetd with nq workers and configure it; on failure the reason is
# in $why.
start_dpnetd() {	# queues tag
	local nq=$1 tag=$2 conf log set=$C0 i rc=0 extra=()
	conf=$ROOT/conf/examples/bench-memif.conf
	[ "$nq" = 2 ] && conf=$ROOT/conf/examples/bench-memif-2w.conf
	log=$logs/dpnetd-$tag.log
	why=
	if [ ! -x "$DPNETD" ]; then
		why="no $DPNETD (the daemon did not build)"
		return 1
	fi
	rm -f "$SOCK" "$CTL"
	# dpnetd puts lcore i on the i-th CPU it may use: the control thread
	# on C0 (beside the generator), worker i alone on cpus[i].
	for i in $(seq 1 "$nq"); do set="$set,${cpus[$i]}"; done
	# dpnetd picks hugepages itself (eal.huge = "auto") when a hugetlbfs
	# is mounted with free pages; make it match the generator and
	# testpmd either way.
	if [ "${memargs[0]}" != --no-huge ]; then
		extra=(-- --huge-unlink)
	elif grep -q ' hugetlbfs ' /proc/mounts &&
	    [ "$(awk '/^HugePages_Free/ {print $2}' /proc/meminfo)" -gt 0 ]; then
		extra=(-- --no-huge --no-shconf)
	fi
	taskset -c "$set" "$DPNETD" -f "$conf" "${extra[@]}" > "$log" 2>&1 &
	sut_pid=$!
	if ! wait_sock "$CTL" "$sut_pid" 30 || ! wait_sock "$SOCK" "$sut_pid" 5; then
		why="dpnetd did not start: $(tail -1 "$log" 2>/dev/null)"
		stop_sut
		return 1
	fi
	{
		echo "arp add ether $GEN_IP ${GEN_MAC//:/}"
		routes
		echo "ipifc/0/ctl iprouting 1"
		echo "ipifc/0/ctl reflect 1"
	} | python3 bench/ctl.py --quiet "$CTL" > "$logs/dpnetd-$tag-ctl.log" 2>&1 || rc=$?
	if [ $rc != 0 ]; then
		say "run.sh: dpnetd refused $(grep -c '^error' "$logs/dpnetd-$tag-ctl.log" || true)" \
		    "ctl line(s) (see $logs/dpnetd-$tag-ctl.log); measuring anyway"
	fi
	return 0
}

if want dpnetd; then
	for w in $workers; do
		for mode in echo fwd; do
			for size in $sizes; do
			for r in $(seq "$repeat"); do
				tag=$mode-$size-${w}w-$r
				if start_dpnetd "$w" "$tag"; then
					stats_after=$logs/dpnetd-$tag-stats.log
					run_gen "dpnetd-$mode" "$mode" reply "$size" "$w" "$r"
					stats_after=
				else
					skip "dpnetd-$mode" "$size" "$w" "$why"
				fi
			done
			done
		done
	done
fi

# ---- 3. microbenchmarks of the input path ----------------------------
if want micro; then
	if [ ! -x "$MICRO" ]; then
		for m in echo fwd; do
			python3 -c 'import json,sys; print(json.dumps({"micro": sys.argv[1], "size": 64, "skipped": "bench-input is not built (see build-micro.log in the logs)"}))' "$m" >> "$out"
		done
		say "run.sh: microbenchmarks not run: $MICRO is not built"
	else
		iters=200000
		[ $quick = 1 ] && iters=50000
		for m in echo fwd; do
			for size in $sizes; do
				log=$logs/micro-$m-$size.log
				if taskset -c "${cpus[1]}" "$MICRO" --mode "$m" --size "$size" \
				    --iters $iters > "$log" 2>&1; then
					grep '^{' "$log" >> "$out" || true
					grep '^bench-input:' "$log" >&2 || true
				else
					say "run.sh: bench-input $m $size failed: $(tail -1 "$log")"
				fi
				if [ $callgrind = 1 ]; then
					bench/callgrind.sh "$MICRO" "$m" "$size" \
					    "$logs/callgrind-$m-$size.out" >> "$out" 2>"$log.cg" ||
					    say "run.sh: callgrind $m $size failed (see $log.cg)"
				fi
			done
		done
	fi
fi

cleanup
trap - EXIT
python3 bench/report.py "$out" | tee "$resdir/run-$stamp.txt"
ln -sfn "run-$stamp.jsonl" "$resdir/latest.jsonl"
ln -sfn "run-$stamp.txt" "$resdir/latest.txt"
say "run.sh: raw results $out, logs $logs"
