/*
 * IPC messages between reactor threads, workers and (later) task workers.
 *
 * Every datagram starts with a fixed 24-byte header. A message whose payload
 * does not fit in one datagram (SW_IPC_MAX_PAYLOAD) travels as ordered chunks:
 * the first carries SW_IPC_FIRST, the last SW_IPC_LAST, a single datagram
 * carries both. All chunks of one message are written back to back on one
 * channel (a channel has one writer per direction), so the receiver
 * reassembles per channel and can never mix two messages' chunks. Every chunk
 * repeats the total length so the receiver allocates once and can refuse a
 * message over package_max_length before buffering any of it.
 */
#ifndef SW_IPC_H
#define SW_IPC_H

#include "sw_core.h"
#include "sw_buffer.h"

enum sw_ipc_type {
	/* reactor -> worker */
	SW_IPC_CONNECT = 1,     /* a connection was accepted */
	SW_IPC_RECEIVE = 2,     /* data from a connection */
	SW_IPC_CLOSE = 3,       /* a connection is gone: run onClose */
	SW_IPC_BUFFER_FULL = 4, /* its pending output reached the high watermark */
	SW_IPC_BUFFER_EMPTY = 5, /* ... and fell back to the low watermark */
	SW_IPC_PACKET = 6,      /* a datagram of a UDP / unix dgram port: sw_ipc_packet_t, then the data */
	/* worker -> reactor */
	SW_IPC_SEND = 10,       /* write payload to session */
	SW_IPC_CLOSE_REQUEST = 11, /* close session after its pending output */
	SW_IPC_SENDFILE = 12,   /* payload: sw_ipc_sendfile_t then the path */
	SW_IPC_PAUSE_RECV = 13,
	SW_IPC_RESUME_RECV = 14,
	/* between workers and task workers (inboxes); session_id carries the task id */
	SW_IPC_TASK = 20,
	SW_IPC_TASK_WAIT = 21,     /* a task whose result someone waits for in taskwait */
	SW_IPC_FINISH = 22,
	SW_IPC_FINISH_FAILED = 23, /* the task worker died with this task: no result will come */
	SW_IPC_PIPE_MESSAGE = 24,
	SW_IPC_WAIT_RESULT = 25,   /* the result of a taskwait task: never goes to onFinish */
};

typedef struct {
	int64_t offset;
	int64_t length;
} sw_ipc_sendfile_t;

/* Where a datagram came from (SW_IPC_PACKET). */
typedef struct {
	uint16_t family;       /* AF_INET, AF_INET6, AF_UNIX */
	uint16_t port;
	uint16_t listener;
	uint16_t addr_len;     /* bytes of addr used: 4, 16, or the path's length */
	char addr[108];        /* network order address, or the sender's socket path */
} sw_ipc_packet_t;

#define SW_IPC_FIRST 0x1u
#define SW_IPC_LAST 0x2u
/* Came through a SysV message queue: complete in one datagram, never chunked. */
#define SW_IPC_QUEUED 0x4u
/* The payload is the path of a file holding the real payload (task_tmpdir). */
#define SW_IPC_TMPFILE 0x8u

typedef struct {
	uint32_t len;          /* payload bytes in this datagram */
	uint32_t total;        /* payload bytes of the whole message */
	uint32_t session_id;
	uint16_t reactor_id;
	uint8_t type;          /* enum sw_ipc_type */
	uint8_t flags;         /* SW_IPC_FIRST / SW_IPC_LAST */
	int32_t worker_id;     /* sending worker, or -1 from a reactor thread */
	uint32_t reserved;     /* reactor -> worker: the connection's listener; worker -> reactor SEND / SENDFILE:
	                          SW_SEND_* flags; tasks: data flags */
} sw_ipc_header_t;

_Static_assert(sizeof(sw_ipc_header_t) == 24, "the IPC header is part of the wire format");

#define SW_IPC_DGRAM_MAX (sizeof(sw_ipc_header_t) + SW_IPC_MAX_PAYLOAD)

/* A complete message as the receiver sees it. */
typedef struct {
	sw_ipc_header_t hdr;   /* hdr.len == hdr.total == len */
	const char *data;      /* valid until the next feed or reset */
	size_t len;
} sw_ipc_message_t;

