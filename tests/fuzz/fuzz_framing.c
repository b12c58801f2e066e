/*
 * Fuzzes the stream framing of the reactor threads (sw_frame_parse): EOF
 * framing with and without eof_split, and length framing with every pack()
 * length type, offsets and package_max_length.
 *
 * Input: 8 control bytes, the eof (EOF modes, eof_len bytes), then the stream.
 *   byte 0: mode (split EOF, EOF run, length), split style, whether the
 *           callback stops parsing after each frame (as a paused connection)
 *   byte 1: eof length, or the length type
 *   byte 2: length_offset;  byte 3: body_offset beyond the length field
 *   bytes 4-5: package_max_length;  bytes 6-7: seed of the split points
 *
 * The harness plays the caller: it keeps the partial frame and *scan_pos
 * between reads, as the reactor does. Checks (GUARANTEES.md 12):
 * - split EOF: every frame ends with the eof, holds no earlier one, fits
 *   max_length; length mode: every frame is body_offset + its length field
 *   and fits max_length; EOF run: every run ends with the eof;
 * - *scan_pos never points past the kept bytes; *need, when set, is more
 *   than what is kept;
 * - the frames (for runs: the bytes delivered), the error and the bytes left
 *   over are the same whether the stream arrives whole or in pieces.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem */
#endif
#include "sw_protocol.h"
#include "fuzz_common.h"

static const char length_types[] = "cCsSnNvVlLqQJP";

typedef struct {
	const sw_frame_config_t *c;
	fz_log_t *log;
	bool stop;
} ctx_t;

static int on_frame(void *arg, const char *frame, size_t len)
{
	ctx_t *x = arg;
	const sw_frame_config_t *c = x->c;

	FZ_CHECK(len > 0, "empty frame");
	if (c->mode == SW_FRAME_EOF) {
		FZ_CHECK(len >= c->eof_len && memcmp(frame + len - c->eof_len, c->eof, c->eof_len) == 0,
				"a frame of %zu bytes that does not end with the eof", len);
		if (c->eof_split) {
			FZ_CHECK(len <= c->max_length, "frame of %zu bytes over max_length %zu", len, c->max_length);
			FZ_CHECK(memmem(frame, len - 1, c->eof, c->eof_len) == NULL,
					"a split frame holds an earlier eof");
		}
	} else {
		int64_t field = sw_frame_read_length(c->length_type, frame + c->length_offset);

		FZ_CHECK(len <= c->max_length, "frame of %zu bytes over max_length %zu", len, c->max_length);
		FZ_CHECK(field >= 0 && (uint64_t) c->body_offset + (uint64_t) field == len,
				"frame of %zu bytes, header says %u + %lld", len, c->body_offset, (long long) field);
	}
	if (c->mode == SW_FRAME_EOF && !c->eof_split) {
		/* Runs depend on how reads fell: log only their bytes. */
		fz_log_put(x->log, frame, len);
	} else {
		fz_log_u64(x->log, 'F', len);
		fz_log_put(x->log, frame, len);
	}
	return x->stop;
}

static void run(const sw_frame_config_t *c, bool stop, const uint8_t *data, size_t len, const size_t *cuts,
		size_t ncuts, fz_log_t *log)
{
	ctx_t x = {c, log, stop};
	char *buf = malloc(len ? len : 1);
	size_t kept = 0, pos = 0, scan = 0, need = 0, k;
	int err = 0;

	for (k = 0; k < ncuts && err == 0; k++) {
		size_t n = cuts[k] - pos;
		char *view;

		memcpy(buf + kept, data + pos, n);
		kept += n;
		pos = cuts[k];
		for (;;) {
			ssize_t used;

			/* An exact-size copy, so that a read past the kept bytes is an ASan report. */
			view = malloc(kept ? kept : 1);
			memcpy(view, buf, kept);
			used = sw_frame_parse(c, view, kept, on_frame, &x, &scan, &need);
			free(view);
			if (used < 0) {
				err = sw_error_get();
				FZ_CHECK(err == SW_ERROR_PACKAGE_LENGTH_TOO_LARGE || err == SW_ERROR_PACKAGE_MALFORMED,
						"error %d", err);
				break;
			}
			FZ_CHECK((size_t) used <= kept, "consumed %zd of %zu bytes", used, kept);
			memmove(buf, buf + used, kept - (size_t) used);
			kept -= (size_t) used;
			FZ_CHECK(scan <= kept, "scan_pos %zu past the %zu kept bytes", scan, kept);
			FZ_CHECK(need == 0 || (c->mode == SW_FRAME_LENGTH && need > kept && need <= c->max_length),
					"need %zu with %zu bytes kept", need, kept);
			if (kept == 0) {
				scan = 0;
			}
			if (used == 0) {
				break;
			}
		}
	}
	fz_log_u64(log, 'E', (uint64_t) err);
	if (err == 0) {
		fz_log_u64(log, 'K', kept);
		fz_log_put(log, buf, kept);
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static size_t cuts[4096];
	sw_frame_config_t c;
	fz_log_t whole = {0}, split = {0};
	fz_rng_t rng;
	size_t ncuts, one;
	unsigned max16;
	bool stop;
	uint8_t c0;

	if (size < 8) {
		return 0;
	}
	memset(&c, 0, sizeof(c));
	c0 = data[0];
	stop = (c0 & 0x40) != 0;
	max16 = (unsigned) data[4] | (unsigned) data[5] << 8;
	rng.s = (uint32_t) data[6] | (uint32_t) data[7] << 8 | (uint32_t) size << 16;
	switch (c0 % 3) {
	case 0:
	case 1:
		c.mode = SW_FRAME_EOF;
		c.eof_split = c0 % 3 == 0;
		c.eof_len = (uint8_t) (1 + data[1] % SW_FRAME_EOF_MAX);
		if (size < 8u + c.eof_len) {
			return 0;
		}
		memcpy(c.eof, data + 8, c.eof_len);
		c.max_length = max16 < c.eof_len ? c.eof_len : max16;
		data += c.eof_len;
		size -= c.eof_len;
		break;
	default:
		c.mode = SW_FRAME_LENGTH;
		c.length_type = length_types[data[1] % (sizeof(length_types) - 1)];
		c.length_offset = data[2] % 16;
		c.body_offset = c.length_offset + (uint32_t) sw_frame_length_size(c.length_type) + data[3] % 8;
		c.max_length = c.body_offset + 1 + max16;
		break;
	}
	FZ_CHECK(sw_frame_config_check(&c, NULL, 0) == SW_OK, "the harness built an invalid configuration");
	data += 8;
	size -= 8;

	one = size;
	run(&c, stop, data, size, &one, 1, &whole);
	ncuts = fz_make_cuts(&rng, size, (c0 >> 3) % 3, cuts, sizeof(cuts) / sizeof(cuts[0]));
	run(&c, stop, data, size, cuts, ncuts, &split);
	fz_log_same(&whole, &split, "stream framing");
	fz_log_free(&whole);
	fz_log_free(&split);
	return 0;
}
