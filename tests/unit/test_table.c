/*
 * The shared hash table: columns, set/get/del/incr, keys at and past the
 * limit, collisions in one bucket, the overflow pool running out, deletion
 * in every chain position, iteration, writers in several forked processes,
 * and a writer killed while it holds a bucket lock.
 */
#define _GNU_SOURCE
#include <check.h>

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sw_table.h"

/* A table with columns i (int), f (float) and s (string of 16 bytes). */
static sw_table_t *make_table(size_t size, double proportion)
{
	sw_table_t *t = sw_table_new(size, proportion);

	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(sw_table_column_add(t, "i", 1, SW_TABLE_INT, 0), SW_OK);
	ck_assert_int_eq(sw_table_column_add(t, "f", 1, SW_TABLE_FLOAT, 0), SW_OK);
	ck_assert_int_eq(sw_table_column_add(t, "s", 1, SW_TABLE_STRING, 16), SW_OK);
	ck_assert_int_eq(sw_table_create(t), SW_OK);
	return t;
}

static const sw_table_column_t *col(sw_table_t *t, const char *name)
{
	const sw_table_column_t *c = sw_table_column_find(t, name, strlen(name));

	ck_assert_ptr_nonnull(c);
	return c;
}

/* Sets all three columns of a row. */
static int put(sw_table_t *t, const char *key, size_t klen, int64_t i, double f, const char *s)
{
	sw_table_value_t v[3];

	memset(v, 0, sizeof(v));
	v[0].column = col(t, "i");
	v[0].i = i;
	v[1].column = col(t, "f");
	v[1].f = f;
	v[2].column = col(t, "s");
	v[2].s = s;
	v[2].len = strlen(s);
	return sw_table_set(t, key, klen, v, 3);
}

static int puts_key(sw_table_t *t, const char *key, int64_t i)
{
	char s[17];

	snprintf(s, sizeof(s), "v%lld", (long long) i);
	return put(t, key, strlen(key), i, (double) i / 2, s);
}

/* Reads a row back and checks it is what puts_key() wrote. */
static void check_key(sw_table_t *t, const char *key, int64_t i)
{
	char data[256], s[17];
	sw_table_value_t v;

	ck_assert_uint_le(sw_table_data_size(t), sizeof(data));
	ck_assert_msg(sw_table_get(t, key, strlen(key), data) == SW_OK, "key %s missing", key);
	sw_table_value_read(col(t, "i"), data, &v);
	ck_assert_int_eq(v.i, i);
	sw_table_value_read(col(t, "f"), data, &v);
	ck_assert(v.f == (double) i / 2);
	sw_table_value_read(col(t, "s"), data, &v);
	snprintf(s, sizeof(s), "v%lld", (long long) i);
	ck_assert_uint_eq(v.len, strlen(s));
	ck_assert(memcmp(v.s, s, v.len) == 0);
}

/* n distinct keys that all hash to the bucket of `first`. */
static void colliding_keys(sw_table_t *t, char keys[][32], size_t n)
{
	size_t want, found = 0;
	unsigned i;

	snprintf(keys[0], 32, "c-0");
	want = sw_table_bucket_of(t, keys[0], strlen(keys[0]));
	found = 1;
	for (i = 1; found < n && i < 10000000; i++) {
		char k[32];

		snprintf(k, sizeof(k), "c-%u", i);
		if (sw_table_bucket_of(t, k, strlen(k)) == want) {
			memcpy(keys[found++], k, sizeof(k));
		}
	}
	ck_assert_uint_eq(found, n);
}

