/*
 * The timer heap with a fake clock: ordering (by expiry, then by insertion),
 * ticks on schedule and skipping missed expiries, 10,000 timers in random
 * order with random deletions, deletion from inside callbacks (itself,
 * others due in the same pass, everything), timers added by a callback
 * waiting for the next pass, ids never reused, and the reactor integration
 * (a wait ends at the next expiry; defers run after the batch).
 */
#define _GNU_SOURCE
#include <check.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sw_reactor.h"
#include "sw_timer.h"

#define MAX_LOG 20000

static int64_t run_log[MAX_LOG];
static int run_count;
static int freed_count;

static void setup(void)
{
	run_count = 0;
	freed_count = 0;
}

static void on_free(sw_timer_heap_t *heap, sw_timer_t *t)
{
	(void) heap;
	(void) t;
	freed_count++;
}

static void init_heap(sw_timer_heap_t *h)
{
	ck_assert_int_eq(sw_timer_heap_init(h), SW_OK);
	h->free_data = on_free;
}

/* Records the id (or the data, when set) of every timer that runs. */
static void on_record(sw_timer_heap_t *heap, sw_timer_t *t)
{
	(void) heap;
	if (run_count < MAX_LOG) {
		run_log[run_count] = t->data ? (int64_t) (intptr_t) t->data : t->id;
	}
	run_count++;
}

START_TEST(test_order_by_expiry_then_insertion)
{
	sw_timer_heap_t h;
	sw_timer_t *a, *b, *c, *d;

	init_heap(&h);
	a = sw_timer_add(&h, 1000, 30, 0, on_record, NULL);
	b = sw_timer_add(&h, 1000, 10, 0, on_record, NULL);
	c = sw_timer_add(&h, 1000, 20, 0, on_record, NULL);
	d = sw_timer_add(&h, 1000, 10, 0, on_record, NULL);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(a->id, 1);
	ck_assert_int_eq(b->id, 2);
	ck_assert_int_eq(c->id, 3);
	ck_assert_int_eq(d->id, 4);
	ck_assert_int_eq(sw_timer_heap_count(&h), 4);
	ck_assert_int_eq(sw_timer_heap_next_ms(&h, 1000), 10);
	ck_assert_int_eq(sw_timer_heap_next_ms(&h, 1009), 1);
	ck_assert_int_eq(sw_timer_heap_next_ms(&h, 2000), 0);

	/* Nothing is due before its time. */
	ck_assert_int_eq(sw_timer_heap_run(&h, 1009), 0);
	ck_assert_int_eq(sw_timer_heap_run(&h, 1010), 2);
	ck_assert_int_eq(sw_timer_heap_run(&h, 1100), 2);
	ck_assert_int_eq(run_count, 4);
	ck_assert_int_eq(run_log[0], 2);
	ck_assert_int_eq(run_log[1], 4);
	ck_assert_int_eq(run_log[2], 3);
	ck_assert_int_eq(run_log[3], 1);
	ck_assert_int_eq(sw_timer_heap_count(&h), 0);
	ck_assert_int_eq(sw_timer_heap_next_ms(&h, 2000), -1);
	ck_assert_int_eq(freed_count, 4);
	sw_timer_heap_free(&h);
}
END_TEST

START_TEST(test_tick_schedule_and_overrun)
{
	sw_timer_heap_t h;
	sw_timer_t *t;
	int64_t id;

	init_heap(&h);
	t = sw_timer_add(&h, 0, 10, 10, on_record, NULL);
	id = t->id;
	ck_assert_int_eq(sw_timer_heap_run(&h, 10), 1);
	ck_assert_int_eq(t->expire_ms, 20);
	/* Late by 3 ms: the next expiry stays on the 10 ms grid. */
	ck_assert_int_eq(sw_timer_heap_run(&h, 23), 1);
	ck_assert_int_eq(t->expire_ms, 30);
	/* Overran several periods: runs once, the missed ones are skipped. */
	ck_assert_int_eq(sw_timer_heap_run(&h, 75), 1);
	ck_assert_int_eq(t->expire_ms, 80);
	ck_assert_int_eq(sw_timer_heap_run(&h, 79), 0);
	ck_assert_uint_eq(t->exec_count, 3);
	ck_assert_ptr_eq(sw_timer_find(&h, id), t);
	ck_assert_int_eq(sw_timer_del(&h, id), SW_OK);
	ck_assert_ptr_null(sw_timer_find(&h, id));
	ck_assert_int_eq(sw_timer_del(&h, id), SW_ERR);
	ck_assert_int_eq(sw_timer_heap_run(&h, 1000), 0);
	ck_assert_int_eq(freed_count, 1);
	sw_timer_heap_free(&h);
}
END_TEST

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;

	return x < y ? -1 : x > y;
}

