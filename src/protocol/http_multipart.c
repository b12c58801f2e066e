/*
 * multipart/form-data, streaming: the body may come in pieces split
 * anywhere; part data goes to the callback as it is found, holding back
 * only the bytes that may be the start of the next boundary. The delimiter
 * is CRLF "--" boundary, and a boundary never contains CR, so after a
 * mismatch the held bytes are data and matching restarts at the current
 * byte: no backtracking further than that.
 */
#include "sw_http.h"

#include <string.h>
#include <strings.h>

enum {
	MP_PREAMBLE = 0,   /* before the first boundary: discarded */
	MP_AFTER_DELIM,    /* "--" (the end) or optional whitespace and CRLF (a part) */
	MP_AFTER_DELIM_DASH,
	MP_AFTER_DELIM_CR,
	MP_HEADERS,
	MP_DATA,
	MP_DONE,
	MP_ERROR,
};

int sw_multipart_init(sw_multipart_t *m, const char *ct, size_t len, const sw_multipart_callbacks_t *cb, void *ctx)
{
	size_t i = 0, start, end;

	memset(m, 0, offsetof(sw_multipart_t, head));
	m->cb = cb;
	m->ctx = ctx;
	while (i + 9 <= len && strncasecmp(ct + i, "boundary=", 9) != 0) {
		i++;
	}
	if (i + 9 > len) {
		return SW_ERR;
	}
	start = i + 9;
	if (start < len && ct[start] == '"') {
		start++;
		end = start;
		while (end < len && ct[end] != '"') {
			end++;
		}
		if (end == len) {
			return SW_ERR;
		}
	} else {
		end = start;
		while (end < len && ct[end] != ';' && ct[end] != ' ' && ct[end] != '\t') {
			end++;
		}
	}
	if (end == start || end - start > SW_MULTIPART_BOUNDARY_MAX || memchr(ct + start, '\r', end - start) ||
			memchr(ct + start, '\n', end - start)) {
		return SW_ERR;
	}
	memcpy(m->delim, "\r\n--", 4);
	memcpy(m->delim + 4, ct + start, end - start);
	m->delim_len = 4 + (end - start);
	/* The body starts with the boundary itself: count its CRLF as already seen. */
	m->match = 2;
	m->state = MP_PREAMBLE;
	return SW_OK;
}

static int emit(sw_multipart_t *m, const char *data, size_t len)
{
	if (len == 0 || m->state != MP_DATA) {
		return SW_OK;
	}
	return m->cb->on_data(m->ctx, data, len) == 0 ? SW_OK : SW_ERR;
}

/* A parameter of Content-Disposition (name, filename), quoted or not. */
static bool find_param(const char *v, size_t len, const char *param, const char **out, size_t *out_len)
{
	size_t plen = strlen(param), i = 0;

	while (i < len) {
		/* Each parameter follows a ';'. */
		while (i < len && v[i] != ';') {
			if (v[i] == '"') {
				i++;
				while (i < len && v[i] != '"') {
					i += v[i] == '\\' ? 2 : 1;
				}
			}
			i++;
		}
		i++;
		while (i < len && (v[i] == ' ' || v[i] == '\t')) {
			i++;
		}
		if (i + plen + 1 <= len && strncasecmp(v + i, param, plen) == 0 && v[i + plen] == '=') {
			size_t s = i + plen + 1, e;

			if (s < len && v[s] == '"') {
				s++;
				e = s;
				while (e < len && v[e] != '"') {
					e += v[e] == '\\' ? 2 : 1;
				}
				if (e > len) {
					e = len;
				}
			} else {
				e = s;
				while (e < len && v[e] != ';' && v[e] != ' ') {
					e++;
				}
			}
			*out = v + s;
			*out_len = e - s;
			return true;
		}
	}
	return false;
}

