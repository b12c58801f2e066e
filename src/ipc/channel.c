/*
 * IPC channel messages: chunking on the sending side, reassembly on the
 * receiving side, and batched datagram I/O with sendmmsg()/recvmmsg().
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "sw_ipc.h"
#include "sw_msgqueue.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>

/* Each queued datagram is stored as [uint32_t length][datagram], 8-byte aligned. */
#define SW_IPC_RECORD_ALIGN 8

static inline size_t record_size(size_t dgram_len)
{
	size_t n = sizeof(uint32_t) + dgram_len;
	return (n + SW_IPC_RECORD_ALIGN - 1) & ~(size_t) (SW_IPC_RECORD_ALIGN - 1);
}

void sw_ipc_assembler_init(sw_ipc_assembler_t *a, size_t max_length)
{
	sw_buffer_init(&a->buf);
	memset(&a->hdr, 0, sizeof(a->hdr));
	a->active = false;
	a->skipping = false;
	a->max_length = max_length;
	a->dropped = 0;
}

void sw_ipc_assembler_free(sw_ipc_assembler_t *a)
{
	sw_buffer_free(&a->buf);
	a->active = false;
}

void sw_ipc_assembler_reset(sw_ipc_assembler_t *a)
{
	if (a->active) {
		a->dropped++;
	}
	a->active = false;
	a->skipping = false;
	/* Keep a modest buffer for the next large message, give back the rest. */
	sw_buffer_reset(&a->buf, SW_IPC_MAX_PAYLOAD);
}

static int protocol_error(sw_ipc_assembler_t *a, int code)
{
	sw_ipc_assembler_reset(a);
	sw_error_set(code);
	return SW_ERR;
}

int sw_ipc_assembler_feed(sw_ipc_assembler_t *a, const char *dgram, size_t n, sw_ipc_message_t *out)
{
	sw_ipc_header_t hdr;
	const char *payload;

	if (n < sizeof(hdr)) {
		return protocol_error(a, SW_ERROR_IPC_PROTOCOL);
	}
	memcpy(&hdr, dgram, sizeof(hdr));
	payload = dgram + sizeof(hdr);
	if (hdr.len != n - sizeof(hdr) || hdr.len > hdr.total || hdr.len > SW_IPC_MAX_PAYLOAD) {
		return protocol_error(a, SW_ERROR_IPC_PROTOCOL);
	}

	if ((hdr.flags & (SW_IPC_FIRST | SW_IPC_LAST)) == (SW_IPC_FIRST | SW_IPC_LAST)) {
		if (hdr.len != hdr.total) {
			return protocol_error(a, SW_ERROR_IPC_PROTOCOL);
		}
		if (a->active || a->skipping) {
			/* The rest of the previous message will never come (its writer died). */
			sw_ipc_assembler_reset(a);
		}
		if (hdr.total > a->max_length) {
			a->dropped++;
			sw_error_set(SW_ERROR_PACKAGE_LENGTH_TOO_LARGE);
			return SW_ERR;
		}
		out->hdr = hdr;
		out->data = payload;
		out->len = hdr.len;
		return SW_OK;
	}

	if (hdr.flags & SW_IPC_FIRST) {
		if (a->active || a->skipping) {
			sw_ipc_assembler_reset(a);
		}
		if (hdr.total > a->max_length) {
			/* Refuse it once here and swallow its remaining chunks quietly. */
			a->dropped++;
			a->hdr = hdr;
			a->skipping = true;
			sw_error_set(SW_ERROR_PACKAGE_LENGTH_TOO_LARGE);
			return SW_ERR;
		}
		a->buf.offset = 0;
		a->buf.length = 0;
		if (sw_buffer_reserve(&a->buf, hdr.total) != SW_OK) {
			return protocol_error(a, SW_ERROR_MALLOC_FAIL);
		}
		sw_buffer_append(&a->buf, payload, hdr.len);
		a->hdr = hdr;
		a->active = true;
		return SW_AGAIN;
	}

	/* A middle or last chunk: it must continue the message being assembled. */
	if (a->skipping && hdr.session_id == a->hdr.session_id && hdr.total == a->hdr.total) {
		if (hdr.flags & SW_IPC_LAST) {
			a->skipping = false;
		}
		return SW_AGAIN;
	}
	if (!a->active) {
		a->dropped++;
		sw_error_set(SW_ERROR_IPC_PROTOCOL);
		return SW_ERR;
	}
	if (hdr.session_id != a->hdr.session_id || hdr.type != a->hdr.type || hdr.total != a->hdr.total ||
			a->buf.length + hdr.len > hdr.total) {
		return protocol_error(a, SW_ERROR_IPC_PROTOCOL);
	}
	sw_buffer_append(&a->buf, payload, hdr.len);
	if (!(hdr.flags & SW_IPC_LAST)) {
		return SW_AGAIN;
	}
	if (a->buf.length != hdr.total) {
		return protocol_error(a, SW_ERROR_IPC_PROTOCOL);
	}
	a->active = false;
	out->hdr = a->hdr;
	out->hdr.flags = SW_IPC_FIRST | SW_IPC_LAST;
	out->hdr.len = hdr.total;
	out->data = a->buf.data;
	out->len = a->buf.length;
	return SW_OK;
}

