#!/usr/bin/env bash
# Checks the release the way a user gets it:
#   1. `pecl package` on package.xml must print nothing but "Package ... done"
#      (any warning fails the check);
#   2. the tarball it made must build and install OFFLINE with `pecl install -O`
#      into a private PEAR installation in a temp directory (own config file
#      with every directory there, and --packagingroot there too): the system's
#      PEAR registry and extension directory are checked to be untouched;
#   3. the installed swoole.so must load and report the package's version.
#
#   bash tools/pecl_check.sh [-k]     -k keeps the temp directory
#
# Exit 0 on success; 1 on failure (with the tool's output); 3 when pecl or
# phpize is missing (tools/setup.sh installs php-pear and php8.2-dev).
# Builds with MAKEFLAGS=-j2 unless MAKEFLAGS is set; every step is bounded.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PHP=${PHP:-php}
keep=0
[ "${1:-}" = "-k" ] && keep=1

for tool in pecl phpize "$PHP" timeout; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "pecl_check: SKIP $tool not found (tools/setup.sh installs php-pear and php8.2-dev)"
		exit 3
	fi
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/swoole-pecl.XXXXXX")"
cleanup() {
	if [ "$keep" -eq 1 ]; then
		echo "pecl_check: kept $WORK"
	else
		rm -rf "$WORK"
	fi
}
trap cleanup EXIT

fail() {
	echo "pecl_check: FAIL $1"
	if [ -n "${2:-}" ] && [ -f "$2" ]; then
		echo "----- $2 (last 60 lines) -----"
		tail -n 60 "$2"
		echo "-----"
	fi
	exit 1
}

