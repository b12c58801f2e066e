/*
 * The reactor: a small epoll loop. Every watched descriptor is described by a
 * caller-owned sw_event_source_t (embedded in a connection, a channel, ...),
 * so registering costs no allocation. Each reactor belongs to one thread.
 */
#ifndef SW_REACTOR_H
#define SW_REACTOR_H

#include "sw_core.h"

#define SW_EVENT_READ 0x1u
#define SW_EVENT_WRITE 0x2u
#define SW_EVENT_ERROR 0x4u /* reported only: hang-up or error on the descriptor */
/* sw_reactor_add() only: wake one of the processes watching this descriptor (EPOLLEXCLUSIVE) */
#define SW_EVENT_EXCLUSIVE 0x8u

typedef struct sw_reactor sw_reactor_t;
typedef struct sw_event_source sw_event_source_t;
typedef struct sw_timer_heap sw_timer_heap_t;

typedef void (*sw_event_handler_t)(sw_reactor_t *reactor, sw_event_source_t *src, uint32_t events);
typedef void (*sw_defer_fn_t)(sw_reactor_t *reactor, void *data);

typedef struct {
	sw_defer_fn_t fn;
	void *data;
} sw_defer_t;

struct sw_event_source {
	int fd;
	uint32_t events;            /* currently registered SW_EVENT_* */
	sw_event_handler_t handler;
	void *ptr;                  /* owner object */
};

struct sw_reactor {
	int epfd;
	int id;                     /* reactor thread id, or -1 */
	volatile int running;
	int timeout_ms;             /* -1 waits forever */
	/* Called before every wait: may lower *timeout_ms (flush batches, run timers). */
	void (*before_wait)(sw_reactor_t *reactor, int *timeout_ms);
	/* Called after each batch of events has been handled. */
	void (*after_events)(sw_reactor_t *reactor);
	void *ptr;
	void *events_buf;           /* struct epoll_event[SW_REACTOR_MAX_EVENTS] */
	int batch_next;             /* index of the next event of the current batch to dispatch */
	int batch_count;            /* events in the current batch (0 outside dispatch) */
	/*
	 * Optional timers (not owned): each wait ends at their next expiry, and
	 * the due ones run after each batch of events, before after_events.
	 */
	sw_timer_heap_t *timers;
	/* Functions to call once at the end of the current iteration (FIFO). */
	sw_defer_t *defers;
	uint32_t defer_count;
	uint32_t defer_capacity;
	/* Optional: called at the end of every iteration (sw_reactor_set_cycle()). */
	sw_defer_t cycle;
	bool cycle_before_defers;
};

int sw_reactor_init(sw_reactor_t *reactor);
void sw_reactor_free(sw_reactor_t *reactor);

/* Fills src and registers it. events is a mask of SW_EVENT_READ / SW_EVENT_WRITE. */
int sw_reactor_add(sw_reactor_t *reactor, sw_event_source_t *src, int fd, uint32_t events,
		sw_event_handler_t handler, void *ptr);
int sw_reactor_set(sw_reactor_t *reactor, sw_event_source_t *src, uint32_t events);
int sw_reactor_del(sw_reactor_t *reactor, sw_event_source_t *src);

/* Runs one wait and dispatches what it returns. Returns the event count or SW_ERR. */
int sw_reactor_once(sw_reactor_t *reactor, int timeout_ms);
/* Loops until sw_reactor_stop() (which may be called from a handler). */
int sw_reactor_run(sw_reactor_t *reactor);
void sw_reactor_stop(sw_reactor_t *reactor);

/*
 * Calls fn(reactor, data) once, after the events and timers of the current
 * iteration (or of the next one, when called from a deferred function).
 * While something is deferred, the wait does not block.
 */
int sw_reactor_defer(sw_reactor_t *reactor, sw_defer_fn_t fn, void *data);
static inline bool sw_reactor_has_defers(const sw_reactor_t *reactor)
{
	return reactor->defer_count > 0;
}
/*
 * Calls fn(reactor, data) at the end of every iteration, after the events
 * and timers: before the deferred functions when before_defers, else after
 * them. fn NULL removes it. It does not keep the loop from blocking.
 */
void sw_reactor_set_cycle(sw_reactor_t *reactor, sw_defer_fn_t fn, void *data, bool before_defers);

/* Drops what is deferred without calling it (the caller releases the data). */
void sw_reactor_defer_clear(sw_reactor_t *reactor);

#endif
