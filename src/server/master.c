/*
 * The master process: forks the manager (before any thread exists), starts
 * the reactor threads, then its main thread accepts connections and handles
 * signals until the server stops.
 *
 * Shutdown: SIGTERM/SIGINT (or shutdown() from any process, which sends
 * SIGTERM here) closes the listening sockets, so the port is free at once, and
 * asks the manager to stop the workers. When the manager has exited, the
 * reactor threads write what they still hold, close the connections and
 * stop; onShutdown runs and start() returns.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "server_internal.h"
#include "sw_log.h"
#include "sw_signal.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* Extra time the manager gets beyond max_wait_time before it is killed. */
#define SW_MANAGER_GRACE_MS 2000
/* Connections accepted per readiness event, so one busy port cannot starve the loop. */
#define SW_ACCEPT_BATCH 128

static void close_listeners(sw_server_t *serv)
{
	int i;

	for (i = 0; i < serv->listener_count; i++) {
		sw_listener_t *l = &serv->listeners[i];

		/* A datagram port is its reactor thread's: closed at the end (sw_server_free()). */
		if (l->src.fd >= 0 && (!l->dgram || serv->mode == SW_MODE_BASE)) {
			if (serv->mode == SW_MODE_PROCESS) {
				sw_reactor_del(&serv->main_reactor, &l->src);
			}
			close(l->src.fd);
			l->src.fd = -1;
		}
	}
}

static void send_reactor_command(sw_server_t *serv, uint32_t type)
{
	sw_reactor_command_t cmd = {.type = type, .worker_id = -1};
	uint32_t i;

	if (serv->threads == NULL) {
		return;
	}
	for (i = 0; i < serv->config.reactor_num; i++) {
		if (write(serv->cmd_pipes[i][1], &cmd, sizeof(cmd)) != (ssize_t) sizeof(cmd)) {
			sw_error("cannot send command %u to reactor %u: %s", type, i, strerror(errno));
		}
	}
}

static void begin_shutdown(sw_server_t *serv)
{
	if (serv->shutting_down) {
		/* Second request: the manager kills what is still running. */
		if (serv->manager_pid > 0) {
			kill(serv->manager_pid, SIGTERM);
		}
		return;
	}
	serv->shutting_down = true;
	serv->shutdown_started_ms = sw_time_ms();
	sw_info("server is shutting down");
	close_listeners(serv);
	/*
	 * Workers read this flag when their SIGTERM comes: they then handle all
	 * that was dispatched to them before leaving, while the reactor threads
	 * stop reading clients and flush their queues.
	 */
	__atomic_store_n(&serv->shm->shutting_down, 1, __ATOMIC_RELEASE);
	send_reactor_command(serv, SW_REACTOR_CMD_PAUSE);
	if (serv->manager_pid > 0) {
		kill(serv->manager_pid, SIGTERM);
	}
}

static void reap_children(sw_server_t *serv)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (pid != serv->manager_pid) {
			continue;
		}
		serv->manager_pid = 0;
		serv->shm->manager_pid = 0;
		if (!serv->shutting_down) {
			serv->failed = true;
			if (WIFSIGNALED(status)) {
				sw_error("manager (pid %d) was killed by %s; stopping the server", (int) pid,
						sw_signal_name(WTERMSIG(status)));
			} else {
				sw_error("manager (pid %d) exited with code %d; stopping the server", (int) pid,
						WEXITSTATUS(status));
			}
			begin_shutdown(serv);
		}
		sw_reactor_stop(&serv->main_reactor);
	}
}

static void signal_event(sw_reactor_t *reactor, sw_event_source_t *src, uint32_t events)
{
	sw_server_t *serv = reactor->ptr;
	int signo;

	(void) src;
	(void) events;
	while ((signo = sw_signal_next()) != 0) {
		switch (signo) {
		case SIGTERM:
		case SIGINT:
			begin_shutdown(serv);
			break;
		case SIGCHLD:
			reap_children(serv);
			break;
		case SIGUSR1:
		case SIGUSR2:
			if (serv->manager_pid > 0) {
				kill(serv->manager_pid, signo);
			}
			break;
		default:
			if (signo == SIGRTMIN) {
				/* logrotate: reopen here, then in the manager and (from there) the workers. */
				if (sw_log_reopen() != SW_OK) {
					sw_error("cannot reopen the log file: %s", sw_strerror(sw_error_get()));
				}
				if (serv->manager_pid > 0) {
					kill(serv->manager_pid, SIGRTMIN);
				}
			}
			break;
		}
	}
}

static void accept_event(sw_reactor_t *reactor, sw_event_source_t *src, uint32_t events)
{
	sw_server_t *serv = reactor->ptr;
	int listener = (int) ((sw_listener_t *) src->ptr - serv->listeners), i;

	(void) events;
	for (i = 0; i < SW_ACCEPT_BATCH; i++) {
		sw_sockaddr_t addr;
		socklen_t len = sizeof(addr);
		int fd = accept4(src->fd, &addr.sa, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED) {
				continue;
			}
			if (errno != EAGAIN && errno != EWOULDBLOCK) {
				/* EMFILE and friends: say it, and try again on the next event. */
				sw_error("accept() failed: %s", strerror(errno));
			}
			return;
		}
		if (sw_conn_refuse_over_limit(serv, fd, &addr)) {
			continue;
		}
		if (sw_reactor_thread_adopt(serv, fd, listener, &addr) != SW_OK) {
			close(fd);
			continue;
		}
		__atomic_store_n(&serv->shm->accept_count, serv->shm->accept_count + 1, __ATOMIC_RELAXED);
	}
}

