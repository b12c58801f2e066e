/*
 * SysV message queues (ipc_mode 2, task_ipc_mode 2 and 3).
 *
 * A queue message is a `long` type followed by our IPC datagram (header and
 * payload). Queues cannot be watched with epoll, so a process that must
 * read one while it also runs an event loop uses a relay: a thread that
 * blocks in msgrcv() and hands every message to a datagram socket the loop
 * watches. The relay receives straight into a "hold" in memory shared with
 * the manager, so a message taken out of the queue by a process that is
 * then killed is not lost: the manager finds it in the hold and delivers it
 * again (sw_msgq_hold_pending()).
 */
#ifndef SW_MSGQUEUE_H
#define SW_MSGQUEUE_H

#include "sw_core.h"

#include <pthread.h>

typedef struct {
	int id;                /* -1: none */
	long key;              /* 0: IPC_PRIVATE */
	bool created;          /* this server created it: it removes it at the end */
} sw_msgq_t;

/* Opens the queue with `key` (0: a new private queue), creating it when it does not exist. */
int sw_msgq_open(sw_msgq_t *q, long key);
/* Removes the queue if this process created it; only closes the handle otherwise. */
int sw_msgq_close(sw_msgq_t *q);
/* Messages and bytes waiting in the queue. */
int sw_msgq_stat(const sw_msgq_t *q, uint64_t *messages, uint64_t *bytes);
/* kernel.msgmax and kernel.msgmnb (bytes), read from /proc. */
int sw_msgq_kernel_limits(size_t *msgmax, size_t *msgmnb);

/* A message buffer: the type, then the bytes. */
typedef struct {
	long mtype;
	char data[];
} sw_msgq_msg_t;

/*
 * Sends len bytes of m->data. Waits for room up to timeout_ms (0: do not
 * wait, -1: as long as it takes). SW_AGAIN when the queue stayed full.
 */
int sw_msgq_send(int qid, sw_msgq_msg_t *m, size_t len, int timeout_ms);

/* Where a relay receives: shared with the manager (see above). */
enum sw_msgq_hold_state {
	SW_MSGQ_HOLD_EMPTY = 0,
	SW_MSGQ_HOLD_RECEIVING = 1, /* in msgrcv(): mtype != 0 afterwards means a message arrived */
	SW_MSGQ_HOLD_HELD = 2,      /* len bytes received, not yet delivered */
};

typedef struct {
	uint32_t state;
	uint32_t len;
	sw_msgq_msg_t msg;     /* followed by the capacity given to sw_msgq_hold_size() */
} sw_msgq_hold_t;

static inline size_t sw_msgq_hold_size(size_t cap)
{
	return (sizeof(sw_msgq_hold_t) + cap + 63) & ~(size_t) 63;
}

/*
 * After the hold's owner died: true when it had taken a message out of the
 * queue without delivering it; *data and *len then describe it (len is 0
 * when the owner died before it could record the length: the caller finds it
 * in the message itself). Call sw_msgq_hold_clear() once it is delivered.
 */
bool sw_msgq_hold_pending(sw_msgq_hold_t *h, const char **data, size_t *len);
void sw_msgq_hold_clear(sw_msgq_hold_t *h);

typedef struct sw_msgq_relay sw_msgq_relay_t;
/*
 * Delivers one message, in the relay thread, waiting for room as long as it
 * takes unless the relay is asked to stop (sw_msgq_relay_stopping()): then
 * SW_AGAIN leaves the message in the hold for the manager. SW_ERR: lost.
 */
typedef int (*sw_msgq_deliver_t)(sw_msgq_relay_t *r, const char *data, size_t len);

struct sw_msgq_relay {
	int qid;
	long mtype;            /* messages of this type only */
	sw_msgq_hold_t *hold;
	size_t cap;            /* largest message */
	bool gated;            /* take the next message only after sw_msgq_relay_open_gate() */
	sw_msgq_deliver_t deliver;
	void *ctx;
	/* private */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool gate_open;
	volatile int stop;
	bool running;
};

static inline bool sw_msgq_relay_stopping(const sw_msgq_relay_t *r)
{
	return __atomic_load_n(&r->stop, __ATOMIC_ACQUIRE) != 0;
}

/* Starts the relay thread; the first message is taken at once, even when gated. */
int sw_msgq_relay_start(sw_msgq_relay_t *r);
/* A gated relay may take the next message. */
void sw_msgq_relay_open_gate(sw_msgq_relay_t *r);
/* Stops the thread and waits for it; a message it holds is delivered first. */
void sw_msgq_relay_stop(sw_msgq_relay_t *r);

#endif
