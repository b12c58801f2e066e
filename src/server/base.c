/*
 * SWOOLE_BASE: no reactor threads and no dispatch. Every worker watches the
 * listening sockets (EPOLLEXCLUSIVE: one worker wakes per connection), accepts
 * and serves its connections itself.
 *
 * The worker is its own reactor thread: it owns a sw_reactor_thread_t whose
 * connections live in its loop, and the two halves talk through loopback
 * queues (sw_ipc_outq_use_loopback()) instead of a socketpair. So framing,
 * HTTP, output buffers, backpressure and close semantics are the same code as
 * in SWOOLE_PROCESS, and the worker's callbacks never run inside the code
 * that reads a connection: messages are handed over after each batch of
 * events, as they would be over IPC, minus the system calls.
 *
 * What differs for users (docs/architecture.md): send() and close() work
 * only on the calling worker's own connections; a reload, max_request or a
 * crash of a worker closes its connections.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "server_internal.h"
#include "sw_log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Connections accepted per readiness event, so one busy port cannot starve the loop. */
#define SW_BASE_ACCEPT_BATCH 64
/* Rounds of worker -> connection -> worker hand-offs per batch of events. */
#define SW_BASE_HANDOFF_ROUNDS 16

static void to_worker(void *ctx, const char *dgram, size_t len)
{
	sw_worker_t *worker = ctx;

	sw_worker_feed(worker, worker->id, dgram, len);
}

static void to_reactor(void *ctx, const char *dgram, size_t len)
{
	sw_worker_t *worker = ctx;

	sw_reactor_thread_feed(worker->base, worker->id, dgram, len);
}

static void accept_event(sw_reactor_t *reactor, sw_event_source_t *src, uint32_t events)
{
	sw_worker_t *worker = reactor->ptr;
	sw_server_t *serv = worker->serv;
	sw_listener_t *l = src->ptr;
	int i;

	(void) events;
	if (worker->stopping || worker->exiting) {
		return;
	}
	for (i = 0; i < SW_BASE_ACCEPT_BATCH; i++) {
		sw_sockaddr_t addr;
		socklen_t len = sizeof(addr);
		int fd = accept4(src->fd, &addr.sa, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED) {
				continue;
			}
			if (errno != EAGAIN && errno != EWOULDBLOCK) {
				sw_error("worker %d: accept() failed: %s", worker->id, strerror(errno));
			}
			return;
		}
		if (sw_conn_refuse_over_limit(serv, fd, &addr)) {
			continue;
		}
		if (sw_conn_adopt(worker->base, fd, (int) (l - serv->listeners), &addr) != SW_OK) {
			close(fd);
			continue;
		}
		__atomic_fetch_add(&serv->shm->accept_count, 1, __ATOMIC_RELAXED);
	}
}

int sw_base_worker_init(sw_worker_t *worker)
{
	sw_server_t *serv = worker->serv;
	uint32_t nw = serv->config.worker_num;
	sw_reactor_thread_t *t = calloc(1, sizeof(*t));
	int id = worker->id, i;

	if (t == NULL) {
		sw_error_set(SW_ERROR_MALLOC_FAIL);
		return SW_ERR;
	}
	worker->base = t;
	worker->reactor.id = SW_REACTOR_ID_BASE;
	t->serv = serv;
	t->id = id;
	t->base = true;
	t->loop = &worker->reactor;
	t->fd_first = 0;
	t->fd_step = 1;
	t->now_s = (uint32_t) ((sw_time_ms() - serv->clock_base_ms) / 1000);
	t->to_worker = calloc(nw, sizeof(sw_ipc_outq_t));
	t->chan_src = calloc(nw, sizeof(sw_event_source_t));
	t->from_worker = calloc(nw, sizeof(sw_ipc_assembler_t));
	t->flush_pending = calloc(nw, 1);
	t->read_buf = malloc(SW_READ_BUFFER_SIZE);
	t->packet_buf = malloc(sizeof(sw_ipc_packet_t) + SW_UDP_PACKET_MAX);
	if (!t->to_worker || !t->chan_src || !t->from_worker || !t->flush_pending || !t->read_buf || !t->packet_buf) {
		sw_error_set(SW_ERROR_MALLOC_FAIL);
		return SW_ERR;
	}
	/* The one pair of queues in use: this worker's, both ways. */
	sw_ipc_outq_init(&t->to_worker[id], -1);
	sw_ipc_outq_use_loopback(&t->to_worker[id], to_worker, worker);
	sw_ipc_assembler_init(&t->from_worker[id], serv->config.buffer_output_size);
	sw_ipc_outq_init(&worker->to_reactor[id], -1);
	sw_ipc_outq_use_loopback(&worker->to_reactor[id], to_reactor, worker);
	sw_ipc_assembler_init(&worker->from_reactor[id], SW_MAX(sw_server_max_frame(serv), (size_t) SW_READ_BUFFER_SIZE));
	worker->done_pending[id] =
			__atomic_load_n(&sw_server_channel_stats(serv, id, id)->read, __ATOMIC_ACQUIRE);
	for (i = 0; i < serv->listener_count; i++) {
		sw_listener_t *l = &serv->listeners[i];
		uint32_t events = SW_EVENT_READ | SW_EVENT_EXCLUSIVE;

		if (l->reuse_port) {
			/* A socket of its own in the port's SO_REUSEPORT group: the kernel balances the connections. */
			char err[256];
			int fd = sw_socket_listen_tcp_ex(l->host, l->port, l->type == SW_SOCK_TCP6 ? AF_INET6 : AF_INET,
					serv->config.backlog, true, err, sizeof(err));

			if (fd < 0) {
				sw_error("worker %d: enable_reuse_port: %s", id, err);
				return SW_ERR;
			}
			sw_server_apply_listen_options(serv, l, fd);
			close(l->src.fd); /* the group's placeholder: the master keeps it */
			l->src.fd = fd;
			events = SW_EVENT_READ;
		}
		if (sw_reactor_add(&worker->reactor, &l->src, l->src.fd, events,
					l->dgram ? sw_packet_event : accept_event, l) != SW_OK) {
			sw_error("worker %d: cannot watch %s:%d: %s", id, l->host, l->port, sw_strerror(sw_error_get()));
			return SW_ERR;
		}
	}
	return SW_OK;
}