void sw_ipc_outq_init(sw_ipc_outq_t *q, int fd)
{
	q->fd = fd;
	sw_buffer_init(&q->queue);
	q->pending = 0;
	q->chunk_max = SW_IPC_MAX_PAYLOAD;
	q->msgq = -1;
	q->mtype = 0;
	q->scratch = NULL;
	q->loopback = NULL;
	q->loopback_ctx = NULL;
	sw_buffer_init(&q->spare);
}

void sw_ipc_outq_use_loopback(sw_ipc_outq_t *q, void (*fn)(void *ctx, const char *dgram, size_t len), void *ctx)
{
	q->loopback = fn;
	q->loopback_ctx = ctx;
}

/*
 * Loopback: the datagrams go to the consumer in order. The queue is taken
 * over first, since the consumer may queue more (into this queue too): the
 * two buffers take turns, so a steady flow allocates nothing.
 */
static int flush_loopback(sw_ipc_outq_t *q)
{
	while (q->pending > 0) {
		sw_buffer_t batch = q->queue;
		size_t off = batch.offset;

		q->queue = q->spare;
		q->queue.offset = q->queue.length = 0;
		sw_buffer_init(&q->spare);
		q->pending = 0;
		while (off < batch.length) {
			uint32_t dlen;

			memcpy(&dlen, batch.data + off, sizeof(dlen));
			q->loopback(q->loopback_ctx, batch.data + off + sizeof(uint32_t), dlen);
			off += record_size(dlen);
		}
		if (batch.capacity > SW_IPC_QUEUE_KEEP) {
			sw_buffer_free(&batch);
		} else {
			batch.offset = batch.length = 0;
			if (q->spare.data != NULL) {
				sw_buffer_free(&q->spare);
			}
			q->spare = batch;
		}
	}
	return SW_OK;
}

int sw_ipc_outq_use_msgq(sw_ipc_outq_t *q, int qid, long mtype, size_t msg_max)
{
	if (msg_max > SW_IPC_DGRAM_MAX) {
		msg_max = SW_IPC_DGRAM_MAX;
	}
	if (msg_max <= sizeof(sw_ipc_header_t)) {
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return SW_ERR;
	}
	q->scratch = malloc(sizeof(sw_msgq_msg_t) + msg_max);
	if (q->scratch == NULL) {
		sw_error_set(SW_ERROR_MALLOC_FAIL);
		return SW_ERR;
	}
	q->msgq = qid;
	q->mtype = mtype;
	q->chunk_max = (uint32_t) (msg_max - sizeof(sw_ipc_header_t));
	return SW_OK;
}

void sw_ipc_outq_free(sw_ipc_outq_t *q)
{
	sw_buffer_free(&q->queue);
	q->pending = 0;
	free(q->scratch);
	q->scratch = NULL;
	sw_buffer_free(&q->spare);
}

/*
 * Large messages go straight from the caller's memory when nothing is queued
 * before them: one copy (into the kernel) instead of two. Returns the bytes
 * of payload written; the rest must be queued.
 */
