/*
 * A worker process: one event loop over its channels (one per reactor
 * thread) and its signal pipe. Messages are read in batches, reassembled per
 * channel and handed to the callbacks; replies are queued per channel and
 * written after each batch.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "server_internal.h"

#include "sw_log.h"
#include "sw_process.h"
#include "sw_signal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

/* A worker writes its queued replies synchronously once they pass this size. */
#define SW_WORKER_OUTQ_HIGH (1024 * 1024)
/* How often a draining worker checks whether the reactor threads have finished dispatching. */
#define SW_WORKER_DRAIN_POLL_MS 10

/*
 * How a worker ends:
 * - exiting: exit() or an uncaught error in a callback. The message being
 *   handled and the rest of the batch are left among the lost ones (the
 *   reactor threads close those connections); no onWorkerStop.
 * - stopping: a planned end (SIGTERM from a reload or stop(), max_request).
 *   The message in progress is finished; nothing more is read: what is still
 *   in the channel is handled by the replacement, which takes over the same
 *   channels. onWorkerStop runs.
 * - draining: server shutdown. The reactor threads stop reading clients and
 *   flush their queues; the worker handles everything dispatched to it, then
 *   ends as in a planned stop.
 */

static bool message_in_progress(sw_worker_t *worker)
{
	uint32_t r;

	for (r = 0; r < worker->serv->config.reactor_num; r++) {
		if (worker->from_reactor[r].active || worker->from_reactor[r].skipping) {
			return true;
		}
	}
	return false;
}

static bool all_dispatched_handled(sw_worker_t *worker)
{
	sw_server_t *serv = worker->serv;
	uint32_t r;

	if (__atomic_load_n(&serv->shm->reactors_drained, __ATOMIC_ACQUIRE) < serv->config.reactor_num) {
		return false;
	}
	for (r = 0; r < serv->config.reactor_num; r++) {
		sw_channel_stats_t *st = sw_server_channel_stats(serv, (int) r, worker->id);

		if (__atomic_load_n(&st->done, __ATOMIC_ACQUIRE) != __atomic_load_n(&st->dispatched, __ATOMIC_ACQUIRE)) {
			return false;
		}
	}
	return !message_in_progress(worker);
}

/* Ends the loop once a planned stop or a drain has nothing left to finish. */
static void check_stop(sw_worker_t *worker)
{
	if (worker->exiting) {
		sw_reactor_stop(&worker->reactor);
	} else if (worker->draining) {
		if (all_dispatched_handled(worker)) {
			sw_reactor_stop(&worker->reactor);
		}
	} else if (worker->stopping && !message_in_progress(worker)) {
		sw_reactor_stop(&worker->reactor);
	}
}

static void begin_planned_stop(sw_worker_t *worker)
{
	/* Leaving: a rolling reload counts this worker as out of rotation already. */
	__atomic_store_n(&worker->serv->shm->workers[worker->id].ready, 0, __ATOMIC_RELEASE);
	worker->serv->shm->workers[worker->id].exit_planned = 1;
	/* A task worker has no reactor channels to drain; what is left in its inbox waits for the next one. */
	if (worker->base != NULL) {
		sw_base_worker_stop_accepting(worker);
	}
	if (worker->serv->shm->shutting_down && !worker->task_worker && worker->base == NULL) {
		worker->draining = true;
	} else {
		worker->stopping = true;
	}
}

static void handle_message_type(sw_worker_t *worker, int reactor_id, const sw_ipc_message_t *msg,
		sw_worker_info_t *info);

static void handle_message(sw_worker_t *worker, int reactor_id, const sw_ipc_message_t *msg)
{
	sw_server_t *serv = worker->serv;
	sw_worker_info_t *info = &serv->shm->workers[worker->id];

	__atomic_store_n(&info->busy, 1, __ATOMIC_RELAXED);
	handle_message_type(worker, reactor_id, msg, info);
	__atomic_store_n(&info->busy, 0, __ATOMIC_RELAXED);
}

