/*
 * Stream framing (sw_protocol.h): streams of many frames, fed to a simulated
 * reactor caller cut at every split point, in random pieces down to single
 * bytes and whole, must come out frame for frame, byte for byte, in order;
 * bad lengths and oversized frames must fail without delivering anything
 * after the bad frame. Plus the length decoding per pack() type, the
 * configuration messages, and a check that a large EOF frame is not scanned
 * again on every read.
 */
#define _GNU_SOURCE
#include <check.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sw_protocol.h"

/*
 * check's ck_assert_* records a location on every successful call, which is
 * far too slow for per-byte loops: the hot paths below test with a plain if
 * and fail with ck_abort_msg.
 */
#define FAIL_IF(cond, ...)                                                                                             \
	do {                                                                                                               \
		if (sw_unlikely(cond)) {                                                                                       \
			ck_abort_msg(__VA_ARGS__);                                                                                 \
		}                                                                                                              \
	} while (0)

/* What the current fuzz run is, for failure messages. */
static char run_desc[192];

/* ---- deterministic random numbers (xorshift64*) ---- */

static uint64_t rng_state;

static void rng_seed(uint64_t seed)
{
	rng_state = seed * 0x9E3779B97F4A7C15ull + 1;
}

static uint32_t rng_next(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t) ((rng_state * 0x2545F4914F6CDD1Dull) >> 32);
}

static uint32_t rng_below(uint32_t n)
{
	return rng_next() % n;
}

/* ---- the reference stream: bytes and where each frame ends ---- */

typedef struct {
	char *data;
	size_t len;
	size_t cap;
	size_t *ends;     /* end offset of each complete frame */
	size_t nframes;
	size_t ends_cap;
	size_t good;      /* frames before the bad one (all of them when no error is expected) */
	int expect_error; /* error code the stream must end with, 0 for none */
} stream_t;

static void stream_init(stream_t *s)
{
	memset(s, 0, sizeof(*s));
}

static void stream_free(stream_t *s)
{
	free(s->data);
	free(s->ends);
	stream_init(s);
}

static void stream_append(stream_t *s, const void *p, size_t n)
{
	if (n == 0) {
		return;
	}
	if (s->len + n > s->cap) {
		s->cap = SW_MAX(s->cap * 2, s->len + n + 64);
		s->data = realloc(s->data, s->cap);
		ck_assert_ptr_nonnull(s->data);
	}
	memcpy(s->data + s->len, p, n);
	s->len += n;
}

static void stream_end_frame(stream_t *s)
{
	if (s->nframes == s->ends_cap) {
		s->ends_cap = s->ends_cap ? s->ends_cap * 2 : 32;
		s->ends = realloc(s->ends, s->ends_cap * sizeof(*s->ends));
		ck_assert_ptr_nonnull(s->ends);
	}
	s->ends[s->nframes++] = s->len;
	if (s->expect_error == 0) {
		s->good = s->nframes;
	}
}

/* Marks what follows as the bad part: frames added later must not arrive. */
static void stream_expect_error(stream_t *s, int code)
{
	s->good = s->nframes;
	s->expect_error = code;
}

static size_t stream_good_end(const stream_t *s)
{
	return s->good > 0 ? s->ends[s->good - 1] : 0;
}

/* ---- length fields, encoded independently of the code under test ---- */

static const char length_types[] = "cCsSnNvVlLqQJP";

static size_t type_size(char type)
{
	switch (type) {
	case 'c':
	case 'C':
		return 1;
	case 's':
	case 'S':
	case 'n':
	case 'v':
		return 2;
	case 'l':
	case 'L':
	case 'N':
	case 'V':
		return 4;
	default:
		return 8;
	}
}

static bool type_is_signed(char type)
{
	return type == 'c' || type == 's' || type == 'l' || type == 'q';
}

/* Big-endian per pack(): n N J explicitly, s S l L q Q when the host is. */
static bool type_is_big_endian(char type)
{
	if (type == 'n' || type == 'N' || type == 'J') {
		return true;
	}
	if (type == 'v' || type == 'V' || type == 'P' || type == 'c' || type == 'C') {
		return false;
	}
	return __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;
}

/* Largest valid length the field can carry: a length is an int64_t, whatever the type. */
static uint64_t type_max(char type)
{
	size_t bits = type_size(type) * 8 - (type_is_signed(type) ? 1 : 0);

	return bits >= 63 ? (uint64_t) INT64_MAX : (UINT64_C(1) << bits) - 1;
}

/* Writes the low type_size() bytes of value (two's complement for negatives). */
static void put_length(char type, uint64_t value, char *dst)
{
	size_t n = type_size(type);
	size_t i;

	for (i = 0; i < n; i++) {
		size_t shift = type_is_big_endian(type) ? (n - 1 - i) * 8 : i * 8;

		dst[i] = (char) (value >> shift);
	}
}

/* ---- stream builders ---- */

static void length_config(sw_frame_config_t *c, char type, uint32_t length_offset, uint32_t pad, size_t max_length)
{
	memset(c, 0, sizeof(*c));
	c->mode = SW_FRAME_LENGTH;
	c->length_type = type;
	c->length_offset = length_offset;
	c->body_offset = length_offset + (uint32_t) type_size(type) + pad;
	c->max_length = max_length;
}

/* A header (random filler around the field) announcing `length`, without the body. */
static void add_length_header(stream_t *s, const sw_frame_config_t *c, uint64_t length)
{
	char hdr[64];
	uint32_t i;

	ck_assert_uint_le(c->body_offset, sizeof(hdr));
	for (i = 0; i < c->body_offset; i++) {
		hdr[i] = (char) rng_next();
	}
	put_length(c->length_type, length, hdr + c->length_offset);
	stream_append(s, hdr, c->body_offset);
}

static void add_random_bytes(stream_t *s, size_t n)
{
	char chunk[256];

	while (n > 0) {
		size_t k = SW_MIN(n, sizeof(chunk));
		size_t i;

		for (i = 0; i < k; i++) {
			chunk[i] = (char) rng_next();
		}
		stream_append(s, chunk, k);
		n -= k;
	}
}

static void add_length_frame(stream_t *s, const sw_frame_config_t *c, size_t body_len)
{
	add_length_header(s, c, body_len);
	add_random_bytes(s, body_len);
	stream_end_frame(s);
}

/* Body sizes: many small, some empty, a few larger, none above cap. */
static size_t random_body_len(size_t index, uint64_t cap)
{
	size_t n;

	if (index % 7 == 3) {
		return 0;
	}
	n = rng_below(10) == 0 ? 100 + rng_below(200) : rng_below(40);
	return (uint64_t) n > cap ? (size_t) cap : n;
}

