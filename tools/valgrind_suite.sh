#!/usr/bin/env bash
# Runs phpt server suites with every server process (master, manager,
# workers, task workers) under valgrind memcheck, and summarises what memcheck
# found: invalid reads and writes, uses of uninitialised values, invalid
# frees, and definite leaks, split into those whose stack passes through the
# extension (swoole.so, our src/ and ext-src/) and the rest (PHP's own).
# Slow (tens of minutes): not part of tools/test.sh; a run is recorded in
# docs/reliability.md.
#
# usage: tools/valgrind_suite.sh [-o OUT_DIR] [-f TIMEOUT_FACTOR] [-j JOBS] [TEST_DIR_OR_FILE...]
#   default: tests/server tests/http, factor 10, 2 jobs, OUT_DIR a new temporary directory (kept)
# The test clients run without valgrind; only the servers' PHP processes are
# checked. The extension is copied into OUT_DIR first, so the tree can be
# rebuilt while this runs. The last line is
#   "valgrind: N errors and M definite leaks in the extension (X and Y outside it)"
# and the exit status is 1 when N + M > 0.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT=""
FACTOR=10
JOBS=2

while getopts "o:f:j:" opt; do
	case "$opt" in
	o) OUT="$OPTARG" ;;
	f) FACTOR="$OPTARG" ;;
	j) JOBS="$OPTARG" ;;
	*) echo "usage: $0 [-o OUT_DIR] [-f TIMEOUT_FACTOR] [-j JOBS] [TEST...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
TESTS=("$@")
[ "${#TESTS[@]}" -gt 0 ] || TESTS=(tests/server tests/http)

command -v valgrind >/dev/null 2>&1 || { echo "valgrind: not installed (apt-get install valgrind)" >&2; exit 2; }
[ -f "$REPO/modules/swoole.so" ] || { echo "valgrind: build the extension first (tools/setup.sh)" >&2; exit 2; }
[ -n "$OUT" ] || OUT="$(mktemp -d "${TMPDIR:-/tmp}/swoole-valgrind.XXXXXX")"
mkdir -p "$OUT/logs"
cp "$REPO/modules/swoole.so" "$OUT/swoole.so"

RUN_TESTS="$(php-config --extension-dir)/build/run-tests.php"
[ -f "$RUN_TESTS" ] || { echo "valgrind: run-tests.php not found" >&2; exit 2; }

# USE_ZEND_ALLOC=0: PHP's allocator hides overflows from memcheck; every
# allocation goes through malloc instead. ZEND_DONT_UNLOAD_MODULES=1 keeps
# swoole.so mapped at exit so that leak stacks still name its functions.
# --fullpath-after= prints whole source paths, which is how a frame is known
# to be ours. Memcheck follows fork() by itself; --trace-children covers exec.
WRAP="env USE_ZEND_ALLOC=0 ZEND_DONT_UNLOAD_MODULES=1 valgrind --tool=memcheck --trace-children=yes
--log-file=$OUT/logs/vg.%p.log --num-callers=40 --error-limit=no --fullpath-after=
--leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite --child-silent-after-fork=no"

start=$(date +%s)
(cd "$REPO" && SWT_WRAP="$WRAP" SWT_TIMEOUT_FACTOR="$FACTOR" SWOOLE_EXT="$OUT/swoole.so" NO_INTERACTION=1 \
	TEST_PHP_EXECUTABLE=/usr/bin/php \
	php "$RUN_TESTS" -q -j"$JOBS" --no-progress --set-timeout $((120 * FACTOR)) \
	-d "extension=$OUT/swoole.so" "${TESTS[@]}") >"$OUT/run-tests.log" 2>&1
echo "run-tests finished in $(($(date +%s) - start)) s: $(grep -E '^Tests (passed|failed) ' "$OUT/run-tests.log" | tr -s ' ' | tr '\n' ' ')"

