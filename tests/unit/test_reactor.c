/*
 * The epoll reactor with real pipes and socketpairs: registration, read and
 * write readiness, hang-ups, stopping from a handler, the before_wait and
 * after_events hooks, timeouts, and sources removed while a batch of events
 * is being dispatched.
 */
#define _GNU_SOURCE
#include <check.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sw_reactor.h"

#define MAX_CALLS 64

typedef struct {
	sw_event_source_t *src;
	uint32_t events;
	void *ptr;
	int fd;
} call_t;

/* What handlers saw, in order. */
static call_t calls[MAX_CALLS];
static int call_count;

static void record(sw_event_source_t *src, uint32_t events)
{
	if (call_count < MAX_CALLS) {
		calls[call_count].src = src;
		calls[call_count].events = events;
		calls[call_count].ptr = src->ptr;
		calls[call_count].fd = src->fd;
	}
	call_count++;
}

static void on_record(sw_reactor_t *reactor, sw_event_source_t *src, uint32_t events)
{
	(void) reactor;
	record(src, events);
}

/* Records and reads one byte, so level-triggered readiness ends when the pipe is empty. */
static void on_read_one(sw_reactor_t *reactor, sw_event_source_t *src, uint32_t events)
{
	char c;

	(void) reactor;
	record(src, events);
	if (events & SW_EVENT_READ) {
		ck_assert_int_eq(read(src->fd, &c, 1), 1);
	}
}

static void setup(void)
{
	call_count = 0;
	memset(calls, 0, sizeof(calls));
}

static void make_pipe(int fds[2])
{
	ck_assert_int_eq(pipe2(fds, O_NONBLOCK | O_CLOEXEC), 0);
}

static void make_stream_pair(int fds[2])
{
	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds), 0);
}

START_TEST(test_init_free)
{
	sw_reactor_t r;

	ck_assert_int_eq(sw_reactor_init(&r), SW_OK);
	ck_assert_int_ge(r.epfd, 0);
	ck_assert_int_eq(r.id, -1);
	ck_assert_int_eq(r.running, 0);
	ck_assert_int_eq(r.timeout_ms, -1);
	ck_assert_ptr_null(r.before_wait);
	ck_assert_ptr_null(r.after_events);
	ck_assert_ptr_nonnull(r.events_buf);
	/* Nothing registered: a zero timeout returns at once with no events. */
	ck_assert_int_eq(sw_reactor_once(&r, 0), 0);
	sw_reactor_free(&r);
	ck_assert_int_eq(r.epfd, -1);
	ck_assert_ptr_null(r.events_buf);
	/* A second free is harmless. */
	sw_reactor_free(&r);
}
END_TEST

