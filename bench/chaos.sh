#!/usr/bin/env bash
# Chaos under load: each scenario starts bench/chaos_server.php, runs
# bench/chaos_client (every request followed on its own) for SECS seconds while
# something hostile happens, and prints one table line:
#   sent, ok, 5xx (explicit errors), closed (connection closed with no answer),
#   lost (no answer at all within the client's timeout: must be 0), bad (a wrong
#   answer: must be 0), latency p50/p99/max, what was done, master RSS.
#
#   bench/chaos.sh                          # every scenario, 15 s each
#   SECS=5 bench/chaos.sh kill-worker reload-storm
#
# Scenarios: kill-worker kill-task-worker stop-cont reload-storm max-request-1
#            stuck-task slow-reader (the default list), and stuck-task-async: the
#            stuck task worker with task() + onFinish instead of taskwait(), a known
#            limit (no task timeout: the requests whose tasks wait behind the stuck
#            one are never answered), so it is run only when named.
# Knobs: SECS (15), CONNS (32), TIMEOUT (client's per-request limit, 10 s),
# OUT (bench/out/chaos), SWOOLE_SO, PHP. Exit 1 if any scenario lost a request,
# got a wrong answer or could not run.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$REPO/bench/lib.sh"
cd "$REPO"
PHP="${PHP:-php}"
SWOOLE_SO="${SWOOLE_SO:-$REPO/modules/swoole.so}"
SECS="${SECS:-15}"
CONNS="${CONNS:-32}"
TIMEOUT="${TIMEOUT:-10}"
OUT="${OUT:-$REPO/bench/out/chaos}"
ALL="kill-worker kill-task-worker stop-cont reload-storm max-request-1 stuck-task slow-reader"
SCENARIOS="${*:-$ALL}"
CLIENT="$REPO/bench/out/chaos_client"

SERVER_PID=
ACTOR_PID=
STOPPED=

log() { echo "[chaos $(date +%H:%M:%S)] $*" >&2; }

stop_actor() {
	[ -n "$ACTOR_PID" ] && kill "$ACTOR_PID" 2>/dev/null && wait "$ACTOR_PID" 2>/dev/null
	ACTOR_PID=
}

trap 'stop_actor; stop_server' EXIT
trap 'exit 130' INT TERM

ppid_of() { ps -o ppid= -p "$1" 2>/dev/null | tr -d " "; }
rss_of() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }

# pick LOG TASK(0|1): the current pid of a random worker (or task worker), checked
# to be a live child of the server's manager; empty if none
pick() {
	local log=$1 tw=$2 manager pid
	manager=$(ps -o pid= --ppid "$SERVER_PID" | head -n 1 | tr -d ' ')
	[ -n "$manager" ] || return 0
	pid=$(awk -v tw="$tw" '$1 == "WS" && $4 == tw { last[$2] = $3 } END { for (i in last) print last[i] }' "$log" |
		while read -r p; do [ "$(ppid_of "$p")" = "$manager" ] && echo "$p"; done | shuf -n 1)
	echo "$pid"
}

# actor SCENARIO LOG COUNTFILE: the hostile part, until killed
actor() {
	local scenario=$1 log=$2 count=$3 n=0 pid
	case "$scenario" in
	kill-worker | kill-task-worker)
		local tw=0
		[ "$scenario" = kill-task-worker ] && tw=1
		while :; do
			sleep "0.$((3 + RANDOM % 5))"
			pid=$(pick "$log" "$tw")
			[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null && n=$((n + 1)) && echo "$n kill -9" >"$count"
		done
		;;
	stop-cont)
		while :; do
			sleep 1
			pid=$(pick "$log" 0)
			[ -n "$pid" ] || continue
			kill -STOP "$pid" 2>/dev/null || continue
			sleep 1
			kill -CONT "$pid" 2>/dev/null
			n=$((n + 1))
			echo "$n stop 1 s/cont" >"$count"
		done
		;;
	reload-storm)
		while :; do
			sleep 0.2
			kill -USR1 "$SERVER_PID" 2>/dev/null && n=$((n + 1)) && echo "$n reloads" >"$count"
		done
		;;
	*)
		# nothing hostile: short sleeps, so no child outlives this subshell
		while :; do
			sleep 0.5
		done
		;;
	esac
}

