/*
 * chaos_client: an HTTP/1.1 load client that follows every request on its own,
 * for bench/chaos.sh and tests/hostile/chaos_short.phpt.
 *
 * CONNS keep-alive connections to 127.0.0.1:PORT, one request outstanding on
 * each (closed loop). Request number N asks for PREFIX + N; the server answers
 * 200 with the request URI as the body (bench/chaos_server.php), so a reply that
 * belongs to another request is caught. Every request ends in exactly one of:
 *   ok        200 with its own URI as the body
 *   http5xx   a 5xx response (the server's explicit error)
 *   closed    the server closed the connection before any answer
 *   lost      no answer and no close within TIMEOUT seconds (must be 0)
 *   bad       an answer that is not one of the above (wrong body, other status)
 * After SECS seconds no new request is sent and the client waits for the
 * outstanding ones (at most TIMEOUT); what is still unanswered then is lost.
 * Latency (send to last byte of the answer) is kept for ok and 5xx answers.
 * An answer with "Connection: close" ends its connection: the next request
 * goes out on a new one, as a browser or proxy would do.
 *
 * --stuck PATH: one more connection sends a single request for PATH at the start
 *   and reports what it got (stuck=ok|5xx:CODE|closed|none).
 * --stall N: one more connection writes N pipelined requests for /big and never
 *   reads; its requests are not counted, only what the others got.
 *
 * Output, one line on stdout:
 *   sent=N ok=N http5xx=N closed=N lost=N bad=N p50_ms=F p99_ms=F max_ms=F
 *   reconnects=N stuck=... secs=F
 * Exit status: 0 when lost and bad are 0, 1 otherwise, 2 when no connection
 * could be made at all, 3 hard time limit hit.
 *
 * Usage: chaos_client [-c CONNS] [-d SECS] [-T TIMEOUT] [-p PREFIX]
 *                     [--stuck PATH] [--stall N] PORT
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
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define RBUF 65536

typedef struct {
	int fd;             /* -1 when not connected */
	int connected;
	int waiting;        /* a request is outstanding */
	int kind;           /* 0 load, 1 stuck, 2 stall */
	char path[96];      /* URI of the outstanding request */
	char req[256];
	size_t req_len, req_off;
	double sent_at;
	char buf[RBUF];
	size_t len;
} conn_t;

static conn_t *conns;
static int nconns, ep, port;
static const char *prefix = "/r/";
static uint64_t next_id, sent, ok, http5xx, closed_, lost, bad, reconnects;
static double *lat;
static size_t nlat, caplat;
static const char *stuck_path;
static const char *stuck_result = "none";
static char stuck_buf[32];
static int stall_n;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void on_alarm(int sig)
{
	static const char msg[] = "chaos_client: hard time limit reached\n";

	(void) sig;
	(void) !write(STDERR_FILENO, msg, sizeof(msg) - 1);
	_exit(3);
}

static void add_latency(double secs)
{
	if (nlat == caplat) {
		caplat = caplat ? caplat * 2 : 65536;
		lat = realloc(lat, caplat * sizeof(*lat));
		if (!lat) {
			perror("realloc");
			exit(2);
		}
	}
	lat[nlat++] = secs;
}

static void set_events(conn_t *c, unsigned events)
{
	struct epoll_event ev = {.events = events, .data.ptr = c};

	epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
}

static int open_conn(conn_t *c)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
	struct epoll_event ev = {.events = EPOLLOUT, .data.ptr = c};
	int one = 1;

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (c->fd < 0) {
		return -1;
	}
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(c->fd, (struct sockaddr *) &sa, sizeof(sa)) < 0 && errno != EINPROGRESS) {
		close(c->fd);
		c->fd = -1;
		return -1;
	}
	c->connected = 0;
	c->len = 0;
	epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
	return 0;
}

static void drop_conn(conn_t *c)
{
	if (c->fd >= 0) {
		epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
		close(c->fd);
		c->fd = -1;
	}
	c->connected = 0;
	c->len = 0;
}

/* queue the next request of c (load connections), or nothing when the run is over */
static void next_request(conn_t *c, int running)
{
	if (c->kind == 1) {
		snprintf(c->path, sizeof(c->path), "%s", stuck_path);
	} else if (c->kind == 0 && running) {
		snprintf(c->path, sizeof(c->path), "%s%llu", prefix, (unsigned long long) next_id++);
	} else {
		return;
	}
	c->req_len = (size_t) snprintf(c->req, sizeof(c->req), "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", c->path);
	c->req_off = 0;
	c->waiting = 1;
	c->sent_at = now();
	if (c->kind == 0) {
		sent++;
	}
}