static void handle_packet(sw_worker_t *worker, const sw_ipc_message_t *msg)
{
	sw_server_t *serv = worker->serv;
	sw_ipc_packet_t p;
	sw_packet_from_t from;
	const sw_listener_t *l;

	memcpy(&p, msg->data, sizeof(p));
	memset(&from, 0, sizeof(from));
	from.listener = p.listener < serv->listener_count ? p.listener : 0;
	l = &serv->listeners[from.listener];
	from.server_fd = l->src.fd;
	from.server_port = l->port;
	from.port = p.port;
	if (p.family == AF_INET) {
		inet_ntop(AF_INET, p.addr, from.address, sizeof(from.address));
	} else if (p.family == AF_INET6) {
		inet_ntop(AF_INET6, p.addr, from.address, sizeof(from.address));
	} else {
		memcpy(from.address, p.addr, SW_MIN((size_t) p.addr_len, sizeof(from.address) - 1));
	}
	serv->cb.on_packet(serv, msg->data + sizeof(p), msg->len - sizeof(p), &from);
}

static void handle_message_type(sw_worker_t *worker, int reactor_id, const sw_ipc_message_t *msg,
		sw_worker_info_t *info)
{
	sw_server_t *serv = worker->serv;
	sw_server_callbacks_t *cb = &serv->cb;

	worker->cur_listener = (int) msg->hdr.reserved;
	switch (msg->hdr.type) {
	case SW_IPC_PACKET:
		if (msg->len >= sizeof(sw_ipc_packet_t) && cb->on_packet) {
			handle_packet(worker, msg);
		}
		if (worker->exiting) {
			return;
		}
		break;
	case SW_IPC_CONNECT:
		if (cb->on_connect) {
			cb->on_connect(serv, msg->hdr.session_id, reactor_id);
		}
		break;
	case SW_IPC_RECEIVE:
		if (cb->on_receive) {
			cb->on_receive(serv, msg->hdr.session_id, reactor_id, msg->data, msg->len);
		}
		if (worker->exiting) {
			return; /* not completed: it died with the worker */
		}
		__atomic_store_n(&info->requests, info->requests + 1, __ATOMIC_RELAXED);
		__atomic_store_n(&info->total_requests, info->total_requests + 1, __ATOMIC_RELAXED);
		if (worker->request_limit > 0 && info->requests >= worker->request_limit && !worker->stopping) {
			sw_info("worker %d: max_request reached after %llu requests, recycling", worker->id,
					(unsigned long long) info->requests);
			begin_planned_stop(worker);
		}
		break;
	case SW_IPC_CLOSE:
		if (cb->on_close) {
			cb->on_close(serv, msg->hdr.session_id, reactor_id);
		}
		break;
	case SW_IPC_BUFFER_FULL:
		if (cb->on_buffer_full) {
			cb->on_buffer_full(serv, msg->hdr.session_id, reactor_id);
		}
		break;
	case SW_IPC_BUFFER_EMPTY:
		if (cb->on_buffer_empty) {
			cb->on_buffer_empty(serv, msg->hdr.session_id, reactor_id);
		}
		break;
	default:
		sw_warn("unexpected message type %d from reactor %d", msg->hdr.type, reactor_id);
		break;
	}
}

/* How many datagrams to take out of a channel now. */
static int read_allowance(sw_worker_t *worker, sw_ipc_assembler_t *a)
{
	sw_worker_info_t *info = &worker->serv->shm->workers[worker->id];

	if (worker->stopping) {
		/* Only the rest of the message in progress; the replacement reads the others. */
		return (a->active || a->skipping) ? 1 : 0;
	}
	if (worker->request_limit > 0 && !worker->draining) {
		/* Never take out more than the requests this process may still handle. */
		uint64_t left = worker->request_limit > info->requests ? worker->request_limit - info->requests : 1;
		return (int) SW_MIN(left, (uint64_t) SW_IPC_BATCH);
	}
	return SW_IPC_BATCH;
}

static void handle_signals(sw_worker_t *worker);