START_TEST(test_pipe_read_event)
{
	sw_reactor_t r;
	sw_event_source_t src;
	int fds[2], owner;
	char c;

	make_pipe(fds);
	ck_assert_int_eq(sw_reactor_init(&r), SW_OK);
	ck_assert_int_eq(sw_reactor_add(&r, &src, fds[0], SW_EVENT_READ, on_record, &owner), SW_OK);
	ck_assert_int_eq(src.fd, fds[0]);
	ck_assert_uint_eq(src.events, SW_EVENT_READ);
	ck_assert_ptr_eq(src.ptr, &owner);

	/* Nothing written yet. */
	ck_assert_int_eq(sw_reactor_once(&r, 0), 0);
	ck_assert_int_eq(call_count, 0);

	ck_assert_int_eq(write(fds[1], "x", 1), 1);
	ck_assert_int_eq(sw_reactor_once(&r, 1000), 1);
	ck_assert_int_eq(call_count, 1);
	ck_assert_ptr_eq(calls[0].src, &src);
	ck_assert_ptr_eq(calls[0].ptr, &owner);
	ck_assert_int_eq(calls[0].fd, fds[0]);
	ck_assert_uint_eq(calls[0].events, SW_EVENT_READ);

	/* Level-triggered: unread data is reported again. */
	ck_assert_int_eq(sw_reactor_once(&r, 1000), 1);
	ck_assert_int_eq(call_count, 2);
	ck_assert_uint_eq(calls[1].events, SW_EVENT_READ);

	ck_assert_int_eq(read(fds[0], &c, 1), 1);
	ck_assert_int_eq(sw_reactor_once(&r, 0), 0);
	ck_assert_int_eq(call_count, 2);

	sw_reactor_free(&r);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

START_TEST(test_write_event_and_set)
{
	sw_reactor_t r;
	sw_event_source_t src;
	int fds[2];

	make_stream_pair(fds);
	ck_assert_int_eq(sw_reactor_init(&r), SW_OK);
	ck_assert_int_eq(sw_reactor_add(&r, &src, fds[0], SW_EVENT_WRITE, on_record, NULL), SW_OK);

	/* An idle socket is writable at once. */
	ck_assert_int_eq(sw_reactor_once(&r, 1000), 1);
	ck_assert_int_eq(call_count, 1);
	ck_assert_uint_eq(calls[0].events, SW_EVENT_WRITE);

	/* Switch to read only: no more write events, and nothing to read yet. */
	ck_assert_int_eq(sw_reactor_set(&r, &src, SW_EVENT_READ), SW_OK);
	ck_assert_uint_eq(src.events, SW_EVENT_READ);
	ck_assert_int_eq(sw_reactor_once(&r, 50), 0);
	ck_assert_int_eq(call_count, 1);

	ck_assert_int_eq(write(fds[1], "ping", 4), 4);
	ck_assert_int_eq(sw_reactor_once(&r, 1000), 1);
	ck_assert_int_eq(call_count, 2);
	ck_assert_uint_eq(calls[1].events, SW_EVENT_READ);

	/* Both at once come in one event with both bits. */
	ck_assert_int_eq(sw_reactor_set(&r, &src, SW_EVENT_READ | SW_EVENT_WRITE), SW_OK);
	ck_assert_uint_eq(src.events, SW_EVENT_READ | SW_EVENT_WRITE);
	ck_assert_int_eq(sw_reactor_once(&r, 1000), 1);
	ck_assert_int_eq(call_count, 3);
	ck_assert_uint_eq(calls[2].events, SW_EVENT_READ | SW_EVENT_WRITE);

	/* Setting the same mask again is accepted. */
	ck_assert_int_eq(sw_reactor_set(&r, &src, SW_EVENT_READ | SW_EVENT_WRITE), SW_OK);

	/* Write only again: the unread data is not reported. */
	ck_assert_int_eq(sw_reactor_set(&r, &src, SW_EVENT_WRITE), SW_OK);
	ck_assert_int_eq(sw_reactor_once(&r, 1000), 1);
	ck_assert_uint_eq(calls[3].events, SW_EVENT_WRITE);

	sw_reactor_free(&r);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

/* A full socket is not writable until the peer reads. */
START_TEST(test_write_blocks_until_drained)
{
	sw_reactor_t r;
	sw_event_source_t src;
	int fds[2];
	char block[4096], sink[65536];
	size_t total = 0;

	make_stream_pair(fds);
	memset(block, 'w', sizeof(block));
	while (write(fds[0], block, sizeof(block)) > 0) {
		total += sizeof(block);
	}
	ck_assert_int_eq(errno, EAGAIN);
	ck_assert_uint_gt(total, 0);

	ck_assert_int_eq(sw_reactor_init(&r), SW_OK);
	ck_assert_int_eq(sw_reactor_add(&r, &src, fds[0], SW_EVENT_WRITE, on_record, NULL), SW_OK);
	ck_assert_int_eq(sw_reactor_once(&r, 50), 0);
	ck_assert_int_eq(call_count, 0);

	while (read(fds[1], sink, sizeof(sink)) > 0) {
	}
	ck_assert_int_eq(sw_reactor_once(&r, 1000), 1);
	ck_assert_int_eq(call_count, 1);
	ck_assert_uint_eq(calls[0].events, SW_EVENT_WRITE);

	sw_reactor_free(&r);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

START_TEST(test_del_stops_events)
{
	sw_reactor_t r;
	sw_event_source_t src;
	int fds[2];

	make_pipe(fds);
	ck_assert_int_eq(write(fds[1], "x", 1), 1);
	ck_assert_int_eq(sw_reactor_init(&r), SW_OK);
	ck_assert_int_eq(sw_reactor_add(&r, &src, fds[0], SW_EVENT_READ, on_record, NULL), SW_OK);
	ck_assert_int_eq(sw_reactor_del(&r, &src), SW_OK);
	ck_assert_uint_eq(src.events, 0);
	ck_assert_int_eq(sw_reactor_once(&r, 50), 0);
	ck_assert_int_eq(call_count, 0);

	/* Not registered any more. */
	ck_assert_int_eq(sw_reactor_del(&r, &src), SW_ERR);
	ck_assert_int_eq(sw_error_get(), ENOENT);

	/* And it can be added again. */
	ck_assert_int_eq(sw_reactor_add(&r, &src, fds[0], SW_EVENT_READ, on_record, NULL), SW_OK);
	ck_assert_int_eq(sw_reactor_once(&r, 1000), 1);
	ck_assert_int_eq(call_count, 1);

	sw_reactor_free(&r);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

START_TEST(test_add_errors)
{
	sw_reactor_t r;
	sw_event_source_t a, b;
	int fds[2];

	make_pipe(fds);
	ck_assert_int_eq(sw_reactor_init(&r), SW_OK);
	ck_assert_int_eq(sw_reactor_add(&r, &a, -1, SW_EVENT_READ, on_record, NULL), SW_ERR);
	ck_assert_int_eq(sw_error_get(), EBADF);
	ck_assert_int_eq(sw_reactor_add(&r, &a, fds[0], SW_EVENT_READ, on_record, NULL), SW_OK);
	ck_assert_int_eq(sw_reactor_add(&r, &b, fds[0], SW_EVENT_READ, on_record, NULL), SW_ERR);
	ck_assert_int_eq(sw_error_get(), EEXIST);
	/* A regular file cannot be watched by epoll. */
	{
		FILE *f = tmpfile();

		ck_assert_ptr_nonnull(f);
		ck_assert_int_eq(sw_reactor_add(&r, &b, fileno(f), SW_EVENT_READ, on_record, NULL), SW_ERR);
		ck_assert_int_eq(sw_error_get(), EPERM);
		fclose(f);
	}
	sw_reactor_free(&r);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

START_TEST(test_hangup_reported)
{
	sw_reactor_t r;
	sw_event_source_t p, s;
	int pfds[2], sfds[2];
	char c;

	make_pipe(pfds);
	make_stream_pair(sfds);
	ck_assert_int_eq(sw_reactor_init(&r), SW_OK);
	ck_assert_int_eq(sw_reactor_add(&r, &p, pfds[0], SW_EVENT_READ, on_record, NULL), SW_OK);
	ck_assert_int_eq(sw_reactor_once(&r, 0), 0);

	/* Writer of a pipe gone: a hang-up, delivered as ERROR with READ so the read finds EOF. */
	close(pfds[1]);
	ck_assert_int_eq(sw_reactor_once(&r, 1000), 1);
	ck_assert_int_eq(call_count, 1);
	ck_assert_uint_eq(calls[0].events & (SW_EVENT_READ | SW_EVENT_ERROR), SW_EVENT_READ | SW_EVENT_ERROR);
	ck_assert_int_eq(read(pfds[0], &c, 1), 0);
	ck_assert_int_eq(sw_reactor_del(&r, &p), SW_OK);

	/* Peer of a stream socket closed: readable, and the read returns EOF. */
	ck_assert_int_eq(sw_reactor_add(&r, &s, sfds[0], SW_EVENT_READ, on_record, NULL), SW_OK);
	ck_assert_int_eq(sw_reactor_once(&r, 0), 0);
	close(sfds[1]);
	ck_assert_int_eq(sw_reactor_once(&r, 1000), 1);
	ck_assert_int_eq(call_count, 2);
	ck_assert_ptr_eq(calls[1].src, &s);
	ck_assert(calls[1].events & SW_EVENT_READ);
	ck_assert_int_eq(read(sfds[0], &c, 1), 0);

	sw_reactor_free(&r);
	close(pfds[0]);
	close(sfds[0]);
}
END_TEST

static int stop_after;

static void on_read_then_stop(sw_reactor_t *reactor, sw_event_source_t *src, uint32_t events)
{
	on_read_one(reactor, src, events);
	if (call_count == stop_after) {
		sw_reactor_stop(reactor);
	}
}

START_TEST(test_handler_stops_loop)
{
	sw_reactor_t r;
	sw_event_source_t src;
	int fds[2];

	make_pipe(fds);
	ck_assert_int_eq(write(fds[1], "abcde", 5), 5);
	ck_assert_int_eq(sw_reactor_init(&r), SW_OK);
	ck_assert_int_eq(sw_reactor_add(&r, &src, fds[0], SW_EVENT_READ, on_read_then_stop, NULL), SW_OK);
	stop_after = 3;
	ck_assert_int_eq(sw_reactor_run(&r), SW_OK);
	ck_assert_int_eq(r.running, 0);
	/* One byte per wake-up, stopped on the third: two bytes are left. */
	ck_assert_int_eq(call_count, 3);
	{
		char rest[8];

		ck_assert_int_eq(read(fds[0], rest, sizeof(rest)), 2);
		ck_assert_mem_eq(rest, "de", 2);
	}
	sw_reactor_free(&r);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

/* Hook order, recorded as letters: b = before_wait, h = handler, a = after_events. */
static char trace[256];
static int trace_len;
static int before_calls, after_calls;
static int lowered_timeout;
static int stop_at_before;
static int seen_timeout;

static void trace_add(char c)
{
	if (trace_len < (int) sizeof(trace) - 1) {
		trace[trace_len++] = c;
		trace[trace_len] = '\0';
	}
}

static void hook_before(sw_reactor_t *reactor, int *timeout_ms)
{
	seen_timeout = *timeout_ms;
	before_calls++;
	trace_add('b');
	*timeout_ms = lowered_timeout;
	if (before_calls == stop_at_before) {
		sw_reactor_stop(reactor);
	}
}

static void hook_after(sw_reactor_t *reactor)
{
	(void) reactor;
	after_calls++;
	trace_add('a');
}

static void on_trace_read(sw_reactor_t *reactor, sw_event_source_t *src, uint32_t events)
{
	trace_add('h');
	on_read_one(reactor, src, events);
}

static void reset_hooks(void)
{
	trace_len = 0;
	trace[0] = '\0';
	before_calls = after_calls = 0;
	seen_timeout = -2;
}

START_TEST(test_before_wait_lowers_timeout)
{
	sw_reactor_t r;
	int64_t start, elapsed;

	reset_hooks();
	ck_assert_int_eq(sw_reactor_init(&r), SW_OK);
	r.timeout_ms = -1;
	r.before_wait = hook_before;
	lowered_timeout = 30;
	stop_at_before = 6;
	start = sw_time_ms();
	/* Without the lowered timeout this would wait forever (and hit the test timeout). */
	ck_assert_int_eq(sw_reactor_run(&r), SW_OK);
	elapsed = sw_time_ms() - start;
	ck_assert_int_eq(before_calls, 6);
	/* The hook sees the reactor's own timeout each time. */
	ck_assert_int_eq(seen_timeout, -1);
	/* Five waits of 30 ms; stopping in the sixth hook skips the sixth wait. */
	ck_assert_int_ge(elapsed, 5 * 30 - 5);
	ck_assert_int_lt(elapsed, 2000);
	sw_reactor_free(&r);
}
END_TEST

START_TEST(test_hook_order)
{
	sw_reactor_t r;
	sw_event_source_t src;
	int fds[2];

	reset_hooks();
	make_pipe(fds);
	ck_assert_int_eq(write(fds[1], "12", 2), 2);
	ck_assert_int_eq(sw_reactor_init(&r), SW_OK);
	ck_assert_int_eq(sw_reactor_add(&r, &src, fds[0], SW_EVENT_READ, on_trace_read, NULL), SW_OK);
	r.timeout_ms = 5000;
	r.before_wait = hook_before;
	r.after_events = hook_after;
	lowered_timeout = 5000;
	stop_at_before = 3;
	ck_assert_int_eq(sw_reactor_run(&r), SW_OK);
	/* Two bytes, two batches, each: hook before the wait, handler, hook after the batch. */
	ck_assert_str_eq(trace, "bhabhab");
	ck_assert_int_eq(seen_timeout, 5000);
	ck_assert_int_eq(after_calls, 2);
	sw_reactor_free(&r);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

START_TEST(test_after_events_runs_after_whole_batch)
{
	sw_reactor_t r;
	sw_event_source_t src[3];
	int fds[3][2], i;

	reset_hooks();
	ck_assert_int_eq(sw_reactor_init(&r), SW_OK);
	r.after_events = hook_after;
	for (i = 0; i < 3; i++) {
		make_pipe(fds[i]);
		ck_assert_int_eq(write(fds[i][1], "z", 1), 1);
		ck_assert_int_eq(sw_reactor_add(&r, &src[i], fds[i][0], SW_EVENT_READ, on_trace_read, NULL), SW_OK);
	}
	ck_assert_int_eq(sw_reactor_once(&r, 1000), 3);
	ck_assert_str_eq(trace, "hhha");
	ck_assert_int_eq(call_count, 3);
	/* Each source exactly once. */
	ck_assert_ptr_ne(calls[0].src, calls[1].src);
	ck_assert_ptr_ne(calls[0].src, calls[2].src);
	ck_assert_ptr_ne(calls[1].src, calls[2].src);
	sw_reactor_free(&r);
	for (i = 0; i < 3; i++) {
		close(fds[i][0]);
		close(fds[i][1]);
	}
}
END_TEST

START_TEST(test_once_timeout)
{
	sw_reactor_t r;
	sw_event_source_t src;
	int fds[2];
	int64_t start, elapsed;

	make_pipe(fds);
	ck_assert_int_eq(sw_reactor_init(&r), SW_OK);
	ck_assert_int_eq(sw_reactor_add(&r, &src, fds[0], SW_EVENT_READ, on_record, NULL), SW_OK);

	start = sw_time_ms();
	ck_assert_int_eq(sw_reactor_once(&r, 120), 0);
	elapsed = sw_time_ms() - start;
	ck_assert_int_ge(elapsed, 115);
	ck_assert_int_lt(elapsed, 1000);
	ck_assert_int_eq(call_count, 0);

	start = sw_time_ms();
	ck_assert_int_eq(sw_reactor_once(&r, 0), 0);
	ck_assert_int_lt(sw_time_ms() - start, 50);

	sw_reactor_free(&r);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

/* More ready descriptors than one wait returns: every one is served, each exactly once. */
START_TEST(test_many_sources)
{
	enum { N = SW_REACTOR_MAX_EVENTS + 44 };
	sw_reactor_t r;
	sw_event_source_t *src = calloc(N, sizeof(*src));
	int (*fds)[2] = calloc(N, sizeof(*fds));
	int i, rounds = 0, total = 0;

	ck_assert_ptr_nonnull(src);
	ck_assert_ptr_nonnull(fds);
	ck_assert_int_eq(sw_reactor_init(&r), SW_OK);
	for (i = 0; i < N; i++) {
		make_pipe(fds[i]);
		ck_assert_int_eq(write(fds[i][1], "m", 1), 1);
		ck_assert_int_eq(sw_reactor_add(&r, &src[i], fds[i][0], SW_EVENT_READ, on_read_one, (void *) (intptr_t) i), SW_OK);
	}
	call_count = 0;
	for (;;) {
		int n = sw_reactor_once(&r, 0);

		ck_assert_int_ge(n, 0);
		ck_assert_int_le(n, SW_REACTOR_MAX_EVENTS);
		if (n == 0) {
			break;
		}
		total += n;
		rounds++;
		ck_assert_int_lt(rounds, 10);
	}
	ck_assert_int_eq(total, N);
	ck_assert_int_eq(call_count, N);
	ck_assert_int_ge(rounds, 2);
	sw_reactor_free(&r);
	for (i = 0; i < N; i++) {
		close(fds[i][0]);
		close(fds[i][1]);
	}
	free(src);
	free(fds);
}
END_TEST

/* Two sources readable in the same batch; whichever runs first removes the other. */
static sw_event_source_t *pair_src[2];
static int pair_calls[2];

static void on_remove_other(sw_reactor_t *reactor, sw_event_source_t *src, uint32_t events)
{
	int me = src == pair_src[0] ? 0 : 1;
	char c;

	(void) events;
	pair_calls[me]++;
	if (read(src->fd, &c, 1) != 1) {
		return;
	}
	if (pair_src[1 - me]->events != 0) {
		ck_assert_int_eq(sw_reactor_del(reactor, pair_src[1 - me]), SW_OK);
	}
}

START_TEST(test_delete_other_in_same_batch)
{
	sw_reactor_t r;
	sw_event_source_t a, b;
	int afds[2], bfds[2];
	int n;

	make_pipe(afds);
	make_pipe(bfds);
	ck_assert_int_eq(sw_reactor_init(&r), SW_OK);
	pair_src[0] = &a;
	pair_src[1] = &b;
	pair_calls[0] = pair_calls[1] = 0;
	ck_assert_int_eq(sw_reactor_add(&r, &a, afds[0], SW_EVENT_READ, on_remove_other, NULL), SW_OK);
	ck_assert_int_eq(sw_reactor_add(&r, &b, bfds[0], SW_EVENT_READ, on_remove_other, NULL), SW_OK);
	/* Both readable before the wait, so both come back from the same epoll_wait. */
	ck_assert_int_eq(write(afds[1], "a", 1), 1);
	ck_assert_int_eq(write(bfds[1], "b", 1), 1);

	n = sw_reactor_once(&r, 1000);
	ck_assert_int_ge(n, 1);
	/*
	 * The source removed by the first handler must not be dispatched any
	 * more, even though its event was already fetched: its owner may have
	 * freed it or reused its descriptor.
	 */
	ck_assert_msg(pair_calls[0] + pair_calls[1] == 1,
			"handler of a source deleted earlier in the same batch was still called (a: %d, b: %d)",
			pair_calls[0], pair_calls[1]);
	ck_assert_int_eq(sw_reactor_once(&r, 50), 0);

	sw_reactor_free(&r);
	close(afds[0]);
	close(afds[1]);
	close(bfds[0]);
	close(bfds[1]);
}
END_TEST

/* Removing itself, or another source, takes effect for the following waits. */
static void on_read_and_delete_self(sw_reactor_t *reactor, sw_event_source_t *src, uint32_t events)
{
	(void) events;
	record(src, events);
	ck_assert_int_eq(sw_reactor_del(reactor, src), SW_OK);
}

START_TEST(test_delete_self_in_handler)
{
	sw_reactor_t r;
	sw_event_source_t a, b;
	int afds[2], bfds[2];

	make_pipe(afds);
	make_pipe(bfds);
	ck_assert_int_eq(sw_reactor_init(&r), SW_OK);
	ck_assert_int_eq(sw_reactor_add(&r, &a, afds[0], SW_EVENT_READ, on_read_and_delete_self, NULL), SW_OK);
	ck_assert_int_eq(sw_reactor_add(&r, &b, bfds[0], SW_EVENT_READ, on_read_one, NULL), SW_OK);
	ck_assert_int_eq(write(afds[1], "aa", 2), 2);
	ck_assert_int_eq(write(bfds[1], "bb", 2), 2);

	ck_assert_int_eq(sw_reactor_once(&r, 1000), 2);
	ck_assert_int_eq(call_count, 2);
	/* a still has unread data but is gone; b goes on being served. */
	ck_assert_int_eq(sw_reactor_once(&r, 1000), 1);
	ck_assert_int_eq(call_count, 3);
	ck_assert_ptr_eq(calls[2].src, &b);
	ck_assert_int_eq(sw_reactor_once(&r, 50), 0);
	ck_assert_int_eq(call_count, 3);

	sw_reactor_free(&r);
	close(afds[0]);
	close(afds[1]);
	close(bfds[0]);
	close(bfds[1]);
}
END_TEST

static Suite *reactor_suite(void)
{
	Suite *s = suite_create("reactor");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_set_timeout(tc, 10);
	tcase_add_test(tc, test_init_free);
	tcase_add_test(tc, test_pipe_read_event);
	tcase_add_test(tc, test_write_event_and_set);
	tcase_add_test(tc, test_write_blocks_until_drained);
	tcase_add_test(tc, test_del_stops_events);
	tcase_add_test(tc, test_add_errors);
	tcase_add_test(tc, test_hangup_reported);
	tcase_add_test(tc, test_handler_stops_loop);
	tcase_add_test(tc, test_before_wait_lowers_timeout);
	tcase_add_test(tc, test_hook_order);
	tcase_add_test(tc, test_after_events_runs_after_whole_batch);
	tcase_add_test(tc, test_once_timeout);
	tcase_add_test(tc, test_many_sources);
	tcase_add_test(tc, test_delete_other_in_same_batch);
	tcase_add_test(tc, test_delete_self_in_handler);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(reactor_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
