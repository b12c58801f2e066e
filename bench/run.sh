#!/usr/bin/env bash
# bench/run.sh: run the workloads of shared/BENCH.md and write bench/RESULTS.md.
#
# For each workload the reference server and the candidate (this project's
# modules/swoole.so) run ALTERNATELY, RUNS times each, SECS seconds per run, each
# run on a freshly started server and a fresh port. Medians and min-max spreads go
# to the summary, every single run to the raw table.
#
# Environment:
#   RUNS=5           runs per server and workload
#   SECS=5           seconds measured per run (echo runs add a 0.5 s warm-up)
#   MODES="process base"  candidate server modes
#   WORKLOADS="H1 H2 E1 E2 E3 T1 M1 R1"
#   WORKERS=2        worker_num of the candidates, processes of nginx and floor_echo
#   CONNS=           connections of H1, H2, E1, E3 (default 100) and E2 (default 50)
#   M1_CONNS=10000   idle connections held for M1
#   WARMUP=0.5       uncounted seconds at the start of each echo run
#   PHP=php  NGINX=/usr/sbin/nginx  WRK=wrk
#   RESULTS=bench/RESULTS.md  SWOOLE_SO=modules/swoole.so
#   SUMMARY_TSV=     also write the summary as tab-separated lines (bench/scaling.sh)
#
# Every server is started with setsid and stopped by its process group (TERM, then
# KILL after 5 s); an EXIT trap stops whatever is still running.

set -u

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH/.." && pwd)
OUT=$BENCH/out
LOGS=$OUT/logs
RUNS=${RUNS:-5}
SECS=${SECS:-5}
MODES=${MODES:-"process base"}
WORKLOADS=${WORKLOADS:-"H1 H2 E1 E2 E3 T1 M1 R1"}
WORKERS=${WORKERS:-2}
CONNS=${CONNS:-}
M1_CONNS=${M1_CONNS:-10000}
SUMMARY_TSV=${SUMMARY_TSV:-}
PHP=${PHP:-php}
NGINX=${NGINX:-/usr/sbin/nginx}
WRK=${WRK:-wrk}
RESULTS=${RESULTS:-$BENCH/RESULTS.md}
SO=${SWOOLE_SO:-$REPO/modules/swoole.so}
WARMUP=${WARMUP:-0.5}  # seconds of echo load not counted (more for many connections)
START_TIMEOUT=10   # seconds a server gets to open its port
STOP_GRACE=5       # seconds between TERM and KILL

SERVER_PID=        # process group of the server currently running, if any
TMP=
declare -A VALS=() # "id|side" -> space separated per-run values ("fail" for a failed run)
RAW=()             # rows of the raw table
NOTES=()           # things the reader must know (failures, missing pieces)

log() { printf '[bench] %s\n' "$*" >&2; }

# ---- processes ---------------------------------------------------------------

# live (non-zombie) processes in process group $1
group_alive() {
	ps -e -o pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }'
}

stop_server() {
	local pid=$SERVER_PID i
	[ -n "$pid" ] || return 0
	kill -TERM -- "-$pid" 2>/dev/null
	for ((i = 0; i < STOP_GRACE * 10; i++)); do
		group_alive "$pid" || break
		sleep 0.1
	done
	if group_alive "$pid"; then
		log "process group $pid still alive after ${STOP_GRACE}s: KILL"
		kill -KILL -- "-$pid" 2>/dev/null
		sleep 0.2
	fi
	wait "$pid" 2>/dev/null
	SERVER_PID=
}

