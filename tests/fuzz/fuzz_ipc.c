/*
 * Fuzzes the reassembly of chunked IPC messages (sw_ipc_assembler_feed), the
 * receiving end of every reactor <-> worker and worker <-> task worker
 * channel, against both garbage datagrams and real messages chunked by the
 * sending side (sw_ipc_outq_push) and then damaged on purpose.
 *
 * Input: 3 control bytes (package_max_length, chunk size), then operations:
 *   op & 1 == 0: a raw datagram (2 length bytes, then its bytes)
 *   op & 1 == 1: a message (2 length bytes, a session byte, a mutation
 *                byte, a target byte, then the payload), type op >> 4,
 *                mutation (op >> 1) & 7: 0-3 none, 4 drop one chunk,
 *                5 duplicate one chunk, 6 flip one bit of a header field
 *                (len, total, session, type, FIRST/LAST), 7 none
 *
 * Checks (GUARANTEES.md 9): every datagram is fed from an exact-size
 * allocation; a complete message always has len == total <= max_length; an
 * undamaged message arrives exactly once, byte for byte, with its session
 * and type, or, when it is over max_length, is refused with exactly one
 * SW_ERROR_PACKAGE_LENGTH_TOO_LARGE; a damaged message is never delivered
 * with other bytes than were sent (at most once; twice only when its single
 * datagram was duplicated) when the stream before it was clean, and never
 * disturbs the undamaged messages after it.
 */
#include "sw_ipc.h"
#include "fuzz_common.h"

#define MAX_CHUNKS 8192

typedef struct {
	int ok;
	int err;
	int err_too_large;
	int bad_payload;
	int last_ok_index;
} tally_t;

static size_t max_length;
/* Every byte of a message is read into it, so that ASan checks the whole span. */
static volatile unsigned sink;

static void feed(sw_ipc_assembler_t *a, const char *dgram, size_t n, const char *expect, size_t expect_len,
		const sw_ipc_header_t *expect_hdr, tally_t *t, int index)
{
	char *copy = malloc(n ? n : 1);
	sw_ipc_message_t out;
	int rc;

	memcpy(copy, dgram, n);
	rc = sw_ipc_assembler_feed(a, copy, n, &out);
	if (rc == SW_OK) {
		unsigned sum = 0;
		size_t i;

		FZ_CHECK(out.len == out.hdr.total && out.len == out.hdr.len, "message of %zu bytes, header len %u total %u",
				out.len, out.hdr.len, out.hdr.total);
		FZ_CHECK(out.len <= max_length, "message of %zu bytes over max_length %zu", out.len, max_length);
		FZ_CHECK((out.hdr.flags & (SW_IPC_FIRST | SW_IPC_LAST)) == (SW_IPC_FIRST | SW_IPC_LAST),
				"message flags 0x%x", out.hdr.flags);
		FZ_CHECK(out.len == 0 || out.data != NULL, "no data");
		for (i = 0; i < out.len; i++) {
			sum += (unsigned char) out.data[i];
		}
		sink = sum;
		t->ok++;
		t->last_ok_index = index;
		if (expect_hdr != NULL && (out.len != expect_len || (expect_len > 0 && memcmp(out.data, expect, expect_len)))) {
			t->bad_payload++;
		}
		if (expect_hdr != NULL && t->bad_payload == 0) {
			/* Only meaningful for undamaged messages; the caller decides. */
			if (out.hdr.session_id != expect_hdr->session_id || out.hdr.type != expect_hdr->type) {
				t->bad_payload += 1000;
			}
		}
	} else if (rc == SW_ERR) {
		t->err++;
		if (sw_error_get() == SW_ERROR_PACKAGE_LENGTH_TOO_LARGE) {
			t->err_too_large++;
		}
	} else {
		FZ_CHECK(rc == SW_AGAIN, "feed returned %d", rc);
	}
	free(copy);
}

static inline uint32_t take(const uint8_t **data, size_t *size, size_t n)
{
	uint32_t v = 0;
	size_t i;

	for (i = 0; i < n && *size > 0; i++) {
		v |= (uint32_t) **data << (8 * i);
		(*data)++;
		(*size)--;
	}
	return v;
}

