#!/bin/bash
# Runs every unit-test binary of the given variants and prints one closing
# line, "unit: N passed, N failed", counting check test cases. A binary that
# crashes, times out, exits non-zero without reporting a failure (a leak found
# by LeakSanitizer at exit, say) or was not built counts as at least one
# failure.
#
# usage: run.sh BUILD_DIR VARIANT...   (BUILD_DIR relative to this directory)

build=${1:?usage: run.sh BUILD_DIR VARIANT...}
shift
[ $# -gt 0 ] || set -- plain asan

cd "$(dirname "$0")" || exit 1

passed=0
failed=0

for variant in "$@"; do
	for src in test_*.c; do
		[ -f "$src" ] || continue
		bin="$build/$variant/${src%.c}"
		echo "== $variant/$(basename "$bin")"
		# make -q also catches a stale binary whose rebuild just failed.
		if [ ! -x "$bin" ] || ! make -s -q "$bin" >/dev/null 2>&1; then
			echo "!! $variant/$(basename "$bin"): not built"
			failed=$((failed + 1))
			continue
		fi
		out=$(mktemp)
		if [ "$variant" = asan ]; then
			ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
			UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
				timeout -k 5 120 "$bin" 2>&1 | tee "$out"
			rc=${PIPESTATUS[0]}
		else
			timeout -k 5 120 "$bin" 2>&1 | tee "$out"
			rc=${PIPESTATUS[0]}
		fi
		summary=$(grep -E '^[0-9]+%: Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+' "$out" | tail -n 1)
		rm -f "$out"
		if [ -n "$summary" ]; then
			checks=$(sed -E 's/.*Checks: ([0-9]+).*/\1/' <<<"$summary")
			failures=$(sed -E 's/.*Failures: ([0-9]+).*/\1/' <<<"$summary")
			errors=$(sed -E 's/.*Errors: ([0-9]+).*/\1/' <<<"$summary")
			bad=$((failures + errors))
			good=$((checks - bad))
		else
			good=0
			bad=0
		fi
		if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
			if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
				echo "!! $variant/$(basename "$bin"): timed out"
			else
				echo "!! $variant/$(basename "$bin"): exited with status $rc"
			fi
			bad=1
			[ "$good" -gt 0 ] && good=$((good - 1))
		fi
		passed=$((passed + good))
		failed=$((failed + bad))
	done
done

echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
