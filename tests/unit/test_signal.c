/*
 * Signals into the loop: real signals sent to the test process with kill(),
 * seen through the self-pipe and sw_signal_next(), dispositions restored by
 * sw_signal_reset(), and signal names.
 *
 * check runs every test in its own forked process, so the self-pipe and the
 * dispositions start fresh in each test.
 */
#define _GNU_SOURCE
#include <check.h>

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sw_reactor.h"
#include "sw_signal.h"

/* 1 when fd becomes readable within timeout_ms, 0 if not. */
static int readable(int fd, int timeout_ms)
{
	struct pollfd pfd = {.fd = fd, .events = POLLIN};
	int rc;

	do {
		rc = poll(&pfd, 1, timeout_ms);
	} while (rc < 0 && errno == EINTR);
	ck_assert_int_ge(rc, 0);
	return rc > 0 && (pfd.revents & POLLIN);
}

static void *current_handler(int signo)
{
	struct sigaction sa;

	ck_assert_int_eq(sigaction(signo, NULL, &sa), 0);
	return (void *) sa.sa_handler;
}

START_TEST(test_fd_before_init)
{
	ck_assert_int_eq(sw_signal_fd(), -1);
	/* Nothing caught, nothing pending, no pipe: still answers. */
	ck_assert_int_eq(sw_signal_next(), 0);
}
END_TEST

START_TEST(test_catch_usr1_and_term)
{
	int fd, got_usr1 = 0, got_term = 0, signo, i;

	ck_assert_int_eq(sw_signal_init(), SW_OK);
	fd = sw_signal_fd();
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(sw_signal_catch(SIGUSR1), SW_OK);
	ck_assert_int_eq(sw_signal_catch(SIGTERM), SW_OK);
	ck_assert_int_eq(readable(fd, 0), 0);
	ck_assert_int_eq(sw_signal_next(), 0);

	/* Delivered to this (only) thread before kill() returns; the process survives SIGTERM. */
	ck_assert_int_eq(kill(getpid(), SIGUSR1), 0);
	ck_assert_int_eq(kill(getpid(), SIGTERM), 0);
	ck_assert_int_eq(readable(fd, 1000), 1);

	for (i = 0; i < 2; i++) {
		signo = sw_signal_next();
		if (signo == SIGUSR1) {
			got_usr1++;
		} else if (signo == SIGTERM) {
			got_term++;
		} else {
			ck_abort_msg("sw_signal_next() returned %d", signo);
		}
	}
	ck_assert_int_eq(got_usr1, 1);
	ck_assert_int_eq(got_term, 1);
	/* Each one only once, and the pipe is drained. */
	ck_assert_int_eq(sw_signal_next(), 0);
	ck_assert_int_eq(sw_signal_next(), 0);
	ck_assert_int_eq(readable(fd, 0), 0);

	/* It keeps working for later signals. */
	ck_assert_int_eq(kill(getpid(), SIGTERM), 0);
	ck_assert_int_eq(readable(fd, 1000), 1);
	ck_assert_int_eq(sw_signal_next(), SIGTERM);
	ck_assert_int_eq(sw_signal_next(), 0);
	ck_assert_int_eq(readable(fd, 0), 0);
	sw_signal_reset();
}
END_TEST

START_TEST(test_same_signal_twice_reported_once)
{
	ck_assert_int_eq(sw_signal_init(), SW_OK);
	ck_assert_int_eq(sw_signal_catch(SIGUSR1), SW_OK);
	ck_assert_int_eq(kill(getpid(), SIGUSR1), 0);
	ck_assert_int_eq(kill(getpid(), SIGUSR1), 0);
	ck_assert_int_eq(kill(getpid(), SIGUSR1), 0);
	ck_assert_int_eq(readable(sw_signal_fd(), 1000), 1);
	ck_assert_int_eq(sw_signal_next(), SIGUSR1);
	ck_assert_int_eq(sw_signal_next(), 0);
	ck_assert_int_eq(readable(sw_signal_fd(), 0), 0);
	sw_signal_reset();
}
END_TEST

/* Many signals before the loop looks: the non-blocking pipe never blocks the handler. */
START_TEST(test_many_signals_do_not_block)
{
	int i;

	ck_assert_int_eq(sw_signal_init(), SW_OK);
	ck_assert_int_eq(sw_signal_catch(SIGUSR2), SW_OK);
	for (i = 0; i < 100000; i++) {
		ck_assert_int_eq(kill(getpid(), SIGUSR2), 0);
	}
	ck_assert_int_eq(readable(sw_signal_fd(), 1000), 1);
	ck_assert_int_eq(sw_signal_next(), SIGUSR2);
	ck_assert_int_eq(sw_signal_next(), 0);
	ck_assert_int_eq(readable(sw_signal_fd(), 0), 0);
	sw_signal_reset();
}
END_TEST

