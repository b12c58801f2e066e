/*
 * Task workers and messages between worker processes.
 *
 * Every worker process (workers and task workers) has an inbox: a unix
 * datagram socketpair whose write end every process of the server holds.
 * A datagram is atomic, so any number of senders can share the write end;
 * chunks of messages from different senders may interleave, so the owner
 * reassembles per sender (the header names it). The inbox belongs to the
 * slot, not the process: tasks queued to a task worker that is reloaded or
 * dies are handled by its replacement.
 *
 * A task worker reads one datagram at a time, so a dying task worker loses
 * at most the task it was handling; the manager then sends that task's
 * sender a FINISH_FAILED, and taskwait() returns false at once instead of
 * waiting for its timeout.
 *
 * With task_ipc_mode 2 and 3 tasks go through a SysV message queue instead
 * (src/server/msgq.c); a task worker's relay thread puts each task it takes
 * into the inbox, marked SW_IPC_QUEUED, and results still come back through
 * the senders' inboxes.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "server_internal.h"
#include "sw_log.h"
#include "sw_signal.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct sw_task_wait {
	const sw_task_t *tasks;
	size_t n;
	uint32_t first_id;         /* the tasks got ids first_id .. first_id + n - 1 */
	uint8_t *got;              /* [n]: a result (or a failure) came */
	size_t results;
	size_t settled;
	sw_task_result_cb_t cb;
	void *ctx;
} sw_task_wait_t;

int sw_inboxes_create(sw_server_t *serv)
{
	uint32_t i, n = sw_server_total_workers(serv);

	serv->inboxes = malloc(sizeof(*serv->inboxes) * n);
	if (serv->inboxes == NULL) {
		sw_error_set(SW_ERROR_MALLOC_FAIL);
		return SW_ERR;
	}
	for (i = 0; i < n; i++) {
		serv->inboxes[i][0] = serv->inboxes[i][1] = -1;
	}
	for (i = 0; i < n; i++) {
		if (sw_socketpair_dgram(serv->inboxes[i], SW_IPC_SOCKET_BUFFER) != SW_OK) {
			return SW_ERR;
		}
	}
	return SW_OK;
}

void sw_inboxes_free(sw_server_t *serv)
{
	uint32_t i;

	if (serv->inboxes == NULL) {
		return;
	}
	for (i = 0; i < sw_server_total_workers(serv); i++) {
		if (serv->inboxes[i][0] >= 0) {
			close(serv->inboxes[i][0]);
		}
		if (serv->inboxes[i][1] >= 0) {
			close(serv->inboxes[i][1]);
		}
	}
	free(serv->inboxes);
	serv->inboxes = NULL;
}

void sw_inbox_keep_own(sw_server_t *serv, int worker_id)
{
	uint32_t i;

	for (i = 0; i < sw_server_total_workers(serv); i++) {
		if ((int) i != worker_id && serv->inboxes[i][1] >= 0) {
			close(serv->inboxes[i][1]);
			serv->inboxes[i][1] = -1;
		}
	}
}

static void handle_message(sw_worker_t *worker, const sw_ipc_message_t *msg);
static void handle_queued_task(sw_worker_t *worker, const char *dgram, size_t n, const sw_ipc_header_t *hdr);

int sw_inbox_init(sw_worker_t *worker)
{
	sw_server_t *serv = worker->serv;
	uint32_t i, n = sw_server_total_workers(serv);

	worker->inbox_asm = calloc(n, sizeof(sw_ipc_assembler_t));
	if (worker->inbox_asm == NULL) {
		sw_error_set(SW_ERROR_MALLOC_FAIL);
		return SW_ERR;
	}
	for (i = 0; i < n; i++) {
		sw_ipc_assembler_init(&worker->inbox_asm[i], serv->config.package_max_length);
	}
	sw_buffer_init(&worker->stash);
	return sw_reactor_add(&worker->reactor, &worker->inbox_src, serv->inboxes[worker->id][1], SW_EVENT_READ,
			sw_inbox_event, NULL);
}

