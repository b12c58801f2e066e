/*
 * echo_client: closed-loop TCP echo load generator for bench/ (see shared/BENCH.md).
 *
 * One thread, one epoll set, CONNS connections to 127.0.0.1:PORT. Each connection
 * sends a message of SIZE bytes and waits until exactly that many bytes came back,
 * then sends the next one. With --length every message is a frame: a 4-byte
 * big-endian payload length, then SIZE payload bytes (the server echoes the whole
 * frame, 4 + SIZE bytes). Every echoed byte is compared with what was sent.
 * Messages completed in the first WARMUP seconds are not counted; the measured
 * window then lasts SECS seconds.
 *
 * Output, one line on stdout:
 *   msgs=N bytes=N secs=F msg_per_s=F MB_per_s=F errors=N connect_failures=N conns=N
 *   size=N framing=raw|length
 * bytes counts the echoed bytes received (one direction); MB is 10^6 bytes.
 * Exit status: 0 ok, 1 echo errors or no message at all, 2 could not connect,
 * 3 hard time limit (about WARMUP + SECS + 2 s) hit.
 *
 * Usage: echo_client [-c CONNS] [-s SIZE] [-d SECS] [-w WARMUP] [--length] PORT
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define VARIANTS 16 /* distinct message contents, so a stale or misrouted reply is caught */
#define MAX_ERRORS_PRINTED 10

typedef struct {
	int fd;            /* -1 once closed */
	int connected;
	unsigned events;   /* events currently registered with epoll */
	uint64_t seq;      /* number of messages completed on this connection */
	size_t wpos, rpos; /* bytes of the current frame written / received */
} conn_t;

static conn_t *conns;
static int nconns, alive, ep;
static char *frames[VARIANTS];
static size_t frame_len;
static char *rbuf;
static uint64_t msgs, bytes, errors, connect_failures;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void on_alarm(int sig)
{
	static const char msg[] = "echo_client: hard time limit reached, giving up\n";

	(void) sig;
	(void) !write(STDERR_FILENO, msg, sizeof(msg) - 1);
	_exit(3);
}

static void report_error(int id, const char *what)
{
	errors++;
	if (errors <= MAX_ERRORS_PRINTED) {
		fprintf(stderr, "echo_client: conn %d msg %llu: %s\n", id,
				(unsigned long long) conns[id].seq, what);
	}
}

static const char *frame_of(int id)
{
	return frames[(id + conns[id].seq) % VARIANTS];
}

static void set_events(int id, unsigned events)
{
	conn_t *c = &conns[id];
	struct epoll_event e = { .events = events, .data.u32 = id };

	if (c->events != events) {
		epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &e);
		c->events = events;
	}
}

static void conn_close(int id)
{
	close(conns[id].fd);
	conns[id].fd = -1;
	alive--;
}

/* Write as much of the current frame as the socket takes; keep reading meanwhile. */
static void conn_send(int id)
{
	conn_t *c = &conns[id];
	ssize_t w = write(c->fd, frame_of(id) + c->wpos, frame_len - c->wpos);

	if (w < 0 && errno != EAGAIN) {
		report_error(id, strerror(errno));
		conn_close(id);
		return;
	}
	if (w > 0) {
		c->wpos += w;
	}
	set_events(id, c->wpos < frame_len ? EPOLLIN | EPOLLOUT : EPOLLIN);
}

static void conn_recv(int id)
{
	conn_t *c = &conns[id];
	ssize_t r = read(c->fd, rbuf, frame_len - c->rpos);

	if (r <= 0) {
		if (r < 0 && errno == EAGAIN) {
			return;
		}
		report_error(id, r == 0 ? "connection closed by server" : strerror(errno));
		conn_close(id);
		return;
	}
	if (c->rpos + r > c->wpos || memcmp(rbuf, frame_of(id) + c->rpos, r) != 0) {
		report_error(id, c->rpos + r > c->wpos ? "received more than was sent"
				: "echoed bytes differ from the bytes sent");
	}
	c->rpos += r;
	if (c->rpos == frame_len) { /* a full echo: count it and send the next message */
		msgs++;
		bytes += frame_len;
		c->seq++;
		c->wpos = c->rpos = 0;
		conn_send(id);
	}
}

static void conn_connected(int id)
{
	int err = 0;
	socklen_t len = sizeof(err);

	getsockopt(conns[id].fd, SOL_SOCKET, SO_ERROR, &err, &len);
	if (err != 0) {
		connect_failures++;
		fprintf(stderr, "echo_client: conn %d: connect: %s\n", id, strerror(err));
		conn_close(id);
		return;
	}
	conns[id].connected = 1;
	conn_send(id);
}