START_TEST(test_new_and_columns)
{
	sw_table_t *t;
	sw_table_stats_t st;

	ck_assert_ptr_null(sw_table_new(0, 0.2));
	ck_assert_ptr_null(sw_table_new(16, -0.1));
	ck_assert_ptr_null(sw_table_new(16, 1.5));
	t = sw_table_new(1000, 0.2);
	ck_assert_ptr_nonnull(t);
	/* no column: create refused */
	ck_assert_int_eq(sw_table_create(t), SW_ERR);
	ck_assert_int_eq(sw_table_column_add(t, "", 0, SW_TABLE_INT, 0), SW_ERR);
	ck_assert_int_eq(sw_table_column_add(t, "a", 1, (sw_table_type_t) 3, 0), SW_ERR);
	ck_assert_int_eq(sw_table_column_add(t, "a", 1, SW_TABLE_STRING, 0), SW_ERR);
	ck_assert_int_eq(sw_table_column_add(t, "a", 1, SW_TABLE_INT, 0), SW_OK);
	ck_assert_int_eq(sw_table_column_add(t, "a", 1, SW_TABLE_FLOAT, 0), SW_ERR);  /* duplicate */
	ck_assert_int_eq(sw_table_column_add(t, "name", 4, SW_TABLE_STRING, 100), SW_OK);
	ck_assert_uint_eq(sw_table_column_count(t), 2);
	ck_assert_uint_gt(sw_table_memory_size(t), 1024 * (8 + 100));
	/* queries before create fail cleanly */
	ck_assert_int_eq(sw_table_get(t, "k", 1, NULL), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_WRONG_OPERATION);
	ck_assert_uint_eq(sw_table_count(t), 0);
	ck_assert_int_eq(sw_table_create(t), SW_OK);
	ck_assert(sw_table_is_created(t));
	/* no more columns, no second create */
	ck_assert_int_eq(sw_table_column_add(t, "late", 4, SW_TABLE_INT, 0), SW_ERR);
	ck_assert_int_eq(sw_table_create(t), SW_ERR);
	sw_table_stats(t, &st);
	ck_assert_uint_eq(st.bucket_num, 1024);  /* rounded up to a power of two */
	ck_assert_uint_eq(st.pool_num, 205);     /* ceil(1024 x 0.2) */
	ck_assert_uint_eq(st.pool_free, 205);
	ck_assert_uint_eq(st.memory_size, sw_table_memory_size(t));
	sw_table_free(t);
}
END_TEST

START_TEST(test_set_get_update)
{
	sw_table_t *t = make_table(64, 0.2);
	sw_table_value_t v[1], out;
	char data[256];

	ck_assert_int_eq(puts_key(t, "alpha", 7), SW_OK);
	check_key(t, "alpha", 7);
	ck_assert_uint_eq(sw_table_count(t), 1);
	ck_assert(sw_table_exists(t, "alpha", 5));
	ck_assert(!sw_table_exists(t, "alph", 4));
	ck_assert_int_eq(sw_table_get(t, "beta", 4, data), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_TABLE_NOT_FOUND);

	/* updating one column keeps the others */
	memset(v, 0, sizeof(v));
	v[0].column = col(t, "i");
	v[0].i = -5;
	ck_assert_int_eq(sw_table_set(t, "alpha", 5, v, 1), SW_OK);
	ck_assert_int_eq(sw_table_get(t, "alpha", 5, data), SW_OK);
	sw_table_value_read(col(t, "i"), data, &out);
	ck_assert_int_eq(out.i, -5);
	sw_table_value_read(col(t, "s"), data, &out);
	ck_assert_uint_eq(out.len, 2);
	ck_assert(memcmp(out.s, "v7", 2) == 0);
	ck_assert_uint_eq(sw_table_count(t), 1);

	/* a new row with one column given: the others are zero */
	ck_assert_int_eq(sw_table_set(t, "gamma", 5, v, 1), SW_OK);
	ck_assert_int_eq(sw_table_get(t, "gamma", 5, data), SW_OK);
	sw_table_value_read(col(t, "f"), data, &out);
	ck_assert(out.f == 0.0);
	sw_table_value_read(col(t, "s"), data, &out);
	ck_assert_uint_eq(out.len, 0);
	ck_assert_uint_eq(sw_table_count(t), 2);

	/* strings: exactly the capacity fits, binary safe; one more byte is refused and changes nothing */
	v[0].column = col(t, "s");
	v[0].s = "0123456789\0bcdef";
	v[0].len = 16;
	ck_assert_int_eq(sw_table_set(t, "gamma", 5, v, 1), SW_OK);
	v[0].s = "0123456789abcdefX";
	v[0].len = 17;
	ck_assert_int_eq(sw_table_set(t, "gamma", 5, v, 1), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_TABLE_VALUE_TOO_LONG);
	ck_assert_int_eq(sw_table_set(t, "delta", 5, v, 1), SW_ERR);
	ck_assert(!sw_table_exists(t, "delta", 5));
	ck_assert_int_eq(sw_table_get(t, "gamma", 5, data), SW_OK);
	sw_table_value_read(col(t, "s"), data, &out);
	ck_assert_uint_eq(out.len, 16);
	ck_assert(memcmp(out.s, "0123456789\0bcdef", 16) == 0);
	sw_table_free(t);
}
END_TEST

