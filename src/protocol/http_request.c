/*
 * Reading HTTP/1.x requests: the checks on a lexed head (which fields must
 * be there, which may not meet) and the resumable reader that finds where a
 * request ends in a stream, decoding a chunked body in place. See sw_http.h
 * for the rules; nothing here allocates.
 */
#include "sw_http.h"

#include <string.h>
#include <strings.h>

static inline bool name_is(const sw_http_header_t *h, const char *name, size_t len)
{
	return h->name_len == len && strncasecmp(h->name, name, len) == 0;
}

#define NAME_IS(h, lit) name_is((h), lit, sizeof(lit) - 1)

const sw_http_header_t *sw_http_find_header(const sw_http_request_t *req, const char *name)
{
	size_t len = strlen(name);
	uint32_t i;

	for (i = 0; i < req->header_count; i++) {
		if (name_is(&req->headers[i], name, len)) {
			return &req->headers[i];
		}
	}
	return NULL;
}

static int fail(sw_http_request_t *req, int status)
{
	req->status = (uint16_t) status;
	return SW_ERR;
}

/* Content-Length: 1*DIGIT that fits in 63 bits. */
static bool parse_length(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (len == 0 || len > 18) {
		return false;
	}
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9') {
			return false;
		}
		v = v * 10 + (uint64_t) (s[i] - '0');
	}
	*out = v;
	return true;
}

/* Walks a comma-separated token list (Connection) for close / keep-alive. */
static void connection_tokens(const char *s, size_t len, bool *close, bool *keep)
{
	size_t i = 0;

	while (i < len) {
		size_t start, stop;

		while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == ',')) {
			i++;
		}
		start = i;
		while (i < len && s[i] != ',') {
			i++;
		}
		stop = i;
		while (stop > start && (s[stop - 1] == ' ' || s[stop - 1] == '\t')) {
			stop--;
		}
		if (stop - start == 5 && strncasecmp(s + start, "close", 5) == 0) {
			*close = true;
		} else if (stop - start == 10 && strncasecmp(s + start, "keep-alive", 10) == 0) {
			*keep = true;
		}
	}
}

/* Splits the target into path and query; absolute-form (http://host/path) gives its path. */
static int split_target(sw_http_request_t *req)
{
	const char *u = req->uri, *end = req->uri + req->uri_len, *q;

	if (u[0] != '/') {
		if (req->uri_len == 1 && u[0] == '*' && req->method_len == 7 && memcmp(req->method, "OPTIONS", 7) == 0) {
			req->path = u;
			req->path_len = 1;
			return SW_OK;
		}
		if (req->uri_len > 7 && (strncasecmp(u, "http://", 7) == 0 || strncasecmp(u, "https://", 8) == 0)) {
			const char *slash = memchr(u + 7, '/', (size_t) (end - u - 7));

			if (slash == NULL) {
				return SW_ERR; /* origin-form needs a path; absolute-form without one is "/" but rare: refuse */
			}
			u = slash;
		} else {
			return SW_ERR;
		}
	}
	q = memchr(u, '?', (size_t) (end - u));
	req->path = u;
	req->path_len = (uint32_t) ((q ? q : end) - u);
	if (q != NULL) {
		req->query = q + 1;
		req->query_len = (uint32_t) (end - q - 1);
	}
	return SW_OK;
}

int sw_http_parse_head(const char *head, size_t len, sw_http_request_t *req)
{
	const char *p = head, *end = head + len;
	bool have_length = false, have_te = false, have_host = false, close = false, keep = false;

	req->flags = 0;
	req->status = 0;
	req->header_count = 0;
	req->content_length = 0;
	req->query = NULL;
	req->query_len = 0;
	p = sw_http_lex_request_line(p, end, req);
	if (p == NULL) {
		return fail(req, 400);
	}
	if (req->version_major != 1) {
		return fail(req, req->version_major == 0 ? 400 : 505);
	}
	if (split_target(req) != SW_OK) {
		return fail(req, 400);
	}
	for (;;) {
		sw_http_header_t h;

		p = sw_http_lex_header(p, end, &h);
		if (p == NULL) {
			return fail(req, 400);
		}
		if (h.name == NULL) {
			break;
		}
		if (req->header_count == SW_HTTP_MAX_HEADERS) {
			return fail(req, 431);
		}
		req->headers[req->header_count++] = h;
		if (NAME_IS(&h, "content-length")) {
			uint64_t v;

			if (!parse_length(h.value, h.value_len, &v) || (have_length && v != req->content_length)) {
				return fail(req, 400);
			}
			have_length = true;
			req->content_length = v;
		} else if (NAME_IS(&h, "transfer-encoding")) {
			if (have_te) {
				return fail(req, 400);
			}
			have_te = true;
			if (h.value_len != 7 || strncasecmp(h.value, "chunked", 7) != 0) {
				return fail(req, h.value_len == 0 ? 400 : 501);
			}
		} else if (NAME_IS(&h, "host")) {
			if (have_host) {
				return fail(req, 400);
			}
			have_host = true;
		} else if (NAME_IS(&h, "connection")) {
			connection_tokens(h.value, h.value_len, &close, &keep);
		} else if (NAME_IS(&h, "expect")) {
			if (h.value_len != 12 || strncasecmp(h.value, "100-continue", 12) != 0) {
				return fail(req, 417);
			}
			req->flags |= SW_HTTP_EXPECT_CONTINUE;
		}
	}
	if (p != end) {
		return fail(req, 400); /* bytes after the empty line belong to no head */
	}
	if (req->version_minor >= 1 && !have_host) {
		return fail(req, 400);
	}
	/* Both framings at once is how requests get smuggled: refuse outright. */
	if (have_te && (have_length || req->version_minor == 0)) {
		return fail(req, 400);
	}
	if (have_te) {
		req->flags |= SW_HTTP_CHUNKED;
	}
	if (have_length) {
		req->flags |= SW_HTTP_HAS_LENGTH;
	}
	if (req->version_minor >= 1 ? !close : (keep && !close)) {
		req->flags |= SW_HTTP_KEEP_ALIVE;
	}
	return SW_OK;
}

