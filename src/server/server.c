/*
 * Server object: configuration, listeners, start and the accessors the
 * binding uses.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "server_internal.h"
#include "sw_log.h"
#include "sw_process.h"
#include "sw_signal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static void free_cmd_pipes(sw_server_t *serv);

/* Upper bound on the connection table (indexed by descriptor). */
#define SW_CONN_TABLE_MAX (1u << 22)

/* Default max_connection: the descriptor limit, within the built-in default. */
static uint32_t default_max_connection(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur > 64 &&
			rl.rlim_cur - 64 < SW_DEFAULT_MAX_CONNECTION) {
		return (uint32_t) (rl.rlim_cur - 64);
	}
	return SW_DEFAULT_MAX_CONNECTION;
}

static uint32_t cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (uint32_t) n : 1;
}

sw_server_t *sw_server_new(sw_server_mode_t mode)
{
	sw_server_t *serv = calloc(1, sizeof(sw_server_t));
	sw_server_config_t *c;

	if (serv == NULL) {
		sw_error_set(SW_ERROR_MALLOC_FAIL);
		return NULL;
	}
	serv->mode = mode;
	serv->role = SW_ROLE_MASTER;
	serv->worker_id = -1;
	c = &serv->config;
	c->worker_num = cpu_count();
	c->reactor_num = cpu_count();
	c->dispatch_mode = SW_DISPATCH_FDMOD;
	c->backlog = SW_DEFAULT_BACKLOG;
	c->max_connection = default_max_connection();
	c->log_level = SW_LOG_INFO;
	c->max_wait_time = SW_DEFAULT_MAX_WAIT_TIME;
	c->buffer_output_size = SW_DEFAULT_BUFFER_OUTPUT_SIZE;
	c->package_max_length = SW_DEFAULT_PACKAGE_MAX_LENGTH;
	c->max_request_grace = -1;
	c->reload_concurrency = 1;
	c->socket_buffer_size = SW_DEFAULT_SOCKET_BUFFER_SIZE;
	c->task_ipc_mode = 1;
	c->ipc_mode = 1;
	serv->task_queue.id = -1;
	serv->worker_queue.id = -1;
	c->frame.mode = SW_FRAME_NONE;
	c->http_max_header_size = SW_HTTP_DEFAULT_HEADER_SIZE;
	c->http_header_timeout = SW_HTTP_DEFAULT_HEADER_TIMEOUT;
	return serv;
}

static void free_channels(sw_server_t *serv)
{
	uint32_t i, n = serv->config.reactor_num * serv->config.worker_num;

	if (serv->channels == NULL) {
		return;
	}
	for (i = 0; i < n; i++) {
		if (serv->channels[i][0] >= 0) {
			close(serv->channels[i][0]);
		}
		if (serv->channels[i][1] >= 0) {
			close(serv->channels[i][1]);
		}
	}
	free(serv->channels);
	serv->channels = NULL;
}

static void unlink_unix_paths(sw_server_t *serv);

void sw_server_free(sw_server_t *serv)
{
	int i;

	if (serv == NULL) {
		return;
	}
	/* A server that never ran (or ran here) takes its socket files along; children leave them. */
	if (serv->role == SW_ROLE_MASTER) {
		unlink_unix_paths(serv);
	}
	for (i = 0; i < serv->listener_count; i++) {
		if (serv->listeners[i].src.fd >= 0) {
			close(serv->listeners[i].src.fd);
		}
	}
	free(serv->listeners);
	free_channels(serv);
	free_cmd_pipes(serv);
	sw_inboxes_free(serv);
	/* Children leave the mapping to the kernel: the master owns it. */
	if (serv->role == SW_ROLE_MASTER) {
		sw_shared_destroy(serv);
	}
	free(serv->conns);
	free(serv->config.log_file);
	free(serv->config.pid_file);
	free(serv->config.user);
	free(serv->config.group);
	free(serv->config.chroot);
	free(serv->config.task_tmpdir);
	sw_server_set_http_static(serv, NULL, NULL, 0, NULL, 0);
	free(serv);
}

sw_server_config_t *sw_server_config(sw_server_t *serv)
{
	return &serv->config;
}