/* Pushes one message through a sending queue and returns its datagrams (pointers into q). */
static size_t chunk_message(sw_ipc_outq_t *q, const sw_ipc_header_t *hdr, const uint8_t *payload, size_t len,
		const char **dgrams, size_t *lens)
{
	size_t off, n = 0;

	q->queue.offset = 0;
	q->queue.length = 0;
	q->pending = 0;
	FZ_CHECK(sw_ipc_outq_push(q, hdr, (const char *) payload, len) == SW_OK, "push failed");
	off = q->queue.offset;
	while (off < q->queue.length) {
		uint32_t dlen;

		memcpy(&dlen, q->queue.data + off, sizeof(dlen));
		FZ_CHECK(n < MAX_CHUNKS, "too many chunks");
		dgrams[n] = q->queue.data + off + sizeof(uint32_t);
		lens[n] = dlen;
		n++;
		off += (sizeof(uint32_t) + dlen + 7) & ~(size_t) 7;
	}
	FZ_CHECK(n == q->pending, "%zu datagrams found, %u queued", n, q->pending);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *dgrams[MAX_CHUNKS];
	static size_t lens[MAX_CHUNKS];
	static const size_t field_off[] = {0, 4, 8, 18, 19};
	static const size_t field_len[] = {4, 4, 4, 1, 1};
	sw_ipc_assembler_t a;
	sw_ipc_outq_t q;

	if (size < 3) {
		return 0;
	}
	max_length = take(&data, &size, 2);
	sw_ipc_assembler_init(&a, max_length);
	sw_ipc_outq_init(&q, -1);
	q.chunk_max = 1 + take(&data, &size, 1);

	/*
	 * Whether everything fed so far was undamaged messages. The assembler has
	 * no message sequence number: it relies on the channel being reliable and
	 * ordered (a socketpair, or a queue with one reader), and with that it
	 * detects any single lost, repeated or corrupted chunk. Two faults in a
	 * row (the last chunk of one message and the first of the next lost, both
	 * with the same session, type and total) splice two messages into one; no
	 * header check can see that. So a damaged message is held to "intact or
	 * not at all" only when the stream before it was clean.
	 */
	bool clean_before = true;

	while (size > 0) {
		uint8_t op = (uint8_t) take(&data, &size, 1);
		size_t len = take(&data, &size, 2);
		tally_t t = {0, 0, 0, 0, -1};

		if ((op & 1) == 0) {
			len = len < size ? len : size;
			feed(&a, (const char *) data, len, NULL, 0, NULL, &t, 0);
			data += len;
			size -= len;
			clean_before = false;
			continue;
		}
		{
			sw_ipc_header_t hdr = {0};
			unsigned mutation = (op >> 1) & 7;
			uint8_t session = (uint8_t) take(&data, &size, 1);
			uint8_t mbyte = (uint8_t) take(&data, &size, 1);
			uint8_t target = (uint8_t) take(&data, &size, 1);
			const uint8_t *payload = data;
			size_t n, i, victim;
			char *flipped = NULL;

			len %= 4096;
			len = len < size ? len : size;
			data += len;
			size -= len;
			hdr.type = (uint8_t) (op >> 4);
			hdr.session_id = session;
			hdr.worker_id = -1;
			n = chunk_message(&q, &hdr, payload, len, dgrams, lens);
			FZ_CHECK(n == (len == 0 ? 1 : (len + q.chunk_max - 1) / q.chunk_max), "%zu chunks for %zu bytes", n,
					len);
			victim = target % n;
			for (i = 0; i < n; i++) {
				if (mutation == 4 && i == victim) {
					continue;
				}
				if (mutation == 6 && i == victim) {
					unsigned f = mbyte % 5, bit = (mbyte >> 3) % (8 * field_len[f]);

					if (f == 4) {
						bit %= 2; /* FIRST or LAST */
					}
					flipped = malloc(lens[i]);
					memcpy(flipped, dgrams[i], lens[i]);
					flipped[field_off[f] + bit / 8] ^= (char) (1u << (bit % 8));
					feed(&a, flipped, lens[i], (const char *) payload, len, &hdr, &t, (int) i);
					free(flipped);
					continue;
				}
				feed(&a, dgrams[i], lens[i], (const char *) payload, len, &hdr, &t, (int) i);
				if (mutation == 5 && i == victim) {
					feed(&a, dgrams[i], lens[i], (const char *) payload, len, &hdr, &t, (int) i);
				}
			}
			if (mutation < 4 || mutation == 7) {
				if (len <= max_length) {
					FZ_CHECK(t.ok == 1 && t.err == 0 && t.bad_payload == 0 && t.last_ok_index == (int) n - 1,
							"message of %zu bytes in %zu chunks: %d deliveries, %d errors, %d bad", len, n, t.ok,
							t.err, t.bad_payload);
				} else {
					FZ_CHECK(t.ok == 0 && t.err == 1 && t.err_too_large == 1,
							"message of %zu bytes over max %zu: %d deliveries, %d errors", len, max_length, t.ok,
							t.err);
				}
				clean_before = true;
			} else if (clean_before) {
				int allowed = (mutation == 5 && n == 1) ? 2 : 1;

				clean_before = false;
				FZ_CHECK(t.ok <= allowed && t.bad_payload % 1000 == 0,
						"damaged message (mutation %u, chunk %zu of %zu): %d deliveries, %d with other bytes", mutation,
						victim, n, t.ok, t.bad_payload % 1000);
			} else {
				clean_before = false;
			}
		}
	}
	sw_ipc_outq_free(&q);
	sw_ipc_assembler_free(&a);
	return 0;
}
