/*
 * Reactor threads: each owns the connections whose descriptor maps to it,
 * reads them, frames nothing yet (raw stream), dispatches messages to
 * workers over its own channels and writes the workers' replies back.
 *
 * Hot path rules: no lock, no allocation per message. Messages for a worker
 * are queued on the channel during one batch of events and written with one
 * sendmmsg() after the batch; replies are read with one recvmmsg().
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "server_internal.h"
#include "sw_log.h"
#include "sw_signal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* How often half-closed connections are checked while they wait for their answers. */
#define SW_EOF_POLL_MS 5

static inline sw_reactor_thread_t *thread_of(sw_reactor_t *reactor)
{
	return sw_thread_of(reactor);
}

void sw_reactor_thread_feed(sw_reactor_thread_t *t, int w, const char *dgram, size_t len)
{
	sw_ipc_message_t msg;
	int rc = sw_ipc_assembler_feed(&t->from_worker[w], dgram, len, &msg);

	if (rc == SW_OK) {
		sw_conn_handle_worker_message(t, &msg);
	} else if (rc == SW_ERR) {
		sw_warn("reactor %d: message from worker %d dropped: %s", t->id, w, sw_strerror(sw_error_get()));
	}
}

/* Reads and handles one batch of replies from worker w; returns how many datagrams came. */
static int channel_read(sw_reactor_thread_t *t, int w)
{
	size_t lens[SW_IPC_BATCH];
	int n = sw_ipc_read_batch(t->chan_src[w].fd, t->ipc_bufs, lens, SW_IPC_BATCH), i;

	if (n == SW_ERR) {
		sw_error("reactor %d: reading worker %d's channel failed: %s", t->id, w, sw_strerror(sw_error_get()));
		return 0;
	}
	for (i = 0; i < n; i++) {
		sw_reactor_thread_feed(t, w, t->ipc_bufs + (size_t) i * SW_IPC_DGRAM_MAX, lens[i]);
	}
	return n;
}

void sw_reactor_thread_drain_channel(sw_reactor_thread_t *t, int w)
{
	int rounds = 64;

	if (t->base) {
		return; /* loopback: handed over already */
	}
	while (rounds-- > 0 && channel_read(t, w) > 0) {
	}
}

static void channel_event(sw_reactor_t *reactor, sw_event_source_t *src, uint32_t events)
{
	sw_reactor_thread_t *t = thread_of(reactor);
	int w = (int) (intptr_t) src->ptr;

	if (events & SW_EVENT_WRITE) {
		int rc = sw_ipc_outq_flush(&t->to_worker[w]);

		if (rc == SW_OK) {
			sw_reactor_set(reactor, src, SW_EVENT_READ);
		} else if (rc == SW_ERR) {
			sw_error("reactor %d: channel to worker %d failed: %s", t->id, w, sw_strerror(sw_error_get()));
		}
		sw_conn_unthrottle(t, w);
	}
	if (events & SW_EVENT_READ) {
		channel_read(t, w);
	}
}

/*
 * Shutdown: once this thread reads no client and its queues to the workers
 * are empty, the number of messages dispatched on its channels is final; the
 * workers, draining, wait until every reactor thread said so.
 */
static void report_if_drained(sw_reactor_thread_t *t)
{
	uint32_t w;

	if (t->http_grace) {
		return; /* HTTP requests may still come in (sw_http_conn_grace_begin()) */
	}
	for (w = 0; w < t->serv->config.worker_num; w++) {
		if (!sw_ipc_outq_empty(&t->to_worker[w])) {
			return;
		}
	}
	t->drained_reported = true;
	__atomic_fetch_add(&t->serv->shm->reactors_drained, 1, __ATOMIC_RELEASE);
}