sw_server_callbacks_t *sw_server_callbacks(sw_server_t *serv)
{
	return &serv->cb;
}

static void set_string(char **dst, const char *src)
{
	free(*dst);
	*dst = (src != NULL && src[0] != '\0') ? strdup(src) : NULL;
}

void sw_server_set_log_file(sw_server_t *serv, const char *path)
{
	set_string(&serv->config.log_file, path);
}

void sw_server_set_pid_file(sw_server_t *serv, const char *path)
{
	set_string(&serv->config.pid_file, path);
}

void sw_server_set_user(sw_server_t *serv, const char *user)
{
	set_string(&serv->config.user, user);
}

void sw_server_set_group(sw_server_t *serv, const char *group)
{
	set_string(&serv->config.group, group);
}

void sw_server_set_chroot(sw_server_t *serv, const char *path)
{
	set_string(&serv->config.chroot, path);
}

void sw_server_set_task_tmpdir(sw_server_t *serv, const char *path)
{
	set_string(&serv->config.task_tmpdir, path);
}

void sw_server_set_user_data(sw_server_t *serv, void *data)
{
	serv->user_data = data;
}

void *sw_server_user_data(sw_server_t *serv)
{
	return serv->user_data;
}

int sw_server_add_listener(sw_server_t *serv, const char *host, int port, sw_sock_type_t type, char *errbuf,
		size_t errlen)
{
	sw_listener_t *list, *l;
	int fd, family;

	if (serv->listener_count >= 255) {
		snprintf(errbuf, errlen, "too many listening ports (at most 255)");
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return SW_ERR;
	}
	switch (type) {
	case SW_SOCK_TCP:
	case SW_SOCK_TCP6:
		family = type == SW_SOCK_TCP6 ? AF_INET6 : AF_INET;
		fd = sw_socket_listen_tcp(host, port, family, serv->config.backlog, errbuf, errlen);
		break;
	case SW_SOCK_UDP:
	case SW_SOCK_UDP6:
		fd = sw_socket_bind_udp(host, port, type == SW_SOCK_UDP6 ? AF_INET6 : AF_INET, errbuf, errlen);
		break;
	case SW_SOCK_UNIX_STREAM:
	case SW_SOCK_UNIX_DGRAM:
		fd = sw_socket_bind_unix(host, type == SW_SOCK_UNIX_STREAM ? SOCK_STREAM : SOCK_DGRAM, serv->config.backlog,
				errbuf, errlen);
		break;
	default:
		snprintf(errbuf, errlen,
				"unknown socket type %d (SWOOLE_SOCK_TCP, TCP6, UDP, UDP6, UNIX_STREAM or UNIX_DGRAM)", (int) type);
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return SW_ERR;
	}
	if (fd < 0) {
		return SW_ERR;
	}
	list = realloc(serv->listeners, sizeof(sw_listener_t) * (size_t) (serv->listener_count + 1));
	if (list == NULL) {
		close(fd);
		snprintf(errbuf, errlen, "out of memory");
		sw_error_set(SW_ERROR_MALLOC_FAIL);
		return SW_ERR;
	}
	serv->listeners = list;
	l = &list[serv->listener_count];
	memset(l, 0, sizeof(*l));
	l->src.fd = fd;
	l->sock_fd = fd;
	l->type = type;
	l->dgram = type == SW_SOCK_UDP || type == SW_SOCK_UDP6 || type == SW_SOCK_UNIX_DGRAM;
	snprintf(l->host, sizeof(l->host), "%s", host);
	l->port = (type == SW_SOCK_UNIX_STREAM || type == SW_SOCK_UNIX_DGRAM) ? 0 : sw_socket_local_port(fd);
	return serv->listener_count++;
}

int sw_server_listener_set_frame(sw_server_t *serv, int index, const sw_frame_config_t *frame)
{
	if (index < 0 || index >= serv->listener_count) {
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return SW_ERR;
	}
	serv->listeners[index].frame = *frame;
	serv->listeners[index].own_frame = true;
	return SW_OK;
}

