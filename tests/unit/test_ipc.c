/*
 * IPC chunking and reassembly over real SOCK_DGRAM socketpairs.
 *
 * Messages are pushed into an sw_ipc_outq_t on one end, read back with
 * sw_ipc_read_batch() on the other and fed to an sw_ipc_assembler_t; every
 * delivered message is compared byte by byte with what was pushed (each
 * payload is a position-dependent pseudo-random stream, so a lost, repeated
 * or reordered chunk shows up as a mismatch). Protocol errors are tested with
 * hand-built datagrams fed to the assembler directly.
 */
#define _GNU_SOURCE
#include <check.h>

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sw_ipc.h"
#include "sw_socket.h"

#define MAXP ((size_t) SW_IPC_MAX_PAYLOAD)
#define HDR sizeof(sw_ipc_header_t)
#define BIG_LIMIT (64u * 1024 * 1024)
/* A socket buffer small enough that a few large messages fill it. */
#define SMALL_SOCKBUF (256 * 1024)

/* ---- reference payloads ---- */

static inline uint32_t prng_next(uint32_t *s)
{
	uint32_t x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*s = x;
	return x;
}

static inline char pattern_byte(uint32_t seed, size_t i)
{
	uint32_t x = (uint32_t) i * 2654435761u ^ (seed * 40503u + 0x9e3779b9u);

	x ^= x >> 15;
	x *= 2246822519u;
	x ^= x >> 13;
	x += (uint32_t) (i >> 16) * 97u;
	return (char) (x >> 24);
}

static void fill_pattern(char *p, size_t n, uint32_t seed, size_t start)
{
	size_t i;

	for (i = 0; i < n; i++) {
		p[i] = pattern_byte(seed, start + i);
	}
}

/* Index of the first byte that differs from the stream, or (size_t) -1. */
static size_t pattern_mismatch(const char *p, size_t n, uint32_t seed, size_t start)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] != pattern_byte(seed, start + i)) {
			return i;
		}
	}
	return (size_t) -1;
}

/* ---- a channel with a writer queue, a reader and an assembler ---- */

typedef struct {
	size_t len;
	uint32_t seed;
	uint32_t session_id;
	uint16_t reactor_id;
	uint8_t type;
	int32_t worker_id;
} expect_t;

typedef struct {
	int fds[2];
	sw_ipc_outq_t q;          /* writes fds[0] */
	sw_ipc_assembler_t a;     /* fed from fds[1] */
	char *bufs;
	size_t lens[SW_IPC_BATCH];
	expect_t *exp;
	size_t exp_count, exp_cap, exp_next;
	uint64_t datagrams;
	int errors;               /* SW_ERR results from the assembler */
	int last_error;
	int again_seen;           /* flush returned SW_AGAIN */
} chan_t;

static void chan_init(chan_t *c, int sockbuf, size_t max_length)
{
	memset(c, 0, sizeof(*c));
	ck_assert_int_eq(sw_socketpair_dgram(c->fds, sockbuf), SW_OK);
	sw_ipc_outq_init(&c->q, c->fds[0]);
	sw_ipc_assembler_init(&c->a, max_length);
	c->bufs = malloc(SW_IPC_BATCH * SW_IPC_DGRAM_MAX);
	ck_assert_ptr_nonnull(c->bufs);
}

static void chan_free(chan_t *c)
{
	sw_ipc_outq_free(&c->q);
	sw_ipc_assembler_free(&c->a);
	free(c->bufs);
	free(c->exp);
	if (c->fds[0] >= 0) {
		close(c->fds[0]);
	}
	if (c->fds[1] >= 0) {
		close(c->fds[1]);
	}
}

static void fill_header(sw_ipc_header_t *h, uint32_t session, uint8_t type)
{
	memset(h, 0, sizeof(*h));
	h->session_id = session;
	h->type = type;
	h->reactor_id = (uint16_t) (session % 7);
	h->worker_id = (int32_t) (session % 5) - 1;
}

/* Pushes a message of len pattern bytes; expect says whether the reader must get it. */
static int chan_push_ex(chan_t *c, uint32_t session, uint8_t type, size_t len, uint32_t seed, bool expect)
{
	sw_ipc_header_t h;
	char *data = malloc(len ? len : 1);
	int rc;

	ck_assert_ptr_nonnull(data);
	fill_pattern(data, len, seed, 0);
	fill_header(&h, session, type);
	rc = sw_ipc_outq_push(&c->q, &h, data, len);
	/* The queue owns a copy (or the kernel does): scribble over ours. */
	memset(data, 0xee, len);
	free(data);
	if (rc == SW_OK && expect) {
		if (c->exp_count == c->exp_cap) {
			c->exp_cap = c->exp_cap ? c->exp_cap * 2 : 64;
			c->exp = realloc(c->exp, c->exp_cap * sizeof(*c->exp));
			ck_assert_ptr_nonnull(c->exp);
		}
		c->exp[c->exp_count].len = len;
		c->exp[c->exp_count].seed = seed;
		c->exp[c->exp_count].session_id = session;
		c->exp[c->exp_count].type = type;
		c->exp[c->exp_count].reactor_id = h.reactor_id;
		c->exp[c->exp_count].worker_id = h.worker_id;
		c->exp_count++;
	}
	return rc;
}

static int chan_push(chan_t *c, uint32_t session, size_t len, uint32_t seed)
{
	return chan_push_ex(c, session, SW_IPC_RECEIVE, len, seed, true);
}

static void verify_message(const expect_t *e, const sw_ipc_message_t *m, size_t index)
{
	size_t bad;

	ck_assert_msg(m->len == e->len, "message %zu: %zu bytes, expected %zu", index, m->len, e->len);
	ck_assert_uint_eq(m->hdr.total, e->len);
	ck_assert_uint_eq(m->hdr.len, e->len);
	ck_assert_uint_eq(m->hdr.flags, SW_IPC_FIRST | SW_IPC_LAST);
	ck_assert_uint_eq(m->hdr.session_id, e->session_id);
	ck_assert_uint_eq(m->hdr.type, e->type);
	ck_assert_uint_eq(m->hdr.reactor_id, e->reactor_id);
	ck_assert_int_eq(m->hdr.worker_id, e->worker_id);
	if (e->len > 0) {
		ck_assert_ptr_nonnull(m->data);
	}
	bad = pattern_mismatch(m->data, m->len, e->seed, 0);
	ck_assert_msg(bad == (size_t) -1, "message %zu (%zu bytes): byte %zu differs (0x%02x, expected 0x%02x)", index,
			e->len, bad, bad == (size_t) -1 ? 0 : (unsigned char) m->data[bad],
			bad == (size_t) -1 ? 0 : (unsigned char) pattern_byte(e->seed, bad));
}

/* Feeds one received datagram and checks whatever it completes. */
static void chan_feed(chan_t *c, const char *dgram, size_t n)
{
	sw_ipc_message_t m;
	sw_ipc_header_t h;
	int rc;

	memset(&m, 0, sizeof(m));
	rc = sw_ipc_assembler_feed(&c->a, dgram, n, &m);
	if (rc == SW_ERR) {
		c->errors++;
		c->last_error = sw_error_get();
		return;
	}
	if (rc == SW_AGAIN) {
		return;
	}
	ck_assert_int_eq(rc, SW_OK);
	ck_assert_msg(c->exp_next < c->exp_count, "message delivered that was never pushed");
	memcpy(&h, dgram, sizeof(h));
	if ((h.flags & (SW_IPC_FIRST | SW_IPC_LAST)) == (SW_IPC_FIRST | SW_IPC_LAST)) {
		/* Single datagram: delivered in place, no copy. */
		ck_assert_ptr_eq(m.data, dgram + HDR);
	}
	verify_message(&c->exp[c->exp_next], &m, c->exp_next);
	c->exp_next++;
}

/* Reads one batch of at most max datagrams and feeds them. Returns the count. */
static int chan_read(chan_t *c, int max)
{
	int n = sw_ipc_read_batch(c->fds[1], c->bufs, c->lens, max), i;

	ck_assert_int_ge(n, 0);
	ck_assert_int_le(n, max);
	for (i = 0; i < n; i++) {
		ck_assert_uint_ge(c->lens[i], HDR);
		ck_assert_uint_le(c->lens[i], SW_IPC_DGRAM_MAX);
		chan_feed(c, c->bufs + (size_t) i * SW_IPC_DGRAM_MAX, c->lens[i]);
	}
	c->datagrams += (uint64_t) n;
	return n;
}

