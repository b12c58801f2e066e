/*
 * Stream framing: cuts the bytes of a TCP stream into the frames the port was
 * configured for (see sw_protocol.h). Runs in the reactor threads for every
 * read, so the parse path allocates nothing and looks at each new byte about
 * once: the EOF search resumes where the previous read left it.
 *
 * Contract of sw_frame_parse, in detail:
 *
 * - data[0] is always the start of a frame: the caller drops exactly the
 *   returned number of bytes and presents the rest again, with new bytes
 *   appended.
 * - Frames that precede a bad one are delivered before SW_ERR is returned;
 *   after the error nothing more is delivered. The caller then closes the
 *   connection, so the exact count consumed before the error does not matter.
 * - *need is set on every return: in length mode, the size of the frame that
 *   stopped parsing for want of bytes when its header was complete; otherwise
 *   0 (header incomplete, nothing left, cb stopped parsing, error, other
 *   modes).
 * - *scan_pos (EOF mode) is an offset into data on entry: data[0..*scan_pos)
 *   has already been searched and holds no eof of the first frame, so the
 *   search starts there. Internally the call computes `resume`, the offset in
 *   data where the next search must start (the last eof_len - 1 bytes are
 *   searched again, since an eof may straddle two reads). On return with N
 *   bytes consumed, *scan_pos = resume - N, i.e. it is relative to the data
 *   that REMAINS once the caller drops those N bytes, and lies in
 *   [0, len - N]: the caller keeps it next to its buffer unchanged and passes
 *   it back with the next call. It is 0 when nothing remains, when cb stopped
 *   parsing in split mode (what follows that frame has not been searched; a
 *   run without split is the last delivery anyway, so a stop changes
 *   nothing), on error, and in the other modes. A value above len on entry cannot have come from this
 *   function; it is treated as 0 (search everything again) rather than
 *   trusted.
 * - Eof matching is leftmost and non-overlapping from the start of each
 *   frame, so a frame ends at the first eof after its start. Without
 *   eof_split the "last eof" is the last one found that way, so a run always
 *   ends exactly where split mode would have ended a frame.
 * - max_length bounds each frame. In EOF mode an unterminated partial frame
 *   that has reached max_length bytes can no longer end within the bound, so
 *   it fails at once. Without eof_split the delivered run may hold several
 *   frames and is not bounded as a whole: many small frames arriving in one
 *   read are legitimate.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "sw_protocol.h"

#include <endian.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

size_t sw_frame_length_size(char type)
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
	case 'q':
	case 'Q':
	case 'J':
	case 'P':
		return 8;
	default:
		return 0;
	}
}

/* An unsigned 64-bit length no int64_t can hold cannot be a real frame size. */
static inline int64_t length_from_u64(uint64_t v)
{
	if (v > (uint64_t) INT64_MAX) {
		return -1;
	}
	return (int64_t) v;
}