static void build_length_stream(stream_t *s, const sw_frame_config_t *c, size_t nframes)
{
	size_t i;

	for (i = 0; i < nframes; i++) {
		add_length_frame(s, c, random_body_len(i, type_max(c->length_type)));
	}
}

typedef struct {
	const char *bytes;
	uint8_t len;
} eof_def_t;

/*
 * 'x' is in none of them: the builder uses it to break an eof that the random
 * body would otherwise contain. Several repeat their own prefix, the case a
 * naive resume position gets wrong.
 */
static const eof_def_t eofs[] = {
	{"\n", 1},
	{"\r\n", 2},
	{"aa", 2},
	{"aab", 3},
	{"\r\n\r\n", 4},
	{"aaaaaaab", 8},
	{"\r\n\0end\r\n", 8},
};
#define EOF_COUNT (sizeof(eofs) / sizeof(eofs[0]))

static void eof_config(sw_frame_config_t *c, const eof_def_t *e, bool split, size_t max_length)
{
	memset(c, 0, sizeof(*c));
	c->mode = SW_FRAME_EOF;
	c->eof_split = split;
	c->eof_len = e->len;
	memcpy(c->eof, e->bytes, e->len);
	c->max_length = max_length;
}

/*
 * A random body that, followed by the eof, contains the eof only at its end:
 * otherwise the frame would legitimately end earlier. Bytes come from the
 * eof's own alphabet, whole eof prefixes and random bytes, so partial eofs
 * inside bodies and across read boundaries are common.
 */
static void make_eof_body(char *body, size_t n, const eof_def_t *e)
{
	size_t prefix_left = 0;
	size_t prefix_at = 0;
	size_t i;
	char tail[2 * SW_FRAME_EOF_MAX];
	size_t t;

	for (i = 0; i < n; i++) {
		if (prefix_left > 0) {
			body[i] = e->bytes[prefix_at++];
			prefix_left--;
		} else {
			switch (rng_below(6)) {
			case 0:
			case 1:
				body[i] = e->bytes[rng_below(e->len)];
				break;
			case 2:
				prefix_left = e->len > 1 ? rng_below(e->len - 1) : 0;
				prefix_at = 0;
				body[i] = e->bytes[prefix_at++];
				break;
			case 3:
				body[i] = 'x';
				break;
			default:
				body[i] = (char) rng_next();
				break;
			}
		}
		if (i + 1 >= e->len && memcmp(body + i + 1 - e->len, e->bytes, e->len) == 0) {
			body[i] = 'x';
			prefix_left = 0;
		}
	}
	/* An eof starting in the body's tail and ending inside the real one. */
	t = SW_MIN(n, (size_t) e->len - 1);
	memcpy(tail, body + n - t, t);
	memcpy(tail + t, e->bytes, e->len);
	if (t > 0 && memmem(tail, t + e->len, e->bytes, e->len) != tail + t) {
		body[n - 1] = 'x';
	}
}

static void add_eof_frame(stream_t *s, const eof_def_t *e, size_t body_len)
{
	char *body = malloc(body_len + 1);
	const char *frame;

	ck_assert_ptr_nonnull(body);
	make_eof_body(body, body_len, e);
	stream_append(s, body, body_len);
	stream_append(s, e->bytes, e->len);
	free(body);
	/* The builder's own guarantee, checked once: the first eof is the last bytes. */
	frame = s->data + (s->nframes ? s->ends[s->nframes - 1] : 0);
	ck_assert_ptr_eq(memmem(frame, body_len + e->len, e->bytes, e->len), frame + body_len);
	stream_end_frame(s);
}

static void build_eof_stream(stream_t *s, const eof_def_t *e, size_t nframes, size_t max_length)
{
	size_t i;

	for (i = 0; i < nframes; i++) {
		add_eof_frame(s, e, random_body_len(i, max_length - e->len));
	}
}

/* ---- the simulated caller: a reactor thread's per-connection buffer ---- */

typedef struct {
	const sw_frame_config_t *cfg;
	const stream_t *ref;
	char *buf;
	size_t len;
	size_t cap;
	size_t scan_pos;
	size_t delivered;  /* bytes of ref handed to the callback */
	size_t next_frame; /* index in ref->ends of the next frame expected */
	size_t calls;      /* callback invocations */
	unsigned stop_every; /* callback returns non-zero every n-th call; 0: never */
	bool stopped;
	int error;
} sim_t;

static void sim_init(sim_t *s, const sw_frame_config_t *cfg, const stream_t *ref, unsigned stop_every)
{
	memset(s, 0, sizeof(*s));
	s->cfg = cfg;
	s->ref = ref;
	s->stop_every = stop_every;
}

static void sim_free(sim_t *s)
{
	free(s->buf);
	s->buf = NULL;
}

/* Each delivery must be the next frame (split / length mode) or the next run of whole frames. */
static int sim_frame_cb(void *ctx, const char *frame, size_t len)
{
	sim_t *s = ctx;
	const stream_t *ref = s->ref;
	size_t end = s->delivered + len;
	bool run = s->cfg->mode == SW_FRAME_EOF && !s->cfg->eof_split;

	FAIL_IF(s->error != 0, "%s: delivery after an error", run_desc);
	FAIL_IF(len == 0, "%s: empty delivery", run_desc);
	FAIL_IF(s->next_frame >= ref->good, "%s: delivered %zu bytes beyond the last good frame", run_desc, len);
	FAIL_IF(end > ref->len, "%s: delivery runs past the stream", run_desc);
	FAIL_IF(memcmp(frame, ref->data + s->delivered, len) != 0, "%s: delivery at stream offset %zu differs",
			run_desc, s->delivered);
	if (run) {
		while (s->next_frame < ref->good && ref->ends[s->next_frame] < end) {
			s->next_frame++;
		}
		FAIL_IF(s->next_frame >= ref->good, "%s: run at %zu (%zu bytes) goes beyond the good frames", run_desc,
				s->delivered, len);
	}
	FAIL_IF(ref->ends[s->next_frame] != end, "%s: delivery at %zu is %zu bytes, frame %zu ends at %zu", run_desc,
			s->delivered, len, s->next_frame, ref->ends[s->next_frame]);
	s->next_frame++;
	s->delivered = end;
	s->calls++;
	if (s->stop_every != 0 && s->calls % s->stop_every == 0) {
		s->stopped = true;
		return 1;
	}
	return 0;
}