/* Flushes and reads alternately until everything pushed has been delivered. */
static void chan_pump(chan_t *c)
{
	int64_t deadline = sw_time_ms() + 30000;

	for (;;) {
		int rc = sw_ipc_outq_flush(&c->q), n;

		ck_assert_msg(rc != SW_ERR, "flush failed: %s", sw_strerror(sw_error_get()));
		if (rc == SW_AGAIN) {
			c->again_seen++;
			ck_assert(!sw_ipc_outq_empty(&c->q));
		} else {
			ck_assert(sw_ipc_outq_empty(&c->q));
		}
		n = chan_read(c, SW_IPC_BATCH);
		if (rc == SW_OK && n == 0) {
			break;
		}
		ck_assert_msg(sw_time_ms() < deadline, "no progress");
	}
	ck_assert_uint_eq(c->q.pending, 0);
}

static void chan_assert_all_delivered(chan_t *c)
{
	ck_assert_uint_eq(c->exp_next, c->exp_count);
	ck_assert_int_eq(c->errors, 0);
	ck_assert_uint_eq(c->a.dropped, 0);
	ck_assert(!c->a.active);
}

/* Raw receive of one datagram; returns its size or -1 with errno. */
static ssize_t recv_one(int fd, char *buf, size_t cap)
{
	return recv(fd, buf, cap, MSG_DONTWAIT);
}

/* ---- wire format ---- */

START_TEST(test_header_layout)
{
	ck_assert_uint_eq(sizeof(sw_ipc_header_t), 24);
	ck_assert_uint_eq(offsetof(sw_ipc_header_t, len), 0);
	ck_assert_uint_eq(offsetof(sw_ipc_header_t, total), 4);
	ck_assert_uint_eq(offsetof(sw_ipc_header_t, session_id), 8);
	ck_assert_uint_eq(offsetof(sw_ipc_header_t, reactor_id), 12);
	ck_assert_uint_eq(offsetof(sw_ipc_header_t, type), 14);
	ck_assert_uint_eq(offsetof(sw_ipc_header_t, flags), 15);
	ck_assert_uint_eq(offsetof(sw_ipc_header_t, worker_id), 16);
	ck_assert_uint_eq(offsetof(sw_ipc_header_t, reserved), 20);
	ck_assert_uint_eq(SW_IPC_DGRAM_MAX, 24 + SW_IPC_MAX_PAYLOAD);
}
END_TEST

START_TEST(test_wire_single_datagram)
{
	chan_t c;
	sw_ipc_header_t h, got;
	char buf[256];
	ssize_t n;

	chan_init(&c, SW_IPC_SOCKET_BUFFER, BIG_LIMIT);
	memset(&h, 0, sizeof(h));
	h.session_id = 0xa1b2c3d4u;
	h.reactor_id = 0x1234;
	h.type = SW_IPC_SEND;
	h.worker_id = 17;
	/* Fields the push fills in are overwritten whatever the caller left there. */
	h.len = 999;
	h.total = 999;
	h.flags = 0xff;
	ck_assert_int_eq(sw_ipc_outq_push(&c.q, &h, "hello", 5), SW_OK);
	/* Small messages wait in the queue for a batched flush. */
	ck_assert_uint_eq(c.q.pending, 1);
	ck_assert(!sw_ipc_outq_empty(&c.q));
	ck_assert_int_eq(recv_one(c.fds[1], buf, sizeof(buf)), -1);
	ck_assert_int_eq(errno, EAGAIN);

	ck_assert_int_eq(sw_ipc_outq_flush(&c.q), SW_OK);
	ck_assert(sw_ipc_outq_empty(&c.q));
	n = recv_one(c.fds[1], buf, sizeof(buf));
	ck_assert_int_eq(n, 24 + 5);
	memcpy(&got, buf, sizeof(got));
	ck_assert_uint_eq(got.len, 5);
	ck_assert_uint_eq(got.total, 5);
	ck_assert_uint_eq(got.session_id, 0xa1b2c3d4u);
	ck_assert_uint_eq(got.reactor_id, 0x1234);
	ck_assert_uint_eq(got.type, SW_IPC_SEND);
	ck_assert_uint_eq(got.flags, SW_IPC_FIRST | SW_IPC_LAST);
	ck_assert_int_eq(got.worker_id, 17);
	ck_assert_mem_eq(buf + 24, "hello", 5);
	/* Exactly one datagram. */
	ck_assert_int_eq(recv_one(c.fds[1], buf, sizeof(buf)), -1);

	/* An empty message is one datagram with just the header. */
	ck_assert_int_eq(sw_ipc_outq_push(&c.q, &h, NULL, 0), SW_OK);
	ck_assert_int_eq(sw_ipc_outq_flush(&c.q), SW_OK);
	n = recv_one(c.fds[1], buf, sizeof(buf));
	ck_assert_int_eq(n, 24);
	memcpy(&got, buf, sizeof(got));
	ck_assert_uint_eq(got.len, 0);
	ck_assert_uint_eq(got.total, 0);
	ck_assert_uint_eq(got.flags, SW_IPC_FIRST | SW_IPC_LAST);
	chan_free(&c);
}
END_TEST

/* Reads every datagram of one message and checks the chunk headers and bytes. */
static void check_chunks(int fd, size_t len, uint32_t seed, uint32_t session, size_t expect_chunks)
{
	char *buf = malloc(SW_IPC_DGRAM_MAX + 1);
	size_t off = 0, k;

	ck_assert_ptr_nonnull(buf);
	for (k = 0; k < expect_chunks; k++) {
		sw_ipc_header_t h;
		ssize_t n = recv_one(fd, buf, SW_IPC_DGRAM_MAX + 1);
		size_t want = SW_MIN(len - off, MAXP);
		uint8_t flags = (k == 0 ? SW_IPC_FIRST : 0) | (k + 1 == expect_chunks ? SW_IPC_LAST : 0);

		ck_assert_int_eq(n, (ssize_t) (HDR + want));
		memcpy(&h, buf, sizeof(h));
		ck_assert_uint_eq(h.len, want);
		ck_assert_uint_eq(h.total, len);
		ck_assert_uint_eq(h.session_id, session);
		ck_assert_msg(h.flags == flags, "chunk %zu has flags %u, expected %u", k, h.flags, flags);
		ck_assert_uint_eq(pattern_mismatch(buf + HDR, want, seed, off), (size_t) -1);
		off += want;
	}
	ck_assert_uint_eq(off, len);
	free(buf);
}

static void check_socket_empty(int fd)
{
	char c;

	ck_assert_int_eq(recv_one(fd, &c, 1), -1);
	ck_assert_int_eq(errno, EAGAIN);
}

START_TEST(test_wire_chunk_boundaries)
{
	static const struct {
		size_t len;
		size_t chunks;
	} cases[] = {
		{MAXP - 1, 1},
		{MAXP, 1},
		{MAXP + 1, 2},
		{2 * MAXP, 2},
		{3 * MAXP + MAXP / 2, 4},
	};
	size_t k;

	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		chan_t c;

		chan_init(&c, SW_IPC_SOCKET_BUFFER, BIG_LIMIT);
		/* Queued path: something is queued ahead. */
		ck_assert_int_eq(chan_push(&c, 1, 3, 1), SW_OK);
		ck_assert_int_eq(chan_push(&c, 42, cases[k].len, 100 + (uint32_t) k), SW_OK);
		ck_assert_uint_eq(c.q.pending, 1 + cases[k].chunks);
		ck_assert_int_eq(sw_ipc_outq_flush(&c.q), SW_OK);
		check_chunks(c.fds[1], 3, 1, 1, 1);
		check_chunks(c.fds[1], cases[k].len, 100 + (uint32_t) k, 42, cases[k].chunks);
		check_socket_empty(c.fds[1]);

		/* Direct path: empty queue, large message straight to the socket. */
		ck_assert_int_eq(chan_push(&c, 43, cases[k].len, 200 + (uint32_t) k), SW_OK);
		ck_assert(sw_ipc_outq_empty(&c.q));
		check_chunks(c.fds[1], cases[k].len, 200 + (uint32_t) k, 43, cases[k].chunks);
		check_socket_empty(c.fds[1]);
		chan_free(&c);
	}
}
END_TEST

