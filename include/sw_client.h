/*
 * A blocking-style socket client with timeouts (Swoole\Client in
 * SWOOLE_SOCK_SYNC mode): TCP and UDP over IPv4/IPv6, and unix stream and
 * datagram sockets. The descriptor is non-blocking; every wait is a poll()
 * bounded by the caller's timeout, so no call can hang for ever.
 *
 * Timeouts are in milliseconds; a negative one means no limit. A timeout is
 * reported as SW_ERR with the last error ETIMEDOUT.
 *
 * Framing: with a frame mode other than SW_FRAME_NONE, sw_client_recv_frame()
 * returns exactly one frame (or, EOF mode without split, the run of frames
 * up to the last eof read), cut by the same code as the server's
 * (sw_frame_parse()).
 */
#ifndef SW_CLIENT_H
#define SW_CLIENT_H

#include "sw_core.h"
#include "sw_buffer.h"
#include "sw_protocol.h"
#include "sw_server.h"

typedef struct {
	int fd;
	sw_sock_type_t type;
	int family;             /* AF_INET, AF_INET6 or AF_UNIX */
	bool stream;
	bool connected;
	sw_frame_config_t frame;
	sw_buffer_t input;      /* bytes read but not yet returned */
	size_t scan_pos;        /* EOF framing: where the eof search resumes */
	size_t frame_pending;   /* bytes of the frame returned last, dropped on the next call */
} sw_client_t;

/* Creates the socket. SW_ERR: unknown type (SW_ERROR_INVALID_PARAMS) or socket() failed. */
int sw_client_create(sw_client_t *c, sw_sock_type_t type);
/*
 * Connects to host:port (host: a numeric address, a name resolved with
 * getaddrinfo(), or for unix sockets a path; port ignored then). A datagram
 * client only records the peer. SW_ERR with the errno (ECONNREFUSED,
 * ETIMEDOUT, ...) or SW_ERROR_INVALID_PARAMS for a bad host or port.
 */
int sw_client_connect(sw_client_t *c, const char *host, int port, int timeout_ms);
/* Sends all of data (stream) or one datagram. len on success, SW_ERR otherwise. */
ssize_t sw_client_send(sw_client_t *c, const char *data, size_t len, int timeout_ms);
/* One datagram to host:port (datagram clients only). */
ssize_t sw_client_sendto(sw_client_t *c, const char *host, int port, const char *data, size_t len);
/*
 * Up to size bytes; with waitall, exactly size bytes unless the peer closes
 * first. Returns the count (0: the peer closed and nothing was buffered) or
 * SW_ERR. Bytes that arrived before a waitall timeout are kept for the next
 * call, never dropped. peek: leave the data to be read again.
 */
ssize_t sw_client_recv(sw_client_t *c, char *buf, size_t size, bool waitall, bool peek, int timeout_ms);
/*
 * Framed receive. SW_OK with *frame set: one frame of *len bytes, valid
 * until the next call on c. SW_OK with *frame NULL: the peer closed (an
 * incomplete frame is discarded). SW_ERR: timeout, socket error, or a frame
 * breaking the limits (SW_ERROR_PACKAGE_LENGTH_TOO_LARGE or
 * SW_ERROR_PACKAGE_MALFORMED: the stream cannot be resynchronised, close).
 */
int sw_client_recv_frame(sw_client_t *c, const char **frame, size_t *len, int timeout_ms);
/* Local (peer = false) or remote address as text and port (port 0 for unix sockets). */
int sw_client_address(sw_client_t *c, bool peer, char *host, size_t hostlen, int *port);
/* Shuts the socket down and closes it; the client can be created again. */
void sw_client_close(sw_client_t *c);

#endif
