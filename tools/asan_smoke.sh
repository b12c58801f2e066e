#!/usr/bin/env bash
# Server smoke test under AddressSanitizer and UndefinedBehaviorSanitizer.
#
# Builds the extension a second time, with -fsanitize=address,undefined, in a
# separate directory (a copy of the tracked sources; the tree's own build is
# not touched), then runs a set of phpt tests whose SERVERS load that build:
# a SWOOLE_PROCESS server with workers and task workers, a SWOOLE_BASE server,
# echo, HTTP (chunked and multipart uploads), tasks, kill -9 of workers and
# task workers, rolling reloads and stop. PHP itself is not instrumented, so
# the server processes run with the ASan runtime preloaded (LD_PRELOAD) and
# USE_ZEND_ALLOC=0 (emalloc goes through the intercepted malloc, so overflows
# of our emalloc'd buffers are seen). PHP 8.2 loads extensions with
# RTLD_DEEPBIND, which the runtime refuses: a small preloaded dlopen()
# (tools/asan_no_deepbind.c, built here) drops that flag. Leak detection is off: PHP's own
# process-lifetime allocations would drown the report (the valgrind run
# looks at leaks, see tools/valgrind_suite.sh).
# The test processes themselves load the ordinary build (modules/swoole.so).
#
# Every sanitizer report goes to a file (log_path) in the output directory,
# one per process; any such file fails the run, as does any "runtime error"
# or "AddressSanitizer" line in a server's output.
#
# Each phpt counts as a test, and "no sanitizer report" as one more; the last
# line is "asan: N passed, N failed" (tools/test.sh adds it to its total).
#
# usage: tools/asan_smoke.sh [-b BUILD_DIR] [-o OUT_DIR]
#   BUILD_DIR (default ${TMPDIR:-/tmp}/swoole-asan-build) is reused while the sources are unchanged.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${TMPDIR:-/tmp}/swoole-asan-build"
OUT=""

while getopts "b:o:" opt; do
	case "$opt" in
	b) BUILD="$OPTARG" ;;
	o) OUT="$OPTARG" ;;
	*) echo "usage: $0 [-b BUILD_DIR] [-o OUT_DIR]" >&2; exit 2 ;;
	esac
done

TESTS=(
	tests/server/echo_single.phpt
	tests/server/echo_1mib.phpt
	tests/server/worker_kill9.phpt
	tests/server/base_mode.phpt
	tests/http/basic.phpt
	tests/http/expect_chunked.phpt
	tests/http/upload.phpt
	tests/http/smuggling.phpt
	tests/task/basics.phpt
	tests/task/crash.phpt
	tests/lifecycle/load_reload_kill_stop.phpt
)

if [ -z "$OUT" ]; then
	OUT="$(mktemp -d "${TMPDIR:-/tmp}/swoole-asan.XXXXXX")"
	trap 'rm -rf "$OUT"' EXIT
fi
mkdir -p "$OUT/reports" "$BUILD"

# gcc's runtime, matching the compiler that builds the extension
LIBASAN="$(gcc -print-file-name=libasan.so)"
if [ ! -e "$LIBASAN" ] || [ "$LIBASAN" = "libasan.so" ]; then
	echo "asan: skipped (gcc has no libasan)"
	exit 0
fi
LIBASAN="$(readlink -f "$LIBASAN")"

# ---- build, unless the sources are those of the last build
# (only what the build reads: a change to a test does not rebuild)
stamp="$(cd "$REPO" && git ls-files -z -- config.m4 Makefile.frag php_swoole.h swoole.c 'ext-src/*' 'src/*' 'include/*' \
	| xargs -0 sha1sum 2>/dev/null | sha1sum | cut -d' ' -f1)"
