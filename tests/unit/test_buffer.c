/*
 * The growable byte buffer: append, consume, compact, reserve and reset, with
 * every byte checked after each operation that may move data.
 */
#define _GNU_SOURCE
#include <check.h>

#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sw_buffer.h"

#if defined(__SANITIZE_ADDRESS__)
/* A refused huge allocation must come back as NULL, not abort the test. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}
#endif

/* Byte i of the reference stream with the given seed. */
static inline char pattern_byte(uint32_t seed, size_t i)
{
	uint32_t x = (uint32_t) i * 2654435761u + seed * 40503u;

	x ^= x >> 15;
	x *= 2246822519u;
	x ^= x >> 13;
	return (char) (x >> 24);
}

static void fill_pattern(char *p, size_t n, uint32_t seed, size_t start)
{
	size_t i;

	for (i = 0; i < n; i++) {
		p[i] = pattern_byte(seed, start + i);
	}
}

/* Fails the test at the first byte of p that differs from the stream at start. */
static void assert_pattern(const char *p, size_t n, uint32_t seed, size_t start)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] != pattern_byte(seed, start + i)) {
			ck_abort_msg("byte %zu (stream offset %zu) is 0x%02x, expected 0x%02x", i, start + i,
					(unsigned char) p[i], (unsigned char) pattern_byte(seed, start + i));
		}
	}
}

START_TEST(test_init_is_empty)
{
	sw_buffer_t buf;

	memset(&buf, 0x5a, sizeof(buf));
	sw_buffer_init(&buf);
	ck_assert_ptr_null(buf.data);
	ck_assert_uint_eq(buf.length, 0);
	ck_assert_uint_eq(buf.offset, 0);
	ck_assert_uint_eq(buf.capacity, 0);
	ck_assert_uint_eq(sw_buffer_used(&buf), 0);
	/* Freeing an empty buffer is harmless and leaves it initialised. */
	sw_buffer_free(&buf);
	ck_assert_ptr_null(buf.data);
	ck_assert_uint_eq(buf.capacity, 0);
}
END_TEST

START_TEST(test_append_consume_bytes)
{
	sw_buffer_t buf;

	sw_buffer_init(&buf);
	ck_assert_int_eq(sw_buffer_append(&buf, "hello", 5), SW_OK);
	ck_assert_int_eq(sw_buffer_append(&buf, " world", 6), SW_OK);
	ck_assert_uint_eq(sw_buffer_used(&buf), 11);
	ck_assert_uint_eq(buf.length, 11);
	ck_assert_uint_ge(buf.capacity, 11);
	ck_assert_mem_eq(sw_buffer_head(&buf), "hello world", 11);

	sw_buffer_consume(&buf, 6);
	ck_assert_uint_eq(buf.offset, 6);
	ck_assert_uint_eq(sw_buffer_used(&buf), 5);
	ck_assert_ptr_eq(sw_buffer_head(&buf), buf.data + 6);
	ck_assert_mem_eq(sw_buffer_head(&buf), "world", 5);

	/* Appending after a partial consume adds behind the unconsumed bytes. */
	ck_assert_int_eq(sw_buffer_append(&buf, "!", 1), SW_OK);
	ck_assert_uint_eq(sw_buffer_used(&buf), 6);
	ck_assert_mem_eq(sw_buffer_head(&buf), "world!", 6);

	sw_buffer_consume(&buf, 1);
	ck_assert_mem_eq(sw_buffer_head(&buf), "orld!", 5);
	sw_buffer_consume(&buf, 0);
	ck_assert_mem_eq(sw_buffer_head(&buf), "orld!", 5);
	sw_buffer_free(&buf);
}
END_TEST

