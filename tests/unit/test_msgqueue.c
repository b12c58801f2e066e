/*
 * SysV message queues: opening by key (created or found), sending with and
 * without waiting, removal; the relay thread (delivery in order, the gate,
 * stopping while blocked in msgrcv()); and the hold, which keeps a message a
 * killed process had taken out of the queue.
 */
#define _GNU_SOURCE
#include <check.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sw_msgqueue.h"
#include "sw_shm.h"

#define CAP 512

typedef struct {
	long mtype;
	char data[CAP];
} test_msg_t;

static bool queue_exists(int id)
{
	struct msqid_ds ds;

	return msgctl(id, IPC_STAT, &ds) == 0;
}

static int send_str(int qid, long mtype, const char *s)
{
	test_msg_t m;

	m.mtype = mtype;
	memcpy(m.data, s, strlen(s));
	return sw_msgq_send(qid, (sw_msgq_msg_t *) &m, strlen(s), 0);
}

START_TEST(test_private_queue_created_and_removed)
{
	sw_msgq_t q;
	uint64_t n, bytes;
	test_msg_t m;
	ssize_t got;
	int id;

	ck_assert_int_eq(sw_msgq_open(&q, 0), SW_OK);
	ck_assert(q.created);
	id = q.id;
	ck_assert_int_eq(send_str(id, 7, "hello"), SW_OK);
	ck_assert_int_eq(send_str(id, 9, "world!"), SW_OK);
	ck_assert_int_eq(sw_msgq_stat(&q, &n, &bytes), SW_OK);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(bytes, 11);
	got = msgrcv(id, &m, CAP, 9, IPC_NOWAIT);
	ck_assert_int_eq(got, 6);
	ck_assert(memcmp(m.data, "world!", 6) == 0);
	ck_assert_int_eq(sw_msgq_close(&q), SW_OK);
	ck_assert_int_eq(q.id, -1);
	ck_assert(!queue_exists(id));
}
END_TEST

START_TEST(test_key_found_is_not_removed)
{
	long key = 0x53570000L + (getpid() & 0xffff);
	sw_msgq_t mine, theirs;
	int id;

	id = msgget((key_t) key, IPC_CREAT | IPC_EXCL | 0600);
	ck_assert_int_ge(id, 0);
	ck_assert_int_eq(sw_msgq_open(&theirs, key), SW_OK);
	ck_assert(!theirs.created);
	ck_assert_int_eq(theirs.id, id);
	ck_assert_int_eq(sw_msgq_close(&theirs), SW_OK);
	ck_assert(queue_exists(id));
	msgctl(id, IPC_RMID, NULL);

	/* a key nobody has: created here, removed here */
	ck_assert_int_eq(sw_msgq_open(&mine, key), SW_OK);
	ck_assert(mine.created);
	id = mine.id;
	ck_assert_int_eq(sw_msgq_close(&mine), SW_OK);
	ck_assert(!queue_exists(id));
}
END_TEST

START_TEST(test_full_queue_nowait_and_timeout)
{
	struct msqid_ds ds;
	sw_msgq_t q;
	int64_t t0;

	ck_assert_int_eq(sw_msgq_open(&q, 0), SW_OK);
	/* room for exactly two 100-byte messages */
	ck_assert_int_eq(msgctl(q.id, IPC_STAT, &ds), 0);
	ds.msg_qbytes = 200;
	ck_assert_int_eq(msgctl(q.id, IPC_SET, &ds), 0);
	{
		test_msg_t m = {.mtype = 1};

		memset(m.data, 'x', 100);
		ck_assert_int_eq(sw_msgq_send(q.id, (sw_msgq_msg_t *) &m, 100, 0), SW_OK);
		ck_assert_int_eq(sw_msgq_send(q.id, (sw_msgq_msg_t *) &m, 100, 0), SW_OK);
		ck_assert_int_eq(sw_msgq_send(q.id, (sw_msgq_msg_t *) &m, 100, 0), SW_AGAIN);
		t0 = sw_time_ms();
		ck_assert_int_eq(sw_msgq_send(q.id, (sw_msgq_msg_t *) &m, 100, 60), SW_AGAIN);
		ck_assert_int_ge(sw_time_ms() - t0, 55);
		ck_assert_int_lt(sw_time_ms() - t0, 1000);
	}
	sw_msgq_close(&q);
}
END_TEST