/* ---------------------------------------------------------------- reader */

enum {
	CS_SIZE = 0,       /* hex digits of a chunk size */
	CS_EXT,            /* chunk extension, skipped */
	CS_SIZE_LF,
	CS_DATA,
	CS_DATA_CR,
	CS_DATA_LF,
	CS_TRAILER_START,  /* start of a trailer line, or the final CRLF */
	CS_TRAILER,
	CS_TRAILER_LF,
	CS_END_LF,
};

static int reader_fail(sw_http_reader_t *r, int status)
{
	r->status = (uint16_t) status;
	return SW_ERR;
}

static inline int hex_value(unsigned char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	c |= 0x20;
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	return -1;
}

/*
 * Decodes buf[raw_pos..len), moving chunk data down to body_end. Returns
 * SW_OK at the end of the body (the final CRLF), SW_AGAIN, or SW_ERR.
 */
static int decode_chunked(sw_http_reader_t *r, const sw_http_limits_t *lim, char *buf, size_t len)
{
	size_t i = r->raw_pos;

	while (i < len) {
		unsigned char c = (unsigned char) buf[i];

		switch (r->chunk_state) {
		case CS_SIZE: {
			int v = hex_value(c);

			if (v >= 0) {
				/* 16 hex digits are 64 bits; leading zeros do not count. */
				if (r->chunk_left == 0 && v == 0 && r->chunk_digits > 0) {
					i++;
					continue;
				}
				if (r->chunk_left >> 60) {
					return reader_fail(r, 400);
				}
				r->chunk_left = r->chunk_left * 16 + (uint64_t) v;
				r->chunk_digits++;
				i++;
				continue;
			}
			if (r->chunk_digits == 0) {
				return reader_fail(r, 400);
			}
			if (r->chunk_left > lim->max_body || r->content_length + r->chunk_left > lim->max_body) {
				return reader_fail(r, 413);
			}
			if (c == '\r') {
				r->chunk_state = CS_SIZE_LF;
			} else if (c == ';' || c == ' ' || c == '\t') {
				r->chunk_state = CS_EXT;
				r->ext_len = 0;
			} else {
				return reader_fail(r, 400);
			}
			i++;
			break;
		}
		case CS_EXT:
			if (c == '\r') {
				r->chunk_state = CS_SIZE_LF;
			} else if (c == '\n' || c == '\0' || ++r->ext_len > SW_HTTP_CHUNK_EXT_MAX) {
				return reader_fail(r, 400);
			}
			i++;
			break;
		case CS_SIZE_LF:
			if (c != '\n') {
				return reader_fail(r, 400);
			}
			i++;
			r->chunk_state = r->chunk_left == 0 ? CS_TRAILER_START : CS_DATA;
			break;
		case CS_DATA: {
			size_t n = len - i;

			if ((uint64_t) n > r->chunk_left) {
				n = (size_t) r->chunk_left;
			}
			if (r->body_end != i) {
				memmove(buf + r->body_end, buf + i, n);
			}
			r->body_end += n;
			r->content_length += n;
			r->chunk_left -= n;
			i += n;
			if (r->chunk_left == 0) {
				r->chunk_state = CS_DATA_CR;
			}
			break;
		}
		case CS_DATA_CR:
			if (c != '\r') {
				return reader_fail(r, 400);
			}
			r->chunk_state = CS_DATA_LF;
			i++;
			break;
		case CS_DATA_LF:
			if (c != '\n') {
				return reader_fail(r, 400);
			}
			r->chunk_state = CS_SIZE;
			r->chunk_digits = 0;
			i++;
			break;
		case CS_TRAILER_START:
			if (c == '\r') {
				r->chunk_state = CS_END_LF;
				i++;
				break;
			}
			r->chunk_state = CS_TRAILER;
			/* the byte starts a trailer field */
			__attribute__((fallthrough));
		case CS_TRAILER:
			if (c == '\r') {
				r->chunk_state = CS_TRAILER_LF;
			} else if (c == '\n' || c == '\0' || ++r->trailer_len > lim->max_head) {
				return reader_fail(r, c == '\n' || c == '\0' ? 400 : 431);
			}
			i++;
			break;
		case CS_TRAILER_LF:
			if (c != '\n') {
				return reader_fail(r, 400);
			}
			r->chunk_state = CS_TRAILER_START;
			i++;
			break;
		case CS_END_LF:
			if (c != '\n') {
				return reader_fail(r, 400);
			}
			r->raw_pos = i + 1;
			return SW_OK;
		default:
			return reader_fail(r, 500);
		}
	}
	r->raw_pos = i;
	return SW_AGAIN;
}

