#!/usr/bin/env bash
# Soak: a million HTTP requests (wrk) and a million echo messages (bench/echo_client)
# against bench/soak_server.php, sampling the RSS and PSS of every server process
# (master, manager, each worker) once a second, then checking that memory stayed flat
# after warm-up (bench/soak_report.php). See docs/reliability.md, "Soak".
#
#   bench/soak.sh                 # the four runs: http, echo, http+reload, echo+reload
#   RUNS="http echo-reload" bench/soak.sh
#   REQUESTS=200000 bench/soak.sh # a shorter soak
#
# Knobs (environment): REQUESTS (1000000 per run), RELOAD_EVERY (seconds between
# SIGUSR1 reloads in the *-reload runs, 3), CHUNK (seconds per wrk/echo_client run, 5),
# MAX_SECS (time box of one run's load, 900), BOUND_KB (allowed growth, 4096),
# CONNS (client connections, 50), OUT (bench/out/soak), SWOOLE_SO, PHP.
# Exit status: 0 if every run stayed within the bound and lost nothing, 1 otherwise.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$REPO/bench/lib.sh"
cd "$REPO"
PHP="${PHP:-php}"
SWOOLE_SO="${SWOOLE_SO:-$REPO/modules/swoole.so}"
REQUESTS="${REQUESTS:-1000000}"
RELOAD_EVERY="${RELOAD_EVERY:-3}"
CHUNK="${CHUNK:-5}"
MAX_SECS="${MAX_SECS:-900}"
BOUND_KB="${BOUND_KB:-4096}"
CONNS="${CONNS:-50}"
OUT="${OUT:-$REPO/bench/out/soak}"
RUNS="${RUNS:-http echo http-reload echo-reload}"

SERVER_PID=
SAMPLER_PID=
RELOADER_PID=

log() { echo "[soak $(date +%H:%M:%S)] $*" >&2; }

stop_bg() {
	local p
	for p in "$RELOADER_PID" "$SAMPLER_PID"; do
		[ -n "$p" ] && kill "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	RELOADER_PID=
	SAMPLER_PID=
}

trap 'stop_bg; stop_server' EXIT
trap 'exit 130' INT TERM

# sample ROOT FILE: once a second, "secs pid ppid depth rss_kb pss_kb" for the
# process tree under ROOT (depth 0 master, 1 manager, 2 workers and task workers)
sample() {
	local root=$1 file=$2 t0 now line pid ppid depth rss pss
	t0=$(date +%s.%N)
	while kill -0 "$root" 2>/dev/null; do
		now=$(date +%s.%N)
		ps -e -o pid=,ppid= | awk -v root="$root" '
			{ par[$1] = $2 }
			END {
				for (p in par) {
					d = 0; q = p
					while (q != root && q in par && d < 4) { q = par[q]; d++ }
					if (q == root) { print p, par[p], d }
				}
			}' | while read -r pid ppid depth; do
			rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
			pss=$(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null)
			[ -n "$rss" ] || continue
			echo "$(awk -v a="$now" -v b="$t0" 'BEGIN { printf "%.2f", a - b }') $pid $ppid $depth $rss ${pss:-0}"
		done >>"$file"
		sleep 1
	done
}

reloader() {
	local root=$1 every=$2
	while kill -0 "$root" 2>/dev/null; do
		sleep "$every"
		kill -USR1 "$root" 2>/dev/null
	done
}

build_client() {
	mkdir -p "$REPO/bench/out"
	if [ ! -x "$REPO/bench/out/echo_client" ] || [ "$REPO/bench/echo_client.c" -nt "$REPO/bench/out/echo_client" ]; then
		gcc -O2 -Wall -o "$REPO/bench/out/echo_client" "$REPO/bench/echo_client.c" || return 1
	fi
}

# one_run NAME: KIND (http|echo) with or without reloads
one_run() {
	local name=$1 kind=${1%-reload} dir port t0 elapsed= done=0 n errs=0 elapsed chunk_out rc
	dir="$OUT/$name"
	rm -rf "$dir"
	mkdir -p "$dir"
	port=$(free_port) || { log "no free port"; return 1; }
	setsid "$PHP" -n -d "extension=$SWOOLE_SO" -d memory_limit=512M bench/soak_server.php "$port" "$kind" \
		>"$dir/server.log" 2>&1 &
	SERVER_PID=$!
	if ! wait_port "$port"; then
		log "$name: server did not open port $port"
		cat "$dir/server.log" >&2
		stop_server
		return 1
	fi
	sample "$SERVER_PID" "$dir/samples.txt" &
	SAMPLER_PID=$!
	if [ "$name" != "$kind" ]; then
		reloader "$SERVER_PID" "$RELOAD_EVERY" &
		RELOADER_PID=$!
	fi
	log "$name: port $port, master $SERVER_PID, target $REQUESTS"
	t0=$(date +%s.%N)
	echo "0 0" >"$dir/progress.txt"
	while [ "$done" -lt "$REQUESTS" ]; do
		if awk -v a="$(date +%s.%N)" -v b="$t0" -v m="$MAX_SECS" 'BEGIN { exit !(a - b >= m) }'; then
			log "$name: time box of ${MAX_SECS}s reached at $done"
			break
		fi
		if [ "$kind" = http ]; then
			chunk_out=$(wrk -t1 -c"$CONNS" -d"${CHUNK}s" "http://127.0.0.1:$port/" 2>&1)
			rc=$?
			n=$(sed -nE 's/^ *([0-9]+) requests in .*/\1/p' <<<"$chunk_out")
			e=$(sed -nE 's/^ *Non-2xx or 3xx responses: ([0-9]+).*/\1/p' <<<"$chunk_out")
			s=$(sed -nE 's/^ *Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+).*/\1 \2 \3 \4/p' <<<"$chunk_out")
			errs=$((errs + ${e:-0}))
			for x in $s; do errs=$((errs + x)); done
		else
			chunk_out=$("$REPO/bench/out/echo_client" -c "$CONNS" -s 64 -d "$CHUNK" -w 0 "$port" 2>&1)
			rc=$?
			n=$(sed -nE 's/.*msgs=([0-9]+).*/\1/p' <<<"$chunk_out")
			e=$(sed -nE 's/.*errors=([0-9]+).*/\1/p' <<<"$chunk_out")
			errs=$((errs + ${e:-0}))
		fi
		echo "$chunk_out" >>"$dir/client.log"
		if [ -z "$n" ] || [ "$rc" -ne 0 ]; then
			log "$name: client failed (exit $rc): $chunk_out"
			errs=$((errs + 1))
			[ -n "$n" ] || break
		fi
		done=$((done + n))
		elapsed=$(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { printf "%.2f", a - b }')
		echo "$elapsed $done" >>"$dir/progress.txt"
	done
	# two more samples at rest, then stop everything
	sleep 2
	stop_bg
	echo "$errs" >"$dir/errors.txt"
	stop_server
	log "$name: $done in ${elapsed:-0} s, client errors $errs"
	"$PHP" bench/soak_report.php "$dir" "$name" "$BOUND_KB" "$REQUESTS"
}

[ -f "$SWOOLE_SO" ] || { log "$SWOOLE_SO is missing: run tools/setup.sh"; exit 1; }
build_client || exit 1
status=0
mkdir -p "$OUT"
{
	echo "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src include ext-src swoole.c || echo '+local changes'), $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/header.txt"
for r in $RUNS; do
	one_run "$r" || status=1
done
exit $status