static int parse_part_head(sw_multipart_t *m)
{
	sw_multipart_part_t part = {0};
	const char *p = m->head, *end = m->head + m->head_len;
	bool disposition = false;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t) (end - p)), *colon, *v, *ve;

		if (eol == NULL || eol == p || eol[-1] != '\r') {
			return SW_ERR;
		}
		if (eol - 1 == p) {
			break; /* the empty line */
		}
		colon = memchr(p, ':', (size_t) (eol - p));
		if (colon == NULL) {
			return SW_ERR;
		}
		v = colon + 1;
		ve = eol - 1;
		while (v < ve && (*v == ' ' || *v == '\t')) {
			v++;
		}
		if (colon - p == 19 && strncasecmp(p, "Content-Disposition", 19) == 0) {
			disposition = true;
			if (!find_param(v, (size_t) (ve - v), "name", &part.name, &part.name_len)) {
				return SW_ERR;
			}
			if (!find_param(v, (size_t) (ve - v), "filename", &part.filename, &part.filename_len)) {
				part.filename = NULL;
			}
		} else if (colon - p == 12 && strncasecmp(p, "Content-Type", 12) == 0) {
			part.content_type = v;
			part.content_type_len = (size_t) (ve - v);
		}
		p = eol + 1;
	}
	if (!disposition) {
		return SW_ERR;
	}
	return m->cb->on_part(m->ctx, &part) == 0 ? SW_OK : SW_ERR;
}

static int fail(sw_multipart_t *m)
{
	m->state = MP_ERROR;
	return SW_ERR;
}

int sw_multipart_feed(sw_multipart_t *m, const char *data, size_t len)
{
	size_t i = 0;

	while (i < len) {
		switch (m->state) {
		case MP_PREAMBLE:
		case MP_DATA:
			if (m->match == 0) {
				/* Only a CR can start the delimiter: pass everything before it at once. */
				const char *cr = memchr(data + i, '\r', len - i);
				size_t n = cr ? (size_t) (cr - data) - i : len - i;

				if (emit(m, data + i, n) != SW_OK) {
					return fail(m);
				}
				i += n;
				if (cr == NULL) {
					break;
				}
			}
			if (data[i] == m->delim[m->match]) {
				m->match++;
				i++;
				if (m->match == m->delim_len) {
					m->match = 0;
					if (m->state == MP_DATA && m->cb->on_part_end(m->ctx) != 0) {
						return fail(m);
					}
					m->state = MP_AFTER_DELIM;
				}
			} else {
				/* The held bytes were data after all; this byte may start a new match. */
				if (emit(m, m->delim, m->match) != SW_OK) {
					return fail(m);
				}
				m->match = 0;
				if (data[i] != '\r') {
					if (emit(m, data + i, 1) != SW_OK) {
						return fail(m);
					}
					i++;
				}
			}
			break;
		case MP_AFTER_DELIM:
			if (data[i] == '-') {
				m->state = MP_AFTER_DELIM_DASH;
			} else if (data[i] == '\r') {
				m->state = MP_AFTER_DELIM_CR;
			} else if (data[i] != ' ' && data[i] != '\t') {
				return fail(m);
			}
			i++;
			break;
		case MP_AFTER_DELIM_DASH:
			if (data[i] != '-') {
				return fail(m);
			}
			m->state = MP_DONE;
			i++;
			break;
		case MP_AFTER_DELIM_CR:
			if (data[i] != '\n') {
				return fail(m);
			}
			m->state = MP_HEADERS;
			m->head_len = 0;
			i++;
			break;
		case MP_HEADERS:
			if (m->head_len == sizeof(m->head)) {
				return fail(m);
			}
			m->head[m->head_len++] = data[i++];
			if ((m->head_len == 2 && memcmp(m->head, "\r\n", 2) == 0) ||
					(m->head_len >= 4 && memcmp(m->head + m->head_len - 4, "\r\n\r\n", 4) == 0)) {
				if (parse_part_head(m) != SW_OK) {
					return fail(m);
				}
				m->state = MP_DATA;
				m->match = 0;
			}
			break;
		case MP_DONE:
			return SW_OK; /* the epilogue is ignored */
		default:
			return SW_ERR;
		}
	}
	return SW_OK;
}

int sw_multipart_finish(sw_multipart_t *m)
{
	return m->state == MP_DONE ? SW_OK : SW_ERR;
}
