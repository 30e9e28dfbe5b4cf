#!/usr/bin/env bash
# Install what is missing, build, and run every test: the cmocka unit tests
# and the integration tests (real dpnetd on net_tap in namespaces the tests
# create, the kernel as peer). With DPNET_SANITIZE=1 (the default under CI)
# it then rebuilds with ASan+UBSan in build-san/ and runs everything again;
# any sanitizer report fails the run; then each libFuzzer target runs for a
# few seconds (DPNET_FUZZ, default on under CI). Ends with
# "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "test.sh: run as root (DPDK, taps and namespaces need it)" >&2; exit 1; }

scripts/setup.sh || exit 1

passed=0 failed=0 rc=0
run_suite() {	# run_suite BUILD_DIR LABEL
	local dir=$1 label=$2
	echo "==== $label: meson test -C $dir"
	meson test -C "$dir" --print-errorlogs --num-processes 2 "${@:3}"
	local r=$?
	[ $r -ne 0 ] && rc=1
	local counts
	counts=$(/usr/bin/python3 - "$dir/meson-logs/testlog.json" <<'PY'
import json, sys
p = f = 0
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r.get('result') in ('OK', 'EXPECTEDFAIL', 'SKIP'):
        p += 1
    else:
        f += 1
print(p, f)
PY
)
	passed=$((passed + ${counts% *})); failed=$((failed + ${counts#* }))
}

run_suite build plain

san=${DPNET_SANITIZE:-${CI:-0}}
if [ "$san" != 0 ] && [ "$san" != false ]; then
	DPNET_BUILD=build-san DPNET_MESON_ARGS="-Dsanitize=true" scripts/setup.sh || exit 1
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1
	export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
	run_suite build-san "asan+ubsan"
fi

# Fuzzing: each libFuzzer target for a short time (any crash, leak or
# timeout fails). On by default under CI; DPNET_FUZZ=0 skips it.
fuzz=${DPNET_FUZZ:-${CI:-0}}
if [ "$fuzz" != 0 ] && [ "$fuzz" != false ]; then
	echo "==== fuzz: scripts/fuzz.sh all ${DPNET_FUZZ_SECONDS:-10}"
	out=$(scripts/fuzz.sh all "${DPNET_FUZZ_SECONDS:-10}" 2>&1)
	r=$?
	echo "$out" | grep -v '^#' | tail -20
	[ $r -ne 0 ] && rc=1
	last=$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed$' | tail -1)
	if [ -n "$last" ]; then
		passed=$((passed + ${last%% *}))
		f=${last#*, }; failed=$((failed + ${f%% *}))
	else
		failed=$((failed + 1))
	fi
fi

left=$(ip netns list 2>/dev/null | awk '$1 ~ /^dpnt-/ {print $1}')
if [ -n "$left" ]; then
	echo "test.sh: namespaces left behind: $left" >&2
	rc=1; failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
exit $rc