static void channel_event(sw_reactor_t *reactor, sw_event_source_t *src, uint32_t events)
{
	sw_worker_t *worker = reactor->ptr;
	int r = (int) (intptr_t) src->ptr;
	sw_channel_stats_t *st = sw_server_channel_stats(worker->serv, r, worker->id);
	sw_ipc_assembler_t *a = &worker->from_reactor[r];
	size_t lens[SW_IPC_BATCH];
	uint64_t base;
	int n, i, max;

	(void) events;
	if (worker->exiting) {
		return;
	}
	/* A stop that arrived while a callback ran must be seen before more is read. */
	if (sw_signal_pending()) {
		handle_signals(worker);
	}
	max = read_allowance(worker, a);
	if (max == 0) {
		check_stop(worker);
		return;
	}
	__atomic_store_n(&st->reading, 1, __ATOMIC_SEQ_CST);
	n = sw_ipc_read_batch(src->fd, worker->ipc_bufs, lens, max);
	if (n == SW_ERR) {
		__atomic_store_n(&st->reading, 0, __ATOMIC_RELEASE);
		sw_error("reading the channel of reactor %d failed: %s", r, sw_strerror(sw_error_get()));
		return;
	}
	/*
	 * A message counts as read when its first chunk leaves the socket, and as
	 * done when it is no longer in progress (handled or dropped). If this
	 * process dies, the messages in (done, read] died with it; a replacement
	 * continues from `read`, so the counters need no repair.
	 */
	base = st->read;
	for (i = 0; i < n; i++) {
		const sw_ipc_header_t *h = (const sw_ipc_header_t *) (worker->ipc_bufs + (size_t) i * SW_IPC_DGRAM_MAX);

		if (lens[i] >= sizeof(*h) && (h->flags & SW_IPC_FIRST)) {
			st->read++;
		}
	}
	__atomic_store_n(&st->reading, 0, __ATOMIC_RELEASE);
	for (i = 0; i < n; i++) {
		const char *dgram = worker->ipc_bufs + (size_t) i * SW_IPC_DGRAM_MAX;
		sw_ipc_message_t msg;
		int rc;

		if (lens[i] >= sizeof(sw_ipc_header_t) && (((const sw_ipc_header_t *) dgram)->flags & SW_IPC_FIRST)) {
			base++;
		}
		rc = sw_ipc_assembler_feed(a, dgram, lens[i], &msg);
		if (rc == SW_OK) {
			handle_message(worker, r, &msg);
			if (worker->exiting) {
				/* exit() or an uncaught error: this message got no answer, leave it among the lost. */
				break;
			}
		} else if (rc == SW_ERR) {
			sw_warn("message from reactor %d dropped: %s", r, sw_strerror(sw_error_get()));
		}
		/* Published after the replies are written (after_events): a kill -9 before that loses them. */
		worker->done_pending[r] = base - ((a->active || a->skipping) ? 1 : 0);
		worker->done_dirty = true;
	}
	check_stop(worker);
}

void sw_worker_feed(sw_worker_t *worker, int r, const char *dgram, size_t len)
{
	sw_channel_stats_t *st = sw_server_channel_stats(worker->serv, r, worker->id);
	sw_ipc_assembler_t *a = &worker->from_reactor[r];
	sw_ipc_message_t msg;
	int rc;

	if (worker->exiting) {
		return;
	}
	if (len >= sizeof(sw_ipc_header_t) && (((const sw_ipc_header_t *) dgram)->flags & SW_IPC_FIRST)) {
		st->read++;
	}
	rc = sw_ipc_assembler_feed(a, dgram, len, &msg);
	if (rc == SW_OK) {
		handle_message(worker, r, &msg);
	} else if (rc == SW_ERR) {
		sw_warn("message from reactor %d dropped: %s", r, sw_strerror(sw_error_get()));
	}
	if (!worker->exiting) {
		worker->done_pending[r] = st->read - ((a->active || a->skipping) ? 1 : 0);
		worker->done_dirty = true;
	}
}

/*
 * A message counts as done only once the replies it produced have left this
 * process: if the worker dies with replies still queued, the message is among
 * the lost ones and its connection gets closed rather than left waiting.
 */
static void publish_done(sw_worker_t *worker)
{
	uint32_t r;

	if (!worker->done_dirty) {
		return;
	}
	worker->done_dirty = false;
	for (r = 0; r < worker->serv->config.reactor_num; r++) {
		sw_channel_stats_t *st = sw_server_channel_stats(worker->serv, (int) r, worker->id);

		__atomic_store_n(&st->done, worker->done_pending[r], __ATOMIC_RELEASE);
	}
}

static void handle_signals(sw_worker_t *worker)
{
	int signo;

	while ((signo = sw_signal_next()) != 0) {
		if (signo == SIGTERM) {
			begin_planned_stop(worker);
		} else if (signo == SIGRTMIN) {
			sw_log_reopen();
		}
	}
}

static void signal_event(sw_reactor_t *reactor, sw_event_source_t *src, uint32_t events)
{
	sw_worker_t *worker = reactor->ptr;

	(void) src;
	(void) events;
	handle_signals(worker);
	check_stop(worker);
}

