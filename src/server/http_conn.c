/*
 * HTTP/1.x as a protocol of the reactor threads (frame mode SW_FRAME_HTTP):
 * requests are read and checked here, before dispatch, so a worker only ever
 * gets a complete, valid request: an sw_http_dispatch_t, the head as sent,
 * then the body (decoded when it came chunked).
 *
 * Per connection the thread tracks how many requests are out at a worker
 * and whether a response has started (sw_connection_t.http_pending and
 * http_state), so that:
 * - pipelined requests go to the same worker while one is out (answered in
 *   order), and an error found in a later request is answered after the
 *   earlier responses: it travels to that worker, which writes it in turn;
 * - a worker that dies in the middle of a request leaves its client a 502
 *   rather than a silent close, unless part of the response already went;
 * - a head that takes longer than http_header_timeout gets 408 (slowloris).
 *
 * Hot path: a request that arrives whole in one read is dispatched from the
 * thread's read buffer; nothing is allocated.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "server_internal.h"
#include "sw_http.h"
#include "sw_log.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char continue_100[] = "HTTP/1.1 100 Continue\r\n\r\n";

static double wall_time(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* Answers with an error status and closes; behind the responses still due, if any. */
static void http_refuse(sw_reactor_thread_t *t, sw_connection_t *conn, int status)
{
	char buf[512];
	size_t n;

	conn->http_state |= SW_CONN_HTTP_LAST;
	sw_debug("session %u: HTTP request refused with %d", conn->session_id, status);
	if (conn->http_pending > 0) {
		sw_http_dispatch_t meta = {0};

		meta.status = (uint16_t) status;
		if (sw_conn_dispatch_prefixed(t, conn, SW_IPC_RECEIVE, &meta, sizeof(meta), NULL, 0) == SW_OK) {
			conn->http_pending++;
			return;
		}
		sw_conn_close(t, conn);
		return;
	}
	n = sw_http_error_response(status, buf, sizeof(buf));
	sw_conn_write(t, conn, buf, n);
	if (conn->active) {
		sw_conn_close_after_output(t, conn);
	}
}

static int http_dispatch(sw_reactor_thread_t *t, sw_connection_t *conn, const char *req, const sw_http_reader_t *r)
{
	sw_http_dispatch_t meta = {0};

	if (conn->http_pending == UINT16_MAX) {
		sw_warn("session %u: %u pipelined requests unanswered; closing", conn->session_id, (unsigned) UINT16_MAX);
		sw_conn_close(t, conn);
		return SW_ERR;
	}
	meta.head_len = r->head_len;
	meta.body_len = (uint32_t) sw_http_reader_body_len(r);
	meta.flags = r->flags;
	meta.recv_time = wall_time();
	if (sw_conn_dispatch_prefixed(t, conn, SW_IPC_RECEIVE, &meta, sizeof(meta), req + r->skip,
				r->head_len + meta.body_len) != SW_OK) {
		if (sw_error_get() == SW_ERROR_SERVER_NOT_RUNNING && conn->http_pending == 0) {
			/* Its worker is in a crash loop (backing off): say so rather than just hang up. */
			http_refuse(t, conn, 503);
		} else {
			sw_conn_close(t, conn);
		}
		return SW_ERR;
	}
	conn->http_pending++;
	if (!(r->flags & SW_HTTP_KEEP_ALIVE)) {
		/* The response closes the connection: whatever the client sends after this is not read. */
		conn->http_state |= SW_CONN_HTTP_LAST;
	}
	return SW_OK;
}

/*
 * Reads the requests in buf[0..len), r being the state of the first one.
 * Returns the bytes of the complete requests, or -1 once the connection was
 * refused or closed (the caller then leaves it alone).
 */
static ssize_t http_parse(sw_reactor_thread_t *t, sw_connection_t *conn, char *buf, size_t len, sw_http_reader_t *r)
{
	sw_server_t *serv = t->serv;
	sw_http_limits_t lim = {serv->config.http_max_header_size, serv->config.package_max_length};
	size_t pos = 0;

	while (pos < len) {
		int rc = sw_http_reader_feed(r, &lim, buf + pos, len - pos, NULL);

		if (rc == SW_AGAIN) {
			if (r->phase != SW_HTTP_READ_HEAD && (r->flags & SW_HTTP_EXPECT_CONTINUE) && !r->continue_sent) {
				r->continue_sent = 1;
				/* Interim responses cannot overtake a pipelined one; the client then sends on its own. */
				if (conn->http_pending == 0) {
					sw_conn_write(t, conn, continue_100, sizeof(continue_100) - 1);
					if (!conn->active) {
						return -1;
					}
				}
			}
			break;
		}
		if (rc == SW_ERR) {
			http_refuse(t, conn, r->status);
			return -1;
		}
		if (http_dispatch(t, conn, buf + pos, r) != SW_OK) {
			return -1;
		}
		pos += sw_http_reader_consumed(r);
		sw_http_reader_init(r);
		if (conn->http_state & SW_CONN_HTTP_LAST) {
			return (ssize_t) len;
		}
	}
	return (ssize_t) pos;
}