static size_t send_direct(sw_ipc_outq_t *q, sw_ipc_header_t *h, const char *data, size_t len)
{
	size_t done = 0;

	while (done < len) {
		size_t n = SW_MIN(len - done, (size_t) SW_IPC_MAX_PAYLOAD);
		struct iovec iov[2];
		struct msghdr mh;
		ssize_t rc;

		h->len = (uint32_t) n;
		h->flags = (done == 0 ? SW_IPC_FIRST : 0) | (done + n == len ? SW_IPC_LAST : 0);
		iov[0].iov_base = h;
		iov[0].iov_len = sizeof(*h);
		iov[1].iov_base = (void *) (data + done);
		iov[1].iov_len = n;
		memset(&mh, 0, sizeof(mh));
		mh.msg_iov = iov;
		mh.msg_iovlen = 2;
		rc = sendmsg(q->fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (rc < 0) {
			if (errno == EINTR) {
				continue;
			}
			break; /* full, or an error that the queued path will report */
		}
		done += n;
	}
	return done;
}

/* Copies bytes [off, off + n) of the message made of prefix then data. */
static void copy_span(char *dst, const char *prefix, size_t plen, const char *data, size_t off, size_t n)
{
	if (off < plen) {
		size_t k = SW_MIN(n, plen - off);

		memcpy(dst, prefix + off, k);
		dst += k;
		n -= k;
		off = plen;
	}
	if (n > 0) {
		memcpy(dst, data + (off - plen), n);
	}
}

int sw_ipc_outq_push(sw_ipc_outq_t *q, const sw_ipc_header_t *hdr, const char *data, size_t len)
{
	return sw_ipc_outq_pushv(q, hdr, NULL, 0, data, len);
}

int sw_ipc_outq_pushv(sw_ipc_outq_t *q, const sw_ipc_header_t *hdr, const void *prefix, size_t plen, const char *data,
		size_t dlen)
{
	sw_ipc_header_t h = *hdr;
	size_t done = 0, chunks, need, len = plen + dlen;

	if (len > UINT32_MAX) {
		sw_error_set(SW_ERROR_DATA_LENGTH_TOO_LARGE);
		return SW_ERR;
	}
	h.total = (uint32_t) len;
	if (plen == 0 && len >= SW_IPC_DIRECT_MIN && q->pending == 0 && q->msgq < 0 && q->loopback == NULL) {
		done = send_direct(q, &h, data, len);
		if (done == len) {
			return SW_OK;
		}
	}
	chunks = len - done == 0 ? 1 : (len - done + q->chunk_max - 1) / q->chunk_max;
	need = chunks * record_size(sizeof(h) + q->chunk_max);
	if (chunks == 1) {
		need = record_size(sizeof(h) + len - done);
	}
	if (sw_buffer_reserve(&q->queue, need) != SW_OK) {
		return SW_ERR;
	}
	do {
		size_t n = SW_MIN(len - done, (size_t) q->chunk_max);
		char *rec = q->queue.data + q->queue.length;
		uint32_t dlen = (uint32_t) (sizeof(h) + n);

		h.len = (uint32_t) n;
		h.flags = (done == 0 ? SW_IPC_FIRST : 0) | (done + n == len ? SW_IPC_LAST : 0);
		memcpy(rec, &dlen, sizeof(dlen));
		memcpy(rec + sizeof(uint32_t), &h, sizeof(h));
		if (n > 0) {
			copy_span(rec + sizeof(uint32_t) + sizeof(h), prefix, plen, data, done, n);
		}
		q->queue.length += record_size(dlen);
		q->pending++;
		done += n;
	} while (done < len);
	return SW_OK;
}

/* ipc_mode 2: one msgsnd() per datagram, never waiting. */
static int flush_msgq(sw_ipc_outq_t *q)
{
	sw_msgq_msg_t *m = q->scratch;

	while (q->pending > 0) {
		uint32_t dlen;
		int rc;

		memcpy(&dlen, q->queue.data + q->queue.offset, sizeof(dlen));
		m->mtype = q->mtype;
		memcpy(m->data, q->queue.data + q->queue.offset + sizeof(uint32_t), dlen);
		rc = sw_msgq_send(q->msgq, m, dlen, 0);
		if (rc != SW_OK) {
			return rc;
		}
		sw_buffer_consume(&q->queue, record_size(dlen));
		q->pending--;
	}
	if (q->queue.capacity > SW_IPC_QUEUE_KEEP) {
		sw_buffer_reset(&q->queue, SW_IPC_QUEUE_KEEP);
	}
	return SW_OK;
}

int sw_ipc_outq_flush(sw_ipc_outq_t *q)
{
	struct mmsghdr msgs[SW_IPC_BATCH];
	struct iovec iovs[SW_IPC_BATCH];

	if (q->loopback != NULL) {
		return flush_loopback(q);
	}
	if (q->msgq >= 0) {
		return flush_msgq(q);
	}
	while (q->pending > 0) {
		size_t off = q->queue.offset;
		int count = 0, sent, i;

		while (count < SW_IPC_BATCH && off < q->queue.length) {
			uint32_t dlen;

			memcpy(&dlen, q->queue.data + off, sizeof(dlen));
			iovs[count].iov_base = q->queue.data + off + sizeof(uint32_t);
			iovs[count].iov_len = dlen;
			memset(&msgs[count], 0, sizeof(msgs[count]));
			msgs[count].msg_hdr.msg_iov = &iovs[count];
			msgs[count].msg_hdr.msg_iovlen = 1;
			off += record_size(dlen);
			count++;
		}
		sent = sendmmsg(q->fd, msgs, (unsigned) count, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (sent < 0) {
			if (errno == EINTR) {
				continue;
			}
			if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) {
				return SW_AGAIN;
			}
			sw_error_set(errno);
			return SW_ERR;
		}
		for (i = 0; i < sent; i++) {
			sw_buffer_consume(&q->queue, record_size(iovs[i].iov_len));
		}
		q->pending -= (uint32_t) sent;
		if (sent < count) {
			return SW_AGAIN;
		}
	}
	/*
	 * Keep the capacity for the next burst (shrinking and regrowing costs
	 * page faults and TLB shootdowns), but not after a huge one.
	 */
	if (q->queue.capacity > SW_IPC_QUEUE_KEEP) {
		sw_buffer_reset(&q->queue, SW_IPC_QUEUE_KEEP);
	}
	return SW_OK;
}

int sw_ipc_outq_flush_wait(sw_ipc_outq_t *q, int timeout_ms)
{
	int64_t deadline = timeout_ms >= 0 ? sw_time_ms() + timeout_ms : -1;

	for (;;) {
		struct pollfd pfd = {.fd = q->fd, .events = POLLOUT};
		int rc = sw_ipc_outq_flush(q), wait_ms = -1;

		if (rc != SW_AGAIN) {
			return rc;
		}
		if (deadline >= 0) {
			wait_ms = (int) (deadline - sw_time_ms());
			if (wait_ms <= 0) {
				sw_error_set(ETIMEDOUT);
				return SW_AGAIN;
			}
		}
		if (q->msgq >= 0) {
			/* A queue cannot be polled: look again in a moment. */
			struct timespec ts = {.tv_sec = 0, .tv_nsec = 1000000L};

			nanosleep(&ts, NULL);
			continue;
		}
		if (poll(&pfd, 1, wait_ms) < 0 && errno != EINTR) {
			sw_error_set(errno);
			return SW_ERR;
		}
	}
}

int sw_ipc_read_batch(int fd, char *bufs, size_t *lens, int max)
{
	struct mmsghdr msgs[SW_IPC_BATCH];
	struct iovec iovs[SW_IPC_BATCH];
	int i, n;

	if (max > SW_IPC_BATCH) {
		max = SW_IPC_BATCH;
	}
	for (i = 0; i < max; i++) {
		iovs[i].iov_base = bufs + (size_t) i * SW_IPC_DGRAM_MAX;
		iovs[i].iov_len = SW_IPC_DGRAM_MAX;
		memset(&msgs[i], 0, sizeof(msgs[i]));
		msgs[i].msg_hdr.msg_iov = &iovs[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	for (;;) {
		n = recvmmsg(fd, msgs, (unsigned) max, MSG_DONTWAIT, NULL);
		if (n >= 0) {
			break;
		}
		if (errno == EINTR) {
			continue;
		}
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			return 0;
		}
		sw_error_set(errno);
		return SW_ERR;
	}
	for (i = 0; i < n; i++) {
		lens[i] = msgs[i].msg_len;
	}
	return n;
}
