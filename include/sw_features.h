/*
 * What this build and this kernel can do, for `php --ri swoole` and
 * phpinfo(). Each probe asks the kernel directly (a system call that fails
 * with ENOSYS or EINVAL where the feature is missing) and leaves nothing
 * behind, so the answer is true for the machine the extension runs on, not
 * only for the one it was built on.
 */
#ifndef SW_FEATURES_H
#define SW_FEATURES_H

#include "sw_core.h"

typedef struct {
	bool epoll;             /* epoll_create1() works */
	bool epoll_exclusive;   /* EPOLLEXCLUSIVE is accepted (Linux 4.5+): SWOOLE_BASE wakes one worker per connection */
	bool reuseport;         /* SO_REUSEPORT can be set (enable_reuse_port) */
	bool accept4;           /* accept4() exists */
	bool mmsg;              /* sendmmsg()/recvmmsg() exist: IPC datagrams are moved in batches */
	bool msgqueue;          /* a SysV message queue can be created (ipc_mode 2, task_ipc_mode 2/3, Process\Pool) */
	bool sendfile;          /* sendfile() exists (static files, sendfile()) */
	bool futex;             /* futex() exists: Swoole\Atomic wait()/wakeup() */
	bool pdeathsig;         /* prctl(PR_SET_PDEATHSIG): workers follow a dead master */
	bool set_name;          /* prctl(PR_SET_NAME): process names */
	bool tcp_fastopen;      /* built with TCP_FASTOPEN (open_tcp_fastopen) */
	bool tcp_defer_accept;  /* built with TCP_DEFER_ACCEPT (tcp_defer_accept) */
} sw_features_t;

/* Fills f; takes a few system calls, so call it when asked, not per request. */
void sw_features_probe(sw_features_t *f);

#endif