cleanup() {
	stop_server
	[ -n "$TMP" ] && rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_server LOGFILE CMD...: run CMD in a new session (its own process group)
start_server() {
	local logfile=$1
	shift
	setsid "$@" >"$logfile" 2>&1 </dev/null &
	SERVER_PID=$!
	local pgid
	pgid=$(ps -o pgid= -p "$SERVER_PID" 2>/dev/null | tr -d ' ')
	if [ -n "$pgid" ] && [ "$pgid" != "$SERVER_PID" ]; then
		log "warning: server $SERVER_PID is in process group $pgid"
	fi
}

# wait_port PORT: 0 when something accepts on 127.0.0.1:PORT, 1 on timeout,
# 2 when the server process died first
wait_port() {
	local port=$1 i
	for ((i = 0; i < START_TIMEOUT * 20; i++)); do
		kill -0 "$SERVER_PID" 2>/dev/null || return 2
		if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			return 0
		fi
		sleep 0.05
	done
	return 1
}

# a port nobody uses, in any TCP state
free_port() {
	local p i
	for ((i = 0; i < 200; i++)); do
		p=$((20000 + RANDOM % 30000))
		if [ -z "$(ss -Htan "( sport = :$p or dport = :$p )" 2>/dev/null)" ]; then
			echo "$p"
			return 0
		fi
	done
	echo $((20000 + RANDOM % 30000))
}

# ---- servers -----------------------------------------------------------------

# nginx_prepare PORT: writes a config into a fresh temp dir and sets NGINX_ARGS
nginx_prepare() {
	local port=$1 dir
	dir=$(mktemp -d "$TMP/nginx.XXXXXX")
	chmod 755 "$dir"
	sed -e "s|@PORT@|$port|g" -e "s|@DIR@|$dir|g" -e "s|@WORKERS@|$WORKERS|g" "$BENCH/nginx.conf.in" >"$dir/nginx.conf"
	NGINX_ARGS=(-p "$dir/" -e "$dir/error.log" -c "$dir/nginx.conf")
}

# server_start KIND PORT LOGFILE: KIND is nginx, floor, swoole-process, swoole-base,
# length-process, length-base, http-process, http-base, churn-process (R1: the HTTP
# server with max_request 1), task (T1; needs TASK_OUT)
server_start() {
	local kind=$1 port=$2 logfile=$3
	case $kind in
	nginx)
		nginx_prepare "$port"
		start_server "$logfile" "$NGINX" "${NGINX_ARGS[@]}" ;;
	floor)
		start_server "$logfile" "$OUT/floor_echo" "$port" "$WORKERS" ;;
	swoole-*)
		start_server "$logfile" "$PHP" -d "extension=$SO" "$BENCH/echo_server.php" "$port" "${kind#swoole-}" "$WORKERS" ;;
	length-*)
		start_server "$logfile" "$PHP" -d "extension=$SO" "$BENCH/echo_length_server.php" "$port" "${kind#length-}" ;;
	http-*)
		start_server "$logfile" "$PHP" -d "extension=$SO" "$BENCH/http_server.php" "$port" "${kind#http-}" 0 "$WORKERS" ;;
	churn-*)
		start_server "$logfile" "$PHP" -d "extension=$SO" "$BENCH/http_server.php" "$port" "${kind#churn-}" 1 "$WORKERS" ;;
	task)
		start_server "$logfile" "$PHP" -d "extension=$SO" "$BENCH/task_server.php" "$port" "$SECS" "$TASK_OUT" ;;
	esac
}

# ---- one measured run --------------------------------------------------------