void sw_reactor_thread_pause(sw_reactor_thread_t *t)
{
	sw_server_t *serv = t->serv;
	uint32_t fd;

	t->paused = true;
	for (fd = 0; (int) fd < serv->listener_count; fd++) {
		sw_listener_t *l = &serv->listeners[fd];

		if (l->dgram && (int) fd % (int) serv->config.reactor_num == t->id) {
			sw_reactor_del(t->loop, &l->src);
		}
	}
	for (fd = 0; fd < serv->conn_cap; fd++) {
		sw_connection_t *conn = &serv->conns[fd];

		if (conn->active && sw_thread_owns(t, fd)) {
			bool pending = conn->io != NULL && !sw_output_empty(&conn->io->out);

			sw_reactor_set(t->loop, &conn->src, pending ? SW_EVENT_WRITE : 0);
		}
	}
	sw_http_conn_grace_begin(t);
}

/* After each batch: write the queued messages, close what was released. */
void sw_reactor_thread_after_events(sw_reactor_thread_t *t)
{
	sw_reactor_t *reactor = t->loop;
	uint32_t w, i;

	for (w = 0; w < t->serv->config.worker_num; w++) {
		int rc;

		if (!t->flush_pending[w]) {
			continue;
		}
		t->flush_pending[w] = 0;
		if (t->chan_src[w].events & SW_EVENT_WRITE) {
			continue; /* already waiting for the channel to drain */
		}
		rc = sw_ipc_outq_flush(&t->to_worker[w]);
		if (rc == SW_AGAIN && t->to_worker[w].msgq >= 0) {
			t->msgq_backlog = true; /* a full queue cannot be polled: before_wait() tries again */
		} else if (rc == SW_AGAIN) {
			sw_reactor_set(reactor, &t->chan_src[w], SW_EVENT_READ | SW_EVENT_WRITE);
		} else if (rc == SW_ERR) {
			sw_error("reactor %d: channel to worker %u failed: %s", t->id, w, sw_strerror(sw_error_get()));
		}
		if (t->throttled_count > 0) {
			sw_conn_unthrottle(t, (int) w);
		}
	}
	for (i = 0; i < t->close_count; i++) {
		close(t->close_list[i]);
	}
	t->close_count = 0;
	if (t->paused && !t->drained_reported) {
		report_if_drained(t);
	}
	if (t->stopping && t->out_count == 0) {
		sw_reactor_stop(reactor);
	}
}

static void after_events(sw_reactor_t *reactor)
{
	sw_reactor_thread_after_events(thread_of(reactor));
}

/* ipc_mode 2: writes what a full queue refused, and comes back soon while some is left. */
static void retry_msgq(sw_reactor_thread_t *t, int *timeout_ms)
{
	uint32_t w;

	t->msgq_backlog = false;
	for (w = 0; w < t->serv->config.worker_num; w++) {
		int rc;

		if (sw_ipc_outq_empty(&t->to_worker[w])) {
			continue;
		}
		rc = sw_ipc_outq_flush(&t->to_worker[w]);
		if (rc == SW_AGAIN) {
			t->msgq_backlog = true;
		} else if (rc == SW_ERR) {
			sw_error("reactor %d: queue to worker %u failed: %s", t->id, w, sw_strerror(sw_error_get()));
		}
		if (t->throttled_count > 0) {
			sw_conn_unthrottle(t, (int) w);
		}
	}
	if (t->msgq_backlog) {
		*timeout_ms = 1;
	} else if (t->paused && !t->drained_reported) {
		report_if_drained(t);
	}
}