START_TEST(test_reset_restores_default)
{
	pid_t pid;
	int status;

	ck_assert_int_eq(sw_signal_init(), SW_OK);
	ck_assert_int_eq(sw_signal_catch(SIGUSR1), SW_OK);
	ck_assert_int_eq(sw_signal_catch(SIGTERM), SW_OK);
	ck_assert_ptr_ne(current_handler(SIGUSR1), (void *) SIG_DFL);
	ck_assert_ptr_ne(current_handler(SIGTERM), (void *) SIG_DFL);

	sw_signal_reset();
	ck_assert_ptr_eq(current_handler(SIGUSR1), (void *) SIG_DFL);
	ck_assert_ptr_eq(current_handler(SIGTERM), (void *) SIG_DFL);
	ck_assert_int_eq(sw_signal_fd(), -1);

	/* The default action really applies again: a child that caught and reset dies of SIGTERM. */
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		if (sw_signal_init() != SW_OK || sw_signal_catch(SIGTERM) != SW_OK) {
			_exit(2);
		}
		kill(getpid(), SIGTERM);
		if (sw_signal_next() != SIGTERM) {
			_exit(3);
		}
		sw_signal_reset();
		kill(getpid(), SIGTERM);
		_exit(4);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFSIGNALED(status), "child exited with %d instead of dying of SIGTERM",
			WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	ck_assert_int_eq(WTERMSIG(status), SIGTERM);
}
END_TEST

/* reset leaves alone what was never caught. */
START_TEST(test_reset_leaves_other_signals)
{
	ck_assert_int_eq(sw_signal_init(), SW_OK);
	ck_assert_int_eq(sw_signal_ignore(SIGPIPE), SW_OK);
	ck_assert_int_eq(sw_signal_catch(SIGUSR1), SW_OK);
	sw_signal_reset();
	ck_assert_ptr_eq(current_handler(SIGPIPE), (void *) SIG_IGN);
	ck_assert_ptr_eq(current_handler(SIGUSR1), (void *) SIG_DFL);
}
END_TEST

START_TEST(test_ignore_and_default)
{
	ck_assert_int_eq(sw_signal_init(), SW_OK);
	ck_assert_int_eq(sw_signal_ignore(SIGUSR2), SW_OK);
	ck_assert_ptr_eq(current_handler(SIGUSR2), (void *) SIG_IGN);
	/* Ignored: the process lives on and nothing is reported. */
	ck_assert_int_eq(kill(getpid(), SIGUSR2), 0);
	ck_assert_int_eq(readable(sw_signal_fd(), 50), 0);
	ck_assert_int_eq(sw_signal_next(), 0);

	ck_assert_int_eq(sw_signal_catch(SIGUSR2), SW_OK);
	ck_assert_int_eq(sw_signal_default(SIGUSR2), SW_OK);
	ck_assert_ptr_eq(current_handler(SIGUSR2), (void *) SIG_DFL);
	sw_signal_reset();
}
END_TEST

START_TEST(test_invalid_signals)
{
	ck_assert_int_eq(sw_signal_init(), SW_OK);
	ck_assert_int_eq(sw_signal_catch(0), SW_ERR);
	ck_assert_int_eq(sw_error_get(), EINVAL);
	ck_assert_int_eq(sw_signal_catch(-3), SW_ERR);
	ck_assert_int_eq(sw_error_get(), EINVAL);
	ck_assert_int_eq(sw_signal_catch(100000), SW_ERR);
	ck_assert_int_eq(sw_error_get(), EINVAL);
	/* The kernel refuses handlers for SIGKILL and SIGSTOP. */
	sw_error_set(0);
	ck_assert_int_eq(sw_signal_catch(SIGKILL), SW_ERR);
	ck_assert_int_eq(sw_error_get(), EINVAL);
	ck_assert_int_eq(sw_signal_catch(SIGSTOP), SW_ERR);
	ck_assert_int_eq(sw_error_get(), EINVAL);
	sw_signal_reset();
}
END_TEST

/*
 * A second init (as after fork) gives a fresh pipe. A signal recorded before
 * it is kept and announced on the new pipe, so a worker that was signalled
 * while starting still sees it.
 */
