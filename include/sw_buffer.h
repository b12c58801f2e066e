/*
 * A growable byte buffer with a read offset: data lives in [offset, length).
 * Used for connection output, IPC queues and reassembly.
 */
#ifndef SW_BUFFER_H
#define SW_BUFFER_H

#include "sw_core.h"

typedef struct {
	char *data;
	size_t length;   /* end of valid data */
	size_t offset;   /* start of unconsumed data */
	size_t capacity;
} sw_buffer_t;

void sw_buffer_init(sw_buffer_t *buf);
void sw_buffer_free(sw_buffer_t *buf);
/* Makes room for at least `extra` more bytes after `length`. */
int sw_buffer_reserve(sw_buffer_t *buf, size_t extra);
int sw_buffer_append(sw_buffer_t *buf, const void *data, size_t len);
/* Marks n bytes at the front as consumed; resets when empty. */
void sw_buffer_consume(sw_buffer_t *buf, size_t n);
/* Moves unconsumed data to the front. */
void sw_buffer_compact(sw_buffer_t *buf);
/* Empties the buffer and releases memory beyond `keep` bytes of capacity. */
void sw_buffer_reset(sw_buffer_t *buf, size_t keep);

static inline size_t sw_buffer_used(const sw_buffer_t *buf)
{
	return buf->length - buf->offset;
}

static inline char *sw_buffer_head(const sw_buffer_t *buf)
{
	return buf->data + buf->offset;
}

#endif
