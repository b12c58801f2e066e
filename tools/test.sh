#!/usr/bin/env bash
# Builds the extension (tools/setup.sh) and runs every test suite:
#   (a) the C unit tests: make -C tests/unit check  (prints "unit: N passed, N failed")
#   (b) the libFuzzer harnesses of tests/fuzz, bounded in time (when clang exists)
#   (b2) servers built with ASan + UBSan under a set of phpt tests (tools/asan_smoke.sh)
#   (c) the phpt suites under tests/ with PHP's run-tests.php
# and ends with one line "N passed, N failed" summing both. Exits non-zero if
# anything failed or a suite could not run. For failing phpt tests it prints
# their .diff and .out (bounded) so that CI logs show why.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/swoole-test.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

passed=0
failed=0
skipped=0
problems=()

finish() {
	for p in "${problems[@]+"${problems[@]}"}"; do
		echo "problem: $p"
	done
	echo "skipped: $skipped"
	echo "$passed passed, $failed failed"
	if [ "$failed" -gt 0 ] || [ "${#problems[@]}" -gt 0 ]; then
		exit 1
	fi
	exit 0
}

if ! bash tools/setup.sh; then
	problems+=("tools/setup.sh failed: the extension could not be built")
	failed=$((failed + 1))
	finish
fi

# run_suite NAME TAIL CMD...: runs a suite whose output ends with the line
# "NAME: N passed, N failed" (or "NAME: skipped ..."), adds its counts, and
# counts a suite that stopped without that line (or failed without a failure)
# as one failure. On failures it prints the last TAIL lines of its output.
run_suite() {
	local name=$1 keep=$2 rc line sp sf
	shift 2
	"$@" >"$WORK/$name.log" 2>&1
	rc=$?
	if grep -q "^$name: skipped" "$WORK/$name.log"; then
		grep "^$name: skipped" "$WORK/$name.log"
		return
	fi
	line="$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed" "$WORK/$name.log" | tail -n 1 || true)"
	sp="$(sed -nE "s/^$name: ([0-9]+) passed, ([0-9]+) failed.*/\1/p" <<<"$line")"
	sf="$(sed -nE "s/^$name: ([0-9]+) passed, ([0-9]+) failed.*/\2/p" <<<"$line")"
	sp=${sp:-0}
	sf=${sf:-0}
	if [ -z "$line" ] || { [ "$rc" -ne 0 ] && [ "$sf" -eq 0 ]; }; then
		problems+=("$name suite did not complete (exit $rc)")
		sf=$((sf + 1))
	fi
	echo "$name: $sp passed, $sf failed"
	if [ "$sf" -gt 0 ]; then
		echo "----- $name output (last $keep lines) -----"
		tail -n "$keep" "$WORK/$name.log"
		echo "-----"
	fi
	passed=$((passed + sp))
	failed=$((failed + sf))
}

# ---------------------------------------------------------------- unit tests
if [ -f tests/unit/Makefile ]; then
	run_suite unit 100 make -C tests/unit check
else
	problems+=("tests/unit/Makefile is missing: unit suite not run")
	failed=$((failed + 1))
fi

# ---------------------------------------------------------------- fuzzing
# Only where clang can build libFuzzer targets: each harness replays its seeds
# and regressions, then fuzzes for FUZZ_SECONDS (tests/fuzz/run.sh).
if command -v clang >/dev/null 2>&1 && [ -f tests/fuzz/run.sh ]; then
	run_suite fuzz 80 bash tests/fuzz/run.sh -t "${FUZZ_SECONDS:-20}"
fi

# ---------------------------------------------------------------- sanitized servers
# tools/asan_smoke.sh: the extension built again with ASan + UBSan, its servers
# driven through a set of phpt tests; any sanitizer report fails it.
if [ -f tools/asan_smoke.sh ]; then
	run_suite asan 80 bash tools/asan_smoke.sh
fi

# ---------------------------------------------------------------- phpt tests
RUN_TESTS="$REPO/run-tests.php"
if [ ! -f "$RUN_TESTS" ]; then
	RUN_TESTS="$(php-config --extension-dir 2>/dev/null)/build/run-tests.php"
fi
PHP_BIN=/usr/bin/php
[ -x "$PHP_BIN" ] || PHP_BIN="$(command -v php)"

if [ ! -f "$RUN_TESTS" ]; then
	problems+=("run-tests.php not found: phpt suites not run")
	failed=$((failed + 1))
