/*
 * Connections in a reactor thread: reading and framing, dispatch to workers,
 * output with backpressure, and the lifecycle of one connection. Everything
 * here runs in the owning reactor thread, except sw_reactor_thread_adopt()
 * (main thread, before the thread sees the connection).
 *
 * Hot path rules: no lock, no allocation for a connection that is idle or
 * whose reads hold whole frames; buffers appear only while a partial frame
 * or pending output exists.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "server_internal.h"
#include "sw_log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* A channel queue past this many bytes stops reading the connections that feed it... */
#define SW_CHANNEL_QUEUE_HIGH (16 * 1024 * 1024)
/* ... until it is back under this. */
#define SW_CHANNEL_QUEUE_LOW (4 * 1024 * 1024)

static inline bool is_sticky(int type)
{
	/* Events that belong to the worker that saw the connection's last data. */
	return type == SW_IPC_CLOSE || type == SW_IPC_BUFFER_FULL || type == SW_IPC_BUFFER_EMPTY;
}

/* Picks the worker for one event of a connection according to dispatch_mode. */
static int choose_worker(sw_server_t *serv, sw_reactor_thread_t *t, sw_connection_t *conn, int type)
{
	uint32_t n = serv->config.worker_num;

	/* SWOOLE_BASE: the worker that accepted a connection serves all of it. */
	if (t->base) {
		return t->id;
	}
	/* Pipelined HTTP requests are answered in order: while one is out, the next goes to the same worker. */
	if (conn->http_pending > 0 && conn->last_worker >= 0) {
		return conn->last_worker;
	}
	switch (serv->config.dispatch_mode) {
	case SW_DISPATCH_IPMOD: {
		/* Every connection from one address to one worker (FNV-1a of the address). */
		const sw_session_t *s = sw_session_slot(serv, conn->session_id);
		size_t i, len = s->family == AF_INET6 ? 16 : 4;
		uint32_t h = 2166136261u;

		for (i = 0; i < len; i++) {
			h = (h ^ s->remote_addr[i]) * 16777619u;
		}
		return (int) (h % n);
	}
	case SW_DISPATCH_UIDMOD: {
		uint32_t uid = __atomic_load_n(&sw_session_slot(serv, conn->session_id)->uid, __ATOMIC_ACQUIRE);

		/* Until bind(), as mode 2; closing events stay with the worker that had the last data. */
		if (is_sticky(type) && conn->last_worker >= 0) {
			return conn->last_worker;
		}
		return (int) ((uid != 0 ? uid : conn->session_id) % n);
	}
	case SW_DISPATCH_ROUND:
		if (is_sticky(type) && conn->last_worker >= 0) {
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

		if (is_sticky(type) && conn->last_worker >= 0) {
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
			/* Inside a callback (maybe a long one) weighs more than replies not yet counted. */
			if (__atomic_load_n(&serv->shm->workers[w].busy, __ATOMIC_RELAXED)) {
				load += 1u << 20;
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

/* Registers exactly the events the connection needs now. */
static void update_events(sw_reactor_thread_t *t, sw_connection_t *conn)
{
	uint32_t events = 0;

	if ((!t->paused || sw_http_conn_in_grace(t, conn)) && !conn->recv_paused && !conn->throttled && !conn->closing) {
		events |= SW_EVENT_READ;
	}
	if (conn->io != NULL && !sw_output_empty(&conn->io->out)) {
		events |= SW_EVENT_WRITE;
	}
	sw_reactor_set(t->loop, &conn->src, events);
}

int sw_conn_dispatch(sw_reactor_thread_t *t, sw_connection_t *conn, int type, const char *data, size_t len)
{
	return sw_conn_dispatch_prefixed(t, conn, type, NULL, 0, data, len);
}

int sw_conn_dispatch_prefixed(sw_reactor_thread_t *t, sw_connection_t *conn, int type, const void *prefix,
		size_t prefix_len, const char *data, size_t len)
{
	sw_server_t *serv = t->serv;
	int w = choose_worker(serv, t, conn, type);
	sw_channel_stats_t *st = sw_server_channel_stats(serv, t->id, w);
	sw_ipc_outq_t *q = &t->to_worker[w];
	sw_ipc_header_t hdr = {0};
	int64_t down_until = __atomic_load_n(&serv->shm->workers[w].down_until_ms, __ATOMIC_ACQUIRE);
	uint64_t seq;

	if (sw_unlikely(down_until != 0) && type != SW_IPC_CLOSE && down_until > sw_time_ms()) {
		/* Its worker is in a crash loop: an explicit close beats a wait of seconds. */
		sw_warn("session %u: worker %d keeps crashing and is down for %lld ms; closing the connection",
				conn->session_id, w, (long long) (down_until - sw_time_ms()));
		sw_error_set(SW_ERROR_SERVER_NOT_RUNNING);
		return SW_ERR;
	}

	hdr.type = (uint8_t) type;
	hdr.session_id = conn->session_id;
	hdr.reactor_id = (uint16_t) t->id;
	hdr.worker_id = -1;
	hdr.reserved = conn->listener; /* the port it came through: its callbacks (Port::on()) */
	if (sw_ipc_outq_pushv(q, &hdr, prefix, prefix_len, data, len) != SW_OK) {
		sw_error("reactor %d: cannot queue %zu bytes for worker %d: %s", t->id, prefix_len + len, w,
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
	t->flush_pending[w] = 1;
	/* A worker that cannot keep up must not make this thread buffer without limit. */
	if (type == SW_IPC_RECEIVE && sw_buffer_used(&q->queue) > SW_CHANNEL_QUEUE_HIGH && !conn->throttled) {
		conn->throttled = 1;
		t->throttled_count++;
		update_events(t, conn);
	}
	return SW_OK;
}

void sw_conn_unthrottle(sw_reactor_thread_t *t, int worker_id)
{
	sw_server_t *serv = t->serv;
	uint32_t fd;

	if (t->throttled_count == 0 || sw_buffer_used(&t->to_worker[worker_id].queue) > SW_CHANNEL_QUEUE_LOW) {
		return;
	}
	for (fd = t->fd_first; fd < serv->conn_cap && t->throttled_count > 0; fd += t->fd_step) {
		sw_connection_t *conn = &serv->conns[fd];

		if (conn->active && conn->throttled && conn->last_worker == worker_id) {
			conn->throttled = 0;
			t->throttled_count--;
			update_events(t, conn);
		}
	}
}

static void io_free(sw_reactor_thread_t *t, sw_connection_t *conn)
{
	sw_conn_io_t *io = conn->io;

	if (io == NULL) {
		return;
	}
	if (!sw_output_empty(&io->out)) {
		t->out_count--;
	}
	sw_http_conn_io_freed(t, io);
	sw_output_free(&io->out);
	sw_buffer_free(&io->in);
	free(io);
	conn->io = NULL;
}

/* Idle connections keep no buffers. */
static void io_release_if_idle(sw_connection_t *conn)
{
	sw_conn_io_t *io = conn->io;

	if (io != NULL && sw_output_empty(&io->out) && sw_buffer_used(&io->in) == 0 && io->http_since == 0) {
		sw_buffer_free(&io->in);
		free(io);
		conn->io = NULL;
	}
}

static sw_conn_io_t *io_get(sw_connection_t *conn);

void sw_conn_io_release_if_idle(sw_reactor_thread_t *t, sw_connection_t *conn)
{
	(void) t;
	io_release_if_idle(conn);
}

sw_conn_io_t *sw_conn_io_get(sw_connection_t *conn)
{
	return io_get(conn);
}

static sw_conn_io_t *io_get(sw_connection_t *conn)
{
	if (conn->io == NULL) {
		conn->io = calloc(1, sizeof(sw_conn_io_t));
		if (conn->io == NULL) {
			sw_error_set(SW_ERROR_MALLOC_FAIL);
			return NULL;
		}
		sw_output_init(&conn->io->out);
		sw_buffer_init(&conn->io->in);
	}
	return conn->io;
}

void sw_conn_release(sw_reactor_thread_t *t, sw_connection_t *conn)
{
	sw_server_t *serv = t->serv;

	sw_reactor_del(t->loop, &conn->src);
	if (serv->listeners[conn->listener].frame.mode == SW_FRAME_HTTP) {
		/*
		 * Input nobody read turns close() into a reset, which can destroy the
		 * response still on its way (an error answer, say): read it away.
		 */
		char sink[4096];
		int i;

		for (i = 0; i < 16 && recv(conn->src.fd, sink, sizeof(sink), MSG_DONTWAIT) > 0; i++) {
		}
	}
	io_free(t, conn);
	if (conn->throttled) {
		t->throttled_count--;
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

void sw_conn_close(sw_reactor_thread_t *t, sw_connection_t *conn)
{
	sw_server_t *serv = t->serv;

	if (!conn->active) {
		return;
	}
	/* Once paused for shutdown nothing more is dispatched: the workers are draining what they have. */
	if (conn->connect_sent && serv->cb.on_close != NULL && !t->paused) {
		sw_conn_dispatch(t, conn, SW_IPC_CLOSE, NULL, 0);
	}
	sw_conn_release(t, conn);
}

/* Publishes the pending output for send() in the workers and fires the watermark events. */
static void output_changed(sw_reactor_thread_t *t, sw_connection_t *conn)
{
	sw_server_t *serv = t->serv;
	size_t pending = conn->io ? conn->io->out.mem_bytes : 0;
	sw_session_t *s = &serv->shm->sessions[conn->session_id & serv->shm->session_mask];

	if (s->session_id == conn->session_id) {
		__atomic_store_n(&s->out_bytes, (uint64_t) pending, __ATOMIC_RELAXED);
	}
	if (t->paused) {
		return;
	}
	if (!conn->buffer_full && pending >= serv->buffer_high) {
		conn->buffer_full = 1;
		if (serv->cb.on_buffer_full != NULL) {
			sw_conn_dispatch(t, conn, SW_IPC_BUFFER_FULL, NULL, 0);
		}
	} else if (conn->buffer_full && pending <= serv->config.buffer_low_watermark) {
		conn->buffer_full = 0;
		if (serv->cb.on_buffer_empty != NULL) {
			sw_conn_dispatch(t, conn, SW_IPC_BUFFER_EMPTY, NULL, 0);
		}
	}
}

/* Writes pending output. SW_OK when all is written, SW_AGAIN when the socket is full, SW_ERR: closed. */
int sw_conn_flush(sw_reactor_thread_t *t, sw_connection_t *conn)
{
	sw_conn_io_t *io = conn->io;
	int rc;

	if (io == NULL || sw_output_empty(&io->out)) {
		return SW_OK;
	}
	rc = sw_output_write(&io->out, conn->src.fd);
	if (rc == SW_ERR) {
		sw_debug("session %u: write failed: %s", conn->session_id, sw_strerror(sw_error_get()));
		sw_conn_close(t, conn);
		return SW_ERR;
	}
	if (rc == SW_OK) {
		t->out_count--;
		io_release_if_idle(conn);
	}
	output_changed(t, conn);
	return rc;
}

/* Queues output behind what is pending, or writes it at once when nothing is. */
void sw_conn_write(sw_reactor_thread_t *t, sw_connection_t *conn, const char *data, size_t len)
{
	size_t done = 0;
	sw_conn_io_t *io;
	bool was_empty;

	if (conn->io == NULL || sw_output_empty(&conn->io->out)) {
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
				sw_conn_close(t, conn);
				return;
			}
			done += (size_t) n;
		}
		if (done == len) {
			return;
		}
	}
	io = io_get(conn);
	if (io == NULL) {
		goto oom;
	}
	was_empty = sw_output_empty(&io->out);
	if (sw_output_append(&io->out, data + done, len - done) != SW_OK) {
		goto oom;
	}
	if (was_empty) {
		t->out_count++;
		update_events(t, conn);
	}
	output_changed(t, conn);
	return;
oom:
	sw_error("session %u: out of memory for %zu bytes of output; closing it", conn->session_id, len - done);
	sw_conn_close(t, conn);
}

static void conn_sendfile(sw_reactor_thread_t *t, sw_connection_t *conn, const char *payload, size_t len)
{
	sw_ipc_sendfile_t req;
	char path[4096];
	sw_conn_io_t *io;
	bool was_empty;
	int fd;

	if (len <= sizeof(req) || len - sizeof(req) >= sizeof(path)) {
		sw_warn("session %u: malformed sendfile request dropped", conn->session_id);
		return;
	}
	memcpy(&req, payload, sizeof(req));
	memcpy(path, payload + sizeof(req), len - sizeof(req));
	path[len - sizeof(req)] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		/* The worker checked it a moment ago: a vanished file breaks this response, so close. */
		sw_warn("session %u: sendfile(%s): %s; closing the connection", conn->session_id, path, strerror(errno));
		sw_conn_close(t, conn);
		return;
	}
	io = io_get(conn);
	if (io == NULL) {
		close(fd);
		sw_conn_close(t, conn);
		return;
	}
	was_empty = sw_output_empty(&io->out);
	if (sw_output_append_file(&io->out, fd, (off_t) req.offset, (size_t) req.length) != SW_OK) {
		sw_conn_close(t, conn);
		return;
	}
	if (was_empty && !sw_output_empty(&io->out)) {
		t->out_count++;
	}
	if (sw_conn_flush(t, conn) != SW_ERR) {
		update_events(t, conn);
	}
}

void sw_conn_close_after_output(sw_reactor_thread_t *t, sw_connection_t *conn)
{
	if (conn->io == NULL || sw_output_empty(&conn->io->out)) {
		sw_conn_close(t, conn);
	} else {
		conn->closing = 1;
		update_events(t, conn);
	}
}

sw_connection_t *sw_conn_by_session(sw_reactor_thread_t *t, uint32_t session_id)
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

void sw_conn_handle_worker_message(sw_reactor_thread_t *t, const sw_ipc_message_t *msg)
{
	sw_connection_t *conn = sw_conn_by_session(t, msg->hdr.session_id);

	if (conn == NULL) {
		/* The client left before the reply: nothing to deliver it to. */
		sw_debug("reactor %d: message type %d for closed session %u dropped", t->id, msg->hdr.type,
				msg->hdr.session_id);
		return;
	}
	switch (msg->hdr.type) {
	case SW_IPC_SEND: {
		sw_session_t *s = &t->serv->shm->sessions[conn->session_id & t->serv->shm->session_mask];

		/* Taken over: from now on it counts as pending output (or is written already). */
		__atomic_fetch_sub(&s->inflight_bytes, (uint64_t) msg->len, __ATOMIC_RELAXED);
		if (!conn->closing) {
			sw_conn_write(t, conn, msg->data, msg->len);
			if (conn->active && t->serv->listeners[conn->listener].frame.mode == SW_FRAME_HTTP) {
				sw_http_conn_replied(t, conn, msg->hdr.reserved);
			}
		}
		break;
	}
	case SW_IPC_SENDFILE:
		if (!conn->closing) {
			conn_sendfile(t, conn, msg->data, msg->len);
			if (conn->active && t->serv->listeners[conn->listener].frame.mode == SW_FRAME_HTTP) {
				sw_http_conn_replied(t, conn, msg->hdr.reserved);
			}
		}
		break;
	case SW_IPC_CLOSE_REQUEST:
		sw_conn_close_after_output(t, conn);
		break;
	case SW_IPC_PAUSE_RECV:
		conn->recv_paused = 1;
		update_events(t, conn);
		break;
	case SW_IPC_RESUME_RECV:
		conn->recv_paused = 0;
		update_events(t, conn);
		break;
	default:
		sw_warn("reactor %d: unexpected message type %d from worker %d", t->id, msg->hdr.type, msg->hdr.worker_id);
		break;
	}
}

static int dispatch_frame(void *ctx, const char *frame, size_t len)
{
	sw_frame_ctx_t *fc = ctx;

	if (sw_conn_dispatch(fc->t, fc->conn, SW_IPC_RECEIVE, frame, len) != SW_OK) {
		fc->failed = true;
		return -1;
	}
	return 0;
}

static void frame_error(sw_reactor_thread_t *t, sw_connection_t *conn)
{
	int err = sw_error_get();

	sw_warn("session %u: %s (package_max_length %zu); closing the connection", conn->session_id,
			err == SW_ERROR_PACKAGE_MALFORMED ? "malformed length field" : "frame too large",
			t->serv->config.frame.max_length);
	sw_conn_close(t, conn);
}

/* Parses and dispatches; closes the connection (returning -1) on any failure. */
static ssize_t parse_frames(sw_reactor_thread_t *t, sw_connection_t *conn, const char *data, size_t len,
		size_t *scan_pos, size_t *need)
{
	const sw_frame_config_t *fc = &t->serv->listeners[conn->listener].frame;
	sw_frame_ctx_t ctx = {t, conn, false};
	ssize_t used = sw_frame_parse(fc, data, len, dispatch_frame, &ctx, scan_pos, need);

	if (ctx.failed) {
		sw_conn_close(t, conn);
		return -1;
	}
	if (used < 0) {
		frame_error(t, conn);
		return -1;
	}
	return used;
}

/*
 * Frames what was just read. Whole frames in the thread's read buffer go
 * out from there; only the incomplete tail is copied into the connection.
 */
static void conn_frame_input(sw_reactor_thread_t *t, sw_connection_t *conn, const char *data, size_t n)
{
	sw_conn_io_t *io = conn->io;
	size_t scan_pos = 0, need = 0;
	ssize_t used;

	if (io == NULL || sw_buffer_used(&io->in) == 0) {
		used = parse_frames(t, conn, data, n, &scan_pos, &need);
		if (used < 0 || (size_t) used == n || !conn->active) {
			return;
		}
		io = io_get(conn);
		if (io == NULL || sw_buffer_reserve(&io->in, SW_MAX(need, n - (size_t) used)) != SW_OK ||
				sw_buffer_append(&io->in, data + used, n - (size_t) used) != SW_OK) {
			sw_error("session %u: out of memory for a partial frame; closing it", conn->session_id);
			sw_conn_close(t, conn);
			return;
		}
		io->scan_pos = scan_pos;
		io->need = need;
		return;
	}
	if (data != sw_buffer_head(&io->in) + sw_buffer_used(&io->in) - n &&
			sw_buffer_append(&io->in, data, n) != SW_OK) {
		sw_error("session %u: out of memory for a partial frame; closing it", conn->session_id);
		sw_conn_close(t, conn);
		return;
	}
	scan_pos = io->scan_pos;
	used = parse_frames(t, conn, sw_buffer_head(&io->in), sw_buffer_used(&io->in), &scan_pos, &need);
	if (used < 0 || !conn->active) {
		return;
	}
	sw_buffer_consume(&io->in, (size_t) used);
	io->scan_pos = scan_pos;
	io->need = need;
	if (sw_buffer_used(&io->in) == 0) {
		sw_buffer_reset(&io->in, 0);
		io_release_if_idle(conn);
	} else if (used > 0) {
		sw_buffer_compact(&io->in);
	}
}

/* Messages of this connection dispatched and not yet handled by its worker. */
static bool conn_outstanding(sw_reactor_thread_t *t, sw_connection_t *conn)
{
	sw_channel_stats_t *st;

	if (conn->last_worker < 0) {
		return false;
	}
	st = sw_server_channel_stats(t->serv, t->id, conn->last_worker);
	return (int32_t) (conn->last_seq - (uint32_t) __atomic_load_n(&st->done, __ATOMIC_ACQUIRE)) > 0;
}

/* Remembers a half-closed connection, so the check looks at it and not at every slot. */
static int eof_list_add(sw_reactor_thread_t *t, uint32_t fd)
{
	if (t->eof_waiting == t->eof_cap) {
		uint32_t cap = t->eof_cap ? t->eof_cap * 2 : 16;
		uint32_t *list = realloc(t->eof_fds, sizeof(uint32_t) * cap);

		if (list == NULL) {
			return SW_ERR; /* then it is closed at once, as before */
		}
		t->eof_fds = list;
		t->eof_cap = cap;
	}
	t->eof_fds[t->eof_waiting++] = fd;
	return SW_OK;
}

void sw_conn_check_eof(sw_reactor_thread_t *t)
{
	sw_server_t *serv = t->serv;
	uint32_t i, kept = 0, n = t->eof_waiting;

	for (i = 0; i < n; i++) {
		uint32_t fd = t->eof_fds[i];
		sw_connection_t *conn = &serv->conns[fd];

		if (!conn->active || !conn->peer_eof) {
			continue; /* closed meanwhile */
		}
		if (conn_outstanding(t, conn)) {
			t->eof_fds[kept++] = fd;
			continue;
		}
		/* Its answers were written before `done` moved: take them in, then close after them. */
		sw_reactor_thread_drain_channel(t, conn->last_worker);
		if (conn->active) {
			conn->peer_eof = 0;
			sw_conn_close_after_output(t, conn);
		}
	}
	t->eof_waiting = kept;
}

static void conn_read(sw_reactor_thread_t *t, sw_connection_t *conn)
{
	sw_server_t *serv = t->serv;
	sw_conn_io_t *io = conn->io;
	char *buf = t->read_buf;
	size_t room = SW_READ_BUFFER_SIZE;
	bool into_conn = false;
	ssize_t n;

	/* A large frame whose size is known is read straight into its own buffer: no second copy. */
	if (io != NULL && io->need > sw_buffer_used(&io->in) + SW_READ_BUFFER_SIZE &&
			sw_buffer_reserve(&io->in, io->need - sw_buffer_used(&io->in)) == SW_OK) {
		buf = io->in.data + io->in.length;
		room = io->need - sw_buffer_used(&io->in);
		into_conn = true;
	}
	n = read(conn->src.fd, buf, room);
	if (n > 0) {
		sw_session_t *s = &serv->shm->sessions[conn->session_id & serv->shm->session_mask];

		/* The clock read before epoll_wait may be a whole sleep old. */
		t->now_s = (uint32_t) ((sw_time_ms() - serv->clock_base_ms) / 1000);
		conn->last_recv = t->now_s;
		__atomic_store_n(&s->last_active, t->now_s, __ATOMIC_RELAXED);
		if (conn->closing) {
			return; /* a close was requested: what comes now has nobody to go to */
		}
		if (into_conn) {
			io->in.length += (size_t) n;
			if (serv->listeners[conn->listener].frame.mode == SW_FRAME_HTTP) {
				sw_http_conn_input(t, conn, io->in.data + io->in.length - n, (size_t) n);
			} else {
				conn_frame_input(t, conn, io->in.data + io->in.length - n, (size_t) n);
			}
		} else if (serv->listeners[conn->listener].frame.mode == SW_FRAME_HTTP) {
			sw_http_conn_input(t, conn, buf, (size_t) n);
		} else if (serv->listeners[conn->listener].frame.mode == SW_FRAME_NONE) {
			if (sw_conn_dispatch(t, conn, SW_IPC_RECEIVE, buf, (size_t) n) != SW_OK) {
				sw_conn_close(t, conn);
			}
		} else {
			conn_frame_input(t, conn, buf, (size_t) n);
		}
	} else if (n == 0) {
		if (conn->http_pending > 0) {
			/* An HTTP client that half-closed still gets the responses it asked for, then the close. */
			conn->http_state |= SW_CONN_HTTP_LAST | SW_CONN_HTTP_EOF;
			conn->recv_paused = 1;
			update_events(t, conn);
			return;
		}
		if (conn_outstanding(t, conn) && eof_list_add(t, (uint32_t) conn->src.fd) == SW_OK) {
			/*
			 * A client that half-closed (shutdown(SHUT_WR), `nc -q`) still gets
			 * the answers to what it sent: the close waits for its messages.
			 */
			conn->peer_eof = 1;
			conn->recv_paused = 1;
			update_events(t, conn);
			return;
		}
		sw_conn_close(t, conn);
	} else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
		sw_debug("session %u: read failed: %s", conn->session_id, strerror(errno));
		sw_conn_close(t, conn);
	}
}

void sw_conn_event(sw_reactor_t *reactor, sw_event_source_t *src, uint32_t events)
{
	sw_reactor_thread_t *t = sw_thread_of(reactor);
	sw_server_t *serv = t->serv;
	sw_connection_t *conn = src->ptr;

	if (!conn->active) {
		return;
	}
	if (t->paused && (!conn->connect_sent || (events & SW_EVENT_ERROR))) {
		/* Shutting down: a connection never announced, or one that hung up, just goes. */
		sw_conn_release(t, conn);
		return;
	}
	if (!conn->connect_sent) {
		/* First event of a new connection (registered for writability so it comes at once). */
		conn->connect_sent = 1;
		conn->last_recv = t->now_s;
		if (serv->cb.on_connect != NULL && sw_conn_dispatch(t, conn, SW_IPC_CONNECT, NULL, 0) != SW_OK) {
			sw_conn_release(t, conn);
			return;
		}
		update_events(t, conn);
		events &= ~SW_EVENT_WRITE;
	}
	if ((events & SW_EVENT_WRITE) && conn->io != NULL && !sw_output_empty(&conn->io->out)) {
		int rc = sw_conn_flush(t, conn);

		if (rc == SW_ERR) {
			return;
		}
		if (rc == SW_OK) {
			if (conn->closing) {
				sw_conn_close(t, conn);
				return;
			}
			update_events(t, conn);
		}
	}
	if ((events & SW_EVENT_READ) && (src->events & SW_EVENT_READ)) {
		conn_read(t, conn);
	} else if ((events & SW_EVENT_ERROR) && conn->active) {
		/* Not reading (paused): still notice a connection that is gone. */
		sw_conn_close(t, conn);
	}
}

void sw_conn_heartbeat(sw_reactor_thread_t *t)
{
	sw_server_t *serv = t->serv;
	uint32_t idle = serv->heartbeat_idle, fd, closed = 0;

	for (fd = t->fd_first; fd < serv->conn_cap; fd += t->fd_step) {
		sw_connection_t *conn = &serv->conns[fd];

		if (conn->active && conn->connect_sent && t->now_s - conn->last_recv >= idle &&
				!__atomic_load_n(&sw_session_slot(serv, conn->session_id)->protect, __ATOMIC_RELAXED)) {
			sw_conn_close(t, conn);
			closed++;
		}
	}
	if (closed > 0) {
		sw_info("reactor %d: heartbeat closed %u connection%s idle for %u s or more", t->id, closed,
				closed == 1 ? "" : "s", idle);
	}
}

/*
 * A flood of connections over the limit must not become a flood of log
 * lines: the first refusal is logged at once, later ones at most once a
 * second with how many were refused since the previous line, and the
 * remainder when the server accepts again. The counters are shared, so this
 * holds for the server as a whole when several SWOOLE_BASE workers accept.
 * stats() counts every refusal.
 */
bool sw_conn_refuse_over_limit(sw_server_t *serv, int fd, const sw_sockaddr_t *peer)
{
	sw_shared_t *shm = serv->shm;
	char ip[64] = "?";
	int port = 0;
	int64_t now, last;
	uint64_t n;

	if (__atomic_load_n(&shm->conn_count, __ATOMIC_RELAXED) < serv->config.max_connection &&
			(uint32_t) fd < serv->conn_cap) {
		if (__atomic_load_n(&shm->refuse_unlogged, __ATOMIC_RELAXED) > 0 &&
				(n = __atomic_exchange_n(&shm->refuse_unlogged, 0, __ATOMIC_RELAXED)) > 0) {
			sw_warn("max_connection (%u): %llu more connections refused, accepting again",
					serv->config.max_connection, (unsigned long long) n);
		}
		return false;
	}
	close(fd);
	__atomic_fetch_add(&shm->refused_count, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&shm->refuse_unlogged, 1, __ATOMIC_RELAXED);
	now = sw_time_ms();
	last = __atomic_load_n(&shm->refuse_logged_ms, __ATOMIC_RELAXED);
	/* One process wins the right to write the line for this second. */
	if ((last == 0 || now - last >= 1000) &&
			__atomic_compare_exchange_n(&shm->refuse_logged_ms, &last, now, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
		n = __atomic_exchange_n(&shm->refuse_unlogged, 0, __ATOMIC_RELAXED);
		if (n > 0) {
			sw_sockaddr_format(peer, ip, sizeof(ip), &port);
			sw_warn("max_connection (%u) reached: %llu connection%s refused (the last from %s:%d)",
					serv->config.max_connection, (unsigned long long) n, n == 1 ? "" : "s", ip, port);
		}
	}
	return true;
}

int sw_reactor_thread_adopt(sw_server_t *serv, int fd, int listener, const sw_sockaddr_t *peer)
{
	return sw_conn_adopt(&serv->threads[fd % (int) serv->config.reactor_num], fd, listener, peer);
}

int sw_conn_adopt(sw_reactor_thread_t *t, int fd, int listener, const sw_sockaddr_t *peer)
{
	sw_server_t *serv = t->serv;
	sw_connection_t *conn = &serv->conns[fd];
	uint32_t sid = sw_session_alloc(serv, fd, t->id, listener, peer);

	if (sid == 0) {
		sw_warn("session table full: connection refused");
		return SW_ERR;
	}
	memset(conn, 0, sizeof(*conn));
	/* A new connection counts as active now (heartbeat() in the workers reads this). */
	serv->shm->sessions[sid & serv->shm->session_mask].last_active =
			(uint32_t) ((sw_time_ms() - serv->clock_base_ms) / 1000);
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
	if (sw_reactor_add(t->loop, &conn->src, fd, SW_EVENT_READ | SW_EVENT_WRITE, sw_conn_event, conn) != SW_OK) {
		conn->active = 0;
		sw_session_free(serv, sid);
		__atomic_fetch_sub(&serv->shm->conn_count, 1, __ATOMIC_RELAXED);
		return SW_ERR;
	}
	return SW_OK;
}

/* Which worker a datagram's sender belongs to: one sender, one worker, so its datagrams stay in order. */
static int packet_worker(sw_server_t *serv, const sw_ipc_packet_t *p)
{
	uint32_t h = 2166136261u;
	uint16_t i;

	for (i = 0; i < p->addr_len; i++) {
		h = (h ^ (uint8_t) p->addr[i]) * 16777619u;
	}
	h = (h ^ p->port) * 16777619u;
	return (int) (h % serv->config.worker_num);
}

static void packet_dispatch(sw_reactor_thread_t *t, const char *buf, size_t len)
{
	sw_server_t *serv = t->serv;
	const sw_ipc_packet_t *p = (const sw_ipc_packet_t *) buf;
	int w = t->base ? t->id : packet_worker(serv, p);
	sw_channel_stats_t *st = sw_server_channel_stats(serv, t->id, w);
	int64_t down_until = __atomic_load_n(&serv->shm->workers[w].down_until_ms, __ATOMIC_ACQUIRE);
	sw_ipc_header_t hdr = {0};

	if (sw_unlikely(down_until != 0) && down_until > sw_time_ms()) {
		return; /* its worker is in a crash loop: a datagram may be lost, so it is */
	}
	if (sw_buffer_used(&t->to_worker[w].queue) > SW_CHANNEL_QUEUE_HIGH) {
		/* The worker does not keep up: drop, as a full socket buffer would, rather than grow. */
		if (t->packets_dropped++ % 1000 == 0) {
			sw_warn("reactor %d: worker %d does not keep up with the datagrams; %llu dropped so far", t->id, w,
					(unsigned long long) t->packets_dropped);
		}
		return;
	}
	hdr.type = SW_IPC_PACKET;
	hdr.reactor_id = (uint16_t) t->id;
	hdr.worker_id = -1;
	hdr.reserved = p->listener;
	if (sw_ipc_outq_push(&t->to_worker[w], &hdr, buf, len) != SW_OK) {
		sw_error("reactor %d: cannot queue a datagram for worker %d: %s", t->id, w, sw_strerror(sw_error_get()));
		return;
	}
	__atomic_store_n(&st->dispatched, st->dispatched + 1, __ATOMIC_RELAXED);
	t->flush_pending[w] = 1;
}

void sw_packet_event(sw_reactor_t *reactor, sw_event_source_t *src, uint32_t events)
{
	sw_reactor_thread_t *t = sw_thread_of(reactor);
	sw_listener_t *l = src->ptr;
	sw_ipc_packet_t *p = (sw_ipc_packet_t *) t->packet_buf;
	int i;

	(void) events;
	if (t->paused) {
		return;
	}
	for (i = 0; i < SW_UDP_READ_BATCH; i++) {
		sw_sockaddr_t from;
		socklen_t flen = sizeof(from);
		ssize_t n = recvfrom(src->fd, t->packet_buf + sizeof(*p), SW_UDP_PACKET_MAX, MSG_DONTWAIT, &from.sa, &flen);

		if (n < 0) {
			if (errno == EINTR) {
				continue;
			}
			if (errno != EAGAIN && errno != EWOULDBLOCK) {
				sw_warn("reactor %d: recvfrom() on %s failed: %s", t->id, l->host, strerror(errno));
			}
			return;
		}
		/* All of it: the unused tail of addr travels to the worker too (valgrind saw it uninitialised). */
		memset(p, 0, sizeof(*p));
		p->listener = (uint16_t) (l - t->serv->listeners);
		p->family = from.sa.sa_family;
		if (from.sa.sa_family == AF_INET) {
			memcpy(p->addr, &from.in4.sin_addr, 4);
			p->addr_len = 4;
			p->port = ntohs(from.in4.sin_port);
		} else if (from.sa.sa_family == AF_INET6) {
			memcpy(p->addr, &from.in6.sin6_addr, 16);
			p->addr_len = 16;
			p->port = ntohs(from.in6.sin6_port);
		} else {
			/* A unix sender that bound no path has none: it cannot be answered. */
			size_t plen = flen > offsetof(struct sockaddr_un, sun_path) ? strnlen(from.un.sun_path,
					flen - offsetof(struct sockaddr_un, sun_path)) : 0;

			p->family = AF_UNIX;
			p->addr_len = (uint16_t) SW_MIN(plen, sizeof(p->addr));
			memcpy(p->addr, from.un.sun_path, p->addr_len);
		}
		packet_dispatch(t, t->packet_buf, sizeof(*p) + (size_t) n);
	}
}