# One awk pass over every log: a memcheck report is a block of "==PID== "
# lines ending with an empty one; its first line says what it is. A report
# is the extension's when the innermost frame that is not an allocator, a
# libc function, valgrind's preload or (for a syscall parameter) the
# syscall wrapper is in our code; "touching" counts the reports
# with one of our frames anywhere in the stack (e.g. PHP's own allocations
# made when our MINIT registers classes).
awk -v repo="$REPO/" -v so="$OUT/swoole.so" -v out="$OUT" '
function is_ours(loc) { return index(loc, repo) > 0 || index(loc, so) > 0 || index(loc, "swoole.so") > 0 }
function flush(   kind, cls) {
	if (head == "") { return; }
	kind = ""
	if (head ~ /^Invalid (read|write) of size/) { kind = head; sub(/ of size.*/, "", kind) }
	else if (head ~ /^Invalid free|^Mismatched free|^Invalid (realloc|delete)/) { kind = "Invalid free" }
	else if (head ~ /^(Conditional jump or move depends on|Use of) uninitialised|^Syscall param .*uninitialised/) { kind = "Uninitialised value" }
	else if (head ~ /^Source and destination overlap/) { kind = "Overlapping copy" }
	else if (head ~ /are definitely lost in loss record/) { kind = "Definite leak" }
	if (kind != "") {
		cls = first_ours ? "ours" : (touches ? "touching" : "other")
		n[kind, cls]++
		kinds[kind] = 1
		if (cls == "ours") {
			if (kind == "Definite leak") { leaks_ours++ } else { errors_ours++ }
		} else if (kind == "Definite leak") { leaks_other++ } else { errors_other++ }
		if (cls != "other") { groups[cls " | " kind ": " firstfn " <- " ourfn]++ }
		if (cls != "other" && shown[cls] < 60) { shown[cls]++; print "---- " cls " " FILENAME "\n" block > (cls == "ours" ? ours_file : touch_file) }
	}
	head = ""; block = ""; first_done = 0; first_ours = 0; touches = 0; firstfn = ""; ourfn = ""
}
FNR == 1 { flush() }
{
	line = $0
	if (line !~ /^==[0-9]+== ?/) { next }
	sub(/^==[0-9]+== ?/, "", line)
	if (line == "") { flush(); next }
	if (line ~ /^Thread [0-9]+/) { next }   # says which thread the next report is from
	if (head == "" && line !~ /^ /) { head = line }
	block = block line "\n"
	if (line ~ /^ +(at|by) 0x/) {
		fn = line; sub(/^ +(at|by) 0x[0-9A-Fa-f]+: /, "", fn); loc = fn; sub(/ .*/, "", fn)
		if (is_ours(loc) && !touches) { touches = 1; ourfn = fn }
		if (!first_done && fn !~ skip && loc !~ libskip && !(head ~ /^Syscall param/ && line ~ /^ +at 0x/)) { first_done = 1; first_ours = is_ours(loc); firstfn = fn }
	}
}
BEGIN {
	skip = "^(malloc|calloc|realloc|free|reallocarray|posix_memalign|memcpy|memmove|mempcpy|memset|memcmp|memchr|bcmp|strlen|strnlen|strcmp|strncmp|strchr|strrchr|strdup|strndup|__memcpy_chk|__memmove_chk|__memset_chk|__strdup|__zend_malloc|__zend_calloc|__zend_realloc|_emalloc|_emalloc_[0-9a-z_]*|_safe_emalloc|_safe_malloc|_safe_erealloc|_ecalloc|_erealloc|_erealloc2|_estrdup|_estrndup|_efree|zend_string_alloc|zend_string_init|zend_string_safe_alloc)$"
	# frames in libc and in the valgrind preload (syscall wrappers, memcpy variants) are the callee, not the culprit
	libskip = "(/libc\\.so|/libc-|/ld-linux|vgpreload_|sysdeps/)"
	ours_file = out "/ours.txt"; touch_file = out "/touching.txt"
	printf "" > ours_file; printf "" > touch_file
}
END {
	flush()
	printf "%-22s %10s %10s %10s\n", "memcheck report", "extension", "touching", "elsewhere"
	for (k in kinds) { printf "%-22s %10d %10d %10d\n", k, n[k, "ours"], n[k, "touching"], n[k, "other"] }
	print "reports through the extension, grouped (class | kind: innermost frame <- first frame of ours):"
	for (g in groups) { printf "%8d  %s\n", groups[g], g | "sort -rn | head -n 25" }
	close("sort -rn | head -n 25")
	printf "valgrind: %d errors and %d definite leaks in the extension (%d and %d outside it)\n",
		errors_ours, leaks_ours, errors_other, leaks_other
	exit (errors_ours + leaks_ours > 0) ? 1 : 0
}' "$OUT"/logs/vg.*.log
rc=$?
echo "processes checked: $(ls "$OUT"/logs/vg.*.log 2>/dev/null | wc -l); reports: $OUT/ours.txt (the extension's), $OUT/touching.txt (through it); logs: $OUT/logs"
exit $rc
