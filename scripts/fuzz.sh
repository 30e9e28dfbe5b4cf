#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Build and run the libFuzzer targets of tests/fuzz/ with clang-14
# (-fsanitize=fuzzer,address,undefined) in build-fuzz/, apart from the gcc
# meson build. Each target runs for SECONDS on a temporary copy of its seed
# corpus tests/fuzz/corpus/TARGET/ plus the reproducers in
# tests/fuzz/crashes/TARGET/ (so a fixed crash stays fixed); the tree is
# never written. Any crash, sanitizer report, leak, timeout (-timeout=5) or
# out-of-memory (-rss_limit_mb=2048) fails the target. Ends with
# "N passed, N failed" and exits non-zero when a target failed.
#
#	scripts/fuzz.sh [TARGET|all] [SECONDS]	default: all 30
#	scripts/fuzz.sh list			the targets ('all' runs those
#						marked so)
#	scripts/fuzz.sh build [TARGET|all]	build only
#	build-fuzz/fuzz_TARGET FILE...		replay inputs (reproduce a crash)
#
# Findings are left in build-fuzz/findings/TARGET/ (crash-*, leak-*,
# timeout-*, oom-*); a run never adds to the seed corpus. Missing tools
# (clang-14, libclang-rt-14-dev, libconfig-dev, pkg-config, dpdk-dev) are
# installed with apt-get when running as root.
set -uo pipefail
cd "$(dirname "$0")/.."

BUILD=${DPNET_FUZZ_BUILD:-build-fuzz}
CC=${DPNET_FUZZ_CC:-clang-14}

# name : in 'all' (1/0) : source lists (VAR@meson.build) : extra link
# args : extra libFuzzer flags. fuzz_conf checks leaks once, at exit, not
# after every input: libconfig 1.5 leaks a token on most syntax errors
# (suppressed in tests/fuzz/lsan.supp), and a leak check per input would
# make it 50 times slower; a leak of conf.c still fails the run.
TARGETS=(
	"ether:1:wire_src@stack/wire:"
	"arp:1:wire_src@stack/wire:"
	"ipv4:1:wire_src@stack/wire:"
	"icmp4:1:wire_src@stack/wire:"
	"ipaddr:1:wire_src@stack/wire:"
	"ctlcmd:1:ctl/cmd.c::-max_len=8400"
	"ctl:1:ctl_src@ctl model_src@stack wire_src@stack/wire:-lpthread:-max_len=8400"
	"conf:1:conf/conf.c:-lconfig:-detect_leaks=0"
	"input:1:dataplane_src@stack pmd_src@pmd_glue model_src@stack ctl_src@ctl wire_src@stack/wire conf/conf.c daemon/dlog.c:-lconfig -lpthread DPDK"
)

die() { echo "fuzz.sh: $*" >&2; exit 2; }

# The files of 'VAR = files(...)' in DIR/meson.build, as paths from the root.
meson_files() {
	python3 - "$1" "$2" <<'PY'
import re, sys
var, d = sys.argv[1], sys.argv[2]
# Comments may hold quotes and parentheses: drop them first.
text = re.sub(r"#[^\n]*", "", open(d + '/meson.build').read())
m = re.search(r'^' + re.escape(var) + r'\s*=\s*files\(([^)]*)\)', text, re.M)
if not m:
    sys.exit('no %s = files(...) in %s/meson.build' % (var, d))
for name in re.findall(r"'([^']+)'", m.group(1)):
    print(d + '/' + name)
PY
}

target_field() {	# target_field NAME INDEX
	local t
	for t in "${TARGETS[@]}"; do
		IFS=: read -r -a f <<<"$t"
		if [ "${f[0]}" = "$1" ]; then
			echo "${f[$2]:-}"
			return 0
		fi
	done
	return 1
}

