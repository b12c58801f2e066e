/*
 * Run-time feature probes (include/sw_features.h). A probe that needs a
 * descriptor or a queue creates it and removes it at once.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "sw_features.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifdef __linux__
#include <linux/futex.h>
#endif

/* A system call given a bad descriptor fails with EBADF when it exists, ENOSYS when it does not. */
static bool call_exists(long rc)
{
	return rc == 0 || errno != ENOSYS;
}

static void probe_epoll(sw_features_t *f)
{
	int ep = epoll_create1(EPOLL_CLOEXEC);
	int fds[2];

	f->epoll = ep >= 0;
	if (ep < 0) {
		return;
	}
#ifdef EPOLLEXCLUSIVE
	if (pipe2(fds, O_CLOEXEC) == 0) {
		struct epoll_event ev = {.events = EPOLLIN | EPOLLEXCLUSIVE};

		/* Kernels before 4.5 do not know the flag and refuse it with EINVAL. */
		f->epoll_exclusive = epoll_ctl(ep, EPOLL_CTL_ADD, fds[0], &ev) == 0;
		close(fds[0]);
		close(fds[1]);
	}
#else
	(void) fds;
#endif
	close(ep);
}

static void probe_socket(sw_features_t *f)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0) {
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	}
#ifdef SO_REUSEPORT
	if (fd >= 0) {
		int on = 1;

		f->reuseport = setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on)) == 0;
	}
#endif
	if (fd >= 0) {
		close(fd);
	}
	f->accept4 = call_exists(accept4(-1, NULL, NULL, SOCK_CLOEXEC));
	f->mmsg = call_exists(sendmmsg(-1, NULL, 0, 0)) && call_exists(recvmmsg(-1, NULL, 0, 0, NULL));
	f->sendfile = call_exists(sendfile(-1, -1, NULL, 0));
#ifdef TCP_FASTOPEN
	f->tcp_fastopen = true;
#endif
#ifdef TCP_DEFER_ACCEPT
	f->tcp_defer_accept = true;
#endif
}

static void probe_process(sw_features_t *f)
{
	int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	int sig = 0;

	if (id >= 0) {
		f->msgqueue = true;
		msgctl(id, IPC_RMID, NULL);
	}
#ifdef SYS_futex
	{
		uint32_t word = 0;

		/* Waking nobody on a private word: 0 where futex exists. */
		f->futex = call_exists(syscall(SYS_futex, &word, FUTEX_WAKE, 1, NULL, NULL, 0));
	}
#endif
#ifdef PR_GET_PDEATHSIG
	f->pdeathsig = prctl(PR_GET_PDEATHSIG, &sig, 0, 0, 0) == 0;
#endif
#ifdef PR_GET_NAME
	{
		char name[17];

		f->set_name = prctl(PR_GET_NAME, name, 0, 0, 0) == 0;
	}
#endif
}

void sw_features_probe(sw_features_t *f)
{
	*f = (sw_features_t){0};
	probe_epoll(f);
	probe_socket(f);
	probe_process(f);
}
