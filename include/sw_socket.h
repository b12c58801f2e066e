/*
 * Socket helpers that report errors through the return value and the last
 * error, never by logging.
 */
#ifndef SW_SOCKET_H
#define SW_SOCKET_H

#include "sw_core.h"
#include <sys/socket.h>
#include <sys/un.h>
#include <netinet/in.h>

typedef union {
	struct sockaddr sa;
	struct sockaddr_in in4;
	struct sockaddr_in6 in6;
	struct sockaddr_un un;
	struct sockaddr_storage ss;
} sw_sockaddr_t;

int sw_socket_set_nonblock(int fd, bool on);
int sw_socket_set_cloexec(int fd, bool on);
int sw_socket_set_nodelay(int fd, bool on);
int sw_socket_set_buffer_size(int fd, int bytes);
/*
 * Resolves a numeric IPv4/IPv6 host (or "localhost"), creates, binds and
 * listens. On failure returns SW_ERR with errno kept and a message in errbuf.
 */
int sw_socket_listen_tcp(const char *host, int port, int family, int backlog, char *errbuf, size_t errlen);
/* The same, with SO_REUSEPORT when asked; a backlog < 0 binds without listening. */
int sw_socket_listen_tcp_ex(const char *host, int port, int family, int backlog, bool reuse_port, char *errbuf,
		size_t errlen);
/* A bound UDP socket (non-blocking, close-on-exec); SW_ERR with a message as above. */
int sw_socket_bind_udp(const char *host, int port, int family, char *errbuf, size_t errlen);
/*
 * A unix socket bound to path (SOCK_STREAM: listening too), mode 0660 from
 * the start. A stale socket file of a server that is gone is replaced; one
 * that answers is "in use"; any other file there is an error.
 */
int sw_socket_bind_unix(const char *path, int type, int backlog, char *errbuf, size_t errlen);
/* Port a bound socket ended up on (port 0 asks the kernel for a free one). */
int sw_socket_local_port(int fd);
/* Fills ip (text) and port of the peer address. */
int sw_sockaddr_format(const sw_sockaddr_t *addr, char *ip, size_t iplen, int *port);
/* A SOCK_DGRAM socketpair with large buffers, both ends non-blocking and close-on-exec. */
int sw_socketpair_dgram(int fds[2], int bufsize);

#endif
