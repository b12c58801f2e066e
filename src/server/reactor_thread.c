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

static void conn_event(sw_reactor_t *reactor, sw_event_source_t *src, uint32_t events);

static inline sw_reactor_thread_t *thread_of(sw_reactor_t *reactor)
{
	return reactor->ptr;
}

/* Picks the worker for one event of a connection according to dispatch_mode. */
static int choose_worker(sw_server_t *serv, sw_reactor_thread_t *t, sw_connection_t *conn, int type)
{
	uint32_t n = serv->config.worker_num;

	switch (serv->config.dispatch_mode) {
	case SW_DISPATCH_ROUND:
		if (type == SW_IPC_CLOSE && conn->last_worker >= 0) {
			return conn->last_worker;
		}
		return (int) (t->rr++ % n);
	case SW_DISPATCH_IDLE: {
		/*
		 * The least loaded worker, counting messages dispatched and not yet
		 * handled over every reactor thread's channel; ties go round robin.
		 */
		uint64_t best_load = UINT64_MAX;
		int best = 0;
		uint32_t i, r;

		if (type == SW_IPC_CLOSE && conn->last_worker >= 0) {
			return conn->last_worker;
		}
		for (i = 0; i < n; i++) {
			int w = (int) ((t->rr + i) % n);
			uint64_t load = 0;

			for (r = 0; r < serv->config.reactor_num; r++) {
				sw_channel_stats_t *st = sw_server_channel_stats(serv, (int) r, w);
				load += __atomic_load_n(&st->dispatched, __ATOMIC_RELAXED) -
						__atomic_load_n(&st->done, __ATOMIC_RELAXED);
			}
			if (load < best_load) {
				best_load = load;
				best = w;
				if (load == 0) {
					break;
				}
			}
		}
		t->rr++;
		return best;
	}
	case SW_DISPATCH_FDMOD:
	default:
		return (int) (conn->session_id % n);
	}
}

static void mark_dirty(sw_reactor_thread_t *t, int worker_id)
{
	t->flush_pending[worker_id] = 1;
}


static int dispatch(sw_reactor_thread_t *t, sw_connection_t *conn, int type, const char *data, size_t len)
{
	sw_server_t *serv = t->serv;
	int w = choose_worker(serv, t, conn, type);
	sw_channel_stats_t *st = sw_server_channel_stats(serv, t->id, w);
	sw_ipc_header_t hdr = {0};
	uint64_t seq;

	hdr.type = (uint8_t) type;
	hdr.session_id = conn->session_id;
	hdr.reactor_id = (uint16_t) t->id;
	hdr.worker_id = -1;
	if (sw_ipc_outq_push(&t->to_worker[w], &hdr, data, len) != SW_OK) {
		sw_error("reactor %d: cannot queue %zu bytes for worker %d: %s", t->id, len, w,
				sw_strerror(sw_error_get()));
		return SW_ERR;
	}
	seq = st->dispatched + 1;
	__atomic_store_n(&st->dispatched, seq, __ATOMIC_RELAXED);
	/* A new range of outstanding messages starts when the connection was idle on this channel. */
	if (conn->last_worker != w ||
			(int32_t) (conn->last_seq - (uint32_t) __atomic_load_n(&st->done, __ATOMIC_RELAXED)) <= 0) {
		conn->first_seq = (uint32_t) seq;
	}
	conn->last_seq = (uint32_t) seq;
	conn->last_worker = w;
	mark_dirty(t, w);
	return SW_OK;
}

static void conn_release(sw_reactor_thread_t *t, sw_connection_t *conn)
{
	sw_server_t *serv = t->serv;

	sw_reactor_del(&t->reactor, &conn->src);
	if (conn->out != NULL) {
		sw_buffer_free(conn->out);
		free(conn->out);
		conn->out = NULL;
		t->out_count--;
	}
	sw_session_free(serv, conn->session_id);
	conn->active = 0;
	/* Closed after the batch, so the number cannot be reused by accept() while events for it may follow. */
	if (t->close_count == t->close_cap) {
		uint32_t cap = t->close_cap ? t->close_cap * 2 : 64;
		int *list = realloc(t->close_list, cap * sizeof(int));

		if (list == NULL) {
			close(conn->src.fd);
			goto counted;
		}
		t->close_list = list;
		t->close_cap = cap;
	}
	t->close_list[t->close_count++] = conn->src.fd;
counted:
	__atomic_fetch_sub(&serv->shm->conn_count, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&serv->shm->close_count, 1, __ATOMIC_RELAXED);
}