void sw_inbox_free(sw_worker_t *worker)
{
	uint32_t i;

	if (worker->inbox_asm != NULL) {
		for (i = 0; i < sw_server_total_workers(worker->serv); i++) {
			sw_ipc_assembler_free(&worker->inbox_asm[i]);
		}
		free(worker->inbox_asm);
		worker->inbox_asm = NULL;
	}
	sw_buffer_free(&worker->stash);
}

/*
 * Writes one message to a process's inbox, waiting up to timeout_ms for room
 * (-1: as long as it takes; results are never dropped). A message cut short
 * by the timeout is dropped by the receiver when the sender's next one starts.
 */
static int inbox_send(sw_server_t *serv, int dst, int type, uint32_t id, const char *data, size_t len,
		uint32_t flags, int src, int timeout_ms)
{
	sw_ipc_outq_t q;
	sw_ipc_header_t hdr = {0};
	int rc;

	if (len > serv->config.package_max_length) {
		sw_error_set(SW_ERROR_TASK_PACKAGE_TOO_BIG);
		return SW_ERR;
	}
	hdr.type = (uint8_t) type;
	hdr.session_id = id;
	hdr.worker_id = src;
	hdr.reserved = flags;
	sw_ipc_outq_init(&q, serv->inboxes[dst][0]);
	rc = sw_ipc_outq_push(&q, &hdr, data, len);
	if (rc == SW_OK) {
		rc = sw_ipc_outq_flush_wait(&q, timeout_ms);
		if (rc == SW_AGAIN) {
			sw_error_set(SW_ERROR_TASK_DISPATCH_FAIL);
			rc = SW_ERR;
		}
	}
	sw_ipc_outq_free(&q);
	return rc;
}

static sw_worker_t *calling_worker(sw_server_t *serv, bool task_worker)
{
	sw_worker_t *worker = serv->worker;

	if (serv->role != SW_ROLE_WORKER || worker == NULL || worker->task_worker != task_worker) {
		sw_error_set(SW_ERROR_SERVER_INVALID_CALLER);
		return NULL;
	}
	return worker;
}

/*
 * The least busy task worker (tasks sent and not finished), ties taken in
 * turn; one whose task in hand has run for SW_TASK_STALLED_MS only when all
 * are like that. Counting alone would keep feeding a stuck task worker until
 * its backlog outgrew the others', and its backlog waits as long as it does.
 */
static int choose_task_worker(sw_server_t *serv, sw_worker_t *worker)
{
	uint32_t k, n = serv->config.task_worker_num, start = worker->next_task_id;
	uint64_t best_load = UINT64_MAX;
	int best = -1, best_stalled = 2;
	int64_t now = sw_time_ms();

	for (k = 0; k < n; k++) {
		int id = (int) (serv->config.worker_num + (start + k) % n);
		sw_worker_info_t *info = &serv->shm->workers[id];
		uint64_t load = __atomic_load_n(&info->tasks_queued, __ATOMIC_RELAXED) -
				__atomic_load_n(&info->tasks_done, __ATOMIC_RELAXED);
		int stalled = __atomic_load_n(&info->cur_task_src, __ATOMIC_ACQUIRE) >= 0 &&
				now - __atomic_load_n(&info->cur_task_since_ms, __ATOMIC_RELAXED) >= SW_TASK_STALLED_MS;

		if (stalled < best_stalled || (stalled == best_stalled && load < best_load)) {
			best_stalled = stalled;
			best_load = load;
			best = id;
		}
	}
	return best;
}

