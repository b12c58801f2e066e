/*
 * Timer heap: a binary min-heap of timer pointers ordered by (expiry, id),
 * plus an open-addressing id index (linear probing, backward-shift delete)
 * so that removal by id is a hash lookup and one O(log n) sift.
 *
 * A pass (sw_timer_heap_run) first takes every due timer out of the heap into
 * `due`, then runs them in order. Timers added meanwhile go into the heap and
 * wait for the next pass; timers deleted meanwhile are only marked and are
 * freed by the pass when it reaches them, so a callback may delete anything.
 */
#include "sw_timer.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SW_TIMER_INDEX_MIN 64

static inline bool timer_before(const sw_timer_t *a, const sw_timer_t *b)
{
	return a->expire_ms < b->expire_ms || (a->expire_ms == b->expire_ms && a->id < b->id);
}

/* {{{ heap */
static void heap_place(sw_timer_heap_t *heap, uint32_t i, sw_timer_t *t)
{
	heap->nodes[i] = t;
	t->index = i;
}

static void heap_sift_up(sw_timer_heap_t *heap, uint32_t i)
{
	sw_timer_t *t = heap->nodes[i];

	while (i > 0) {
		uint32_t parent = (i - 1) / 2;

		if (!timer_before(t, heap->nodes[parent])) {
			break;
		}
		heap_place(heap, i, heap->nodes[parent]);
		i = parent;
	}
	heap_place(heap, i, t);
}

static void heap_sift_down(sw_timer_heap_t *heap, uint32_t i)
{
	sw_timer_t *t = heap->nodes[i];

	for (;;) {
		uint32_t child = 2 * i + 1;

		if (child >= heap->size) {
			break;
		}
		if (child + 1 < heap->size && timer_before(heap->nodes[child + 1], heap->nodes[child])) {
			child++;
		}
		if (!timer_before(heap->nodes[child], t)) {
			break;
		}
		heap_place(heap, i, heap->nodes[child]);
		i = child;
	}
	heap_place(heap, i, t);
}

static int heap_push(sw_timer_heap_t *heap, sw_timer_t *t)
{
	if (heap->size == heap->capacity) {
		uint32_t cap = heap->capacity ? heap->capacity * 2 : 64;
		sw_timer_t **nodes = realloc(heap->nodes, sizeof(*nodes) * cap);

		if (nodes == NULL) {
			sw_error_set(SW_ERROR_MALLOC_FAIL);
			return SW_ERR;
		}
		heap->nodes = nodes;
		heap->capacity = cap;
	}
	heap->nodes[heap->size] = t;
	t->index = heap->size;
	heap->size++;
	heap_sift_up(heap, t->index);
	return SW_OK;
}

static void heap_remove(sw_timer_heap_t *heap, sw_timer_t *t)
{
	uint32_t i = t->index;
	sw_timer_t *last;

	heap->size--;
	t->index = SW_TIMER_DETACHED;
	if (i == heap->size) {
		return;
	}
	last = heap->nodes[heap->size];
	heap_place(heap, i, last);
	/* The moved node may belong above or below its new place. */
	if (i > 0 && timer_before(last, heap->nodes[(i - 1) / 2])) {
		heap_sift_up(heap, i);
	} else {
		heap_sift_down(heap, i);
	}
}
/* }}} */

/* {{{ id index */
static inline uint32_t index_hash(int64_t id)
{
	uint64_t x = (uint64_t) id * 0x9E3779B97F4A7C15ull;

	return (uint32_t) (x >> 32);
}

static int index_grow(sw_timer_heap_t *heap)
{
	uint32_t old_cap = heap->index ? heap->index_mask + 1 : 0;
	uint32_t cap = old_cap ? old_cap * 2 : SW_TIMER_INDEX_MIN;
	sw_timer_t **slots = calloc(cap, sizeof(*slots));
	uint32_t i;

	if (slots == NULL) {
		sw_error_set(SW_ERROR_MALLOC_FAIL);
		return SW_ERR;
	}
	for (i = 0; i < old_cap; i++) {
		sw_timer_t *t = heap->index[i];

		if (t != NULL) {
			uint32_t j = index_hash(t->id) & (cap - 1);

			while (slots[j] != NULL) {
				j = (j + 1) & (cap - 1);
			}
			slots[j] = t;
		}
	}
	free(heap->index);
	heap->index = slots;
	heap->index_mask = cap - 1;
	return SW_OK;
}

