#!/usr/bin/env bash
# Two instances of an example application behind nginx, a rolling restart of
# one instance at a time, and wrk sending requests through it all.
#
#   bash bench/lb_rolling_restart.sh [-d SECONDS] [-c CONNECTIONS] [-m GET|POST]
#                                    [-a http|laravel] [-r ROUNDS] [-k]
#
#   -d  how long wrk runs at least (default 20); the restarts start after 2 s,
#       and wrk is stopped (SIGINT: it still reports) 2 s after the last one
#       once that much time has passed
#   -c  wrk connections (default 16, over 2 threads)
#   -m  GET (nginx may retry it on the other instance) or POST (never retried
#       once sent: only the server's graceful stop keeps it from failing)
#   -a  http: examples/http_server.php (default); laravel: examples/laravel-style
#   -r  rolling restarts, each of both instances (default 1)
#   -k  keep the temp directory (configs, logs) and say where it is
#
# nginx (Debian's /usr/sbin/nginx) runs in the foreground with its own prefix
# and config in a temp directory, on free 127.0.0.1 ports; nothing outside
# that directory is touched. Every process started here is stopped by pid.
# Prints the figures and a last line "lb: PASS ..." or "lb: FAIL ..."; exits 0
# only when every request sent was answered with a 2xx (those still in flight
# when wrk stopped excepted) and every restart completed.
#
# Environment: PHP (php), NGINX (/usr/sbin/nginx), WRK (wrk), SWOOLE_EXT
# (modules/swoole.so of this checkout).
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PHP=${PHP:-php}
NGINX=${NGINX:-/usr/sbin/nginx}
WRK=${WRK:-wrk}
EXT=${SWOOLE_EXT:-$REPO/modules/swoole.so}

duration=20
conns=16
method=GET
app=http
rounds=1
keep=0
while getopts "d:c:m:a:r:k" opt; do
	case $opt in
	d) duration=$OPTARG ;;
	c) conns=$OPTARG ;;
	m) method=$OPTARG ;;
	a) app=$OPTARG ;;
	r) rounds=$OPTARG ;;
	k) keep=1 ;;
	*) echo "usage: $0 [-d SECONDS] [-c CONNECTIONS] [-m GET|POST] [-a http|laravel] [-r ROUNDS] [-k]" >&2; exit 2 ;;
	esac
done

for tool in "$PHP" "$NGINX" "$WRK" curl; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "lb: SKIP $tool not found (tools/setup.sh installs nginx-light, wrk and curl)"
		exit 3
	fi
done
[ -f "$EXT" ] || { echo "lb: FAIL $EXT not found: build with tools/setup.sh"; exit 1; }

TMP="$(mktemp -d "${TMPDIR:-/tmp}/swoole-lb.XXXXXX")"
pids=()

cleanup() {
	local p
	for p in "${pids[@]+"${pids[@]}"}"; do
		kill -TERM "$p" 2>/dev/null
	done
	sleep 0.2
	for p in "${pids[@]+"${pids[@]}"}"; do
		kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	if [ "$keep" -eq 1 ]; then
		echo "lb: logs and configs kept in $TMP"
	else
		rm -rf "$TMP"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() {
	date +%s%3N
}

# three distinct free ports: each is bound on port 0 and held until all are known
read -r nginx_port port_a port_b < <("$PHP" -n -r '
	$s = [];
	for ($i = 0; $i < 3; $i++) {
		$s[] = stream_socket_server("tcp://127.0.0.1:0");
	}
	echo implode(" ", array_map(fn($x) => explode(":", stream_socket_get_name($x, false))[1], $s)), "\n";')
[ -n "${port_b:-}" ] || { echo "lb: FAIL could not find free ports"; exit 1; }

case $app in
http)
	app_argv=("$PHP" -n -d "extension=$EXT" "$REPO/examples/http_server.php")
	;;
laravel)
	extdir="$("$PHP" -n -r 'echo ini_get("extension_dir");')"
	app_argv=("$PHP" -n -d "extension=$EXT" -d "extension=$extdir/mbstring.so" -d "extension=$extdir/ctype.so"
		"$REPO/examples/laravel-style/server.php")
	;;
*)
	echo "lb: unknown application $app" >&2
	exit 2
	;;