/* Records the expiry, to check that the callbacks came in expiry order. */
static void on_record_expiry(sw_timer_heap_t *heap, sw_timer_t *t)
{
	(void) heap;
	if (run_count < MAX_LOG) {
		run_log[run_count] = t->expire_ms;
	}
	run_count++;
}

START_TEST(test_ten_thousand_random)
{
	enum { N = 10000 };
	static int64_t ids[N];
	static bool deleted[N];
	sw_timer_heap_t h;
	int64_t now;
	int i, removed = 0, ran = 0;

	srandom(12345);
	init_heap(&h);
	for (i = 0; i < N; i++) {
		sw_timer_t *t = sw_timer_add(&h, 0, random() % 5000, 0, on_record_expiry, NULL);

		ck_assert_ptr_nonnull(t);
		ids[i] = t->id;
		deleted[i] = false;
	}
	ck_assert_int_eq(sw_timer_heap_count(&h), N);
	/* A third deleted by id, in random order. */
	for (i = 0; i < N / 3; i++) {
		int k = (int) (random() % N);

		if (!deleted[k]) {
			ck_assert_int_eq(sw_timer_del(&h, ids[k]), SW_OK);
			deleted[k] = true;
			removed++;
		} else {
			ck_assert_int_eq(sw_timer_del(&h, ids[k]), SW_ERR);
		}
	}
	ck_assert_int_eq(sw_timer_heap_count(&h), N - removed);
	for (i = 0; i < N; i++) {
		ck_assert_int_eq(sw_timer_find(&h, ids[i]) != NULL, !deleted[i]);
	}
	/* Run in steps of 7 ms: every live timer exactly once, never early, in expiry order. */
	for (now = 0; now <= 5000; now += 7) {
		int before = run_count, k;

		ran += sw_timer_heap_run(&h, now);
		for (k = before; k < run_count; k++) {
			ck_assert_int_le(run_log[k], now);
			if (k > 0) {
				ck_assert_int_le(run_log[k - 1], run_log[k]);
			}
		}
	}
	ck_assert_int_eq(ran, N - removed);
	ck_assert_int_eq(sw_timer_heap_count(&h), 0);
	ck_assert_int_eq(freed_count, N);
	/* The log is sorted already; qsort must not change it. */
	{
		static int64_t copy[N];

		memcpy(copy, run_log, sizeof(int64_t) * (size_t) ran);
		qsort(copy, (size_t) ran, sizeof(int64_t), cmp_i64);
		ck_assert_int_eq(memcmp(copy, run_log, sizeof(int64_t) * (size_t) ran), 0);
	}
	sw_timer_heap_free(&h);
}
END_TEST

/* Deletes the timer whose id is in data (itself when data is NULL). */
static void on_delete(sw_timer_heap_t *heap, sw_timer_t *t)
{
	int64_t victim = t->data ? (int64_t) (intptr_t) t->data : t->id;

	run_log[run_count++] = t->id;
	ck_assert_int_eq(sw_timer_del(heap, victim), SW_OK);
	/* Gone at once for every query, even while its pass is running. */
	ck_assert_ptr_null(sw_timer_find(heap, victim));
	ck_assert_int_eq(sw_timer_del(heap, victim), SW_ERR);
}