static int index_insert(sw_timer_heap_t *heap, sw_timer_t *t)
{
	uint32_t j;

	/* Kept at most half full, so probes stay short. */
	if (heap->index == NULL || (heap->index_used + 1) * 2 > heap->index_mask + 1) {
		if (index_grow(heap) != SW_OK) {
			return SW_ERR;
		}
	}
	j = index_hash(t->id) & heap->index_mask;
	while (heap->index[j] != NULL) {
		j = (j + 1) & heap->index_mask;
	}
	heap->index[j] = t;
	heap->index_used++;
	return SW_OK;
}

static int64_t index_slot(const sw_timer_heap_t *heap, int64_t id)
{
	uint32_t j;

	if (heap->index == NULL) {
		return -1;
	}
	j = index_hash(id) & heap->index_mask;
	while (heap->index[j] != NULL) {
		if (heap->index[j]->id == id) {
			return j;
		}
		j = (j + 1) & heap->index_mask;
	}
	return -1;
}

/* Backward-shift deletion: no tombstones, so lookups never slow down with churn. */
static void index_remove_slot(sw_timer_heap_t *heap, uint32_t hole)
{
	uint32_t mask = heap->index_mask;
	uint32_t j = hole;

	heap->index[hole] = NULL;
	heap->index_used--;
	for (;;) {
		uint32_t home;

		j = (j + 1) & mask;
		if (heap->index[j] == NULL) {
			return;
		}
		home = index_hash(heap->index[j]->id) & mask;
		/* Move j into the hole unless its home lies cyclically in (hole, j]. */
		if ((j > hole && (home <= hole || home > j)) || (j < hole && (home <= hole && home > j))) {
			heap->index[hole] = heap->index[j];
			heap->index[j] = NULL;
			hole = j;
		}
	}
}

static void index_remove(sw_timer_heap_t *heap, int64_t id)
{
	int64_t slot = index_slot(heap, id);

	if (slot >= 0) {
		index_remove_slot(heap, (uint32_t) slot);
	}
}
/* }}} */

int sw_timer_heap_init(sw_timer_heap_t *heap)
{
	memset(heap, 0, sizeof(*heap));
	heap->next_id = 1;
	return SW_OK;
}

static void timer_free(sw_timer_heap_t *heap, sw_timer_t *t)
{
	if (heap->free_data != NULL) {
		heap->free_data(heap, t);
	}
	free(t);
}

void sw_timer_heap_free(sw_timer_heap_t *heap)
{
	uint32_t i;

	for (i = 0; i < heap->size; i++) {
		timer_free(heap, heap->nodes[i]);
	}
	for (i = 0; i < heap->due_count; i++) {
		if (heap->due[i] != NULL) {
			timer_free(heap, heap->due[i]);
		}
	}
	free(heap->nodes);
	free(heap->index);
	free(heap->due);
	heap->nodes = NULL;
	heap->index = NULL;
	heap->due = NULL;
	heap->size = heap->capacity = 0;
	heap->index_used = heap->index_mask = 0;
	heap->due_count = heap->due_capacity = 0;
	heap->count = 0;
}

sw_timer_t *sw_timer_add(sw_timer_heap_t *heap, int64_t now_ms, int64_t after_ms, int64_t interval_ms,
		sw_timer_cb_t callback, void *data)
{
	sw_timer_t *t;

	if (after_ms < 0 || after_ms > SW_TIMER_MAX_MS || interval_ms < 0 || interval_ms > SW_TIMER_MAX_MS ||
			callback == NULL) {
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return NULL;
	}
	t = calloc(1, sizeof(*t));
	if (t == NULL) {
		sw_error_set(SW_ERROR_MALLOC_FAIL);
		return NULL;
	}
	t->id = heap->next_id;
	t->created_ms = now_ms;
	t->expire_ms = now_ms + after_ms;
	t->interval_ms = interval_ms;
	t->round = heap->round;
	t->callback = callback;
	t->data = data;
	t->index = SW_TIMER_DETACHED;
	if (index_insert(heap, t) != SW_OK) {
		free(t);
		return NULL;
	}
	if (heap_push(heap, t) != SW_OK) {
		index_remove(heap, t->id);
		free(t);
		return NULL;
	}
	/* Only now: a failed add must not use up an id either way, and ids stay unique. */
	heap->next_id++;
	heap->count++;
	return t;
}

sw_timer_t *sw_timer_find(sw_timer_heap_t *heap, int64_t id)
{
	int64_t slot = index_slot(heap, id);

	return slot >= 0 ? heap->index[slot] : NULL;
}

/*
 * Takes a live timer out of service. One in the heap is freed at once; one
 * held by the running pass (due, or running now) is only marked, and the
 * pass frees it.
 */