static int task_send(sw_server_t *serv, sw_worker_t *worker, int type, const char *data, size_t len, uint32_t flags,
		int dst, uint32_t *task_id)
{
	uint32_t id;

	if (serv->config.task_worker_num == 0) {
		sw_error_set(SW_ERROR_WRONG_OPERATION);
		return SW_ERR;
	}
	if (serv->config.task_ipc_mode == 3 && dst >= 0) {
		/* The queue gives each task to whichever task worker is free: nobody can be chosen. */
		sw_error_set(SW_ERROR_TASK_DST_MODE3);
		return SW_ERR;
	}
	if (dst < 0) {
		dst = serv->config.task_ipc_mode == 3 ? -1 : choose_task_worker(serv, worker);
	} else if ((uint32_t) dst < serv->config.worker_num || (uint32_t) dst >= sw_server_total_workers(serv)) {
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return SW_ERR;
	}
	id = worker->next_task_id++;
	if (serv->config.task_ipc_mode >= 2) {
		sw_ipc_header_t hdr = {0};

		if (len > serv->config.package_max_length) {
			sw_error_set(SW_ERROR_TASK_PACKAGE_TOO_BIG);
			return SW_ERR;
		}
		hdr.type = (uint8_t) type;
		hdr.session_id = id;
		hdr.worker_id = worker->id;
		hdr.reserved = flags;
		/* Counted first: the task may be taken and finished before msgsnd() returns. */
		if (serv->config.task_ipc_mode == 3) {
			__atomic_fetch_add(&serv->shm->queue_tasks, 1, __ATOMIC_RELAXED);
		} else {
			__atomic_fetch_add(&serv->shm->workers[dst].tasks_queued, 1, __ATOMIC_RELAXED);
		}
		if (sw_task_queue_send(serv, worker, dst, &hdr, data, len, SW_TASK_SEND_WAIT_MS) != SW_OK) {
			if (serv->config.task_ipc_mode == 3) {
				__atomic_fetch_sub(&serv->shm->queue_tasks, 1, __ATOMIC_RELAXED);
			} else {
				__atomic_fetch_sub(&serv->shm->workers[dst].tasks_queued, 1, __ATOMIC_RELAXED);
			}
			return SW_ERR;
		}
		*task_id = id;
		return SW_OK;
	}
	if (inbox_send(serv, dst, type, id, data, len, flags, worker->id, SW_TASK_SEND_WAIT_MS) != SW_OK) {
		return SW_ERR;
	}
	__atomic_fetch_add(&serv->shm->workers[dst].tasks_queued, 1, __ATOMIC_RELAXED);
	*task_id = id;
	return SW_OK;
}

int sw_server_task(sw_server_t *serv, const char *data, size_t len, uint32_t flags, int dst_worker_id,
		uint32_t *task_id)
{
	sw_worker_t *worker = calling_worker(serv, false);

	if (worker == NULL) {
		return SW_ERR;
	}
	return task_send(serv, worker, SW_IPC_TASK, data, len, flags, dst_worker_id, task_id);
}

/* Keeps a message that is not for the current taskwait, to handle it afterwards. */
static void stash_message(sw_worker_t *worker, const sw_ipc_message_t *msg)
{
	uint64_t len = msg->len;

	if (sw_buffer_append(&worker->stash, &msg->hdr, sizeof(msg->hdr)) != SW_OK ||
			sw_buffer_append(&worker->stash, &len, sizeof(len)) != SW_OK ||
			sw_buffer_append(&worker->stash, msg->data, msg->len) != SW_OK) {
		sw_error("out of memory: a %s message from worker %d set aside during taskwait is lost",
				msg->hdr.type == SW_IPC_FINISH ? "task result" : "pipe", msg->hdr.worker_id);
	}
}

void sw_inbox_handle_stash(sw_worker_t *worker)
{
	sw_buffer_t stash = worker->stash;
	size_t off = 0;

	if (sw_buffer_used(&stash) == 0 || worker->waiting != NULL) {
		return;
	}
	/* Taken over first: a callback may taskwait again and stash anew. */
	sw_buffer_init(&worker->stash);
	while (off + sizeof(sw_ipc_header_t) + sizeof(uint64_t) <= stash.length) {
		sw_ipc_message_t msg;
		uint64_t len;

		memcpy(&msg.hdr, stash.data + off, sizeof(msg.hdr));
		memcpy(&len, stash.data + off + sizeof(msg.hdr), sizeof(len));
		msg.data = stash.data + off + sizeof(msg.hdr) + sizeof(len);
		msg.len = (size_t) len;
		off += sizeof(msg.hdr) + sizeof(len) + (size_t) len;
		handle_message(worker, &msg);
	}
	sw_buffer_free(&stash);
}