/* memcpy because the field sits at any offset of a network buffer: no alignment. */
static inline uint16_t load16(const char *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint32_t load32(const char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint64_t load64(const char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

int64_t sw_frame_read_length(char type, const char *data)
{
	/* pack(): s S l L q Q are host order, n N J big-endian, v V P little-endian. */
	switch (type) {
	case 'c':
		return (int8_t) data[0];
	case 'C':
		return (uint8_t) data[0];
	case 's':
		return (int16_t) load16(data);
	case 'S':
		return load16(data);
	case 'n':
		return be16toh(load16(data));
	case 'v':
		return le16toh(load16(data));
	case 'l':
		return (int32_t) load32(data);
	case 'L':
		return load32(data);
	case 'N':
		return be32toh(load32(data));
	case 'V':
		return le32toh(load32(data));
	case 'q':
		return (int64_t) load64(data);
	case 'Q':
		return length_from_u64(load64(data));
	case 'J':
		return length_from_u64(be64toh(load64(data)));
	case 'P':
		return length_from_u64(le64toh(load64(data)));
	default:
		/* Not a length type: nothing was read, report it as invalid. */
		return -1;
	}
}

static int config_error(char *errbuf, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int config_error(char *errbuf, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (errbuf != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(errbuf, errlen, fmt, ap);
		va_end(ap);
	}
	sw_error_set(SW_ERROR_INVALID_PARAMS);
	return SW_ERR;
}

static int config_check_eof(const sw_frame_config_t *c, char *errbuf, size_t errlen)
{
	if (c->eof_len < 1 || c->eof_len > SW_FRAME_EOF_MAX) {
		return config_error(errbuf, errlen, "package_eof must be 1 to %d bytes long, got %u", SW_FRAME_EOF_MAX,
				(unsigned) c->eof_len);
	}
	/* Every frame ends with the eof, so a smaller bound would reject them all. */
	if (c->max_length < c->eof_len) {
		return config_error(errbuf, errlen, "package_max_length (%zu) must be at least the length of package_eof (%u)",
				c->max_length, (unsigned) c->eof_len);
	}
	return SW_OK;
}

static int config_check_length(const sw_frame_config_t *c, char *errbuf, size_t errlen)
{
	size_t size = sw_frame_length_size(c->length_type);
	uint64_t header_end;

	if (size == 0) {
		return config_error(errbuf, errlen,
				"package_length_type must be one of c C s S n N v V l L q Q J P, got 0x%02x",
				(unsigned char) c->length_type);
	}
	/* 64-bit so that an offset near UINT32_MAX plus the field size cannot wrap. */
	header_end = (uint64_t) c->length_offset + size;
	if (c->body_offset < header_end) {
		return config_error(errbuf, errlen,
				"package_body_offset (%u) must be at least package_length_offset (%u) plus the %zu bytes of "
				"package_length_type '%c', so that the header holds the length field",
				c->body_offset, c->length_offset, size, c->length_type);
	}
	if (c->max_length <= c->body_offset) {
		return config_error(errbuf, errlen, "package_max_length (%zu) must be greater than package_body_offset (%u)",
				c->max_length, c->body_offset);
	}
	return SW_OK;
}

int sw_frame_config_check(const sw_frame_config_t *c, char *errbuf, size_t errlen)
{
	if (errbuf != NULL && errlen > 0) {
		errbuf[0] = '\0';
	}
	switch (c->mode) {
	case SW_FRAME_NONE:
	case SW_FRAME_HTTP:
		return SW_OK;
	case SW_FRAME_EOF:
		return config_check_eof(c, errbuf, errlen);
	case SW_FRAME_LENGTH:
		return config_check_length(c, errbuf, errlen);
	default:
		return config_error(errbuf, errlen, "unknown framing mode %d", (int) c->mode);
	}
}

/* What one call has to report back besides the return value. */
typedef struct {
	size_t scan_pos; /* absolute, converted to relative on return */
	size_t need;
} parse_state_t;

static ssize_t parse_fail(int code)
{
	sw_error_set(code);
	return SW_ERR;
}

static ssize_t parse_none(const char *data, size_t len, sw_frame_cb_t cb, void *ctx)
{
	if (len > 0) {
		cb(ctx, data, len);
	}
	return (ssize_t) len;
}

static ssize_t parse_length(const sw_frame_config_t *c, const char *data, size_t len, sw_frame_cb_t cb, void *ctx,
		parse_state_t *st)
{
	size_t header_end = c->length_offset + sw_frame_length_size(c->length_type);
	size_t start = 0;

	/* Checked here too: with body_offset below the header end a zero length would loop forever. */
	if (sw_unlikely(header_end == c->length_offset || c->body_offset < header_end)) {
		return parse_fail(SW_ERROR_INVALID_PARAMS);
	}
	while (len - start >= header_end) {
		int64_t length = sw_frame_read_length(c->length_type, data + start + c->length_offset);
		uint64_t total;

		if (length < 0) {
			return parse_fail(SW_ERROR_PACKAGE_MALFORMED);
		}
		/* Cannot wrap: length <= INT64_MAX and body_offset < 2^32. */
		total = (uint64_t) c->body_offset + (uint64_t) length;
		if (total > c->max_length) {
			return parse_fail(SW_ERROR_PACKAGE_LENGTH_TOO_LARGE);
		}
		if (total > len - start) {
			st->need = (size_t) total;
			break;
		}
		start += (size_t) total;
		if (cb(ctx, data + start - total, (size_t) total) != 0) {
			break;
		}
	}
	return (ssize_t) start;
}

/*
 * First eof at or after from, or NULL. memchr for the common one-byte case.
 * An empty range is not searched: an empty buffer may have a NULL data.
 */
static inline const char *eof_find(const sw_frame_config_t *c, const char *from, const char *end)
{
	if (from == end) {
		return NULL;
	}
	if (c->eof_len == 1) {
		return memchr(from, (unsigned char) c->eof[0], (size_t) (end - from));
	}
	return memmem(from, (size_t) (end - from), c->eof, c->eof_len);
}

/*
 * After searching data[from..len) in vain, an eof can still start in the last
 * eof_len - 1 bytes, completed by the next read: resume there, not earlier.
 */
static inline size_t eof_resume_pos(size_t from, size_t len, size_t eof_len)
{
	if (len >= eof_len - 1 && len - (eof_len - 1) > from) {
		return len - (eof_len - 1);
	}
	return from;
}

static ssize_t parse_eof_split(const sw_frame_config_t *c, const char *data, size_t len, sw_frame_cb_t cb, void *ctx,
		parse_state_t *st)
{
	size_t start = 0;
	size_t from = st->scan_pos;
	const char *match;

	while ((match = eof_find(c, data + from, data + len)) != NULL) {
		size_t end = (size_t) (match - data) + c->eof_len;

		if (end - start > c->max_length) {
			return parse_fail(SW_ERROR_PACKAGE_LENGTH_TOO_LARGE);
		}
		if (cb(ctx, data + start, end - start) != 0) {
			/* Nothing after this frame was searched yet. */
			st->scan_pos = end;
			return (ssize_t) end;
		}
		start = end;
		from = end;
	}
	if (len - start >= c->max_length) {
		return parse_fail(SW_ERROR_PACKAGE_LENGTH_TOO_LARGE);
	}
	st->scan_pos = eof_resume_pos(from, len, c->eof_len);
	return (ssize_t) start;
}

static ssize_t parse_eof_run(const sw_frame_config_t *c, const char *data, size_t len, sw_frame_cb_t cb, void *ctx,
		parse_state_t *st)
{
	size_t start = 0;
	size_t from = st->scan_pos;
	const char *match;
	int error = 0;

	/* Walk the frames one by one: each must respect max_length, and the run ends at the last boundary. */
	while ((match = eof_find(c, data + from, data + len)) != NULL) {
		size_t end = (size_t) (match - data) + c->eof_len;

		if (end - start > c->max_length) {
			error = SW_ERROR_PACKAGE_LENGTH_TOO_LARGE;
			break;
		}
		start = end;
		from = end;
	}
	if (error == 0 && len - start >= c->max_length) {
		error = SW_ERROR_PACKAGE_LENGTH_TOO_LARGE;
	}
	if (start > 0) {
		/* One message whatever cb says: there is nothing left to stop. */
		cb(ctx, data, start);
	}
	if (error != 0) {
		return parse_fail(error);
	}
	st->scan_pos = eof_resume_pos(from, len, c->eof_len);
	return (ssize_t) start;
}

ssize_t sw_frame_parse(const sw_frame_config_t *c, const char *data, size_t len, sw_frame_cb_t cb, void *ctx,
		size_t *scan_pos, size_t *need)
{
	parse_state_t st = {0, 0};
	ssize_t n;

	switch (c->mode) {
	case SW_FRAME_NONE:
		n = parse_none(data, len, cb, ctx);
		break;
	case SW_FRAME_LENGTH:
		n = parse_length(c, data, len, cb, ctx, &st);
		break;
	case SW_FRAME_EOF:
		if (sw_unlikely(c->eof_len < 1 || c->eof_len > SW_FRAME_EOF_MAX)) {
			n = parse_fail(SW_ERROR_INVALID_PARAMS);
			break;
		}
		if (scan_pos != NULL && *scan_pos <= len) {
			st.scan_pos = *scan_pos;
		}
		n = c->eof_split ? parse_eof_split(c, data, len, cb, ctx, &st) : parse_eof_run(c, data, len, cb, ctx, &st);
		break;
	default:
		n = parse_fail(SW_ERROR_INVALID_PARAMS);
		break;
	}
	if (scan_pos != NULL) {
		*scan_pos = n >= 0 && st.scan_pos > (size_t) n ? st.scan_pos - (size_t) n : 0;
	}
	if (need != NULL) {
		*need = n >= 0 ? st.need : 0;
	}
	return n;
}