else
	# run-tests removes the old .diff/.out of each test it runs; failing ones stay for inspection
	TEST_PHP_EXECUTABLE="$PHP_BIN" SWOOLE_EXT="$REPO/modules/swoole.so" NO_INTERACTION=1 \
		timeout 1500 "$PHP_BIN" "$RUN_TESTS" -q -j2 --no-progress --set-timeout 120 \
		-d "extension=$REPO/modules/swoole.so" tests >"$WORK/phpt.log" 2>&1
	rc=$?
	get() {
		grep -E "^$1 +:" "$WORK/phpt.log" | tail -n 1 | sed -E 's/^[^:]*: *([0-9]+).*/\1/'
	}
	pp="$(get 'Tests passed')"
	pf="$(get 'Tests failed')"
	ps="$(get 'Tests skipped')"
	pb="$(get 'Tests borked')"
	pl="$(get 'Tests leaked')"
	if [ -z "$pp" ] || [ -z "$pf" ]; then
		problems+=("run-tests.php did not print its summary (exit $rc)")
		echo "----- run-tests output (last 60 lines) -----"
		tail -n 60 "$WORK/phpt.log"
		echo "-----"
		pp=0
		pf=1
	fi
	pw="$(get 'Tests warned')"
	pf=$((pf + ${pb:-0} + ${pl:-0}))
	ps=${ps:-0}
	pw=${pw:-0}
	echo "phpt: $pp passed, $pf failed, $ps skipped, $pw passed only when run-tests retried them (not counted)"
	if [ "$pw" -gt 0 ]; then
		# run-tests.php runs a failing test once more when it looks timing-dependent; a pass on
		# that retry is a WARN. Named here so flaky tests are seen, not hidden.
		sed -n '/^WARNED TEST SUMMARY/,/^=====/p' "$WORK/phpt.log"
	fi
	if [ "$pf" -gt 0 ]; then
		sed -n '/^FAILED TEST SUMMARY/,/^=====/p;/^BORKED TEST SUMMARY/,/^=====/p;/^LEAKED TEST SUMMARY/,/^=====/p' \
			"$WORK/phpt.log"
		shown=0
		grep -oE '\[[^]]+\.phpt\]' "$WORK/phpt.log" | tr -d '[]' | sort -u | while read -r t; do
			base="${t%.phpt}"
			[ -f "$base.diff" ] || [ -f "$base.out" ] || continue
			shown=$((shown + 1))
			[ "$shown" -le 15 ] || break
			echo "===== $t ====="
			if [ -f "$base.diff" ]; then
				echo "--- diff (expected -, actual +) ---"
				head -c 4000 "$base.diff"
				echo
			fi
			if [ -f "$base.out" ]; then
				echo "--- output ---"
				head -c 6000 "$base.out"
				echo
			fi
		done
	fi
	passed=$((passed + pp))
	failed=$((failed + pf))
	skipped=$((skipped + ps))
fi

# ---------------------------------------------------------------- the same, in SWOOLE_BASE
# tests/base_mode.list: tests whose servers run again in SWOOLE_BASE (SWT_MODE=base).
if [ -f "$RUN_TESTS" ] && [ -f tests/base_mode.list ]; then
	mapfile -t base_tests < <(grep -v '^#' tests/base_mode.list | grep .)
	SWT_MODE=base TEST_PHP_EXECUTABLE="$PHP_BIN" SWOOLE_EXT="$REPO/modules/swoole.so" NO_INTERACTION=1 \
		timeout 900 "$PHP_BIN" "$RUN_TESTS" -q -j2 --no-progress --set-timeout 120 \
		-d "extension=$REPO/modules/swoole.so" "${base_tests[@]}" >"$WORK/base.log" 2>&1
	rc=$?
	bp="$(grep -E '^Tests passed +:' "$WORK/base.log" | tail -n 1 | sed -E 's/^[^:]*: *([0-9]+).*/\1/')"
	bf="$(grep -E '^Tests failed +:' "$WORK/base.log" | tail -n 1 | sed -E 's/^[^:]*: *([0-9]+).*/\1/')"
	if [ -z "$bp" ] || [ -z "$bf" ]; then
		problems+=("the SWOOLE_BASE pass did not print its summary (exit $rc)")
		tail -n 40 "$WORK/base.log"
		bp=0
		bf=1
	fi
	bw="$(grep -E '^Tests warned +:' "$WORK/base.log" | tail -n 1 | sed -E 's/^[^:]*: *([0-9]+).*/\1/')"
	bw=${bw:-0}
	echo "phpt (SWOOLE_BASE): $bp passed, $bf failed, $bw passed only when run-tests retried them (not counted)"
	if [ "$bf" -gt 0 ]; then
		sed -n '/^FAILED TEST SUMMARY/,/^=====/p' "$WORK/base.log"
	fi
	if [ "$bw" -gt 0 ]; then
		sed -n '/^WARNED TEST SUMMARY/,/^=====/p' "$WORK/base.log"
	fi
	passed=$((passed + bp))
	failed=$((failed + bf))
fi

finish