# run_once ID SIDE KIND: start the server, load it, stop it. Appends the value to
# VALS[ID|SIDE] and a row to RAW. Returns 1 if the server did not come up.
run_once() {
	local id=$1 side=$2 kind=$3 run=$4 port logfile line value unit errors rc=0
	port=$(free_port)
	logfile=$LOGS/$id-$kind-$run.log
	server_start "$kind" "$port" "$logfile"
	wait_port "$port"
	case $? in
	0) ;;
	1) line="server did not open port $port within ${START_TIMEOUT}s"; rc=1 ;;
	*) line="server exited before opening port $port"; rc=1 ;;
	esac

	if [ $rc -eq 0 ]; then
		case $id in
		H1 | H2 | R1)
			local script=() wconns=${CONNS:-100}
			[ "$id" = H2 ] && script=(-s "$BENCH/pipeline.lua")
			[ "$id" = R1 ] && wconns=50
			line=$(timeout $((SECS + 10)) "$WRK" -t1 -c"$wconns" -d"${SECS}s" "${script[@]}" "http://127.0.0.1:$port/" 2>&1)
			value=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$line")
			errors=$(awk '/Socket errors|Non-2xx/ { sub(/^ +/, ""); printf "%s; ", $0 }' <<<"$line")
			unit="req/s"
			line=$(grep -E 'Requests/sec|requests in|Latency|Socket errors|Non-2xx' <<<"$line" | tr -s ' ' | paste -sd ';' -)
			;;
		E1 | E2 | E3)
			local size conns framing=()
			case $id in
			E1) size=64 conns=${CONNS:-100} ;;
			E2) size=65536 conns=${CONNS:-50} ;;
			E3) size=1024 conns=${CONNS:-100} framing=(--length) ;;
			esac
			line=$(timeout $((SECS + 10)) "$OUT/echo_client" "${framing[@]}" -c "$conns" -s "$size" \
				-d "$SECS" -w "$WARMUP" "$port" 2>"$logfile.client")
			local crc=$?
			if [ "$id" != E2 ]; then
				value=$(sed -n 's/.*msg_per_s=\([0-9.]*\).*/\1/p' <<<"$line"); unit="msg/s"
			else
				value=$(sed -n 's/.*MB_per_s=\([0-9.]*\).*/\1/p' <<<"$line"); unit="MB/s"
			fi
			errors=$(sed -n 's/.* errors=\([0-9]*\) connect_failures=\([0-9]*\).*/errors=\1 connect_failures=\2/p' <<<"$line")
			if [ $crc -ne 0 ]; then
				errors="exit $crc $errors $(head -3 "$logfile.client" | paste -sd ' ' -)"
				NOTES+=("$id $kind run $run: echo_client reported a problem: ${errors//|//}")
			fi
			;;
		M1)
			m1_measure "$port" "$logfile"
			unit="KiB/conn"
			;;
		esac
	fi
	stop_server

	if [ $rc -ne 0 ] || [ -z "${value:-}" ]; then
		value=fail
		NOTES+=("$id $kind run $run failed: $line. Server log ($logfile): $(tail -c 600 "$logfile" 2>/dev/null | tr '\n|' ' /')")
	fi
	VALS["$id|$side"]+="$value "
	RAW+=("| $id | $run | $side | $kind | $value | ${unit:-} | ${errors:-} | \`${line//|//}\` |")
	log "$id run $run $kind: $value ${unit:-} ${errors:-}"
	return $rc
}