int sw_server_session_listener(sw_server_t *serv, sw_session_id_t session_id)
{
	const sw_session_t *s;

	if (serv->shm == NULL || (s = sw_session_find(serv, session_id)) == NULL) {
		return -1;
	}
	return s->listener;
}

/* TCP options of the listening sockets (accepted connections inherit them). */
void sw_server_apply_listen_options(sw_server_t *serv, sw_listener_t *l, int fd)
{
	sw_server_config_t *c = &serv->config;
	int v;

	if (l->type != SW_SOCK_TCP && l->type != SW_SOCK_TCP6) {
		return;
	}
	if (c->open_tcp_keepalive) {
		v = 1;
		if (setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &v, sizeof(v)) < 0 ||
				(c->tcp_keepidle && setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &c->tcp_keepidle, sizeof(int)) < 0) ||
				(c->tcp_keepinterval &&
						setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &c->tcp_keepinterval, sizeof(int)) < 0) ||
				(c->tcp_keepcount && setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &c->tcp_keepcount, sizeof(int)) < 0)) {
			sw_warn("open_tcp_keepalive on %s:%d: %s", l->host, l->port, strerror(errno));
		}
	}
	if (c->tcp_defer_accept && setsockopt(fd, IPPROTO_TCP, TCP_DEFER_ACCEPT, &c->tcp_defer_accept, sizeof(int)) < 0) {
		sw_warn("tcp_defer_accept on %s:%d: %s", l->host, l->port, strerror(errno));
	}
	if (c->tcp_fastopen && setsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN, &c->tcp_fastopen, sizeof(int)) < 0) {
		sw_warn("tcp_fastopen on %s:%d: %s", l->host, l->port, strerror(errno));
	}
}

bool sw_server_listener_is_dgram(sw_server_t *serv, int index)
{
	return index >= 0 && index < serv->listener_count && serv->listeners[index].dgram;
}

/* The socket files of the unix ports go with the server. */
static void unlink_unix_paths(sw_server_t *serv)
{
	int i;

	for (i = 0; i < serv->listener_count; i++) {
		sw_listener_t *l = &serv->listeners[i];

		if (l->type == SW_SOCK_UNIX_STREAM || l->type == SW_SOCK_UNIX_DGRAM) {
			unlink(l->host);
		}
	}
}

/*
 * enable_reuse_port: the listening socket is replaced by one with
 * SO_REUSEPORT that is bound but not listening: it holds the port and takes
 * no connections, while each worker listens on a socket of its own in the
 * same group, so the kernel spreads connections over the workers.
 */
static int make_reuseport_group(sw_listener_t *l)
{
	char err[256];
	int fd;

	close(l->src.fd);
	fd = sw_socket_listen_tcp_ex(l->host, l->port, l->type == SW_SOCK_TCP6 ? AF_INET6 : AF_INET, -1, true, err,
			sizeof(err));
	if (fd < 0) {
		l->src.fd = -1;
		sw_error("enable_reuse_port: %s", err);
		return SW_ERR;
	}
	l->src.fd = fd;
	l->reuse_port = true;
	return SW_OK;
}

int sw_server_listener_port(sw_server_t *serv, int index)
{
	if (index < 0 || index >= serv->listener_count) {
		return -1;
	}
	return serv->listeners[index].port;
}

int sw_server_listener_count(sw_server_t *serv)
{
	return serv->listener_count;
}

/* More would only be a mistake (one added per request, say): every one is a process. */
#define SW_USER_PROCESS_MAX 1024

int sw_server_add_user_process(sw_server_t *serv)
{
	if (serv->started) {
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return SW_ERR;
	}
	if (serv->user_process_num >= SW_USER_PROCESS_MAX) {
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return SW_ERR;
	}
	return (int) serv->user_process_num++;
}

int sw_server_user_process_count(sw_server_t *serv)
{
	return (int) serv->user_process_num;
}