static void settle(conn_t *c, const char *what, int code)
{
	c->waiting = 0;
	if (c->kind == 1) {
		if (strcmp(what, "5xx") == 0) {
			snprintf(stuck_buf, sizeof(stuck_buf), "5xx:%d", code);
			stuck_result = stuck_buf;
		} else {
			stuck_result = what;
		}
		return;
	}
	if (strcmp(what, "ok") == 0) {
		ok++;
	} else if (strcmp(what, "5xx") == 0) {
		http5xx++;
	} else if (strcmp(what, "closed") == 0) {
		closed_++;
	} else if (strcmp(what, "lost") == 0) {
		lost++;
	} else {
		bad++;
		if (bad <= 5) {
			fprintf(stderr, "chaos_client: %s: %s (status %d)\n", c->path, what, code);
		}
	}
}

/* parse one complete response at the head of c->buf; 1 if one was consumed */
static int take_response(conn_t *c)
{
	char *end, *cl;
	size_t head, body, total;
	int code, close_after = 0;

	if (c->len < 12) {
		return 0;
	}
	end = memmem(c->buf, c->len, "\r\n\r\n", 4);
	if (!end) {
		return 0;
	}
	head = (size_t) (end - c->buf) + 4;
	code = atoi(c->buf + 9);
	body = 0;
	for (cl = c->buf; cl && cl < end; cl = memchr(cl, '\n', (size_t) (end - cl))) {
		if (*cl == '\n') {
			cl++;
		}
		if (strncasecmp(cl, "Content-Length:", 15) == 0) {
			body = strtoul(cl + 15, NULL, 10);
		} else if (strncasecmp(cl, "Connection:", 11) == 0 && strcasestr(cl, "close") != NULL &&
				   strcasestr(cl, "close") < (char *) memchr(cl, '\n', (size_t) (end + 2 - cl))) {
			close_after = 1;
		}
	}
	total = head + body;
	if (c->len < total) {
		return 0;
	}
	if (c->waiting) {
		double t = now() - c->sent_at;

		if (code >= 500 && code <= 599) {
			add_latency(t);
			settle(c, "5xx", code);
		} else if (code == 200 && (c->kind == 1 || (body == strlen(c->path) && memcmp(c->buf + head, c->path, body) == 0))) {
			add_latency(t);
			settle(c, "ok", code);
		} else {
			settle(c, "wrong answer", code);
		}
	} else if (c->kind != 2) {
		bad++;
		fprintf(stderr, "chaos_client: an answer nobody asked for (status %d)\n", code);
	}
	memmove(c->buf, c->buf + total, c->len - total);
	c->len -= total;
	return close_after ? 2 : 1;
}

static void write_request(conn_t *c)
{
	while (c->req_off < c->req_len) {
		ssize_t n = send(c->fd, c->req + c->req_off, c->req_len - c->req_off, MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EAGAIN) {
				set_events(c, EPOLLIN | EPOLLOUT);
			}
			return;
		}
		c->req_off += (size_t) n;
	}
	set_events(c, EPOLLIN);
}

static void start_stall(conn_t *c)
{
	static const char req[] = "GET /big HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
	int i, zero = 4096;

	setsockopt(c->fd, SOL_SOCKET, SO_RCVBUF, &zero, sizeof(zero));
	for (i = 0; i < stall_n; i++) {
		if (send(c->fd, req, sizeof(req) - 1, MSG_NOSIGNAL) < 0) {
			break;
		}
	}
	epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL); /* never read, never watched again */
}

static void on_event(conn_t *c, unsigned events, int running)
{
	if (!c->connected) {
		int err = 0;
		socklen_t l = sizeof(err);

		getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &l);
		if (err) {
			if (c->waiting) {
				settle(c, "closed", 0);
			}
			drop_conn(c);
			return;
		}
		c->connected = 1;
		if (c->kind == 2) {
			start_stall(c);
			return;
		}
		if (!c->waiting) {
			next_request(c, running);
		} else {
			c->req_off = 0;
		}
		if (c->waiting) {
			write_request(c);
		} else {
			set_events(c, EPOLLIN);
		}
		return;
	}
	if (events & EPOLLOUT) {
		write_request(c);
	}
	if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
		for (;;) {
			ssize_t n = recv(c->fd, c->buf + c->len, RBUF - c->len, 0);

			if (n > 0) {
				c->len += (size_t) n;
				int got;

				while ((got = take_response(c)) != 0) {
					/* the server said it closes: no new request on this connection */
					if (c->kind == 1 || got == 2) {
						drop_conn(c);
						return;
					}
					next_request(c, running);
					if (c->waiting) {
						write_request(c);
					}
				}
				if (c->len == RBUF) {
					settle(c, "oversized answer", 0);
					drop_conn(c);
					return;
				}
				continue;
			}
			if (n < 0 && errno == EAGAIN) {
				return;
			}
			/* EOF or reset: whatever is outstanding got no answer */
			if (c->waiting) {
				settle(c, "closed", 0);
			}
			drop_conn(c);
			return;
		}
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *) a, y = *(const double *) b;

	return x < y ? -1 : x > y;
}