static void before_wait(sw_reactor_t *reactor, int *timeout_ms)
{
	sw_server_t *serv = reactor->ptr;
	int64_t deadline, now;

	if (!serv->shutting_down || serv->manager_pid <= 0) {
		return;
	}
	deadline = serv->shutdown_started_ms + (int64_t) serv->config.max_wait_time * 1000 + SW_MANAGER_GRACE_MS;
	now = sw_time_ms();
	if (now >= deadline) {
		sw_warn("manager (pid %d) did not stop within max_wait_time, killing it", (int) serv->manager_pid);
		kill(serv->manager_pid, SIGKILL);
		serv->shutdown_started_ms = now; /* check again later, do not spin */
		*timeout_ms = 1000;
		return;
	}
	*timeout_ms = (int) (deadline - now);
}

static void close_worker_side(sw_server_t *serv)
{
	uint32_t i, n = serv->channels != NULL ? serv->config.reactor_num * serv->config.worker_num : 0;

	for (i = 0; i < n; i++) {
		if (serv->channels[i][1] >= 0) {
			close(serv->channels[i][1]);
			serv->channels[i][1] = -1;
		}
	}
}

static int setup_signals(void)
{
	if (sw_signal_init() != SW_OK) {
		return SW_ERR;
	}
	sw_signal_catch(SIGTERM);
	sw_signal_catch(SIGINT);
	sw_signal_catch(SIGCHLD);
	sw_signal_catch(SIGUSR1);
	sw_signal_catch(SIGUSR2);
	sw_signal_catch(SIGRTMIN);
	sw_signal_ignore(SIGPIPE);
	return SW_OK;
}

int sw_master_run(sw_server_t *serv)
{
	pid_t pid;
	int i;

	if (setup_signals() != SW_OK) {
		sw_error("signal set-up failed: %s", sw_strerror(sw_error_get()));
		return SW_ERR;
	}
	pid = fork();
	if (pid < 0) {
		sw_error("fork() of the manager failed: %s", strerror(errno));
		sw_signal_reset();
		return SW_ERR;
	}
	if (pid == 0) {
		serv->exit_code = sw_manager_main(serv);
		return SW_OK;
	}
	serv->manager_pid = pid;
	serv->shm->manager_pid = pid;
	close_worker_side(serv);
	/* The master never sends tasks or pipe messages: the inboxes belong to the manager and workers. */
	sw_inboxes_free(serv);

	if (sw_reactor_init(&serv->main_reactor) != SW_OK) {
		sw_error("cannot create the main reactor: %s", sw_strerror(sw_error_get()));
		goto fail;
	}
	serv->main_reactor.ptr = serv;
	serv->main_reactor.before_wait = before_wait;
	/* SWOOLE_BASE: the workers accept and serve; the master only supervises. */
	if (serv->mode == SW_MODE_PROCESS && sw_reactor_threads_start(serv) != SW_OK) {
		goto fail;
	}
	for (i = 0; i < serv->listener_count; i++) {
		sw_listener_t *l = &serv->listeners[i];

		if (l->dgram || serv->mode == SW_MODE_BASE) {
			continue; /* read by a reactor thread, or by the workers */
		}
		if (sw_reactor_add(&serv->main_reactor, &l->src, l->src.fd, SW_EVENT_READ, accept_event, l) != SW_OK) {
			sw_error("cannot watch %s:%d: %s", l->host, l->port, sw_strerror(sw_error_get()));
			goto fail;
		}
	}
	if (sw_reactor_add(&serv->main_reactor, &serv->sig_src, sw_signal_fd(), SW_EVENT_READ, signal_event, NULL) !=
			SW_OK) {
		goto fail;
	}
	serv->running = 1;
	if (serv->cb.on_start) {
		serv->cb.on_start(serv);
	}
	sw_server_write_pid_file(serv);
	if (serv->manager_pid > 0) {
		sw_reactor_run(&serv->main_reactor);
	}
	serv->running = 0;
	sw_reactor_threads_stop(serv);
	close_listeners(serv);
	if (serv->cb.on_shutdown) {
		serv->cb.on_shutdown(serv);
	}
	sw_reactor_free(&serv->main_reactor);
	sw_signal_reset();
	if (serv->failed) {
		sw_error_set(SW_ERROR_SERVER_NOT_RUNNING);
		return SW_ERR;
	}
	return SW_OK;

fail:
	begin_shutdown(serv);
	while (serv->manager_pid > 0) {
		int status;

		if (waitpid(serv->manager_pid, &status, 0) == serv->manager_pid || errno != EINTR) {
			serv->manager_pid = 0;
		}
	}
	sw_reactor_threads_stop(serv);
	sw_signal_reset();
	return SW_ERR;
}