/* After a parse that was not stopped by the callback: *need and *scan_pos as documented. */
static void sim_check_state(const sim_t *s, size_t need, bool stopped)
{
	const sw_frame_config_t *c = s->cfg;

	FAIL_IF(s->scan_pos > s->len, "%s: scan_pos %zu beyond the %zu bytes kept", run_desc, s->scan_pos, s->len);
	if (c->mode == SW_FRAME_EOF) {
		/* A run is one delivery: there is nothing left for a stop to leave unsearched. */
		if (!c->eof_split) {
			stopped = false;
		}
		FAIL_IF(need != 0, "%s: need %zu in EOF mode", run_desc, need);
		/* Everything but a possible eof prefix at the end was searched: never again. */
		FAIL_IF(!stopped && s->len >= c->eof_len && s->scan_pos < s->len - (c->eof_len - 1),
				"%s: scan_pos %zu would rescan %zu kept bytes", run_desc, s->scan_pos, s->len);
		FAIL_IF(stopped && s->scan_pos != 0, "%s: scan_pos %zu after a stop", run_desc, s->scan_pos);
		return;
	}
	FAIL_IF(s->scan_pos != 0, "%s: scan_pos %zu outside EOF mode", run_desc, s->scan_pos);
	if (c->mode == SW_FRAME_LENGTH && !stopped && s->len >= c->length_offset + type_size(c->length_type)) {
		size_t expect;

		FAIL_IF(s->next_frame >= s->ref->good, "%s: waiting for a frame after the bad one", run_desc);
		expect = s->ref->ends[s->next_frame] - s->delivered;

		FAIL_IF(need != expect, "%s: need %zu, next frame is %zu bytes", run_desc, need, expect);
		FAIL_IF(need <= s->len, "%s: need %zu with %zu bytes kept", run_desc, need, s->len);
	} else {
		FAIL_IF(need != 0, "%s: need %zu with %zu bytes kept", run_desc, need, s->len);
	}
}

static void sim_append(sim_t *s, const char *p, size_t n)
{
	if (n == 0) {
		return;
	}
	if (s->len + n > s->cap) {
		s->cap = SW_MAX(s->cap * 2, s->len + n);
		s->buf = realloc(s->buf, s->cap);
		ck_assert_ptr_nonnull(s->buf);
	}
	memcpy(s->buf + s->len, p, n);
	s->len += n;
}

/* One read: append, parse until the callback stops no more, drop what was consumed. */
static void sim_feed(sim_t *s, const char *p, size_t n)
{
	if (s->error != 0) {
		return;
	}
	sim_append(s, p, n);
	for (;;) {
		size_t need = 12345;
		ssize_t r;
		bool stopped;

		s->stopped = false;
		r = sw_frame_parse(s->cfg, s->buf, s->len, sim_frame_cb, s, &s->scan_pos, &need);
		stopped = s->stopped;
		if (r < 0) {
			FAIL_IF(r != SW_ERR, "%s: parse returned %zd", run_desc, r);
			s->error = sw_error_get();
			FAIL_IF(need != 0 || s->scan_pos != 0, "%s: need/scan_pos not reset on error", run_desc);
			return;
		}
		FAIL_IF((size_t) r > s->len, "%s: consumed %zd of %zu bytes", run_desc, r, s->len);
		if (r > 0) {
			memmove(s->buf, s->buf + r, s->len - (size_t) r);
			s->len -= (size_t) r;
		}
		sim_check_state(s, need, stopped);
		if (!stopped) {
			return;
		}
	}
}

/* Every byte delivered exactly once, or the expected error after the good frames. */
static void sim_check_end(const sim_t *s)
{
	const stream_t *ref = s->ref;
	size_t good_end = stream_good_end(ref);

	FAIL_IF(s->error != ref->expect_error, "%s: ended with error %d, expected %d", run_desc, s->error,
			ref->expect_error);
	FAIL_IF(s->next_frame != ref->good, "%s: %zu frames delivered, expected %zu", run_desc, s->next_frame, ref->good);
	FAIL_IF(s->delivered != good_end, "%s: %zu bytes delivered, expected %zu", run_desc, s->delivered, good_end);
	if (ref->expect_error == 0) {
		FAIL_IF(s->len != ref->len - good_end, "%s: %zu bytes kept, expected %zu", run_desc, s->len,
				ref->len - good_end);
	}
}

/* Feeds the stream cut at the given increasing offsets (pieces may be empty). */
static void run_cuts(const sw_frame_config_t *c, const stream_t *ref, const size_t *cuts, size_t ncuts,
		unsigned stop_every)
{
	sim_t s;
	size_t at = 0;
	size_t i;

	sim_init(&s, c, ref, stop_every);
	for (i = 0; i <= ncuts; i++) {
		size_t to = i < ncuts ? cuts[i] : ref->len;

		sim_feed(&s, ref->data + at, to - at);
		at = to;
	}
	sim_check_end(&s);
	sim_free(&s);
}

static void run_random_pieces(const sw_frame_config_t *c, const stream_t *ref, size_t max_piece, unsigned stop_every)
{
	size_t *cuts = malloc((ref->len + 1) * sizeof(*cuts));
	size_t n = 0;
	size_t at = 0;

	ck_assert_ptr_nonnull(cuts);
	for (;;) {
		at += 1 + rng_below((uint32_t) max_piece);
		if (at >= ref->len) {
			break;
		}
		cuts[n++] = at;
	}
	run_cuts(c, ref, cuts, n, stop_every);
	free(cuts);
}

/* The whole battery for one configuration and stream. */
static void run_all_splits(const sw_frame_config_t *c, const stream_t *ref, const char *what)
{
	static const size_t pieces[] = {1, 2, 3, 7, 16, 64, 300};
	size_t k;
	size_t i;

	snprintf(run_desc, sizeof(run_desc), "%s, whole", what);
	run_cuts(c, ref, NULL, 0, 0);
	snprintf(run_desc, sizeof(run_desc), "%s, whole, stop every frame", what);
	run_cuts(c, ref, NULL, 0, 1);
	for (k = 0; k <= ref->len; k++) {
		snprintf(run_desc, sizeof(run_desc), "%s, split at %zu", what, k);
		run_cuts(c, ref, &k, 1, 0);
	}
	for (i = 0; i < 3 * sizeof(pieces) / sizeof(pieces[0]); i++) {
		size_t max_piece = pieces[i % (sizeof(pieces) / sizeof(pieces[0]))];
		unsigned stop = i % 3 == 2 ? 3 : 0;

		snprintf(run_desc, sizeof(run_desc), "%s, random pieces up to %zu #%zu%s", what, max_piece, i,
				stop ? ", stop every 3rd" : "");
		run_random_pieces(c, ref, max_piece, stop);
	}
}

