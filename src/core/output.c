/*
 * Output chain of a connection. Memory items are filled up to their
 * capacity before a new one is started, so many small sends make few
 * blocks; file items are written with sendfile() straight from the page
 * cache.
 */
#include "sw_output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

/* Smallest memory block; bigger appends get a block of their own size. */
#define SW_OUTPUT_BLOCK (16 * 1024)
/* Largest sendfile() per call, so one big file does not monopolise a loop iteration. */
#define SW_OUTPUT_SENDFILE_MAX (4 * 1024 * 1024)

struct sw_output_item {
	sw_output_item_t *next;
	int file_fd;               /* -1 for memory */
	off_t offset;              /* file: next byte to send */
	size_t length;             /* memory: bytes stored; file: bytes left */
	size_t pos;                /* memory: bytes already written */
	size_t capacity;           /* memory: room in data[] */
	char data[];
};

void sw_output_init(sw_output_t *out)
{
	out->head = NULL;
	out->tail = NULL;
	out->bytes = 0;
	out->mem_bytes = 0;
}

static void item_free(sw_output_item_t *item)
{
	if (item->file_fd >= 0) {
		close(item->file_fd);
	}
	free(item);
}

void sw_output_free(sw_output_t *out)
{
	sw_output_item_t *item = out->head;

	while (item != NULL) {
		sw_output_item_t *next = item->next;

		item_free(item);
		item = next;
	}
	sw_output_init(out);
}

static void link_item(sw_output_t *out, sw_output_item_t *item)
{
	item->next = NULL;
	if (out->tail != NULL) {
		out->tail->next = item;
	} else {
		out->head = item;
	}
	out->tail = item;
}

int sw_output_append(sw_output_t *out, const char *data, size_t len)
{
	sw_output_item_t *tail = out->tail, *item;
	size_t room;

	if (len == 0) {
		return SW_OK;
	}
	if (tail != NULL && tail->file_fd < 0) {
		room = tail->capacity - tail->length;
		if (room >= len) {
			memcpy(tail->data + tail->length, data, len);
			tail->length += len;
			out->bytes += len;
			out->mem_bytes += len;
			return SW_OK;
		}
	}
	room = len > SW_OUTPUT_BLOCK ? len : SW_OUTPUT_BLOCK;
	item = malloc(sizeof(*item) + room);
	if (item == NULL) {
		sw_error_set(SW_ERROR_MALLOC_FAIL);
		return SW_ERR;
	}
	item->file_fd = -1;
	item->offset = 0;
	item->length = len;
	item->pos = 0;
	item->capacity = room;
	memcpy(item->data, data, len);
	link_item(out, item);
	out->bytes += len;
	out->mem_bytes += len;
	return SW_OK;
}

int sw_output_append_file(sw_output_t *out, int file_fd, off_t offset, size_t length)
{
	sw_output_item_t *item;

	if (length == 0) {
		close(file_fd);
		return SW_OK;
	}
	item = malloc(sizeof(*item));
	if (item == NULL) {
		close(file_fd);
		sw_error_set(SW_ERROR_MALLOC_FAIL);
		return SW_ERR;
	}
	item->file_fd = file_fd;
	item->offset = offset;
	item->length = length;
	item->pos = 0;
	item->capacity = 0;
	link_item(out, item);
	out->bytes += length;
	return SW_OK;
}

/* Writes from one item. Returns bytes written, 0 when the socket is full, -1 on error. */
static ssize_t item_write(sw_output_item_t *item, int sock_fd)
{
	ssize_t n;

	for (;;) {
		if (item->file_fd < 0) {
			n = send(sock_fd, item->data + item->pos, item->length - item->pos, MSG_NOSIGNAL);
		} else {
			n = sendfile(sock_fd, item->file_fd, &item->offset, SW_MIN(item->length, (size_t) SW_OUTPUT_SENDFILE_MAX));
			if (n == 0) {
				/* The file is shorter than it was when the send was queued. */
				sw_error_set(SW_ERROR_WRONG_OPERATION);
				return -1;
			}
		}
		if (n >= 0) {
			return n;
		}
		if (errno == EINTR) {
			continue;
		}
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			return 0;
		}
		sw_error_set(errno);
		return -1;
	}
}

int sw_output_write(sw_output_t *out, int sock_fd)
{
	while (out->head != NULL) {
		sw_output_item_t *item = out->head;
		ssize_t n = item_write(item, sock_fd);

		if (n < 0) {
			return SW_ERR;
		}
		if (n == 0) {
			return SW_AGAIN;
		}
		out->bytes -= (size_t) n;
		if (item->file_fd < 0) {
			out->mem_bytes -= (size_t) n;
			item->pos += (size_t) n;
			if (item->pos < item->length) {
				continue;
			}
		} else {
			item->length -= (size_t) n;
			if (item->length > 0) {
				continue;
			}
		}
		out->head = item->next;
		if (out->head == NULL) {
			out->tail = NULL;
		}
		item_free(item);
	}
	return SW_OK;
}
