#!/usr/bin/env bash
# Builds the libFuzzer harnesses of tests/fuzz (clang, with ASan and UBSan)
# and, for each one:
#   1. replays its seed corpus and its regression inputs (corpus/NAME,
#      regressions/NAME): every input that once crashed must now pass;
#   2. fuzzes it for a bounded time, starting from the seeds.
# Each step counts as one test; the last line is "fuzz: N passed, N failed".
# New inputs go to a scratch corpus (or -c DIR), never into the repository.
#
# usage: run.sh [-t SECONDS] [-n RUNS] [-c CORPUS_DIR] [-o OUT_DIR] [NAME...]
#   -t  time per harness (default 20)      -n  stop after RUNS executions instead
#   -c  keep the grown corpora in CORPUS_DIR/NAME (for long local runs)
#   -o  build and log directory (default: a temporary one, removed at exit)
# With no clang that can link -fsanitize=fuzzer it says so and exits 0.
# FUZZ_UNIT_TIMEOUT (seconds, default 10) bounds one input: raise it for long
# runs at a low priority on a busy machine, where a starved process can look
# like a slow input.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
SECONDS_EACH=20
RUNS=""
KEEP_CORPUS=""
OUT=""

while getopts "t:n:c:o:" opt; do
	case "$opt" in
	t) SECONDS_EACH="$OPTARG" ;;
	n) RUNS="$OPTARG" ;;
	c) KEEP_CORPUS="$OPTARG" ;;
	o) OUT="$OPTARG" ;;
	*) echo "usage: $0 [-t SECONDS] [-n RUNS] [-c CORPUS_DIR] [-o OUT_DIR] [NAME...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))

# Each harness and the core sources it links (only those: the build stays quick).
declare -A SOURCES=(
	[http_request]="src/protocol/http_request.c src/protocol/http_lexer.c src/protocol/http_response.c src/core/error.c"
	[multipart]="src/protocol/http_multipart.c src/core/error.c"
	[framing]="src/protocol/framing.c src/core/error.c"
	[ipc]="src/ipc/channel.c src/ipc/msgqueue.c src/core/buffer.c src/core/error.c src/core/log.c"
)
declare -A DICT=([http_request]=http.dict [multipart]=http.dict)
NAMES=(http_request multipart framing ipc)
if [ $# -gt 0 ]; then
	NAMES=("$@")
fi

CC="${FUZZ_CC:-clang}"
if ! command -v "$CC" >/dev/null 2>&1; then
	echo "fuzz: skipped ($CC not found)"
	exit 0
fi

if [ -z "$OUT" ]; then
	OUT="$(mktemp -d "${TMPDIR:-/tmp}/swoole-fuzz.XXXXXX")"
	trap 'rm -rf "$OUT"' EXIT
fi
mkdir -p "$OUT"

probe="$OUT/probe.c"
printf '#include <stddef.h>\n#include <stdint.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void) d; (void) n; return 0; }\n' >"$probe"
if ! "$CC" -fsanitize=fuzzer,address,undefined "$probe" -o "$OUT/probe" >/dev/null 2>&1; then
	echo "fuzz: skipped ($CC cannot link -fsanitize=fuzzer)"
	exit 0
fi

CFLAGS=(-g -O1 -std=gnu11 -Wall -Wextra -Werror -pthread -fno-omit-frame-pointer
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I"$REPO/include")
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

passed=0
failed=0

fail_log() {
	echo "----- $1 (last 40 lines) -----"
	tail -n 40 "$1"
	echo "-----"
}

for name in "${NAMES[@]}"; do
	src="$HERE/fuzz_$name.c"
	bin="$OUT/fuzz_$name"
	if [ ! -f "$src" ] || [ -z "${SOURCES[$name]+x}" ]; then
		echo "!! fuzz $name: no such harness"
		failed=$((failed + 2))
		continue
	fi
	srcs=()
	for s in ${SOURCES[$name]}; do
		srcs+=("$REPO/$s")
	done
	if ! "$CC" "${CFLAGS[@]}" "$src" "${srcs[@]}" -o "$bin" >"$OUT/$name.build.log" 2>&1; then
		echo "!! fuzz $name: build failed"
		fail_log "$OUT/$name.build.log"
		failed=$((failed + 2))
		continue
	fi

	# 1. replay the seeds and the regressions, each input once
	inputs=("$HERE/corpus/$name")
	[ -d "$HERE/regressions/$name" ] && inputs+=("$HERE/regressions/$name")
	if timeout -k 5 120 "$bin" -runs=0 "${inputs[@]}" >"$OUT/$name.replay.log" 2>&1; then
		count="$(find "${inputs[@]}" -type f | wc -l)"
		echo "ok fuzz $name: replayed $count seed and regression inputs"
		passed=$((passed + 1))
	else
		echo "!! fuzz $name: a seed or regression input fails"
		fail_log "$OUT/$name.replay.log"
		failed=$((failed + 1))
	fi

	# 2. bounded fuzzing
	if [ -n "$KEEP_CORPUS" ]; then
		work="$KEEP_CORPUS/$name"
	else
		work="$OUT/corpus-$name"
	fi
	mkdir -p "$work" "$OUT/artifacts"
	args=(-max_total_time="$SECONDS_EACH" -timeout="${FUZZ_UNIT_TIMEOUT:-10}" -rss_limit_mb=1536 -print_final_stats=1
		-artifact_prefix="$OUT/artifacts/$name-")
	[ -n "$RUNS" ] && args+=(-runs="$RUNS" -max_total_time=0)
	[ -n "${DICT[$name]+x}" ] && args+=(-dict="$HERE/${DICT[$name]}")
	start=$(date +%s)
	if "$bin" "${args[@]}" "$work" "$HERE/corpus/$name" >"$OUT/$name.fuzz.log" 2>&1; then
		runs="$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$OUT/$name.fuzz.log")"
		cov="$(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$OUT/$name.fuzz.log" | tail -n 1)"
		echo "ok fuzz $name: ${runs:-?} executions in $(($(date +%s) - start)) s, no crash ($cov)"
		passed=$((passed + 1))
	else
		echo "!! fuzz $name: crashed or failed an invariant"
		fail_log "$OUT/$name.fuzz.log"
		for a in "$OUT/artifacts/$name-"*; do
			[ -f "$a" ] || continue
			echo "input $(basename "$a") ($(wc -c <"$a") bytes), base64:"
			base64 -w 0 "$a" | head -c 8000
			echo
		done
		failed=$((failed + 1))
	fi
done

echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
