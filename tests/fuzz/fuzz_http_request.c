/*
 * Fuzzes the HTTP/1.x request reader: the re2c head lexer, the head checks
 * and the resumable body decoder (Content-Length and chunked, decoded in
 * place), as a reactor thread drives them on a connection's stream of
 * pipelined requests.
 *
 * Input: 3 control bytes, then the bytes a client sends.
 *   byte 0: limits (small ones reach 431 and 413) and the split style
 *   bytes 1-2: seed of the split points
 *
 * Checks:
 * - sw_http_parse_head on the raw bytes (exact-size copy: any read past the
 *   end is an ASan report) and, when it accepts, the strictness rules of
 *   GUARANTEES.md 13 (no NUL/CR/LF inside a field, never Content-Length with
 *   Transfer-Encoding, exactly one Host on 1.1);
 * - the stream read whole and read in pieces (split at random points, or
 *   byte by byte) gives the same requests, bodies and final status;
 * - every complete request lies inside the bytes read, within the limits,
 *   and its head parses again to the same flags;
 * - sw_http_url_decode of the path, the query and every header value agrees
 *   with a plain reference decoder; sw_http_parse_date survives every value.
 */
#include "sw_http.h"
#include "fuzz_common.h"

#include <strings.h>

static void check_head(const char *head, size_t len, const sw_http_request_t *req)
{
	const char *end = head + len;
	bool cl = false, te = false;
	int hosts = 0;
	uint32_t i;

	FZ_CHECK(req->method >= head && req->method + req->method_len <= end, "method outside the head");
	FZ_CHECK(req->uri >= head && req->uri + req->uri_len <= end, "uri outside the head");
	FZ_CHECK(req->path >= req->uri && req->path + req->path_len <= req->uri + req->uri_len, "path outside the uri");
	FZ_CHECK(req->query == NULL || (req->query >= req->uri && req->query + req->query_len <= req->uri + req->uri_len),
			"query outside the uri");
	FZ_CHECK(req->version_major == 1, "accepted HTTP major version %u", req->version_major);
	FZ_CHECK(req->header_count <= SW_HTTP_MAX_HEADERS, "header count %u", req->header_count);
	for (i = 0; i < req->header_count; i++) {
		const sw_http_header_t *h = &req->headers[i];

		FZ_CHECK(h->name >= head && h->name + h->name_len <= end && h->name_len > 0, "header name outside the head");
		FZ_CHECK(h->value >= head && h->value + h->value_len <= end, "header value outside the head");
		FZ_CHECK(memchr(h->name, '\0', h->name_len) == NULL && memchr(h->value, '\0', h->value_len) == NULL &&
						memchr(h->value, '\r', h->value_len) == NULL && memchr(h->value, '\n', h->value_len) == NULL &&
						memchr(h->name, ':', h->name_len) == NULL,
				"a NUL, CR, LF or colon inside an accepted field");
		if (h->name_len == 14 && strncasecmp(h->name, "content-length", 14) == 0) {
			cl = true;
		} else if (h->name_len == 17 && strncasecmp(h->name, "transfer-encoding", 17) == 0) {
			te = true;
		} else if (h->name_len == 4 && strncasecmp(h->name, "host", 4) == 0) {
			hosts++;
		}
	}
	FZ_CHECK(!(cl && te), "Content-Length and Transfer-Encoding accepted together");
	FZ_CHECK(req->version_minor == 0 || hosts == 1, "HTTP/1.%u accepted with %d Host fields", req->version_minor, hosts);
	FZ_CHECK(!(req->version_minor == 0 && te), "Transfer-Encoding accepted on HTTP/1.0");
	FZ_CHECK(memchr(head, '\0', len) == NULL, "a NUL inside an accepted head");
}

/* The plain definition of %XX decoding, as an oracle for sw_http_url_decode. */
static size_t reference_url_decode(const char *in, size_t len, bool plus_space, char *out)
{
	static const char hex[] = "0123456789abcdef0123456789ABCDEF";
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		const char *h1 = NULL, *h2 = NULL;

		if (in[i] == '%' && i + 2 < len && in[i + 1] != '\0' && in[i + 2] != '\0') {
			h1 = strchr(hex, in[i + 1]);
			h2 = strchr(hex, in[i + 2]);
		}
		if (h1 != NULL && h2 != NULL) {
			out[o++] = (char) (((h1 - hex) % 16) * 16 + (h2 - hex) % 16);
			i += 2;
		} else {
			out[o++] = in[i] == '+' && plus_space ? ' ' : in[i];
		}
	}
	return o;
}

/* sw_http_url_decode on an exact-size copy, against the oracle; sw_http_parse_date must not crash. */
static void fuzz_decoders(const char *s, size_t len, bool plus_space)
{
	char *copy = malloc(len ? len : 1), *ref = malloc(len ? len : 1);
	size_t n, rn;

	memcpy(copy, s, len);
	n = sw_http_url_decode(copy, len, plus_space);
	rn = reference_url_decode(s, len, plus_space, ref);
	FZ_CHECK(n <= len && n == rn && (n == 0 || memcmp(copy, ref, n) == 0),
			"url_decode of %zu bytes gave %zu, the oracle %zu", len, n, rn);
	(void) sw_http_parse_date(s, len);
	free(copy);
	free(ref);
}