START_TEST(test_cancel_self_from_callback)
{
	sw_timer_heap_t h;
	sw_timer_t *t;

	init_heap(&h);
	t = sw_timer_add(&h, 0, 5, 5, on_delete, NULL);
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(sw_timer_heap_run(&h, 5), 1);
	ck_assert_int_eq(sw_timer_heap_count(&h), 0);
	ck_assert_int_eq(sw_timer_heap_run(&h, 100), 0);
	ck_assert_int_eq(run_count, 1);
	ck_assert_int_eq(freed_count, 1);
	sw_timer_heap_free(&h);
}
END_TEST

START_TEST(test_cancel_other_due_in_same_pass)
{
	sw_timer_heap_t h;
	sw_timer_t *a, *b;

	init_heap(&h);
	/* a (id 1) runs first and deletes b (id 2), due at the same pass. */
	a = sw_timer_add(&h, 0, 5, 0, on_delete, (void *) (intptr_t) 2);
	b = sw_timer_add(&h, 0, 6, 0, on_record, NULL);
	ck_assert_int_eq(a->id, 1);
	ck_assert_int_eq(b->id, 2);
	ck_assert_int_eq(sw_timer_heap_run(&h, 10), 1);
	ck_assert_int_eq(run_count, 1);
	ck_assert_int_eq(freed_count, 2);
	ck_assert_int_eq(sw_timer_heap_count(&h), 0);
	sw_timer_heap_free(&h);
}
END_TEST

static void on_clear_all(sw_timer_heap_t *heap, sw_timer_t *t)
{
	(void) t;
	run_count++;
	ck_assert_uint_eq(sw_timer_heap_clear(heap), 3);
	ck_assert_int_eq(sw_timer_heap_count(heap), 0);
}

START_TEST(test_clear_from_callback)
{
	sw_timer_heap_t h;

	init_heap(&h);
	ck_assert_ptr_nonnull(sw_timer_add(&h, 0, 1, 1, on_clear_all, NULL));
	ck_assert_ptr_nonnull(sw_timer_add(&h, 0, 2, 0, on_record, NULL)); /* due in the same pass */
	ck_assert_ptr_nonnull(sw_timer_add(&h, 0, 500, 0, on_record, NULL)); /* still in the heap */
	ck_assert_int_eq(sw_timer_heap_run(&h, 2), 1);
	ck_assert_int_eq(run_count, 1);
	ck_assert_int_eq(freed_count, 3);
	ck_assert_int_eq(sw_timer_heap_next_ms(&h, 2), -1);
	sw_timer_heap_free(&h);
}
END_TEST

/* Adds a 0 ms timer from its callback: it must wait for the next pass. */
static void on_add_again(sw_timer_heap_t *heap, sw_timer_t *t)
{
	(void) t;
	run_count++;
	if (run_count < 5) {
		ck_assert_ptr_nonnull(sw_timer_add(heap, 100, 0, 0, on_add_again, NULL));
	}
}

START_TEST(test_added_in_callback_waits_for_next_pass)
{
	sw_timer_heap_t h;
	int pass;

	init_heap(&h);
	ck_assert_ptr_nonnull(sw_timer_add(&h, 100, 0, 0, on_add_again, NULL));
	for (pass = 1; pass <= 5; pass++) {
		ck_assert_int_eq(sw_timer_heap_run(&h, 100), 1);
		ck_assert_int_eq(run_count, pass);
	}
	ck_assert_int_eq(sw_timer_heap_run(&h, 100), 0);
	ck_assert_int_eq(sw_timer_heap_count(&h), 0);
	sw_timer_heap_free(&h);
}
END_TEST

static void on_nested_run(sw_timer_heap_t *heap, sw_timer_t *t)
{
	(void) t;
	run_count++;
	ck_assert_int_eq(sw_timer_heap_run(heap, 1000), 0);
}

START_TEST(test_nested_run_refused)
{
	sw_timer_heap_t h;

	init_heap(&h);
	ck_assert_ptr_nonnull(sw_timer_add(&h, 0, 1, 0, on_nested_run, NULL));
	ck_assert_ptr_nonnull(sw_timer_add(&h, 0, 2, 0, on_record, NULL));
	ck_assert_int_eq(sw_timer_heap_run(&h, 10), 2);
	ck_assert_int_eq(run_count, 2);
	sw_timer_heap_free(&h);
}
END_TEST