void sw_base_worker_after_events(sw_worker_t *worker)
{
	sw_reactor_thread_t *t = worker->base;
	int round;

	for (round = 0; round < SW_BASE_HANDOFF_ROUNDS; round++) {
		/* Messages to the worker: its callbacks run now, and queue their replies. */
		sw_reactor_thread_after_events(t);
		/* The replies: written to the connections (which may close one: more for the worker). */
		sw_ipc_outq_flush(&worker->to_reactor[worker->id]);
		if (sw_ipc_outq_empty(&t->to_worker[worker->id]) && sw_ipc_outq_empty(&worker->to_reactor[worker->id])) {
			break;
		}
		t->flush_pending[worker->id] = 1;
	}
}

void sw_base_worker_before_wait(sw_worker_t *worker, int *timeout_ms)
{
	sw_reactor_thread_t *t = worker->base;

	t->now_s = (uint32_t) ((sw_time_ms() - worker->serv->clock_base_ms) / 1000);
	sw_reactor_thread_before_wait(t, timeout_ms);
}

void sw_base_worker_stop_accepting(sw_worker_t *worker)
{
	sw_server_t *serv = worker->serv;
	int i;

	/* No more connections here: the other workers (or the next process) take them. */
	for (i = 0; i < serv->listener_count; i++) {
		sw_listener_t *l = &serv->listeners[i];

		if (l->src.fd >= 0) {
			sw_reactor_del(&worker->reactor, &l->src);
			close(l->src.fd);
			l->src.fd = -1;
		}
	}
}

void sw_base_worker_shutdown(sw_worker_t *worker)
{
	sw_server_t *serv = worker->serv;
	sw_reactor_thread_t *t = worker->base;
	int64_t deadline = sw_time_ms() + (int64_t) serv->config.max_wait_time * 1000;
	uint32_t fd, closed = 0;

	sw_base_worker_stop_accepting(worker);
	if (worker->exiting) {
		return; /* exit() or a fatal error: the kernel closes what is left */
	}
	/* What the connections have pending gets max_wait_time to leave. */
	sw_reactor_thread_pause(t);
	while (t->out_count > 0) {
		int64_t left = deadline - sw_time_ms();

		if (left <= 0) {
			sw_warn("worker %d: %u connection%s still had output after max_wait_time; closing", worker->id,
					t->out_count, t->out_count == 1 ? "" : "s");
			break;
		}
		sw_reactor_once(&worker->reactor, (int) SW_MIN(left, (int64_t) 100));
	}
	/* Unlike a reactor thread's, these onClose calls are this worker's own: they run now. */
	t->paused = false;
	for (fd = 0; fd < serv->conn_cap; fd++) {
		sw_connection_t *conn = &serv->conns[fd];

		if (conn->active) {
			sw_conn_close(t, conn);
			closed++;
		}
	}
	/* Their onClose runs here, before onWorkerStop. */
	sw_base_worker_after_events(worker);
	if (closed > 0) {
		sw_info("worker %d: closed its %u connection%s on the way out", worker->id, closed, closed == 1 ? "" : "s");
	}
}
