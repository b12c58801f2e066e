/*
 * floor_echo: the "floor" TCP echo server of bench/ (see shared/BENCH.md).
 * Two processes (or NPROC), each with its own SO_REUSEPORT listener and a
 * level-triggered epoll loop: read what arrives and write it straight back. The
 * only per-fd state is the unsent tail of a short write, so a slow reader blocks
 * nobody.
 * Usage: floor_echo PORT [NPROC]
 */
#define _GNU_SOURCE /* accept4 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <unistd.h>

#define MAX_FD 65536

static struct { char *data; size_t off, len; } tail[MAX_FD]; /* unsent reply bytes */

static void watch(int ep, int op, int fd, unsigned events)
{
	struct epoll_event e = { .events = events, .data.fd = fd };
	epoll_ctl(ep, op, fd, &e);
}

static void serve(int port)
{
	static char buf[256 * 1024];
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
	struct epoll_event evs[256];
	int one = 1, ep = epoll_create1(0), lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(lfd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
	if (bind(lfd, (struct sockaddr *) &sa, sizeof(sa)) < 0 || listen(lfd, 4096) < 0) {
		_exit(1);
	}
	watch(ep, EPOLL_CTL_ADD, lfd, EPOLLIN);

	for (;;) {
		int i, fd, n = epoll_wait(ep, evs, 256, -1);
		ssize_t r, w;

		for (i = 0; i < n; i++) {
			if ((fd = evs[i].data.fd) == lfd) { /* accept all that is queued */
				while ((fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
					if (fd >= MAX_FD) { close(fd); continue; }
					setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
					watch(ep, EPOLL_CTL_ADD, fd, EPOLLIN);
				}
				continue;
			}
			if (tail[fd].data) { /* writable again: send the rest of the reply */
				w = write(fd, tail[fd].data + tail[fd].off, tail[fd].len - tail[fd].off);
				if (w < 0 && errno == EAGAIN) continue;
				if (w > 0 && (tail[fd].off += w) < tail[fd].len) continue;
				free(tail[fd].data);
				tail[fd].data = NULL;
				if (w > 0) { watch(ep, EPOLL_CTL_MOD, fd, EPOLLIN); continue; }
				close(fd);
			} else if ((r = read(fd, buf, sizeof(buf))) > 0) {
				if ((w = write(fd, buf, r)) == r) continue;
				if (w < 0 && errno != EAGAIN) { close(fd); continue; }
				w = w < 0 ? 0 : w; /* short write: keep the tail, wait for EPOLLOUT */
				tail[fd].data = malloc(r - w);
				tail[fd].off = 0;
				tail[fd].len = r - w;
				memcpy(tail[fd].data, buf + w, r - w);
				watch(ep, EPOLL_CTL_MOD, fd, EPOLLOUT);
			} else if (r == 0 || errno != EAGAIN) {
				close(fd); /* close() also drops fd from the epoll set */
			}
		}
	}
}

int main(int argc, char **argv)
{
	pid_t parent = getpid();
	int i, nproc = argc > 2 ? atoi(argv[2]) : 2;

	signal(SIGPIPE, SIG_IGN);
	for (i = 1; i < nproc; i++) {
		if (fork() == 0) { /* the other processes die with the first */
			prctl(PR_SET_PDEATHSIG, SIGTERM);
			if (getppid() != parent) _exit(0);
			break;
		}
	}
	serve(argc > 1 ? atoi(argv[1]) : 9501);
	return 0;
}