void sw_reactor_thread_before_wait(sw_reactor_thread_t *t, int *timeout_ms)
{
	sw_reactor_t *reactor = t->loop;
	sw_server_t *serv = t->serv;
	int64_t left;

	t->now_s = (uint32_t) ((sw_time_ms() - serv->clock_base_ms) / 1000);
	if (t->eof_waiting > 0) {
		/* Half-closed connections wait for their answers: look again soon. */
		uint32_t before = t->eof_waiting;

		sw_conn_check_eof(t);
		if (t->eof_waiting > 0 && (*timeout_ms < 0 || *timeout_ms > SW_EOF_POLL_MS)) {
			*timeout_ms = SW_EOF_POLL_MS;
		}
		if (t->eof_waiting < before) {
			/* The onClose it queued and the descriptors it released go now: no event may come to carry them. */
			sw_reactor_thread_after_events(t);
			if (t->base) {
				*timeout_ms = 0; /* SWOOLE_BASE: the worker's side runs in its own after-events */
			}
		}
	}
	if (t->msgq_backlog) {
		retry_msgq(t, timeout_ms);
	}
	if (t->http_grace) {
		sw_http_conn_grace_check(t, timeout_ms);
	}
	if (serv->config.heartbeat_check_interval > 0 && !t->paused) {
		if (t->now_s >= t->next_heartbeat_s) {
			sw_conn_heartbeat(t);
			t->next_heartbeat_s = t->now_s + serv->config.heartbeat_check_interval;
		}
		/* Wake up for the next check even when nothing happens. */
		left = ((int64_t) t->next_heartbeat_s * 1000 + serv->clock_base_ms) - sw_time_ms();
		if (*timeout_ms < 0 || left < *timeout_ms) {
			*timeout_ms = left > 0 ? (int) left : 0;
		}
	}
	if (t->http_partial_count > 0 && serv->config.http_header_timeout > 0 && !t->paused) {
		/* Request heads still arriving: look at them once a second (header timeout). */
		if (t->now_s >= t->next_http_sweep_s) {
			sw_http_conn_sweep(t);
			t->next_http_sweep_s = t->now_s + 1;
		}
		left = ((int64_t) t->next_http_sweep_s * 1000 + serv->clock_base_ms) - sw_time_ms();
		if (*timeout_ms < 0 || left < *timeout_ms) {
			*timeout_ms = left > 0 ? (int) left : 0;
		}
	}
	if (!t->stopping) {
		return;
	}
	left = t->stop_deadline_ms - sw_time_ms();
	if (t->out_count == 0 || left <= 0) {
		if (t->out_count > 0) {
			sw_warn("reactor %d: %u connection%s still had output after max_wait_time; closing", t->id, t->out_count,
					t->out_count == 1 ? "" : "s");
		}
		sw_reactor_stop(reactor);
		return;
	}
	*timeout_ms = t->msgq_backlog ? 1 : (int) left;
}

static void before_wait(sw_reactor_t *reactor, int *timeout_ms)
{
	sw_reactor_thread_before_wait(thread_of(reactor), timeout_ms);
}

/*
 * A worker died: close the connections that had a message among those it had
 * read but not handled, so no client waits for an answer that cannot come.
 */
static void worker_died(sw_reactor_thread_t *t, const sw_reactor_command_t *cmd)
{
	sw_server_t *serv = t->serv;
	uint32_t fd, closed = 0;

	/* Replies it wrote before it died are delivered first (an HTTP 500 for the exception that killed it, say). */
	if (cmd->worker_id >= 0 && (uint32_t) cmd->worker_id < serv->config.worker_num) {
		int rounds = 64;

		while (rounds-- > 0 && channel_read(t, cmd->worker_id) > 0) {
		}
	}

	for (fd = 0; fd < serv->conn_cap; fd++) {
		sw_connection_t *conn = &serv->conns[fd];

		if (!conn->active || conn->last_worker != cmd->worker_id || !sw_thread_owns(t, fd)) {
			continue;
		}
		if ((int32_t) (conn->first_seq - (uint32_t) cmd->read) <= 0 &&
				(int32_t) (conn->last_seq - (uint32_t) cmd->done) > 0) {
			if (serv->listeners[conn->listener].frame.mode == SW_FRAME_HTTP) {
				sw_http_conn_worker_died(t, conn);
			} else {
				sw_conn_close(t, conn);
			}
			closed++;
		}
	}
	if (closed > 0) {
		sw_warn("reactor %d: closed %u connection%s whose request died with worker %d", t->id, closed,
				closed == 1 ? "" : "s", cmd->worker_id);
	}
}