static void task_taken(sw_worker_t *worker, const sw_ipc_header_t *hdr)
{
	sw_worker_info_t *info = &worker->serv->shm->workers[worker->id];

	info->cur_task_id = hdr->session_id;
	info->cur_task_wait = hdr->type == SW_IPC_TASK_WAIT;
	__atomic_store_n(&info->cur_task_since_ms, sw_time_ms(), __ATOMIC_RELAXED);
	__atomic_store_n(&info->cur_task_src, hdr->worker_id, __ATOMIC_RELEASE);
}

/* A task that came through the task queue (task_ipc_mode 2 and 3): whole, maybe in a file. */
static void handle_queued_task(sw_worker_t *worker, const char *dgram, size_t n, const sw_ipc_header_t *hdr)
{
	sw_server_t *serv = worker->serv;
	sw_worker_info_t *info = &serv->shm->workers[worker->id];
	sw_ipc_message_t msg;
	char *loaded = NULL;

	if (serv->config.task_ipc_mode == 3) {
		/* Taken by this task worker: from now on it is this slot's to finish (or to fail). */
		__atomic_fetch_sub(&serv->shm->queue_tasks, 1, __ATOMIC_RELAXED);
		__atomic_fetch_add(&info->tasks_queued, 1, __ATOMIC_RELAXED);
	}
	if (!worker->task_worker || (hdr->type != SW_IPC_TASK && hdr->type != SW_IPC_TASK_WAIT) ||
			n != sizeof(*hdr) + hdr->len) {
		sw_warn("task queue: malformed message from worker %d dropped", hdr->worker_id);
		__atomic_fetch_add(&info->tasks_done, 1, __ATOMIC_RELAXED);
		goto done;
	}
	task_taken(worker, hdr);
	msg.hdr = *hdr;
	msg.data = dgram + sizeof(*hdr);
	msg.len = hdr->len;
	if (hdr->flags & SW_IPC_TMPFILE) {
		size_t len;

		if (sw_task_tmpfile_load(serv, &msg, &loaded, &len) != SW_OK) {
			sw_error("task %u of worker %d: cannot read its data from task_tmpdir: %s; the task fails",
					hdr->session_id, hdr->worker_id, sw_strerror(sw_error_get()));
			if (hdr->type == SW_IPC_TASK_WAIT) {
				inbox_send(serv, hdr->worker_id, SW_IPC_FINISH_FAILED, hdr->session_id, NULL, 0, 0, worker->id, -1);
			}
			__atomic_store_n(&info->cur_task_src, -1, __ATOMIC_RELEASE);
			__atomic_fetch_add(&info->tasks_done, 1, __ATOMIC_RELAXED);
			goto done;
		}
		msg.data = loaded;
		msg.len = len;
	}
	msg.hdr.len = msg.hdr.total = (uint32_t) msg.len;
	handle_message(worker, &msg);
done:
	free(loaded);
	/* The relay may take the next task only now: in mode 3 a busy task worker leaves it to others. */
	if (worker->relay.running) {
		sw_msgq_relay_open_gate(&worker->relay);
	}
}

/* Feeds one datagram of the inbox; hands complete messages on. */
static void inbox_feed(sw_worker_t *worker, const char *dgram, size_t n)
{
	sw_server_t *serv = worker->serv;
	sw_ipc_header_t hdr;
	sw_ipc_message_t msg;
	int rc;

	if (n < sizeof(hdr)) {
		sw_warn("inbox: malformed datagram dropped");
		return;
	}
	memcpy(&hdr, dgram, sizeof(hdr));
	if (hdr.worker_id < 0 || (uint32_t) hdr.worker_id >= sw_server_total_workers(serv)) {
		sw_warn("inbox: message from unknown worker %d dropped", hdr.worker_id);
		return;
	}
	if (hdr.flags & SW_IPC_QUEUED) {
		handle_queued_task(worker, dgram, n, &hdr);
		return;
	}
	if (worker->task_worker && (hdr.flags & SW_IPC_FIRST) &&
			(hdr.type == SW_IPC_TASK || hdr.type == SW_IPC_TASK_WAIT)) {
		/* Recorded before the task is complete: if this process dies now, its sender is told. */
		task_taken(worker, &hdr);
	}
	rc = sw_ipc_assembler_feed(&worker->inbox_asm[hdr.worker_id], dgram, n, &msg);
	if (rc == SW_OK) {
		msg.hdr.reserved = hdr.reserved;
		handle_message(worker, &msg);
	} else if (rc == SW_ERR) {
		sw_warn("inbox: message from worker %d dropped: %s", hdr.worker_id, sw_strerror(sw_error_get()));
	}
}