int sw_server_validate(sw_server_t *serv, char *errbuf, size_t errlen)
{
	sw_server_config_t *c = &serv->config;

	if (serv->mode != SW_MODE_PROCESS && serv->mode != SW_MODE_BASE) {
		snprintf(errbuf, errlen, "mode: SWOOLE_PROCESS or SWOOLE_BASE");
		return SW_ERR;
	}
	if (serv->mode == SW_MODE_BASE && c->ipc_mode == 2) {
		snprintf(errbuf, errlen, "ipc_mode 2: SWOOLE_BASE has no reactor-to-worker path (use SWOOLE_PROCESS)");
		return SW_ERR;
	}
	if (c->worker_num < 1 || c->worker_num > SW_MAX_WORKER_NUM) {
		snprintf(errbuf, errlen, "worker_num: must be between 1 and %d, got %u", SW_MAX_WORKER_NUM, c->worker_num);
		return SW_ERR;
	}
	if (c->reactor_num < 1 || c->reactor_num > SW_MAX_REACTOR_NUM) {
		snprintf(errbuf, errlen, "reactor_num: must be between 1 and %d, got %u", SW_MAX_REACTOR_NUM, c->reactor_num);
		return SW_ERR;
	}
	if (c->dispatch_mode < SW_DISPATCH_ROUND || c->dispatch_mode > SW_DISPATCH_UIDMOD) {
		snprintf(errbuf, errlen, "dispatch_mode: must be 1 to 5, got %u", c->dispatch_mode);
		return SW_ERR;
	}
	if (c->max_connection < 1) {
		snprintf(errbuf, errlen, "max_connection: must be at least 1");
		return SW_ERR;
	}
	if (c->log_level < SW_LOG_DEBUG || c->log_level > SW_LOG_NONE) {
		snprintf(errbuf, errlen, "log_level: must be between 0 and 6, got %d", c->log_level);
		return SW_ERR;
	}
	if (c->task_worker_num > SW_MAX_WORKER_NUM) {
		snprintf(errbuf, errlen, "task_worker_num: must be between 0 and %d, got %u", SW_MAX_WORKER_NUM,
				c->task_worker_num);
		return SW_ERR;
	}
	if (c->task_ipc_mode < 1 || c->task_ipc_mode > 3) {
		snprintf(errbuf, errlen, "task_ipc_mode: must be 1 (unix sockets), 2 or 3 (message queue), got %u",
				c->task_ipc_mode);
		return SW_ERR;
	}
	if (c->ipc_mode < 1 || c->ipc_mode > 2) {
		snprintf(errbuf, errlen, "ipc_mode: must be 1 (unix sockets) or 2 (message queue), got %u", c->ipc_mode);
		return SW_ERR;
	}
	if (c->max_wait_time < 1) {
		snprintf(errbuf, errlen, "max_wait_time: must be at least 1 second");
		return SW_ERR;
	}
	if (serv->listener_count == 0) {
		snprintf(errbuf, errlen, "the server has no listening port");
		return SW_ERR;
	}

	{
		sw_frame_config_t frame = c->frame;

		frame.max_length = c->package_max_length;
		if (sw_frame_config_check(&frame, errbuf, errlen) != SW_OK) {
			return SW_ERR;
		}
	}
	if (c->buffer_high_watermark > 0 && c->buffer_low_watermark >= c->buffer_high_watermark) {
		snprintf(errbuf, errlen, "buffer_low_watermark (%zu) must be below buffer_high_watermark (%zu)",
				c->buffer_low_watermark, c->buffer_high_watermark);
		return SW_ERR;
	}
	return SW_OK;
}

static int create_channels(sw_server_t *serv)
{
	uint32_t i, n = serv->config.reactor_num * serv->config.worker_num;

	serv->channels = malloc(sizeof(*serv->channels) * n);
	if (serv->channels == NULL) {
		sw_error_set(SW_ERROR_MALLOC_FAIL);
		return SW_ERR;
	}
	for (i = 0; i < n; i++) {
		serv->channels[i][0] = serv->channels[i][1] = -1;
	}
	for (i = 0; i < n; i++) {
		if (sw_socketpair_dgram(serv->channels[i], SW_IPC_SOCKET_BUFFER) != SW_OK) {
			return SW_ERR;
		}
	}
	return SW_OK;
}

