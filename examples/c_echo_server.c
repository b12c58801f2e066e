/*
 * An echo server written against the C core alone, without PHP: the same
 * process model (master, reactor threads, manager, workers) that
 * Swoole\Server drives. Build it with `make -C examples` and run
 * `examples/c_echo_server [host [port [worker_num]]]` (127.0.0.1 9501 2 by
 * default; port 0 picks a free one). NODELAY=1 in the environment turns on
 * TCP_NODELAY. SIGTERM stops it.
 */
#include "sw_server.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void on_start(sw_server_t *serv)
{
	printf("echo server: master %d listening on port %d\n", (int) getpid(), sw_server_listener_port(serv, 0));
	fflush(stdout);
}

static void on_receive(sw_server_t *serv, sw_session_id_t session_id, int reactor_id, const char *data, size_t len)
{
	(void) reactor_id;
	if (sw_server_send(serv, session_id, data, len) != SW_OK) {
		fprintf(stderr, "send to %u failed: %s\n", session_id, sw_strerror(sw_error_get()));
	}
}

static void on_worker_error(sw_server_t *serv, int worker_id, pid_t pid, int exit_code, int signo)
{
	(void) serv;
	fprintf(stderr, "worker %d (pid %d) ended: code %d, signal %d\n", worker_id, (int) pid, exit_code, signo);
}

int main(int argc, char **argv)
{
	const char *host = argc > 1 ? argv[1] : "127.0.0.1";
	int port = argc > 2 ? atoi(argv[2]) : 9501;
	sw_server_t *serv = sw_server_new(SW_MODE_PROCESS);
	sw_server_callbacks_t *cb;
	char err[256];
	int rc, code;

	if (serv == NULL) {
		return 1;
	}
	sw_server_config(serv)->worker_num = argc > 3 ? (uint32_t) atoi(argv[3]) : 2;
	sw_server_config(serv)->open_tcp_nodelay = getenv("NODELAY") != NULL;
	if (sw_server_add_listener(serv, host, port, SW_SOCK_TCP, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	cb = sw_server_callbacks(serv);
	cb->on_start = on_start;
	cb->on_receive = on_receive;
	cb->on_worker_error = on_worker_error;
	rc = sw_server_start(serv);
	code = sw_server_role(serv) == SW_ROLE_MASTER ? (rc == SW_OK ? 0 : 1) : sw_server_exit_code(serv);
	sw_server_free(serv);
	return code;
}