/* ---- length mode fuzz ---- */

START_TEST(test_length_fuzz)
{
	char type = length_types[_i];
	static const uint32_t offsets[] = {0, 3};
	size_t o;
	uint32_t pad;

	for (o = 0; o < 2; o++) {
		for (pad = 0; pad <= 2; pad += 2) {
			sw_frame_config_t c;
			stream_t ref;
			char what[96];

			length_config(&c, type, offsets[o], pad, 1 << 20);
			ck_assert_int_eq(sw_frame_config_check(&c, NULL, 0), SW_OK);
			rng_seed((uint64_t) _i * 131 + o * 7 + pad);
			stream_init(&ref);
			build_length_stream(&ref, &c, 30);
			snprintf(what, sizeof(what), "type %c, length_offset %u, body_offset %u (%zu bytes)", type,
					c.length_offset, c.body_offset, ref.len);
			run_all_splits(&c, &ref, what);
			stream_free(&ref);
		}
	}
}
END_TEST

/* ---- EOF mode fuzz ---- */

static void eof_name(const eof_def_t *e, char *out, size_t outlen)
{
	size_t i;
	size_t at = 0;

	for (i = 0; i < e->len && at + 5 < outlen; i++) {
		unsigned char ch = (unsigned char) e->bytes[i];

		if (ch >= 0x21 && ch < 0x7f) {
			out[at++] = (char) ch;
		} else {
			at += (size_t) snprintf(out + at, outlen - at, "\\x%02x", ch);
		}
	}
	out[at] = '\0';
}

START_TEST(test_eof_fuzz)
{
	const eof_def_t *e = &eofs[_i / 2];
	bool split = _i % 2 == 0;
	sw_frame_config_t c;
	stream_t ref;
	char name[48];
	char what[96];

	eof_config(&c, e, split, 1 << 20);
	ck_assert_int_eq(sw_frame_config_check(&c, NULL, 0), SW_OK);
	rng_seed((uint64_t) _i * 977 + 5);
	stream_init(&ref);
	build_eof_stream(&ref, e, 40, c.max_length);
	eof_name(e, name, sizeof(name));
	snprintf(what, sizeof(what), "eof \"%s\" %s (%zu bytes)", name, split ? "split" : "no split", ref.len);
	run_all_splits(&c, &ref, what);
	stream_free(&ref);
}
END_TEST