START_TEST(test_read_batch_limits)
{
	chan_t c;
	int i;

	chan_init(&c, SW_IPC_SOCKET_BUFFER, BIG_LIMIT);
	ck_assert_int_eq(sw_ipc_read_batch(c.fds[1], c.bufs, c.lens, SW_IPC_BATCH), 0);
	for (i = 0; i < 5; i++) {
		ck_assert_int_eq(chan_push(&c, (uint32_t) i, (size_t) i * 10, (uint32_t) i), SW_OK);
	}
	ck_assert_int_eq(sw_ipc_outq_flush(&c.q), SW_OK);
	ck_assert_int_eq(chan_read(&c, 2), 2);
	ck_assert_uint_eq(c.lens[0], HDR + 0);
	ck_assert_uint_eq(c.lens[1], HDR + 10);
	ck_assert_int_eq(chan_read(&c, 2), 2);
	ck_assert_int_eq(chan_read(&c, 2), 1);
	ck_assert_uint_eq(c.lens[0], HDR + 40);
	ck_assert_int_eq(chan_read(&c, 2), 0);
	chan_assert_all_delivered(&c);

	/* A bad descriptor is an error, not "nothing waiting". */
	ck_assert_int_eq(sw_ipc_read_batch(-1, c.bufs, c.lens, 4), SW_ERR);
	ck_assert_int_eq(sw_error_get(), EBADF);
	chan_free(&c);
}
END_TEST

/* ---- assembler over a real socket ---- */

START_TEST(test_roundtrip_sizes)
{
	static const size_t sizes[] = {
		0, 1, 2, 100, MAXP - 1, MAXP, MAXP + 1, 2 * MAXP - 1, 2 * MAXP, 3 * MAXP + MAXP / 2,
		8 * 1024 * 1024,
	};
	chan_t c;
	size_t k;
	uint32_t seed = 1;

	chan_init(&c, SW_IPC_SOCKET_BUFFER, BIG_LIMIT);
	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		/* Alone (direct path for large ones) ... */
		ck_assert_int_eq(chan_push(&c, (uint32_t) k + 1, sizes[k], seed++), SW_OK);
		chan_pump(&c);
		ck_assert_uint_eq(c.exp_next, c.exp_count);
		/* ... and queued behind a small message, then followed by one. */
		ck_assert_int_eq(chan_push(&c, 1000, 7, seed++), SW_OK);
		ck_assert_int_eq(chan_push(&c, (uint32_t) k + 1, sizes[k], seed++), SW_OK);
		ck_assert_int_eq(chan_push(&c, 1001, 0, seed++), SW_OK);
		chan_pump(&c);
		ck_assert_uint_eq(c.exp_next, c.exp_count);
	}
	chan_assert_all_delivered(&c);
	ck_assert_uint_eq(c.exp_count, 4 * (sizeof(sizes) / sizeof(sizes[0])));
	chan_free(&c);
}
END_TEST

/*
 * sw_ipc_outq_pushv: a message given as prefix + data (an HTTP request's
 * descriptor before its bytes) arrives as one message, byte-exact, wherever
 * the split falls relative to the datagram boundaries.
 */
START_TEST(test_pushv_prefix_split)
{
	static const size_t sizes[] = {1, 5, 24, MAXP - 1, MAXP, MAXP + 1, 3 * MAXP + 7};
	chan_t c;
	size_t k, j;
	uint32_t seed = 77;

	chan_init(&c, SW_IPC_SOCKET_BUFFER, BIG_LIMIT);
	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t len = sizes[k];
		size_t splits[] = {0, 1, 24, len / 2, len - 1, len, MAXP < len ? MAXP : len, MAXP + 1 < len ? MAXP + 1 : len};

		for (j = 0; j < sizeof(splits) / sizeof(splits[0]); j++) {
			size_t plen = splits[j];
			char *data = malloc(len);
			sw_ipc_header_t h;

			fill_pattern(data, len, seed, 0);
			fill_header(&h, (uint32_t) (k * 100 + j + 1), SW_IPC_RECEIVE);
			ck_assert_int_eq(sw_ipc_outq_pushv(&c.q, &h, data, plen, data + plen, len - plen), SW_OK);
			memset(data, 0xee, len);
			free(data);
			if (c.exp_count == c.exp_cap) {
				c.exp_cap = c.exp_cap ? c.exp_cap * 2 : 64;
				c.exp = realloc(c.exp, c.exp_cap * sizeof(*c.exp));
			}
			c.exp[c.exp_count] = (expect_t) {.len = len, .seed = seed, .session_id = h.session_id,
					.type = h.type, .reactor_id = h.reactor_id, .worker_id = h.worker_id};
			c.exp_count++;
			seed++;
			chan_pump(&c);
			ck_assert_uint_eq(c.exp_next, c.exp_count);
		}
	}
	chan_assert_all_delivered(&c);
	chan_free(&c);
}
END_TEST

/* The 8 MiB message again, through a socket that holds only a fraction of it. */
START_TEST(test_roundtrip_through_small_socket)
{
	chan_t c;

	chan_init(&c, SMALL_SOCKBUF, BIG_LIMIT);
	ck_assert_int_eq(chan_push(&c, 5, 8 * 1024 * 1024, 77), SW_OK);
	/* Part went out directly, the rest waits in the queue. */
	ck_assert(!sw_ipc_outq_empty(&c.q));
	ck_assert_int_eq(chan_push(&c, 6, 3 * MAXP + 5, 78), SW_OK);
	ck_assert_int_eq(chan_push(&c, 7, 1, 79), SW_OK);
	chan_pump(&c);
	ck_assert_int_gt(c.again_seen, 0);
	chan_assert_all_delivered(&c);
	ck_assert_uint_eq(c.exp_count, 3);
	chan_free(&c);
}
END_TEST

/* ---- out queue ---- */

START_TEST(test_direct_path_threshold)
{
	chan_t c;

	chan_init(&c, SW_IPC_SOCKET_BUFFER, BIG_LIMIT);
	/* Below the threshold: queued, nothing on the socket yet. */
	ck_assert_int_eq(chan_push(&c, 1, SW_IPC_DIRECT_MIN - 1, 1), SW_OK);
	ck_assert_uint_eq(c.q.pending, 1);
	ck_assert_int_eq(chan_read(&c, SW_IPC_BATCH), 0);
	chan_pump(&c);

	/* At the threshold with an empty queue: sent at once, nothing copied into the queue. */
	ck_assert_int_eq(chan_push(&c, 2, SW_IPC_DIRECT_MIN, 2), SW_OK);
	ck_assert(sw_ipc_outq_empty(&c.q));
	ck_assert_uint_eq(c.q.queue.length - c.q.queue.offset, 0);
	ck_assert_int_eq(chan_read(&c, SW_IPC_BATCH), 1);

	/* A multi-chunk message likewise. */
	ck_assert_int_eq(chan_push(&c, 3, 100 * 1024, 3), SW_OK);
	ck_assert(sw_ipc_outq_empty(&c.q));
	ck_assert_int_eq(chan_read(&c, SW_IPC_BATCH), 2);
	chan_assert_all_delivered(&c);
	ck_assert_uint_eq(c.exp_count, 3);
	chan_free(&c);
}
END_TEST

START_TEST(test_large_message_queued_behind)
{
	chan_t c;

	chan_init(&c, SW_IPC_SOCKET_BUFFER, BIG_LIMIT);
	ck_assert_int_eq(chan_push(&c, 1, 5, 1), SW_OK);
	ck_assert_uint_eq(c.q.pending, 1);
	/* Queue not empty: the large message must wait its turn, not overtake. */
	ck_assert_int_eq(chan_push(&c, 2, 100 * 1024, 2), SW_OK);
	ck_assert_uint_eq(c.q.pending, 3);
	ck_assert_int_eq(chan_read(&c, SW_IPC_BATCH), 0);
	ck_assert_int_eq(sw_ipc_outq_flush(&c.q), SW_OK);
	ck_assert_int_eq(chan_read(&c, SW_IPC_BATCH), 3);
	chan_assert_all_delivered(&c);
	chan_free(&c);
}
END_TEST

