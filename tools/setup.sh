#!/usr/bin/env bash
# Set-up for a fresh Debian 12 machine (run as root): installs the packages
# the build, the tests and the benchmarks need, then builds the extension in
# the repository root (phpize, configure, make), redoing only the steps whose
# inputs changed. Idempotent and quiet; on failure it prints the tail of its
# log and exits non-zero.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

LOG="$(mktemp "${TMPDIR:-/tmp}/swoole-setup.XXXXXX")"

fail() {
	echo "setup.sh: $1 (log: $LOG)" >&2
	echo "----- last lines of $LOG -----" >&2
	tail -n 60 "$LOG" >&2 || true
	exit 1
}

run() {
	echo "+ $*" >>"$LOG"
	"$@" >>"$LOG" 2>&1
}

# clang and libclang-rt-14-dev (the libFuzzer and sanitizer runtimes, only a
# recommendation of clang) build the fuzz harnesses of tests/fuzz. nginx-light,
# wrk and curl run bench/ and tests/deploy (the load balancer test); php-pear
# and php8.2-dev run tools/pecl_check.sh (tests/package/pecl.phpt).
PACKAGES=(php8.2-dev php8.2-cli php-pear re2c check pkg-config netcat-openbsd procps
	util-linux php-parser nginx-light wrk curl clang libclang-rt-14-dev php-mbstring php-symfony-http-foundation
	php-illuminate-routing php-illuminate-http php-illuminate-container php-illuminate-events
	php-illuminate-pipeline php-illuminate-support)

missing=()
for p in "${PACKAGES[@]}"; do
	status="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)"
	if [ "$status" != "install ok installed" ]; then
		missing+=("$p")
	fi
done

if [ "${#missing[@]}" -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		SUDO=sudo
	else
		SUDO=
	fi
	run $SUDO apt-get update || fail "apt-get update failed"
	run $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" \
		|| fail "apt-get install ${missing[*]} failed"
fi

# phpize: when configure is missing or older than config.m4
if [ ! -x configure ] || [ config.m4 -nt configure ]; then
	run phpize || fail "phpize failed"
fi

# configure: when the Makefile is missing or older than configure, or when a
# source file was added or removed (config.m4 lists the sources at configure time)
sources=$(ls swoole.c ext-src/*.c src/*/*.c 2>/dev/null | sort | tr '\n' ' ')
if [ ! -f Makefile ] || [ configure -nt Makefile ] || [ "$(cat .swoole-sources 2>/dev/null)" != "$sources" ]; then
	run ./configure || fail "./configure failed"
	printf '%s' "$sources" > .swoole-sources
fi

run make -j2 || fail "make failed"

if [ ! -f modules/swoole.so ]; then
	fail "make did not produce modules/swoole.so"
fi
rm -f "$LOG"