static int flush_all(sw_worker_t *worker, int timeout_ms)
{
	uint32_t r;
	int rc = SW_OK;

	for (r = 0; r < worker->serv->config.reactor_num; r++) {
		if (!sw_ipc_outq_empty(&worker->to_reactor[r]) &&
				sw_ipc_outq_flush_wait(&worker->to_reactor[r], timeout_ms) != SW_OK) {
			sw_warn("replies to reactor %u not delivered: %s", r, sw_strerror(sw_error_get()));
			rc = SW_ERR;
		}
	}
	return rc;
}

static void after_events(sw_reactor_t *reactor)
{
	sw_worker_t *worker = reactor->ptr;

	if (worker->base != NULL) {
		sw_base_worker_after_events(worker);
	}

	if (flush_all(worker, -1) == SW_OK) {
		publish_done(worker);
		check_stop(worker);
	}
}

static void before_wait(sw_reactor_t *reactor, int *timeout_ms)
{
	sw_worker_t *worker = reactor->ptr;

	if (worker->base != NULL) {
		sw_base_worker_before_wait(worker, timeout_ms);
	}

	/* Results and messages that came during a taskwait. */
	sw_inbox_handle_stash(worker);
	if (worker->draining) {
		check_stop(worker);
		*timeout_ms = SW_WORKER_DRAIN_POLL_MS;
	}
}

/* Keeps only this worker's ends of the channels. */
static void close_foreign_channels(sw_server_t *serv, int worker_id)
{
	uint32_t r, w;

	if (serv->channels == NULL) {
		return; /* SWOOLE_BASE */
	}
	for (r = 0; r < serv->config.reactor_num; r++) {
		for (w = 0; w < serv->config.worker_num; w++) {
			int *ch = sw_server_channel(serv, (int) r, (int) w);

			if ((int) w != worker_id && ch[1] >= 0) {
				close(ch[1]);
				ch[1] = -1;
			}
			/* ipc_mode 2: the manager kept the master ends; our relay writes into ours. */
			if ((int) w != worker_id && ch[0] >= 0) {
				close(ch[0]);
				ch[0] = -1;
			}
		}
		/* Reactor commands are the master's and the manager's business. */
		if (serv->cmd_pipes[r][1] >= 0) {
			close(serv->cmd_pipes[r][1]);
			serv->cmd_pipes[r][1] = -1;
		}
	}
}

static int worker_init(sw_server_t *serv, sw_worker_t *worker, int id)
{
	uint32_t r, nr = serv->config.reactor_num;

	memset(worker, 0, sizeof(*worker));
	worker->serv = serv;
	worker->id = id;
	worker->task_worker = (uint32_t) id >= serv->config.worker_num;
	if (sw_reactor_init(&worker->reactor) != SW_OK) {
		return SW_ERR;
	}
	worker->reactor.ptr = worker;
	worker->reactor.after_events = after_events;
	worker->reactor.before_wait = before_wait;
	worker->chan_src = calloc(nr, sizeof(sw_event_source_t));
	worker->to_reactor = calloc(nr, sizeof(sw_ipc_outq_t));
	worker->from_reactor = calloc(nr, sizeof(sw_ipc_assembler_t));
	worker->ipc_bufs = malloc(SW_IPC_DGRAM_MAX * SW_IPC_BATCH);
	worker->done_pending = calloc(nr, sizeof(uint64_t));
	if (!worker->chan_src || !worker->to_reactor || !worker->from_reactor || !worker->ipc_bufs ||
			!worker->done_pending) {
		sw_error_set(SW_ERROR_MALLOC_FAIL);
		return SW_ERR;
	}
	for (r = 0; r < nr && !worker->task_worker && serv->mode == SW_MODE_PROCESS; r++) {
		int fd = sw_server_channel(serv, (int) r, id)[1];

		worker->done_pending[r] = __atomic_load_n(&sw_server_channel_stats(serv, (int) r, id)->read, __ATOMIC_ACQUIRE);
		sw_ipc_outq_init(&worker->to_reactor[r], fd);
		/* Without framing a message is one read, whatever package_max_length says. */
		sw_ipc_assembler_init(&worker->from_reactor[r],
				SW_MAX(sw_server_max_frame(serv), (size_t) SW_READ_BUFFER_SIZE));
		if (sw_reactor_add(&worker->reactor, &worker->chan_src[r], fd, SW_EVENT_READ, channel_event,
					(void *) (intptr_t) r) != SW_OK) {
			return SW_ERR;
		}
	}
	if (serv->mode == SW_MODE_BASE && !worker->task_worker && sw_base_worker_init(worker) != SW_OK) {
		return SW_ERR;
	}
	if (sw_inbox_init(worker) != SW_OK) {
		return SW_ERR;
	}
	if (sw_reactor_add(&worker->reactor, &worker->sig_src, sw_signal_fd(), SW_EVENT_READ, signal_event, NULL) !=
			SW_OK) {
		return SW_ERR;
	}
	return sw_worker_relay_start(worker);
}