/* The socket fills: the direct send stops part-way and the queue carries on in order. */
START_TEST(test_direct_partial_when_socket_fills)
{
	chan_t c;
	size_t chunks = (1024 * 1024) / MAXP;

	chan_init(&c, SMALL_SOCKBUF, BIG_LIMIT);
	ck_assert_int_eq(chan_push(&c, 9, 1024 * 1024, 9), SW_OK);
	ck_assert_uint_gt(c.q.pending, 0);
	ck_assert_uint_lt(c.q.pending, chunks);
	/* More behind it, of every kind. */
	ck_assert_int_eq(chan_push(&c, 10, 3, 10), SW_OK);
	ck_assert_int_eq(chan_push(&c, 11, 200 * 1024, 11), SW_OK);
	ck_assert_int_eq(sw_ipc_outq_flush(&c.q), SW_AGAIN);
	ck_assert_uint_gt(c.q.pending, 0);
	chan_pump(&c);
	chan_assert_all_delivered(&c);
	ck_assert_uint_eq(c.exp_count, 3);
	chan_free(&c);
}
END_TEST

/* Many more messages than the socket holds, with flush and read interleaved. */
START_TEST(test_fill_socket_interleaved)
{
	chan_t c;
	uint32_t r = 0x12345678u;
	int i, again = 0;

	chan_init(&c, SMALL_SOCKBUF, BIG_LIMIT);
	/* Push without reading until the socket refuses more. */
	for (i = 0; i < 400; i++) {
		size_t len = prng_next(&r) % (3 * MAXP);
		int rc;

		ck_assert_int_eq(chan_push(&c, (uint32_t) i, len, (uint32_t) i), SW_OK);
		rc = sw_ipc_outq_flush(&c.q);
		ck_assert_int_ne(rc, SW_ERR);
		if (rc == SW_AGAIN) {
			again++;
		}
	}
	ck_assert_int_gt(again, 0);
	ck_assert(!sw_ipc_outq_empty(&c.q));
	/* Nothing was lost while the socket was full: drain a little at a time. */
	while (!sw_ipc_outq_empty(&c.q) || c.exp_next < c.exp_count) {
		int rc = sw_ipc_outq_flush(&c.q);

		ck_assert_int_ne(rc, SW_ERR);
		if (chan_read(&c, 1 + (int) (prng_next(&r) % SW_IPC_BATCH)) == 0 && rc == SW_OK) {
			break;
		}
	}
	chan_assert_all_delivered(&c);
	ck_assert_uint_eq(c.exp_count, 400);
	chan_free(&c);
}
END_TEST

static size_t random_size(uint32_t *r)
{
	uint32_t k = prng_next(r) % 100;

	if (k < 45) {
		return prng_next(r) % 257;
	}
	if (k < 65) {
		return SW_IPC_DIRECT_MIN - 64 + prng_next(r) % 128;
	}
	if (k < 85) {
		return MAXP - 2 + prng_next(r) % 5;
	}
	if (k < 97) {
		return prng_next(r) % (4 * MAXP);
	}
	return prng_next(r) % (1536 * 1024);
}

/* Random sizes with both send paths, random reads: order and bytes preserved. */
START_TEST(test_order_random_sizes)
{
	chan_t c;
	uint32_t r = 20240601u;
	int i, direct = 0, queued_large = 0;

	chan_init(&c, SMALL_SOCKBUF, BIG_LIMIT);
	for (i = 0; i < 1500; i++) {
		size_t len = random_size(&r);
		uint32_t pending_before;
		uint32_t action = prng_next(&r) % 4;

		if (action == 0) {
			/* Try to empty the queue first so the direct path gets its chance. */
			while (sw_ipc_outq_flush(&c.q) == SW_AGAIN) {
				chan_read(&c, SW_IPC_BATCH);
			}
		}
		pending_before = c.q.pending;
		ck_assert_int_eq(chan_push(&c, prng_next(&r), len, (uint32_t) i), SW_OK);
		if (len >= SW_IPC_DIRECT_MIN) {
			if (pending_before == 0 && sw_ipc_outq_empty(&c.q)) {
				direct++;
			} else if (pending_before > 0) {
				queued_large++;
				/* Everything went behind what was queued. */
				ck_assert_uint_ge(c.q.pending, pending_before + 1);
			}
		}
		if (action == 1) {
			ck_assert_int_ne(sw_ipc_outq_flush(&c.q), SW_ERR);
		}
		if (action >= 2) {
			chan_read(&c, 1 + (int) (prng_next(&r) % SW_IPC_BATCH));
		}
	}
	chan_pump(&c);
	chan_assert_all_delivered(&c);
	ck_assert_uint_eq(c.exp_count, 1500);
	ck_assert_int_gt(direct, 0);
	ck_assert_int_gt(queued_large, 0);
	chan_free(&c);
}
END_TEST

START_TEST(test_flush_wait_times_out)
{
	chan_t c;
	int64_t start, elapsed;
	int i;

	chan_init(&c, SMALL_SOCKBUF, BIG_LIMIT);
	for (i = 0; i < 64; i++) {
		ck_assert_int_eq(chan_push(&c, (uint32_t) i, MAXP, (uint32_t) i), SW_OK);
	}
	ck_assert(!sw_ipc_outq_empty(&c.q));

	/* Nobody reads: gives up after the timeout with ETIMEDOUT. */
	sw_error_set(0);
	start = sw_time_ms();
	ck_assert_int_eq(sw_ipc_outq_flush_wait(&c.q, 200), SW_AGAIN);
	elapsed = sw_time_ms() - start;
	ck_assert_int_eq(sw_error_get(), ETIMEDOUT);
	ck_assert_int_ge(elapsed, 190);
	ck_assert_int_lt(elapsed, 2000);
	ck_assert(!sw_ipc_outq_empty(&c.q));

	/* A zero timeout returns at once. */
	start = sw_time_ms();
	ck_assert_int_eq(sw_ipc_outq_flush_wait(&c.q, 0), SW_AGAIN);
	ck_assert_int_eq(sw_error_get(), ETIMEDOUT);
	ck_assert_int_lt(sw_time_ms() - start, 100);

	/* Nothing was lost by giving up. */
	chan_pump(&c);
	chan_assert_all_delivered(&c);
	ck_assert_uint_eq(c.exp_count, 64);
	/* With an empty queue it succeeds at once. */
	ck_assert_int_eq(sw_ipc_outq_flush_wait(&c.q, 0), SW_OK);
	chan_free(&c);
}
END_TEST

typedef struct {
	chan_t *c;
	volatile int stop;
} drain_arg_t;

static void *drain_socket(void *p)
{
	drain_arg_t *d = p;
	char *buf = malloc(SW_IPC_DGRAM_MAX);

	while (!d->stop) {
		struct pollfd pfd = {.fd = d->c->fds[1], .events = POLLIN};

		if (poll(&pfd, 1, 20) > 0) {
			/* Only counts; the main thread checks nothing here. */
			while (recv(d->c->fds[1], buf, SW_IPC_DGRAM_MAX, MSG_DONTWAIT) > 0) {
				__atomic_fetch_add(&d->c->datagrams, 1, __ATOMIC_RELAXED);
			}
		}
	}
	free(buf);
	return NULL;
}