static int create_cmd_pipes(sw_server_t *serv)
{
	uint32_t i, n = serv->config.reactor_num;

	serv->cmd_pipes = malloc(sizeof(*serv->cmd_pipes) * n);
	if (serv->cmd_pipes == NULL) {
		sw_error_set(SW_ERROR_MALLOC_FAIL);
		return SW_ERR;
	}
	for (i = 0; i < n; i++) {
		serv->cmd_pipes[i][0] = serv->cmd_pipes[i][1] = -1;
	}
	for (i = 0; i < n; i++) {
		if (pipe2(serv->cmd_pipes[i], O_NONBLOCK | O_CLOEXEC) < 0) {
			sw_error_set(errno);
			return SW_ERR;
		}
	}
	return SW_OK;
}

static void free_cmd_pipes(sw_server_t *serv)
{
	uint32_t i;

	if (serv->cmd_pipes == NULL) {
		return;
	}
	for (i = 0; i < serv->config.reactor_num; i++) {
		if (serv->cmd_pipes[i][0] >= 0) {
			close(serv->cmd_pipes[i][0]);
		}
		if (serv->cmd_pipes[i][1] >= 0) {
			close(serv->cmd_pipes[i][1]);
		}
	}
	free(serv->cmd_pipes);
	serv->cmd_pipes = NULL;
}

static int create_conn_table(sw_server_t *serv)
{
	struct rlimit rl;
	uint32_t cap = serv->config.max_connection + 1024;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < cap) {
		/* Descriptors above the limit cannot exist: a bigger table would be waste. */
		cap = (uint32_t) rl.rlim_cur;
		if (serv->config.max_connection + 64 > cap) {
			sw_warn("max_connection (%u) is above what the descriptor limit (%u) allows; raise ulimit -n",
					serv->config.max_connection, cap);
		}
	}
	if (cap > SW_CONN_TABLE_MAX) {
		cap = SW_CONN_TABLE_MAX;
	}
	serv->conns = calloc(cap, sizeof(sw_connection_t));
	if (serv->conns == NULL) {
		sw_error_set(SW_ERROR_MALLOC_FAIL);
		return SW_ERR;
	}
	serv->conn_cap = cap;
	return SW_OK;
}

/* Detaches from the terminal. Returns 1 in the original process, which must just exit. */
static int daemonize(sw_server_t *serv)
{
	pid_t pid = fork();
	int fd;

	if (pid < 0) {
		sw_error("daemonize: fork() failed: %s", strerror(errno));
		return SW_ERR;
	}
	if (pid > 0) {
		return 1;
	}
	setsid();
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, STDIN_FILENO);
		if (serv->config.log_file == NULL) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
		}
		if (fd > STDERR_FILENO) {
			close(fd);
		}
	}
	if (serv->config.log_file != NULL) {
		/* What PHP prints (echo, errors) goes to the log file too, and follows it when reopened. */
		sw_log_set_stdio(true);
		fd = open(serv->config.log_file, O_WRONLY | O_APPEND | O_CREAT, SW_LOG_FILE_MODE);
		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
			if (fd > STDERR_FILENO) {
				close(fd);
			}
		}
	}
	return SW_OK;
}

void sw_server_write_pid_file(sw_server_t *serv)
{
	char buf[32];
	int fd, n;

	if (serv->config.pid_file == NULL) {
		return;
	}
	fd = open(serv->config.pid_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		sw_warn("pid_file: cannot write %s: %s", serv->config.pid_file, strerror(errno));
		return;
	}
	n = snprintf(buf, sizeof(buf), "%d", (int) getpid());
	if (write(fd, buf, (size_t) n) != n) {
		sw_warn("pid_file: cannot write %s: %s", serv->config.pid_file, strerror(errno));
	}
	close(fd);
}