static double pct(double p)
{
	size_t i;

	if (nlat == 0) {
		return 0;
	}
	i = (size_t) (p * (double) (nlat - 1));
	return lat[i] * 1000;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"stuck", required_argument, NULL, 'S'},
		{"stall", required_argument, NULL, 'L'},
		{NULL, 0, NULL, 0},
	};
	double secs = 10, timeout = 5, t0, t_end, t;
	int opt, i, load, running = 1, any_connected = 0;
	struct epoll_event evs[256];

	while ((opt = getopt_long(argc, argv, "c:d:T:p:", longopts, NULL)) != -1) {
		switch (opt) {
			case 'c': nconns = atoi(optarg); break;
			case 'd': secs = atof(optarg); break;
			case 'T': timeout = atof(optarg); break;
			case 'p': prefix = optarg; break;
			case 'S': stuck_path = optarg; break;
			case 'L': stall_n = atoi(optarg); break;
			default: goto usage;
		}
	}
	if (optind != argc - 1 || secs <= 0 || timeout <= 0 || strlen(prefix) > 60) {
		goto usage;
	}
	port = atoi(argv[optind]);
	load = nconns > 0 ? nconns : 32;
	nconns = load + (stuck_path ? 1 : 0) + (stall_n > 0 ? 1 : 0);
	conns = calloc((size_t) nconns, sizeof(*conns));
	ep = epoll_create1(0);
	if (!conns || ep < 0) {
		perror("setup");
		return 2;
	}
	signal(SIGALRM, on_alarm);
	alarm((unsigned) (secs + timeout) + 10);
	for (i = 0; i < nconns; i++) {
		conns[i].fd = -1;
		conns[i].kind = i < load ? 0 : (stuck_path && i == load ? 1 : 2);
		if (open_conn(&conns[i]) == 0) {
			any_connected = 1;
		}
	}
	if (!any_connected) {
		fprintf(stderr, "chaos_client: cannot connect to port %d\n", port);
		return 2;
	}
	t0 = now();
	t_end = t0 + secs;
	for (;;) {
		int n, outstanding = 0;

		t = now();
		if (running && t >= t_end) {
			running = 0;
		}
		for (i = 0; i < nconns; i++) {
			conn_t *c = &conns[i];

			if (c->kind == 2) {
				continue;
			}
			if (c->waiting && t - c->sent_at > timeout) {
				settle(c, "lost", 0);
				drop_conn(c);
			}
			if (c->waiting) {
				outstanding++;
			} else if (c->fd < 0 && running && c->kind == 0) {
				/* reconnect after a close; the next request goes out once connected */
				reconnects++;
				open_conn(c);
			}
		}
		if (!running && outstanding == 0) {
			break;
		}
		n = epoll_wait(ep, evs, 256, 50);
		for (i = 0; i < n; i++) {
			on_event(evs[i].data.ptr, evs[i].events, running);
		}
	}
	qsort(lat, nlat, sizeof(*lat), cmp_double);
	printf("sent=%llu ok=%llu http5xx=%llu closed=%llu lost=%llu bad=%llu p50_ms=%.1f p99_ms=%.1f max_ms=%.1f "
		   "reconnects=%llu stuck=%s secs=%.1f\n",
			(unsigned long long) sent, (unsigned long long) ok, (unsigned long long) http5xx,
			(unsigned long long) closed_, (unsigned long long) lost, (unsigned long long) bad,
			pct(0.5), pct(0.99), nlat ? lat[nlat - 1] * 1000 : 0.0, (unsigned long long) reconnects,
			stuck_path ? stuck_result : "-", now() - t0);
	return (lost || bad) ? 1 : 0;
usage:
	fprintf(stderr, "usage: chaos_client [-c CONNS] [-d SECS] [-T TIMEOUT] [-p PREFIX] [--stuck PATH] [--stall N] PORT\n");
	return 2;
}