/* flush_wait waits for the reader and then completes. */
START_TEST(test_flush_wait_completes_when_read)
{
	chan_t c;
	drain_arg_t d;
	pthread_t th;
	int i;

	chan_init(&c, SMALL_SOCKBUF, BIG_LIMIT);
	for (i = 0; i < 100; i++) {
		ck_assert_int_eq(chan_push_ex(&c, 1, SW_IPC_RECEIVE, MAXP, 1, false), SW_OK);
	}
	ck_assert(!sw_ipc_outq_empty(&c.q));
	d.c = &c;
	d.stop = 0;
	ck_assert_int_eq(pthread_create(&th, NULL, drain_socket, &d), 0);
	ck_assert_int_eq(sw_ipc_outq_flush_wait(&c.q, 10000), SW_OK);
	ck_assert(sw_ipc_outq_empty(&c.q));
	/* After a burst the queue keeps a bounded amount of memory. */
	ck_assert_uint_le(c.q.queue.capacity, SW_IPC_QUEUE_KEEP);
	while (__atomic_load_n(&c.datagrams, __ATOMIC_RELAXED) < 100) {
		usleep(1000);
	}
	d.stop = 1;
	ck_assert_int_eq(pthread_join(th, NULL), 0);
	ck_assert_uint_eq(c.datagrams, 100);
	chan_free(&c);
}
END_TEST

START_TEST(test_flush_error_when_peer_gone)
{
	chan_t c;

	chan_init(&c, SW_IPC_SOCKET_BUFFER, BIG_LIMIT);
	ck_assert_int_eq(chan_push_ex(&c, 1, SW_IPC_RECEIVE, 10, 1, false), SW_OK);
	close(c.fds[1]);
	c.fds[1] = -1;
	sw_error_set(0);
	ck_assert_int_eq(sw_ipc_outq_flush(&c.q), SW_ERR);
	ck_assert_int_gt(sw_error_get(), 0);
	ck_assert_int_lt(sw_error_get(), 1000);
	/* A large message cannot go directly either; it is queued and the flush reports the error. */
	sw_ipc_outq_free(&c.q);
	sw_ipc_outq_init(&c.q, c.fds[0]);
	ck_assert_int_eq(chan_push_ex(&c, 1, SW_IPC_RECEIVE, 100 * 1024, 1, false), SW_OK);
	ck_assert(!sw_ipc_outq_empty(&c.q));
	ck_assert_int_eq(sw_ipc_outq_flush_wait(&c.q, 1000), SW_ERR);
	chan_free(&c);
}
END_TEST

START_TEST(test_push_too_large)
{
	sw_ipc_outq_t q;
	sw_ipc_header_t h;
	char byte = 0;

	sw_ipc_outq_init(&q, -1);
	fill_header(&h, 1, SW_IPC_SEND);
	ck_assert_int_eq(sw_ipc_outq_push(&q, &h, &byte, (size_t) UINT32_MAX + 1), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_DATA_LENGTH_TOO_LARGE);
	ck_assert(sw_ipc_outq_empty(&q));
	sw_ipc_outq_free(&q);
}
END_TEST

/* ---- assembler with hand-built datagrams ---- */

typedef struct {
	char data[HDR + 4 * 1024];
	size_t n;
} dgram_t;

/* Builds a datagram whose payload is bytes [off, off + len) of the stream `seed`. */
static void build(dgram_t *d, uint32_t session, uint8_t type, uint8_t flags, uint32_t total, size_t off, size_t len,
		uint32_t seed)
{
	sw_ipc_header_t h;

	ck_assert_uint_le(len, sizeof(d->data) - HDR);
	fill_header(&h, session, type);
	h.len = (uint32_t) len;
	h.total = total;
	h.flags = flags;
	memcpy(d->data, &h, sizeof(h));
	fill_pattern(d->data + HDR, len, seed, off);
	d->n = HDR + len;
}

static int feed(sw_ipc_assembler_t *a, const dgram_t *d, sw_ipc_message_t *m)
{
	memset(m, 0, sizeof(*m));
	sw_error_set(0);
	return sw_ipc_assembler_feed(a, d->data, d->n, m);
}

/* A three-chunk message of `total` bytes (chunks of 1000, 1000, rest) fed completely and checked. */
static void feed_good_message(sw_ipc_assembler_t *a, uint32_t session, uint32_t total, uint32_t seed)
{
	dgram_t d;
	sw_ipc_message_t m;

	ck_assert_uint_gt(total, 2000);
	build(&d, session, SW_IPC_RECEIVE, SW_IPC_FIRST, total, 0, 1000, seed);
	ck_assert_int_eq(feed(a, &d, &m), SW_AGAIN);
	build(&d, session, SW_IPC_RECEIVE, 0, total, 1000, 1000, seed);
	ck_assert_int_eq(feed(a, &d, &m), SW_AGAIN);
	build(&d, session, SW_IPC_RECEIVE, SW_IPC_LAST, total, 2000, total - 2000, seed);
	ck_assert_int_eq(feed(a, &d, &m), SW_OK);
	ck_assert_uint_eq(m.len, total);
	ck_assert_uint_eq(m.hdr.len, total);
	ck_assert_uint_eq(m.hdr.total, total);
	ck_assert_uint_eq(m.hdr.session_id, session);
	ck_assert_uint_eq(m.hdr.flags, SW_IPC_FIRST | SW_IPC_LAST);
	ck_assert_uint_eq(pattern_mismatch(m.data, m.len, seed, 0), (size_t) -1);
	ck_assert(!a->active);
}

static void feed_good_single(sw_ipc_assembler_t *a, uint32_t session, size_t len, uint32_t seed)
{
	dgram_t d;
	sw_ipc_message_t m;

	build(&d, session, SW_IPC_CONNECT, SW_IPC_FIRST | SW_IPC_LAST, (uint32_t) len, 0, len, seed);
	ck_assert_int_eq(feed(a, &d, &m), SW_OK);
	ck_assert_ptr_eq(m.data, d.data + HDR);
	ck_assert_uint_eq(m.len, len);
	ck_assert_uint_eq(m.hdr.session_id, session);
	ck_assert_uint_eq(m.hdr.type, SW_IPC_CONNECT);
	ck_assert_uint_eq(pattern_mismatch(m.data, m.len, seed, 0), (size_t) -1);
}

START_TEST(test_single_datagram_zero_copy)
{
	sw_ipc_assembler_t a;

	sw_ipc_assembler_init(&a, 1 << 20);
	feed_good_single(&a, 1, 0, 1);
	feed_good_single(&a, 2, 1, 2);
	feed_good_single(&a, 3, 4000, 3);
	ck_assert(!a.active);
	ck_assert_uint_eq(a.dropped, 0);
	/* Nothing was buffered for them. */
	ck_assert_uint_eq(a.buf.length, 0);
	sw_ipc_assembler_free(&a);
}
END_TEST

START_TEST(test_truncated_header)
{
	sw_ipc_assembler_t a;
	sw_ipc_message_t m;
	dgram_t d;
	size_t n;

	sw_ipc_assembler_init(&a, 1 << 20);
	build(&d, 1, SW_IPC_RECEIVE, SW_IPC_FIRST | SW_IPC_LAST, 10, 0, 10, 1);
	for (n = 0; n < HDR; n++) {
		sw_error_set(0);
		ck_assert_int_eq(sw_ipc_assembler_feed(&a, d.data, n, &m), SW_ERR);
		ck_assert_int_eq(sw_error_get(), SW_ERROR_IPC_PROTOCOL);
	}
	feed_good_single(&a, 2, 10, 2);

	/* In the middle of a message: the partial message is dropped. */
	build(&d, 3, SW_IPC_RECEIVE, SW_IPC_FIRST, 3000, 0, 1000, 3);
	ck_assert_int_eq(feed(&a, &d, &m), SW_AGAIN);
	ck_assert(a.active);
	ck_assert_int_eq(sw_ipc_assembler_feed(&a, d.data, 7, &m), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_IPC_PROTOCOL);
	ck_assert(!a.active);
	ck_assert_uint_eq(a.dropped, 1);
	feed_good_message(&a, 4, 5000, 4);
	sw_ipc_assembler_free(&a);
}
END_TEST