START_TEST(test_keys)
{
	sw_table_t *t = make_table(64, 0.2);
	char key[SW_TABLE_KEY_MAX + 2];
	char data[256];

	memset(key, 'k', sizeof(key));
	ck_assert_int_eq(put(t, key, SW_TABLE_KEY_MAX, 1, 1, "x"), SW_OK);
	ck_assert(sw_table_exists(t, key, SW_TABLE_KEY_MAX));
	/* one byte more is refused, not truncated onto the 63-byte key */
	ck_assert_int_eq(put(t, key, SW_TABLE_KEY_MAX + 1, 2, 2, "y"), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_TABLE_KEY_TOO_LONG);
	ck_assert_int_eq(sw_table_get(t, key, SW_TABLE_KEY_MAX + 1, data), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_TABLE_KEY_TOO_LONG);
	ck_assert_uint_eq(sw_table_count(t), 1);
	/* binary keys: an embedded NUL makes a different key; the empty key is a key */
	ck_assert_int_eq(put(t, "a\0b", 3, 3, 3, "z"), SW_OK);
	ck_assert(sw_table_exists(t, "a\0b", 3));
	ck_assert(!sw_table_exists(t, "a", 1));
	ck_assert_int_eq(put(t, "", 0, 4, 4, "e"), SW_OK);
	ck_assert(sw_table_exists(t, "", 0));
	ck_assert_uint_eq(sw_table_count(t), 3);
	sw_table_free(t);
}
END_TEST

/* Five keys in one bucket: the bucket row plus four pool rows; delete each position. */
START_TEST(test_collisions_and_deletion)
{
	sw_table_t *t = make_table(64, 1.0);
	char keys[5][32];
	sw_table_stats_t st;
	size_t i;

	colliding_keys(t, keys, 5);
	for (i = 0; i < 5; i++) {
		ck_assert_int_eq(puts_key(t, keys[i], (int64_t) i), SW_OK);
	}
	for (i = 0; i < 5; i++) {
		check_key(t, keys[i], (int64_t) i);
	}
	sw_table_stats(t, &st);
	ck_assert_uint_eq(st.rows, 5);
	ck_assert_uint_eq(st.conflict_count, 4);
	ck_assert_uint_eq(st.conflict_max_level, 5);
	ck_assert_uint_eq(st.pool_free, st.pool_num - 4);

	/* middle of the chain */
	ck_assert_int_eq(sw_table_del(t, keys[2], strlen(keys[2])), SW_OK);
	ck_assert(!sw_table_exists(t, keys[2], strlen(keys[2])));
	/* the bucket's own row: the chain behind it must stay reachable */
	ck_assert_int_eq(sw_table_del(t, keys[0], strlen(keys[0])), SW_OK);
	/* the tail */
	ck_assert_int_eq(sw_table_del(t, keys[4], strlen(keys[4])), SW_OK);
	ck_assert_int_eq(sw_table_del(t, keys[4], strlen(keys[4])), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_TABLE_NOT_FOUND);
	check_key(t, keys[1], 1);
	check_key(t, keys[3], 3);
	ck_assert_uint_eq(sw_table_count(t), 2);
	sw_table_stats(t, &st);
	ck_assert_uint_eq(st.pool_free, st.pool_num - 2);
	ck_assert_uint_eq(st.delete_count, 3);

	/* re-inserting reuses the free bucket row first, then pool rows; no duplicates */
	for (i = 0; i < 5; i++) {
		ck_assert_int_eq(puts_key(t, keys[i], (int64_t) i + 10), SW_OK);
	}
	for (i = 0; i < 5; i++) {
		check_key(t, keys[i], (int64_t) i + 10);
	}
	ck_assert_uint_eq(sw_table_count(t), 5);
	for (i = 0; i < 5; i++) {
		ck_assert_int_eq(sw_table_del(t, keys[i], strlen(keys[i])), SW_OK);
	}
	sw_table_stats(t, &st);
	ck_assert_uint_eq(st.rows, 0);
	ck_assert_uint_eq(st.pool_free, st.pool_num);
	sw_table_free(t);
}
END_TEST

