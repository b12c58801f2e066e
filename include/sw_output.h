/*
 * The pending output of one connection: an ordered chain of memory blocks
 * and file ranges (sendfile), written when the socket takes it. Exists only
 * while something is pending, so idle connections cost nothing.
 */
#ifndef SW_OUTPUT_H
#define SW_OUTPUT_H

#include "sw_core.h"

#include <sys/types.h>

typedef struct sw_output_item sw_output_item_t;

typedef struct {
	sw_output_item_t *head;
	sw_output_item_t *tail;
	size_t bytes;              /* pending bytes, memory and file ranges together */
	size_t mem_bytes;          /* of which in memory (what socket_buffer_size bounds) */
} sw_output_t;

void sw_output_init(sw_output_t *out);
/* Releases every item (closing file descriptors). */
void sw_output_free(sw_output_t *out);
int sw_output_append(sw_output_t *out, const char *data, size_t len);
/* Takes ownership of file_fd: length bytes from offset, sent with sendfile(). */
int sw_output_append_file(sw_output_t *out, int file_fd, off_t offset, size_t length);
/*
 * Writes as much as the socket takes: SW_OK when everything is written,
 * SW_AGAIN when the socket is full, SW_ERR on a socket or file error (the
 * error is set; a file that got shorter counts as an error).
 */
int sw_output_write(sw_output_t *out, int sock_fd);

static inline bool sw_output_empty(const sw_output_t *out)
{
	return out->head == NULL;
}

#endif
