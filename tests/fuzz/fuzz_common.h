/*
 * Helpers shared by the libFuzzer harnesses: a growable log of what a parser
 * reported (so that two runs over the same bytes, split differently, can be
 * compared), a deterministic generator of split points derived from the
 * input itself (a crash must replay from the file alone), and a check macro
 * that aborts with a message, which libFuzzer reports as a crash.
 */
#ifndef SW_FUZZ_COMMON_H
#define SW_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FZ_CHECK(cond, ...) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "fuzz invariant failed at %s:%d: %s: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__); \
			fputc('\n', stderr); \
			abort(); \
		} \
	} while (0)

typedef struct {
	unsigned char *data;
	size_t len;
	size_t cap;
} fz_log_t;

static inline void fz_log_put(fz_log_t *l, const void *p, size_t n)
{
	if (l->len + n > l->cap) {
		size_t cap = l->cap ? l->cap : 256;

		while (cap < l->len + n) {
			cap *= 2;
		}
		l->data = realloc(l->data, cap);
		FZ_CHECK(l->data != NULL, "out of memory");
		l->cap = cap;
	}
	if (n > 0) {
		memcpy(l->data + l->len, p, n);
	}
	l->len += n;
}

static inline void fz_log_u64(fz_log_t *l, char tag, uint64_t v)
{
	fz_log_put(l, &tag, 1);
	fz_log_put(l, &v, sizeof(v));
}

static inline void fz_log_free(fz_log_t *l)
{
	free(l->data);
	l->data = NULL;
	l->len = l->cap = 0;
}

static inline void fz_log_same(const fz_log_t *a, const fz_log_t *b, const char *what)
{
	size_t i = 0;

	if (a->len == b->len && (a->len == 0 || memcmp(a->data, b->data, a->len) == 0)) {
		return;
	}
	while (i < a->len && i < b->len && a->data[i] == b->data[i]) {
		i++;
	}
	FZ_CHECK(0, "%s: whole and split runs differ (logs of %zu and %zu bytes, first difference at %zu)", what,
			a->len, b->len, i);
}

/* xorshift32: cheap, and seeded from the input, so a run replays exactly. */
typedef struct {
	uint32_t s;
} fz_rng_t;

static inline uint32_t fz_rng_next(fz_rng_t *r)
{
	uint32_t x = r->s ? r->s : 0x9e3779b9u;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	r->s = x;
	return x;
}

/*
 * Fills cuts[] with increasing piece ends over [0, len], the last being
 * len. style 0: one random cut; 1: up to 16 random cuts; 2: byte by byte
 * (inputs up to 512 bytes; longer ones get style 1). Returns the number of
 * pieces.
 */
static inline size_t fz_make_cuts(fz_rng_t *r, size_t len, int style, size_t *cuts, size_t max)
{
	size_t n = 0, pos = 0;

	/* Byte by byte costs O(len^2) where the caller copies what it keeps: short inputs only. */
	if (style == 2 && len <= max && len <= 512) {
		for (pos = 1; pos <= len; pos++) {
			cuts[n++] = pos;
		}
		if (n == 0) {
			cuts[n++] = 0;
		}
		return n;
	}
	if (style == 0 || max < 17) {
		if (len > 0 && max > 1) {
			cuts[n++] = fz_rng_next(r) % (len + 1);
		}
		cuts[n++] = len;
		return n;
	}
	while (n + 1 < max && n < 16 && pos < len) {
		pos += 1 + fz_rng_next(r) % (len / 4 + 1);
		if (pos >= len) {
			break;
		}
		cuts[n++] = pos;
	}
	cuts[n++] = len;
	return n;
}

#endif