/* 4 buckets, 2 pool rows: the third collision in a bucket finds the pool empty. */
START_TEST(test_pool_exhausted)
{
	sw_table_t *t = make_table(4, 0.5);
	char keys[4][32], other[32];
	sw_table_stats_t st;
	unsigned i;
	size_t b;

	sw_table_stats(t, &st);
	ck_assert_uint_eq(st.bucket_num, 4);
	ck_assert_uint_eq(st.pool_num, 2);
	colliding_keys(t, keys, 4);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(puts_key(t, keys[i], i), SW_OK);
	}
	ck_assert_int_eq(puts_key(t, keys[3], 3), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_TABLE_FULL);
	ck_assert(!sw_table_exists(t, keys[3], strlen(keys[3])));
	/* updating an existing row still works in a full table */
	ck_assert_int_eq(puts_key(t, keys[1], 41), SW_OK);
	check_key(t, keys[1], 41);
	/* a key whose bucket is free still fits */
	b = sw_table_bucket_of(t, keys[0], strlen(keys[0]));
	for (i = 0;; i++) {
		snprintf(other, sizeof(other), "o-%u", i);
		if (sw_table_bucket_of(t, other, strlen(other)) != b) {
			break;
		}
	}
	ck_assert_int_eq(puts_key(t, other, 99), SW_OK);
	/* a delete gives the pool row back */
	ck_assert_int_eq(sw_table_del(t, keys[2], strlen(keys[2])), SW_OK);
	ck_assert_int_eq(puts_key(t, keys[3], 3), SW_OK);
	check_key(t, keys[3], 3);
	ck_assert_uint_eq(sw_table_count(t), 4);
	sw_table_free(t);
}
END_TEST

/* Random keys until the first refusal: how full does a table get? */
START_TEST(test_fill_random_keys)
{
	sw_table_t *t = make_table(1024, 0.2);
	sw_table_stats_t st;
	char key[32];
	unsigned i, n = 0;

	for (i = 0; i < 4096; i++) {
		snprintf(key, sizeof(key), "user:%08x", i * 2654435761u);
		if (puts_key(t, key, i) != SW_OK) {
			ck_assert_int_eq(sw_error_get(), SW_ERROR_TABLE_FULL);
			break;
		}
		n++;
	}
	sw_table_stats(t, &st);
	printf("table(1024, 0.2): first refusal after %u rows (%.0f%% of size), pool free %zu\n", n,
			100.0 * n / 1024, st.pool_free);
	ck_assert_uint_eq(st.pool_free, 0);
	ck_assert_uint_eq(st.rows, n);
	ck_assert_uint_ge(n, 600);
	for (i = 0; i < n; i++) {
		snprintf(key, sizeof(key), "user:%08x", i * 2654435761u);
		check_key(t, key, i);
	}
	sw_table_free(t);
}
END_TEST