/* max_request plus a per-worker share of the grace, so workers do not all recycle at once. */
static uint64_t request_limit(sw_server_t *serv, bool task_worker)
{
	sw_server_config_t *c = &serv->config;
	uint32_t grace;

	if (c->max_request == 0 || task_worker) {
		return 0;
	}
	grace = c->max_request_grace < 0 ? c->max_request / 2 : (uint32_t) c->max_request_grace;
	if (grace == 0) {
		return c->max_request;
	}
	srandom((unsigned) getpid() ^ (unsigned) sw_time_ms());
	return (uint64_t) c->max_request + (uint64_t) (random() % ((long) grace + 1));
}

/* CPU affinity, chroot and privileges, before any PHP code of the worker runs. */
static int worker_setup_process(sw_server_t *serv, int worker_id)
{
	sw_server_config_t *c = &serv->config;
	char err[256];

	if (c->open_cpu_affinity && sw_process_set_affinity(worker_id) != SW_OK) {
		sw_warn("worker %d: open_cpu_affinity: %s", worker_id, sw_strerror(sw_error_get()));
	}
	if ((c->user || c->group || c->chroot) &&
			sw_process_drop_privileges(c->user, c->group, c->chroot, err, sizeof(err)) != SW_OK) {
		sw_error("worker %d: cannot drop privileges: %s", worker_id, err);
		return SW_ERR;
	}
	return SW_OK;
}

int sw_worker_main(sw_server_t *serv, int worker_id)
{
	sw_worker_t *worker = calloc(1, sizeof(sw_worker_t));
	sw_worker_info_t *info = &serv->shm->workers[worker_id];
	pid_t manager = getppid();
	int rc;

	serv->role = SW_ROLE_WORKER;
	serv->worker_id = worker_id;
	serv->worker = worker;
	sw_log_set_role(SW_ROLE_WORKER, worker_id);
	/* If the manager dies, so do we: no orphans serving stale code. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (worker == NULL) {
		sw_error("worker %d: out of memory", worker_id);
		return 255;
	}
	/* Not reset first: a signal recorded since fork() must not be lost. */
	if (sw_signal_init() != SW_OK || sw_signal_catch(SIGTERM) != SW_OK) {
		sw_error("worker %d: signal set-up failed: %s", worker_id, sw_strerror(sw_error_get()));
		return 255;
	}
	sw_signal_catch(SIGRTMIN);
	/* Ctrl-C reaches the whole process group; the master decides how to stop. */
	sw_signal_ignore(SIGINT);
	sw_signal_ignore(SIGUSR1);
	sw_signal_ignore(SIGUSR2);
	sw_signal_ignore(SIGPIPE);
	sw_signal_default(SIGCHLD);
	close_foreign_channels(serv, worker_id);
	sw_inbox_keep_own(serv, worker_id);
	if (worker_init(serv, worker, worker_id) != SW_OK) {
		sw_error("worker %d: initialisation failed: %s", worker_id, sw_strerror(sw_error_get()));
		return 255;
	}
	info->ready = 0;
	info->exit_planned = 0;
	info->requests = 0;
	info->start_gen = __atomic_load_n(worker->task_worker ? &serv->shm->task_reload_gen : &serv->shm->reload_gen,
			__ATOMIC_ACQUIRE);
	info->pid = getpid();
	info->started++;
	worker->request_limit = request_limit(serv, worker->task_worker);
	if (worker->task_worker) {
		serv->role = SW_ROLE_WORKER;
		sw_log_set_role(SW_ROLE_TASK_WORKER, worker_id);
	}
	if (getppid() != manager) {
		return 0;
	}
	if (worker_setup_process(serv, worker_id) != SW_OK) {
		return 255;
	}
	if (serv->cb.on_worker_start) {
		serv->cb.on_worker_start(serv, worker_id);
	}
	__atomic_store_n(&info->down_until_ms, 0, __ATOMIC_RELEASE);
	__atomic_store_n(&info->ready, 1, __ATOMIC_RELEASE);
	check_stop(worker);
	if (!worker->exiting && !(worker->stopping && !message_in_progress(worker))) {
		rc = sw_reactor_run(&worker->reactor);
		if (rc != SW_OK) {
			sw_error("worker %d: event loop failed: %s", worker_id, sw_strerror(sw_error_get()));
			worker->exiting = true;
			worker->exit_code = 255;
		}
	}
	/* What the relay holds stays in the queue's hold for the manager to put back. */
	sw_worker_relay_stop(worker);
	if (worker->base != NULL) {
		sw_base_worker_shutdown(worker);
	}
	if (flush_all(worker, (int) serv->config.max_wait_time * 1000) == SW_OK && !worker->exiting) {
		publish_done(worker);
	}
	if (!worker->exiting && serv->cb.on_worker_stop) {
		serv->cb.on_worker_stop(serv, worker_id);
		flush_all(worker, (int) serv->config.max_wait_time * 1000);
	}
	if (worker->exiting) {
		info->exit_planned = 0;
		return worker->exit_code;
	}
	info->exit_planned = 1;
	return 0;
}