int sw_server_start(sw_server_t *serv)
{
	sw_server_config_t *c = &serv->config;
	char err[256];
	int rc;

	if (serv->started) {
		sw_error_set(SW_ERROR_SERVER_ONLY_START_ONE);
		return SW_ERR;
	}
	if (sw_server_validate(serv, err, sizeof(err)) != SW_OK) {
		sw_error("%s", err);
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return SW_ERR;
	}
	serv->started = true;
	if ((c->dispatch_mode == SW_DISPATCH_ROUND || c->dispatch_mode == SW_DISPATCH_IDLE) &&
			(serv->cb.on_connect != NULL || serv->cb.on_close != NULL)) {
		sw_warn("dispatch_mode %u sends the events of one connection to different workers: onConnect and "
				"onClose may run before or during onReceive in another worker; use dispatch_mode 2 when the "
				"order matters",
				c->dispatch_mode);
	}
	if (serv->mode == SW_MODE_BASE) {
		/* Every worker is its own reactor (its id is the reactor id its callbacks see). */
		c->reactor_num = c->worker_num;
	}
	if (c->reactor_num > c->worker_num) {
		/* A reactor thread with no worker of its own would only add hops. */
		c->reactor_num = c->worker_num;
	}
	sw_logger.level = c->log_level;
	sw_log_set_owner(-1, -1);
	if (c->log_file != NULL && (c->user != NULL || c->group != NULL)) {
		long uid, gid;

		/* Workers that drop privileges must be able to reopen the log after a rotation. */
		if (sw_process_lookup_ids(c->user, c->group, &uid, &gid) == SW_OK) {
			sw_log_set_owner(uid, gid);
		}
	}
	if (c->log_file != NULL && sw_log_open(c->log_file) != SW_OK) {
		sw_error("log_file: cannot open %s: %s", c->log_file, sw_strerror(sw_error_get()));
		return SW_ERR;
	}
	if (c->daemonize) {
		rc = daemonize(serv);
		if (rc == 1) {
			serv->role = SW_ROLE_DAEMON_PARENT;
			serv->exit_code = 0;
			return SW_OK;
		}
		if (rc != SW_OK) {
			return SW_ERR;
		}
	}
	for (rc = 0; rc < serv->listener_count; rc++) {
		if (serv->listeners[rc].dgram && serv->cb.on_packet == NULL) {
			sw_error("%s is a datagram port: it needs an onPacket callback", serv->listeners[rc].host);
			sw_error_set(SW_ERROR_INVALID_PARAMS);
			return SW_ERR;
		}
	}
	if (sw_server_msgq_open(serv) != SW_OK) {
		return SW_ERR;
	}
	if (create_conn_table(serv) != SW_OK || sw_shared_create(serv) != SW_OK) {
		sw_error("cannot allocate the connection tables: %s", sw_strerror(sw_error_get()));
		sw_server_msgq_close(serv);
		return SW_ERR;
	}
	serv->shm->master_pid = getpid();
	serv->shm->start_time = (int64_t) time(NULL);
	serv->clock_base_ms = sw_time_ms();
	serv->buffer_high = c->buffer_high_watermark > 0 ? c->buffer_high_watermark : c->socket_buffer_size / 4 * 3;
	serv->heartbeat_idle = c->heartbeat_idle_time > 0 ? c->heartbeat_idle_time : c->heartbeat_check_interval * 2;
	c->frame.max_length = c->package_max_length;
	for (rc = 0; rc < serv->listener_count; rc++) {
		sw_listener_t *l = &serv->listeners[rc];

		if (!l->own_frame) {
			l->frame = c->frame;
		} else if (l->frame.max_length == 0) {
			l->frame.max_length = c->package_max_length;
		}
		sw_server_apply_listen_options(serv, l, l->src.fd);
		if (serv->mode == SW_MODE_BASE && c->enable_reuse_port && (l->type == SW_SOCK_TCP || l->type == SW_SOCK_TCP6) &&
				make_reuseport_group(l) != SW_OK) {
			return SW_ERR;
		}
	}
	if ((serv->mode == SW_MODE_PROCESS && (create_channels(serv) != SW_OK || create_cmd_pipes(serv) != SW_OK)) ||
			sw_inboxes_create(serv) != SW_OK) {
		sw_error("cannot create the worker channels: %s", sw_strerror(sw_error_get()));
		sw_server_msgq_close(serv);
		return SW_ERR;
	}
	rc = sw_master_run(serv);
	if (serv->role != SW_ROLE_MASTER) {
		return rc;
	}
	serv->finished = true;
	sw_server_msgq_close(serv);
	unlink_unix_paths(serv);
	free_channels(serv);
	free_cmd_pipes(serv);
	sw_inboxes_free(serv);
	if (c->pid_file != NULL) {
		unlink(c->pid_file);
	}
	return rc;
}