/* A partial frame that may still end (one byte short of max_length) is kept, not refused. */
START_TEST(test_eof_partial_below_max_is_kept)
{
	const eof_def_t *e = &eofs[_i / 2];
	sw_frame_config_t c;
	stream_t ref;
	char what[96];
	char name[48];

	eof_config(&c, e, _i % 2 == 0, 64);
	rng_seed(_i + 11);
	stream_init(&ref);
	build_eof_stream(&ref, e, 10, c.max_length);
	/* A frame of exactly max_length is fine. */
	add_eof_frame(&ref, e, 64 - e->len);
	ck_assert_uint_eq(ref.ends[ref.nframes - 1] - ref.ends[ref.nframes - 2], 64);
	stream_append(&ref, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", 63);
	eof_name(e, name, sizeof(name));
	snprintf(what, sizeof(what), "eof \"%s\" %s, partial of 63 bytes kept", name, c.eof_split ? "split" : "run");
	run_all_splits(&c, &ref, what);
	stream_free(&ref);
}
END_TEST

/* ---- errors ---- */

/* Good frames, then the bad bytes, then more good frames that must never arrive. */
static void error_stream_length(stream_t *ref, const sw_frame_config_t *c, uint64_t bad_length, int code)
{
	size_t i;

	stream_init(ref);
	for (i = 0; i < 6; i++) {
		add_length_frame(ref, c, random_body_len(i, 100));
	}
	stream_expect_error(ref, code);
	add_length_header(ref, c, bad_length);
	add_random_bytes(ref, 20);
	for (i = 0; i < 3; i++) {
		add_length_frame(ref, c, 5);
	}
}

static void run_length_error(char type, uint64_t bad_length, int code, size_t max_length, const char *label)
{
	static const uint32_t offsets[] = {0, 3};
	size_t o;

	for (o = 0; o < 2; o++) {
		sw_frame_config_t c;
		stream_t ref;
		char what[128];

		length_config(&c, type, offsets[o], 2, max_length);
		rng_seed(o + (uint64_t) type);
		error_stream_length(&ref, &c, bad_length, code);
		snprintf(what, sizeof(what), "type %c, length_offset %u, %s", type, c.length_offset, label);
		run_all_splits(&c, &ref, what);
		stream_free(&ref);
	}
}

START_TEST(test_length_negative_is_malformed)
{
	static const char signed_types[] = "cslq";
	char type = signed_types[_i];

	run_length_error(type, (uint64_t) -1, SW_ERROR_PACKAGE_MALFORMED, 1000, "length -1");
	run_length_error(type, UINT64_C(1) << (type_size(type) * 8 - 1), SW_ERROR_PACKAGE_MALFORMED, 1000,
			"most negative length");
}
END_TEST

START_TEST(test_length_huge_unsigned)
{
	static const char unsigned_types[] = "CSnvLNVQJP";
	char type = unsigned_types[_i];

	if (type_size(type) == 8) {
		/* Above INT64_MAX: no int64_t holds it, so it is malformed rather than merely large. */
		run_length_error(type, UINT64_MAX, SW_ERROR_PACKAGE_MALFORMED, 1000, "length 2^64-1");
		run_length_error(type, UINT64_C(1) << 63, SW_ERROR_PACKAGE_MALFORMED, 1000, "length 2^63");
		/* body_offset + INT64_MAX must not wrap into something small. */
		run_length_error(type, INT64_MAX, SW_ERROR_PACKAGE_LENGTH_TOO_LARGE, 1000, "length INT64_MAX");
	} else {
		run_length_error(type, type_max(type), SW_ERROR_PACKAGE_LENGTH_TOO_LARGE, 200, "all-ones length");
	}
}
END_TEST

/* body_offset + length == max_length is delivered; one more byte is refused. */
START_TEST(test_length_max_boundary)
{
	char type = length_types[_i];
	sw_frame_config_t c;
	stream_t ref;
	char what[96];
	size_t i;

	length_config(&c, type, 3, 2, 0);
	c.max_length = c.body_offset + 100;
	rng_seed(_i + 99);
	stream_init(&ref);
	for (i = 0; i < 4; i++) {
		add_length_frame(&ref, &c, random_body_len(i, 100));
	}
	add_length_frame(&ref, &c, 100);
	add_length_frame(&ref, &c, 0);
	stream_expect_error(&ref, SW_ERROR_PACKAGE_LENGTH_TOO_LARGE);
	add_length_header(&ref, &c, 101);
	add_random_bytes(&ref, 101);
	snprintf(what, sizeof(what), "type %c, frame of max_length then one byte more", type);
	run_all_splits(&c, &ref, what);
	stream_free(&ref);
}
END_TEST

/* An unterminated frame reaching max_length can no longer end in time. */
START_TEST(test_eof_partial_too_large)
{
	const eof_def_t *e = &eofs[_i / 2];
	sw_frame_config_t c;
	stream_t ref;
	char name[48];
	char what[96];
	size_t i;

	eof_config(&c, e, _i % 2 == 0, 64);
	rng_seed(_i + 1234);
	stream_init(&ref);
	build_eof_stream(&ref, e, 10, c.max_length);
	stream_expect_error(&ref, SW_ERROR_PACKAGE_LENGTH_TOO_LARGE);
	for (i = 0; i < 64; i++) {
		stream_append(&ref, "x", 1);
	}
	/* Complete frames after the bad part: they must not arrive. */
	stream_append(&ref, e->bytes, e->len);
	stream_append(&ref, e->bytes, e->len);
	eof_name(e, name, sizeof(name));
	snprintf(what, sizeof(what), "eof \"%s\" %s, unterminated 64 bytes", name, c.eof_split ? "split" : "run");
	run_all_splits(&c, &ref, what);
	stream_free(&ref);
}
END_TEST

/* A complete frame one byte over max_length is refused however it arrives. */
START_TEST(test_eof_frame_too_large)
{
	const eof_def_t *e = &eofs[_i / 2];
	sw_frame_config_t c;
	stream_t ref;
	char name[48];
	char what[96];

	eof_config(&c, e, _i % 2 == 0, 64);
	rng_seed(_i + 4321);
	stream_init(&ref);
	build_eof_stream(&ref, e, 10, c.max_length);
	stream_expect_error(&ref, SW_ERROR_PACKAGE_LENGTH_TOO_LARGE);
	add_eof_frame(&ref, e, 65 - e->len);
	add_eof_frame(&ref, e, 3);
	eof_name(e, name, sizeof(name));
	snprintf(what, sizeof(what), "eof \"%s\" %s, frame of 65 bytes", name, c.eof_split ? "split" : "run");
	run_all_splits(&c, &ref, what);
	stream_free(&ref);
}
END_TEST

/* ---- NONE mode ---- */

typedef struct {
	const char *expect;
	size_t len;
	int calls;
} none_ctx_t;

static int none_cb(void *ctx, const char *frame, size_t len)
{
	none_ctx_t *n = ctx;

	n->calls++;
	ck_assert_ptr_eq(frame, n->expect);
	ck_assert_uint_eq(len, n->len);
	return 1;
}

START_TEST(test_none_mode_whole_buffer)
{
	sw_frame_config_t c;
	none_ctx_t n = {"hello world", 11, 0};
	size_t scan = 7;
	size_t need = 7;

	memset(&c, 0, sizeof(c));
	c.mode = SW_FRAME_NONE;
	ck_assert_int_eq(sw_frame_parse(&c, n.expect, n.len, none_cb, &n, &scan, &need), 11);
	ck_assert_int_eq(n.calls, 1);
	ck_assert_uint_eq(scan, 0);
	ck_assert_uint_eq(need, 0);
	/* Nothing to deliver: no callback. */
	ck_assert_int_eq(sw_frame_parse(&c, n.expect, 0, none_cb, &n, NULL, NULL), 0);
	ck_assert_int_eq(n.calls, 1);
}
END_TEST

static int never_cb(void *ctx, const char *frame, size_t len)
{
	(void) ctx;
	(void) frame;
	ck_abort_msg("callback for %zu bytes of an empty buffer", len);
	return 1;
}

/* An empty buffer (whose data may be NULL) yields nothing, in every mode. */
START_TEST(test_empty_input)
{
	sw_frame_config_t c;
	eof_def_t e = {"\r\n", 2};
	size_t scan = 0;
	size_t need = 5;

	memset(&c, 0, sizeof(c));
	c.mode = SW_FRAME_NONE;
	ck_assert_int_eq(sw_frame_parse(&c, NULL, 0, never_cb, NULL, &scan, &need), 0);
	eof_config(&c, &e, true, 100);
	ck_assert_int_eq(sw_frame_parse(&c, NULL, 0, never_cb, NULL, &scan, &need), 0);
	ck_assert_uint_eq(scan, 0);
	eof_config(&c, &e, false, 100);
	ck_assert_int_eq(sw_frame_parse(&c, NULL, 0, never_cb, NULL, &scan, &need), 0);
	length_config(&c, 'N', 0, 0, 100);
	ck_assert_int_eq(sw_frame_parse(&c, NULL, 0, never_cb, NULL, &scan, &need), 0);
	ck_assert_uint_eq(need, 0);
}
END_TEST

/* ---- scan_pos, need and stopping, on hand-made examples ---- */

typedef struct {
	char frames[8][32];
	size_t lens[8];
	int count;
	int stop_at; /* return non-zero on this call (1-based); 0: never */
} collect_t;

static int collect_cb(void *ctx, const char *frame, size_t len)
{
	collect_t *col = ctx;

	ck_assert_int_lt(col->count, 8);
	ck_assert_uint_lt(len, sizeof(col->frames[0]));
	memcpy(col->frames[col->count], frame, len);
	col->lens[col->count] = len;
	col->count++;
	return col->count == col->stop_at;
}

static void assert_frame(const collect_t *col, int i, const char *expect)
{
	ck_assert_uint_eq(col->lens[i], strlen(expect));
	ck_assert_mem_eq(col->frames[i], expect, col->lens[i]);
}

START_TEST(test_eof_scan_pos_example)
{
	sw_frame_config_t c;
	collect_t col = {.count = 0};
	eof_def_t crlf = {"\r\n", 2};
	size_t scan = 0;
	size_t need = 99;

	eof_config(&c, &crlf, true, 100);
	/* No eof yet: all but the last byte (which may start one) is done with. */
	ck_assert_int_eq(sw_frame_parse(&c, "abc", 3, collect_cb, &col, &scan, &need), 0);
	ck_assert_uint_eq(scan, 2);
	ck_assert_uint_eq(need, 0);
	ck_assert_int_eq(sw_frame_parse(&c, "abc\r", 4, collect_cb, &col, &scan, &need), 0);
	ck_assert_uint_eq(scan, 3);
	/* Straddling eof found; the result is relative to what remains ("de"). */
	ck_assert_int_eq(sw_frame_parse(&c, "abc\r\nde", 7, collect_cb, &col, &scan, &need), 5);
	ck_assert_int_eq(col.count, 1);
	assert_frame(&col, 0, "abc\r\n");
	ck_assert_uint_eq(scan, 1);
	/* A scan_pos that cannot be right (past the data) is not trusted. */
	scan = 50;
	ck_assert_int_eq(sw_frame_parse(&c, "de\r\n", 4, collect_cb, &col, &scan, NULL), 4);
	assert_frame(&col, 1, "de\r\n");
	ck_assert_uint_eq(scan, 0);
	/* Both out-parameters are optional. */
	ck_assert_int_eq(sw_frame_parse(&c, "f\r\ng", 4, collect_cb, &col, NULL, NULL), 3);
	assert_frame(&col, 2, "f\r\n");
}
END_TEST

START_TEST(test_eof_run_example)
{
	sw_frame_config_t c;
	collect_t col = {.count = 0};
	eof_def_t e = {"\r\n\r\n", 4};
	const char *in = "a\r\n\r\nb\r\n\r\n\r\nc";
	size_t scan = 0;

	eof_config(&c, &e, false, 100);
	/* Non-overlapping from each frame start: the run ends after "b\r\n\r\n", the rest waits. */
	ck_assert_int_eq(sw_frame_parse(&c, in, strlen(in), collect_cb, &col, &scan, NULL), 10);
	ck_assert_int_eq(col.count, 1);
	assert_frame(&col, 0, "a\r\n\r\nb\r\n\r\n");
	ck_assert_uint_eq(scan, 0);
}
END_TEST

START_TEST(test_callback_stop)
{
	sw_frame_config_t c;
	collect_t col = {.count = 0, .stop_at = 1};
	eof_def_t nl = {"\n", 1};
	size_t scan = 0;
	size_t need = 99;
	char buf[32];

	eof_config(&c, &nl, true, 100);
	ck_assert_int_eq(sw_frame_parse(&c, "ab\ncd\nef", 8, collect_cb, &col, &scan, &need), 3);
	ck_assert_int_eq(col.count, 1);
	ck_assert_uint_eq(scan, 0);
	col.stop_at = 0;
	ck_assert_int_eq(sw_frame_parse(&c, "cd\nef", 5, collect_cb, &col, &scan, &need), 3);
	assert_frame(&col, 1, "cd\n");
	ck_assert_uint_eq(scan, 2);

	/* Length mode: stop after the first of two frames; need stays 0 since parsing did not wait for bytes. */
	length_config(&c, 'C', 0, 0, 100);
	memcpy(buf, "\x02xy\x01z\x05", 6);
	col.count = 0;
	col.stop_at = 1;
	ck_assert_int_eq(sw_frame_parse(&c, buf, 6, collect_cb, &col, &scan, &need), 3);
	ck_assert_uint_eq(need, 0);
	col.stop_at = 0;
	ck_assert_int_eq(sw_frame_parse(&c, buf + 3, 3, collect_cb, &col, &scan, &need), 2);
	assert_frame(&col, 1, "\x01z");
	ck_assert_uint_eq(need, 6);
}
END_TEST

/* The error comes after the good frames before it, and nothing after it is delivered. */
START_TEST(test_error_after_good_frames)
{
	sw_frame_config_t c;
	collect_t col = {.count = 0};
	char buf[16];

	length_config(&c, 'c', 0, 0, 100);
	memcpy(buf, "\x01" "a" "\xff" "\x01" "b", 5);
	sw_error_set(0);
	ck_assert_int_eq(sw_frame_parse(&c, buf, 5, collect_cb, &col, NULL, NULL), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_PACKAGE_MALFORMED);
	ck_assert_int_eq(col.count, 1);
	assert_frame(&col, 0, "\x01" "a");
}
END_TEST

/* ---- sw_frame_length_size and sw_frame_read_length ---- */

START_TEST(test_length_size)
{
	static const char *invalid = "aAbBdDeEfFgGhHiIjkKmMoOprRtTuUwWxXZz@ 0";

	ck_assert_uint_eq(sw_frame_length_size('c'), 1);
	ck_assert_uint_eq(sw_frame_length_size('C'), 1);
	ck_assert_uint_eq(sw_frame_length_size('s'), 2);
	ck_assert_uint_eq(sw_frame_length_size('S'), 2);
	ck_assert_uint_eq(sw_frame_length_size('n'), 2);
	ck_assert_uint_eq(sw_frame_length_size('v'), 2);
	ck_assert_uint_eq(sw_frame_length_size('l'), 4);
	ck_assert_uint_eq(sw_frame_length_size('L'), 4);
	ck_assert_uint_eq(sw_frame_length_size('N'), 4);
	ck_assert_uint_eq(sw_frame_length_size('V'), 4);
	ck_assert_uint_eq(sw_frame_length_size('q'), 8);
	ck_assert_uint_eq(sw_frame_length_size('Q'), 8);
	ck_assert_uint_eq(sw_frame_length_size('J'), 8);
	ck_assert_uint_eq(sw_frame_length_size('P'), 8);
	for (; *invalid; invalid++) {
		ck_assert_msg(sw_frame_length_size(*invalid) == 0, "type '%c' accepted", *invalid);
	}
	ck_assert_uint_eq(sw_frame_length_size('\0'), 0);
	ck_assert_int_lt(sw_frame_read_length('x', "\x01\x01\x01\x01\x01\x01\x01\x01"), 0);
}
END_TEST

static const char seq[8] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08};
static const char ones[8] = {(char) 0xff, (char) 0xff, (char) 0xff, (char) 0xff, (char) 0xff, (char) 0xff,
		(char) 0xff, (char) 0xff};