void sw_server_worker_exit(sw_server_t *serv, int exit_code)
{
	sw_worker_t *worker = serv->worker;

	if (worker == NULL) {
		return;
	}
	worker->exiting = true;
	worker->exit_code = exit_code;
	sw_reactor_stop(&worker->reactor);
}

/* stop(-1) inside a worker: a planned stop after the current callback. */
int sw_worker_stop_self(sw_server_t *serv)
{
	sw_worker_t *worker = serv->worker;

	if (serv->role != SW_ROLE_WORKER || worker == NULL) {
		sw_error_set(SW_ERROR_SERVER_INVALID_CALLER);
		return SW_ERR;
	}
	begin_planned_stop(worker);
	check_stop(worker);
	return SW_OK;
}

static sw_worker_t *current_worker(sw_server_t *serv)
{
	if (serv->role != SW_ROLE_WORKER || serv->worker == NULL) {
		sw_error_set(SW_ERROR_SERVER_INVALID_CALLER);
		return NULL;
	}
	return serv->worker;
}

static int push_reply_flags(sw_server_t *serv, int type, sw_session_id_t session_id, const char *data, size_t len,
		uint32_t flags);

static int push_reply(sw_server_t *serv, int type, sw_session_id_t session_id, const char *data, size_t len)
{
	return push_reply_flags(serv, type, session_id, data, len, 0);
}

static int push_reply_flags(sw_server_t *serv, int type, sw_session_id_t session_id, const char *data, size_t len,
		uint32_t flags)
{
	sw_worker_t *worker = current_worker(serv);
	const sw_session_t *s;
	sw_ipc_outq_t *q;
	sw_ipc_header_t hdr = {0};

	if (worker == NULL) {
		return SW_ERR;
	}
	s = sw_session_find(serv, session_id);
	if (s == NULL) {
		return SW_ERR;
	}
	if (__atomic_load_n(&s->closing, __ATOMIC_RELAXED)) {
		sw_error_set(SW_ERROR_SESSION_CLOSED);
		return SW_ERR;
	}
	if (type == SW_IPC_CLOSE_REQUEST) {
		/* Any worker's send() after this close() fails at once instead of being dropped later. */
		__atomic_store_n(&((sw_session_t *) s)->closing, 1, __ATOMIC_RELAXED);
	}
	if (worker->base != NULL && s->reactor_id != worker->id) {
		/* SWOOLE_BASE: another worker's connection lives in that process only. */
		sw_error_set(SW_ERROR_SESSION_NOT_OWNER);
		return SW_ERR;
	}
	q = &worker->to_reactor[s->reactor_id];
	hdr.type = (uint8_t) type;
	hdr.session_id = session_id;
	hdr.reactor_id = s->reactor_id;
	hdr.worker_id = worker->id;
	hdr.reserved = flags;
	if (sw_ipc_outq_push(q, &hdr, data, len) != SW_OK) {
		return SW_ERR;
	}
	if (q->queue.length - q->queue.offset > SW_WORKER_OUTQ_HIGH) {
		return sw_ipc_outq_flush_wait(q, -1) == SW_ERR ? SW_ERR : SW_OK;
	}
	return SW_OK;
}

