/*
 * SysV message queues and the relay thread that feeds one into an event loop.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "sw_msgqueue.h"
#include "sw_log.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <time.h>
#include <unistd.h>

/* Interrupts a relay blocked in msgrcv() (SysV calls are never restarted after a handler). */
#define SW_MSGQ_WAKE_SIGNAL (SIGRTMIN + 3)
/* Longest sleep between two tries to send to a full queue. */
#define SW_MSGQ_SEND_POLL_MAX_MS 8

int sw_msgq_open(sw_msgq_t *q, long key)
{
	int id;

	q->id = -1;
	q->key = key;
	q->created = false;
	if (key == 0) {
		id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
		q->created = id >= 0;
	} else {
		id = msgget((key_t) key, IPC_CREAT | IPC_EXCL | 0600);
		if (id >= 0) {
			q->created = true;
		} else if (errno == EEXIST) {
			/* Somebody's queue with this key: use it, leave it in place at the end. */
			id = msgget((key_t) key, 0600);
		}
	}
	if (id < 0) {
		sw_error_set(errno);
		return SW_ERR;
	}
	q->id = id;
	return SW_OK;
}

int sw_msgq_close(sw_msgq_t *q)
{
	int rc = SW_OK;

	if (q->id >= 0 && q->created && msgctl(q->id, IPC_RMID, NULL) < 0 && errno != EINVAL && errno != EIDRM) {
		sw_error_set(errno);
		rc = SW_ERR;
	}
	q->id = -1;
	q->created = false;
	return rc;
}

int sw_msgq_stat(const sw_msgq_t *q, uint64_t *messages, uint64_t *bytes)
{
	struct msqid_ds ds;

	if (msgctl(q->id, IPC_STAT, &ds) < 0) {
		sw_error_set(errno);
		return SW_ERR;
	}
	*messages = (uint64_t) ds.msg_qnum;
	*bytes = (uint64_t) ds.__msg_cbytes;
	return SW_OK;
}

static int read_proc_size(const char *path, size_t *out)
{
	FILE *f = fopen(path, "r");
	unsigned long long v;
	int n;

	if (f == NULL) {
		sw_error_set(errno);
		return SW_ERR;
	}
	n = fscanf(f, "%llu", &v);
	fclose(f);
	if (n != 1) {
		sw_error_set(SW_ERROR_SYSTEM_CALL_FAIL);
		return SW_ERR;
	}
	*out = (size_t) v;
	return SW_OK;
}

int sw_msgq_kernel_limits(size_t *msgmax, size_t *msgmnb)
{
	if (read_proc_size("/proc/sys/kernel/msgmax", msgmax) != SW_OK ||
			read_proc_size("/proc/sys/kernel/msgmnb", msgmnb) != SW_OK) {
		return SW_ERR;
	}
	return SW_OK;
}

