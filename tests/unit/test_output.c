/*
 * The output chain: memory blocks and file ranges written in order through a
 * real socket whose buffer fills up, byte for byte.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sw_output.h"

static int pair[2];

static void setup(void)
{
	int small = 4096;

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, pair), 0);
	/* A small buffer makes every large write partial. */
	setsockopt(pair[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof(small));
	setsockopt(pair[1], SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
}

static void teardown(void)
{
	close(pair[0]);
	close(pair[1]);
}

static void fill(char *buf, size_t len, unsigned seed)
{
	size_t i;

	for (i = 0; i < len; i++) {
		buf[i] = (char) ((i * 131 + seed * 7 + (i >> 9)) & 0xff);
	}
}

/* A temporary file holding len pattern bytes; returns its descriptor (unlinked). */
static int temp_file(const char *pattern, size_t len)
{
	char path[] = "/tmp/sw_output_XXXXXX";
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	unlink(path);
	ck_assert_int_eq(write(fd, pattern, len), (ssize_t) len);
	return fd;
}

/* Writes the chain to the socket while reading the other end until `expect` bytes came. */
static void drain(sw_output_t *out, char *got, size_t expect)
{
	size_t have = 0;
	int rounds = 0, rc = SW_AGAIN;

	while ((rc != SW_OK || have < expect) && rounds++ < 1000000) {
		ssize_t n;

		if (rc != SW_OK) {
			rc = sw_output_write(out, pair[0]);
			ck_assert_int_ne(rc, SW_ERR);
		}
		n = read(pair[1], got + have, expect - have);
		if (n > 0) {
			have += (size_t) n;
		}
	}
	ck_assert_int_eq(rc, SW_OK);
	ck_assert_uint_eq(have, expect);
	ck_assert(sw_output_empty(out));
	ck_assert_uint_eq(out->bytes, 0);
	ck_assert_uint_eq(out->mem_bytes, 0);
}

START_TEST(test_memory_in_order)
{
	enum { N = 300 };
	static char expect[N * 1000], got[N * 1000];
	sw_output_t out;
	size_t total = 0, i;

	sw_output_init(&out);
	for (i = 0; i < N; i++) {
		size_t len = (i * 37) % 1000;

		fill(expect + total, len, (unsigned) i);
		ck_assert_int_eq(sw_output_append(&out, expect + total, len), SW_OK);
		total += len;
	}
	ck_assert_uint_eq(out.bytes, total);
	ck_assert_uint_eq(out.mem_bytes, total);
	drain(&out, got, total);
	ck_assert_int_eq(memcmp(expect, got, total), 0);
}
END_TEST

START_TEST(test_files_between_memory)
{
	static char file_data[300000], expect[400000], got[400000];
	sw_output_t out;
	size_t total = 0;

	fill(file_data, sizeof(file_data), 3);
	sw_output_init(&out);
	/* head, file range, middle, whole file, tail */
	fill(expect, 1000, 1);
	sw_output_append(&out, expect, 1000);
	total = 1000;
	ck_assert_int_eq(sw_output_append_file(&out, temp_file(file_data, sizeof(file_data)), 12345, 50000), SW_OK);
	memcpy(expect + total, file_data + 12345, 50000);
	total += 50000;
	fill(expect + total, 777, 2);
	sw_output_append(&out, expect + total, 777);
	total += 777;
	ck_assert_int_eq(sw_output_append_file(&out, temp_file(file_data, sizeof(file_data)), 0, sizeof(file_data)),
			SW_OK);
	memcpy(expect + total, file_data, sizeof(file_data));
	total += sizeof(file_data);
	fill(expect + total, 5, 4);
	sw_output_append(&out, expect + total, 5);
	total += 5;

	ck_assert_uint_eq(out.bytes, total);
	ck_assert_uint_eq(out.mem_bytes, 1000 + 777 + 5);
	drain(&out, got, total);
	ck_assert_int_eq(memcmp(expect, got, total), 0);
}
END_TEST

START_TEST(test_file_shorter_than_announced_fails)
{
	char data[100];
	sw_output_t out;
	int rc = SW_AGAIN, i;

	fill(data, sizeof(data), 9);
	sw_output_init(&out);
	ck_assert_int_eq(sw_output_append_file(&out, temp_file(data, sizeof(data)), 0, 5000), SW_OK);
	for (i = 0; i < 100 && rc == SW_AGAIN; i++) {
		char sink[8192];

		rc = sw_output_write(&out, pair[0]);
		while (read(pair[1], sink, sizeof(sink)) > 0) {
		}
	}
	ck_assert_int_eq(rc, SW_ERR);
	sw_output_free(&out);
	ck_assert(sw_output_empty(&out));
}
END_TEST

START_TEST(test_free_releases_pending)
{
	char data[64 * 1024];
	sw_output_t out;

	fill(data, sizeof(data), 5);
	sw_output_init(&out);
	sw_output_append(&out, data, sizeof(data));
	ck_assert_int_eq(sw_output_append_file(&out, temp_file(data, sizeof(data)), 0, sizeof(data)), SW_OK);
	sw_output_append(&out, data, 10);
	ck_assert_uint_eq(out.bytes, 2 * sizeof(data) + 10);
	/* Nothing read: the leak checker of the ASan build sees what free() forgot. */
	sw_output_free(&out);
	ck_assert(sw_output_empty(&out));
	ck_assert_uint_eq(out.bytes, 0);
}
END_TEST

START_TEST(test_zero_length_items)
{
	char data[4] = "abc";
	sw_output_t out;

	sw_output_init(&out);
	ck_assert_int_eq(sw_output_append(&out, data, 0), SW_OK);
	ck_assert_int_eq(sw_output_append_file(&out, temp_file(data, 3), 0, 0), SW_OK);
	ck_assert(sw_output_empty(&out));
	ck_assert_int_eq(sw_output_write(&out, pair[0]), SW_OK);
}
END_TEST

static Suite *output_suite(void)
{
	Suite *s = suite_create("output");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_memory_in_order);
	tcase_add_test(tc, test_files_between_memory);
	tcase_add_test(tc, test_file_shorter_than_announced_fails);
	tcase_add_test(tc, test_free_releases_pending);
	tcase_add_test(tc, test_zero_length_items);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(output_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
