#!/usr/bin/env bash
# GUARANTEES.md item 9: N start/stop cycles (default 1000) of a server using
# message queues leave the queue table (ipcs -q) as it was. Each cycle starts
# a server with task workers, alternating task_ipc_mode 2 and 3 and ipc_mode 1
# and 2, runs one task, and shuts down. Prints the number of queues before
# and after, the number of queue ids the servers logged, and how many of
# those still exist (must be 0). Exits non-zero if any is left or a cycle failed.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N=${1:-1000}
PHP=${PHP:-php}
SO="$REPO/modules/swoole.so"
LOG=$(mktemp "${TMPDIR:-/tmp}/swoole-cycles.XXXXXX")
trap 'rm -f "$LOG"' EXIT
CODE='
$s = new Swoole\Server("127.0.0.1", 0);
$s->set(["worker_num" => 1, "task_worker_num" => 1, "task_ipc_mode" => (int) getenv("TK_MODE"),
    "ipc_mode" => (int) getenv("TK_IPC"), "log_level" => 2]);
$s->on("receive", function () {});
$s->on("workerStart", function ($s, $id) { if ($id === 0) { $s->task("x"); } });
$s->on("task", function ($s, $tid, $src, $d) { return $d; });
$s->on("finish", function ($s) { $s->shutdown(); });
$s->start();
echo "done\n";'
queues() { tail -n +2 /proc/sysvipc/msg | wc -l; }
before=$(queues)
failed=0
start=$(date +%s.%N)
for ((i = 0; i < N; i++)); do
	out=$(TK_MODE=$((2 + i % 2)) TK_IPC=$((1 + (i / 2) % 2)) timeout 20 "$PHP" -d "extension=$SO" -r "$CODE" 2>>"$LOG") || true
	[ "$out" = "done" ] || failed=$((failed + 1))
done
end=$(date +%s.%N)
ids=$(grep -oE 'ipc_mode [0-9]: message queue [0-9]+' "$LOG" | awk '{ print $5 }' | sort -u)
logged=$(printf '%s\n' "$ids" | grep -c . || true)
left=0
for id in $ids; do
	if tail -n +2 /proc/sysvipc/msg | awk '{ print $2 }' | grep -qx "$id"; then
		left=$((left + 1))
	fi
done
after=$(queues)
printf 'cycles: %d (%d failed) in %.1f s; queues before: %d, after: %d; queue ids logged: %d, still present: %d\n' \
	"$N" "$failed" "$(echo "$end - $start" | bc)" "$before" "$after" "$logged" "$left"
[ "$failed" -eq 0 ] && [ "$left" -eq 0 ]
