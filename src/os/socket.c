/*
 * Socket helpers. They return errors (errno kept, last error set) and leave
 * reporting to the caller.
 */
#include "sw_socket.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

int sw_socket_set_nonblock(int fd, bool on)
{
	int flags = fcntl(fd, F_GETFL);

	if (flags < 0) {
		sw_error_set(errno);
		return SW_ERR;
	}
	flags = on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
	if (fcntl(fd, F_SETFL, flags) < 0) {
		sw_error_set(errno);
		return SW_ERR;
	}
	return SW_OK;
}

int sw_socket_set_cloexec(int fd, bool on)
{
	int flags = fcntl(fd, F_GETFD);

	if (flags < 0) {
		sw_error_set(errno);
		return SW_ERR;
	}
	flags = on ? (flags | FD_CLOEXEC) : (flags & ~FD_CLOEXEC);
	if (fcntl(fd, F_SETFD, flags) < 0) {
		sw_error_set(errno);
		return SW_ERR;
	}
	return SW_OK;
}

int sw_socket_set_nodelay(int fd, bool on)
{
	int v = on ? 1 : 0;

	if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, sizeof(v)) < 0) {
		sw_error_set(errno);
		return SW_ERR;
	}
	return SW_OK;
}

int sw_socket_set_buffer_size(int fd, int bytes)
{
	int ok = SW_OK;

	/* SO_*BUFFORCE passes the system maximum when we may; fall back quietly. */
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &bytes, sizeof(bytes)) < 0 &&
			setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof(bytes)) < 0) {
		ok = SW_ERR;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)) < 0 &&
			setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes)) < 0) {
		ok = SW_ERR;
	}
	if (ok != SW_OK) {
		sw_error_set(errno);
	}
	return ok;
}

static int resolve(const char *host, int port, int family, sw_sockaddr_t *addr, socklen_t *len)
{
	memset(addr, 0, sizeof(*addr));
	if (strcmp(host, "localhost") == 0) {
		host = family == AF_INET6 ? "::1" : "127.0.0.1";
	}
	if (family == AF_INET6) {
		addr->in6.sin6_family = AF_INET6;
		addr->in6.sin6_port = htons((uint16_t) port);
		*len = sizeof(addr->in6);
		return inet_pton(AF_INET6, host, &addr->in6.sin6_addr) == 1 ? SW_OK : SW_ERR;
	}
	addr->in4.sin_family = AF_INET;
	addr->in4.sin_port = htons((uint16_t) port);
	*len = sizeof(addr->in4);
	return inet_pton(AF_INET, host, &addr->in4.sin_addr) == 1 ? SW_OK : SW_ERR;
}

/* resolve() with the port checked, and a message naming what is wrong. */
static int resolve_checked(const char *host, int port, int family, sw_sockaddr_t *addr, socklen_t *len, char *errbuf,
		size_t errlen)
{
	if (port < 0 || port > 65535) {
		snprintf(errbuf, errlen, "invalid port %d (allowed: 0 to 65535)", port);
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return SW_ERR;
	}
	if (resolve(host, port, family, addr, len) != SW_OK) {
		snprintf(errbuf, errlen, "invalid address \"%s\": expected a numeric %s address", host,
				family == AF_INET6 ? "IPv6" : "IPv4");
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return SW_ERR;
	}
	return SW_OK;
}

int sw_socket_listen_tcp(const char *host, int port, int family, int backlog, char *errbuf, size_t errlen)
{
	return sw_socket_listen_tcp_ex(host, port, family, backlog, false, errbuf, errlen);
}

int sw_socket_listen_tcp_ex(const char *host, int port, int family, int backlog, bool reuse_port, char *errbuf,
		size_t errlen)
{
	sw_sockaddr_t addr;
	socklen_t len;
	int fd, on = 1, err;

	if (resolve_checked(host, port, family, &addr, &len, errbuf, errlen) != SW_OK) {
		return SW_ERR;
	}
	fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		err = errno;
		snprintf(errbuf, errlen, "socket() failed: %s", strerror(err));
		sw_error_set(err);
		return SW_ERR;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (reuse_port && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on)) < 0) {
		err = errno;
		snprintf(errbuf, errlen, "SO_REUSEPORT on %s:%d failed: %s", host, port, strerror(err));
		goto fail;
	}
	if (bind(fd, &addr.sa, len) < 0) {
		err = errno;
		snprintf(errbuf, errlen, "bind(%s:%d) failed: %s", host, port, strerror(err));
		goto fail;
	}
	/* backlog < 0: bound only (it holds the port for a SO_REUSEPORT group without taking connections) */
	if (backlog >= 0 && listen(fd, backlog) < 0) {
		err = errno;
		snprintf(errbuf, errlen, "listen(%s:%d) failed: %s", host, port, strerror(err));
		goto fail;
	}
	return fd;

fail:
	close(fd);
	sw_error_set(err);
	errno = err;
	return SW_ERR;
}