START_TEST(test_ids_never_reused)
{
	sw_timer_heap_t h;
	int64_t last = 0, ids[8];
	int i;

	init_heap(&h);
	for (i = 0; i < 3000; i++) {
		sw_timer_t *t = sw_timer_add(&h, 0, i % 3, 0, on_record, NULL);

		ck_assert_ptr_nonnull(t);
		ck_assert_int_gt(t->id, last);
		last = t->id;
		if (i % 2 == 0) {
			ck_assert_int_eq(sw_timer_del(&h, t->id), SW_OK);
		}
		if (i % 100 == 0) {
			sw_timer_heap_run(&h, 5);
		}
	}
	/* Bad arguments use no id. */
	ck_assert_ptr_null(sw_timer_add(&h, 0, -1, 0, on_record, NULL));
	ck_assert_ptr_null(sw_timer_add(&h, 0, SW_TIMER_MAX_MS + 1, 0, on_record, NULL));
	ck_assert_ptr_null(sw_timer_add(&h, 0, 1, 0, NULL, NULL));
	ck_assert_int_eq(sw_timer_add(&h, 0, 1, 0, on_record, NULL)->id, last + 1);
	{
		uint32_t live = sw_timer_heap_count(&h);

		ck_assert_uint_gt(live, 0);
		ck_assert_uint_eq(sw_timer_heap_clear(&h), live);
		ck_assert_int_eq(sw_timer_heap_count(&h), 0);
	}
	ck_assert_uint_eq(sw_timer_heap_ids(&h, ids, 8), 0);
	ck_assert_int_eq(sw_timer_add(&h, 0, 1, 0, on_record, NULL)->id, last + 2);
	ck_assert_uint_eq(sw_timer_heap_ids(&h, ids, 8), 1);
	ck_assert_int_eq(ids[0], last + 2);
	sw_timer_heap_free(&h);
}
END_TEST

START_TEST(test_clock_ceil_not_before_floor)
{
	int i;

	for (i = 0; i < 1000; i++) {
		int64_t floor_ms = sw_time_ms();
		int64_t ceil_ms = sw_timer_clock_ceil_ms();

		ck_assert_int_ge(ceil_ms, floor_ms);
		ck_assert_int_le(ceil_ms, floor_ms + 2);
	}
}
END_TEST

/* {{{ reactor integration */
static int64_t fired_at;

static void on_fire_stop(sw_timer_heap_t *heap, sw_timer_t *t)
{
	(void) t;
	fired_at = sw_time_ms();
	sw_reactor_stop(heap->ptr);
}

START_TEST(test_reactor_wait_ends_at_expiry)
{
	sw_reactor_t r;
	sw_timer_heap_t h;
	int64_t start;

	init_heap(&h);
	ck_assert_int_eq(sw_reactor_init(&r), SW_OK);
	r.timers = &h;
	h.ptr = &r;
	start = sw_timer_clock_ceil_ms();
	ck_assert_ptr_nonnull(sw_timer_add(&h, start, 50, 0, on_fire_stop, NULL));
	/* No descriptor, infinite timeout: only the timer can end the wait. */
	ck_assert_int_eq(sw_reactor_run(&r), SW_OK);
	ck_assert_int_ge(fired_at - start, 50);
	ck_assert_int_lt(fired_at - start, 500);
	sw_reactor_free(&r);
	sw_timer_heap_free(&h);
}
END_TEST

static int defer_log[8];
static int defer_count;

static void on_defer(sw_reactor_t *reactor, void *data)
{
	int v = (int) (intptr_t) data;

	defer_log[defer_count++] = v;
	if (v == 1) {
		/* Added while defers run: waits for the next iteration. */
		ck_assert_int_eq(sw_reactor_defer(reactor, on_defer, (void *) (intptr_t) 3), SW_OK);
	}
	if (v == 3) {
		sw_reactor_stop(reactor);
	}
}