static const char high[8] = {(char) 0x80, 0, 0, 0, 0, 0, 0, 0};
static const char low_high[8] = {0, 0, 0, 0, 0, 0, 0, (char) 0x80};
static const char max_be[8] = {0x7f, (char) 0xff, (char) 0xff, (char) 0xff, (char) 0xff, (char) 0xff, (char) 0xff,
		(char) 0xff};
static const char max_le[8] = {(char) 0xff, (char) 0xff, (char) 0xff, (char) 0xff, (char) 0xff, (char) 0xff,
		(char) 0xff, 0x7f};

START_TEST(test_read_length_byte_orders)
{
	bool little = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;

	ck_assert_int_eq(sw_frame_read_length('c', seq), 1);
	ck_assert_int_eq(sw_frame_read_length('C', seq), 1);
	ck_assert_int_eq(sw_frame_read_length('n', seq), 0x0102);
	ck_assert_int_eq(sw_frame_read_length('v', seq), 0x0201);
	ck_assert_int_eq(sw_frame_read_length('N', seq), 0x01020304);
	ck_assert_int_eq(sw_frame_read_length('V', seq), 0x04030201);
	ck_assert_int_eq(sw_frame_read_length('J', seq), INT64_C(0x0102030405060708));
	ck_assert_int_eq(sw_frame_read_length('P', seq), INT64_C(0x0807060504030201));
	/* Machine order for s S l L q Q. */
	ck_assert_int_eq(sw_frame_read_length('s', seq), little ? 0x0201 : 0x0102);
	ck_assert_int_eq(sw_frame_read_length('S', seq), little ? 0x0201 : 0x0102);
	ck_assert_int_eq(sw_frame_read_length('l', seq), little ? 0x04030201 : 0x01020304);
	ck_assert_int_eq(sw_frame_read_length('L', seq), little ? 0x04030201 : 0x01020304);
	ck_assert_int_eq(sw_frame_read_length('q', seq), little ? INT64_C(0x0807060504030201) : INT64_C(0x0102030405060708));
	ck_assert_int_eq(sw_frame_read_length('Q', seq), little ? INT64_C(0x0807060504030201) : INT64_C(0x0102030405060708));
	/* Unaligned: the field sits anywhere in a network buffer. */
	ck_assert_int_eq(sw_frame_read_length('N', seq + 1), 0x02030405);
}
END_TEST