START_TEST(test_append_zero_length)
{
	sw_buffer_t buf;

	sw_buffer_init(&buf);
	ck_assert_int_eq(sw_buffer_append(&buf, NULL, 0), SW_OK);
	ck_assert_uint_eq(sw_buffer_used(&buf), 0);
	ck_assert_int_eq(sw_buffer_append(&buf, "abc", 3), SW_OK);
	ck_assert_int_eq(sw_buffer_append(&buf, "zzz", 0), SW_OK);
	ck_assert_uint_eq(sw_buffer_used(&buf), 3);
	ck_assert_mem_eq(sw_buffer_head(&buf), "abc", 3);
	sw_buffer_free(&buf);
}
END_TEST

/* One byte at a time up past 1 MiB: content intact, capacity grows geometrically. */
START_TEST(test_growth_byte_by_byte)
{
	const size_t total = 1024 * 1024 + 17;
	sw_buffer_t buf;
	size_t i, last_cap = 0;
	int grows = 0;

	sw_buffer_init(&buf);
	for (i = 0; i < total; i++) {
		char c = pattern_byte(7, i);

		ck_assert_int_eq(sw_buffer_append(&buf, &c, 1), SW_OK);
		ck_assert_uint_ge(buf.capacity, buf.length);
		if (buf.capacity != last_cap) {
			ck_assert_uint_gt(buf.capacity, last_cap);
			last_cap = buf.capacity;
			grows++;
		}
	}
	ck_assert_uint_eq(buf.length, total);
	ck_assert_uint_eq(buf.offset, 0);
	/* Doubling from a small start needs about 13 steps; linear growth would need thousands. */
	ck_assert_int_le(grows, 24);
	assert_pattern(buf.data, total, 7, 0);
	sw_buffer_free(&buf);
}
END_TEST

START_TEST(test_large_appends)
{
	const size_t first = 8 * 1024 * 1024 + 3, second = 5 * 1024 * 1024 + 11;
	char *src = malloc(first + second);
	sw_buffer_t buf;

	ck_assert_ptr_nonnull(src);
	fill_pattern(src, first + second, 99, 0);
	sw_buffer_init(&buf);
	ck_assert_int_eq(sw_buffer_append(&buf, src, first), SW_OK);
	ck_assert_uint_eq(sw_buffer_used(&buf), first);
	assert_pattern(sw_buffer_head(&buf), first, 99, 0);

	/* Consume an odd amount so the second append lands behind a non-zero offset. */
	sw_buffer_consume(&buf, 12345);
	ck_assert_int_eq(sw_buffer_append(&buf, src + first, second), SW_OK);
	ck_assert_uint_eq(sw_buffer_used(&buf), first + second - 12345);
	assert_pattern(sw_buffer_head(&buf), first + second - 12345, 99, 12345);
	free(src);
	sw_buffer_free(&buf);
}
END_TEST

START_TEST(test_consume_to_empty_resets_offsets)
{
	sw_buffer_t buf;
	char src[300];
	char *data;
	size_t cap;

	fill_pattern(src, sizeof(src), 3, 0);
	sw_buffer_init(&buf);
	ck_assert_int_eq(sw_buffer_append(&buf, src, 100), SW_OK);
	data = buf.data;
	cap = buf.capacity;

	sw_buffer_consume(&buf, 40);
	ck_assert_uint_eq(buf.offset, 40);
	ck_assert_uint_eq(buf.length, 100);
	sw_buffer_consume(&buf, 60);
	/* Empty again: both offsets back to 0, memory kept for reuse. */
	ck_assert_uint_eq(buf.offset, 0);
	ck_assert_uint_eq(buf.length, 0);
	ck_assert_uint_eq(sw_buffer_used(&buf), 0);
	ck_assert_ptr_eq(buf.data, data);
	ck_assert_uint_eq(buf.capacity, cap);

	/* The next append starts at the front again. */
	ck_assert_int_eq(sw_buffer_append(&buf, src + 100, 200), SW_OK);
	ck_assert_uint_eq(buf.offset, 0);
	ck_assert_uint_eq(buf.length, 200);
	assert_pattern(buf.data, 200, 3, 100);

	/* Consuming everything in one step resets as well. */
	sw_buffer_consume(&buf, 200);
	ck_assert_uint_eq(buf.offset, 0);
	ck_assert_uint_eq(buf.length, 0);
	sw_buffer_free(&buf);
}
END_TEST