# pss_group PGID: "anon total" in KiB, summed over every process of group PGID
# from /proc/PID/smaps_rollup: anon = Pss_Anon + Pss_Shmem, total = Pss.
pss_group() {
	local p a=0 t=0 v
	for p in $(ps -e -o pid=,pgid= | awk -v g="$1" '$2 == g { print $1 }'); do
		v=$(awk '/^Pss:/ { t = $2 } /^Pss_(Anon|Shmem):/ { a += $2 } END { print a + 0, t + 0 }' \
			"/proc/$p/smaps_rollup" 2>/dev/null) || continue
		a=$((a + ${v% *}))
		t=$((t + ${v#* }))
	done
	echo "$a $t"
}

# pss_sample PGID: the median of 3 pss_group samples, 0.3 s apart (by anon)
pss_sample() {
	local i
	for i in 1 2 3; do
		pss_group "$1"
		[ $i -lt 3 ] && sleep 0.3
	done | sort -n | sed -n 2p
}

# listen_queue PORT: connections waiting in the accept queues of PORT's listeners
listen_queue() {
	ss -Htln "( sport = :$1 )" 2>/dev/null | awk '{ q += $2 } END { print q + 0 }'
}

# m1_measure PORT LOGFILE: M1 against the server that runs as SERVER_PID. PSS of
# its processes with no connection, then with M1_CONNS idle ones (held by
# idle_client, and accepted: nothing left in the accept queue); sets value (KiB
# per connection from anonymous + shared memory), errors and line.
m1_measure() {
	local port=$1 logfile=$2 before after cpid i est=0 q=0 out=$TMP/idle.$$.out
	sleep 1 # let the server finish starting
	before=$(pss_sample "$SERVER_PID")
	"$OUT/idle_client" -c "$M1_CONNS" -t 120 "$port" >"$out" 2>"$logfile.client" &
	cpid=$!
	for ((i = 0; i < 600; i++)); do
		grep -q '^connected=' "$out" && break
		kill -0 "$cpid" 2>/dev/null || break
		sleep 0.1
	done
	for ((i = 0; i < 100; i++)); do
		est=$(ss -Htn state established "( sport = :$port )" 2>/dev/null | wc -l)
		q=$(listen_queue "$port")
		[ "$est" -ge "$M1_CONNS" ] && [ "$q" -eq 0 ] && break
		sleep 0.1
	done
	sleep 1 # the accepted connections reach their reactor thread / worker
	after=$(pss_sample "$SERVER_PID")
	kill -TERM "$cpid" 2>/dev/null
	wait "$cpid"
	local crc=$?
	line="$(paste -sd ' ' "$out") established=$est accept_queue=$q pss_anon_shmem_kib=${before% *}->${after% *} pss_total_kib=${before#* }->${after#* }"
	if grep -q '^connected=' "$out" && [ "$est" -ge "$M1_CONNS" ]; then
		value=$(awk -v b="${before% *}" -v a="${after% *}" -v n="$M1_CONNS" 'BEGIN { printf "%.3f", (a - b) / n }')
		errors="total PSS: $(awk -v b="${before#* }" -v a="${after#* }" -v n="$M1_CONNS" 'BEGIN { printf "%.3f", (a - b) / n }') KiB/conn"
	fi
	if [ $crc -ne 0 ]; then
		errors="idle_client exit $crc: $(head -3 "$logfile.client" | paste -sd ' ' -) ${errors:-}"
		NOTES+=("M1 run: idle_client reported a problem: ${errors//|//}")
	fi
	rm -f "$out"
}

# run_fork_once RUN: one run of R1's reference, fork_floor (no server, no port):
# a 2 MiB C parent keeps $WORKERS children alive, each writes 50 pages and exits.
FORK_FLOOR_ARGS=(-m 2 -p 50)
run_fork_once() {
	local run=$1 line value errors="" rc
	line=$(timeout $((SECS + 10)) "$OUT/fork_floor" -d "$SECS" "${FORK_FLOOR_ARGS[@]}" -s "$WORKERS" 2>&1)
	rc=$?
	value=$(sed -n 's/.*forks_per_s=\([0-9.]*\).*/\1/p' <<<"$line")
	if [ $rc -ne 0 ] || [ -z "$value" ]; then
		value=fail
		NOTES+=("R1 fork_floor run $run failed: ${line//|//}")
	fi
	VALS["R1|ref"]+="$value "
	RAW+=("| R1 | $run | ref | fork_floor | $value | forks/s | $errors | \`${line//|//}\` |")
	log "R1 run $run fork_floor: $value forks/s"
}

# run_task_once RUN: one T1 run. task_server.php counts task() + onFinish round trips
# in its 2 workers for SECS seconds after a WARMUP and writes one file per worker
# ("count seconds failed"); the run ends when both files exist. The server is then
# stopped: TERM to the master pid, then its process group as for every server.
run_task_once() {
	local run=$1 id=T1 side=process kind=task port logfile line="" value="" unit="tasks/s" errors="" rc=0 i
	port=$(free_port)
	logfile=$LOGS/$id-$kind-$run.log
	TASK_OUT=$(mktemp -d "$TMP/task.XXXXXX")/count
	server_start "$kind" "$port" "$logfile"
	wait_port "$port"
	case $? in
	0) ;;
	1) line="server did not open port $port within ${START_TIMEOUT}s"; rc=1 ;;
	*) line="server exited before opening port $port"; rc=1 ;;
	esac
	if [ $rc -eq 0 ]; then
		# warm-up + SECS, plus up to 10 s of slack
		local limit
		limit=$(awk -v s="$SECS" -v w="$WARMUP" 'BEGIN { printf "%d", (s + w + 10) * 10 }')
		for ((i = 0; i < limit; i++)); do
			[ -f "$TASK_OUT.0" ] && [ -f "$TASK_OUT.1" ] && break
			kill -0 "$SERVER_PID" 2>/dev/null || break
			sleep 0.1
		done
		if [ -f "$TASK_OUT.0" ] && [ -f "$TASK_OUT.1" ]; then
			line="worker 0: $(cat "$TASK_OUT.0"); worker 1: $(cat "$TASK_OUT.1") (count seconds failed_task_calls)"
			value=$(cat "$TASK_OUT.0" "$TASK_OUT.1" | awk '{ r += ($2 > 0) ? $1 / $2 : 0; f += $3 } END { printf "%.1f", r }')
			local failed
			failed=$(cat "$TASK_OUT.0" "$TASK_OUT.1" | awk '{ f += $3 } END { print f + 0 }')
			[ "$failed" != 0 ] && errors="task() returned false $failed times"
		else
			line="no count from both workers within $((limit / 10)) s (files: $(ls "$(dirname "$TASK_OUT")" | paste -sd ' ' -))"
		fi
	fi
	if [ -n "$SERVER_PID" ]; then
		kill -TERM "$SERVER_PID" 2>/dev/null
		for ((i = 0; i < STOP_GRACE * 10; i++)); do
			group_alive "$SERVER_PID" || break
			sleep 0.1
		done
	fi
	stop_server

	if [ $rc -ne 0 ] || [ -z "${value:-}" ]; then
		value=fail
		NOTES+=("$id run $run failed: $line. Server log ($logfile): $(tail -c 600 "$logfile" 2>/dev/null | tr '\n|' ' /')")
	fi
	VALS["$id|$side"]+="$value "
	RAW+=("| $id | $run | $side | $kind | $value | $unit | ${errors:-} | \`${line//|//}\` |")
	log "$id run $run $kind: $value $unit ${errors:-}"
	return $rc
}

# ---- statistics --------------------------------------------------------------

# stats VALUES...: prints "median min max count" of the numeric values, or nothing
stats() {
	printf '%s\n' "$@" | grep -E '^[0-9.]+$' | sort -g | awk '
		{ v[NR] = $1 }
		END {
			if (NR == 0) exit
			m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%s %s %s %d\n", m, v[1], v[NR], NR
		}'
}

fmt() { awk -v x="$1" 'BEGIN { if (x >= 1000) printf "%.0f", x; else if (x >= 10) printf "%.1f", x; else printf "%.3f", x }'; }

# cell VALUES...: "median (min-max, n=N)" for a table cell
cell() {
	local s
	s=$(stats "$@")
	[ -n "$s" ] || { echo "failed"; return; }
	set -- $s
	local spread
	spread=$(awk -v m="$1" -v lo="$2" -v hi="$3" 'BEGIN { printf "%.0f", (m > 0) ? (hi - lo) / m * 100 : 0 }')
	echo "$(fmt "$1") ($(fmt "$2")-$(fmt "$3"), ${spread}%, n=$4)"
}

median() { stats "$@" | awk '{ print $1 }'; }

target() {
	case "$1|$2" in
	H1\|process) echo ">= 0.70" ;; H1\|base) echo ">= 1.00" ;;
	E1\|process) echo ">= 0.80" ;; E1\|base) echo ">= 0.97" ;;
	E2\|process) echo ">= 0.75" ;; E2\|base) echo ">= 0.95" ;;
	M1\|process) echo "<= 0.5" ;;
	R1\|process) echo ">= 1400" ;;
	*) echo "-" ;;
	esac
}