install_tools() {
	local need=()
	command -v "$CC" >/dev/null || need+=(clang-14)
	dpkg -s libclang-rt-14-dev >/dev/null 2>&1 || need+=(libclang-rt-14-dev)
	dpkg -s libconfig-dev >/dev/null 2>&1 || need+=(libconfig-dev)
	command -v pkg-config >/dev/null || need+=(pkg-config)
	command -v python3 >/dev/null || need+=(python3)
	pkg-config --exists libdpdk 2>/dev/null || need+=(dpdk-dev)
	[ ${#need[@]} -eq 0 ] && return 0
	[ "$(id -u)" = 0 ] || die "missing ${need[*]}; run as root to install"
	echo "fuzz.sh: installing ${need[*]}"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq "${need[@]}" >/dev/null ||
	    die "apt-get install ${need[*]} failed"
}

CFLAGS=(-std=gnu11 -g -O1 -fno-omit-frame-pointer
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
	-D_GNU_SOURCE -DALLOW_EXPERIMENTAL_API -Wall -Wextra -Werror
	-Wno-missing-field-initializers -I.)

build_target() {	# build_target NAME: build-fuzz/fuzz_NAME
	local name=$1 srcs libs s src=() extra=() out
	srcs=$(target_field "$name" 2) || die "unknown target $name"
	libs=$(target_field "$name" 3)
	for s in $srcs; do
		if [[ $s == *@* ]]; then
			src+=($(meson_files "${s%@*}" "${s#*@}")) || return 1
		else
			src+=("$s")
		fi
	done
	for s in $libs; do
		if [ "$s" = DPDK ]; then
			extra+=($(pkg-config --cflags --libs libdpdk))
		else
			extra+=("$s")
		fi
	done
	out=$BUILD/fuzz_$name
	mkdir -p "$BUILD"
	echo "fuzz.sh: building $out"
	"$CC" "${CFLAGS[@]}" -o "$out" "tests/fuzz/fuzz_$name.c" "${src[@]}" \
	    "${extra[@]}" 2>"$BUILD/build_$name.log"
	local rc=$?
	if [ $rc -ne 0 ]; then
		sed -n 1,40p "$BUILD/build_$name.log" >&2
		echo "fuzz.sh: $name: build failed (whole log in $BUILD/build_$name.log)" >&2
	fi
	return $rc
}

# One run: prints the figures, returns 0 when the target ran clean.
run_target() {	# run_target NAME SECONDS
	local name=$1 secs=$2 tmp log rc cpu dict=() d flags
	flags=$(target_field "$name" 4)
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/dpnet-fuzz-$name.XXXXXX")
	rm -rf "$BUILD/findings/$name"
	mkdir -p "$tmp/corpus" "$BUILD/findings/$name"
	for d in "tests/fuzz/corpus/$name" "tests/fuzz/crashes/$name"; do
		[ -d "$d" ] && find "$d" -maxdepth 1 -type f ! -name '*.md' \
		    -exec cp {} "$tmp/corpus/" \;
	done
	[ -f "tests/fuzz/$name.dict" ] && dict=(-dict="tests/fuzz/$name.dict")
	log=$BUILD/findings/$name/run.log
	TIMEFORMAT='%U %S'
	{ time ASAN_OPTIONS=detect_leaks=1 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    LSAN_OPTIONS=suppressions=$PWD/tests/fuzz/lsan.supp:print_suppressions=0 \
	    timeout -k 10 $((secs + 120)) "$BUILD/fuzz_$name" \
	    -max_total_time="$secs" -timeout=5 -rss_limit_mb=2048 \
	    -detect_leaks=1 $flags -print_final_stats=1 "${dict[@]}" \
	    -artifact_prefix="$BUILD/findings/$name/" \
	    "$tmp/corpus" >"$log" 2>&1; } 2>"$tmp/time"
	rc=$?
	cpu=$(awk '{printf "%.1f", $1 + $2}' "$tmp/time")
	fstat() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
	local execs eps cov0 cov1 newu
	execs=$(fstat number_of_executed_units)
	eps=$(fstat average_exec_per_sec)
	newu=$(fstat new_units_added)
	cov0=$(sed -n 's/.*INITED cov: \([0-9]*\).*/\1/p' "$log" | head -1)
	cov1=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' "$log" | tail -1)
	printf '%-8s %s: %s execs, %s exec/s, %s CPU s, cov %s -> %s (+%s), %s new units\n' \
	    "$name" "$([ $rc -eq 0 ] && echo ok || echo FAILED)" \
	    "${execs:-?}" "${eps:-?}" "$cpu" "${cov0:-?}" "${cov1:-?}" \
	    "$(( ${cov1:-0} - ${cov0:-0} ))" "${newu:-?}"
	if [ $rc -ne 0 ]; then
		echo "---- $name exited $rc; end of $log:"
		grep -v '^#[0-9]' "$log" | tail -60
		ls "$BUILD/findings/$name/" | grep -v '^run.log$' |
		    sed "s|^|finding: $BUILD/findings/$name/|"
	fi
	rm -rf "$tmp"
	return $rc
}

cmd=${1:-all}
case $cmd in
list)
	for t in "${TARGETS[@]}"; do
		IFS=: read -r -a f <<<"$t"
		echo "${f[0]}$([ "${f[1]}" = 1 ] || echo ' (not in all)')"
	done
	exit 0 ;;
build)
	install_tools
	sel=${2:-all} ;;
*)
	sel=$cmd ;;
esac
secs=${2:-30}
[ "$cmd" = build ] && secs=0
[[ $secs =~ ^[0-9]+$ ]] || die "SECONDS must be a number"

names=()
if [ "$sel" = all ]; then
	for t in "${TARGETS[@]}"; do
		IFS=: read -r -a f <<<"$t"
		[ "${f[1]}" = 1 ] && names+=("${f[0]}")
	done
else
	target_field "$sel" 0 >/dev/null || die "unknown target $sel (try: list)"
	names=("$sel")
fi

install_tools
passed=0 failed=0
for n in "${names[@]}"; do
	if ! build_target "$n"; then
		failed=$((failed + 1))
		continue
	fi
	[ "$cmd" = build ] && { passed=$((passed + 1)); continue; }
	if run_target "$n" "$secs"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