START_TEST(test_compact_moves_unconsumed_front)
{
	sw_buffer_t buf;
	char src[1000];

	fill_pattern(src, sizeof(src), 11, 0);
	sw_buffer_init(&buf);
	ck_assert_int_eq(sw_buffer_append(&buf, src, sizeof(src)), SW_OK);

	/* Nothing consumed: compact changes nothing. */
	sw_buffer_compact(&buf);
	ck_assert_uint_eq(buf.offset, 0);
	ck_assert_uint_eq(buf.length, 1000);
	assert_pattern(buf.data, 1000, 11, 0);

	sw_buffer_consume(&buf, 333);
	sw_buffer_compact(&buf);
	ck_assert_uint_eq(buf.offset, 0);
	ck_assert_uint_eq(buf.length, 667);
	ck_assert_ptr_eq(sw_buffer_head(&buf), buf.data);
	assert_pattern(buf.data, 667, 11, 333);

	/* The move above overlapped (333 -> 0, 667 bytes); now down to the last byte. */
	sw_buffer_consume(&buf, 666);
	sw_buffer_compact(&buf);
	ck_assert_uint_eq(buf.length, 1);
	ck_assert_int_eq(buf.data[0], pattern_byte(11, 999));

	/* Appending after compaction continues the stream. */
	ck_assert_int_eq(sw_buffer_append(&buf, "x", 1), SW_OK);
	ck_assert_uint_eq(buf.length, 2);
	ck_assert_int_eq(buf.data[1], 'x');
	sw_buffer_free(&buf);
}
END_TEST

START_TEST(test_reserve_makes_room)
{
	sw_buffer_t buf;
	char *data;
	size_t cap;

	sw_buffer_init(&buf);
	ck_assert_int_eq(sw_buffer_reserve(&buf, 0), SW_OK);
	ck_assert_int_eq(sw_buffer_reserve(&buf, 1000), SW_OK);
	ck_assert_uint_ge(buf.capacity, 1000);
	ck_assert_uint_eq(buf.length, 0);
	ck_assert_ptr_nonnull(buf.data);

	/* The reserved room may be written directly, then accounted for. */
	fill_pattern(buf.data + buf.length, 1000, 5, 0);
	buf.length += 1000;
	assert_pattern(sw_buffer_head(&buf), 1000, 5, 0);

	/* Reserving what is already there moves nothing. */
	data = buf.data;
	cap = buf.capacity;
	ck_assert_int_eq(sw_buffer_reserve(&buf, cap - buf.length), SW_OK);
	ck_assert_ptr_eq(buf.data, data);
	ck_assert_uint_eq(buf.capacity, cap);

	/* One byte more forces growth; the content survives the move. */
	ck_assert_int_eq(sw_buffer_reserve(&buf, cap - buf.length + 1), SW_OK);
	ck_assert_uint_ge(buf.capacity - buf.length, cap - 1000 + 1);
	ck_assert_uint_eq(buf.length, 1000);
	assert_pattern(sw_buffer_head(&buf), 1000, 5, 0);
	sw_buffer_free(&buf);
}
END_TEST

/*
 * Consumed space at the front is reused before growing when most of the
 * buffer has been consumed: no reallocation, the data moves to the front.
 */