int sw_socket_bind_udp(const char *host, int port, int family, char *errbuf, size_t errlen)
{
	sw_sockaddr_t addr;
	socklen_t len;
	int fd, err;

	if (resolve_checked(host, port, family, &addr, &len, errbuf, errlen) != SW_OK) {
		return SW_ERR;
	}
	fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		err = errno;
		snprintf(errbuf, errlen, "socket() failed: %s", strerror(err));
		sw_error_set(err);
		return SW_ERR;
	}
	if (bind(fd, &addr.sa, len) < 0) {
		err = errno;
		snprintf(errbuf, errlen, "bind(%s:%d/udp) failed: %s", host, port, strerror(err));
		close(fd);
		sw_error_set(err);
		errno = err;
		return SW_ERR;
	}
	return fd;
}

/*
 * A socket file left behind by a server that is gone (connect() is refused)
 * is removed; one that answers belongs to a live server: "in use".
 */
static int unix_path_free(const char *path, int type, char *errbuf, size_t errlen)
{
	struct sockaddr_un sun;
	struct stat st;
	int fd, rc;

	if (lstat(path, &st) < 0) {
		return SW_OK;
	}
	if (!S_ISSOCK(st.st_mode)) {
		snprintf(errbuf, errlen, "bind(%s) failed: the path exists and is not a socket", path);
		sw_error_set(EEXIST);
		return SW_ERR;
	}
	fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		return SW_OK;
	}
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	rc = connect(fd, (struct sockaddr *) &sun, sizeof(sun));
	close(fd);
	if (rc == 0 || (type == SOCK_DGRAM && errno != ECONNREFUSED)) {
		snprintf(errbuf, errlen, "bind(%s) failed: %s", path, strerror(EADDRINUSE));
		sw_error_set(EADDRINUSE);
		return SW_ERR;
	}
	unlink(path);
	return SW_OK;
}

int sw_socket_bind_unix(const char *path, int type, int backlog, char *errbuf, size_t errlen)
{
	struct sockaddr_un sun;
	mode_t old_mask;
	int fd, err, rc;

	if (path[0] == '\0' || strlen(path) >= sizeof(sun.sun_path)) {
		snprintf(errbuf, errlen, "invalid unix socket path \"%s\": 1 to %zu bytes", path, sizeof(sun.sun_path) - 1);
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return SW_ERR;
	}
	if (unix_path_free(path, type, errbuf, errlen) != SW_OK) {
		return SW_ERR;
	}
	fd = socket(AF_UNIX, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		err = errno;
		snprintf(errbuf, errlen, "socket() failed: %s", strerror(err));
		sw_error_set(err);
		return SW_ERR;
	}
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, path, strlen(path));
	/* rw for the owner and the group only: the file exists with these rights from the start. */
	old_mask = umask(0117);
	rc = bind(fd, (struct sockaddr *) &sun, sizeof(sun));
	err = errno;
	umask(old_mask);
	if (rc < 0) {
		snprintf(errbuf, errlen, "bind(%s) failed: %s", path, strerror(err));
		goto fail;
	}
	if (type == SOCK_STREAM && listen(fd, backlog) < 0) {
		err = errno;
		snprintf(errbuf, errlen, "listen(%s) failed: %s", path, strerror(err));
		unlink(path);
		goto fail;
	}
	return fd;

fail:
	close(fd);
	sw_error_set(err);
	errno = err;
	return SW_ERR;
}

int sw_socket_local_port(int fd)
{
	sw_sockaddr_t addr;
	socklen_t len = sizeof(addr);

	if (getsockname(fd, &addr.sa, &len) < 0) {
		sw_error_set(errno);
		return SW_ERR;
	}
	if (addr.sa.sa_family == AF_INET6) {
		return ntohs(addr.in6.sin6_port);
	}
	return ntohs(addr.in4.sin_port);
}

int sw_sockaddr_format(const sw_sockaddr_t *addr, char *ip, size_t iplen, int *port)
{
	const void *src;

	if (addr->sa.sa_family == AF_INET6) {
		src = &addr->in6.sin6_addr;
		*port = ntohs(addr->in6.sin6_port);
	} else {
		src = &addr->in4.sin_addr;
		*port = ntohs(addr->in4.sin_port);
	}
	if (inet_ntop(addr->sa.sa_family, src, ip, (socklen_t) iplen) == NULL) {
		sw_error_set(errno);
		return SW_ERR;
	}
	return SW_OK;
}

int sw_socketpair_dgram(int fds[2], int bufsize)
{
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) < 0) {
		sw_error_set(errno);
		return SW_ERR;
	}
	if (bufsize > 0) {
		/* Best effort: a smaller buffer only means more waiting, never loss. */
		sw_socket_set_buffer_size(fds[0], bufsize);
		sw_socket_set_buffer_size(fds[1], bufsize);
	}
	return SW_OK;
}