static void settle_wait(sw_worker_t *worker, const sw_ipc_message_t *msg, bool ok)
{
	sw_task_wait_t *w = worker->waiting;
	size_t index = (size_t) (msg->hdr.session_id - w->first_id);

	if (w->got[index]) {
		return;
	}
	w->got[index] = 1;
	w->settled++;
	if (ok) {
		w->results++;
		w->cb(w->ctx, index, msg->data, msg->len, msg->hdr.reserved);
	}
}

static bool is_waited_for(sw_worker_t *worker, const sw_ipc_message_t *msg)
{
	sw_task_wait_t *w = worker->waiting;

	return w != NULL &&
			(msg->hdr.type == SW_IPC_WAIT_RESULT || msg->hdr.type == SW_IPC_FINISH ||
					msg->hdr.type == SW_IPC_FINISH_FAILED) &&
			(uint32_t) (msg->hdr.session_id - w->first_id) < w->n;
}

static void handle_task(sw_worker_t *worker, const sw_ipc_message_t *msg)
{
	sw_server_t *serv = worker->serv;
	sw_worker_info_t *info = &serv->shm->workers[worker->id];

	worker->finished = false;
	__atomic_store_n(&info->busy, 1, __ATOMIC_RELAXED);
	if (serv->cb.on_task) {
		serv->cb.on_task(serv, msg->hdr.session_id, msg->hdr.worker_id, msg->data, msg->len, msg->hdr.reserved);
	}
	__atomic_store_n(&info->busy, 0, __ATOMIC_RELAXED);
	if (worker->exiting) {
		return; /* died with it: the manager reports the task as failed */
	}
	if (!worker->finished && msg->hdr.type == SW_IPC_TASK_WAIT) {
		/* Nobody may wait for a result that never comes. */
		inbox_send(serv, msg->hdr.worker_id, SW_IPC_FINISH_FAILED, msg->hdr.session_id, NULL, 0, 0, worker->id, -1);
	}
	__atomic_store_n(&info->cur_task_src, -1, __ATOMIC_RELEASE);
	__atomic_fetch_add(&info->tasks_done, 1, __ATOMIC_RELAXED);
	worker->tasks_handled++;
	__atomic_store_n(&info->requests, info->requests + 1, __ATOMIC_RELAXED);
	__atomic_store_n(&info->total_requests, info->total_requests + 1, __ATOMIC_RELAXED);
	if (serv->config.task_max_request > 0 && worker->tasks_handled >= serv->config.task_max_request &&
			!worker->stopping) {
		sw_info("task worker %d: task_max_request reached after %llu tasks, recycling", worker->id,
				(unsigned long long) worker->tasks_handled);
		info->exit_planned = 1;
		__atomic_store_n(&info->ready, 0, __ATOMIC_RELEASE);
		worker->stopping = true;
	}
}

