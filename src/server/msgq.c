/*
 * SysV message queues in the server: ipc_mode 2 (reactor threads to workers)
 * and task_ipc_mode 2 and 3 (workers to task workers).
 *
 * - The master opens the queues before it forks (key message_queue_key for
 *   tasks, key + 1 for the workers; private queues without a key) and
 *   removes, at the end, those it created.
 * - Queue messages are our IPC datagrams (header and payload) with a type:
 *   worker or task worker id + 1 for a chosen process, 1 for "whichever task
 *   worker is free" (task_ipc_mode 3; task worker ids start at worker_num >= 1,
 *   so the two never meet).
 * - A process that reads a queue runs a relay thread (src/ipc/msgqueue.c)
 *   that moves each message into a socket its event loop already watches:
 *   a worker's message goes into its channel from that reactor thread (the
 *   worker keeps its slot's master ends for this), a task goes into the task
 *   worker's inbox. In task_ipc_mode 3 a task worker's relay takes the next
 *   task only when the current one is done, so a busy task worker leaves
 *   tasks to the idle ones.
 * - Task data larger than one queue message is written to a file in
 *   task_tmpdir and the message carries its path (SW_IPC_TMPFILE).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "server_internal.h"
#include "sw_log.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* Smallest queue message that is of any use; below it the server refuses to start. */
#define SW_MSGQ_MIN_MESSAGE 512
/* A queue should hold at least this many full messages, else senders wait a lot. */
#define SW_MSGQ_MIN_DEPTH 4
#define SW_TASK_TMPFILE_PREFIX "swoole.task."

static bool uses_task_queue(const sw_server_t *serv)
{
	return serv->config.task_worker_num > 0 && serv->config.task_ipc_mode >= 2;
}

int sw_server_msgq_open(sw_server_t *serv)
{
	sw_server_config_t *c = &serv->config;
	bool tasks = uses_task_queue(serv), workers = c->ipc_mode == 2;
	size_t msgmax, msgmnb, m;

	serv->task_queue.id = -1;
	serv->worker_queue.id = -1;
	serv->msgq_msg_max = 0;
	if (!tasks && !workers) {
		return SW_OK;
	}
	if (sw_msgq_kernel_limits(&msgmax, &msgmnb) != SW_OK) {
		sw_error("message queues: cannot read kernel.msgmax and kernel.msgmnb: %s", sw_strerror(sw_error_get()));
		return SW_ERR;
	}
	m = SW_MIN(SW_MIN(msgmax, msgmnb), (size_t) SW_IPC_DGRAM_MAX);
	if (m < SW_MSGQ_MIN_MESSAGE) {
		sw_error("message queues: kernel.msgmax is %zu and kernel.msgmnb is %zu bytes; at least %d are needed "
				 "(sysctl kernel.msgmax / kernel.msgmnb)",
				msgmax, msgmnb, SW_MSGQ_MIN_MESSAGE);
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return SW_ERR;
	}
	if (msgmnb / m < SW_MSGQ_MIN_DEPTH) {
		sw_warn("message queues: kernel.msgmnb is %zu bytes, room for only %zu messages of %zu bytes: senders "
				"will often wait (raise kernel.msgmnb to at least %zu)",
				msgmnb, msgmnb / m, m, m * SW_MSGQ_MIN_DEPTH * 4);
	}
	if (tasks && c->package_max_length > m - sizeof(sw_ipc_header_t)) {
		sw_info("task_ipc_mode %u: kernel.msgmax is %zu bytes, so task data over %zu bytes (package_max_length "
				"is %zu) travels through a file in %s",
				c->task_ipc_mode, msgmax, m - sizeof(sw_ipc_header_t), c->package_max_length,
				c->task_tmpdir ? c->task_tmpdir : "/tmp");
	}
	if (workers && c->package_max_length > m - sizeof(sw_ipc_header_t)) {
		sw_info("ipc_mode 2: kernel.msgmax is %zu bytes: data for the workers travels in chunks of %zu bytes",
				msgmax, m - sizeof(sw_ipc_header_t));
	}
	serv->msgq_msg_max = m;
	if (tasks && sw_msgq_open(&serv->task_queue, c->message_queue_key) != SW_OK) {
		sw_error("task_ipc_mode %u: cannot open the message queue (key %ld): %s", c->task_ipc_mode,
				c->message_queue_key, sw_strerror(sw_error_get()));
		return SW_ERR;
	}
	if (workers && sw_msgq_open(&serv->worker_queue, c->message_queue_key ? c->message_queue_key + 1 : 0) != SW_OK) {
		sw_error("ipc_mode 2: cannot open the message queue (key %ld): %s",
				c->message_queue_key ? c->message_queue_key + 1 : 0, sw_strerror(sw_error_get()));
		sw_msgq_close(&serv->task_queue);
		return SW_ERR;
	}
	/* The ids, for ipcs(1): a queue this server created goes away with it. */
	if (tasks) {
		sw_info("task_ipc_mode %u: message queue %d (key %ld, %s)", c->task_ipc_mode, serv->task_queue.id,
				serv->task_queue.key, serv->task_queue.created ? "created, removed at stop" : "opened, kept at stop");
	}
	if (workers) {
		sw_info("ipc_mode 2: message queue %d (key %ld, %s)", serv->worker_queue.id, serv->worker_queue.key,
				serv->worker_queue.created ? "created, removed at stop" : "opened, kept at stop");
	}
	return SW_OK;
}

