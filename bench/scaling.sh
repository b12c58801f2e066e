#!/usr/bin/env bash
# bench/scaling.sh: how the cost grows (issue 11). E1 (TCP echo, 64 B) and H1
# (HTTP hello world) at 10, 100, 1,000 and 10,000 connections with worker_num 2,
# and at 100 connections with worker_num 1, 2, 4 and 8, in SWOOLE_PROCESS and
# SWOOLE_BASE, each step against its reference (floor_echo / nginx with as many
# processes as the candidate has workers). Every step is one bench/run.sh call
# (alternating runs, fresh server and port per run); the table goes to
# bench/SCALING.md, each step's full run.sh report to bench/out/scaling/.
#
# Environment: RUNS=3 SECS=3 (per step and server), CONN_STEPS="10 100 1000 10000",
# WORKER_STEPS="1 2 4 8", MODES="process base", OUTPUT=bench/SCALING.md, and
# whatever run.sh takes (PHP, NGINX, WRK, SWOOLE_SO).

set -u

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH/.." && pwd)
export RUNS=${RUNS:-3}
export SECS=${SECS:-3}
export MODES=${MODES:-"process base"}
CONN_STEPS=${CONN_STEPS:-"10 100 1000 10000"}
WORKER_STEPS=${WORKER_STEPS:-"1 2 4 8"}
OUTPUT=${OUTPUT:-$BENCH/SCALING.md}
STEPDIR=$BENCH/out/scaling
TSV=$STEPDIR/summary.tsv

log() { printf '[scaling] %s\n' "$*" >&2; }

mkdir -p "$STEPDIR"
: >"$TSV"

# step CONNS WORKERS: one run.sh call; its summary lines get "CONNS WORKERS" in front
step() {
	local conns=$1 workers=$2 warmup=0.5 secs=$SECS tmp
	# 10,000 connections take seconds to open (the accept queues are 512 long):
	# the echo client does not count its first 3 s, and since wrk counts from its
	# first connect, its runs last at least 8 s so that the connect storm is a
	# small part of them.
	if [ "$conns" -ge 5000 ]; then
		warmup=3
		[ "$secs" -lt 8 ] && secs=8
	fi
	tmp=$(mktemp "$STEPDIR/step.XXXXXX")
	log "E1 H1 with $conns connections, worker_num $workers"
	SECS=$secs CONNS=$conns WORKERS=$workers WARMUP=$warmup WORKLOADS="E1 H1" \
		RESULTS="$STEPDIR/c${conns}-w${workers}.md" SUMMARY_TSV="$tmp" bash "$BENCH/run.sh"
	awk -v c="$conns" -v w="$workers" '{ print c "\t" w "\t" $0 }' "$tmp" >>"$TSV"
	rm -f "$tmp"
}

T0=$(date +%s)
LOAD0=$(cut -d" " -f1-3 /proc/loadavg)
for c in $CONN_STEPS; do
	step "$c" 2
done
for w in $WORKER_STEPS; do
	# worker_num 2 at 100 connections is already a step of the first series
	case " $CONN_STEPS " in *" 100 "*) [ "$w" = 2 ] && continue ;; esac
	step 100 "$w"
done
ELAPSED=$(($(date +%s) - T0))
LOAD1=$(cut -d" " -f1-3 /proc/loadavg)

commit=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null) || commit=uncommitted
git -C "$REPO" diff-index --quiet HEAD -- . ':!bench/RESULTS.md' ':!bench/SCALING.md' 2>/dev/null ||
	commit="$commit (with uncommitted changes)"

# table SERIES: rows of one series (conns: worker_num 2, varying connections;
# workers: 100 connections, varying worker_num)
table() {
	local series=$1
	echo "| workload | connections | worker_num | reference | reference median | PROCESS | ratio | BASE | ratio |"
	echo "|---|---|---|---|---|---|---|---|---|"
	awk -F'\t' -v series="$series" '
		function fmt(x) { return (x == "-" || x == "") ? "-" : (x >= 1000 ? sprintf("%.0f", x) : sprintf("%.1f", x)) }
		(series == "conns" && $2 == 2) || (series == "workers" && $1 == 100) {
			key = $3 SUBSEP $1 SUBSEP $2
			if (!(key in seen)) { seen[key] = 1; order[++n] = key }
			ref[key] = $5; cand[key, $4] = $6; ratio[key, $4] = $7
		}
		END {
			for (i = 1; i <= n; i++) {
				split(order[i], k, SUBSEP)
				r = (k[1] == "E1") ? "floor_echo" : "nginx"
				unit = (k[1] == "E1") ? " msg/s" : " req/s"
				printf "| %s | %s | %s | %s | %s%s | %s | %s | %s | %s |\n", k[1], k[2], k[3], r, fmt(ref[order[i]]), unit,
					fmt(cand[order[i], "process"]), ratio[order[i], "process"] == "" ? "-" : ratio[order[i], "process"],
					fmt(cand[order[i], "base"]), ratio[order[i], "base"] == "" ? "-" : ratio[order[i], "base"]
			}
		}' "$TSV" | sort -t'|' -k2,2 -k3,3n -k4,4n
}

{
	echo "# Scaling: E1 and H1 by connections and by worker_num"
	echo
	echo "Written by \`bench/scaling.sh\` (issue 11: how cost grows; no step may fall off a cliff)."
	echo
	echo "- Date: $(date '+%Y-%m-%d %H:%M:%S %Z'), commit $commit"
	echo "- Machine: $(nproc) CPUs, Linux $(uname -r), PHP $(php -r 'echo PHP_VERSION;' 2>/dev/null)"
	echo "- Each step: one \`bench/run.sh\` call, $RUNS x ${SECS} s per server, reference and candidates alternating; medians. E1 = \`echo_client -s 64 -c CONNS\` (0.5 s uncounted warm-up, 3 s with 10,000 connections); H1 = \`wrk -t1 -c CONNS\`. Steps with 10,000 connections last at least 8 s per run (wrk counts from its first connect). References run as many processes as the candidate has workers (nginx \`worker_processes\`, floor_echo NPROC)."
	echo "- Wall time: ${ELAPSED} s; load average (1/5/15 min): $LOAD0 before, $LOAD1 after"
	echo "- Per-step reports with every single run: bench/out/scaling/ (not committed)"
	echo
	echo "## By connections (worker_num 2)"
	echo
	table conns
	echo
	echo "## By worker_num (100 connections)"
	echo
	table workers
	echo
	if [ -f "$OUTPUT" ] && grep -q '^<!-- kept by scaling.sh -->$' "$OUTPUT"; then
		sed -n '/^<!-- kept by scaling.sh -->$/,$p' "$OUTPUT"
	else
		echo "<!-- kept by scaling.sh -->"
		echo "## Reading the table"
		echo
		echo "(explanations of the shape are written here by hand and kept when the table is rewritten)"
	fi
} >"$OUTPUT.tmp"
mv "$OUTPUT.tmp" "$OUTPUT"
log "wrote $OUTPUT (${ELAPSED} s)"