START_TEST(test_len_mismatch)
{
	sw_ipc_assembler_t a;
	sw_ipc_message_t m;
	dgram_t d;
	sw_ipc_header_t h;

	sw_ipc_assembler_init(&a, 1 << 20);
	/* The datagram is one byte shorter / longer than its header says. */
	build(&d, 1, SW_IPC_RECEIVE, SW_IPC_FIRST | SW_IPC_LAST, 100, 0, 100, 1);
	ck_assert_int_eq(sw_ipc_assembler_feed(&a, d.data, d.n - 1, &m), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_IPC_PROTOCOL);
	ck_assert_int_eq(sw_ipc_assembler_feed(&a, d.data, d.n + 1, &m), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_IPC_PROTOCOL);

	/* A chunk longer than the whole message. */
	build(&d, 1, SW_IPC_RECEIVE, SW_IPC_FIRST, 50, 0, 100, 1);
	ck_assert_int_eq(feed(&a, &d, &m), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_IPC_PROTOCOL);

	/* A single datagram whose total is not its length. */
	build(&d, 1, SW_IPC_RECEIVE, SW_IPC_FIRST | SW_IPC_LAST, 200, 0, 100, 1);
	ck_assert_int_eq(feed(&a, &d, &m), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_IPC_PROTOCOL);

	/* A payload larger than any datagram may carry. */
	{
		char *big = calloc(1, HDR + MAXP + 1);

		ck_assert_ptr_nonnull(big);
		memset(&h, 0, sizeof(h));
		h.len = (uint32_t) MAXP + 1;
		h.total = (uint32_t) MAXP * 4;
		h.flags = SW_IPC_FIRST;
		memcpy(big, &h, sizeof(h));
		sw_error_set(0);
		ck_assert_int_eq(sw_ipc_assembler_feed(&a, big, HDR + MAXP + 1, &m), SW_ERR);
		ck_assert_int_eq(sw_error_get(), SW_ERROR_IPC_PROTOCOL);
		free(big);
	}
	ck_assert(!a.active);
	feed_good_single(&a, 2, 100, 2);
	feed_good_message(&a, 3, 2500, 3);
	sw_ipc_assembler_free(&a);
}
END_TEST

START_TEST(test_middle_without_first)
{
	sw_ipc_assembler_t a;
	sw_ipc_message_t m;
	dgram_t d;

	sw_ipc_assembler_init(&a, 1 << 20);
	build(&d, 1, SW_IPC_RECEIVE, 0, 3000, 1000, 1000, 1);
	ck_assert_int_eq(feed(&a, &d, &m), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_IPC_PROTOCOL);
	ck_assert_uint_eq(a.dropped, 1);
	ck_assert(!a.active);

	/* A LAST with no FIRST is no better. */
	build(&d, 1, SW_IPC_RECEIVE, SW_IPC_LAST, 3000, 2000, 1000, 1);
	ck_assert_int_eq(feed(&a, &d, &m), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_IPC_PROTOCOL);
	ck_assert_uint_eq(a.dropped, 2);

	/* The next messages get through. */
	feed_good_single(&a, 2, 33, 2);
	feed_good_message(&a, 3, 3000, 3);
	ck_assert_uint_eq(a.dropped, 2);
	sw_ipc_assembler_free(&a);
}
END_TEST

START_TEST(test_first_while_active)
{
	sw_ipc_assembler_t a;
	sw_ipc_message_t m;
	dgram_t d;

	sw_ipc_assembler_init(&a, 1 << 20);
	/* A starts, then B starts: A is dropped, B completes intact. */
	build(&d, 1, SW_IPC_RECEIVE, SW_IPC_FIRST, 3000, 0, 1000, 1);
	ck_assert_int_eq(feed(&a, &d, &m), SW_AGAIN);
	build(&d, 2, SW_IPC_RECEIVE, SW_IPC_FIRST, 1500, 0, 1000, 2);
	ck_assert_int_eq(feed(&a, &d, &m), SW_AGAIN);
	ck_assert_uint_eq(a.dropped, 1);
	ck_assert(a.active);
	build(&d, 2, SW_IPC_RECEIVE, SW_IPC_LAST, 1500, 1000, 500, 2);
	ck_assert_int_eq(feed(&a, &d, &m), SW_OK);
	ck_assert_uint_eq(m.len, 1500);
	ck_assert_uint_eq(m.hdr.session_id, 2);
	ck_assert_uint_eq(pattern_mismatch(m.data, m.len, 2, 0), (size_t) -1);

	/* A starts, then a single-datagram message C: C is delivered, A dropped. */
	build(&d, 1, SW_IPC_RECEIVE, SW_IPC_FIRST, 3000, 0, 1000, 1);
	ck_assert_int_eq(feed(&a, &d, &m), SW_AGAIN);
	feed_good_single(&a, 3, 10, 3);
	ck_assert_uint_eq(a.dropped, 2);
	ck_assert(!a.active);
	/* A's tail now has nothing to continue. */
	build(&d, 1, SW_IPC_RECEIVE, SW_IPC_LAST, 3000, 1000, 2000, 1);
	ck_assert_int_eq(feed(&a, &d, &m), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_IPC_PROTOCOL);
	feed_good_message(&a, 4, 4000, 4);
	sw_ipc_assembler_free(&a);
}
END_TEST

/* Over max_length: refused once, its other chunks swallowed, the next message delivered. */
START_TEST(test_over_max_length_over_socket)
{
	chan_t c;

	chan_init(&c, SW_IPC_SOCKET_BUFFER, 100000);
	ck_assert_int_eq(chan_push_ex(&c, 1, SW_IPC_RECEIVE, 300000, 1, false), SW_OK);
	ck_assert_int_eq(chan_push(&c, 2, 10, 2), SW_OK);
	ck_assert_int_eq(chan_push(&c, 3, 70000, 3), SW_OK);
	/* Exactly at the limit is accepted. */
	ck_assert_int_eq(chan_push(&c, 4, 100000, 4), SW_OK);
	ck_assert_int_eq(chan_push_ex(&c, 5, SW_IPC_RECEIVE, 100001, 5, false), SW_OK);
	ck_assert_int_eq(chan_push(&c, 6, 1, 6), SW_OK);
	chan_pump(&c);
	ck_assert_int_eq(c.errors, 2);
	ck_assert_int_eq(c.last_error, SW_ERROR_PACKAGE_LENGTH_TOO_LARGE);
	ck_assert_uint_eq(c.exp_next, c.exp_count);
	ck_assert_uint_eq(c.exp_count, 4);
	ck_assert_uint_eq(c.a.dropped, 2);
	ck_assert(!c.a.active);
	ck_assert(!c.a.skipping);
	/* Refusing must not have buffered the refused message. */
	ck_assert_uint_le(c.a.buf.capacity, 2 * 100000);
	chan_free(&c);
}
END_TEST

START_TEST(test_over_max_length_error_once)
{
	sw_ipc_assembler_t a;
	sw_ipc_message_t m;
	dgram_t d;

	sw_ipc_assembler_init(&a, 3000);
	build(&d, 1, SW_IPC_RECEIVE, SW_IPC_FIRST, 5000, 0, 2000, 1);
	ck_assert_int_eq(feed(&a, &d, &m), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_PACKAGE_LENGTH_TOO_LARGE);
	ck_assert_uint_eq(a.dropped, 1);
	build(&d, 1, SW_IPC_RECEIVE, 0, 5000, 2000, 2000, 1);
	ck_assert_int_eq(feed(&a, &d, &m), SW_AGAIN);
	build(&d, 1, SW_IPC_RECEIVE, SW_IPC_LAST, 5000, 4000, 1000, 1);
	ck_assert_int_eq(feed(&a, &d, &m), SW_AGAIN);
	ck_assert_uint_eq(a.dropped, 1);
	/* Its LAST ended the swallowing: a stray chunk that looks like it is an error again. */
	ck_assert(!a.skipping);
	build(&d, 1, SW_IPC_RECEIVE, 0, 5000, 2000, 2000, 1);
	ck_assert_int_eq(feed(&a, &d, &m), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_IPC_PROTOCOL);
	ck_assert_uint_eq(a.dropped, 2);
	feed_good_single(&a, 2, 100, 2);
	/* Exactly at the limit. */
	feed_good_message(&a, 3, 3000, 3);

	/* A refused message interrupted by a new one: the new one is not swallowed. */
	build(&d, 4, SW_IPC_RECEIVE, SW_IPC_FIRST, 9000, 0, 2000, 4);
	ck_assert_int_eq(feed(&a, &d, &m), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_PACKAGE_LENGTH_TOO_LARGE);
	feed_good_message(&a, 4, 2001, 5);
	sw_ipc_assembler_free(&a);
}
END_TEST