int sw_server_send(sw_server_t *serv, sw_session_id_t session_id, const char *data, size_t len)
{
	return sw_server_send_ex(serv, session_id, data, len, 0);
}

int sw_server_send_ex(sw_server_t *serv, sw_session_id_t session_id, const char *data, size_t len, uint32_t flags)
{
	const sw_session_t *s;

	if (len > serv->config.buffer_output_size) {
		sw_error_set(SW_ERROR_DATA_LENGTH_TOO_LARGE);
		return SW_ERR;
	}
	/*
	 * A client that does not read must not make the server buffer without
	 * limit: refuse what would take its pending output past socket_buffer_size.
	 */
	s = sw_session_find(serv, session_id);
	if (s != NULL) {
		/* Pending in the reactor plus still on its way there, from every worker. */
		uint64_t pending = __atomic_load_n(&s->out_bytes, __ATOMIC_RELAXED) +
				__atomic_load_n(&s->inflight_bytes, __ATOMIC_RELAXED);

		if (pending > 0 && pending + len > serv->config.socket_buffer_size) {
			sw_error_set(SW_ERROR_OUTPUT_BUFFER_OVERFLOW);
			return SW_ERR;
		}
		/* Counted before it can reach the reactor, which subtracts it when it takes it. */
		__atomic_fetch_add(&((sw_session_t *) s)->inflight_bytes, (uint64_t) len, __ATOMIC_RELAXED);
		if (push_reply_flags(serv, SW_IPC_SEND, session_id, data, len, flags) != SW_OK) {
			__atomic_fetch_sub(&((sw_session_t *) s)->inflight_bytes, (uint64_t) len, __ATOMIC_RELAXED);
			return SW_ERR;
		}
		return SW_OK;
	}
	return push_reply_flags(serv, SW_IPC_SEND, session_id, data, len, flags);
}

int sw_server_sendfile(sw_server_t *serv, sw_session_id_t session_id, const char *path, off_t offset, size_t length)
{
	return sw_server_sendfile_ex(serv, session_id, path, offset, length, 0);
}

int sw_server_sendfile_ex(sw_server_t *serv, sw_session_id_t session_id, const char *path, off_t offset,
		size_t length, uint32_t flags)
{
	char buf[sizeof(sw_ipc_sendfile_t) + 4096];
	sw_ipc_sendfile_t req;
	size_t path_len = strlen(path);
	struct stat st;

	if (path_len == 0 || path_len >= 4096) {
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return SW_ERR;
	}
	/* Checked here so the caller learns at once; the reactor opens it again when its turn comes. */
	if (stat(path, &st) < 0 || access(path, R_OK) < 0) {
		sw_error_set(errno);
		return SW_ERR;
	}
	if (!S_ISREG(st.st_mode) || offset < 0 || offset > st.st_size ||
			(length > 0 && (off_t) length > st.st_size - offset)) {
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return SW_ERR;
	}
	req.offset = (int64_t) offset;
	req.length = (int64_t) (length > 0 ? length : (size_t) (st.st_size - offset));
	memcpy(buf, &req, sizeof(req));
	memcpy(buf + sizeof(req), path, path_len);
	return push_reply_flags(serv, SW_IPC_SENDFILE, session_id, buf, sizeof(req) + path_len, flags);
}

int sw_server_pause(sw_server_t *serv, sw_session_id_t session_id)
{
	return push_reply(serv, SW_IPC_PAUSE_RECV, session_id, NULL, 0);
}

int sw_server_resume(sw_server_t *serv, sw_session_id_t session_id)
{
	return push_reply(serv, SW_IPC_RESUME_RECV, session_id, NULL, 0);
}