# ---- main --------------------------------------------------------------------

mkdir -p "$OUT" "$LOGS"
TMP=$(mktemp -d /tmp/swoole-bench.XXXXXX)
chmod 755 "$TMP"

log "building floor_echo, echo_client, idle_client and fork_floor"
gcc -O2 -Wall -o "$OUT/floor_echo" "$BENCH/floor_echo.c" || exit 1
gcc -O2 -Wall -o "$OUT/echo_client" "$BENCH/echo_client.c" || exit 1
gcc -O2 -Wall -o "$OUT/idle_client" "$BENCH/idle_client.c" || exit 1
gcc -O2 -Wall -o "$OUT/fork_floor" "$BENCH/fork_floor.c" || exit 1

# M1 and the 10,000-connection steps of bench/scaling.sh need descriptors: the
# servers and clients started from here inherit the raised limit.
ulimit -n "$(ulimit -Hn)" 2>/dev/null
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((M1_CONNS + 1024)) ]; then
	NOTES+=("descriptor limit $(ulimit -n) is below M1_CONNS + 1024: M1 and runs with many connections may fail")
fi

# Which candidates can run?
CANDIDATE=""      # empty when the extension is usable
HTTP_CANDIDATE="Swoole\\Http\\Server not available"
if [ ! -f "$SO" ]; then
	CANDIDATE="modules/swoole.so does not exist (extension not built): reference only"