static void command_event(sw_reactor_t *reactor, sw_event_source_t *src, uint32_t events)
{
	sw_reactor_thread_t *t = thread_of(reactor);
	sw_reactor_command_t cmds[16];
	ssize_t n;
	size_t i;

	(void) events;
	n = read(src->fd, cmds, sizeof(cmds));
	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR) {
			sw_warn("reactor %d: command pipe read failed: %s", t->id, strerror(errno));
		}
		return;
	}
	/* Commands are smaller than PIPE_BUF, so each one arrives whole. */
	for (i = 0; i < (size_t) n / sizeof(cmds[0]); i++) {
		switch (cmds[i].type) {
		case SW_REACTOR_CMD_STOP:
			t->stopping = true;
			t->stop_deadline_ms = sw_time_ms() + (int64_t) t->serv->config.max_wait_time * 1000;
			break;
		case SW_REACTOR_CMD_PAUSE:
			sw_reactor_thread_pause(t);
			break;
		case SW_REACTOR_CMD_WORKER_DIED:
			worker_died(t, &cmds[i]);
			break;
		default:
			sw_warn("reactor %d: unknown command %u", t->id, cmds[i].type);
			break;
		}
	}
}

/* On the way out: one last try to deliver what is queued, then close every connection. */
static void thread_drain(sw_reactor_thread_t *t)
{
	sw_server_t *serv = t->serv;
	uint32_t fd, w;

	for (fd = 0; fd < serv->conn_cap; fd++) {
		sw_connection_t *conn = &serv->conns[fd];

		if (!conn->active || !sw_thread_owns(t, fd)) {
			continue;
		}
		if (conn->io != NULL) {
			sw_conn_flush(t, conn);
		}
		if (conn->active) {
			sw_conn_release(t, conn);
		}
	}
	after_events(&t->reactor);
	for (w = 0; w < serv->config.worker_num; w++) {
		sw_ipc_outq_free(&t->to_worker[w]);
		sw_ipc_assembler_free(&t->from_worker[w]);
	}
}

static void *thread_main(void *arg)
{
	sw_reactor_thread_t *t = arg;

	sw_signal_block_thread(true);
	if (sw_reactor_run(&t->reactor) != SW_OK) {
		sw_error("reactor %d stopped: %s", t->id, sw_strerror(sw_error_get()));
	}
	thread_drain(t);
	return NULL;
}