/* A leftover task message: counted, and its file (task_tmpdir) removed. */
static uint64_t drop_task(const char *dgram, size_t n)
{
	sw_ipc_header_t hdr;

	if (n < sizeof(hdr)) {
		return 0;
	}
	memcpy(&hdr, dgram, sizeof(hdr));
	if ((hdr.type != SW_IPC_TASK && hdr.type != SW_IPC_TASK_WAIT) || !(hdr.flags & SW_IPC_FIRST)) {
		return 0;
	}
	if ((hdr.flags & SW_IPC_TMPFILE) && hdr.len < PATH_MAX && sizeof(hdr) + hdr.len <= n) {
		char path[PATH_MAX];

		memcpy(path, dgram + sizeof(hdr), hdr.len);
		path[hdr.len] = '\0';
		unlink(path);
	}
	return 1;
}

void sw_server_drop_leftover_tasks(sw_server_t *serv)
{
	size_t cap = SW_MAX(serv->msgq_msg_max, (size_t) SW_IPC_DGRAM_MAX);
	sw_msgq_msg_t *m = malloc(sizeof(sw_msgq_msg_t) + cap);
	uint64_t dropped = 0;
	uint32_t w;
	ssize_t n;

	if (m == NULL || serv->inboxes == NULL) {
		free(m);
		return;
	}
	/* What the task workers had not read yet: the manager holds every inbox's read end for respawns. */
	for (w = serv->config.worker_num; w < sw_server_total_workers(serv); w++) {
		while (serv->inboxes[w][1] >= 0 && (n = recv(serv->inboxes[w][1], m->data, cap, MSG_DONTWAIT)) > 0) {
			dropped += drop_task(m->data, (size_t) n);
		}
	}
	/* What no task worker took out of the queue. */
	if (serv->task_queue.id >= 0 && serv->task_queue.created) {
		while ((n = msgrcv(serv->task_queue.id, m, serv->msgq_msg_max, 0, IPC_NOWAIT)) > 0) {
			dropped += drop_task(m->data, (size_t) n);
		}
	}
	free(m);
	if (dropped > 0) {
		sw_warn("%llu task%s still queued at shutdown %s dropped", (unsigned long long) dropped,
				dropped == 1 ? "" : "s", dropped == 1 ? "is" : "are");
	}
}

void sw_server_msgq_close(sw_server_t *serv)
{
	if (sw_msgq_close(&serv->task_queue) != SW_OK || sw_msgq_close(&serv->worker_queue) != SW_OK) {
		sw_warn("cannot remove a message queue: %s", sw_strerror(sw_error_get()));
	}
}

/* Writes one datagram, waiting for room unless the relay is told to stop. */
static int relay_send(sw_msgq_relay_t *r, int fd, const char *data, size_t len)
{
	for (;;) {
		struct pollfd pfd = {.fd = fd, .events = POLLOUT};

		if (send(fd, data, len, MSG_DONTWAIT | MSG_NOSIGNAL) >= 0) {
			return SW_OK;
		}
		if (errno == EINTR) {
			continue;
		}
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != ENOBUFS) {
			sw_error_set(errno);
			return SW_ERR;
		}
		if (sw_msgq_relay_stopping(r)) {
			return SW_AGAIN;
		}
		poll(&pfd, 1, 50);
	}
}

static int deliver_to_inbox(sw_msgq_relay_t *r, const char *data, size_t len)
{
	sw_worker_t *worker = r->ctx;

	return relay_send(r, worker->serv->inboxes[worker->id][0], data, len);
}