START_TEST(test_read_length_signs)
{
	bool little = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;

	/* All ones: -1 for the signed types, the maximum for the unsigned ones. */
	ck_assert_int_eq(sw_frame_read_length('c', ones), -1);
	ck_assert_int_eq(sw_frame_read_length('s', ones), -1);
	ck_assert_int_eq(sw_frame_read_length('l', ones), -1);
	ck_assert_int_eq(sw_frame_read_length('q', ones), -1);
	ck_assert_int_eq(sw_frame_read_length('C', ones), 255);
	ck_assert_int_eq(sw_frame_read_length('S', ones), 65535);
	ck_assert_int_eq(sw_frame_read_length('n', ones), 65535);
	ck_assert_int_eq(sw_frame_read_length('v', ones), 65535);
	ck_assert_int_eq(sw_frame_read_length('L', ones), INT64_C(4294967295));
	ck_assert_int_eq(sw_frame_read_length('N', ones), INT64_C(4294967295));
	ck_assert_int_eq(sw_frame_read_length('V', ones), INT64_C(4294967295));
	/* Unsigned 64-bit above INT64_MAX comes back negative. */
	ck_assert_int_lt(sw_frame_read_length('Q', ones), 0);
	ck_assert_int_lt(sw_frame_read_length('J', ones), 0);
	ck_assert_int_lt(sw_frame_read_length('P', ones), 0);
	ck_assert_int_lt(sw_frame_read_length('J', high), 0);
	ck_assert_int_lt(sw_frame_read_length('P', low_high), 0);
	ck_assert_int_lt(sw_frame_read_length('Q', little ? low_high : high), 0);
	ck_assert_int_eq(sw_frame_read_length('J', max_be), INT64_MAX);
	ck_assert_int_eq(sw_frame_read_length('P', max_le), INT64_MAX);
	ck_assert_int_eq(sw_frame_read_length('Q', little ? max_le : max_be), INT64_MAX);
	/* The sign bit alone: the most negative value of each signed type. */
	ck_assert_int_eq(sw_frame_read_length('c', high), -128);
	ck_assert_int_eq(sw_frame_read_length('s', little ? low_high + 6 : high), -32768);
	ck_assert_int_eq(sw_frame_read_length('l', little ? low_high + 4 : high), INT32_MIN);
	ck_assert_int_eq(sw_frame_read_length('q', little ? low_high : high), INT64_MIN);
	/* The same byte unsigned: no sign extension. */
	ck_assert_int_eq(sw_frame_read_length('C', high), 128);
	ck_assert_int_eq(sw_frame_read_length('n', high), 32768);
	ck_assert_int_eq(sw_frame_read_length('N', high), INT64_C(2147483648));
	ck_assert_int_eq(sw_frame_read_length('v', low_high + 6), 32768);
	ck_assert_int_eq(sw_frame_read_length('V', low_high + 4), INT64_C(2147483648));
}
END_TEST

/* The test encoder and the decoder agree for every type on random values. */
START_TEST(test_read_length_roundtrip)
{
	size_t t;
	int i;

	rng_seed(77);
	for (t = 0; t < sizeof(length_types) - 1; t++) {
		char type = length_types[t];

		for (i = 0; i < 1000; i++) {
			uint64_t v = (((uint64_t) rng_next() << 32) | rng_next()) & type_max(type);
			char field[8];
			int64_t got;

			put_length(type, v, field);
			got = sw_frame_read_length(type, field);
			FAIL_IF(got != (int64_t) v, "type %c: wrote %llu, read %lld", type, (unsigned long long) v,
					(long long) got);
		}
	}
}
END_TEST

/* ---- configuration check ---- */

/* The message names `setting` (and `also`, when given). */
static void assert_config_error(const sw_frame_config_t *c, const char *setting, const char *also)
{
	char err[256];

	memset(err, 0x5a, sizeof(err));
	sw_error_set(0);
	ck_assert_int_eq(sw_frame_config_check(c, err, sizeof(err)), SW_ERR);
	ck_assert_int_eq(sw_error_get(), SW_ERROR_INVALID_PARAMS);
	ck_assert_ptr_nonnull(memchr(err, '\0', sizeof(err)));
	ck_assert_msg(strstr(err, setting) != NULL, "message \"%s\" does not name %s", err, setting);
	ck_assert_msg(also == NULL || strstr(err, also) != NULL, "message \"%s\" does not name %s", err, also);
	/* No buffer, or a tiny one: still an error, no overflow. */
	ck_assert_int_eq(sw_frame_config_check(c, NULL, 0), SW_ERR);
	err[3] = 'z';
	ck_assert_int_eq(sw_frame_config_check(c, err, 3), SW_ERR);
	ck_assert_int_eq(err[2], '\0');
	ck_assert_int_eq(err[3], 'z');
}