/* The limit applies to every message, also one that fits in a single datagram. */
START_TEST(test_over_max_length_single_datagram)
{
	sw_ipc_assembler_t a;
	sw_ipc_message_t m;
	dgram_t d;

	sw_ipc_assembler_init(&a, 1000);
	build(&d, 1, SW_IPC_RECEIVE, SW_IPC_FIRST | SW_IPC_LAST, 1000, 0, 1000, 1);
	ck_assert_int_eq(feed(&a, &d, &m), SW_OK);
	build(&d, 1, SW_IPC_RECEIVE, SW_IPC_FIRST | SW_IPC_LAST, 3000, 0, 3000, 1);
	ck_assert_msg(feed(&a, &d, &m) == SW_ERR,
			"a 3000-byte single-datagram message passed an assembler with max_length 1000");
	ck_assert_int_eq(sw_error_get(), SW_ERROR_PACKAGE_LENGTH_TOO_LARGE);
	feed_good_single(&a, 2, 10, 2);
	sw_ipc_assembler_free(&a);
}
END_TEST

START_TEST(test_last_total_mismatch)
{
	sw_ipc_assembler_t a;
	sw_ipc_message_t m;
	dgram_t d;

	sw_ipc_assembler_init(&a, 1 << 20);
	/* The chunks add up to less than the total. */
	build(&d, 1, SW_IPC_RECEIVE, SW_IPC_FIRST, 3000, 0, 1000, 1);
	ck_assert_int_eq(feed(&a, &d, &m), SW_AGAIN);
	build(&d, 1, SW_IPC_RECEIVE, SW_IPC_LAST, 3000, 1000, 1500, 1);
	ck_assert_int_eq(feed(&a, &d, &m), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_IPC_PROTOCOL);
	ck_assert_uint_eq(a.dropped, 1);
	ck_assert(!a.active);
	feed_good_message(&a, 2, 3000, 2);

	/* The last chunk claims another total. */
	build(&d, 1, SW_IPC_RECEIVE, SW_IPC_FIRST, 3000, 0, 1000, 1);
	ck_assert_int_eq(feed(&a, &d, &m), SW_AGAIN);
	build(&d, 1, SW_IPC_RECEIVE, SW_IPC_LAST, 2000, 1000, 1000, 1);
	ck_assert_int_eq(feed(&a, &d, &m), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_IPC_PROTOCOL);
	ck_assert_uint_eq(a.dropped, 2);
	feed_good_message(&a, 3, 2100, 3);

	/* A middle chunk that would run past the total. */
	build(&d, 1, SW_IPC_RECEIVE, SW_IPC_FIRST, 2500, 0, 1500, 1);
	ck_assert_int_eq(feed(&a, &d, &m), SW_AGAIN);
	build(&d, 1, SW_IPC_RECEIVE, 0, 2500, 1500, 1500, 1);
	ck_assert_int_eq(feed(&a, &d, &m), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_IPC_PROTOCOL);
	ck_assert_uint_eq(a.dropped, 3);
	feed_good_message(&a, 4, 2600, 4);
	ck_assert_uint_eq(a.dropped, 3);
	sw_ipc_assembler_free(&a);
}
END_TEST

START_TEST(test_other_session_mid_message)
{
	sw_ipc_assembler_t a;
	sw_ipc_message_t m;
	dgram_t d;

	sw_ipc_assembler_init(&a, 1 << 20);
	build(&d, 1, SW_IPC_RECEIVE, SW_IPC_FIRST, 3000, 0, 1000, 1);
	ck_assert_int_eq(feed(&a, &d, &m), SW_AGAIN);
	build(&d, 2, SW_IPC_RECEIVE, 0, 3000, 1000, 1000, 1);
	ck_assert_int_eq(feed(&a, &d, &m), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_IPC_PROTOCOL);
	ck_assert_uint_ge(a.dropped, 1);
	ck_assert(!a.active);
	feed_good_message(&a, 3, 3000, 3);

	/* Same session, another type: not the same message either. */
	build(&d, 5, SW_IPC_RECEIVE, SW_IPC_FIRST, 3000, 0, 1000, 5);
	ck_assert_int_eq(feed(&a, &d, &m), SW_AGAIN);
	build(&d, 5, SW_IPC_CLOSE, SW_IPC_LAST, 3000, 1000, 2000, 5);
	ck_assert_int_eq(feed(&a, &d, &m), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_IPC_PROTOCOL);
	ck_assert(!a.active);
	feed_good_message(&a, 6, 2222, 6);
	sw_ipc_assembler_free(&a);
}
END_TEST

START_TEST(test_reset_drops_partial)
{
	sw_ipc_assembler_t a;
	sw_ipc_message_t m;
	dgram_t d;

	sw_ipc_assembler_init(&a, 1 << 20);
	sw_ipc_assembler_reset(&a);
	ck_assert_uint_eq(a.dropped, 0);
	build(&d, 1, SW_IPC_RECEIVE, SW_IPC_FIRST, 3000, 0, 1000, 1);
	ck_assert_int_eq(feed(&a, &d, &m), SW_AGAIN);
	sw_ipc_assembler_reset(&a);
	ck_assert_uint_eq(a.dropped, 1);
	ck_assert(!a.active);
	build(&d, 1, SW_IPC_RECEIVE, SW_IPC_LAST, 3000, 1000, 2000, 1);
	ck_assert_int_eq(feed(&a, &d, &m), SW_ERR);
	feed_good_message(&a, 2, 3000, 2);
	sw_ipc_assembler_free(&a);
}
END_TEST

/* Random garbage datagrams: never a crash, never an out-of-bounds result, recovery after. */
START_TEST(test_garbage_datagrams)
{
	sw_ipc_assembler_t a;
	dgram_t d;
	uint32_t r = 99;
	int i, ok = 0;

	sw_ipc_assembler_init(&a, 1 << 20);
	for (i = 0; i < 200000; i++) {
		sw_ipc_header_t h;
		sw_ipc_message_t m;
		size_t n = prng_next(&r) % 120;
		size_t k;
		int rc;

		for (k = 0; k < n; k++) {
			d.data[k] = (char) prng_next(&r);
		}
		/* Make plausible headers common enough to reach the deeper states. */
		if (n >= HDR && prng_next(&r) % 2) {
			memcpy(&h, d.data, sizeof(h));
			h.len = (uint32_t) (n - HDR);
			h.total = prng_next(&r) % 4 ? h.len + prng_next(&r) % 200 : prng_next(&r);
			h.session_id %= 3;
			h.type %= 2;
			h.flags %= 4;
			memcpy(d.data, &h, sizeof(h));
		}
		rc = sw_ipc_assembler_feed(&a, d.data, n, &m);
		ck_assert(rc == SW_OK || rc == SW_AGAIN || rc == SW_ERR);
		if (rc == SW_OK) {
			ok++;
			ck_assert_uint_eq(m.len, m.hdr.total);
			ck_assert_uint_le(m.len, 1 << 20);
			if (m.data == d.data + HDR) {
				ck_assert_uint_le(HDR + m.len, n);
			} else {
				ck_assert_ptr_eq(m.data, a.buf.data);
				ck_assert_uint_le(m.len, a.buf.length);
			}
		}
	}
	ck_assert_int_gt(ok, 0);
	sw_ipc_assembler_reset(&a);
	feed_good_single(&a, 1, 50, 1);
	feed_good_message(&a, 2, 2048 + 7, 2);
	sw_ipc_assembler_free(&a);
}
END_TEST

/* ---- fuzz: a writer thread against the reader, for two seconds ---- */

#define FUZZ_SECONDS 2
#define FUZZ_SEED 0x5eed1234u
#define FUZZ_END_TYPE 99

typedef struct {
	size_t len;
	uint32_t session;
	uint32_t seed;
} fuzz_msg_t;

/* Both sides draw the same sequence of messages from the same generator. */
static void fuzz_next(uint32_t *r, fuzz_msg_t *msg)
{
	msg->len = random_size(r);
	msg->session = prng_next(r) % 1000;
	msg->seed = prng_next(r);
}