/* Starts, restarts or stops the header timer of the request in io. */
static void head_timer(sw_reactor_thread_t *t, sw_conn_io_t *io, bool waiting, bool restart)
{
	if (waiting) {
		if (io->http_since == 0) {
			io->http_since = t->now_s + 1;
			t->http_partial_count++;
		} else if (restart) {
			io->http_since = t->now_s + 1;
		}
	} else if (io->http_since != 0) {
		io->http_since = 0;
		t->http_partial_count--;
	}
}

/* Bytes the request in io will take when its size is known (a large body is read straight into place). */
static size_t request_need(const sw_http_reader_t *r)
{
	if (r->phase == SW_HTTP_READ_BODY) {
		return r->skip + r->head_len + (size_t) r->content_length;
	}
	return 0;
}

void sw_http_conn_input(sw_reactor_thread_t *t, sw_connection_t *conn, char *data, size_t n)
{
	sw_conn_io_t *io = conn->io;
	sw_http_reader_t r;
	ssize_t used;

	if (conn->http_state & SW_CONN_HTTP_LAST) {
		if (io != NULL && sw_buffer_used(&io->in) > 0) {
			sw_buffer_reset(&io->in, 0);
		}
		return; /* after a last request or a refusal nothing more is read */
	}
	if (io == NULL || sw_buffer_used(&io->in) == 0) {
		sw_http_reader_init(&r);
		used = http_parse(t, conn, data, n, &r);
		if (used < 0 || !conn->active || (size_t) used == n) {
			return;
		}
		io = sw_conn_io_get(conn);
		if (io == NULL || sw_buffer_reserve(&io->in, SW_MAX(request_need(&r), n - (size_t) used)) != SW_OK ||
				sw_buffer_append(&io->in, data + used, n - (size_t) used) != SW_OK) {
			sw_error("session %u: out of memory for a partial request; closing it", conn->session_id);
			sw_conn_close(t, conn);
			return;
		}
		io->http = r;
		io->need = request_need(&r);
		head_timer(t, io, r.phase == SW_HTTP_READ_HEAD, true);
		return;
	}
	if (data != sw_buffer_head(&io->in) + sw_buffer_used(&io->in) - n && sw_buffer_append(&io->in, data, n) != SW_OK) {
		sw_error("session %u: out of memory for a partial request; closing it", conn->session_id);
		sw_conn_close(t, conn);
		return;
	}
	used = http_parse(t, conn, sw_buffer_head(&io->in), sw_buffer_used(&io->in), &io->http);
	if (used < 0 || !conn->active) {
		return;
	}
	sw_buffer_consume(&io->in, (size_t) used);
	io->need = request_need(&io->http);
	if (sw_buffer_used(&io->in) == 0) {
		sw_buffer_reset(&io->in, 0);
		head_timer(t, io, false, false);
		sw_http_reader_init(&io->http);
		sw_conn_io_release_if_idle(t, conn);
		return;
	}
	head_timer(t, io, io->http.phase == SW_HTTP_READ_HEAD, used > 0);
	if (used > 0) {
		sw_buffer_compact(&io->in);
	}
}

void sw_http_conn_replied(sw_reactor_thread_t *t, sw_connection_t *conn, uint32_t send_flags)
{
	if (send_flags & SW_SEND_HTTP_END) {
		conn->http_state &= (uint8_t) ~SW_CONN_HTTP_STARTED;
		if (conn->http_pending > 0) {
			conn->http_pending--;
		}
		if (conn->http_pending == 0 && (conn->http_state & SW_CONN_HTTP_EOF)) {
			sw_conn_close_after_output(t, conn);
		}
	} else {
		conn->http_state |= SW_CONN_HTTP_STARTED;
	}
}