if [ "$(cat "$BUILD/.stamp" 2>/dev/null)" != "$stamp" ] || [ ! -f "$BUILD/src/modules/swoole.so" ]; then
	bstart=$(date +%s)
	rm -rf "$BUILD/src"
	mkdir -p "$BUILD/src"
	(cd "$REPO" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$BUILD/src"
	flags="-g -O0 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize=alignment"
	if ! (cd "$BUILD/src" && phpize && ./configure --enable-swoole CFLAGS="$flags" LDFLAGS="-fsanitize=address,undefined" \
			&& make -j2) >"$OUT/build.log" 2>&1; then
		echo "!! asan: the sanitizer build failed"
		tail -n 40 "$OUT/build.log"
		echo "asan: 0 passed, 1 failed"
		exit 1
	fi
	if ! gcc -shared -fPIC -O1 -o "$BUILD/no_deepbind.so" "$REPO/tools/asan_no_deepbind.c" -ldl >>"$OUT/build.log" 2>&1; then
		echo "!! asan: tools/asan_no_deepbind.c does not build"
		echo "asan: 0 passed, 1 failed"
		exit 1
	fi
	echo "asan: sanitizer build in $(($(date +%s) - bstart)) s"
	echo "$stamp" >"$BUILD/.stamp"
fi
SO="$BUILD/src/modules/swoole.so"
# the test processes load a copy of the ordinary build: the tree may be rebuilt meanwhile
cp "$REPO/modules/swoole.so" "$OUT/plain-swoole.so" || { echo "asan: build the extension first (tools/setup.sh)"; exit 1; }

RUN_TESTS="$(php-config --extension-dir)/build/run-tests.php"
# abort_on_error=0 and exitcode: a report ends the process (a dead server fails its test too)
ASAN="verify_asan_link_order=0:detect_leaks=0:halt_on_error=1:abort_on_error=0:log_path=$OUT/reports/asan:allow_user_segv_handler=1"
UBSAN="print_stacktrace=1:halt_on_error=0:log_path=$OUT/reports/ubsan"
WRAP="env LD_PRELOAD=$BUILD/no_deepbind.so:$LIBASAN USE_ZEND_ALLOC=0 ASAN_OPTIONS=$ASAN UBSAN_OPTIONS=$UBSAN"

start=$(date +%s)
(cd "$REPO" && SWT_WRAP="$WRAP" SWT_TIMEOUT_FACTOR=3 SWOOLE_EXT="$SO" NO_INTERACTION=1 TEST_PHP_EXECUTABLE=/usr/bin/php \
	timeout 600 php "$RUN_TESTS" -q -j2 --no-progress --set-timeout 300 \
	-d "extension=$OUT/plain-swoole.so" "${TESTS[@]}") >"$OUT/phpt.log" 2>&1
num() { grep -E "^$1 +:" "$OUT/phpt.log" | tail -n 1 | sed -E 's/^[^:]*: *([0-9]+).*/\1/'; }
tp="$(num 'Tests passed')"
tf="$(num 'Tests failed')"
if [ -z "$tp" ] || [ -z "$tf" ]; then
	echo "!! asan: run-tests did not finish"
	tail -n 30 "$OUT/phpt.log"
	tp=0
	tf=${#TESTS[@]}
fi
tf=$((tf + $(num 'Tests borked' || echo 0) + 0))
passed=$tp
failed=$tf
echo "asan: ${#TESTS[@]} phpt with sanitized servers in $(($(date +%s) - start)) s: $tp passed, $tf failed"
if [ "$tf" -gt 0 ]; then
	sed -n '/^FAILED TEST SUMMARY/,/^=====/p' "$OUT/phpt.log"
	for t in "${TESTS[@]}"; do
		[ -f "$REPO/${t%.phpt}.diff" ] || continue
		echo "----- $t (diff, first 60 lines) -----"
		head -n 60 "$REPO/${t%.phpt}.diff"
	done
fi

# ---- sanitizer reports: files written through log_path, or lines in kept server output
reports=("$OUT"/reports/*)
if [ -e "${reports[0]}" ]; then
	echo "!! asan: sanitizer reports from ${#reports[@]} processes (the first 3 shown):"
	grep -h '^SUMMARY:' "${reports[@]}" | sort | uniq -c | sort -rn | head -n 20
	for r in "${reports[@]:0:3}"; do
		echo "----- $(basename "$r") -----"
		head -n 60 "$r"
	done
	failed=$((failed + 1))
else
	echo "ok asan: no AddressSanitizer or UndefinedBehaviorSanitizer report from any server process"
	passed=$((passed + 1))
fi
echo "asan: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