esac
if [ "$method" = POST ]; then
	path=/form
	body='a=1&b=two'
else
	[ "$app" = http ] && path='/?name=lb' || path='/'
	body=
fi

# instance_start NAME PORT: starts an instance, sets inst_pid; its log is $TMP/NAME.log
instance_start() {
	"${app_argv[@]}" "$2" >>"$TMP/$1.log" 2>&1 &
	inst_pid=$!
	pids+=("$inst_pid")
}

# wait_answering PORT SECONDS: until GET / gives a 2xx directly from the instance
wait_answering() {
	local deadline=$(($(date +%s) + $2)) code
	while [ "$(date +%s)" -lt "$deadline" ]; do
		code="$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$1/" 2>/dev/null)"
		case $code in 2??) return 0 ;; esac
		sleep 0.05
	done
	return 1
}

# wait_exit PID SECONDS: until the process is gone (it is our child: reaped here)
wait_exit() {
	local deadline=$(($(date +%s) + $2))
	while kill -0 "$1" 2>/dev/null; do
		if [ "$(date +%s)" -ge "$deadline" ]; then
			return 1
		fi
		# a zombie still answers kill -0: reap it when it is one
		if [ "$(ps -o stat= -p "$1" 2>/dev/null | cut -c1)" = Z ]; then
			break
		fi
		sleep 0.02
	done
	wait "$1" 2>/dev/null
	inst_status=$?
	return 0
}

mkdir -p "$TMP/nginx"
cat >"$TMP/nginx/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes 1;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;

events {
	worker_connections 1024;
}

http {
	client_body_temp_path $TMP/nginx/body;
	proxy_temp_path $TMP/nginx/proxy;
	fastcgi_temp_path $TMP/nginx/fastcgi;
	uwsgi_temp_path $TMP/nginx/uwsgi;
	scgi_temp_path $TMP/nginx/scgi;
	keepalive_requests 1000000;

	# only requests that needed a second instance are logged
	log_format lb '\$upstream_addr \$upstream_status \$status';
	map \$upstream_addr \$lb_retried {
		"~,"    1;
		default 0;
	}
	access_log $TMP/nginx/retried.log lb if=\$lb_retried;

	upstream app {
		server 127.0.0.1:$port_a max_fails=1 fail_timeout=2s;
		server 127.0.0.1:$port_b max_fails=1 fail_timeout=2s;
		keepalive 32;
	}

	server {
		listen 127.0.0.1:$nginx_port;

		location / {
			proxy_pass http://app;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_set_header Host \$host;
			proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
			proxy_connect_timeout 1s;
			proxy_read_timeout 10s;
			proxy_next_upstream error timeout http_502 http_503 http_504;
			proxy_next_upstream_tries 2;
		}
	}
}
EOF

instance_start a "$port_a"
pid_a=$inst_pid
instance_start b "$port_b"
pid_b=$inst_pid
"$NGINX" -p "$TMP/nginx/" -e "$TMP/nginx/error.log" -c "$TMP/nginx/nginx.conf" >"$TMP/nginx/stdout.log" 2>&1 &
pids+=("$!")

for port in "$port_a" "$port_b" "$nginx_port"; do
	if ! wait_answering "$port" 30; then
		echo "lb: FAIL 127.0.0.1:$port does not answer after 30 s"
		tail -n 20 "$TMP"/a.log "$TMP"/b.log "$TMP/nginx/error.log" 2>/dev/null
		exit 1
	fi
done
echo "lb: nginx 127.0.0.1:$nginx_port -> instances 127.0.0.1:$port_a (pid $pid_a), 127.0.0.1:$port_b (pid $pid_b); app $app, $method $path"

# wrk's own limit is only a backstop: it is stopped with SIGINT below
LB_METHOD=$method LB_PATH=$path LB_BODY=$body "$WRK" -t 2 -c "$conns" -d "$((duration + 300))s" --timeout 10s \
	-s "$REPO/bench/lb_rolling_restart.lua" "http://127.0.0.1:$nginx_port" >"$TMP/wrk.out" 2>"$TMP/wrk.err" &
wrk_pid=$!
pids+=("$wrk_pid")
wrk_start=$(now_ms)

