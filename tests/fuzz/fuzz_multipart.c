/*
 * Fuzzes the streaming multipart/form-data parser (uploads).
 *
 * Input: 3 control bytes, then a Content-Type value up to the first LF, then
 * the body.
 *   byte 0: split style, and after how many parts on_part refuses (0: never)
 *   bytes 1-2: seed of the split points
 *
 * Checks: the part fields the parser reports point into its own head buffer;
 * the events (parts, their data joined, part ends, errors) are the same
 * whether the body arrives whole or in pieces; the data handed out never
 * exceeds the body; a callback's refusal stops the parser with an error;
 * the data of every finished part, followed by the delimiter, occurs in the
 * body as it is (nothing lost, nothing added).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem */
#endif
#include "sw_http.h"
#include "fuzz_common.h"

typedef struct {
	sw_multipart_t *m;
	fz_log_t *log;
	size_t data_total;
	unsigned parts;
	unsigned refuse_at;
	size_t data_len_at;     /* offset in the log of the current data run's length, or SIZE_MAX */
	const uint8_t *body;    /* the whole body */
	size_t body_len;
} ctx_t;

static void check_in_head(const sw_multipart_t *m, const char *p, size_t len)
{
	FZ_CHECK(p >= m->head && p + len <= m->head + m->head_len, "a part field outside the part head");
}

static int on_part(void *arg, const sw_multipart_part_t *part)
{
	ctx_t *c = arg;

	check_in_head(c->m, part->name, part->name_len);
	if (part->filename != NULL) {
		check_in_head(c->m, part->filename, part->filename_len);
	}
	if (part->content_type != NULL) {
		check_in_head(c->m, part->content_type, part->content_type_len);
	}
	fz_log_u64(c->log, 'P', part->name_len);
	fz_log_put(c->log, part->name, part->name_len);
	fz_log_u64(c->log, 'f', part->filename ? part->filename_len + 1 : 0);
	if (part->filename != NULL) {
		fz_log_put(c->log, part->filename, part->filename_len);
	}
	fz_log_u64(c->log, 't', part->content_type ? part->content_type_len + 1 : 0);
	if (part->content_type != NULL) {
		fz_log_put(c->log, part->content_type, part->content_type_len);
	}
	c->data_len_at = SIZE_MAX;
	c->parts++;
	return c->refuse_at != 0 && c->parts >= c->refuse_at;
}

/* Data runs are joined so that the log does not depend on how the body was split. */
static int on_data(void *arg, const char *data, size_t len)
{
	ctx_t *c = arg;
	uint64_t run;

	FZ_CHECK(len > 0, "empty data callback");
	c->data_total += len;
	if (c->data_len_at == SIZE_MAX) {
		fz_log_u64(c->log, 'D', 0);
		c->data_len_at = c->log->len - sizeof(uint64_t);
	}
	memcpy(&run, c->log->data + c->data_len_at, sizeof(run));
	run += len;
	memcpy(c->log->data + c->data_len_at, &run, sizeof(run));
	fz_log_put(c->log, data, len);
	return 0;
}

static int on_part_end(void *arg)
{
	ctx_t *c = arg;
	const sw_multipart_t *m = c->m;
	size_t run = 0;
	char *joined;

	if (c->data_len_at != SIZE_MAX) {
		uint64_t v;

		memcpy(&v, c->log->data + c->data_len_at, sizeof(v));
		run = (size_t) v;
	}
	joined = malloc(run + m->delim_len);
	if (run > 0) {
		memcpy(joined, c->log->data + c->data_len_at + sizeof(uint64_t), run);
	}
	memcpy(joined + run, m->delim, m->delim_len);
	FZ_CHECK(memmem(c->body, c->body_len, joined, run + m->delim_len) != NULL,
			"the %zu data bytes of a part, with the delimiter, are not in the body", run);
	free(joined);
	fz_log_u64(c->log, 'e', 0);
	c->data_len_at = SIZE_MAX;
	return 0;
}

static const sw_multipart_callbacks_t callbacks = {on_part, on_data, on_part_end};

static void parse(const char *ct, size_t ct_len, const uint8_t *body, size_t len, const size_t *cuts, size_t ncuts,
		unsigned refuse_at, fz_log_t *log)
{
	sw_multipart_t *m = malloc(sizeof(*m));
	ctx_t c = {m, log, 0, 0, refuse_at, SIZE_MAX, body, len};
	size_t pos = 0, k;
	int rc = SW_OK;

	if (sw_multipart_init(m, ct, ct_len, &callbacks, &c) != SW_OK) {
		fz_log_u64(log, 'I', 0);
		free(m);
		return;
	}
	for (k = 0; k < ncuts && rc == SW_OK; k++) {
		/* Each piece in its own exact-size allocation: a read past it is an ASan report. */
		size_t n = cuts[k] - pos;
		char *piece = malloc(n ? n : 1);

		memcpy(piece, body + pos, n);
		rc = sw_multipart_feed(m, piece, n);
		free(piece);
		pos = cuts[k];
	}
	FZ_CHECK(c.data_total <= len, "%zu data bytes out of a body of %zu", c.data_total, len);
	if (refuse_at != 0 && c.parts >= refuse_at) {
		FZ_CHECK(rc == SW_ERR, "the parser went on after on_part refused");
	}
	fz_log_u64(log, 'R', (uint64_t) (int64_t) rc);
	fz_log_u64(log, 'Z', (uint64_t) (int64_t) sw_multipart_finish(m));
	free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static size_t cuts[4096];
	fz_log_t whole = {0}, split = {0};
	const uint8_t *lf;
	fz_rng_t rng;
	size_t ct_len, ncuts, one;
	char *ct;
	uint8_t c0;

	if (size < 3) {
		return 0;
	}
	c0 = data[0];
	rng.s = (uint32_t) data[1] | (uint32_t) data[2] << 8 | (uint32_t) size << 16;
	data += 3;
	size -= 3;
	lf = memchr(data, '\n', size);
	if (lf == NULL) {
		return 0;
	}
	ct_len = (size_t) (lf - data);
	ct = malloc(ct_len ? ct_len : 1);
	memcpy(ct, data, ct_len);
	data += ct_len + 1;
	size -= ct_len + 1;

	one = size;
	parse(ct, ct_len, data, size, &one, 1, c0 >> 5, &whole);
	ncuts = fz_make_cuts(&rng, size, c0 % 3, cuts, sizeof(cuts) / sizeof(cuts[0]));
	parse(ct, ct_len, data, size, cuts, ncuts, c0 >> 5, &split);
	fz_log_same(&whole, &split, "multipart parser");
	fz_log_free(&whole);
	fz_log_free(&split);
	free(ct);
	return 0;
}
