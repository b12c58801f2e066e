#!/bin/sh
# Regenerates every *_arginfo.h from its *.stub.php with PHP's own
# build/gen_stub.php, without network access.
#
# gen_stub.php loads PHP-Parser from PHP-Parser-<version>/lib/PhpParser beside
# itself and downloads it when that directory is missing. We run a temporary
# copy of gen_stub.php with the system's PHP-Parser 4.x (Debian: php-parser,
# in /usr/share/php/PhpParser) linked in under the name it expects, so the
# download never happens.
#
# Usage: tools/gen_arginfo.sh [-f]      (-f: regenerate even if a stub is unchanged)
# Environment: PHP (php binary), PHP_CONFIG, GEN_STUB (path of gen_stub.php),
#              PHP_PARSER_DIR (directory holding the PhpParser classes).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
PHP=${PHP:-php}
PHP_CONFIG=${PHP_CONFIG:-php-config}

die() {
	echo "gen_arginfo: $*" >&2
	exit 1
}

find_gen_stub() {
	if [ -n "${GEN_STUB:-}" ]; then
		echo "$GEN_STUB"
		return
	fi
	api=$($PHP_CONFIG --phpapi 2>/dev/null || true)
	prefix=$($PHP_CONFIG --prefix 2>/dev/null || echo /usr)
	for f in "/usr/lib/php/$api/build/gen_stub.php" "$prefix/lib/php/build/gen_stub.php" \
		"$prefix/lib64/php/build/gen_stub.php"; do
		if [ -f "$f" ]; then
			echo "$f"
			return
		fi
	done
}

gen_stub=$(find_gen_stub)
[ -n "$gen_stub" ] && [ -f "$gen_stub" ] || die "gen_stub.php not found (install php-dev, or set GEN_STUB)"

# The exact PHP-Parser version this gen_stub.php asks for, e.g. 4.15.1.
want=$(sed -n 's/^[[:space:]]*\$version = "\([0-9.]*\)";.*/\1/p' "$gen_stub" | head -n 1)
[ -n "$want" ] || die "cannot find the PHP-Parser version in $gen_stub"

parser_dir=${PHP_PARSER_DIR:-}
if [ -z "$parser_dir" ]; then
	for d in /usr/share/php/PhpParser "$($PHP -r 'echo PHP_DATADIR;' 2>/dev/null)/PhpParser"; do
		if [ -f "$d/ParserFactory.php" ]; then
			parser_dir=$d
			break
		fi
	done
fi
[ -n "$parser_dir" ] && [ -f "$parser_dir/ParserFactory.php" ] ||
	die "PHP-Parser not found (Debian: apt-get install php-parser; or set PHP_PARSER_DIR)"

# gen_stub.php is written against PHP-Parser 4; 5.x changed the API.
have=""
if command -v dpkg-query >/dev/null 2>&1; then
	have=$(dpkg-query -W -f '${Version}' php-parser 2>/dev/null || true)
fi
case "$have" in
"" | 4.*) ;;
*) die "gen_stub.php $want needs PHP-Parser 4.x, the system has $have" ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cp "$gen_stub" "$tmp/gen_stub.php"
mkdir -p "$tmp/PHP-Parser-$want/lib"
ln -s "$parser_dir" "$tmp/PHP-Parser-$want/lib/PhpParser"

force=""
if [ "${1:-}" = "-f" ]; then
	force="--force-regeneration"
fi

cd "$root"
# All stubs in one run, so constants of one stub (SWOOLE_PROCESS) can be
# default values in another.
stubs=$(find . -name '*.stub.php' -not -path './tests/*' -not -path './.git/*' | LC_ALL=C sort)
[ -n "$stubs" ] || die "no *.stub.php found"
# shellcheck disable=SC2086
$PHP -d error_reporting=E_ALL "$tmp/gen_stub.php" $force $stubs
for s in $stubs; do
	h=${s%.stub.php}_arginfo.h
	[ -f "$h" ] || die "$h was not generated"
	echo "gen_arginfo: $h"
done