sw_process_role_t sw_server_role(sw_server_t *serv)
{
	return serv->role;
}

sw_reactor_t *sw_server_loop(sw_server_t *serv)
{
	switch (serv->role) {
	case SW_ROLE_MASTER:
		/* events_buf is set from sw_reactor_init() until sw_reactor_free(). */
		if (serv->started && !serv->finished && serv->main_reactor.events_buf != NULL) {
			return &serv->main_reactor;
		}
		return NULL;
	case SW_ROLE_WORKER:
	case SW_ROLE_TASK_WORKER:
		return serv->worker != NULL ? &serv->worker->reactor : NULL;
	default:
		return NULL;
	}
}

int sw_server_exit_code(sw_server_t *serv)
{
	return serv->exit_code;
}

int sw_server_worker_id(sw_server_t *serv)
{
	return serv->worker_id;
}

pid_t sw_server_master_pid(sw_server_t *serv)
{
	return serv->shm ? serv->shm->master_pid : (serv->started ? 0 : getpid());
}

pid_t sw_server_manager_pid(sw_server_t *serv)
{
	return serv->shm ? serv->shm->manager_pid : 0;
}

bool sw_server_is_running(sw_server_t *serv)
{
	return serv->started && !serv->finished && serv->shm != NULL && serv->role != SW_ROLE_DAEMON_PARENT;
}

bool sw_server_is_stopping(sw_server_t *serv)
{
	return serv->shm != NULL && __atomic_load_n(&serv->shm->shutting_down, __ATOMIC_ACQUIRE) != 0;
}

int sw_server_shutdown(sw_server_t *serv)
{
	if (!sw_server_is_running(serv) || serv->shm->master_pid <= 0) {
		sw_error_set(SW_ERROR_SERVER_NOT_RUNNING);
		return SW_ERR;
	}
	if (kill(serv->shm->master_pid, SIGTERM) < 0) {
		sw_error_set(errno);
		return SW_ERR;
	}
	return SW_OK;
}

static bool running_here(sw_server_t *serv)
{
	if (serv->shm == NULL || serv->role == SW_ROLE_DAEMON_PARENT || !serv->started || serv->finished) {
		sw_error_set(SW_ERROR_SERVER_NOT_RUNNING);
		return false;
	}
	return true;
}

int sw_server_reload(sw_server_t *serv, bool only_task_workers)
{
	pid_t manager;

	if (!running_here(serv)) {
		return SW_ERR;
	}
	manager = __atomic_load_n(&serv->shm->manager_pid, __ATOMIC_ACQUIRE);
	if (manager <= 0 || serv->shm->shutting_down) {
		sw_error_set(SW_ERROR_SERVER_NOT_RUNNING);
		return SW_ERR;
	}
	if (kill(manager, only_task_workers ? SIGUSR2 : SIGUSR1) < 0) {
		sw_error_set(errno);
		return SW_ERR;
	}
	return SW_OK;
}

int sw_server_stop_worker(sw_server_t *serv, int worker_id, bool wait_event)
{
	pid_t pid;

	(void) wait_event; /* there are no pending asynchronous events to wait for */
	if (!running_here(serv)) {
		return SW_ERR;
	}
	if (worker_id < 0 || (serv->role == SW_ROLE_WORKER && worker_id == serv->worker_id)) {
		return sw_worker_stop_self(serv);
	}
	if ((uint32_t) worker_id >= serv->config.worker_num) {
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return SW_ERR;
	}
	pid = __atomic_load_n(&serv->shm->workers[worker_id].pid, __ATOMIC_ACQUIRE);
	if (pid <= 0) {
		sw_error_set(SW_ERROR_WRONG_OPERATION);
		return SW_ERR;
	}
	/* The worker treats SIGTERM as a planned stop: it is replaced without back-off or onWorkerError. */
	if (kill(pid, SIGTERM) < 0) {
		sw_error_set(errno);
		return SW_ERR;
	}
	return SW_OK;
}