elif ! "$PHP" -d "extension=$SO" -r 'exit(class_exists("Swoole\\Server") ? 0 : 1);' >/dev/null 2>&1; then
	CANDIDATE="modules/swoole.so does not load or has no Swoole\\Server: reference only"
fi
if [ -z "$CANDIDATE" ] && [ -f "$BENCH/http_server.php" ] &&
	"$PHP" -d "extension=$SO" -r 'exit(class_exists("Swoole\\Http\\Server") ? 0 : 1);' >/dev/null 2>&1; then
	HTTP_CANDIDATE=""
fi
for mode in $MODES; do
	if [ -z "$CANDIDATE" ] && [ "$mode" = base ] &&
		! "$PHP" -d "extension=$SO" -r 'exit(defined("SWOOLE_BASE") ? 0 : 1);' >/dev/null 2>&1; then
		NOTES+=("SWOOLE_BASE is not defined by the extension: base mode runs will fail")
	fi
done
[ -n "$CANDIDATE" ] && { log "$CANDIDATE"; NOTES+=("$CANDIDATE"); }

T0=$(date +%s)
LOAD0=$(cut -d" " -f1-3 /proc/loadavg)
for id in $WORKLOADS; do
	case $id in
	H1 | H2) ref=nginx; cand_prefix=http; cand_reason=${HTTP_CANDIDATE:-$CANDIDATE} ;;
	E1 | E2) ref=floor; cand_prefix=swoole; cand_reason=$CANDIDATE ;;
	E3) ref=floor; cand_prefix=length; cand_reason=$CANDIDATE ;;
	M1) ref=floor; cand_prefix=swoole; cand_reason=$CANDIDATE ;;
	R1)
		# an absolute target, SWOOLE_PROCESS only, whatever MODES says; fork_floor
		# alternates with it to show what fork + exit alone allow on this machine
		for ((run = 1; run <= RUNS; run++)); do
			run_fork_once "$run"
			[ -n "${HTTP_CANDIDATE:-$CANDIDATE}" ] && continue
			[ -n "${dead_r1:-}" ] && continue
			run_once R1 process churn-process "$run" || dead_r1=1
		done
		continue ;;
	T1)
		# no reference: RUNS runs of the candidate alone (SWOOLE_PROCESS only)
		[ -n "$CANDIDATE" ] && continue
		for ((run = 1; run <= RUNS; run++)); do
			run_task_once "$run" || break
		done
		continue ;;
	*) log "unknown workload $id (known: H1 H2 E1 E2 E3 T1 M1 R1)"; continue ;;
	esac
	declare -A dead=()
	for ((run = 1; run <= RUNS; run++)); do
		run_once "$id" ref "$ref" "$run"
		[ -n "$cand_reason" ] && continue
		for mode in $MODES; do
			# a candidate that failed to start is not retried for this workload
			[ -n "${dead[$mode]:-}" ] && continue
			run_once "$id" "$mode" "$cand_prefix-$mode" "$run" || dead[$mode]=1
		done
	done
	unset dead
done
ELAPSED=$(($(date +%s) - T0))
LOAD1=$(cut -d" " -f1-3 /proc/loadavg)

# ---- RESULTS.md --------------------------------------------------------------

commit=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null) || commit=""
if [ -z "$commit" ]; then
	commit="uncommitted"
elif ! git -C "$REPO" diff-index --quiet HEAD -- . ':!bench/RESULTS.md' ':!bench/SCALING.md' 2>/dev/null; then
	# (the result files themselves do not count: they are what is being written)
	commit="$commit (with uncommitted changes)"
fi
cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
so_info="not built"
[ -f "$SO" ] && so_info="modules/swoole.so, built $(date -r "$SO" '+%Y-%m-%d %H:%M:%S')"