START_TEST(test_reinit_renews_pipe)
{
	int fd;

	ck_assert_int_eq(sw_signal_init(), SW_OK);
	ck_assert_int_eq(sw_signal_catch(SIGUSR1), SW_OK);

	/* Nothing pending: the new pipe is quiet. */
	ck_assert_int_eq(sw_signal_init(), SW_OK);
	fd = sw_signal_fd();
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(readable(fd, 0), 0);
	ck_assert_int_eq(sw_signal_next(), 0);

	/* Recorded before the re-init: still reported, exactly once. */
	ck_assert_int_eq(kill(getpid(), SIGUSR1), 0);
	ck_assert_int_eq(sw_signal_init(), SW_OK);
	fd = sw_signal_fd();
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(readable(fd, 0), 1);
	ck_assert_int_eq(sw_signal_next(), SIGUSR1);
	ck_assert_int_eq(sw_signal_next(), 0);
	ck_assert_int_eq(readable(fd, 0), 0);

	/* And the new pipe carries later signals. */
	ck_assert_int_eq(kill(getpid(), SIGUSR1), 0);
	ck_assert_int_eq(readable(fd, 1000), 1);
	ck_assert_int_eq(sw_signal_next(), SIGUSR1);
	ck_assert_int_eq(sw_signal_next(), 0);
	sw_signal_reset();
}
END_TEST

/* A signal that arrives before the first init (handler set, no pipe yet) is not lost. */
START_TEST(test_signal_before_init_kept)
{
	ck_assert_int_eq(sw_signal_catch(SIGTERM), SW_OK);
	ck_assert_int_eq(kill(getpid(), SIGTERM), 0);
	ck_assert_int_eq(sw_signal_init(), SW_OK);
	ck_assert_int_eq(readable(sw_signal_fd(), 0), 1);
	ck_assert_int_eq(sw_signal_next(), SIGTERM);
	ck_assert_int_eq(sw_signal_next(), 0);
	sw_signal_reset();
}
END_TEST

static void *send_usr1_later(void *arg)
{
	(void) arg;
	usleep(50 * 1000);
	kill(getpid(), SIGUSR1);
	return NULL;
}

/* A thread that blocked the server's signals leaves them to the others. */
START_TEST(test_block_thread)
{
	sigset_t cur;
	pthread_t th;

	ck_assert_int_eq(sw_signal_init(), SW_OK);
	ck_assert_int_eq(sw_signal_catch(SIGUSR1), SW_OK);
	ck_assert_int_eq(sw_signal_block_thread(true), SW_OK);
	ck_assert_int_eq(pthread_sigmask(SIG_BLOCK, NULL, &cur), 0);
	ck_assert_int_eq(sigismember(&cur, SIGTERM), 1);
	ck_assert_int_eq(sigismember(&cur, SIGUSR1), 1);
	ck_assert_int_eq(sigismember(&cur, SIGCHLD), 1);

	/* The only thread blocks it: it stays pending and nothing is reported. */
	ck_assert_int_eq(kill(getpid(), SIGUSR1), 0);
	ck_assert_int_eq(readable(sw_signal_fd(), 50), 0);
	ck_assert_int_eq(sw_signal_next(), 0);

	ck_assert_int_eq(sw_signal_block_thread(false), SW_OK);
	ck_assert_int_eq(pthread_sigmask(SIG_BLOCK, NULL, &cur), 0);
	ck_assert_int_eq(sigismember(&cur, SIGUSR1), 0);
	/* Unblocking delivers the pending one. */
	ck_assert_int_eq(readable(sw_signal_fd(), 1000), 1);
	ck_assert_int_eq(sw_signal_next(), SIGUSR1);
	ck_assert_int_eq(sw_signal_next(), 0);

	/* Sent from another thread, still seen through the pipe. */
	ck_assert_int_eq(pthread_create(&th, NULL, send_usr1_later, NULL), 0);
	ck_assert_int_eq(readable(sw_signal_fd(), 2000), 1);
	ck_assert_int_eq(pthread_join(th, NULL), 0);
	ck_assert_int_eq(sw_signal_next(), SIGUSR1);
	sw_signal_reset();
}
END_TEST

static int loop_signals[8];
static int loop_signal_count;

static void on_signal_fd(sw_reactor_t *reactor, sw_event_source_t *src, uint32_t events)
{
	int signo;

	(void) src;
	(void) events;
	while ((signo = sw_signal_next()) != 0) {
		if (loop_signal_count < 8) {
			loop_signals[loop_signal_count] = signo;
		}
		loop_signal_count++;
		if (signo == SIGTERM) {
			sw_reactor_stop(reactor);
		}
	}
}

static void *send_term_later(void *arg)
{
	(void) arg;
	usleep(30 * 1000);
	kill(getpid(), SIGHUP);
	usleep(30 * 1000);
	kill(getpid(), SIGTERM);
	return NULL;
}