static int deliver_to_channel(sw_msgq_relay_t *r, const char *data, size_t len)
{
	sw_worker_t *worker = r->ctx;
	sw_server_t *serv = worker->serv;
	sw_ipc_header_t hdr;

	if (len < sizeof(hdr)) {
		sw_error_set(SW_ERROR_IPC_PROTOCOL);
		return SW_ERR;
	}
	memcpy(&hdr, data, sizeof(hdr));
	if (hdr.reactor_id >= serv->config.reactor_num) {
		sw_error_set(SW_ERROR_IPC_PROTOCOL);
		return SW_ERR;
	}
	return relay_send(r, sw_server_channel(serv, hdr.reactor_id, worker->id)[0], data, len);
}

int sw_worker_relay_start(sw_worker_t *worker)
{
	sw_server_t *serv = worker->serv;
	sw_msgq_relay_t *r = &worker->relay;

	if (worker->task_worker && uses_task_queue(serv)) {
		r->qid = serv->task_queue.id;
		r->mtype = serv->config.task_ipc_mode == 3 ? 1 : worker->id + 1;
		/* Mode 3: take a task only when idle, so a busy task worker leaves it to a free one. */
		r->gated = serv->config.task_ipc_mode == 3;
		r->deliver = deliver_to_inbox;
	} else if (!worker->task_worker && serv->config.ipc_mode == 2) {
		r->qid = serv->worker_queue.id;
		r->mtype = worker->id + 1;
		r->gated = false;
		r->deliver = deliver_to_channel;
	} else {
		return SW_OK;
	}
	r->ctx = worker;
	r->hold = sw_server_hold(serv, worker->id);
	r->cap = serv->msgq_msg_max;
	return sw_msgq_relay_start(r);
}

void sw_worker_relay_stop(sw_worker_t *worker)
{
	sw_msgq_relay_stop(&worker->relay);
}

/* A message is put back where it came from when it cannot go where it was going. */
static void requeue(int qid, long mtype, const char *data, size_t len, int worker_id)
{
	sw_msgq_msg_t *m = malloc(sizeof(sw_msgq_msg_t) + len);

	if (m == NULL) {
		sw_error("worker %d died holding a queued message; out of memory, it is lost", worker_id);
		return;
	}
	m->mtype = mtype;
	memcpy(m->data, data, len);
	if (sw_msgq_send(qid, m, len, 1000) != SW_OK) {
		sw_error("worker %d died holding a queued message; the queue is full, it is lost", worker_id);
	}
	free(m);
}

void sw_server_msgq_recover(sw_server_t *serv, int worker_id)
{
	sw_msgq_hold_t *h;
	sw_ipc_header_t hdr;
	const char *data;
	size_t len;

	if (serv->shm->holds == NULL) {
		return;
	}
	h = sw_server_hold(serv, worker_id);
	if (!sw_msgq_hold_pending(h, &data, &len)) {
		return;
	}
	memcpy(&hdr, data, sizeof(hdr));
	if (len == 0) {
		len = sizeof(hdr) + hdr.len;
	}
	if (len > serv->msgq_msg_max || len < sizeof(hdr)) {
		sw_error("worker %d died holding a malformed queued message; dropped", worker_id);
	} else if ((uint32_t) worker_id >= serv->config.worker_num) {
		/* Back into the queue: in mode 3 whichever task worker is free takes it. */
		sw_warn("task worker %d stopped holding task %u from the queue; it is queued again", worker_id,
				hdr.session_id);
		requeue(serv->task_queue.id, h->msg.mtype, data, len, worker_id);
	} else if (hdr.reactor_id >= serv->config.reactor_num) {
		sw_error("worker %d died holding a malformed queued message; dropped", worker_id);
	} else if (send(sw_server_channel(serv, hdr.reactor_id, worker_id)[0], data, len, MSG_DONTWAIT | MSG_NOSIGNAL) <
			0) {
		/* Its channel is full: the queue keeps it for the next process, after what is queued. */
		sw_warn("worker %d stopped holding a message and its channel is full; queued again (it may now "
				"come after later messages)",
				worker_id);
		requeue(serv->worker_queue.id, h->msg.mtype, data, len, worker_id);
	}
	sw_msgq_hold_clear(h);
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n < 0) {
			if (errno == EINTR) {
				continue;
			}
			return SW_ERR;
		}
		data += n;
		len -= (size_t) n;
	}
	return SW_OK;
}

