/*
 * The synchronous client's core against a real loopback listener served by
 * a forked process: length frames written one byte at a time come out whole
 * and one per call, bytes that arrived before a waitall timeout are kept,
 * and a refused connect is an error, not a hang.
 */
#define _GNU_SOURCE
#include <check.h>

#include <arpa/inet.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sw_client.h"
#include "sw_socket.h"

/* A listener on a free loopback port; the port is returned in *port. */
static int listener(int *port)
{
	char err[128];
	int fd = sw_socket_listen_tcp("127.0.0.1", 0, AF_INET, 16, err, sizeof(err));

	ck_assert_msg(fd >= 0, "listen: %s", err);
	sw_socket_set_nonblock(fd, false);
	*port = sw_socket_local_port(fd);
	return fd;
}

/* Forks a peer that accepts one connection and writes data with pauses every `step` bytes. */
static pid_t serve(int lfd, const char *data, size_t len, size_t step, int pause_us)
{
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int c = accept(lfd, NULL, NULL);
		size_t off = 0;
		char sink[16];

		if (c < 0) {
			_exit(1);
		}
		while (off < len) {
			size_t n = SW_MIN(step, len - off);

			if (write(c, data + off, n) != (ssize_t) n) {
				_exit(2);
			}
			off += n;
			usleep(pause_us);
		}
		/* hold the connection until the client closes it */
		while (read(c, sink, sizeof(sink)) > 0) {
		}
		_exit(0);
	}
	return pid;
}

static void reap(pid_t pid)
{
	int st;

	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "peer failed (status %d)", st);
}

START_TEST(test_length_frames_byte_by_byte)
{
	char wire[64];
	size_t n = 0;
	int port, lfd = listener(&port);
	sw_client_t c;
	const char *frame;
	size_t len;
	pid_t pid;
	uint32_t be;

	/* three frames: 5, 0 and 3 bytes of body, 4-byte big-endian length first */
	be = htonl(5);
	memcpy(wire + n, &be, 4);
	memcpy(wire + n + 4, "hello", 5);
	n += 9;
	be = htonl(0);
	memcpy(wire + n, &be, 4);
	n += 4;
	be = htonl(3);
	memcpy(wire + n, &be, 4);
	memcpy(wire + n + 4, "abc", 3);
	n += 7;
	pid = serve(lfd, wire, n, 1, 2000);

	ck_assert_int_eq(sw_client_create(&c, SW_SOCK_TCP), SW_OK);
	memset(&c.frame, 0, sizeof(c.frame));
	c.frame.mode = SW_FRAME_LENGTH;
	c.frame.length_type = 'N';
	c.frame.body_offset = 4;
	c.frame.max_length = 1024;
	ck_assert_int_eq(sw_client_connect(&c, "127.0.0.1", port, 2000), SW_OK);
	ck_assert_int_eq(sw_client_recv_frame(&c, &frame, &len, 3000), SW_OK);
	ck_assert_uint_eq(len, 9);
	ck_assert(memcmp(frame, wire, 9) == 0);
	ck_assert_int_eq(sw_client_recv_frame(&c, &frame, &len, 3000), SW_OK);
	ck_assert_uint_eq(len, 4);
	ck_assert_int_eq(sw_client_recv_frame(&c, &frame, &len, 3000), SW_OK);
	ck_assert_uint_eq(len, 7);
	ck_assert(memcmp(frame + 4, "abc", 3) == 0);
	/* nothing more: a bounded wait */
	ck_assert_int_eq(sw_client_recv_frame(&c, &frame, &len, 100), SW_ERR);
	ck_assert_int_eq(sw_error_get(), ETIMEDOUT);
	sw_client_close(&c);
	reap(pid);
	close(lfd);
}
END_TEST

START_TEST(test_waitall_timeout_keeps_bytes)
{
	int port, lfd = listener(&port);
	sw_client_t c;
	char buf[16];
	pid_t pid;

	/* 6 bytes, 3 now and 3 after 300 ms */
	pid = serve(lfd, "abcdef", 6, 3, 300000);
	ck_assert_int_eq(sw_client_create(&c, SW_SOCK_TCP), SW_OK);
	ck_assert_int_eq(sw_client_connect(&c, "127.0.0.1", port, 2000), SW_OK);
	ck_assert_int_eq(sw_client_recv(&c, buf, 6, true, false, 100), SW_ERR);
	ck_assert_int_eq(sw_error_get(), ETIMEDOUT);
	ck_assert_int_eq(sw_client_recv(&c, buf, 6, true, false, 3000), 6);
	ck_assert(memcmp(buf, "abcdef", 6) == 0);
	sw_client_close(&c);
	reap(pid);
	close(lfd);
}
END_TEST

START_TEST(test_refused_and_not_connected)
{
	int port, lfd = listener(&port);
	sw_client_t c;
	char buf[4];

	close(lfd);   /* nothing listens there any more */
	ck_assert_int_eq(sw_client_create(&c, SW_SOCK_TCP), SW_OK);
	ck_assert_int_eq(sw_client_send(&c, "x", 1, 100), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_CLIENT_NO_CONNECTION);
	ck_assert_int_eq(sw_client_recv(&c, buf, 4, false, false, 100), SW_ERR);
	ck_assert_int_eq(sw_client_connect(&c, "127.0.0.1", port, 2000), SW_ERR);
	ck_assert_int_eq(sw_error_get(), ECONNREFUSED);
	ck_assert_int_eq(sw_client_connect(&c, "127.0.0.1", 0, 2000), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_INVALID_PARAMS);
	sw_client_close(&c);
	ck_assert_int_eq(sw_client_create(&c, (sw_sock_type_t) 99), SW_ERR);
}
END_TEST

static Suite *client_suite(void)
{
	Suite *s = suite_create("client");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_length_frames_byte_by_byte);
	tcase_add_test(tc, test_waitall_timeout_keeps_bytes);
	tcase_add_test(tc, test_refused_and_not_connected);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(client_suite());
	int failed;

	signal(SIGPIPE, SIG_IGN);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
