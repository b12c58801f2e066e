/*
 * idle_client: opens CONNS idle TCP connections to 127.0.0.1:PORT and holds them
 * (workload M1 of shared/BENCH.md: memory per idle connection).
 *
 * Connections are opened non-blocking, at most BATCH in progress at a time, so
 * the server's accept queue never overflows (an overflow would turn into SYN
 * retransmissions and a run that takes seconds longer). Nothing is ever sent.
 * When every connection is established the client prints one line and keeps
 * holding them until SIGTERM/SIGINT, or HOLD seconds:
 *   connected=N failures=N secs=F
 * When it stops it prints a second line:
 *   closed_by_server=N held=N
 * (a server that drops idle connections shows here). It closes with SO_LINGER 0
 * (a reset), so no TIME_WAIT state is left behind on the client side.
 *
 * Exit status: 0 ok, 1 some connections failed or were closed by the server,
 * 2 usage or setup error.
 *
 * Usage: idle_client [-c CONNS] [-b BATCH] [-t HOLD] PORT
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { ST_FREE, ST_CONNECTING, ST_OPEN, ST_CLOSED, ST_PEER_CLOSED };

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void) sig;
	stop = 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int open_one(int ep, const struct sockaddr_in *sa, int idx)
{
	struct epoll_event ev = { .events = EPOLLOUT, .data.u32 = (uint32_t) idx };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		return -1;
	}
	if (connect(fd, (const struct sockaddr *) sa, sizeof(*sa)) < 0 && errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int main(int argc, char **argv)
{
	int nconns = 10000, batch = 256, opt, ep, i, next = 0, pending = 0, open_n = 0;
	int failures = 0, closed = 0;
	double hold = 600, t0;
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct epoll_event evs[256];
	struct rlimit rl;
	struct sigaction sact;
	int *fds;
	unsigned char *state;

	while ((opt = getopt(argc, argv, "c:b:t:")) != -1) {
		switch (opt) {
		case 'c': nconns = atoi(optarg); break;
		case 'b': batch = atoi(optarg); break;
		case 't': hold = atof(optarg); break;
		default: goto usage;
		}
	}
	if (optind != argc - 1 || nconns < 1 || batch < 1) {
		goto usage;
	}
	sa.sin_port = htons((uint16_t) atoi(argv[optind]));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

	/* Raise the soft descriptor limit as far as the hard one allows. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	memset(&sact, 0, sizeof(sact));
	sact.sa_handler = on_signal;
	sigaction(SIGTERM, &sact, NULL);
	sigaction(SIGINT, &sact, NULL);
	signal(SIGPIPE, SIG_IGN);

	fds = calloc((size_t) nconns, sizeof(int));
	state = calloc((size_t) nconns, 1);
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (fds == NULL || state == NULL || ep < 0) {
		fprintf(stderr, "idle_client: setup failed: %s\n", strerror(errno));
		return 2;
	}

	t0 = now();
	while (!stop && open_n + failures < nconns) {
		int n;

		while (next < nconns && pending < batch) {
			fds[next] = open_one(ep, &sa, next);
			if (fds[next] < 0) {
				if (failures++ < 5) {
					fprintf(stderr, "idle_client: connection %d: %s\n", next, strerror(errno));
				}
				state[next] = ST_CLOSED;
			} else {
				state[next] = ST_CONNECTING;
				pending++;
			}
			next++;
		}
		if (now() - t0 > hold) {
			break;
		}
		n = epoll_wait(ep, evs, 256, 1000);
		for (i = 0; i < n; i++) {
			int idx = (int) evs[i].data.u32, err = 0;
			socklen_t len = sizeof(err);
			struct epoll_event ev = { .events = EPOLLRDHUP, .data.u32 = (uint32_t) idx };

			if (state[idx] != ST_CONNECTING) {
				continue;
			}
			pending--;
			getsockopt(fds[idx], SOL_SOCKET, SO_ERROR, &err, &len);
			if (err != 0 || (evs[i].events & (EPOLLERR | EPOLLHUP))) {
				if (failures++ < 5) {
					fprintf(stderr, "idle_client: connection %d: %s\n", idx, strerror(err ? err : ECONNRESET));
				}
				close(fds[idx]);
				state[idx] = ST_CLOSED;
				continue;
			}
			/* From now on only a close by the server is of interest. */
			epoll_ctl(ep, EPOLL_CTL_MOD, fds[idx], &ev);
			state[idx] = ST_OPEN;
			open_n++;
		}
	}
	printf("connected=%d failures=%d secs=%.2f\n", open_n, failures, now() - t0);
	fflush(stdout);

	while (!stop && now() - t0 < hold) {
		int n = epoll_wait(ep, evs, 256, 200);

		for (i = 0; i < n; i++) {
			int idx = (int) evs[i].data.u32;

			if (state[idx] == ST_OPEN) {
				epoll_ctl(ep, EPOLL_CTL_DEL, fds[idx], NULL);
				state[idx] = ST_PEER_CLOSED;
				closed++;
			}
		}
	}

	for (i = 0; i < nconns; i++) {
		struct linger lg = { .l_onoff = 1, .l_linger = 0 };

		if (state[i] == ST_OPEN) {
			setsockopt(fds[i], SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		}
		if (state[i] == ST_OPEN || state[i] == ST_CONNECTING || state[i] == ST_PEER_CLOSED) {
			close(fds[i]);
		}
	}
	printf("closed_by_server=%d held=%d\n", closed, open_n - closed);
	return (failures > 0 || closed > 0) ? 1 : 0;

usage:
	fprintf(stderr, "usage: idle_client [-c CONNS] [-b BATCH] [-t HOLD] PORT\n");
	return 2;
}