void sw_http_conn_worker_died(sw_reactor_thread_t *t, sw_connection_t *conn)
{
	char buf[512];
	size_t n;

	if (conn->http_pending == 0) {
		/* Everything was answered (a 500 written before the death, say): let it reach the client. */
		sw_conn_close_after_output(t, conn);
		return;
	}
	if (conn->http_state & SW_CONN_HTTP_STARTED) {
		/* Half a response went out: only closing can tell the client. */
		sw_conn_close(t, conn);
		return;
	}
	conn->http_state |= SW_CONN_HTTP_LAST;
	n = sw_http_error_response(502, buf, sizeof(buf));
	sw_conn_write(t, conn, buf, n);
	if (conn->active) {
		sw_conn_close_after_output(t, conn);
	}
}

void sw_http_conn_sweep(sw_reactor_thread_t *t)
{
	sw_server_t *serv = t->serv;
	uint32_t timeout = serv->config.http_header_timeout, fd, closed = 0;

	if (timeout == 0 || t->http_partial_count == 0) {
		return;
	}
	for (fd = t->fd_first; fd < serv->conn_cap && t->http_partial_count > 0; fd += t->fd_step) {
		sw_connection_t *conn = &serv->conns[fd];

		if (!conn->active || conn->io == NULL || conn->io->http_since == 0 ||
				t->now_s + 1 - conn->io->http_since < timeout) {
			continue;
		}
		head_timer(t, conn->io, false, false);
		http_refuse(t, conn, 408);
		closed++;
	}
	if (closed > 0) {
		sw_info("reactor %d: %u connection%s sent no complete request head within %u s (408)", t->id, closed,
				closed == 1 ? "" : "s", timeout);
	}
}

void sw_http_conn_io_freed(sw_reactor_thread_t *t, sw_conn_io_t *io)
{
	head_timer(t, io, false, false);
}

/*
 * Shutdown in SWOOLE_PROCESS. A load balancer that keeps connections alive
 * may have sent a request on one just as the server stops; were it left
 * unread and closed with the rest, that request would be lost (nginx retries
 * a GET elsewhere, never a POST it already sent). So for a short grace period
 * the HTTP connections are still read and their requests dispatched; every
 * response now says Connection: close (the workers see the stop), so each
 * connection ends after its answer and the balancer, finding the port closed,
 * marks the instance down. At the end the idle ones are closed, and only then
 * does the thread report itself drained (the workers wait for that).
 */
static bool grace_conn(const sw_reactor_thread_t *t, const sw_connection_t *conn)
{
	return conn->active && conn->connect_sent && sw_http_conn_in_grace(t, conn);
}

/* The events of a connection read during the grace period (as update_events() with reading on). */
static void grace_events(sw_reactor_thread_t *t, sw_connection_t *conn)
{
	uint32_t events = 0;

	if (!conn->recv_paused && !conn->throttled && !conn->closing && !(conn->http_state & SW_CONN_HTTP_LAST)) {
		events |= SW_EVENT_READ;
	}
	if (conn->io != NULL && !sw_output_empty(&conn->io->out)) {
		events |= SW_EVENT_WRITE;
	}
	sw_reactor_set(t->loop, &conn->src, events);
}

/* HTTP connections of the thread still open; *busy: how many of them wait for an answer. */
static uint32_t grace_count(sw_reactor_thread_t *t, uint32_t *busy)
{
	sw_server_t *serv = t->serv;
	uint32_t fd, n = 0;

	*busy = 0;
	for (fd = t->fd_first; fd < serv->conn_cap; fd += t->fd_step) {
		if (grace_conn(t, &serv->conns[fd])) {
			n++;
			if (serv->conns[fd].http_pending > 0) {
				(*busy)++;
			}
		}
	}
	return n;
}

void sw_http_conn_grace_begin(sw_reactor_thread_t *t)
{
	sw_server_t *serv = t->serv;
	uint32_t fd, busy;
	int64_t now;

	if (t->base || t->http_grace) {
		return;
	}
	t->http_grace = true;
	if (grace_count(t, &busy) == 0) {
		t->http_grace = false;
		return;
	}
	now = sw_time_ms();
	t->http_grace_start_ms = now;
	t->http_grace_end_ms = now + SW_HTTP_SHUTDOWN_GRACE_MS;
	t->http_grace_poll_ms = now + SW_HTTP_SHUTDOWN_POLL_MS;
	for (fd = t->fd_first; fd < serv->conn_cap; fd += t->fd_step) {
		sw_connection_t *conn = &serv->conns[fd];

		if (grace_conn(t, conn)) {
			grace_events(t, conn);
		}
	}
}