/* Closes a connection and tells a worker (onClose) if one heard of it. */
static void conn_close(sw_reactor_thread_t *t, sw_connection_t *conn)
{
	sw_server_t *serv = t->serv;

	if (!conn->active) {
		return;
	}
	/* Once paused for shutdown nothing more is dispatched: the workers are draining what they have. */
	if (conn->connect_sent && serv->cb.on_close != NULL && !t->paused) {
		dispatch(t, conn, SW_IPC_CLOSE, NULL, 0);
	}
	conn_release(t, conn);
}

/* Writes pending output. SW_OK when all is written, SW_AGAIN when the socket is full. */
static int conn_flush(sw_reactor_thread_t *t, sw_connection_t *conn)
{
	sw_buffer_t *out = conn->out;

	while (out != NULL && sw_buffer_used(out) > 0) {
		ssize_t n = send(conn->src.fd, sw_buffer_head(out), sw_buffer_used(out), MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EINTR) {
				continue;
			}
			if (errno == EAGAIN || errno == EWOULDBLOCK) {
				return SW_AGAIN;
			}
			sw_debug("session %u: write failed: %s", conn->session_id, strerror(errno));
			conn_close(t, conn);
			return SW_ERR;
		}
		sw_buffer_consume(out, (size_t) n);
	}
	if (out != NULL) {
		/* Idle connections keep no buffer. */
		sw_buffer_free(out);
		free(out);
		conn->out = NULL;
		t->out_count--;
	}
	return SW_OK;
}

static void conn_write(sw_reactor_thread_t *t, sw_connection_t *conn, const char *data, size_t len)
{
	size_t done = 0;

	if (conn->out == NULL) {
		while (done < len) {
			ssize_t n = send(conn->src.fd, data + done, len - done, MSG_NOSIGNAL);

			if (n < 0) {
				if (errno == EINTR) {
					continue;
				}
				if (errno == EAGAIN || errno == EWOULDBLOCK) {
					break;
				}
				sw_debug("session %u: write failed: %s", conn->session_id, strerror(errno));
				conn_close(t, conn);
				return;
			}
			done += (size_t) n;
		}
		if (done == len) {
			return;
		}
		conn->out = malloc(sizeof(sw_buffer_t));
		if (conn->out == NULL) {
			sw_error("session %u: out of memory for %zu bytes of output", conn->session_id, len - done);
			conn_close(t, conn);
			return;
		}
		sw_buffer_init(conn->out);
		t->out_count++;
	}
	if (sw_buffer_append(conn->out, data + done, len - done) != SW_OK) {
		sw_error("session %u: out of memory for %zu bytes of output", conn->session_id, len - done);
		conn_close(t, conn);
		return;
	}
	sw_reactor_set(&t->reactor, &conn->src, SW_EVENT_READ | SW_EVENT_WRITE);
}

static sw_connection_t *conn_by_session(sw_reactor_thread_t *t, uint32_t session_id)
{
	sw_server_t *serv = t->serv;
	const sw_session_t *s = sw_session_find(serv, session_id);
	sw_connection_t *conn;

	if (s == NULL || (uint32_t) s->fd >= serv->conn_cap) {
		return NULL;
	}
	conn = &serv->conns[s->fd];
	if (!conn->active || conn->session_id != session_id) {
		return NULL;
	}
	return conn;
}