tmp_results=$(mktemp "$TMP/results.XXXXXX")
{
	echo "# Benchmark results"
	echo
	echo "Written by \`bench/run.sh\`; targets and method in shared/BENCH.md."
	echo
	echo "- Date: $(date '+%Y-%m-%d %H:%M:%S %Z')"
	echo "- Commit: $commit"
	echo "- Machine: $(nproc) CPUs ($cpu), Linux $(uname -r), Debian $(cat /etc/debian_version 2>/dev/null), PHP $("$PHP" -r 'echo PHP_VERSION;')"
	echo "- Runs: $RUNS x ${SECS} s per server, reference and candidate alternating, fresh server and port per run; echo runs add a ${WARMUP} s uncounted warm-up"
	echo "- Load: H1 \`wrk -t1 -c${CONNS:-100} -d${SECS}s\`; H2 the same with \`-s bench/pipeline.lua\` (10 pipelined requests per connection, responses counted); E1 \`echo_client -c ${CONNS:-100} -s 64\`; E2 \`echo_client -c ${CONNS:-50} -s 65536\` (MB/s of echoed bytes, 10^6 B); E3 \`echo_client --length -c ${CONNS:-100} -s 1024\` (frames/s, candidate \`echo_length_server.php\` with \`open_length_check\`); T1 \`task_server.php\`: 2 workers each keep 64 \`task()\` calls outstanding to 2 task workers (task_ipc_mode 1), round trips counted in-process over ${SECS} s after a ${WARMUP} s warm-up; M1 \`idle_client -c ${M1_CONNS}\` against the echo servers: (PSS with the connections held and accepted - PSS with none) / ${M1_CONNS}, PSS = Pss_Anon + Pss_Shmem summed over every server process (/proc/PID/smaps_rollup; the file-backed part is left out because its share moves with the other PHP processes on the machine, the total-PSS figure is in the raw table); R1 \`wrk -t1 -c50\` against the HTTP server with \`max_request => 1\` (every request ends its worker, the manager forks a new one), reference \`fork_floor ${FORK_FLOOR_ARGS[*]} -s ${WORKERS}\`: a C parent with 2 MiB written keeps ${WORKERS} children alive, each writes 50 pages and exits (what fork + exit alone allow; no design that forks per request can do more)"
	echo "- Processes: worker_num ${WORKERS} for the candidates, ${WORKERS} nginx workers, ${WORKERS} floor_echo processes"
	echo "- Candidate: $so_info; modes: $MODES"
	echo "- Wall time: ${ELAPSED} s"
	echo "- Load average (1/5/15 min): $LOAD0 before, $LOAD1 after (above ~0.5 before means other work shared the 2 CPUs)"
	echo
	echo "Cells: median (min-max, (max-min) as % of the median, successful runs). Ratio = candidate median / reference median."
	echo
	echo "| id | mode | metric | reference | reference median (spread) | candidate median (spread) | ratio | target | meets |"
	echo "|---|---|---|---|---|---|---|---|---|"
	for id in $WORKLOADS; do
		case $id in
		H1 | H2) ref=nginx metric=req/s reason=${HTTP_CANDIDATE:-$CANDIDATE} ;;
		E1) ref=floor_echo metric=msg/s reason=$CANDIDATE ;;
		E2) ref=floor_echo metric=MB/s reason=$CANDIDATE ;;
		E3) ref=floor_echo metric=msg/s reason=$CANDIDATE ;;
		M1) ref=floor_echo metric="KiB/idle conn" reason=$CANDIDATE ;;
		R1)
			reason=${HTTP_CANDIDATE:-$CANDIDATE}
			refcell=$(cell ${VALS["R1|ref"]:-})
			refmed=$(median ${VALS["R1|ref"]:-})
			if [ -n "$reason" ]; then
				echo "| R1 | PROCESS | req/s | fork_floor (forks/s) | $refcell | $reason | - | >= 1400 | - |"
			else
				candmed=$(median ${VALS["R1|process"]:-})
				ratio="-"
				[ -n "$candmed" ] && [ -n "$refmed" ] && ratio=$(awk -v c="$candmed" -v r="$refmed" 'BEGIN { printf "%.2f", (r > 0) ? c / r : 0 }')
				meets=$(awk -v x="${candmed:-0}" 'BEGIN { print (x + 0 >= 1400) ? "yes" : "no" }')
				echo "| R1 | PROCESS | req/s | fork_floor (forks/s) | $refcell | $(cell ${VALS["R1|process"]:-}) | $ratio | >= 1400 (absolute) | $meets |"
				[ -n "$SUMMARY_TSV" ] && printf 'R1\tprocess\t%s\t%s\t%s\n' "${refmed:--}" "${candmed:--}" "$ratio" >>"$SUMMARY_TSV"
			fi
			continue ;;
		T1)
			if [ -n "$CANDIDATE" ]; then
				echo "| T1 | PROCESS | tasks/s | none (task_ipc_mode 1) | - | $CANDIDATE | - | - | - |"
			else
				echo "| T1 | PROCESS | tasks/s | none (task_ipc_mode 1) | - | $(cell ${VALS["T1|process"]:-}) | - | - | - |"
			fi
			continue ;;
		*) continue ;;
		esac
		refcell=$(cell ${VALS["$id|ref"]:-})
		refmed=$(median ${VALS["$id|ref"]:-})
		for mode in $MODES; do
			MODE=$(tr a-z A-Z <<<"$mode")
			if [ -n "$reason" ]; then
				echo "| $id | $MODE | $metric | $ref | $refcell | $reason | - | $(target "$id" "$mode") | - |"
				continue
			fi
			candcell=$(cell ${VALS["$id|$mode"]:-})
			candmed=$(median ${VALS["$id|$mode"]:-})
			ratio="-" meets="-"
			if [ "$id" = M1 ]; then
				# an absolute bound on the candidate; the floor shows what the kernel-only minimum looks like
				t=$(target "$id" "$mode")
				[ -n "$candmed" ] && [ "$t" != "-" ] && meets=$(awk -v x="$candmed" -v t="${t#<= }" 'BEGIN { print (x + 0 <= t + 0) ? "yes" : "no" }')
			elif [ -n "$candmed" ] && [ -n "$refmed" ]; then
				ratio=$(awk -v c="$candmed" -v r="$refmed" 'BEGIN { printf "%.2f", (r > 0) ? c / r : 0 }')
				t=$(target "$id" "$mode")
				[ "$t" != "-" ] && meets=$(awk -v x="$ratio" -v t="${t#>= }" 'BEGIN { print (x + 0 >= t + 0) ? "yes" : "no" }')
			fi
			echo "| $id | $MODE | $metric | $ref | $refcell | $candcell | $ratio | $(target "$id" "$mode") | $meets |"
			[ -n "$SUMMARY_TSV" ] && printf '%s\t%s\t%s\t%s\t%s\n' "$id" "$mode" "${refmed:--}" "${candmed:--}" "$ratio" >>"$SUMMARY_TSV"
		done
	done
	case " $MODES " in
	*" base "*) ;;
	*) NOTES+=("BASE mode: not measured (H1, H2, E1, E2 in SWOOLE_BASE): the server has no SWOOLE_BASE mode yet (issue 6)") ;;
	esac
	for mode in $MODES; do
		h1=$(median ${VALS["H1|$mode"]:-})
		h2=$(median ${VALS["H2|$mode"]:-})
		if [ -n "$h1" ] && [ -n "$h2" ]; then
			MODE=$(tr a-z A-Z <<<"$mode")
			NOTES+=("$MODE: H2 / H1 per request = $(awk -v a="$h2" -v b="$h1" 'BEGIN { printf "%.2f", a / b }') (pipelining must be at least as fast per request: >= 1.00)")
		fi
	done
	if [ ${#NOTES[@]} -gt 0 ]; then
		echo
		echo "## Notes"
		echo
		for n in "${NOTES[@]}"; do echo "- $n"; done
	fi
	echo
	echo "<details><summary>Raw runs (in the order they ran)</summary>"
	echo
	echo "| id | run | side | server | value | unit | errors | output |"
	echo "|---|---|---|---|---|---|---|---|"
	for r in "${RAW[@]}"; do echo "$r"; done
	echo
	echo "</details>"
	# Sections measured by other scripts (bench/task_modes.sh, ...) follow this marker and are kept.
	if [ -f "$RESULTS" ] && grep -q '^<!-- kept by run.sh -->$' "$RESULTS"; then
		echo
		sed -n '/^<!-- kept by run.sh -->$/,$p' "$RESULTS"
	fi
} >"$tmp_results"
mv "$tmp_results" "$RESULTS"
chmod 644 "$RESULTS"
log "wrote $RESULTS (${ELAPSED} s of runs)"
