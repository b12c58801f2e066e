/*
 * The synchronous client (see sw_client.h). Each wait goes through
 * wait_fd(), which polls for the remaining part of the caller's timeout.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "sw_client.h"
#include "sw_socket.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* Bytes asked of the kernel per read while assembling frames. */
#define SW_CLIENT_READ_CHUNK (64 * 1024)

typedef union {
	sw_sockaddr_t in;
	struct sockaddr_un un;
} sw_client_addr_t;

static int64_t deadline_of(int timeout_ms)
{
	return timeout_ms < 0 ? -1 : sw_time_ms() + timeout_ms;
}

/* Waits until fd is ready for events or the deadline passes (SW_ERR, ETIMEDOUT). */
static int wait_fd(int fd, short events, int64_t deadline)
{
	struct pollfd pfd = {.fd = fd, .events = events};
	int rc, ms;

	for (;;) {
		if (deadline < 0) {
			ms = -1;
		} else {
			int64_t left = deadline - sw_time_ms();

			if (left <= 0) {
				sw_error_set(ETIMEDOUT);
				return SW_ERR;
			}
			ms = (int) SW_MIN(left, 1000000000);
		}
		rc = poll(&pfd, 1, ms);
		if (rc > 0) {
			return SW_OK;
		}
		if (rc < 0 && errno != EINTR) {
			sw_error_set(errno);
			return SW_ERR;
		}
	}
}

int sw_client_create(sw_client_t *c, sw_sock_type_t type)
{
	int socktype;

	memset(c, 0, sizeof(*c));
	c->fd = -1;
	switch (type) {
	case SW_SOCK_TCP:
	case SW_SOCK_UDP:
		c->family = AF_INET;
		break;
	case SW_SOCK_TCP6:
	case SW_SOCK_UDP6:
		c->family = AF_INET6;
		break;
	case SW_SOCK_UNIX_STREAM:
	case SW_SOCK_UNIX_DGRAM:
		c->family = AF_UNIX;
		break;
	default:
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return SW_ERR;
	}
	c->type = type;
	c->stream = type == SW_SOCK_TCP || type == SW_SOCK_TCP6 || type == SW_SOCK_UNIX_STREAM;
	socktype = c->stream ? SOCK_STREAM : SOCK_DGRAM;
	c->fd = socket(c->family, socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0) {
		sw_error_set(errno);
		return SW_ERR;
	}
	sw_buffer_init(&c->input);
	if (c->family != AF_UNIX && c->stream) {
		sw_socket_set_nodelay(c->fd, true);
	}
	return SW_OK;
}

/* Fills addr for host:port in the client's family. */
static int resolve(sw_client_t *c, const char *host, int port, sw_client_addr_t *addr, socklen_t *len)
{
	struct addrinfo hints, *res = NULL;
	int rc;

	memset(addr, 0, sizeof(*addr));
	if (c->family == AF_UNIX) {
		size_t n = strlen(host);

		if (n == 0 || n >= sizeof(addr->un.sun_path)) {
			sw_error_set(SW_ERROR_INVALID_PARAMS);
			return SW_ERR;
		}
		addr->un.sun_family = AF_UNIX;
		memcpy(addr->un.sun_path, host, n + 1);
		*len = (socklen_t) (offsetof(struct sockaddr_un, sun_path) + n + 1);
		return SW_OK;
	}
	if (port < 1 || port > 65535) {
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return SW_ERR;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = c->family;
	hints.ai_socktype = c->stream ? SOCK_STREAM : SOCK_DGRAM;
	rc = getaddrinfo(host, NULL, &hints, &res);
	if (rc != 0 || res == NULL) {
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		if (res) {
			freeaddrinfo(res);
		}
		return SW_ERR;
	}
	memcpy(&addr->in, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	if (c->family == AF_INET6) {
		addr->in.in6.sin6_port = htons((uint16_t) port);
	} else {
		addr->in.in4.sin_port = htons((uint16_t) port);
	}
	return SW_OK;
}

int sw_client_connect(sw_client_t *c, const char *host, int port, int timeout_ms)
{
	sw_client_addr_t addr;
	socklen_t len;
	int err = 0;
	socklen_t errlen = sizeof(err);

	if (c->fd < 0 || c->connected) {
		sw_error_set(c->fd < 0 ? SW_ERROR_CLIENT_NO_CONNECTION : EISCONN);
		return SW_ERR;
	}
	if (resolve(c, host, port, &addr, &len) != SW_OK) {
		return SW_ERR;
	}
	if (connect(c->fd, (struct sockaddr *) &addr, len) == 0) {
		c->connected = true;
		return SW_OK;
	}
	if (errno != EINPROGRESS && errno != EAGAIN) {
		sw_error_set(errno);
		return SW_ERR;
	}
	if (wait_fd(c->fd, POLLOUT, deadline_of(timeout_ms)) != SW_OK) {
		return SW_ERR;
	}
	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &errlen) < 0) {
		err = errno;
	}
	if (err != 0) {
		sw_error_set(err);
		return SW_ERR;
	}
	c->connected = true;
	return SW_OK;
}