START_TEST(test_iteration)
{
	sw_table_t *t = make_table(256, 1.0); /* 300 random keys may overflow more than 128 rows: room for 256 */
	char key[SW_TABLE_KEY_MAX + 1], data[256], keys[3][32];
	unsigned char seen[300];
	sw_table_iter_t it = {0, 0};
	sw_table_value_t v;
	size_t klen, n = 0;
	unsigned i;

	memset(seen, 0, sizeof(seen));
	for (i = 0; i < 300; i++) {
		snprintf(key, sizeof(key), "it-%u", i);
		ck_assert_int_eq(puts_key(t, key, i), SW_OK);
	}
	/* a deleted bucket row with a chain behind it is skipped, its chain is not */
	colliding_keys(t, keys, 3);
	for (i = 0; i < 3; i++) {
		sw_table_del(t, keys[i], strlen(keys[i]));
	}
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(puts_key(t, keys[i], 1000 + i), SW_OK);
	}
	ck_assert_int_eq(sw_table_del(t, keys[0], strlen(keys[0])), SW_OK);
	while (sw_table_iter_next(t, &it, key, &klen, data) == SW_OK) {
		sw_table_value_read(col(t, "i"), data, &v);
		ck_assert_uint_eq(klen, strlen(key));
		if (v.i >= 1000) {
			ck_assert_int_ne(v.i, 1000);
			ck_assert_str_eq(key, keys[v.i - 1000]);
		} else {
			char expect[32];

			ck_assert_int_lt(v.i, 300);
			ck_assert_msg(!seen[v.i], "row %lld seen twice", (long long) v.i);
			seen[v.i] = 1;
			snprintf(expect, sizeof(expect), "it-%lld", (long long) v.i);
			ck_assert_str_eq(key, expect);
		}
		n++;
	}
	ck_assert_uint_eq(n, sw_table_count(t));
	for (i = 0; i < 300; i++) {
		bool gone = false;
		unsigned j;

		for (j = 0; j < 3; j++) {
			char k[32];

			snprintf(k, sizeof(k), "it-%u", i);
			gone = gone || strcmp(k, keys[j]) == 0;
		}
		ck_assert_msg(seen[i] || gone, "row %u not visited", i);
	}
	/* at the end it stays at the end */
	ck_assert_int_eq(sw_table_iter_next(t, &it, key, &klen, data), SW_ERR);
	sw_table_free(t);
}
END_TEST

START_TEST(test_incr)
{
	sw_table_t *t = make_table(64, 0.2);
	sw_table_value_t by, out;

	memset(&by, 0, sizeof(by));
	by.i = 5;
	ck_assert_int_eq(sw_table_incr(t, "n", 1, col(t, "i"), &by, &out), SW_OK);
	ck_assert_int_eq(out.i, 5);   /* created at zero, then added */
	ck_assert_uint_eq(sw_table_count(t), 1);
	by.i = -7;
	ck_assert_int_eq(sw_table_incr(t, "n", 1, col(t, "i"), &by, &out), SW_OK);
	ck_assert_int_eq(out.i, -2);
	/* wraps instead of overflowing */
	by.i = INT64_MAX;
	ck_assert_int_eq(sw_table_incr(t, "w", 1, col(t, "i"), &by, &out), SW_OK);
	by.i = 1;
	ck_assert_int_eq(sw_table_incr(t, "w", 1, col(t, "i"), &by, &out), SW_OK);
	ck_assert_int_eq(out.i, INT64_MIN);
	by.f = 1.5;
	ck_assert_int_eq(sw_table_incr(t, "n", 1, col(t, "f"), &by, &out), SW_OK);
	ck_assert_int_eq(sw_table_incr(t, "n", 1, col(t, "f"), &by, &out), SW_OK);
	ck_assert(out.f == 3.0);
	ck_assert_int_eq(sw_table_incr(t, "n", 1, col(t, "s"), &by, &out), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_TABLE_WRONG_TYPE);
	sw_table_free(t);
}
END_TEST

#define WRITERS 4
#define ROUNDS 20000

/*
 * Four processes: each adds 1 to one shared counter ROUNDS times, and
 * inserts and deletes its own keys in buckets shared with the others, so
 * chains change under contention. Afterwards the counter is exact and each
 * process's surviving keys are all there.
 */
