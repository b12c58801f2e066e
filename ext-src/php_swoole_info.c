/*
 * The feature tables of phpinfo() and `php --ri swoole`. Kernel facilities
 * are probed when the page is printed (sw_features_probe()), so "yes" means
 * usable here and now; the rest is what this build contains.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "php.h"
#include "ext/standard/info.h"

#include "php_swoole_info.h"
#include "sw_features.h"

#include <zlib.h>

static const char *yes_no(bool on)
{
	return on ? "yes" : "no";
}

void php_swoole_info_print_features(void)
{
	sw_features_t f;
	char buf[128];

	sw_features_probe(&f);
	/* A facility the kernel has but this build does not use is a "no". */
#ifndef HAVE_ACCEPT4
	f.accept4 = false;
#endif
#if !defined(HAVE_SENDMMSG) || !defined(HAVE_RECVMMSG)
	f.mmsg = false;
#endif
#ifndef HAVE_SO_REUSEPORT
	f.reuseport = false;
#endif
#ifndef HAVE_PR_SET_PDEATHSIG
	f.pdeathsig = false;
#endif
#ifndef HAVE_PR_SET_NAME
	f.set_name = false;
#endif

	php_info_print_table_start();
	php_info_print_table_colspan_header(2, "Server");
	php_info_print_table_row(2, "server modes", "SWOOLE_PROCESS (reactor threads, manager, workers), SWOOLE_BASE");
	php_info_print_table_row(2, "event loop", f.epoll ? "epoll" : "none (epoll_create1 failed)");
	php_info_print_table_row(2, "EPOLLEXCLUSIVE (SWOOLE_BASE accept)", yes_no(f.epoll_exclusive));
	php_info_print_table_row(2, "SO_REUSEPORT (enable_reuse_port)", yes_no(f.reuseport));
	php_info_print_table_row(2, "accept4", yes_no(f.accept4));
	php_info_print_table_row(2, "IPC over unix socketpairs (ipc_mode 1)", "yes");
	php_info_print_table_row(2, "sendmmsg/recvmmsg batching", yes_no(f.mmsg));
	php_info_print_table_row(2, "SysV message queues (ipc_mode 2, task_ipc_mode 2/3)", yes_no(f.msgqueue));
	php_info_print_table_row(2, "task workers", "yes");
	php_info_print_table_row(2, "UDP and unix socket ports", "yes");
	php_info_print_table_row(2, "TCP_FASTOPEN", yes_no(f.tcp_fastopen));
	php_info_print_table_row(2, "TCP_DEFER_ACCEPT", yes_no(f.tcp_defer_accept));
	php_info_print_table_row(2, "parent-death signal (PR_SET_PDEATHSIG)", yes_no(f.pdeathsig));
	php_info_print_table_row(2, "process names (PR_SET_NAME)", yes_no(f.set_name));
#ifdef SW_DEBUG
	php_info_print_table_row(2, "debug build", "yes");
#else
	php_info_print_table_row(2, "debug build", "no");
#endif
	php_info_print_table_end();

	php_info_print_table_start();
	php_info_print_table_colspan_header(2, "HTTP");
	php_info_print_table_row(2, "HTTP server (Swoole\\Http\\Server)", "yes");
	snprintf(buf, sizeof(buf), "yes (zlib %s)", zlibVersion());
	php_info_print_table_row(2, "compression (gzip, deflate)", buf);
	php_info_print_table_row(2, "sendfile (static files, Server::sendfile)", yes_no(f.sendfile));
	php_info_print_table_end();

	php_info_print_table_start();
	php_info_print_table_colspan_header(2, "Components");
	php_info_print_table_row(2, "timers (Swoole\\Timer)", "yes");
	php_info_print_table_row(2, "event loop API (Swoole\\Event)", "yes");
	php_info_print_table_row(2, "shared memory table (Swoole\\Table)", "yes");
	php_info_print_table_row(2, "Swoole\\Atomic wait/wakeup (futex)", yes_no(f.futex));
	php_info_print_table_row(2, "Swoole\\Lock", "mutex, rwlock, spinlock, semaphore, file lock");
	php_info_print_table_row(2, "Swoole\\Process", "yes");
	php_info_print_table_row(2, "Swoole\\Process\\Pool", f.msgqueue ? "yes (unix sockets, message queues)" : "yes (unix sockets)");
	php_info_print_table_row(2, "Swoole\\Client (blocking TCP, UDP, unix)", "yes");
	php_info_print_table_end();
}