/* Reassembles the chunked messages of one channel. */
typedef struct {
	sw_buffer_t buf;
	sw_ipc_header_t hdr;   /* header of the message being assembled */
	bool active;
	bool skipping;         /* discarding the chunks of a refused message */
	size_t max_length;     /* largest message accepted */
	uint64_t dropped;      /* messages dropped because of protocol errors */
} sw_ipc_assembler_t;

void sw_ipc_assembler_init(sw_ipc_assembler_t *a, size_t max_length);
void sw_ipc_assembler_free(sw_ipc_assembler_t *a);
/*
 * Feeds one datagram. Returns SW_OK with *out filled when a message is
 * complete (a single-datagram message points into dgram itself, no copy),
 * SW_AGAIN when more chunks are needed, SW_ERR on a malformed datagram, a
 * chunk out of order or a message over max_length: the error is set, the
 * partial message is dropped and the assembler is ready for the next one.
 */
int sw_ipc_assembler_feed(sw_ipc_assembler_t *a, const char *dgram, size_t n, sw_ipc_message_t *out);
/* Drops a partial message (e.g. its connection closed). */
void sw_ipc_assembler_reset(sw_ipc_assembler_t *a);

/*
 * Outgoing queue of one channel end: datagrams stored back to back, each
 * preceded by its uint32_t length, written with sendmmsg() in batches.
 */
typedef struct {
	int fd;
	sw_buffer_t queue;
	uint32_t pending;      /* datagrams queued */
	uint32_t chunk_max;    /* payload bytes per datagram */
	int msgq;              /* >= 0: written to this SysV message queue instead of fd */
	long mtype;
	void *scratch;         /* msgq: one message being built (type + datagram) */
	/* loopback (SWOOLE_BASE): flush hands each datagram to this function instead of a socket */
	void (*loopback)(void *ctx, const char *dgram, size_t len);
	void *loopback_ctx;
	sw_buffer_t spare;     /* loopback: the other buffer, swapped in while one is handed over */
} sw_ipc_outq_t;

void sw_ipc_outq_init(sw_ipc_outq_t *q, int fd);
/*
 * Makes q write to a SysV message queue, messages of type mtype, chunks of at
 * most msg_max bytes with their header (ipc_mode 2). Readiness cannot be
 * polled: flush() returns SW_AGAIN while the queue is full and the caller
 * tries again later.
 */
int sw_ipc_outq_use_msgq(sw_ipc_outq_t *q, int qid, long mtype, size_t msg_max);
/* Makes q a loopback queue (SWOOLE_BASE: the reactor and the worker are one process). */
void sw_ipc_outq_use_loopback(sw_ipc_outq_t *q, void (*fn)(void *ctx, const char *dgram, size_t len), void *ctx);
void sw_ipc_outq_free(sw_ipc_outq_t *q);
/*
 * Queues a message, split into chunks as needed. hdr's type, session_id,
 * reactor_id and worker_id are used; len, total and flags are filled in.
 */
int sw_ipc_outq_push(sw_ipc_outq_t *q, const sw_ipc_header_t *hdr, const char *data, size_t len);
/* The same for a message made of prefix[0..plen) followed by data[0..dlen), without joining them first. */
int sw_ipc_outq_pushv(sw_ipc_outq_t *q, const sw_ipc_header_t *hdr, const void *prefix, size_t plen, const char *data,
		size_t dlen);
/* Writes what the socket takes: SW_OK when empty, SW_AGAIN when data remains, SW_ERR on error. */
int sw_ipc_outq_flush(sw_ipc_outq_t *q);
/* Writes everything, waiting for the socket up to timeout_ms (-1: forever). */
int sw_ipc_outq_flush_wait(sw_ipc_outq_t *q, int timeout_ms);

static inline bool sw_ipc_outq_empty(const sw_ipc_outq_t *q)
{
	return q->pending == 0;
}

/*
 * Reads up to `max` datagrams with one recvmmsg(). bufs is max slots of
 * SW_IPC_DGRAM_MAX bytes each; lens receives each datagram's size. Returns
 * the count, 0 when nothing is waiting, SW_ERR on error.
 */
int sw_ipc_read_batch(int fd, char *bufs, size_t *lens, int max);

#endif