static void handle_message(sw_worker_t *worker, const sw_ipc_message_t *msg)
{
	sw_server_t *serv = worker->serv;

	if (is_waited_for(worker, msg)) {
		settle_wait(worker, msg, msg->hdr.type != SW_IPC_FINISH_FAILED);
		return;
	}
	if (worker->waiting != NULL) {
		stash_message(worker, msg);
		return;
	}
	switch (msg->hdr.type) {
	case SW_IPC_TASK:
	case SW_IPC_TASK_WAIT:
		if (worker->task_worker) {
			handle_task(worker, msg);
		}
		break;
	case SW_IPC_FINISH:
		if (serv->cb.on_finish) {
			serv->cb.on_finish(serv, msg->hdr.session_id, msg->data, msg->len, msg->hdr.reserved);
		}
		break;
	case SW_IPC_FINISH_FAILED:
		sw_warn("task %u: task worker %d ended without a result", msg->hdr.session_id, msg->hdr.worker_id);
		/*
		 * A task() caller may hold a client for this result: tell it, or the client
		 * waits forever. A failed taskwait whose wait is over has nobody to tell.
		 */
		if (serv->cb.on_finish && (msg->hdr.reserved & SW_TASK_FAILED)) {
			serv->cb.on_finish(serv, msg->hdr.session_id, NULL, 0, SW_TASK_FAILED);
		}
		break;
	case SW_IPC_WAIT_RESULT:
		/* Its taskwait gave up already: the caller has its false, the result has nobody to go to. */
		sw_notice("task %u: result from task worker %d came after its taskwait timed out; dropped",
				msg->hdr.session_id, msg->hdr.worker_id);
		break;
	case SW_IPC_PIPE_MESSAGE:
		if (serv->cb.on_pipe_message) {
			serv->cb.on_pipe_message(serv, msg->hdr.worker_id, msg->data, msg->len, msg->hdr.reserved);
		}
		break;
	default:
		sw_warn("inbox: unexpected message type %d from worker %d", msg->hdr.type, msg->hdr.worker_id);
		break;
	}
}

void sw_inbox_event(sw_reactor_t *reactor, sw_event_source_t *src, uint32_t events)
{
	sw_worker_t *worker = reactor->ptr;
	size_t lens[SW_IPC_BATCH];
	int n, i;

	(void) events;
	if (worker->exiting || (worker->task_worker && worker->stopping && !worker->draining)) {
		return;
	}
	/* Task workers take one datagram at a time: a death then loses only the task in hand. */
	n = sw_ipc_read_batch(src->fd, worker->ipc_bufs, lens, worker->task_worker ? 1 : SW_IPC_BATCH);
	if (n == SW_ERR) {
		sw_error("reading the inbox failed: %s", sw_strerror(sw_error_get()));
		return;
	}
	for (i = 0; i < n && !worker->exiting; i++) {
		inbox_feed(worker, worker->ipc_bufs + (size_t) i * SW_IPC_DGRAM_MAX, lens[i]);
	}
	if (worker->stopping && worker->task_worker) {
		sw_reactor_stop(reactor);
	}
}

size_t sw_server_task_wait(sw_server_t *serv, const sw_task_t *tasks, size_t n, double timeout,
		sw_task_result_cb_t cb, void *ctx)
{
	sw_worker_t *worker = calling_worker(serv, false);
	sw_task_wait_t w = {0};
	int64_t deadline;
	int send_error = 0;
	size_t i;
	int fd;

	if (worker == NULL || n == 0) {
		return 0;
	}
	if (worker->waiting != NULL) {
		sw_error_set(SW_ERROR_WRONG_OPERATION);
		return 0;
	}
	w.got = calloc(n, 1);
	if (w.got == NULL) {
		sw_error_set(SW_ERROR_MALLOC_FAIL);
		return 0;
	}
	w.tasks = tasks;
	w.n = n;
	w.cb = cb;
	w.ctx = ctx;
	w.first_id = worker->next_task_id;
	/* Ids first_id .. first_id + n - 1 in order, even for the tasks that could not be sent. */
	for (i = 0; i < n; i++) {
		uint32_t id;

		if (task_send(serv, worker, SW_IPC_TASK_WAIT, tasks[i].data, tasks[i].len, tasks[i].flags,
					tasks[i].dst_worker_id, &id) != SW_OK) {
			send_error = sw_error_get();
			w.got[i] = 1;
			w.settled++;
			worker->next_task_id = w.first_id + (uint32_t) i + 1;
		}
	}
	worker->waiting = &w;
	fd = serv->inboxes[worker->id][1];
	deadline = sw_time_ms() + (int64_t) (timeout * 1000);
	while (w.settled < n && !worker->exiting) {
		size_t lens[SW_IPC_BATCH];
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		int64_t left = deadline - sw_time_ms();
		int got, j;

		if (left <= 0) {
			break;
		}
		if (poll(&pfd, 1, (int) SW_MIN(left, (int64_t) INT32_MAX)) < 0 && errno != EINTR) {
			break;
		}
		got = sw_ipc_read_batch(fd, worker->ipc_bufs, lens, SW_IPC_BATCH);
		for (j = 0; j < got; j++) {
			inbox_feed(worker, worker->ipc_bufs + (size_t) j * SW_IPC_DGRAM_MAX, lens[j]);
		}
	}
	worker->waiting = NULL;
	free(w.got);
	if (w.results < n) {
		/* Why some are missing: a task that could not be sent, a task worker that died, or time. */
		if (send_error != 0) {
			sw_error_set(send_error);
		} else if (w.settled > w.results) {
			sw_error_set(SW_ERROR_TASK_DISPATCH_FAIL);
		} else {
			sw_error_set(SW_ERROR_TASK_TIMEOUT);
		}
	}
	/* What came meanwhile is handled once control is back in the event loop. */
	return w.results;
}

