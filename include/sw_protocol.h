/*
 * Stream framing, done in the reactor threads before dispatch: turns the
 * bytes of a TCP stream into the frames the user asked for. Pure functions
 * over a buffer: the caller keeps the partial frame between reads.
 *
 * Modes (per listening port):
 * - SW_FRAME_NONE: every read is a message.
 * - SW_FRAME_EOF: frames end with `eof` (1..8 bytes). With eof_split each
 *   frame is delivered alone; without it, everything up to and including the
 *   last eof in the buffer is delivered as one message.
 * - SW_FRAME_LENGTH: a length field of type `length_type` (a pack() code:
 *   c C s S n N v V l L q Q J P) at `length_offset`; the frame is
 *   `body_offset + length` bytes.
 * Every frame (and, in EOF mode, every partial frame) is bounded by
 * max_length; beyond it, or with a negative or impossible length, parsing
 * fails and the caller closes that one connection.
 */
#ifndef SW_PROTOCOL_H
#define SW_PROTOCOL_H

#include "sw_core.h"

#include <sys/types.h>

typedef enum {
	SW_FRAME_NONE = 0,
	SW_FRAME_EOF = 1,
	SW_FRAME_LENGTH = 2,
	SW_FRAME_HTTP = 3,         /* HTTP/1.x requests (sw_http.h): read by src/server/http_conn.c */
} sw_frame_mode_t;

#define SW_FRAME_EOF_MAX 8

typedef struct {
	sw_frame_mode_t mode;
	bool eof_split;
	uint8_t eof_len;
	char eof[SW_FRAME_EOF_MAX];
	char length_type;          /* pack() code */
	uint32_t length_offset;
	uint32_t body_offset;
	size_t max_length;         /* package_max_length */
} sw_frame_config_t;

/* Called for each complete frame (or, EOF mode without split, each run of frames). Non-zero stops parsing. */
typedef int (*sw_frame_cb_t)(void *ctx, const char *frame, size_t len);

/* Size in bytes of a pack() length type, or 0 when the code is not one of c C s S n N v V l L q Q J P. */
size_t sw_frame_length_size(char type);

/* Checks a configuration; on error writes a message naming the setting to errbuf. */
int sw_frame_config_check(const sw_frame_config_t *c, char *errbuf, size_t errlen);

/*
 * Reads the length field at data (which holds at least sw_frame_length_size()
 * bytes) as a signed 64-bit value; unsigned 64-bit values above INT64_MAX
 * come back negative, i.e. invalid.
 */
int64_t sw_frame_read_length(char type, const char *data);

/*
 * Finds the complete frames at the start of data[0..len) and hands each to
 * cb. Returns how many bytes they took (the rest is an incomplete frame the
 * caller keeps and presents again, with more bytes appended), or SW_ERR with
 * the error set to SW_ERROR_PACKAGE_LENGTH_TOO_LARGE or
 * SW_ERROR_PACKAGE_MALFORMED. If cb returns non-zero, parsing stops after that
 * frame and the bytes consumed so far are returned.
 *
 * *scan_pos (EOF mode; may be NULL) is where the search for the eof may
 * resume: the caller keeps it with the partial frame (reset to 0 when the
 * buffer is emptied) so a long frame is not scanned again on every read.
 * *need (may be NULL) receives the size of the next frame when it is known
 * (length mode, header complete), else 0, so the caller can reserve it once.
 */
ssize_t sw_frame_parse(const sw_frame_config_t *c, const char *data, size_t len, sw_frame_cb_t cb, void *ctx,
		size_t *scan_pos, size_t *need);

#endif