size_t sw_server_heartbeat(sw_server_t *serv, bool close_them, uint32_t idle_seconds, sw_session_id_t *ids,
		size_t max)
{
	sw_shared_t *shm = serv->shm;
	uint32_t idle = serv->heartbeat_idle > 0 ? serv->heartbeat_idle : idle_seconds;
	uint32_t now = (uint32_t) ((sw_time_ms() - serv->clock_base_ms) / 1000), i;
	size_t found = 0;

	if (current_worker(serv) == NULL) {
		return 0;
	}
	for (i = 0; i <= shm->session_mask; i++) {
		sw_session_t *s = &shm->sessions[i];
		uint32_t sid = __atomic_load_n(&s->session_id, __ATOMIC_ACQUIRE);

		if (sid == 0 || now - __atomic_load_n(&s->last_active, __ATOMIC_RELAXED) < idle ||
				__atomic_load_n(&s->protect, __ATOMIC_RELAXED)) {
			continue;
		}
		if (found < max) {
			ids[found] = sid;
		}
		found++;
		if (close_them) {
			sw_server_close(serv, sid);
		}
	}
	return found;
}

int sw_server_close(sw_server_t *serv, sw_session_id_t session_id)
{
	return push_reply(serv, SW_IPC_CLOSE_REQUEST, session_id, NULL, 0);
}

int sw_server_current_listener(sw_server_t *serv)
{
	return serv->role == SW_ROLE_WORKER && serv->worker != NULL ? serv->worker->cur_listener : -1;
}

int sw_server_sendto(sw_server_t *serv, const char *addr, int port, const char *data, size_t len, int server_socket)
{
	sw_sockaddr_t to;
	socklen_t tolen;
	int family, i, fd = -1;

	if (serv->role != SW_ROLE_WORKER) {
		sw_error_set(SW_ERROR_SERVER_INVALID_CALLER);
		return SW_ERR;
	}
	memset(&to, 0, sizeof(to));
	if (inet_pton(AF_INET, addr, &to.in4.sin_addr) == 1) {
		family = AF_INET;
		to.in4.sin_family = AF_INET;
		to.in4.sin_port = htons((uint16_t) port);
		tolen = sizeof(to.in4);
	} else if (inet_pton(AF_INET6, addr, &to.in6.sin6_addr) == 1) {
		family = AF_INET6;
		to.in6.sin6_family = AF_INET6;
		to.in6.sin6_port = htons((uint16_t) port);
		tolen = sizeof(to.in6);
	} else if (addr[0] != '\0' && strlen(addr) < sizeof(to.un.sun_path)) {
		family = AF_UNIX;
		to.un.sun_family = AF_UNIX;
		memcpy(to.un.sun_path, addr, strlen(addr));
		tolen = sizeof(to.un);
	} else {
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return SW_ERR;
	}
	for (i = 0; i < serv->listener_count; i++) {
		const sw_listener_t *l = &serv->listeners[i];
		int lfamily = l->type == SW_SOCK_UDP6 ? AF_INET6 : (l->type == SW_SOCK_UNIX_DGRAM ? AF_UNIX : AF_INET);

		if (!l->dgram || l->src.fd < 0) {
			continue;
		}
		if (server_socket >= 0 ? l->src.fd == server_socket : lfamily == family) {
			fd = l->src.fd;
			break;
		}
	}
	if (fd < 0) {
		sw_error_set(SW_ERROR_SERVER_NO_DGRAM_PORT);
		return SW_ERR;
	}
	for (;;) {
		if (sendto(fd, data, len, MSG_DONTWAIT | MSG_NOSIGNAL, &to.sa, tolen) >= 0) {
			return SW_OK;
		}
		if (errno != EINTR) {
			sw_error_set(errno);
			return SW_ERR;
		}
	}
}

int sw_server_flush(sw_server_t *serv)
{
	sw_worker_t *worker = current_worker(serv);

	if (worker == NULL) {
		return SW_ERR;
	}
	return flush_all(worker, (int) serv->config.max_wait_time * 1000);
}

int sw_server_session_peer(sw_server_t *serv, sw_session_id_t session_id, char *ip, size_t iplen, int *port)
{
	const sw_session_t *s = serv->shm != NULL ? sw_session_find(serv, session_id) : NULL;
	int family;

	if (s == NULL) {
		return SW_ERR;
	}
	family = s->family == AF_INET6 ? AF_INET6 : AF_INET;
	if ((s->family != AF_INET && s->family != AF_INET6) ||
			inet_ntop(family, s->remote_addr, ip, (socklen_t) iplen) == NULL) {
		sw_error_set(SW_ERROR_SESSION_NOT_EXIST);
		return SW_ERR;
	}
	*port = s->remote_port;
	return SW_OK;
}
