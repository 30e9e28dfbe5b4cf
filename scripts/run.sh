#!/usr/bin/env bash
# Set up, build and start dpnetd on its embedded default configuration:
# one worker, one net_tap port (tap "dpnet0") inside the network namespace
# "dpnet" that this script creates, the kernel end of the tap configured as
# the peer 192.0.2.1/24, dpnetd at 192.0.2.2/24. Hugepages are reserved and
# mounted when the machine allows, else dpnetd runs with --no-huge.
# Runs in the foreground; Ctrl-C (or SIGTERM) stops the daemon and removes
# the namespace. Extra arguments go to dpnetd (e.g. -f FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "run.sh: run as root (DPDK and namespaces need it)" >&2; exit 1; }

scripts/setup.sh
ns=${DPNET_NS:-dpnet}
ctl=/run/dpnet/ctl

# Hugepages: reserve 256 x 2 MB and mount hugetlbfs if we can; dpnetd
# falls back to --no-huge by itself when none are free.
if [ -w /proc/sys/vm/nr_hugepages ] && [ "$(cat /proc/sys/vm/nr_hugepages)" -lt 256 ]; then
	echo 256 > /proc/sys/vm/nr_hugepages 2>/dev/null || true
fi
if ! grep -q ' hugetlbfs ' /proc/mounts; then
	mkdir -p /dev/hugepages
	mount -t hugetlbfs nodev /dev/hugepages 2>/dev/null || true
fi
echo "run.sh: hugepages free: $(awk '/HugePages_Free/ {print $2}' /proc/meminfo)"

if ip netns list | grep -qw "$ns"; then
	echo "run.sh: namespace $ns exists already (another dpnetd?); remove it with: ip netns del $ns" >&2
	exit 1
fi
ip netns add "$ns"
pid=
cleanup() {
	trap - EXIT INT TERM
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid"; wait "$pid" || true
	fi
	ip netns del "$ns" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 0' INT TERM

ip netns exec "$ns" ip link set lo up
ip netns exec "$ns" build/dpnetd "$@" &
pid=$!
for _ in $(seq 100); do
	ip netns exec "$ns" ip link show dpnet0 >/dev/null 2>&1 && [ -S "$ctl" ] && break
	kill -0 "$pid" 2>/dev/null || { wait "$pid" || true; echo "run.sh: dpnetd exited" >&2; exit 1; }
	sleep 0.1
done
# net_tap gives the kernel end the port's own MAC: give it another one.
ip netns exec "$ns" ip link set dpnet0 address 02:00:00:00:02:01
ip netns exec "$ns" ip addr add 192.0.2.1/24 dev dpnet0
ip netns exec "$ns" ip link set dpnet0 up

cat <<MSG

dpnetd is running (pid $pid) in network namespace "$ns".
  the peer (kernel) side:  ip netns exec $ns ping 192.0.2.2
  the ctl socket:          echo ipifc/0/status | socat - UNIX-CONNECT:$ctl
                           socat READLINE UNIX-CONNECT:$ctl   (interactive)
  stop:                    Ctrl-C here, or kill -TERM $pid
MSG
wait "$pid"
