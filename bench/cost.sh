#!/usr/bin/env bash
# bench/cost.sh: what one message costs the server, per thread and per role.
#
# Throughput on a shared 2-core machine swings with whatever else runs; the
# CPU time, the system calls and the context switches the server spends per
# message move much less, and they say where the time goes. This script
# starts one server, drives it with the same load as bench/run.sh, and counts
# with `perf stat` (software events only: task-clock, raw_syscalls:sys_enter,
# context-switches; no hardware counters needed) for every thread of the
# server's process group, then divides by the messages (or requests) served.
#
# Usage: bench/cost.sh WORKLOAD SERVER [SECS]
#   WORKLOAD  E1 | E2 | E3 | H1
#   SERVER    floor | nginx | process | base
# Environment: PHP=php SWOOLE_SO=modules/swoole.so NGINX=/usr/sbin/nginx WRK=wrk
#   SERVER_ARGS: extra arguments after PORT MODE for the PHP servers (none now)
#
# Output: one summary line (req or msg per second, CPU us, syscalls and context
# switches per message, all server threads together), then one line per role:
# master (main thread), reactor (the master's other threads), manager, worker.
# Run it twice and compare; see bench/README.md.

set -u

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH/.." && pwd)
OUT=$BENCH/out
# shellcheck source=bench/lib.sh
. "$BENCH/lib.sh"
PHP=${PHP:-php}
SO=${SWOOLE_SO:-$REPO/modules/swoole.so}
NGINX=${NGINX:-/usr/sbin/nginx}
WRK=${WRK:-wrk}

workload=${1:-}
server=${2:-}
secs=${3:-4}
case "$workload" in E1 | E2 | E3 | H1) ;; *) echo "usage: $0 E1|E2|E3|H1 floor|nginx|process|base [SECS]" >&2; exit 2 ;; esac
case "$server" in floor | nginx | process | base) ;; *) echo "usage: $0 E1|E2|E3|H1 floor|nginx|process|base [SECS]" >&2; exit 2 ;; esac
command -v perf >/dev/null || { echo "cost.sh: perf is missing (Debian linux-perf)" >&2; exit 2; }

mkdir -p "$OUT"
for prog in floor_echo echo_client; do
	if [ ! -x "$OUT/$prog" ] || [ "$BENCH/$prog.c" -nt "$OUT/$prog" ]; then
		gcc -O2 -Wall -o "$OUT/$prog" "$BENCH/$prog.c" || exit 2
	fi
done

TMP=$(mktemp -d "${TMPDIR:-/tmp}/swoole-cost.XXXXXX")
LEAD=
cleanup() {
	if [ -n "$LEAD" ]; then
		kill -TERM -- "-$LEAD" 2>/dev/null
		sleep 0.3
		kill -KILL -- "-$LEAD" 2>/dev/null
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT


port=$(free_port)
case "$server" in
floor)
	setsid "$OUT/floor_echo" "$port" >"$TMP/server.log" 2>&1 &
	;;
nginx)
	mkdir -p "$TMP/nginx"
	sed -e "s|@PORT@|$port|g" -e "s|@WORKERS@|2|g" -e "s|@DIR@|$TMP/nginx|g" "$BENCH/nginx.conf.in" >"$TMP/nginx/nginx.conf"
	setsid "$NGINX" -p "$TMP/nginx/" -e "$TMP/nginx/error.log" -c "$TMP/nginx/nginx.conf" >"$TMP/server.log" 2>&1 &
	;;
process | base)
	script=$BENCH/echo_server.php
	[ "$workload" = E3 ] && script=$BENCH/echo_length_server.php
	[ "$workload" = H1 ] && script=$BENCH/http_server.php
	# shellcheck disable=SC2086
	setsid "$PHP" -d "extension=$SO" "$script" "$port" "$server" ${SERVER_ARGS:-} >"$TMP/server.log" 2>&1 &
	;;
esac
LEAD=$!
disown "$LEAD" 2>/dev/null # stopped by its group in cleanup(): no "Killed" notice
for _ in $(seq 100); do
	ss -ltn "sport = :$port" | grep -q ":$port " && break
	sleep 0.1