START_TEST(test_reactor_defer_order)
{
	sw_reactor_t r;

	defer_count = 0;
	ck_assert_int_eq(sw_reactor_init(&r), SW_OK);
	ck_assert_int_eq(sw_reactor_defer(&r, on_defer, (void *) (intptr_t) 1), SW_OK);
	ck_assert_int_eq(sw_reactor_defer(&r, on_defer, (void *) (intptr_t) 2), SW_OK);
	ck_assert(sw_reactor_has_defers(&r));
	/* With defers queued the wait does not block: run() returns at once. */
	ck_assert_int_eq(sw_reactor_run(&r), SW_OK);
	ck_assert_int_eq(defer_count, 3);
	ck_assert_int_eq(defer_log[0], 1);
	ck_assert_int_eq(defer_log[1], 2);
	ck_assert_int_eq(defer_log[2], 3);
	ck_assert(!sw_reactor_has_defers(&r));
	sw_reactor_free(&r);
}
END_TEST

/* Cycle hook: 'c' at the end of every iteration, before or after the defers ('d'). */
static char cycle_trace[32];
static size_t cycle_len;

static void on_cycle_defer(sw_reactor_t *reactor, void *data)
{
	(void) reactor;
	(void) data;
	cycle_trace[cycle_len++] = 'd';
}

static void on_cycle(sw_reactor_t *reactor, void *data)
{
	int *left = data;

	cycle_trace[cycle_len++] = 'c';
	if (--*left == 0) {
		sw_reactor_stop(reactor);
	}
}

START_TEST(test_reactor_cycle_hook)
{
	sw_reactor_t r;
	int left = 2;

	cycle_len = 0;
	memset(cycle_trace, 0, sizeof(cycle_trace));
	ck_assert_int_eq(sw_reactor_init(&r), SW_OK);
	ck_assert_int_eq(sw_reactor_defer(&r, on_cycle_defer, NULL), SW_OK);
	sw_reactor_set_cycle(&r, on_cycle, &left, false);
	r.timeout_ms = 1;
	ck_assert_int_eq(sw_reactor_run(&r), SW_OK);
	/* after the defers; then once more in an iteration without any */
	ck_assert_str_eq(cycle_trace, "dcc");

	left = 1;
	ck_assert_int_eq(sw_reactor_defer(&r, on_cycle_defer, NULL), SW_OK);
	sw_reactor_set_cycle(&r, on_cycle, &left, true);
	ck_assert_int_eq(sw_reactor_run(&r), SW_OK);
	ck_assert_str_eq(cycle_trace, "dcccd");

	/* removed: an iteration calls nothing */
	sw_reactor_set_cycle(&r, NULL, &left, true);
	ck_assert_ptr_null(r.cycle.fn);
	ck_assert_ptr_null(r.cycle.data);
	ck_assert_int_eq(sw_reactor_once(&r, 1), 0);
	ck_assert_str_eq(cycle_trace, "dcccd");
	sw_reactor_free(&r);
}
END_TEST
/* }}} */

static Suite *timer_suite(void)
{
	Suite *s = suite_create("timer");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_order_by_expiry_then_insertion);
	tcase_add_test(tc, test_tick_schedule_and_overrun);
	tcase_add_test(tc, test_ten_thousand_random);
	tcase_add_test(tc, test_cancel_self_from_callback);
	tcase_add_test(tc, test_cancel_other_due_in_same_pass);
	tcase_add_test(tc, test_clear_from_callback);
	tcase_add_test(tc, test_added_in_callback_waits_for_next_pass);
	tcase_add_test(tc, test_nested_run_refused);
	tcase_add_test(tc, test_ids_never_reused);
	tcase_add_test(tc, test_clock_ceil_not_before_floor);
	tcase_add_test(tc, test_reactor_wait_ends_at_expiry);
	tcase_add_test(tc, test_reactor_defer_order);
	tcase_add_test(tc, test_reactor_cycle_hook);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(timer_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