static int write_tmpfile(sw_server_t *serv, const char *data, size_t len, char *path, size_t pathlen)
{
	const char *dir = serv->config.task_tmpdir ? serv->config.task_tmpdir : "/tmp";
	int fd, n;

	n = snprintf(path, pathlen, "%s/%sXXXXXX", dir, SW_TASK_TMPFILE_PREFIX);
	if (n < 0 || (size_t) n >= pathlen) {
		sw_error_set(ENAMETOOLONG);
		return SW_ERR;
	}
	fd = mkstemp(path);
	if (fd < 0) {
		sw_error_set(errno);
		return SW_ERR;
	}
	if (write_all(fd, data, len) != SW_OK) {
		sw_error_set(errno);
		close(fd);
		unlink(path);
		return SW_ERR;
	}
	close(fd);
	return SW_OK;
}

int sw_task_queue_send(sw_server_t *serv, sw_worker_t *worker, int dst, const sw_ipc_header_t *hdr,
		const char *data, size_t len, int timeout_ms)
{
	size_t room = serv->msgq_msg_max - sizeof(sw_ipc_header_t);
	char path[PATH_MAX];
	sw_ipc_header_t h = *hdr;
	bool in_file = len > room;
	int rc;

	if (worker->msgq_buf == NULL) {
		worker->msgq_buf = malloc(sizeof(sw_msgq_msg_t) + serv->msgq_msg_max);
		if (worker->msgq_buf == NULL) {
			sw_error_set(SW_ERROR_MALLOC_FAIL);
			return SW_ERR;
		}
	}
	if (in_file) {
		if (write_tmpfile(serv, data, len, path, sizeof(path)) != SW_OK) {
			sw_error("task: cannot write its data (%zu bytes) to task_tmpdir: %s", len, sw_strerror(sw_error_get()));
			return SW_ERR;
		}
		data = path;
		len = strlen(path);
		h.flags |= SW_IPC_TMPFILE;
	}
	h.flags |= SW_IPC_FIRST | SW_IPC_LAST | SW_IPC_QUEUED;
	h.len = h.total = (uint32_t) len;
	memcpy(worker->msgq_buf->data, &h, sizeof(h));
	memcpy(worker->msgq_buf->data + sizeof(h), data, len);
	worker->msgq_buf->mtype = serv->config.task_ipc_mode == 3 ? 1 : dst + 1;
	rc = sw_msgq_send(serv->task_queue.id, worker->msgq_buf, sizeof(h) + len, timeout_ms);
	if (rc != SW_OK) {
		if (in_file) {
			unlink(path);
		}
		if (rc == SW_AGAIN) {
			sw_error_set(SW_ERROR_TASK_DISPATCH_FAIL);
		}
		return SW_ERR;
	}
	return SW_OK;
}

int sw_task_tmpfile_load(sw_server_t *serv, const sw_ipc_message_t *msg, char **buf, size_t *len)
{
	char path[PATH_MAX];
	struct stat st;
	size_t got = 0;
	char *data;
	int fd;

	if (msg->len == 0 || msg->len >= sizeof(path)) {
		sw_error_set(SW_ERROR_IPC_PROTOCOL);
		return SW_ERR;
	}
	memcpy(path, msg->data, msg->len);
	path[msg->len] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		sw_error_set(errno);
		return SW_ERR;
	}
	/* Gone from the directory at once: a crash from here on leaves nothing behind. */
	unlink(path);
	if (fstat(fd, &st) < 0) {
		sw_error_set(errno);
		close(fd);
		return SW_ERR;
	}
	if ((size_t) st.st_size > serv->config.package_max_length) {
		sw_error_set(SW_ERROR_TASK_PACKAGE_TOO_BIG);
		close(fd);
		return SW_ERR;
	}
	data = malloc((size_t) st.st_size + 1);
	if (data == NULL) {
		close(fd);
		sw_error_set(SW_ERROR_MALLOC_FAIL);
		return SW_ERR;
	}
	while (got < (size_t) st.st_size) {
		ssize_t n = read(fd, data + got, (size_t) st.st_size - got);

		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n <= 0) {
			sw_error_set(n < 0 ? errno : SW_ERROR_IPC_PROTOCOL);
			free(data);
			close(fd);
			return SW_ERR;
		}
		got += (size_t) n;
	}
	close(fd);
	*buf = data;
	*len = got;
	return SW_OK;
}