static void grace_end(sw_reactor_thread_t *t)
{
	sw_server_t *serv = t->serv;
	uint32_t fd, closed = 0;

	for (fd = t->fd_first; fd < serv->conn_cap; fd += t->fd_step) {
		sw_connection_t *conn = &serv->conns[fd];
		bool partial;

		if (!grace_conn(t, conn)) {
			continue;
		}
		partial = conn->io != NULL && sw_buffer_used(&conn->io->in) > 0;
		if (conn->http_pending > 0) {
			/* Its answers still come: it closes after them, reading nothing more. */
			conn->http_state |= SW_CONN_HTTP_LAST | SW_CONN_HTTP_EOF;
			continue;
		}
		if (partial && !(conn->http_state & SW_CONN_HTTP_LAST)) {
			/* Half a request when the time is up: say so rather than just hang up. */
			http_refuse(t, conn, 503);
		} else {
			sw_conn_close_after_output(t, conn);
		}
		closed++;
	}
	t->http_grace = false;
	/* Reading stops now for what is left (update_events() sees the thread paused). */
	for (fd = t->fd_first; fd < serv->conn_cap; fd += t->fd_step) {
		sw_connection_t *conn = &serv->conns[fd];

		if (conn->active && sw_thread_owns(t, fd) && !conn->closing) {
			bool pending = conn->io != NULL && !sw_output_empty(&conn->io->out);

			sw_reactor_set(t->loop, &conn->src, pending ? SW_EVENT_WRITE : 0);
		}
	}
	if (closed > 0) {
		sw_debug("reactor %d: shutdown closed %u idle HTTP connection%s", t->id, closed, closed == 1 ? "" : "s");
	}
}

void sw_http_conn_grace_check(sw_reactor_thread_t *t, int *timeout_ms)
{
	/* While requests are still being handled the stop waits for them anyway: keep reading, up to half of max_wait_time. */
	int64_t now = sw_time_ms(), next, limit = t->http_grace_start_ms + (int64_t) t->serv->config.max_wait_time * 500;
	uint32_t busy, open;

	if (now < t->http_grace_poll_ms) {
		goto wait;
	}
	t->http_grace_poll_ms = now + SW_HTTP_SHUTDOWN_POLL_MS;
	open = grace_count(t, &busy);
	if (open > 0 && (now < t->http_grace_end_ms || (busy > 0 && now < limit))) {
		if (busy > 0 && t->http_grace_end_ms < limit) {
			t->http_grace_end_ms = SW_MIN(now + SW_HTTP_SHUTDOWN_GRACE_MS, limit);
		}
		goto wait;
	}
	grace_end(t);
	/* Nothing else may come to run it: close what was released and report the thread drained. */
	sw_reactor_thread_after_events(t);
	return;
wait:
	next = SW_MIN(t->http_grace_end_ms, t->http_grace_poll_ms) - now;
	if (*timeout_ms < 0 || next < *timeout_ms) {
		*timeout_ms = next > 0 ? (int) next : 0;
	}
}

static void free_list(char **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(list[i]);
	}
	free(list);
}

static char **copy_list(const char *const *src, size_t n)
{
	char **dst = calloc(n + 1, sizeof(char *));
	size_t i;

	if (dst == NULL) {
		return NULL;
	}
	for (i = 0; i < n; i++) {
		dst[i] = strdup(src[i]);
		if (dst[i] == NULL) {
			free_list(dst, i);
			return NULL;
		}
	}
	return dst;
}

int sw_server_set_http_static(sw_server_t *serv, const char *document_root, const char *const *locations,
		size_t location_count, const char *const *index_files, size_t index_count)
{
	sw_http_static_config_t *c = &serv->config.http_static;
	char real[PATH_MAX];

	free((char *) c->document_root);
	free_list((char **) c->locations, c->location_count);
	free_list((char **) c->index_files, c->index_count);
	memset(c, 0, sizeof(*c));
	if (document_root == NULL) {
		return SW_OK;
	}
	if (realpath(document_root, real) == NULL) {
		sw_error_set(errno);
		return SW_ERR;
	}
	c->document_root = strdup(real);
	c->root_len = strlen(real);
	c->locations = (const char *const *) copy_list(locations, location_count);
	c->location_count = location_count;
	c->index_files = (const char *const *) copy_list(index_files, index_count);
	c->index_count = index_count;
	if (c->document_root == NULL || c->locations == NULL || c->index_files == NULL) {
		sw_server_set_http_static(serv, NULL, NULL, 0, NULL, 0);
		sw_error_set(SW_ERROR_MALLOC_FAIL);
		return SW_ERR;
	}
	if (location_count == 0) {
		free((char **) c->locations);
		c->locations = NULL;
	}
	return SW_OK;
}
