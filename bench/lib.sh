# bench/lib.sh: helpers shared by the bench scripts that start one server at a
# time (soak.sh, chaos.sh, cost.sh). Source it; the caller keeps the server's
# pid (the leader of its own session, started with setsid) in SERVER_PID.

# free_port: a TCP port nothing on this machine uses, printed
free_port() {
	local p i
	for ((i = 0; i < 200; i++)); do
		p=$((20000 + RANDOM % 30000))
		if [ -z "$(ss -Htan "( sport = :$p or dport = :$p )" 2>/dev/null)" ]; then
			echo "$p"
			return 0
		fi
	done
	return 1
}

# wait_port PORT: until something listens on PORT (10 s), or the server died
wait_port() {
	local port=$1 i
	for ((i = 0; i < 100; i++)); do
		ss -Htln "( sport = :$port )" 2>/dev/null | grep -q . && return 0
		kill -0 "$SERVER_PID" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# stop_server: CONT to the whole group (nothing may stay stopped), TERM to the
# master, then after 10 s KILL to its process group
stop_server() {
	local i
	[ -n "${SERVER_PID:-}" ] || return 0
	kill -CONT -- "-$SERVER_PID" 2>/dev/null
	kill -TERM "$SERVER_PID" 2>/dev/null
	for ((i = 0; i < 100; i++)); do
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL -- "-$SERVER_PID" 2>/dev/null
	wait "$SERVER_PID" 2>/dev/null
	SERVER_PID=
}