static void sleep_ms(int ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long) (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

int sw_msgq_send(int qid, sw_msgq_msg_t *m, size_t len, int timeout_ms)
{
	int64_t deadline = timeout_ms > 0 ? sw_time_ms() + timeout_ms : 0;
	int pause_ms = 1;

	for (;;) {
		if (msgsnd(qid, m, len, timeout_ms < 0 ? 0 : IPC_NOWAIT) == 0) {
			return SW_OK;
		}
		if (errno == EINTR) {
			continue;
		}
		if (errno != EAGAIN) {
			sw_error_set(errno);
			return SW_ERR;
		}
		/* A queue cannot be polled for room: retry, backing off a little. */
		if (timeout_ms == 0 || sw_time_ms() >= deadline) {
			sw_error_set(EAGAIN);
			return SW_AGAIN;
		}
		sleep_ms(pause_ms);
		pause_ms = SW_MIN(pause_ms * 2, SW_MSGQ_SEND_POLL_MAX_MS);
	}
}

bool sw_msgq_hold_pending(sw_msgq_hold_t *h, const char **data, size_t *len)
{
	uint32_t state = __atomic_load_n(&h->state, __ATOMIC_ACQUIRE);

	if (state == SW_MSGQ_HOLD_EMPTY || h->msg.mtype == 0) {
		return false;
	}
	*data = h->msg.data;
	*len = state == SW_MSGQ_HOLD_HELD ? h->len : 0;
	return true;
}

void sw_msgq_hold_clear(sw_msgq_hold_t *h)
{
	h->msg.mtype = 0;
	h->len = 0;
	__atomic_store_n(&h->state, SW_MSGQ_HOLD_EMPTY, __ATOMIC_RELEASE);
}

static void wake_handler(int signo)
{
	(void) signo;
}

static bool wait_gate(sw_msgq_relay_t *r)
{
	bool go;

	pthread_mutex_lock(&r->lock);
	while (!r->gate_open && !r->stop) {
		pthread_cond_wait(&r->cond, &r->lock);
	}
	go = !r->stop;
	if (go && r->gated) {
		r->gate_open = false;
	}
	pthread_mutex_unlock(&r->lock);
	return go;
}

static void *relay_main(void *arg)
{
	sw_msgq_relay_t *r = arg;
	sw_msgq_hold_t *h = r->hold;
	sigset_t set;

	/* Signals for the process go to its main thread; this one only hears its wake-up. */
	sigfillset(&set);
	sigdelset(&set, SW_MSGQ_WAKE_SIGNAL);
	pthread_sigmask(SIG_SETMASK, &set, NULL);
	while (wait_gate(r)) {
		ssize_t n;

		h->msg.mtype = 0;
		__atomic_store_n(&h->state, SW_MSGQ_HOLD_RECEIVING, __ATOMIC_RELEASE);
		n = msgrcv(r->qid, &h->msg, r->cap, r->mtype, 0);
		if (n < 0) {
			int err = errno;

			sw_msgq_hold_clear(h);
			if (err == EINTR) {
				/* Woken to stop, or a spurious signal: the gate is still ours. */
				pthread_mutex_lock(&r->lock);
				r->gate_open = true;
				pthread_mutex_unlock(&r->lock);
				continue;
			}
			/* The queue is gone (the server is ending) or unusable. */
			if (err != EIDRM && err != EINVAL) {
				sw_error("message queue %d: msgrcv failed: %s", r->qid, strerror(err));
			}
			break;
		}
		h->len = (uint32_t) n;
		__atomic_store_n(&h->state, SW_MSGQ_HOLD_HELD, __ATOMIC_RELEASE);
		switch (r->deliver(r, h->msg.data, (size_t) n)) {
		case SW_OK:
			break;
		case SW_AGAIN:
			return NULL; /* stopping with nowhere to put it: the manager delivers it from the hold */
		default:
			sw_error("message queue %d: a message could not be handed on: %s", r->qid,
					sw_strerror(sw_error_get()));
			break;
		}
		sw_msgq_hold_clear(h);
	}
	return NULL;
}

int sw_msgq_relay_start(sw_msgq_relay_t *r)
{
	struct sigaction sa;
	int err;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = wake_handler;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SW_MSGQ_WAKE_SIGNAL, &sa, NULL) < 0) {
		sw_error_set(errno);
		return SW_ERR;
	}
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->cond, NULL);
	r->gate_open = true;
	r->stop = 0;
	sw_msgq_hold_clear(r->hold);
	err = pthread_create(&r->thread, NULL, relay_main, r);
	if (err != 0) {
		sw_error_set(err);
		return SW_ERR;
	}
	r->running = true;
	return SW_OK;
}

void sw_msgq_relay_open_gate(sw_msgq_relay_t *r)
{
	pthread_mutex_lock(&r->lock);
	r->gate_open = true;
	pthread_cond_signal(&r->cond);
	pthread_mutex_unlock(&r->lock);
}

void sw_msgq_relay_stop(sw_msgq_relay_t *r)
{
	if (!r->running) {
		return;
	}
	pthread_mutex_lock(&r->lock);
	r->stop = 1;
	pthread_cond_signal(&r->cond);
	pthread_mutex_unlock(&r->lock);
	/*
	 * The signal may come just before the thread enters msgrcv(), so it is
	 * repeated until the thread has ended.
	 */
	for (;;) {
		struct timespec ts;

		pthread_kill(r->thread, SW_MSGQ_WAKE_SIGNAL);
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 5 * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		if (pthread_timedjoin_np(r->thread, NULL, &ts) == 0) {
			break;
		}
	}
	r->running = false;
	pthread_cond_destroy(&r->cond);
	pthread_mutex_destroy(&r->lock);
}