START_TEST(test_concurrent_writers)
{
	sw_table_t *t = make_table(64, 1.0);
	pid_t pids[WRITERS];
	sw_table_value_t by, out;
	char data[256];
	int w, st;

	memset(&by, 0, sizeof(by));
	for (w = 0; w < WRITERS; w++) {
		pids[w] = fork();
		ck_assert_int_ge(pids[w], 0);
		if (pids[w] == 0) {
			char key[32];
			int r;

			by.i = 1;
			for (r = 0; r < ROUNDS; r++) {
				if (sw_table_incr(t, "counter", 7, col(t, "i"), &by, NULL) != SW_OK) {
					_exit(2);
				}
				snprintf(key, sizeof(key), "w%d-%d", w, r % 24);
				if (r % 3 == 2) {
					sw_table_del(t, key, strlen(key));
				} else if (puts_key(t, key, w * 1000 + r % 24) != SW_OK) {
					_exit(3);
				}
			}
			/* leave keys 0..23 of this writer in the table */
			for (r = 0; r < 24; r++) {
				snprintf(key, sizeof(key), "w%d-%d", w, r);
				if (puts_key(t, key, w * 1000 + r) != SW_OK) {
					_exit(4);
				}
			}
			_exit(0);
		}
	}
	for (w = 0; w < WRITERS; w++) {
		ck_assert_int_eq(waitpid(pids[w], &st, 0), pids[w]);
		ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "writer %d failed (status %d)", w, st);
	}
	ck_assert_int_eq(sw_table_get(t, "counter", 7, data), SW_OK);
	sw_table_value_read(col(t, "i"), data, &out);
	ck_assert_int_eq(out.i, (int64_t) WRITERS * ROUNDS);
	for (w = 0; w < WRITERS; w++) {
		int r;

		for (r = 0; r < 24; r++) {
			char key[32];

			snprintf(key, sizeof(key), "w%d-%d", w, r);
			check_key(t, key, w * 1000 + r);
		}
	}
	ck_assert_uint_eq(sw_table_count(t), 1 + WRITERS * 24);
	sw_table_free(t);
}
END_TEST

/*
 * A writer SIGKILLed in a tight loop of updates to one key (so it is
 * usually inside the bucket's lock): the next process still gets the lock,
 * and the table keeps working. Repeated until a kill landed inside the lock.
 */
START_TEST(test_killed_lock_holder)
{
	sw_table_t *t = make_table(16, 0.2);
	sw_table_stats_t st;
	int round, status;

	for (round = 0; round < 50; round++) {
		struct timespec ts = {0, 1000000};
		pid_t pid;

		ck_assert_int_eq(puts_key(t, "hot", 0), SW_OK);
		pid = fork();
		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			/* no ck_assert here: in fork mode each one writes to the runner */
			sw_table_value_t v[2];

			memset(v, 0, sizeof(v));
			v[0].column = sw_table_column_find(t, "i", 1);
			v[0].i = 1;
			v[1].column = sw_table_column_find(t, "s", 1);
			v[1].s = "0123456789abcdef";
			v[1].len = 16;
			for (;;) {
				sw_table_set(t, "hot", 3, v, 2);
			}
		}
		/* kill it only once it is running its loop */
		for (;;) {
			char data[256];
			sw_table_value_t v;

			ck_assert_int_eq(sw_table_get(t, "hot", 3, data), SW_OK);
			sw_table_value_read(col(t, "i"), data, &v);
			if (v.i == 1) {
				break;
			}
			sched_yield();
		}
		nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		/* must not hang (the test case has a timeout) */
		ck_assert_int_eq(puts_key(t, "hot", 2), SW_OK);
		check_key(t, "hot", 2);
		sw_table_stats(t, &st);
		if (st.lock_recovered > 0) {
			break;
		}
	}
	printf("killed lock holder: recovered after %d round(s)\n", round + 1);
	ck_assert_uint_gt(st.lock_recovered, 0);
	ck_assert_uint_eq(sw_table_count(t), 1);
	sw_table_free(t);
}
END_TEST

static Suite *table_suite(void)
{
	Suite *s = suite_create("table");
	TCase *tc = tcase_create("core");
	TCase *procs = tcase_create("processes");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_new_and_columns);
	tcase_add_test(tc, test_set_get_update);
	tcase_add_test(tc, test_keys);
	tcase_add_test(tc, test_collisions_and_deletion);
	tcase_add_test(tc, test_pool_exhausted);
	tcase_add_test(tc, test_fill_random_keys);
	tcase_add_test(tc, test_iteration);
	tcase_add_test(tc, test_incr);
	suite_add_tcase(s, tc);

	tcase_set_timeout(procs, 60);
	tcase_add_test(procs, test_concurrent_writers);
	tcase_add_test(procs, test_killed_lock_holder);
	suite_add_tcase(s, procs);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(table_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