START_TEST(test_kernel_limits)
{
	size_t msgmax = 0, msgmnb = 0;

	ck_assert_int_eq(sw_msgq_kernel_limits(&msgmax, &msgmnb), SW_OK);
	ck_assert_uint_gt(msgmax, 0);
	ck_assert_uint_gt(msgmnb, 0);
}
END_TEST

/* ---- the relay ---- */

typedef struct {
	int fd;                /* delivered messages are written here */
	int delivered;
	bool block;            /* never deliver: wait until told to stop */
} sink_t;

static int deliver_to_fd(sw_msgq_relay_t *r, const char *data, size_t len)
{
	sink_t *sink = r->ctx;

	if (sink->block) {
		while (!sw_msgq_relay_stopping(r)) {
			usleep(1000);
		}
		return SW_AGAIN;
	}
	ck_assert_int_eq(send(sink->fd, data, len, 0), (ssize_t) len);
	sink->delivered++;
	return SW_OK;
}

static sw_msgq_hold_t *new_hold(void)
{
	sw_msgq_hold_t *h = sw_shm_alloc(sw_msgq_hold_size(CAP));

	ck_assert_ptr_nonnull(h);
	return h;
}

static void relay_init(sw_msgq_relay_t *r, int qid, long mtype, bool gated, sink_t *sink, sw_msgq_hold_t *h)
{
	memset(r, 0, sizeof(*r));
	r->qid = qid;
	r->mtype = mtype;
	r->gated = gated;
	r->hold = h;
	r->cap = CAP;
	r->deliver = deliver_to_fd;
	r->ctx = sink;
}

static ssize_t recv_timeout(int fd, char *buf, size_t cap, int ms)
{
	struct timeval tv = {.tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000};

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return recv(fd, buf, cap, 0);
}

START_TEST(test_relay_delivers_in_order_its_type_only)
{
	sw_msgq_relay_t r;
	sink_t sink = {0};
	sw_msgq_t q;
	int sv[2], i;
	char buf[64];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
	ck_assert_int_eq(sw_msgq_open(&q, 0), SW_OK);
	sink.fd = sv[0];
	relay_init(&r, q.id, 3, false, &sink, new_hold());
	ck_assert_int_eq(send_str(q.id, 4, "not mine"), SW_OK);
	ck_assert_int_eq(sw_msgq_relay_start(&r), SW_OK);
	for (i = 0; i < 50; i++) {
		snprintf(buf, sizeof(buf), "m%02d", i);
		ck_assert_int_eq(send_str(q.id, 3, buf), SW_OK);
	}
	for (i = 0; i < 50; i++) {
		char want[8];
		ssize_t n = recv_timeout(sv[1], buf, sizeof(buf), 2000);

		snprintf(want, sizeof(want), "m%02d", i);
		ck_assert_int_eq(n, 3);
		ck_assert(memcmp(buf, want, 3) == 0);
	}
	/* blocked in msgrcv() now: stop must still return */
	sw_msgq_relay_stop(&r);
	ck_assert(!r.running);
	ck_assert_int_eq(recv_timeout(sv[1], buf, sizeof(buf), 50), -1);
	{
		uint64_t n, bytes;

		ck_assert_int_eq(sw_msgq_stat(&q, &n, &bytes), SW_OK);
		ck_assert_uint_eq(n, 1); /* the other type is still there */
	}
	sw_msgq_close(&q);
}
END_TEST

START_TEST(test_gated_relay_takes_one_at_a_time)
{
	sw_msgq_relay_t r;
	sink_t sink = {0};
	uint64_t n, bytes;
	sw_msgq_t q;
	int sv[2];
	char buf[64];

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
	ck_assert_int_eq(sw_msgq_open(&q, 0), SW_OK);
	sink.fd = sv[0];
	relay_init(&r, q.id, 1, true, &sink, new_hold());
	ck_assert_int_eq(send_str(q.id, 1, "one"), SW_OK);
	ck_assert_int_eq(send_str(q.id, 1, "two"), SW_OK);
	ck_assert_int_eq(send_str(q.id, 1, "three"), SW_OK);
	ck_assert_int_eq(sw_msgq_relay_start(&r), SW_OK);
	ck_assert_int_eq(recv_timeout(sv[1], buf, sizeof(buf), 2000), 3);
	/* the gate is closed: the other two stay in the queue */
	usleep(100000);
	ck_assert_int_eq(recv_timeout(sv[1], buf, sizeof(buf), 50), -1);
	ck_assert_int_eq(sw_msgq_stat(&q, &n, &bytes), SW_OK);
	ck_assert_uint_eq(n, 2);
	sw_msgq_relay_open_gate(&r);
	ck_assert_int_eq(recv_timeout(sv[1], buf, sizeof(buf), 2000), 3);
	ck_assert(memcmp(buf, "two", 3) == 0);
	ck_assert_int_eq(sw_msgq_stat(&q, &n, &bytes), SW_OK);
	ck_assert_uint_eq(n, 1);
	/* stopping while waiting at the closed gate */
	sw_msgq_relay_stop(&r);
	ck_assert_int_eq(sw_msgq_stat(&q, &n, &bytes), SW_OK);
	ck_assert_uint_eq(n, 1);
	sw_msgq_close(&q);
}
END_TEST

