/*
 * Timers: a binary min-heap keyed by (expiry, id) in monotonic milliseconds,
 * with an id index so a timer can be found and removed by id in O(log n).
 *
 * The heap is plain data with no clock of its own: every call that needs
 * the time takes `now_ms`, so tests drive it with a fake clock and the
 * reactor with sw_time_ms(). Rules the callers can rely on:
 * - ids start at 1 and grow; an id is never reused by the same heap;
 * - timers with the same expiry run in the order they were added;
 * - a callback may delete any timer, itself included, or clear the heap;
 * - a timer added by a callback never runs in the same sw_timer_heap_run()
 *   pass, even with a delay of 0 (so a callback re-adding itself cannot
 *   starve the loop);
 * - a tick whose callback overran its next expiries skips the missed ones
 *   and stays on its schedule (expiry + k * interval), never runs twice in
 *   a row to catch up.
 */
#ifndef SW_TIMER_H
#define SW_TIMER_H

#include "sw_core.h"

/* Longest delay or interval accepted (about 24.8 days, so a timeout always fits an int). */
#define SW_TIMER_MAX_MS ((int64_t) 0x7fffffff)

typedef struct sw_timer sw_timer_t;
typedef struct sw_timer_heap sw_timer_heap_t;

typedef void (*sw_timer_cb_t)(sw_timer_heap_t *heap, sw_timer_t *timer);

struct sw_timer {
	int64_t id;
	int64_t expire_ms;         /* next expiry (monotonic ms) */
	int64_t interval_ms;       /* 0: runs once */
	int64_t created_ms;
	uint64_t exec_count;       /* how many times the callback ran */
	uint64_t round;            /* heap pass during which it was added */
	uint32_t index;            /* position in the heap, or SW_TIMER_DETACHED */
	bool removed;              /* deleted: will not run again; freed once its pass ends */
	sw_timer_cb_t callback;
	void *data;                /* the owner's; released by the heap's free_data hook */
};

#define SW_TIMER_DETACHED UINT32_MAX

struct sw_timer_heap {
	sw_timer_t **nodes;        /* the min-heap */
	uint32_t size;
	uint32_t capacity;
	/* id -> timer, open addressing; slots hold NULL when empty */
	sw_timer_t **index;
	uint32_t index_mask;       /* capacity - 1 (a power of two) */
	uint32_t index_used;
	/* timers taken out of the heap by the pass that runs them */
	sw_timer_t **due;
	uint32_t due_count;
	uint32_t due_capacity;
	uint32_t count;            /* live timers (not removed), running or waiting */
	int64_t next_id;
	uint64_t round;            /* passes so far */
	bool running;              /* inside sw_timer_heap_run() */
	sw_timer_t *current;       /* the timer whose callback is running */
	/* Called when a timer is freed, to release its data (may be NULL). */
	void (*free_data)(sw_timer_heap_t *heap, sw_timer_t *timer);
	void *ptr;                 /* owner */
};

int sw_timer_heap_init(sw_timer_heap_t *heap);
/* Frees every timer (free_data for each). Not from a callback. */
void sw_timer_heap_free(sw_timer_heap_t *heap);

/*
 * Adds a timer that first expires at now_ms + after_ms, then every
 * interval_ms if interval_ms > 0. NULL with the error set on bad arguments
 * (delays below 0 or above SW_TIMER_MAX_MS) or when out of memory.
 */
sw_timer_t *sw_timer_add(sw_timer_heap_t *heap, int64_t now_ms, int64_t after_ms, int64_t interval_ms,
		sw_timer_cb_t callback, void *data);
/* The live timer with this id, or NULL (never added, ran out, or deleted). */
sw_timer_t *sw_timer_find(sw_timer_heap_t *heap, int64_t id);
/* Deletes a live timer; SW_ERR when there is none with this id. Safe from any callback. */
int sw_timer_del(sw_timer_heap_t *heap, int64_t id);
/* Deletes every timer; safe from a callback. Returns how many were deleted. */
uint32_t sw_timer_heap_clear(sw_timer_heap_t *heap);

/* Milliseconds until the next expiry (0 if one is due), or -1 with no timer. */
int sw_timer_heap_next_ms(const sw_timer_heap_t *heap, int64_t now_ms);
/*
 * Runs the callbacks of the timers due at now_ms, earliest first, and
 * reschedules ticks. Returns how many callbacks ran. A nested call (from a
 * callback) does nothing and returns 0.
 */
int sw_timer_heap_run(sw_timer_heap_t *heap, int64_t now_ms);

/* Live timers. */
static inline uint32_t sw_timer_heap_count(const sw_timer_heap_t *heap)
{
	return heap->count;
}
/* Writes up to max ids of live timers, in no particular order; returns how many were written. */
uint32_t sw_timer_heap_ids(const sw_timer_heap_t *heap, int64_t *ids, uint32_t max);

/*
 * The monotonic clock for adding timers: rounded up to the next millisecond,
 * so that a timer never expires earlier than asked when the running side
 * compares with sw_time_ms(), which rounds down.
 */
int64_t sw_timer_clock_ceil_ms(void);

#endif