START_TEST(test_config_check)
{
	sw_frame_config_t c;
	eof_def_t crlf = {"\r\n", 2};
	char err[256];
	size_t t;

	/* NONE ignores the other fields. */
	memset(&c, 0xff, sizeof(c));
	c.mode = SW_FRAME_NONE;
	ck_assert_int_eq(sw_frame_config_check(&c, err, sizeof(err)), SW_OK);

	eof_config(&c, &crlf, true, 2);
	ck_assert_int_eq(sw_frame_config_check(&c, err, sizeof(err)), SW_OK);
	c.eof_len = 0;
	assert_config_error(&c, "package_eof", NULL);
	c.eof_len = 9;
	assert_config_error(&c, "package_eof", NULL);
	c.eof_len = 8;
	c.max_length = 8;
	ck_assert_int_eq(sw_frame_config_check(&c, err, sizeof(err)), SW_OK);
	c.max_length = 7;
	assert_config_error(&c, "package_max_length", NULL);

	for (t = 0; t < sizeof(length_types) - 1; t++) {
		length_config(&c, length_types[t], 3, 0, 0);
		c.max_length = c.body_offset + 1;
		ck_assert_int_eq(sw_frame_config_check(&c, err, sizeof(err)), SW_OK);
		/* The header must hold the whole length field. */
		c.body_offset--;
		assert_config_error(&c, "package_body_offset", "package_length_offset");
		c.body_offset++;
		c.max_length = c.body_offset;
		assert_config_error(&c, "package_max_length", NULL);
		c.max_length = 0;
		assert_config_error(&c, "package_max_length", NULL);
	}
	length_config(&c, 'N', 0, 0, 100);
	c.length_type = 'x';
	assert_config_error(&c, "package_length_type", NULL);
	c.length_type = '\0';
	assert_config_error(&c, "package_length_type", NULL);
	/* An offset near UINT32_MAX plus the field size must not wrap around. */
	length_config(&c, 'N', 0, 0, 100);
	c.length_offset = UINT32_MAX - 1;
	c.body_offset = 1;
	assert_config_error(&c, "package_body_offset", NULL);
	c.body_offset = UINT32_MAX;
	assert_config_error(&c, "package_body_offset", NULL);

	memset(&c, 0, sizeof(c));
	c.mode = (sw_frame_mode_t) 7;
	ck_assert_int_eq(sw_frame_config_check(&c, err, sizeof(err)), SW_ERR);
}
END_TEST

/* ---- performance: a long frame must not be searched again on every read ---- */

/* CPU time of this (forked) test process: other load on the machine does not count. */
static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* filler repeats a prefix of the eof, the worst case for a search that restarts. */
static void run_big_frame(const sw_frame_config_t *c, const stream_t *ref, const char *what)
{
	size_t piece = 64 * 1024;
	size_t n = ref->len / piece + 1;
	size_t *cuts = malloc(n * sizeof(*cuts));
	size_t k = 0;
	size_t at;
	double t0;
	double elapsed;

	ck_assert_ptr_nonnull(cuts);
	for (at = piece; at < ref->len; at += piece) {
		cuts[k++] = at;
	}
	snprintf(run_desc, sizeof(run_desc), "%s", what);
	t0 = cpu_now();
	run_cuts(c, ref, cuts, k, 0);
	elapsed = cpu_now() - t0;
	free(cuts);
	ck_assert_msg(elapsed < 0.5, "%s: %.3f s of CPU for an 8 MiB frame in 64 KiB reads", what, elapsed);
}

START_TEST(test_big_eof_frame_is_linear)
{
	static const eof_def_t big_eofs[] = {{"\r\n", 2}, {"aaaaaaab", 8}};
	size_t size = 8u << 20;
	size_t i;

	for (i = 0; i < 4; i++) {
		const eof_def_t *e = &big_eofs[i / 2];
		sw_frame_config_t c;
		stream_t ref;
		char *body = malloc(size);

		ck_assert_ptr_nonnull(body);
		memset(body, e->bytes[0], size);
		eof_config(&c, e, i % 2 == 0, size + e->len);
		stream_init(&ref);
		stream_append(&ref, body, size);
		stream_append(&ref, e->bytes, e->len);
		stream_end_frame(&ref);
		free(body);
		run_big_frame(&c, &ref, i % 2 == 0 ? "8 MiB eof frame, split" : "8 MiB eof frame, run");
		stream_free(&ref);
	}
}
END_TEST

START_TEST(test_big_length_frame)
{
	sw_frame_config_t c;
	stream_t ref;
	size_t size = 8u << 20;

	length_config(&c, 'N', 0, 0, size + 4);
	rng_seed(8);
	stream_init(&ref);
	add_length_frame(&ref, &c, size);
	add_length_frame(&ref, &c, 0);
	run_big_frame(&c, &ref, "8 MiB length frame");
	stream_free(&ref);
}
END_TEST

static Suite *framing_suite(void)
{
	Suite *s = suite_create("framing");
	TCase *basics = tcase_create("basics");
	TCase *fuzz = tcase_create("fuzz");
	TCase *errors = tcase_create("errors");
	TCase *perf = tcase_create("performance");
	int ntypes = (int) sizeof(length_types) - 1;
	int neofs = (int) EOF_COUNT * 2;

	tcase_add_test(basics, test_length_size);
	tcase_add_test(basics, test_read_length_byte_orders);
	tcase_add_test(basics, test_read_length_signs);
	tcase_add_test(basics, test_read_length_roundtrip);
	tcase_add_test(basics, test_config_check);
	tcase_add_test(basics, test_none_mode_whole_buffer);
	tcase_add_test(basics, test_empty_input);
	tcase_add_test(basics, test_eof_scan_pos_example);
	tcase_add_test(basics, test_eof_run_example);
	tcase_add_test(basics, test_callback_stop);
	tcase_add_test(basics, test_error_after_good_frames);
	suite_add_tcase(s, basics);

	tcase_set_timeout(fuzz, 60);
	tcase_add_loop_test(fuzz, test_length_fuzz, 0, ntypes);
	tcase_add_loop_test(fuzz, test_eof_fuzz, 0, neofs);
	tcase_add_loop_test(fuzz, test_eof_partial_below_max_is_kept, 0, neofs);
	suite_add_tcase(s, fuzz);

	tcase_set_timeout(errors, 60);
	tcase_add_loop_test(errors, test_length_negative_is_malformed, 0, 4);
	tcase_add_loop_test(errors, test_length_huge_unsigned, 0, 10);
	tcase_add_loop_test(errors, test_length_max_boundary, 0, ntypes);
	tcase_add_loop_test(errors, test_eof_partial_too_large, 0, neofs);
	tcase_add_loop_test(errors, test_eof_frame_too_large, 0, neofs);
	suite_add_tcase(s, errors);

	tcase_set_timeout(perf, 30);
	tcase_add_test(perf, test_big_eof_frame_is_linear);
	tcase_add_test(perf, test_big_length_frame);
	suite_add_tcase(s, perf);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(framing_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