START_TEST(test_stop_while_delivering_keeps_the_hold)
{
	sw_msgq_relay_t r;
	sink_t sink = {.block = true};
	sw_msgq_hold_t *h = new_hold();
	const char *data;
	size_t len;
	sw_msgq_t q;

	ck_assert_int_eq(sw_msgq_open(&q, 0), SW_OK);
	relay_init(&r, q.id, 5, false, &sink, h);
	ck_assert_int_eq(send_str(q.id, 5, "held back"), SW_OK);
	ck_assert_int_eq(sw_msgq_relay_start(&r), SW_OK);
	while (__atomic_load_n(&h->state, __ATOMIC_ACQUIRE) != SW_MSGQ_HOLD_HELD) {
		usleep(1000);
	}
	sw_msgq_relay_stop(&r);
	ck_assert(sw_msgq_hold_pending(h, &data, &len));
	ck_assert_uint_eq(len, 9);
	ck_assert(memcmp(data, "held back", 9) == 0);
	ck_assert_int_eq(h->msg.mtype, 5);
	sw_msgq_hold_clear(h);
	ck_assert(!sw_msgq_hold_pending(h, &data, &len));
	sw_msgq_close(&q);
}
END_TEST

START_TEST(test_hold_survives_sigkill)
{
	sw_msgq_hold_t *h = new_hold();
	const char *data;
	size_t len;
	sw_msgq_t q;
	pid_t pid;
	int st;

	ck_assert_int_eq(sw_msgq_open(&q, 0), SW_OK);
	/* a killed process that was only waiting in msgrcv() holds nothing */
	pid = fork();
	if (pid == 0) {
		sw_msgq_relay_t r;
		sink_t sink = {.block = true};

		relay_init(&r, q.id, 2, false, &sink, h);
		sw_msgq_relay_start(&r);
		pause();
		_exit(0);
	}
	usleep(100000);
	ck_assert_int_eq(kill(pid, SIGKILL), 0);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(!sw_msgq_hold_pending(h, &data, &len));

	/* one killed after it took a message and before it delivered it: the message is in the hold */
	pid = fork();
	if (pid == 0) {
		sw_msgq_relay_t r;
		sink_t sink = {.block = true};

		relay_init(&r, q.id, 2, false, &sink, h);
		sw_msgq_relay_start(&r);
		pause();
		_exit(0);
	}
	ck_assert_int_eq(send_str(q.id, 2, "in flight"), SW_OK);
	while (__atomic_load_n(&h->state, __ATOMIC_ACQUIRE) != SW_MSGQ_HOLD_HELD) {
		usleep(1000);
	}
	ck_assert_int_eq(kill(pid, SIGKILL), 0);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFSIGNALED(st));
	ck_assert(sw_msgq_hold_pending(h, &data, &len));
	ck_assert_uint_eq(len, 9);
	ck_assert(memcmp(data, "in flight", 9) == 0);
	sw_msgq_close(&q);
}
END_TEST

static Suite *msgqueue_suite(void)
{
	Suite *s = suite_create("msgqueue");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_private_queue_created_and_removed);
	tcase_add_test(tc, test_key_found_is_not_removed);
	tcase_add_test(tc, test_full_queue_nowait_and_timeout);
	tcase_add_test(tc, test_kernel_limits);
	tcase_add_test(tc, test_relay_delivers_in_order_its_type_only);
	tcase_add_test(tc, test_gated_relay_takes_one_at_a_time);
	tcase_add_test(tc, test_stop_while_delivering_keeps_the_hold);
	tcase_add_test(tc, test_hold_survives_sigkill);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(msgqueue_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