static void make_frames(size_t size, int length_framing)
{
	uint32_t x = 2463534242u; /* xorshift32: cheap, deterministic, not constant */
	size_t i, off = length_framing ? 4 : 0;
	int v;

	frame_len = off + size;
	for (v = 0; v < VARIANTS; v++) {
		frames[v] = malloc(frame_len);
		if (length_framing) {
			uint32_t be = htonl((uint32_t) size);
			memcpy(frames[v], &be, 4);
		}
		for (i = off; i < frame_len; i++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			frames[v][i] = (char) x;
		}
	}
	rbuf = malloc(frame_len);
}

static int open_connections(int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
	int one = 1, i;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (i = 0; i < nconns; i++) {
		int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		struct epoll_event e = { .events = EPOLLOUT, .data.u32 = i };

		if (fd < 0) {
			perror("echo_client: socket");
			return -1;
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		if (connect(fd, (struct sockaddr *) &sa, sizeof(sa)) < 0 && errno != EINPROGRESS) {
			fprintf(stderr, "echo_client: connect: %s\n", strerror(errno));
			close(fd);
			return -1;
		}
		conns[i] = (conn_t) { .fd = fd, .events = EPOLLOUT };
		epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
		alive++;
	}
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: echo_client [-c CONNS] [-s SIZE] [-d SECS] [-w WARMUP] [--length] PORT\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "length", no_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 }
	};
	struct epoll_event evs[512];
	double secs = 5, warmup = 0.5, t, t_warm, t_end, t_start_count = 0, t_stop;
	uint64_t msgs0 = 0, bytes0 = 0;
	size_t size = 64;
	int length_framing = 0, counting = 0, port, opt, i, n;

	nconns = 100;
	while ((opt = getopt_long(argc, argv, "c:s:d:w:", longopts, NULL)) != -1) {
		switch (opt) {
			case 'c': nconns = atoi(optarg); break;
			case 's': size = strtoul(optarg, NULL, 10); break;
			case 'd': secs = atof(optarg); break;
			case 'w': warmup = atof(optarg); break;
			case 'l': length_framing = 1; break;
			default: usage();
		}
	}
	if (optind != argc - 1 || nconns < 1 || size < 1 || secs <= 0 || warmup < 0) {
		usage();
	}
	port = atoi(argv[optind]);

	signal(SIGPIPE, SIG_IGN);
	signal(SIGALRM, on_alarm);
	alarm((unsigned) (warmup + secs) + 2); /* the loop ends on time; this is the backstop */

	make_frames(size, length_framing);
	conns = calloc(nconns, sizeof(*conns));
	ep = epoll_create1(0);
	if (open_connections(port) < 0) {
		return 2;
	}

	t = now();
	t_warm = t + warmup;
	t_end = t_warm + secs;
	while (alive > 0 && (t = now()) < t_end) {
		double next = counting ? t_end : t_warm;

		if (!counting && t >= t_warm) {
			counting = 1;
			t_start_count = t;
			msgs0 = msgs;
			bytes0 = bytes;
			continue;
		}
		n = epoll_wait(ep, evs, 512, (int) ((next - t) * 1000) + 1);
		for (i = 0; i < n; i++) {
			int id = evs[i].data.u32;

			if (conns[id].fd < 0) {
				continue;
			}
			if (!conns[id].connected) {
				conn_connected(id);
				continue;
			}
			if (evs[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
				conn_recv(id);
			}
			if (conns[id].fd >= 0 && (evs[i].events & EPOLLOUT) && conns[id].wpos < frame_len) {
				conn_send(id);
			}
		}
	}
	t_stop = now();
	if (!counting) { /* everything closed during warm-up */
		t_start_count = t_stop;
		msgs0 = msgs;
		bytes0 = bytes;
	}

	{
		double span = t_stop - t_start_count > 0 ? t_stop - t_start_count : 1e-9;
		uint64_t m = msgs - msgs0, b = bytes - bytes0;

		if (errors > MAX_ERRORS_PRINTED) {
			fprintf(stderr, "echo_client: %llu errors in all (first %d printed)\n",
					(unsigned long long) errors, MAX_ERRORS_PRINTED);
		}
		if (m == 0) {
			fprintf(stderr, "echo_client: no message completed in the measured window\n");
		}
		printf("msgs=%llu bytes=%llu secs=%.2f msg_per_s=%.1f MB_per_s=%.1f errors=%llu "
				"connect_failures=%llu conns=%d size=%zu framing=%s\n",
				(unsigned long long) m, (unsigned long long) b, span, m / span, b / span / 1e6,
				(unsigned long long) errors, (unsigned long long) connect_failures, nconns, size, length_framing ? "length" : "raw");
		fflush(stdout);
		if (connect_failures == (uint64_t) nconns) {
			return 2;
		}
		return errors || connect_failures || m == 0 ? 1 : 0;
	}
}