version="$(sed -nE 's/^#define SW_VERSION "([^"]+)".*/\1/p' "$REPO/include/sw_config.h")"
[ -n "$version" ] || fail "no SW_VERSION in include/sw_config.h"

# ---------------------------------------------------------------- 1. package
# pecl writes the tarball into the current directory and reads the files
# relative to package.xml, so the checkout itself stays as it is.
mkdir -p "$WORK/dist"
(cd "$WORK/dist" && timeout 120 pecl package "$REPO/package.xml") >"$WORK/package.log" 2>&1
rc=$?
[ "$rc" -eq 0 ] || fail "pecl package exited $rc" "$WORK/package.log"
tgz="$WORK/dist/swoole-$version.tgz"
[ -f "$tgz" ] || fail "pecl package did not write swoole-$version.tgz" "$WORK/package.log"
# Anything but the closing line is a warning (PEAR prints them as plain lines).
extra="$(grep -v -E "^Package .*swoole-$version\.tgz done$" "$WORK/package.log" | grep -v '^[[:space:]]*$' || true)"
if [ -n "$extra" ]; then
	fail "pecl package printed warnings:
$extra"
fi
echo "pecl_check: pecl package: $(basename "$tgz"), $(wc -c <"$tgz") bytes, no warnings"

# ---------------------------------------------------------------- 2. install
# A private PEAR configuration (-c FILE) puts every directory under $WORK/pear
# (written with `pear config-set`, which sets the global keys the installer
# reads). That is not enough for a C extension: PEAR installs the built .so
# where `make install` put it, PHP's own extension dir. --packagingroot
# prefixes that path (and the registry) with $WORK/root; the builder, though,
# then looks for the sources in temp_dir/swoole while they were put under
# the packaging root, so a symlink joins the two. The system's extension dir
# and PEAR registry are compared before and after.
root="$WORK/pear"
pkgroot="$WORK/root"
conf="$WORK/pear.conf"
mkdir -p "$root" "$pkgroot"
command -v pear >/dev/null 2>&1 || fail "pear not found (Debian php-pear)"
for kv in php_dir=php ext_dir=ext doc_dir=doc bin_dir=bin data_dir=data cfg_dir=cfg test_dir=tests www_dir=www \
	man_dir=man temp_dir=tmp download_dir=download cache_dir=cache; do
	mkdir -p "$root/${kv#*=}"
	timeout 60 pear -c "$conf" config-set "${kv%%=*}" "$root/${kv#*=}" >>"$WORK/config.log" 2>&1 \
		|| fail "pear config-set ${kv%%=*} failed" "$WORK/config.log"
done
timeout 60 pear -c "$conf" config-set auto_discover 0 >>"$WORK/config.log" 2>&1 || fail "pear config-set failed" "$WORK/config.log"
ext_dir="$(timeout 60 pecl -c "$conf" config-get ext_dir 2>/dev/null | tail -n 1)"
[ "$ext_dir" = "$root/ext" ] || fail "the private PEAR's ext_dir is $ext_dir, not $root/ext" "$WORK/config.log"

sys_ext="$(php-config --extension-dir 2>/dev/null || true)"
sys_reg="$("$PHP" -n -r 'echo stream_resolve_include_path("PEAR.php") ? dirname(stream_resolve_include_path("PEAR.php")) : "";')/.registry"
# The files there (other jobs may touch a directory, e.g. the build/ of run-tests.php).
snapshot() {
	{
		[ -n "$sys_ext" ] && find "$sys_ext" -maxdepth 1 -type f -printf '%p %s %T@\n' 2>/dev/null
		find "$sys_reg" -type f -name '*.reg' -printf '%p %s %T@\n' 2>/dev/null
	} | sort
}
before="$(snapshot)"
mkdir -p "$pkgroot$root/tmp/swoole"
ln -s "$pkgroot$root/tmp/swoole" "$root/tmp/swoole"

# -O: offline, no channel is contacted; -n: no dependency look-ups.
MAKEFLAGS=${MAKEFLAGS:--j2} timeout 900 pecl -c "$conf" install -O -n --packagingroot="$pkgroot" "$tgz" \
	>"$WORK/install.log" 2>&1
rc=$?
if [ "$(snapshot)" != "$before" ]; then
	echo "pecl_check: the system's extension dir ($sys_ext) or PEAR registry ($sys_reg) changed:"
	diff <(echo "$before") <(snapshot) | head -n 20
	fail "pecl install touched the system installation" "$WORK/install.log"
fi
[ "$rc" -eq 0 ] || fail "pecl install exited $rc" "$WORK/install.log"
# PHP 8 notices raised inside PEAR's own code (Config.php) are PEAR's, not the package's.
problems="$(grep -E '^(ERROR|Error|Warning|WARNING|PHP Warning)\b|install failed' "$WORK/install.log" \
	| grep -v -E 'in (/usr/share/php/PEAR/)?[A-Za-z/]*\.php on line [0-9]+$' || true)"
[ -z "$problems" ] || fail "pecl install reported a problem: $(head -n 3 <<<"$problems")" "$WORK/install.log"
grep -q "install ok: channel://pecl.php.net/swoole-$version" "$WORK/install.log" \
	|| fail "pecl install did not say 'install ok'" "$WORK/install.log"
so="$pkgroot$sys_ext/swoole.so"
[ -f "$so" ] || fail "no swoole.so at $so" "$WORK/install.log"
reg="$(find "$pkgroot" -name swoole.reg -path '*.registry*' | head -n 1)"
[ -n "$reg" ] || fail "no swoole.reg in a registry under $pkgroot" "$WORK/install.log"
echo "pecl_check: pecl install -O: built offline and installed $so (registry ${reg#"$WORK"/})"

# ---------------------------------------------------------------- 3. load it
loaded="$(timeout 30 "$PHP" -n -d "extension=$so" -r 'echo phpversion("swoole"), " ", class_exists("Swoole\\Server") ? "server" : "-", "\n";' 2>&1)"
[ "$loaded" = "$version server" ] || fail "the installed swoole.so does not load as $version: $loaded"
echo "pecl_check: PASS swoole $version packaged without warnings, installed offline, loads"