/* The intended use: the loop watches the pipe and handles signals as events. */
START_TEST(test_signals_through_reactor)
{
	sw_reactor_t r;
	sw_event_source_t src;
	pthread_t th;

	ck_assert_int_eq(sw_signal_init(), SW_OK);
	ck_assert_int_eq(sw_signal_catch(SIGHUP), SW_OK);
	ck_assert_int_eq(sw_signal_catch(SIGTERM), SW_OK);
	ck_assert_int_eq(sw_reactor_init(&r), SW_OK);
	ck_assert_int_eq(sw_reactor_add(&r, &src, sw_signal_fd(), SW_EVENT_READ, on_signal_fd, NULL), SW_OK);
	r.timeout_ms = 5000;
	loop_signal_count = 0;
	ck_assert_int_eq(pthread_create(&th, NULL, send_term_later, NULL), 0);
	ck_assert_int_eq(sw_reactor_run(&r), SW_OK);
	ck_assert_int_eq(pthread_join(th, NULL), 0);
	ck_assert_int_eq(loop_signal_count, 2);
	ck_assert_int_eq(loop_signals[0], SIGHUP);
	ck_assert_int_eq(loop_signals[1], SIGTERM);
	sw_reactor_free(&r);
	sw_signal_reset();
}
END_TEST

/* The handler keeps errno, so an interrupted system call's caller sees its own error. */
START_TEST(test_handler_keeps_errno)
{
	int i;

	ck_assert_int_eq(sw_signal_init(), SW_OK);
	ck_assert_int_eq(sw_signal_catch(SIGUSR1), SW_OK);
	errno = ERANGE;
	raise(SIGUSR1);
	ck_assert_int_eq(errno, ERANGE);
	ck_assert_int_eq(sw_signal_next(), SIGUSR1);

	/* Even when its write fails (EAGAIN) because nobody drained a full pipe. */
	for (i = 0; i < 70000; i++) {
		raise(SIGUSR1);
	}
	errno = EDOM;
	raise(SIGUSR1);
	ck_assert_int_eq(errno, EDOM);
	ck_assert_int_eq(sw_signal_next(), SIGUSR1);
	ck_assert_int_eq(sw_signal_next(), 0);
	sw_signal_reset();
}
END_TEST

START_TEST(test_signal_names)
{
	ck_assert_str_eq(sw_signal_name(SIGUSR1), "SIGUSR1");
	ck_assert_str_eq(sw_signal_name(SIGUSR2), "SIGUSR2");
	ck_assert_str_eq(sw_signal_name(SIGTERM), "SIGTERM");
	ck_assert_str_eq(sw_signal_name(SIGKILL), "SIGKILL");
	ck_assert_str_eq(sw_signal_name(SIGCHLD), "SIGCHLD");
	ck_assert_str_eq(sw_signal_name(SIGINT), "SIGINT");
	ck_assert_str_eq(sw_signal_name(SIGHUP), "SIGHUP");
	ck_assert_str_eq(sw_signal_name(SIGSEGV), "SIGSEGV");
	ck_assert_str_eq(sw_signal_name(SIGPIPE), "SIGPIPE");
	ck_assert_str_eq(sw_signal_name(SIGABRT), "SIGABRT");
	ck_assert_ptr_nonnull(sw_signal_name(0));
	ck_assert_ptr_nonnull(sw_signal_name(-1));
	ck_assert_ptr_nonnull(sw_signal_name(12345));
	ck_assert_str_eq(sw_signal_name(0), "unknown signal");
	ck_assert_str_eq(sw_signal_name(12345), "unknown signal");
}
END_TEST

static Suite *signal_suite(void)
{
	Suite *s = suite_create("signal");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 10);
	tcase_add_test(tc, test_fd_before_init);
	tcase_add_test(tc, test_catch_usr1_and_term);
	tcase_add_test(tc, test_same_signal_twice_reported_once);
	tcase_add_test(tc, test_many_signals_do_not_block);
	tcase_add_test(tc, test_reset_restores_default);
	tcase_add_test(tc, test_reset_leaves_other_signals);
	tcase_add_test(tc, test_ignore_and_default);
	tcase_add_test(tc, test_invalid_signals);
	tcase_add_test(tc, test_reinit_renews_pipe);
	tcase_add_test(tc, test_signal_before_init_kept);
	tcase_add_test(tc, test_block_thread);
	tcase_add_test(tc, test_signals_through_reactor);
	tcase_add_test(tc, test_handler_keeps_errno);
	tcase_add_test(tc, test_signal_names);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(signal_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
