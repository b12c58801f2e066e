/*
 * Growable byte buffer. Growth doubles, so appends are amortised O(1).
 */
#include "sw_buffer.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void sw_buffer_init(sw_buffer_t *buf)
{
	buf->data = NULL;
	buf->length = 0;
	buf->offset = 0;
	buf->capacity = 0;
}

void sw_buffer_free(sw_buffer_t *buf)
{
	free(buf->data);
	sw_buffer_init(buf);
}

int sw_buffer_reserve(sw_buffer_t *buf, size_t extra)
{
	size_t need, cap;
	char *p;

	if (buf->capacity - buf->length >= extra) {
		return SW_OK;
	}
	/* Reuse consumed space at the front before growing. */
	if (buf->offset > 0 && buf->capacity - sw_buffer_used(buf) >= extra && buf->offset >= buf->capacity / 2) {
		sw_buffer_compact(buf);
		return SW_OK;
	}
	need = buf->length + extra;
	/* Doubling past SIZE_MAX / 2 would wrap to 0 and never reach need. */
	if (need < buf->length || need > SIZE_MAX / 2) {
		sw_error_set(SW_ERROR_MALLOC_FAIL);
		return SW_ERR;
	}
	cap = buf->capacity ? buf->capacity : 256;
	while (cap < need) {
		cap *= 2;
	}
	p = realloc(buf->data, cap);
	if (p == NULL) {
		sw_error_set(SW_ERROR_MALLOC_FAIL);
		return SW_ERR;
	}
	buf->data = p;
	buf->capacity = cap;
	return SW_OK;
}

int sw_buffer_append(sw_buffer_t *buf, const void *data, size_t len)
{
	if (len == 0) {
		return SW_OK;
	}
	if (sw_buffer_reserve(buf, len) != SW_OK) {
		return SW_ERR;
	}
	memcpy(buf->data + buf->length, data, len);
	buf->length += len;
	return SW_OK;
}

void sw_buffer_consume(sw_buffer_t *buf, size_t n)
{
	buf->offset += n;
	if (buf->offset >= buf->length) {
		buf->offset = 0;
		buf->length = 0;
	}
}

void sw_buffer_compact(sw_buffer_t *buf)
{
	size_t used = sw_buffer_used(buf);

	if (buf->offset == 0) {
		return;
	}
	if (used > 0) {
		memmove(buf->data, buf->data + buf->offset, used);
	}
	buf->offset = 0;
	buf->length = used;
}

void sw_buffer_reset(sw_buffer_t *buf, size_t keep)
{
	buf->offset = 0;
	buf->length = 0;
	if (buf->capacity > keep) {
		if (keep == 0) {
			sw_buffer_free(buf);
		} else {
			char *p = realloc(buf->data, keep);
			if (p != NULL) {
				buf->data = p;
				buf->capacity = keep;
			}
		}
	}
}