static void fuzz_parse_head(const uint8_t *data, size_t len)
{
	sw_http_request_t *req = malloc(sizeof(*req));
	char *copy = malloc(len ? len : 1);

	memcpy(copy, data, len);
	if (sw_http_parse_head(copy, len, req) == SW_OK) {
		uint32_t i;

		check_head(copy, len, req);
		fuzz_decoders(req->path, req->path_len, false);
		if (req->query != NULL) {
			fuzz_decoders(req->query, req->query_len, true);
		}
		for (i = 0; i < req->header_count; i++) {
			fuzz_decoders(req->headers[i].value, req->headers[i].value_len, true);
		}
	} else {
		FZ_CHECK(req->status >= 400 && req->status <= 505, "error status %u", req->status);
	}
	free(copy);
	free(req);
}

/*
 * Reads the stream as a connection does: bytes arrive in pieces ending at
 * cuts[], each complete request is logged and dropped, the reader starts
 * over for the next. Logs the requests and the final state.
 */
static void read_stream(const sw_http_limits_t *lim, const uint8_t *data, size_t len, const size_t *cuts,
		size_t ncuts, fz_log_t *log)
{
	sw_http_request_t *req = malloc(sizeof(*req));
	char *buf = malloc(len ? len : 1);
	sw_http_reader_t r;
	size_t avail = 0, start = 0, k;
	int rc = SW_AGAIN;

	sw_http_reader_init(&r);
	for (k = 0; k < ncuts && rc != SW_ERR; k++) {
		memcpy(buf + avail, data + avail, cuts[k] - avail);
		avail = cuts[k];
		for (;;) {
			uint8_t before = r.phase;

			rc = sw_http_reader_feed(&r, lim, buf + start, avail - start, req);
			if (rc == SW_OK) {
				size_t used = sw_http_reader_consumed(&r), head = r.skip + r.head_len;

				FZ_CHECK(head <= r.body_end && r.body_end <= used && used <= avail - start,
						"request bounds: head end %zu, body end %zu, consumed %zu, available %zu", head,
						r.body_end, used, avail - start);
				FZ_CHECK(r.head_len <= lim->max_head, "head of %u bytes over the limit", r.head_len);
				FZ_CHECK(sw_http_reader_body_len(&r) <= lim->max_body, "body of %zu bytes over the limit",
						sw_http_reader_body_len(&r));
				FZ_CHECK(r.content_length == sw_http_reader_body_len(&r), "body length %zu, content length %llu",
						sw_http_reader_body_len(&r), (unsigned long long) r.content_length);
				if (before == SW_HTTP_READ_HEAD) {
					check_head(buf + start + r.skip, r.head_len, req);
					FZ_CHECK(req->flags == r.flags, "flags of the head and of the reader differ");
				}
				fz_log_u64(log, 'R', r.skip);
				fz_log_u64(log, 'H', r.head_len);
				fz_log_put(log, buf + start + r.skip, r.head_len);
				fz_log_u64(log, 'B', sw_http_reader_body_len(&r));
				fz_log_put(log, buf + start + head, sw_http_reader_body_len(&r));
				fz_log_u64(log, 'C', used);
				fz_log_u64(log, 'F', r.flags);
				start += used;
				sw_http_reader_init(&r);
				if (used == 0) {
					break;
				}
				continue;
			}
			if (rc == SW_ERR) {
				FZ_CHECK(r.status >= 400 && r.status <= 505, "error status %u", r.status);
			}
			break;
		}
	}
	fz_log_u64(log, 'E', (uint64_t) (int64_t) rc);
	fz_log_u64(log, 'S', r.status);
	if (rc == SW_AGAIN) {
		fz_log_u64(log, 'P', r.phase);
	}
	free(buf);
	free(req);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static size_t cuts[4096];
	sw_http_limits_t lim;
	fz_log_t whole = {0}, split = {0};
	fz_rng_t rng;
	size_t ncuts, one = 0;
	uint8_t c0;

	if (size < 3) {
		return 0;
	}
	c0 = data[0];
	rng.s = (uint32_t) data[1] | (uint32_t) data[2] << 8 | (uint32_t) size << 16;
	lim.max_head = (c0 & 0x1) ? 8192 : 16 + (c0 >> 2) * 8;
	lim.max_body = (c0 & 0x2) ? 1u << 20 : (c0 >> 3);
	data += 3;
	size -= 3;

	fuzz_parse_head(data, size);

	one = size;
	read_stream(&lim, data, size, &one, 1, &whole);
	ncuts = fz_make_cuts(&rng, size, (c0 >> 4) % 3, cuts, sizeof(cuts) / sizeof(cuts[0]));
	read_stream(&lim, data, size, cuts, ncuts, &split);
	fz_log_same(&whole, &split, "HTTP request reader");
	fz_log_free(&whole);
	fz_log_free(&split);
	return 0;
}