sleep 2
restart_failed=0
restarts=0
for ((round = 1; round <= rounds; round++)); do
	for name in a b; do
		if [ $name = a ]; then pid=$pid_a port=$port_a; else pid=$pid_b port=$port_b; fi
		t0=$(now_ms)
		kill -TERM "$pid"
		if ! wait_exit "$pid" 30; then
			echo "lb: instance $name (pid $pid) did not exit within 30 s of SIGTERM"
			restart_failed=1
			break 2
		fi
		t1=$(now_ms)
		instance_start $name "$port"
		if ! wait_answering "$port" 30; then
			echo "lb: instance $name did not answer on port $port within 30 s of its restart"
			restart_failed=1
			break 2
		fi
		t2=$(now_ms)
		if [ $name = a ]; then pid_a=$inst_pid; else pid_b=$inst_pid; fi
		restarts=$((restarts + 1))
		echo "lb: round $round instance $name: SIGTERM to exit $((t1 - t0)) ms (exit status $inst_status), start to answering $((t2 - t1)) ms, at t=$(((t2 - wrk_start) / 1000)) s"
		[ "$inst_status" -eq 0 ] || restart_failed=1
		# let nginx's fail_timeout pass so the restarted instance is back in rotation
		sleep 2.5
	done
done
sleep 2
while [ $(($(now_ms) - wrk_start)) -lt $((duration * 1000)) ]; do
	sleep 0.2
done
kill -INT "$wrk_pid" 2>/dev/null
wait "$wrk_pid"
wrk_rc=$?
wrk_end=$(now_ms)

line="$(grep '^lb-wrk:' "$TMP/wrk.out" || true)"
if [ "$wrk_rc" -ne 0 ] || [ -z "$line" ]; then
	echo "lb: FAIL wrk did not complete (exit $wrk_rc)"
	cat "$TMP/wrk.out" "$TMP/wrk.err"
	exit 1
fi
grep -E 'Requests/sec|Latency' "$TMP/wrk.out" | sed 's/^ */lb: wrk /'
cat "$TMP/wrk.err" | head -n 5
read -r sent answered ok non2xx e_connect e_read e_write e_timeout p99 maxms < <(
	awk '{print $3, $5, $7, $9, $11, $13, $15, $17, $19, $21}' <<<"$line")
errors=$((e_connect + e_read + e_write + e_timeout))
failed=$((non2xx + errors))
inflight=$((sent - answered - errors))
retried=$(wc -l <"$TMP/nginx/retried.log" 2>/dev/null || echo 0)
upstream_errors=$(grep -c -E 'upstream|connect\(\) failed' "$TMP/nginx/error.log" 2>/dev/null || true)

echo "lb: requests sent $sent, answered $answered (2xx $ok), failed $failed (non-2xx $non2xx, socket errors connect $e_connect read $e_read write $e_write timeout $e_timeout), cut by the end of the run $inflight"
echo "lb: p99 ${p99} ms, max ${maxms} ms; $((answered * 1000 / (wrk_end - wrk_start))) req/s over $(((wrk_end - wrk_start) / 1000)) s; restarts $restarts"
echo "lb: nginx: $retried requests answered by the second instance tried, $upstream_errors upstream errors logged"
if [ "$upstream_errors" -gt 0 ]; then
	grep -E 'upstream|connect\(\) failed' "$TMP/nginx/error.log" | sed -E 's/^[0-9\/]+ [0-9:]+ \[[a-z]+\] [0-9#]+: \*[0-9]+ //; s/, client:.*//' \
		| sort | uniq -c | sort -rn | head -n 5 | sed 's/^/lb:   /'
fi

# wrk may have written the next request of a connection when it is stopped: at most about two per connection
if [ "$restart_failed" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$answered" -gt 0 ] && [ "$inflight" -le $((2 * conns)) ]; then
	echo "lb: PASS $answered requests answered, 0 failed, $restarts graceful restarts"
	exit 0
fi
echo "lb: FAIL failed $failed, restarts $restarts (restart problem: $restart_failed), cut $inflight"
for f in a b; do
	echo "--- $f.log (last 10 lines)"
	tail -n 10 "$TMP/$f.log"
done
exit 1
