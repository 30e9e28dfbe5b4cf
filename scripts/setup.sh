#!/usr/bin/env bash
# Install what dpnet needs on Debian 12 (as root), then configure and build
# it in build/ (or $DPNET_BUILD). Safe to run again: it installs only what is
# missing and rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=(meson ninja-build pkg-config gcc python3 dpdk dpdk-dev libdpdk-dev
      libconfig-dev libcmocka-dev libjemalloc-dev socat iproute2
      iputils-ping iputils-arping python3-scapy tcpdump procps)
[ "${DPNET_FUZZ:-0}" = 1 ] && pkgs+=(clang-14 libclang-rt-14-dev)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "setup: missing packages ${missing[*]}; run as root" >&2
		exit 1
	fi
	echo "setup: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

build=${DPNET_BUILD:-build}
if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" ${DPNET_MESON_ARGS:-}
fi
ninja -C "$build"