int sw_server_finish(sw_server_t *serv, const char *data, size_t len, uint32_t flags)
{
	sw_worker_t *worker = calling_worker(serv, true);
	sw_worker_info_t *info;
	int src;

	if (worker == NULL) {
		return SW_ERR;
	}
	info = &serv->shm->workers[worker->id];
	src = __atomic_load_n(&info->cur_task_src, __ATOMIC_ACQUIRE);
	if (src < 0 || worker->finished) {
		sw_error_set(SW_ERROR_WRONG_OPERATION);
		return SW_ERR;
	}
	/* A result is never dropped because the sender's inbox is full: wait for room. */
	if (inbox_send(serv, src, info->cur_task_wait ? SW_IPC_WAIT_RESULT : SW_IPC_FINISH, info->cur_task_id, data, len,
				flags, worker->id, -1) != SW_OK) {
		return SW_ERR;
	}
	worker->finished = true;
	return SW_OK;
}

int sw_server_send_message(sw_server_t *serv, int dst_worker_id, const char *data, size_t len, uint32_t flags)
{
	sw_worker_t *worker = serv->worker;

	if (serv->role != SW_ROLE_WORKER || worker == NULL) {
		sw_error_set(SW_ERROR_SERVER_INVALID_CALLER);
		return SW_ERR;
	}
	if (dst_worker_id < 0 || (uint32_t) dst_worker_id >= sw_server_total_workers(serv) ||
			dst_worker_id == worker->id) {
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return SW_ERR;
	}
	return inbox_send(serv, dst_worker_id, SW_IPC_PIPE_MESSAGE, 0, data, len, flags, worker->id,
			SW_TASK_SEND_WAIT_MS);
}

bool sw_server_is_task_worker(sw_server_t *serv)
{
	return serv->role == SW_ROLE_WORKER && serv->worker != NULL && serv->worker->task_worker;
}

void sw_task_worker_died(sw_server_t *serv, int worker_id)
{
	sw_worker_info_t *info = &serv->shm->workers[worker_id];
	int src = __atomic_load_n(&info->cur_task_src, __ATOMIC_ACQUIRE);

	if (src < 0) {
		return;
	}
	sw_warn("task worker %d died with task %u of worker %d; telling it", worker_id, info->cur_task_id, src);
	/* SW_TASK_FAILED marks a task() (not a taskwait): its caller gets onFinish with false */
	if (inbox_send(serv, src, SW_IPC_FINISH_FAILED, info->cur_task_id, NULL, 0, info->cur_task_wait ? 0 : SW_TASK_FAILED,
				worker_id, 0) != SW_OK) {
		sw_warn("worker %d's inbox is full: the failure of task %u is not reported", src, info->cur_task_id);
	}
	info->cur_task_src = -1;
	__atomic_fetch_add(&info->tasks_done, 1, __ATOMIC_RELAXED);
}
