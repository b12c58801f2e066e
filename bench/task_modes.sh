#!/usr/bin/env bash
# T1 (task() + onFinish round trips per second, 2 workers -> 2 task workers) for
# each task_ipc_mode: RUNS alternating runs of modes 1, 2, 3, each SECS seconds
# after a 0.5 s warm-up (bench/task_server.php). Prints one Markdown row per mode
# with the median and the min-max spread, and the raw figures.
#
#   bash bench/task_modes.sh            (RUNS=5 SECS=5 by default)
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS=${RUNS:-5}
SECS=${SECS:-5}
PHP=${PHP:-php}
SO="$REPO/modules/swoole.so"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/swoole-t1.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
declare -A VALS

one_run() { # mode -> prints tasks/s
	local mode=$1 out="$TMP/run.$1.$RANDOM" pid i
	TASK_IPC_MODE=$mode setsid "$PHP" -d "extension=$SO" "$REPO/bench/task_server.php" 0 "$SECS" "$out" \
		>"$TMP/log" 2>&1 &
	pid=$!
	for ((i = 0; i < (SECS + 15) * 10; i++)); do
		[ -f "$out.0" ] && [ -f "$out.1" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < 50; i++)); do
		kill -0 -- "-$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL -- "-$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	if [ -f "$out.0" ] && [ -f "$out.1" ]; then
		cat "$out.0" "$out.1" | awk '{ r += ($2 > 0) ? $1 / $2 : 0; f += $3 } END { printf "%.0f%s\n", r, f ? "(" f " failed)" : "" }'
	else
		echo fail
	fi
}

for ((run = 1; run <= RUNS; run++)); do
	for mode in 1 2 3; do
		v=$(one_run "$mode")
		VALS[$mode]+="$v "
		echo "run $run mode $mode: $v tasks/s" >&2
	done
done
echo "| task_ipc_mode | median tasks/s | min - max | runs |"
echo "|---|---|---|---|"
for mode in 1 2 3; do
	# shellcheck disable=SC2086
	printf '%s\n' ${VALS[$mode]} | sort -n | awk -v m="$mode" '
		{ v[NR] = $1 } END { printf "| %d | %d | %d - %d | %s |\n", m, v[int((NR + 1) / 2)], v[1], v[NR], NR }'
done
echo "raw: mode 1: ${VALS[1]}; mode 2: ${VALS[2]}; mode 3: ${VALS[3]}"
