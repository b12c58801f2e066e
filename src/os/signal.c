#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
/*
 * Signals into the event loop through a self-pipe. The handler only records
 * the signal number in a pending mask and writes one byte; both are
 * async-signal-safe. The loop watches sw_signal_fd() and calls
 * sw_signal_next() to learn which signals arrived.
 */
#include "sw_signal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#define SW_SIGNAL_MAX 65

static volatile sig_atomic_t pending[SW_SIGNAL_MAX];
static volatile sig_atomic_t any_pending;
static bool caught[SW_SIGNAL_MAX];
static int pipe_fds[2] = {-1, -1};

static void on_signal(int signo)
{
	int saved_errno = errno;
	char c = (char) signo;

	if (signo > 0 && signo < SW_SIGNAL_MAX) {
		pending[signo] = 1;
		any_pending = 1;
	}
	/* A full pipe already guarantees a wake-up; the byte itself carries nothing. */
	if (write(pipe_fds[1], &c, 1) < 0) {
		errno = saved_errno;
	}
	errno = saved_errno;
}

int sw_signal_init(void)
{
	int i;

	if (pipe_fds[0] >= 0) {
		close(pipe_fds[0]);
		close(pipe_fds[1]);
	}
	if (pipe2(pipe_fds, O_NONBLOCK | O_CLOEXEC) < 0) {
		pipe_fds[0] = pipe_fds[1] = -1;
		sw_error_set(errno);
		return SW_ERR;
	}
	/*
	 * After fork() a signal may already have been recorded by the inherited
	 * handler (e.g. SIGTERM sent to a worker that is still starting): keep it
	 * and make the new pipe readable so the loop sees it.
	 */
	for (i = 1; i < SW_SIGNAL_MAX; i++) {
		if (pending[i]) {
			char c = (char) i;

			/* An empty new pipe cannot be full. */
			if (write(pipe_fds[1], &c, 1) < 0) {
				sw_error_set(errno);
			}
			break;
		}
	}
	return SW_OK;
}

int sw_signal_fd(void)
{
	return pipe_fds[0];
}

static int set_handler(int signo, void (*handler)(int))
{
	struct sigaction sa;

	if (signo <= 0 || signo >= SW_SIGNAL_MAX) {
		sw_error_set(EINVAL);
		return SW_ERR;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(signo, &sa, NULL) < 0) {
		sw_error_set(errno);
		return SW_ERR;
	}
	caught[signo] = handler == on_signal;
	return SW_OK;
}

int sw_signal_catch(int signo)
{
	return set_handler(signo, on_signal);
}

int sw_signal_default(int signo)
{
	return set_handler(signo, SIG_DFL);
}

int sw_signal_ignore(int signo)
{
	return set_handler(signo, SIG_IGN);
}

int sw_signal_next(void)
{
	char drain[64];
	int i;

	while (pipe_fds[0] >= 0 && read(pipe_fds[0], drain, sizeof(drain)) > 0) {
	}
	any_pending = 0;
	for (i = 1; i < SW_SIGNAL_MAX; i++) {
		if (pending[i]) {
			pending[i] = 0;
			/* Others may still be recorded: let the next call look again. */
			any_pending = 1;
			return i;
		}
	}
	return 0;
}

bool sw_signal_pending(void)
{
	return any_pending != 0;
}

void sw_signal_reset(void)
{
	int i;

	for (i = 1; i < SW_SIGNAL_MAX; i++) {
		if (caught[i]) {
			set_handler(i, SIG_DFL);
		}
	}
	if (pipe_fds[0] >= 0) {
		close(pipe_fds[0]);
		close(pipe_fds[1]);
		pipe_fds[0] = pipe_fds[1] = -1;
	}
}

int sw_signal_block_thread(bool block)
{
	sigset_t set;
	int rc;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGPIPE);
	rc = pthread_sigmask(block ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
	if (rc != 0) {
		sw_error_set(rc);
		return SW_ERR;
	}
	return SW_OK;
}

const char *sw_signal_name(int signo)
{
	switch (signo) {
	case SIGHUP: return "SIGHUP";
	case SIGINT: return "SIGINT";
	case SIGQUIT: return "SIGQUIT";
	case SIGILL: return "SIGILL";
	case SIGTRAP: return "SIGTRAP";
	case SIGABRT: return "SIGABRT";
	case SIGBUS: return "SIGBUS";
	case SIGFPE: return "SIGFPE";
	case SIGKILL: return "SIGKILL";
	case SIGUSR1: return "SIGUSR1";
	case SIGSEGV: return "SIGSEGV";
	case SIGUSR2: return "SIGUSR2";
	case SIGPIPE: return "SIGPIPE";
	case SIGALRM: return "SIGALRM";
	case SIGTERM: return "SIGTERM";
	case SIGCHLD: return "SIGCHLD";
	case SIGCONT: return "SIGCONT";
	case SIGSTOP: return "SIGSTOP";
	case SIGTSTP: return "SIGTSTP";
	case SIGXCPU: return "SIGXCPU";
	case SIGXFSZ: return "SIGXFSZ";
	case SIGSYS: return "SIGSYS";
	default: return "unknown signal";
	}
}