ssize_t sw_client_send(sw_client_t *c, const char *data, size_t len, int timeout_ms)
{
	int64_t deadline = deadline_of(timeout_ms);
	size_t off = 0;

	if (!c->connected) {
		sw_error_set(SW_ERROR_CLIENT_NO_CONNECTION);
		return SW_ERR;
	}
	while (off < len || (len == 0 && !c->stream)) {
		ssize_t n = send(c->fd, data + off, len - off, MSG_NOSIGNAL);

		if (n >= 0) {
			off += (size_t) n;
			if (!c->stream) {
				break;
			}
			continue;
		}
		if (errno == EINTR) {
			continue;
		}
		if (errno != EAGAIN && errno != EWOULDBLOCK) {
			sw_error_set(errno);
			return SW_ERR;
		}
		if (wait_fd(c->fd, POLLOUT, deadline) != SW_OK) {
			return SW_ERR;
		}
	}
	return (ssize_t) off;
}

ssize_t sw_client_sendto(sw_client_t *c, const char *host, int port, const char *data, size_t len)
{
	sw_client_addr_t addr;
	socklen_t alen;
	ssize_t n;

	if (c->fd < 0 || c->stream) {
		sw_error_set(c->fd < 0 ? SW_ERROR_CLIENT_NO_CONNECTION : SW_ERROR_WRONG_OPERATION);
		return SW_ERR;
	}
	if (resolve(c, host, port, &addr, &alen) != SW_OK) {
		return SW_ERR;
	}
	do {
		n = sendto(c->fd, data, len, MSG_NOSIGNAL, (struct sockaddr *) &addr, alen);
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		sw_error_set(errno);
		return SW_ERR;
	}
	return n;
}

/* One read into buf; SW_AGAIN when nothing is there yet. */
static ssize_t read_once(sw_client_t *c, char *buf, size_t size, int flags)
{
	ssize_t n;

	do {
		n = recv(c->fd, buf, size, flags);
	} while (n < 0 && errno == EINTR);
	if (n >= 0) {
		return n;
	}
	if (errno == EAGAIN || errno == EWOULDBLOCK) {
		return SW_AGAIN;
	}
	sw_error_set(errno);
	return SW_ERR;
}

ssize_t sw_client_recv(sw_client_t *c, char *buf, size_t size, bool waitall, bool peek, int timeout_ms)
{
	int64_t deadline = deadline_of(timeout_ms);
	size_t got = 0;

	if (c->fd < 0 || (c->stream && !c->connected)) {
		sw_error_set(SW_ERROR_CLIENT_NO_CONNECTION);
		return SW_ERR;
	}
	if (size == 0) {
		return 0;
	}
	/* what a timed-out waitall left behind comes first */
	if (sw_buffer_used(&c->input) > 0 && c->frame_pending == 0) {
		got = SW_MIN(size, sw_buffer_used(&c->input));
		memcpy(buf, sw_buffer_head(&c->input), got);
		if (!peek) {
			sw_buffer_consume(&c->input, got);
		}
		if (!waitall || got == size || peek) {
			return (ssize_t) got;
		}
	}
	for (;;) {
		ssize_t n = read_once(c, buf + got, size - got, peek ? MSG_PEEK : 0);

		if (n > 0) {
			got += (size_t) n;
			if (!waitall || got == size || !c->stream || peek) {
				return (ssize_t) got;
			}
			continue;
		}
		if (n == 0) {
			/* the peer closed: what was read so far is the answer */
			return (ssize_t) got;
		}
		if (n == SW_ERR || wait_fd(c->fd, POLLIN, deadline) != SW_OK) {
			/* keep what arrived for the next call */
			if (got > 0) {
				sw_buffer_append(&c->input, buf, got);
			}
			return SW_ERR;
		}
	}
}