static uint64_t slot_dispatched(sw_server_t *serv, int worker_id, uint64_t *unhandled)
{
	uint64_t total = 0, pending = 0;
	uint32_t r;

	for (r = 0; r < serv->config.reactor_num; r++) {
		sw_channel_stats_t *st = sw_server_channel_stats(serv, (int) r, worker_id);
		uint64_t d = __atomic_load_n(&st->dispatched, __ATOMIC_RELAXED);
		uint64_t done = __atomic_load_n(&st->done, __ATOMIC_RELAXED);

		total += d;
		pending += d > done ? d - done : 0;
	}
	if (unhandled != NULL) {
		*unhandled = pending;
	}
	return total;
}

int sw_server_worker_stats(sw_server_t *serv, int worker_id, sw_worker_stats_t *out)
{
	sw_worker_info_t *info;
	uint64_t pending;

	memset(out, 0, sizeof(*out));
	if (!running_here(serv)) {
		return SW_ERR;
	}
	if (worker_id < 0 || (uint32_t) worker_id >= sw_server_total_workers(serv)) {
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return SW_ERR;
	}
	info = &serv->shm->workers[worker_id];
	out->pid = __atomic_load_n(&info->pid, __ATOMIC_ACQUIRE);
	out->start_count = __atomic_load_n(&info->started, __ATOMIC_RELAXED);
	out->request_count = __atomic_load_n(&info->requests, __ATOMIC_RELAXED);
	out->total_request_count = __atomic_load_n(&info->total_requests, __ATOMIC_RELAXED);
	if ((uint32_t) worker_id >= serv->config.worker_num) {
		/* A task worker: its requests are tasks, sent to it through its inbox. */
		uint64_t done = __atomic_load_n(&info->tasks_done, __ATOMIC_RELAXED);

		out->dispatch_count = __atomic_load_n(&info->tasks_queued, __ATOMIC_RELAXED);
		out->idle = out->pid > 0 && out->dispatch_count <= done;
		return SW_OK;
	}
	out->dispatch_count = slot_dispatched(serv, worker_id, &pending);
	out->idle = out->pid > 0 && pending == 0;
	return SW_OK;
}

int sw_server_stats(sw_server_t *serv, sw_server_stats_t *out)
{
	sw_shared_t *shm = serv->shm;
	uint32_t w;

	memset(out, 0, sizeof(*out));
	if (!running_here(serv)) {
		return SW_ERR;
	}
	out->start_time = shm->start_time;
	out->connection_num = __atomic_load_n(&shm->conn_count, __ATOMIC_RELAXED);
	out->accept_count = __atomic_load_n(&shm->accept_count, __ATOMIC_RELAXED);
	out->close_count = __atomic_load_n(&shm->close_count, __ATOMIC_RELAXED);
	out->refused_count = __atomic_load_n(&shm->refused_count, __ATOMIC_RELAXED);
	out->worker_num = serv->config.worker_num;
	out->reload_count = __atomic_load_n(&shm->reload_count, __ATOMIC_RELAXED);
	out->task_worker_num = serv->config.task_worker_num;
	for (w = serv->config.worker_num; w < sw_server_total_workers(serv); w++) {
		uint64_t queued = __atomic_load_n(&shm->workers[w].tasks_queued, __ATOMIC_RELAXED);
		uint64_t done = __atomic_load_n(&shm->workers[w].tasks_done, __ATOMIC_RELAXED);

		out->tasking_num += queued > done ? (uint32_t) (queued - done) : 0;
	}
	/* task_ipc_mode 3: tasks in the queue belong to no task worker yet. */
	out->tasking_num += (uint32_t) __atomic_load_n(&shm->queue_tasks, __ATOMIC_RELAXED);
	for (w = 0; w < serv->config.worker_num; w++) {
		sw_worker_stats_t ws;

		sw_server_worker_stats(serv, (int) w, &ws);
		out->idle_worker_num += ws.idle ? 1 : 0;
		out->request_count += ws.total_request_count;
		out->dispatch_count += ws.dispatch_count;
		if (serv->role == SW_ROLE_WORKER && (int) w == serv->worker_id) {
			out->worker_request_count = ws.request_count;
			out->worker_dispatch_count = ws.dispatch_count;
		}
	}
	return SW_OK;
}