START_TEST(test_reserve_reuses_consumed_front)
{
	sw_buffer_t buf;
	char *src, *data;
	size_t cap, fill, consumed, extra;

	sw_buffer_init(&buf);
	ck_assert_int_eq(sw_buffer_reserve(&buf, 4096), SW_OK);
	cap = buf.capacity;
	fill = cap - 10;
	src = malloc(cap);
	ck_assert_ptr_nonnull(src);
	fill_pattern(src, cap, 21, 0);
	ck_assert_int_eq(sw_buffer_append(&buf, src, fill), SW_OK);
	ck_assert_uint_eq(buf.capacity, cap);
	data = buf.data;

	consumed = cap / 2 + cap / 4;
	sw_buffer_consume(&buf, consumed);
	extra = 100;
	ck_assert_int_eq(sw_buffer_reserve(&buf, extra), SW_OK);
	ck_assert_ptr_eq(buf.data, data);
	ck_assert_uint_eq(buf.capacity, cap);
	ck_assert_uint_eq(buf.offset, 0);
	ck_assert_uint_eq(buf.length, fill - consumed);
	ck_assert_uint_ge(buf.capacity - buf.length, extra);
	assert_pattern(buf.data, fill - consumed, 21, consumed);

	/* Reserve with a small offset: whatever it does, room and bytes are right. */
	ck_assert_int_eq(sw_buffer_append(&buf, src + fill, 10), SW_OK);
	sw_buffer_consume(&buf, 3);
	ck_assert_int_eq(sw_buffer_reserve(&buf, cap), SW_OK);
	ck_assert_uint_ge(buf.capacity - buf.length, cap);
	ck_assert_uint_eq(sw_buffer_used(&buf), fill - consumed + 10 - 3);
	assert_pattern(sw_buffer_head(&buf), sw_buffer_used(&buf), 21, consumed + 3);
	free(src);
	sw_buffer_free(&buf);
}
END_TEST

/* A stream through a buffer used as a FIFO stays in order across reuse and growth. */
START_TEST(test_fifo_stream)
{
	sw_buffer_t buf;
	char chunk[5000];
	size_t written = 0, read = 0;
	uint32_t r = 12345;
	int i;

	sw_buffer_init(&buf);
	for (i = 0; i < 20000; i++) {
		size_t n;

		r = r * 1103515245u + 12345u;
		n = (r >> 8) % sizeof(chunk);
		fill_pattern(chunk, n, 77, written);
		ck_assert_int_eq(sw_buffer_append(&buf, chunk, n), SW_OK);
		written += n;
		r = r * 1103515245u + 12345u;
		n = SW_MIN((size_t) ((r >> 8) % (sizeof(chunk) + 200)), sw_buffer_used(&buf));
		assert_pattern(sw_buffer_head(&buf), n, 77, read);
		sw_buffer_consume(&buf, n);
		read += n;
		ck_assert_uint_eq(sw_buffer_used(&buf), written - read);
		if (i % 97 == 0) {
			sw_buffer_compact(&buf);
		}
	}
	assert_pattern(sw_buffer_head(&buf), sw_buffer_used(&buf), 77, read);
	/* The buffer never holds more than about twice what was pending. */
	ck_assert_uint_lt(buf.capacity, 1024 * 1024);
	sw_buffer_free(&buf);
}
END_TEST