typedef struct {
	int fd;
	volatile int failed;
	char why[128];
	uint64_t sent;
} fuzz_writer_t;

static void *fuzz_writer(void *p)
{
	fuzz_writer_t *w = p;
	sw_ipc_outq_t q;
	uint32_t r = FUZZ_SEED, rr = ~FUZZ_SEED;
	int64_t end = sw_time_ms() + FUZZ_SECONDS * 1000;
	char *data = malloc(1536 * 1024);
	sw_ipc_header_t h;

	sw_ipc_outq_init(&q, w->fd);
	while (data != NULL && sw_time_ms() < end && !w->failed) {
		uint32_t burst = 1 + prng_next(&rr) % 16, i;
		int rc;

		for (i = 0; i < burst; i++) {
			fuzz_msg_t msg;

			fuzz_next(&r, &msg);
			fill_pattern(data, msg.len, msg.seed, 0);
			fill_header(&h, msg.session, SW_IPC_RECEIVE);
			if (sw_ipc_outq_push(&q, &h, data, msg.len) != SW_OK) {
				snprintf(w->why, sizeof(w->why), "push failed: %s", sw_strerror(sw_error_get()));
				w->failed = 1;
				break;
			}
			w->sent++;
		}
		/* Sometimes leave data queued so later pushes take the queued path. */
		if (prng_next(&rr) % 3 == 0) {
			rc = sw_ipc_outq_flush(&q);
		} else {
			rc = sw_ipc_outq_flush_wait(&q, 5000);
		}
		if (rc == SW_ERR) {
			snprintf(w->why, sizeof(w->why), "flush failed: %s", sw_strerror(sw_error_get()));
			w->failed = 1;
		}
	}
	fill_header(&h, 0, FUZZ_END_TYPE);
	if (!w->failed && (sw_ipc_outq_push(&q, &h, NULL, 0) != SW_OK || sw_ipc_outq_flush_wait(&q, 10000) != SW_OK)) {
		snprintf(w->why, sizeof(w->why), "final flush failed: %s", sw_strerror(sw_error_get()));
		w->failed = 1;
	}
	if (data == NULL) {
		snprintf(w->why, sizeof(w->why), "out of memory");
		w->failed = 1;
	}
	sw_ipc_outq_free(&q);
	free(data);
	return NULL;
}

START_TEST(test_fuzz_writer_thread)
{
	int fds[2];
	sw_ipc_assembler_t a;
	fuzz_writer_t w;
	pthread_t th;
	char *bufs = malloc(SW_IPC_BATCH * SW_IPC_DGRAM_MAX);
	size_t lens[SW_IPC_BATCH];
	uint32_t r = FUZZ_SEED, rr = 7;
	uint64_t received = 0;
	int done = 0;
	int64_t deadline = sw_time_ms() + (FUZZ_SECONDS + 20) * 1000;

	ck_assert_ptr_nonnull(bufs);
	ck_assert_int_eq(sw_socketpair_dgram(fds, SMALL_SOCKBUF), SW_OK);
	sw_ipc_assembler_init(&a, SW_DEFAULT_PACKAGE_MAX_LENGTH);
	memset(&w, 0, sizeof(w));
	w.fd = fds[0];
	ck_assert_int_eq(pthread_create(&th, NULL, fuzz_writer, &w), 0);

	while (!done) {
		struct pollfd pfd = {.fd = fds[1], .events = POLLIN};
		int n, i;

		ck_assert_msg(sw_time_ms() < deadline, "reader timed out after %llu messages", (unsigned long long) received);
		ck_assert_msg(!w.failed, "writer: %s", w.why);
		if (poll(&pfd, 1, 100) <= 0) {
			continue;
		}
		/* Vary how many datagrams each read takes. */
		n = sw_ipc_read_batch(fds[1], bufs, lens, 1 + (int) (prng_next(&rr) % SW_IPC_BATCH));
		ck_assert_int_ge(n, 0);
		for (i = 0; i < n && !done; i++) {
			sw_ipc_message_t m;
			fuzz_msg_t msg;
			size_t bad;
			int rc = sw_ipc_assembler_feed(&a, bufs + (size_t) i * SW_IPC_DGRAM_MAX, lens[i], &m);

			ck_assert_msg(rc != SW_ERR, "message %llu: %s", (unsigned long long) received,
					sw_strerror(sw_error_get()));
			if (rc == SW_AGAIN) {
				continue;
			}
			if (m.hdr.type == FUZZ_END_TYPE) {
				done = 1;
				break;
			}
			fuzz_next(&r, &msg);
			ck_assert_msg(m.len == msg.len, "message %llu: %zu bytes, expected %zu", (unsigned long long) received,
					m.len, msg.len);
			ck_assert_uint_eq(m.hdr.session_id, msg.session);
			bad = pattern_mismatch(m.data, m.len, msg.seed, 0);
			ck_assert_msg(bad == (size_t) -1, "message %llu (%zu bytes): byte %zu differs",
					(unsigned long long) received, m.len, bad);
			received++;
		}
	}
	ck_assert_int_eq(pthread_join(th, NULL), 0);
	ck_assert_msg(!w.failed, "writer: %s", w.why);
	ck_assert_uint_eq(received, w.sent);
	ck_assert_uint_gt(received, 200);
	ck_assert_uint_eq(a.dropped, 0);
	/* Nothing after the end marker. */
	ck_assert_int_eq(sw_ipc_read_batch(fds[1], bufs, lens, SW_IPC_BATCH), 0);
	sw_ipc_assembler_free(&a);
	free(bufs);
	close(fds[0]);
	close(fds[1]);
}
END_TEST

static Suite *ipc_suite(void)
{
	Suite *s = suite_create("ipc");
	TCase *wire = tcase_create("wire");
	TCase *asm_tc = tcase_create("assembler");
	TCase *outq = tcase_create("outq");
	TCase *fuzz = tcase_create("fuzz");

	tcase_set_timeout(wire, 30);
	tcase_add_test(wire, test_header_layout);
	tcase_add_test(wire, test_wire_single_datagram);
	tcase_add_test(wire, test_wire_chunk_boundaries);
	tcase_add_test(wire, test_read_batch_limits);
	suite_add_tcase(s, wire);

	tcase_set_timeout(asm_tc, 60);
	tcase_add_test(asm_tc, test_roundtrip_sizes);
	tcase_add_test(asm_tc, test_pushv_prefix_split);
	tcase_add_test(asm_tc, test_roundtrip_through_small_socket);
	tcase_add_test(asm_tc, test_single_datagram_zero_copy);
	tcase_add_test(asm_tc, test_truncated_header);
	tcase_add_test(asm_tc, test_len_mismatch);
	tcase_add_test(asm_tc, test_middle_without_first);
	tcase_add_test(asm_tc, test_first_while_active);
	tcase_add_test(asm_tc, test_over_max_length_over_socket);
	tcase_add_test(asm_tc, test_over_max_length_error_once);
	tcase_add_test(asm_tc, test_over_max_length_single_datagram);
	tcase_add_test(asm_tc, test_last_total_mismatch);
	tcase_add_test(asm_tc, test_other_session_mid_message);
	tcase_add_test(asm_tc, test_reset_drops_partial);
	tcase_add_test(asm_tc, test_garbage_datagrams);
	suite_add_tcase(s, asm_tc);

	tcase_set_timeout(outq, 60);
	tcase_add_test(outq, test_direct_path_threshold);
	tcase_add_test(outq, test_large_message_queued_behind);
	tcase_add_test(outq, test_direct_partial_when_socket_fills);
	tcase_add_test(outq, test_fill_socket_interleaved);
	tcase_add_test(outq, test_order_random_sizes);
	tcase_add_test(outq, test_flush_wait_times_out);
	tcase_add_test(outq, test_flush_wait_completes_when_read);
	tcase_add_test(outq, test_flush_error_when_peer_gone);
	tcase_add_test(outq, test_push_too_large);
	suite_add_tcase(s, outq);

	tcase_set_timeout(fuzz, 60);
	tcase_add_test(fuzz, test_fuzz_writer_thread);
	suite_add_tcase(s, fuzz);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ipc_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