/* Frame callback: remembers the first frame and stops the parser. */
typedef struct {
	const char *frame;
	size_t len;
} sw_client_frame_t;

static int take_frame(void *ctx, const char *frame, size_t len)
{
	sw_client_frame_t *f = ctx;

	f->frame = frame;
	f->len = len;
	return 1;
}

int sw_client_recv_frame(sw_client_t *c, const char **frame, size_t *len, int timeout_ms)
{
	int64_t deadline = deadline_of(timeout_ms);

	*frame = NULL;
	*len = 0;
	if (c->fd < 0 || !c->connected) {
		sw_error_set(SW_ERROR_CLIENT_NO_CONNECTION);
		return SW_ERR;
	}
	if (c->frame_pending > 0) {
		sw_buffer_consume(&c->input, c->frame_pending);
		c->frame_pending = 0;
	}
	for (;;) {
		sw_client_frame_t f = {NULL, 0};
		size_t need = 0, want;
		ssize_t used, n;

		if (sw_buffer_used(&c->input) > 0) {
			used = sw_frame_parse(&c->frame, sw_buffer_head(&c->input), sw_buffer_used(&c->input), take_frame, &f,
					&c->scan_pos, &need);
			if (used < 0) {
				return SW_ERR;
			}
			if (f.frame) {
				*frame = f.frame;
				*len = f.len;
				c->frame_pending = (size_t) used;
				return SW_OK;
			}
		}
		want = need > sw_buffer_used(&c->input) ? need - sw_buffer_used(&c->input) : SW_CLIENT_READ_CHUNK;
		want = SW_MAX(SW_MIN(want, (size_t) 8 * 1024 * 1024), (size_t) SW_CLIENT_READ_CHUNK);
		if (sw_buffer_reserve(&c->input, want) != SW_OK) {
			sw_error_set(SW_ERROR_MALLOC_FAIL);
			return SW_ERR;
		}
		n = read_once(c, c->input.data + c->input.length, want, 0);
		if (n > 0) {
			c->input.length += (size_t) n;
			continue;
		}
		if (n == 0) {
			/* closed: an incomplete frame can never complete */
			sw_buffer_reset(&c->input, 0);
			c->scan_pos = 0;
			return SW_OK;
		}
		if (n == SW_ERR || wait_fd(c->fd, POLLIN, deadline) != SW_OK) {
			return SW_ERR;
		}
	}
}

int sw_client_address(sw_client_t *c, bool peer, char *host, size_t hostlen, int *port)
{
	sw_client_addr_t addr;
	socklen_t len = sizeof(addr);
	int rc;

	if (c->fd < 0) {
		sw_error_set(SW_ERROR_CLIENT_NO_CONNECTION);
		return SW_ERR;
	}
	memset(&addr, 0, sizeof(addr));
	rc = peer ? getpeername(c->fd, (struct sockaddr *) &addr, &len) : getsockname(c->fd, (struct sockaddr *) &addr, &len);
	if (rc < 0) {
		sw_error_set(errno);
		return SW_ERR;
	}
	if (addr.un.sun_family == AF_UNIX) {
		size_t n = len > offsetof(struct sockaddr_un, sun_path) ? strnlen(addr.un.sun_path, len - offsetof(struct sockaddr_un, sun_path)) : 0;

		n = SW_MIN(n, hostlen - 1);
		memcpy(host, addr.un.sun_path, n);
		host[n] = '\0';
		*port = 0;
		return SW_OK;
	}
	return sw_sockaddr_format(&addr.in, host, hostlen, port);
}

void sw_client_close(sw_client_t *c)
{
	if (c->fd >= 0) {
		close(c->fd);
		c->fd = -1;
	}
	c->connected = false;
	sw_buffer_free(&c->input);
	c->scan_pos = 0;
	c->frame_pending = 0;
}