START_TEST(test_reset_keep_releases_memory)
{
	const size_t big = 4 * 1024 * 1024;
	sw_buffer_t buf;
	char *src = malloc(big);
	char small[100];

	ck_assert_ptr_nonnull(src);
	fill_pattern(src, big, 1, 0);
	sw_buffer_init(&buf);
	ck_assert_int_eq(sw_buffer_append(&buf, src, big), SW_OK);
	sw_buffer_consume(&buf, 10);
	ck_assert_uint_ge(buf.capacity, big);

	sw_buffer_reset(&buf, 4096);
	ck_assert_uint_eq(buf.length, 0);
	ck_assert_uint_eq(buf.offset, 0);
	ck_assert_uint_eq(buf.capacity, 4096);
	ck_assert_ptr_nonnull(buf.data);
	/* The allocation itself shrank, not only the bookkeeping. */
	ck_assert_uint_lt(malloc_usable_size(buf.data), 64 * 1024);

	/* Still usable: the kept block takes writes up to its capacity. */
	fill_pattern(small, sizeof(small), 2, 0);
	ck_assert_int_eq(sw_buffer_append(&buf, small, sizeof(small)), SW_OK);
	assert_pattern(buf.data, sizeof(small), 2, 0);
	ck_assert_int_eq(sw_buffer_append(&buf, src, 4096 - sizeof(small)), SW_OK);
	ck_assert_uint_eq(buf.capacity, 4096);
	assert_pattern(buf.data + sizeof(small), 4096 - sizeof(small), 1, 0);

	/* A buffer already within keep keeps its block. */
	{
		char *data = buf.data;

		sw_buffer_reset(&buf, 8192);
		ck_assert_ptr_eq(buf.data, data);
		ck_assert_uint_eq(buf.capacity, 4096);
		ck_assert_uint_eq(buf.length, 0);
	}

	/* keep 0 gives everything back. */
	sw_buffer_reset(&buf, 0);
	ck_assert_ptr_null(buf.data);
	ck_assert_uint_eq(buf.capacity, 0);
	ck_assert_uint_eq(buf.length, 0);
	ck_assert_int_eq(sw_buffer_append(&buf, "again", 5), SW_OK);
	ck_assert_mem_eq(buf.data, "again", 5);
	free(src);
	sw_buffer_free(&buf);
}
END_TEST

/* Impossible sizes fail cleanly with the buffer untouched (and never hang). */
START_TEST(test_reserve_impossible_sizes_fail)
{
	sw_buffer_t buf;
	char *data;
	size_t cap;

	sw_buffer_init(&buf);
	ck_assert_int_eq(sw_buffer_append(&buf, "keep me", 7), SW_OK);
	data = buf.data;
	cap = buf.capacity;

	/* length + extra wraps around. */
	sw_error_set(0);
	ck_assert_int_eq(sw_buffer_reserve(&buf, SIZE_MAX - 3), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_MALLOC_FAIL);
	ck_assert_ptr_eq(buf.data, data);
	ck_assert_uint_eq(buf.capacity, cap);
	ck_assert_mem_eq(buf.data, "keep me", 7);

	/* Does not wrap, but no capacity can double up to it. */
	sw_error_set(0);
	ck_assert_int_eq(sw_buffer_reserve(&buf, SIZE_MAX / 2 + 4096), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_MALLOC_FAIL);
	ck_assert_ptr_eq(buf.data, data);
	ck_assert_uint_eq(buf.capacity, cap);
	ck_assert_uint_eq(buf.length, 7);
	ck_assert_mem_eq(buf.data, "keep me", 7);
	sw_buffer_free(&buf);
}
END_TEST

static Suite *buffer_suite(void)
{
	Suite *s = suite_create("buffer");
	TCase *tc = tcase_create("core");
	TCase *limits = tcase_create("limits");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_init_is_empty);
	tcase_add_test(tc, test_append_consume_bytes);
	tcase_add_test(tc, test_append_zero_length);
	tcase_add_test(tc, test_growth_byte_by_byte);
	tcase_add_test(tc, test_large_appends);
	tcase_add_test(tc, test_consume_to_empty_resets_offsets);
	tcase_add_test(tc, test_compact_moves_unconsumed_front);
	tcase_add_test(tc, test_reserve_makes_room);
	tcase_add_test(tc, test_reserve_reuses_consumed_front);
	tcase_add_test(tc, test_fifo_stream);
	tcase_add_test(tc, test_reset_keep_releases_memory);
	suite_add_tcase(s, tc);

	/* A hang here is the failure being tested for, so keep it short. */
	tcase_set_timeout(limits, 5);
	tcase_add_test(limits, test_reserve_impossible_sizes_fail);
	suite_add_tcase(s, limits);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(buffer_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