# scenario NAME: prints its table line; returns 1 if something was lost
scenario() {
	local name=$1 kind=http dir port extra=() cargs=() line rss0 rss_peak r gens rc
	case "$name" in
	kill-worker | stop-cont) extra=(work_us=500) ;;
	kill-task-worker) kind=task; extra=(work_us=500) ;;
	max-request-1) extra=(max_request=1) ;;
	stuck-task) kind=taskwait; cargs=(--stuck /sleep-forever) ;;
	stuck-task-async) kind=task; cargs=(--stuck /sleep-forever) ;;
	slow-reader) extra=(socket_buffer_size=$((4 << 20))); cargs=(--stall 500) ;;
	reload-storm) ;;
	*) log "unknown scenario $name"; return 1 ;;
	esac
	dir="$OUT/$name"
	rm -rf "$dir"
	mkdir -p "$dir"
	port=$(free_port) || return 1
	setsid "$PHP" -n -d "extension=$SWOOLE_SO" -d memory_limit=512M bench/chaos_server.php "$port" "$kind" "${extra[@]}" \
		>"$dir/server.log" 2>&1 &
	SERVER_PID=$!
	if ! wait_port "$port"; then
		log "$name: the server did not open port $port"
		tail -n 20 "$dir/server.log" >&2
		stop_server
		return 1
	fi
	sleep 0.5
	rss0=$(rss_of "$SERVER_PID")
	echo "0 -" >"$dir/actions"
	actor "$name" "$dir/server.log" "$dir/actions" &
	ACTOR_PID=$!
	"$CLIENT" -c "$CONNS" -d "$SECS" -T "$TIMEOUT" "${cargs[@]}" "$port" >"$dir/client.out" 2>"$dir/client.err" &
	local cpid=$! rss_peak=$rss0
	while kill -0 "$cpid" 2>/dev/null; do
		r=$(rss_of "$SERVER_PID")
		[ -n "$r" ] && [ "$r" -gt "$rss_peak" ] && rss_peak=$r
		sleep 0.5
	done
	wait "$cpid"
	rc=$?
	stop_actor
	r=$(rss_of "$SERVER_PID")
	stop_server
	line=$(cat "$dir/client.out")
	gens=$(grep -c '^WS ' "$dir/server.log")
	get() { sed -nE "s/.*(^| )$1=([^ ]+).*/\2/p" <<<"$line"; }
	printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s / %s / %s | %s | %s | %.1f / %.1f / %.1f |\n' \
		"$name" "$(get sent)" "$(get ok)" "$(get http5xx)" "$(get closed)" "$(get lost)" "$(get bad)" \
		"$(get stuck)" "$(get p50_ms)" "$(get p99_ms)" "$(get max_ms)" "$(cut -d' ' -f2- "$dir/actions" | sed "s/^/$(cut -d' ' -f1 "$dir/actions") x /;s/^0 x -$/-/")" \
		"$gens" "$(bc -l <<<"$rss0 / 1024")" "$(bc -l <<<"$rss_peak / 1024")" "$(bc -l <<<"${r:-0} / 1024")"
	if [ -z "$line" ] || [ "$rc" -ne 0 ]; then
		log "$name: client exit $rc: $(cat "$dir/client.err" | head -n 5)"
		return 1
	fi
	return 0
}

[ -f "$SWOOLE_SO" ] || { log "$SWOOLE_SO is missing: run tools/setup.sh"; exit 1; }
mkdir -p "$OUT" "$REPO/bench/out"
if [ ! -x "$CLIENT" ] || [ bench/chaos_client.c -nt "$CLIENT" ]; then
	gcc -O2 -Wall -Wextra -o "$CLIENT" bench/chaos_client.c || exit 1
fi
echo "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src include ext-src swoole.c || echo '+local changes'), $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), ${SECS} s per scenario, $CONNS connections, client timeout ${TIMEOUT} s"
echo
echo '| scenario | sent | ok | 5xx | closed, no answer | lost | bad | stuck request got | latency ms p50 / p99 / max | hostile actions | workers started | master RSS MiB start / peak / end |'
echo '|---|---|---|---|---|---|---|---|---|---|---|---|'
status=0
for s in $SCENARIOS; do
	scenario "$s" || status=1
done
exit $status