static void handle_worker_message(sw_reactor_thread_t *t, const sw_ipc_message_t *msg)
{
	sw_connection_t *conn = conn_by_session(t, msg->hdr.session_id);

	if (conn == NULL) {
		/* The client left before the reply: nothing to deliver it to. */
		sw_debug("reactor %d: message type %d for closed session %u dropped", t->id, msg->hdr.type,
				msg->hdr.session_id);
		return;
	}
	switch (msg->hdr.type) {
	case SW_IPC_SEND:
		if (!conn->closing) {
			conn_write(t, conn, msg->data, msg->len);
		}
		break;
	case SW_IPC_CLOSE_REQUEST:
		if (conn->out == NULL) {
			conn_close(t, conn);
		} else {
			conn->closing = 1;
		}
		break;
	default:
		sw_warn("reactor %d: unexpected message type %d from worker %d", t->id, msg->hdr.type, msg->hdr.worker_id);
		break;
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
	}
	if (events & SW_EVENT_READ) {
		size_t lens[SW_IPC_BATCH];
		int n = sw_ipc_read_batch(src->fd, t->ipc_bufs, lens, SW_IPC_BATCH), i;

		if (n == SW_ERR) {
			sw_error("reactor %d: reading worker %d's channel failed: %s", t->id, w, sw_strerror(sw_error_get()));
			return;
		}
		for (i = 0; i < n; i++) {
			sw_ipc_message_t msg;
			int rc = sw_ipc_assembler_feed(&t->from_worker[w], t->ipc_bufs + (size_t) i * SW_IPC_DGRAM_MAX,
					lens[i], &msg);

			if (rc == SW_OK) {
				handle_worker_message(t, &msg);
			} else if (rc == SW_ERR) {
				sw_warn("reactor %d: message from worker %d dropped: %s", t->id, w, sw_strerror(sw_error_get()));
			}
		}
	}
}

static void conn_event(sw_reactor_t *reactor, sw_event_source_t *src, uint32_t events)
{
	sw_reactor_thread_t *t = thread_of(reactor);
	sw_server_t *serv = t->serv;
	sw_connection_t *conn = src->ptr;

	if (!conn->active) {
		return;
	}
	if (t->paused && (!conn->connect_sent || (events & SW_EVENT_ERROR))) {
		/* Shutting down: a connection never announced, or one that hung up, just goes. */
		conn_release(t, conn);
		return;
	}
	if (t->paused) {
		events &= ~SW_EVENT_READ;
	}
	if (!conn->connect_sent) {
		/* First event of a new connection (registered for writability so it comes at once). */
		conn->connect_sent = 1;
		if (serv->cb.on_connect != NULL && dispatch(t, conn, SW_IPC_CONNECT, NULL, 0) != SW_OK) {
			conn_release(t, conn);
			return;
		}
		sw_reactor_set(reactor, src, SW_EVENT_READ | (conn->out ? SW_EVENT_WRITE : 0));
		events &= ~SW_EVENT_WRITE;
	}
	if ((events & SW_EVENT_WRITE) && conn->out != NULL) {
		int rc = conn_flush(t, conn);

		if (rc == SW_ERR) {
			return;
		}
		if (rc == SW_OK) {
			if (conn->closing) {
				conn_close(t, conn);
				return;
			}
			sw_reactor_set(reactor, src, t->paused ? 0 : SW_EVENT_READ);
		}
	}
	if (events & SW_EVENT_READ) {
		ssize_t n = read(src->fd, t->read_buf, SW_READ_BUFFER_SIZE);

		if (n > 0) {
			if (!conn->closing && dispatch(t, conn, SW_IPC_RECEIVE, t->read_buf, (size_t) n) != SW_OK) {
				conn_close(t, conn);
			}
		} else if (n == 0) {
			conn_close(t, conn);
		} else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
			sw_debug("session %u: read failed: %s", conn->session_id, strerror(errno));
			conn_close(t, conn);
		}
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

	for (w = 0; w < t->serv->config.worker_num; w++) {
		if (!sw_ipc_outq_empty(&t->to_worker[w])) {
			return;
		}
	}
	t->drained_reported = true;
	__atomic_fetch_add(&t->serv->shm->reactors_drained, 1, __ATOMIC_RELEASE);
}