/*
 * Looks for the empty line that ends the head from scan_pos on: "\n\r\n", or
 * "\n\n" (a bare LF, which the lexer then refuses: better a clear 400 than a
 * wait). Returns the offset after it, or 0 with scan_pos moved on.
 */
static size_t find_head_end(sw_http_reader_t *r, const char *buf, size_t len)
{
	size_t i = r->scan_pos;

	while (i < len) {
		const char *nl = memchr(buf + i, '\n', len - i);

		if (nl == NULL) {
			r->scan_pos = len;
			return 0;
		}
		i = (size_t) (nl - buf);
		if (i + 1 >= len || (buf[i + 1] == '\r' && i + 2 >= len)) {
			r->scan_pos = i; /* the rest may complete it */
			return 0;
		}
		if (buf[i + 1] == '\n') {
			return i + 2;
		}
		if (buf[i + 1] == '\r' && buf[i + 2] == '\n') {
			return i + 3;
		}
		i++;
	}
	r->scan_pos = len;
	return 0;
}

static int read_head(sw_http_reader_t *r, const sw_http_limits_t *lim, char *buf, size_t len, sw_http_request_t *req)
{
	sw_http_request_t local;
	size_t end;

	/* Empty lines before a request are ignored (RFC 9112, 2.2), within the head's bound. */
	while (r->skip < len && r->scan_pos <= r->skip && (buf[r->skip] == '\r' || buf[r->skip] == '\n')) {
		if (buf[r->skip] == '\r' && (r->skip + 1 >= len || buf[r->skip + 1] != '\n')) {
			if (r->skip + 1 >= len) {
				return SW_AGAIN;
			}
			return reader_fail(r, 400);
		}
		r->skip += buf[r->skip] == '\r' ? 2 : 1;
		r->scan_pos = r->skip;
		if (r->skip > lim->max_head) {
			return reader_fail(r, 400);
		}
	}
	if (r->scan_pos < r->skip) {
		r->scan_pos = r->skip;
	}
	end = find_head_end(r, buf, len);
	if (end == 0) {
		if (len - r->skip > lim->max_head) {
			return reader_fail(r, 431);
		}
		return SW_AGAIN;
	}
	if (end - r->skip > lim->max_head) {
		return reader_fail(r, 431);
	}
	if (req == NULL) {
		req = &local;
	}
	if (sw_http_parse_head(buf + r->skip, end - r->skip, req) != SW_OK) {
		return reader_fail(r, req->status);
	}
	r->head_len = (uint32_t) (end - r->skip);
	r->flags = req->flags;
	r->body_end = end;
	r->raw_pos = end;
	if (req->flags & SW_HTTP_CHUNKED) {
		r->phase = SW_HTTP_READ_CHUNKED;
		r->content_length = 0;
		r->chunk_state = CS_SIZE;
	} else {
		if (req->content_length > lim->max_body) {
			return reader_fail(r, 413);
		}
		r->content_length = req->content_length;
		r->phase = SW_HTTP_READ_BODY;
	}
	return SW_OK;
}

int sw_http_reader_feed(sw_http_reader_t *r, const sw_http_limits_t *lim, char *buf, size_t len,
		sw_http_request_t *req)
{
	int rc;

	if (r->status != 0) {
		return SW_ERR;
	}
	if (r->phase == SW_HTTP_READ_HEAD) {
		rc = read_head(r, lim, buf, len, req);
		if (rc != SW_OK) {
			return rc;
		}
	}
	if (r->phase == SW_HTTP_READ_BODY) {
		size_t head_end = r->skip + r->head_len;

		if (len - head_end < r->content_length) {
			return SW_AGAIN;
		}
		r->body_end = head_end + (size_t) r->content_length;
		r->raw_pos = r->body_end;
		r->phase = SW_HTTP_READ_DONE;
		return SW_OK;
	}
	if (r->phase == SW_HTTP_READ_CHUNKED) {
		rc = decode_chunked(r, lim, buf, len);
		if (rc != SW_OK) {
			return rc;
		}
		r->phase = SW_HTTP_READ_DONE;
		return SW_OK;
	}
	return r->phase == SW_HTTP_READ_DONE ? SW_OK : SW_ERR;
}