static void timer_discard(sw_timer_heap_t *heap, sw_timer_t *t)
{
	t->removed = true;
	index_remove(heap, t->id);
	heap->count--;
	if (t->index != SW_TIMER_DETACHED) {
		heap_remove(heap, t);
		timer_free(heap, t);
	}
}

int sw_timer_del(sw_timer_heap_t *heap, int64_t id)
{
	sw_timer_t *t = sw_timer_find(heap, id);

	if (t == NULL) {
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return SW_ERR;
	}
	timer_discard(heap, t);
	return SW_OK;
}

uint32_t sw_timer_heap_clear(sw_timer_heap_t *heap)
{
	uint32_t n = 0, i;

	while (heap->size > 0) {
		timer_discard(heap, heap->nodes[heap->size - 1]);
		n++;
	}
	for (i = 0; i < heap->due_count; i++) {
		if (heap->due[i] != NULL && !heap->due[i]->removed) {
			timer_discard(heap, heap->due[i]);
			n++;
		}
	}
	if (heap->current != NULL && !heap->current->removed) {
		timer_discard(heap, heap->current);
		n++;
	}
	return n;
}

int sw_timer_heap_next_ms(const sw_timer_heap_t *heap, int64_t now_ms)
{
	int64_t left;

	if (heap->size == 0) {
		return -1;
	}
	left = heap->nodes[0]->expire_ms - now_ms;
	if (left <= 0) {
		return 0;
	}
	return (int) SW_MIN(left, SW_TIMER_MAX_MS);
}

static int due_push(sw_timer_heap_t *heap, sw_timer_t *t)
{
	if (heap->due_count == heap->due_capacity) {
		uint32_t cap = heap->due_capacity ? heap->due_capacity * 2 : 16;
		sw_timer_t **due = realloc(heap->due, sizeof(*due) * cap);

		if (due == NULL) {
			sw_error_set(SW_ERROR_MALLOC_FAIL);
			return SW_ERR;
		}
		heap->due = due;
		heap->due_capacity = cap;
	}
	heap->due[heap->due_count++] = t;
	return SW_OK;
}

/* After its callback: a tick goes back into the heap on its schedule, anything else is freed. */
static void timer_settle(sw_timer_heap_t *heap, sw_timer_t *t, int64_t now_ms)
{
	if (!t->removed && t->interval_ms > 0) {
		int64_t next = t->expire_ms + t->interval_ms;

		if (next <= now_ms) {
			/* Overran: skip the missed expiries, stay on the schedule. */
			next += ((now_ms - next) / t->interval_ms + 1) * t->interval_ms;
		}
		t->expire_ms = next;
		if (heap_push(heap, t) == SW_OK) {
			return;
		}
		/* Out of memory: the tick cannot continue; drop it rather than lose track of it. */
	}
	if (!t->removed) {
		t->removed = true;
		index_remove(heap, t->id);
		heap->count--;
	}
	timer_free(heap, t);
}

int sw_timer_heap_run(sw_timer_heap_t *heap, int64_t now_ms)
{
	uint32_t i;
	int ran = 0;

	if (heap->running) {
		return 0;
	}
	heap->running = true;
	heap->round++;
	heap->due_count = 0;
	/* Everything due now leaves the heap first: what callbacks add waits for the next pass. */
	while (heap->size > 0 && heap->nodes[0]->expire_ms <= now_ms) {
		sw_timer_t *t = heap->nodes[0];

		if (due_push(heap, t) != SW_OK) {
			break; /* the rest stays due: the next pass takes it */
		}
		heap_remove(heap, t);
	}
	for (i = 0; i < heap->due_count; i++) {
		sw_timer_t *t = heap->due[i];

		heap->due[i] = NULL;
		if (t->removed) {
			timer_free(heap, t);
			continue;
		}
		heap->current = t;
		t->exec_count++;
		t->callback(heap, t);
		heap->current = NULL;
		ran++;
		timer_settle(heap, t, now_ms);
	}
	heap->due_count = 0;
	heap->running = false;
	return ran;
}

uint32_t sw_timer_heap_ids(const sw_timer_heap_t *heap, int64_t *ids, uint32_t max)
{
	uint32_t i, n = 0;

	if (heap->index == NULL) {
		return 0;
	}
	for (i = 0; i <= heap->index_mask && n < max; i++) {
		if (heap->index[i] != NULL) {
			ids[n++] = heap->index[i]->id;
		}
	}
	return n;
}

int64_t sw_timer_clock_ceil_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t) ts.tv_sec * 1000 + (ts.tv_nsec + 999999) / 1000000;
}