static void pause_reading(sw_reactor_thread_t *t)
{
	sw_server_t *serv = t->serv;
	uint32_t fd;

	t->paused = true;
	for (fd = 0; fd < serv->conn_cap; fd++) {
		sw_connection_t *conn = &serv->conns[fd];

		if (conn->active && (int) fd % (int) serv->config.reactor_num == t->id) {
			sw_reactor_set(&t->reactor, &conn->src, conn->out ? SW_EVENT_WRITE : 0);
		}
	}
}

/* After each batch: write the queued messages, close what was released. */
static void after_events(sw_reactor_t *reactor)
{
	sw_reactor_thread_t *t = thread_of(reactor);
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
		if (rc == SW_AGAIN) {
			sw_reactor_set(reactor, &t->chan_src[w], SW_EVENT_READ | SW_EVENT_WRITE);
		} else if (rc == SW_ERR) {
			sw_error("reactor %d: channel to worker %u failed: %s", t->id, w, sw_strerror(sw_error_get()));
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

static void before_wait(sw_reactor_t *reactor, int *timeout_ms)
{
	sw_reactor_thread_t *t = thread_of(reactor);
	int64_t left;

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
	*timeout_ms = (int) left;
}

/*
 * A worker died: close the connections that had a message among those it had
 * read but not handled, so no client waits for an answer that cannot come.
 */
static void worker_died(sw_reactor_thread_t *t, const sw_reactor_command_t *cmd)
{
	sw_server_t *serv = t->serv;
	uint32_t fd, closed = 0;

	for (fd = 0; fd < serv->conn_cap; fd++) {
		sw_connection_t *conn = &serv->conns[fd];

		if (!conn->active || conn->last_worker != cmd->worker_id ||
				(int) fd % (int) serv->config.reactor_num != t->id) {
			continue;
		}
		if ((int32_t) (conn->first_seq - (uint32_t) cmd->read) <= 0 &&
				(int32_t) (conn->last_seq - (uint32_t) cmd->done) > 0) {
			conn_close(t, conn);
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
			pause_reading(t);
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

		if (!conn->active || conn->src.fd % (int) serv->config.reactor_num != t->id) {
			continue;
		}
		if (conn->out != NULL) {
			conn_flush(t, conn);
		}
		if (conn->active) {
			conn_release(t, conn);
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
		sw_ipc_assembler_init(&t->from_worker[w], serv->config.buffer_output_size);
		if (sw_reactor_add(&t->reactor, &t->chan_src[w], fd, SW_EVENT_READ, channel_event, (void *) (intptr_t) w) !=
				SW_OK) {
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

int sw_reactor_thread_adopt(sw_server_t *serv, int fd, int listener)
{
	sw_connection_t *conn = &serv->conns[fd];
	int rid = fd % (int) serv->config.reactor_num;
	sw_reactor_thread_t *t = &serv->threads[rid];
	uint32_t sid = sw_session_alloc(serv, fd, rid);

	if (sid == 0) {
		sw_warn("session table full: connection refused");
		return SW_ERR;
	}
	memset(conn, 0, sizeof(*conn));
	conn->session_id = sid;
	conn->listener = (uint8_t) listener;
	conn->last_worker = -1;
	conn->active = 1;
	if (serv->config.open_tcp_nodelay) {
		sw_socket_set_nodelay(fd, true);
	}
	__atomic_fetch_add(&serv->shm->conn_count, 1, __ATOMIC_RELAXED);
	/*
	 * Watching for writability makes the first event come at once, so the
	 * owning thread announces the connection (onConnect) before any data.
	 */
	if (sw_reactor_add(&t->reactor, &conn->src, fd, SW_EVENT_READ | SW_EVENT_WRITE, conn_event, conn) != SW_OK) {
		conn->active = 0;
		sw_session_free(serv, sid);
		__atomic_fetch_sub(&serv->shm->conn_count, 1, __ATOMIC_RELAXED);
		return SW_ERR;
	}
	return SW_OK;
}