static int thread_init(sw_server_t *serv, sw_reactor_thread_t *t, int id)
{
	uint32_t w, nw = serv->config.worker_num;

	t->id = id;
	t->serv = serv;
	t->loop = &t->reactor;
	t->fd_first = (uint32_t) id;
	t->fd_step = serv->config.reactor_num;
	if (sw_reactor_init(&t->reactor) != SW_OK) {
		return SW_ERR;
	}
	t->reactor.id = id;
	t->reactor.ptr = t;
	t->reactor.after_events = after_events;
	t->reactor.before_wait = before_wait;
	t->to_worker = calloc(nw, sizeof(sw_ipc_outq_t));
	t->chan_src = calloc(nw, sizeof(sw_event_source_t));
	t->from_worker = calloc(nw, sizeof(sw_ipc_assembler_t));
	t->flush_pending = calloc(nw, 1);
	t->read_buf = malloc(SW_READ_BUFFER_SIZE);
	t->ipc_bufs = malloc(SW_IPC_DGRAM_MAX * SW_IPC_BATCH);
	if (!t->to_worker || !t->chan_src || !t->from_worker || !t->flush_pending || !t->read_buf || !t->ipc_bufs) {
		sw_error_set(SW_ERROR_MALLOC_FAIL);
		return SW_ERR;
	}
	for (w = 0; w < nw; w++) {
		int fd = sw_server_channel(serv, id, (int) w)[0];

		sw_ipc_outq_init(&t->to_worker[w], fd);
		if (serv->config.ipc_mode == 2 &&
				sw_ipc_outq_use_msgq(&t->to_worker[w], serv->worker_queue.id, (long) w + 1, serv->msgq_msg_max) !=
						SW_OK) {
			return SW_ERR;
		}
		sw_ipc_assembler_init(&t->from_worker[w], serv->config.buffer_output_size);
		if (sw_reactor_add(&t->reactor, &t->chan_src[w], fd, SW_EVENT_READ, channel_event, (void *) (intptr_t) w) !=
				SW_OK) {
			return SW_ERR;
		}
	}
	/* Datagram ports are spread over the reactor threads, one thread each. */
	for (w = 0; (int) w < serv->listener_count; w++) {
		sw_listener_t *l = &serv->listeners[w];

		if (!l->dgram || (int) w % (int) serv->config.reactor_num != id) {
			continue;
		}
		if (t->packet_buf == NULL && (t->packet_buf = malloc(sizeof(sw_ipc_packet_t) + SW_UDP_PACKET_MAX)) == NULL) {
			sw_error_set(SW_ERROR_MALLOC_FAIL);
			return SW_ERR;
		}
		if (sw_reactor_add(&t->reactor, &l->src, l->src.fd, SW_EVENT_READ, sw_packet_event, l) != SW_OK) {
			return SW_ERR;
		}
	}
	return sw_reactor_add(&t->reactor, &t->cmd_src, serv->cmd_pipes[id][0], SW_EVENT_READ, command_event, NULL);
}

static void thread_free(sw_reactor_thread_t *t)
{
	free(t->to_worker);
	free(t->chan_src);
	free(t->from_worker);
	free(t->flush_pending);
	free(t->read_buf);
	free(t->ipc_bufs);
	free(t->packet_buf);
	free(t->eof_fds);
	free(t->close_list);
	sw_reactor_free(&t->reactor);
}

int sw_reactor_threads_start(sw_server_t *serv)
{
	uint32_t i, n = serv->config.reactor_num;

	serv->threads = calloc(n, sizeof(sw_reactor_thread_t));
	if (serv->threads == NULL) {
		sw_error_set(SW_ERROR_MALLOC_FAIL);
		return SW_ERR;
	}
	for (i = 0; i < n; i++) {
		if (thread_init(serv, &serv->threads[i], (int) i) != SW_OK) {
			sw_error("reactor %u: initialisation failed: %s", i, sw_strerror(sw_error_get()));
			return SW_ERR;
		}
	}
	for (i = 0; i < n; i++) {
		int rc = pthread_create(&serv->threads[i].thread, NULL, thread_main, &serv->threads[i]);

		if (rc != 0) {
			sw_error("reactor %u: pthread_create failed: %s", i, strerror(rc));
			sw_error_set(rc);
			serv->config.reactor_num = i;
			return SW_ERR;
		}
	}
	return SW_OK;
}

void sw_reactor_threads_stop(sw_server_t *serv)
{
	sw_reactor_command_t cmd = {.type = SW_REACTOR_CMD_STOP, .worker_id = -1};
	uint32_t i;

	if (serv->threads == NULL) {
		return;
	}
	for (i = 0; i < serv->config.reactor_num; i++) {
		if (write(serv->cmd_pipes[i][1], &cmd, sizeof(cmd)) != (ssize_t) sizeof(cmd)) {
			sw_warn("reactor %u: cannot tell it to stop: %s", i, strerror(errno));
		}
	}
	for (i = 0; i < serv->config.reactor_num; i++) {
		pthread_join(serv->threads[i].thread, NULL);
		thread_free(&serv->threads[i]);
	}
	free(serv->threads);
	serv->threads = NULL;
}