done
ss -ltn "sport = :$port" | grep -q ":$port " || { echo "cost.sh: the server did not open port $port" >&2; cat "$TMP/server.log" >&2; exit 1; }
sleep 0.5

# the load runs 1 s longer than the count on each side, so the count sees steady state only
case "$workload" in
E1) "$OUT/echo_client" -c 100 -s 64 -d $((secs + 2)) "$port" >"$TMP/client.out" 2>&1 & ;;
E2) "$OUT/echo_client" -c 50 -s 65536 -d $((secs + 2)) "$port" >"$TMP/client.out" 2>&1 & ;;
E3) "$OUT/echo_client" --length -c 100 -s 1024 -d $((secs + 2)) "$port" >"$TMP/client.out" 2>&1 & ;;
H1) "$WRK" -t1 -c100 -d$((secs + 2))s "http://127.0.0.1:$port/" >"$TMP/client.out" 2>&1 & ;;
esac
client=$!
sleep 1
pids=$(ps -e -o pid=,pgid= | awk -v g="$LEAD" '$2 == g { print $1 }' | paste -sd, -)
# thread id -> role, read before counting (the comm names are the process titles)
for pid in ${pids//,/ }; do
	title=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)
	for task in /proc/"$pid"/task/*; do
		tid=${task##*/}
		role=other
		case "$title" in
		*"master process"*) if [ "$tid" = "$pid" ]; then role=master; else role=reactor; fi ;;
		*"manager process"*) role=manager ;;
		*"task worker"*) role=task_worker ;;
		*"worker process"*) role=worker ;;
		*nginx*master*) role=master ;;
		*nginx*worker*) role=worker ;;
		*floor_echo*) role=worker ;;
		*) [ "$server" = process ] || [ "$server" = base ] && role=master ;;
		esac
		echo "$tid $role"
	done
done >"$TMP/roles"
perf stat -x, --per-thread -e task-clock,raw_syscalls:sys_enter,context-switches -p "$pids" -- sleep "$secs" 2>"$TMP/perf.out"
wait "$client"

if [ "$workload" = H1 ]; then
	rate=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$TMP/client.out")
	unit=req
else
	rate=$(sed -n 's/.*msg_per_s=\([0-9.]*\).*/\1/p' "$TMP/client.out")
	unit=msg
fi
if [ -z "$rate" ]; then
	echo "cost.sh: the load client printed no rate:" >&2
	cat "$TMP/client.out" >&2
	exit 1
fi

python3 - "$rate" "$secs" "$unit" "$workload" "$server" "$TMP/roles" "$TMP/perf.out" <<'PY'
import collections, sys

rate, secs, unit, workload, server, roles_file, perf_file = sys.argv[1:]
n = float(rate) * float(secs)
roles = {}
for line in open(roles_file):
    tid, role = line.split()
    roles[tid] = role
events = ("task-clock", "raw_syscalls:sys_enter", "context-switches")
by_role = collections.defaultdict(lambda: collections.Counter())
threads = collections.Counter()
for line in open(perf_file):
    f = line.strip().split(",")
    ev = next((x for x in f if x in events), None)
    if ev is None or len(f) < 2:
        continue
    try:
        v = float(f[1])
    except ValueError:
        continue
    tid = f[0].rsplit("-", 1)[-1]
    role = roles.get(tid, "other")
    by_role[role][ev] += v
    if ev == "task-clock" and v > 0:
        threads[role] += 1
total = collections.Counter()
for c in by_role.values():
    total.update(c)

def fmt(c):
    return "cpu %6.2f us  syscalls %5.2f  ctx-switches %5.3f" % (
        c["task-clock"] * 1000 / n, c["raw_syscalls:sys_enter"] / n, c["context-switches"] / n)

print("%s %-7s %8.0f %s/s  per %s: %s" % (workload, server, float(rate), unit, unit, fmt(total)))
for role in ("master", "reactor", "manager", "worker", "task_worker", "other"):
    if role in by_role and by_role[role]["task-clock"] > 0:
        print("   %-11s x%-2d %s" % (role, threads[role], fmt(by_role[role])))
PY
