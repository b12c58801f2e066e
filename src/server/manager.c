/*
 * The manager process: forked by the master before any thread exists, it
 * forks the workers, reaps them, respawns them (with back-off when they die
 * right after starting) and stops them on shutdown. It never touches client
 * sockets.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "server_internal.h"
#include "sw_log.h"
#include "sw_process.h"
#include "sw_signal.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

/* How often the manager looks at the workers while a rolling reload is under way. */
#define SW_RELOAD_POLL_MS 10

/*
 * Rolling reload. Every request bumps the shared reload generation; each
 * worker records the generation it started under. The manager keeps at most
 * reload_concurrency workers out of rotation (stopping, or started but not
 * through onWorkerStart yet) and stops the next worker older than the
 * current generation only when a slot is back. A request that arrives
 * during a reload just raises the target: workers already replaced under
 * the older generation are replaced once more, the others only once.
 */
static void reload_request(sw_server_t *serv, bool tasks_only)
{
	uint32_t gen = __atomic_add_fetch(&serv->shm->task_reload_gen, 1, __ATOMIC_ACQ_REL);

	if (!tasks_only) {
		gen = __atomic_add_fetch(&serv->shm->reload_gen, 1, __ATOMIC_ACQ_REL);
	}
	if (!serv->reloading) {
		serv->reloading = true;
		serv->reload_started_ms = sw_time_ms();
		sw_info("manager: rolling reload of %u workers (generation %u)", serv->config.worker_num, gen);
	} else {
		sw_info("manager: reload requested during a reload: continuing to generation %u", gen);
	}
}

static int reload_step(sw_server_t *serv)
{
	sw_process_pool_t *pool = &serv->pool;
	uint32_t gen_all = __atomic_load_n(&serv->shm->reload_gen, __ATOMIC_ACQUIRE);
	uint32_t gen_task = __atomic_load_n(&serv->shm->task_reload_gen, __ATOMIC_ACQUIRE);
	uint32_t out = 0, old = 0, target;
	int i, n = (int) sw_server_total_workers(serv); /* user processes are not reloaded */

	for (i = 0; i < n; i++) {
		sw_worker_info_t *info = &serv->shm->workers[i];

		target = (uint32_t) i < serv->config.worker_num ? gen_all : gen_task;
		if (pool->children[i].state != SW_CHILD_RUNNING || !__atomic_load_n(&info->ready, __ATOMIC_ACQUIRE)) {
			out++;
		} else if ((int32_t) (info->start_gen - target) < 0) {
			old++;
		}
	}
	if (out == 0 && old == 0) {
		serv->reloading = false;
		__atomic_add_fetch(&serv->shm->reload_count, 1, __ATOMIC_RELEASE);
		sw_info("manager: reload finished in %lld ms", (long long) (sw_time_ms() - serv->reload_started_ms));
		return -1;
	}
	for (i = 0; i < n && out < serv->config.reload_concurrency; i++) {
		sw_worker_info_t *info = &serv->shm->workers[i];

		target = (uint32_t) i < serv->config.worker_num ? gen_all : gen_task;
		if (pool->children[i].state == SW_CHILD_RUNNING && __atomic_load_n(&info->ready, __ATOMIC_ACQUIRE) &&
				(int32_t) (info->start_gen - target) < 0) {
			sw_process_pool_stop_child(pool, i);
			out++;
		}
	}
	return SW_RELOAD_POLL_MS;
}

static bool is_user_process(sw_server_t *serv, int id)
{
	return (uint32_t) id >= sw_server_total_workers(serv);
}

/*
 * A worker that ended by itself on purpose (max_request, stop(), SIGTERM) is
 * no crash. A user process has no such plan: whenever it ends it is started
 * again, with back-off if it keeps dying right after its start.
 */
static bool worker_exit_planned(sw_process_pool_t *pool, const sw_child_exit_t *ex)
{
	sw_server_t *serv = pool->ptr;

	return !is_user_process(serv, ex->id) && ex->signo == 0 && ex->exit_code == 0 && serv->shm->workers[ex->id].exit_planned;
}

/* Not to user processes: they have the default dispositions (or their own handlers). */
static void forward_to_workers(sw_server_t *serv, int signo)
{
	int i;

	for (i = 0; i < (int) sw_server_total_workers(serv); i++) {
		if (serv->pool.children[i].pid > 0) {
			kill(serv->pool.children[i].pid, signo);
		}
	}
}

/*
 * A user process: none of the server's descriptors are its business except
 * what the binding gave it (its pipe). It drops privileges like the workers
 * (user/group/chroot), dies with the manager, and gets the default signal
 * dispositions: its body decides what SIGTERM does.
 */
static int user_process_main(sw_server_t *serv, int id)
{
	sw_server_config_t *c = &serv->config;
	int index = id - (int) sw_server_total_workers(serv);
	char err[256];

	serv->role = SW_ROLE_USER_PROCESS;
	serv->worker_id = -1;
	sw_log_set_role(SW_ROLE_USER_PROCESS, index);
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != serv->shm->manager_pid) {
		return 0; /* the manager died between fork() and prctl() */
	}
	sw_signal_reset();
	if ((c->user || c->group || c->chroot) &&
			sw_process_drop_privileges(c->user, c->group, c->chroot, err, sizeof(err)) != SW_OK) {
		sw_error("user process %d: cannot drop privileges: %s", index, err);
		return 255;
	}
	if (serv->cb.on_user_process == NULL) {
		return 0;
	}
	return serv->cb.on_user_process(serv, index);
}

static int worker_child_main(sw_process_pool_t *pool, int id)
{
	sw_server_t *serv = pool->ptr;

	if (is_user_process(serv, id)) {
		return user_process_main(serv, id);
	}
	return sw_worker_main(serv, id);
}

/*
 * Tells each reactor thread which messages died with a worker (read from the
 * channel, not handled), so it can close the connections that were waiting
 * for them. Sent before the replacement is forked.
 */
static void report_lost_messages(sw_server_t *serv, int worker_id, bool all_outstanding)
{
	uint32_t r;

	if (serv->mode == SW_MODE_BASE) {
		/* Its connections died with it (the kernel closed them): its counters start even again. */
		sw_channel_stats_t *st = sw_server_channel_stats(serv, worker_id, worker_id);
		uint64_t n = __atomic_load_n(&st->dispatched, __ATOMIC_ACQUIRE);

		uint32_t i, freed = 0;

		__atomic_store_n(&st->read, n, __ATOMIC_RELEASE);
		__atomic_store_n(&st->done, n, __ATOMIC_RELEASE);
		for (i = 0; i <= serv->shm->session_mask; i++) {
			sw_session_t *s = &serv->shm->sessions[i];
			uint32_t sid = __atomic_load_n(&s->session_id, __ATOMIC_ACQUIRE);

			if (sid != 0 && sid != SW_SESSION_RESERVED && s->reactor_id == (uint16_t) worker_id &&
					__atomic_compare_exchange_n(&s->session_id, &sid, 0, false, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
				__atomic_fetch_sub(&serv->shm->conn_count, 1, __ATOMIC_RELAXED);
				__atomic_fetch_add(&serv->shm->close_count, 1, __ATOMIC_RELAXED);
				freed++;
			}
		}
		if (freed > 0) {
			sw_warn("worker %d died with %u connection%s; they are closed", worker_id, freed, freed == 1 ? "" : "s");
		}
		return;
	}

	for (r = 0; r < serv->config.reactor_num; r++) {
		sw_channel_stats_t *st = sw_server_channel_stats(serv, (int) r, worker_id);
		sw_reactor_command_t cmd = {.type = SW_REACTOR_CMD_WORKER_DIED, .worker_id = worker_id};

		cmd.done = __atomic_load_n(&st->done, __ATOMIC_ACQUIRE);
		/*
		 * Read and unhandled messages died with the process. When no
		 * replacement comes soon (crash loop, back-off), the ones still
		 * queued would wait for seconds: they count as lost too.
		 */
		cmd.read = __atomic_load_n(all_outstanding || __atomic_load_n(&st->reading, __ATOMIC_ACQUIRE)
						? &st->dispatched
						: &st->read,
				__ATOMIC_ACQUIRE);
		__atomic_store_n(&st->reading, 0, __ATOMIC_RELEASE);
		if (cmd.read == cmd.done) {
			continue;
		}
		if (write(serv->cmd_pipes[r][1], &cmd, sizeof(cmd)) != (ssize_t) sizeof(cmd)) {
			sw_error("cannot tell reactor %u about worker %d's lost messages: %s", r, worker_id, strerror(errno));
		}
	}
}

static void on_user_process_exit(sw_server_t *serv, const sw_child_exit_t *ex)
{
	int index = ex->id - (int) sw_server_total_workers(serv);

	if (ex->expected) {
		sw_info("user process %d (pid %d) stopped", index, (int) ex->pid);
	} else if (ex->signo != 0) {
		sw_warn("user process %d (pid %d) was killed by signal %d; it is started again", index, (int) ex->pid,
				ex->signo);
	} else {
		sw_notice("user process %d (pid %d) ended with code %d; it is started again", index, (int) ex->pid,
				ex->exit_code);
	}
}

static void on_worker_exit(sw_process_pool_t *pool, const sw_child_exit_t *ex)
{
	sw_server_t *serv = pool->ptr;

	if (is_user_process(serv, ex->id)) {
		on_user_process_exit(serv, ex);
		return;
	}

	sw_worker_info_t *info = &serv->shm->workers[ex->id];
	int64_t respawn_at = pool->children[ex->id].respawn_at_ms;
	bool backoff = !ex->expected && respawn_at > sw_time_ms();

	/* Until its replacement says otherwise, the slot is out of rotation (the reload reads this). */
	__atomic_store_n(&info->ready, 0, __ATOMIC_RELEASE);
	info->pid = 0;
	sw_server_msgq_recover(serv, ex->id);
	if ((uint32_t) ex->id >= serv->config.worker_num) {
		sw_task_worker_died(serv, ex->id);
	} else if (backoff) {
		/* Reactor threads close, rather than queue for, connections of a slot that stays down. */
		__atomic_store_n(&info->down_until_ms, respawn_at, __ATOMIC_RELEASE);
	}
	if ((uint32_t) ex->id < serv->config.worker_num) {
		report_lost_messages(serv, ex->id, backoff);
	}
	if (ex->expected) {
		sw_info("worker %d (pid %d) stopped", ex->id, (int) ex->pid);
		return;
	}
	if (serv->cb.on_worker_error) {
		serv->cb.on_worker_error(serv, ex->id, ex->pid, ex->exit_code, ex->signo);
	}
}

/*
 * Keeps the worker ends of the channels (for respawns); the rest belongs to
 * the master. With ipc_mode 2 the master ends are kept too: a worker's relay
 * writes what it takes from the queue into its channel's master end.
 */
static void close_master_side(sw_server_t *serv)
{
	uint32_t i, n = serv->config.reactor_num * serv->config.worker_num;
	int l;

	for (i = 0; i < n && serv->config.ipc_mode != 2 && serv->channels != NULL; i++) {
		if (serv->channels[i][0] >= 0) {
			close(serv->channels[i][0]);
			serv->channels[i][0] = -1;
		}
	}
	for (i = 0; i < serv->config.reactor_num && serv->cmd_pipes != NULL; i++) {
		close(serv->cmd_pipes[i][0]);
		serv->cmd_pipes[i][0] = -1;
	}
	for (l = 0; l < serv->listener_count; l++) {
		/* Workers answer datagrams with sendto() on the port's own socket, and accept in SWOOLE_BASE: those stay. */
		if (!serv->listeners[l].dgram && serv->mode == SW_MODE_PROCESS) {
			close(serv->listeners[l].src.fd);
			serv->listeners[l].src.fd = -1;
		}
	}
}

int sw_manager_main(sw_server_t *serv)
{
	sw_process_pool_t *pool = &serv->pool;
	pid_t master = serv->shm->master_pid;
	bool stopping = false;
	int code = 0, rc;

	serv->role = SW_ROLE_MANAGER;
	sw_log_set_role(SW_ROLE_MANAGER, -1);
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	/* Not reset first: a signal recorded since fork() must not be lost. */
	if (sw_signal_init() != SW_OK) {
		sw_error("manager: signal set-up failed: %s", sw_strerror(sw_error_get()));
		return 255;
	}
	sw_signal_catch(SIGTERM);
	sw_signal_catch(SIGCHLD);
	sw_signal_catch(SIGUSR1);
	sw_signal_catch(SIGUSR2);
	sw_signal_catch(SIGRTMIN);
	sw_signal_ignore(SIGINT);
	sw_signal_ignore(SIGPIPE);
	close_master_side(serv);
	serv->shm->manager_pid = getpid();

	/* Slots: the workers, the task workers, then the user processes. */
	if (sw_process_pool_init(pool, (int) (sw_server_total_workers(serv) + serv->user_process_num)) != SW_OK) {
		sw_error("manager: cannot create the worker pool: %s", sw_strerror(sw_error_get()));
		return 255;
	}
	pool->ptr = serv;
	pool->child_main = worker_child_main;
	pool->on_exit = on_worker_exit;
	pool->exit_planned = worker_exit_planned;
	pool->max_wait_ms = (int) serv->config.max_wait_time * 1000;

	if (serv->cb.on_manager_start) {
		serv->cb.on_manager_start(serv);
	}
	rc = sw_process_pool_start(pool, &code);
	if (rc == 1) {
		return code; /* in a worker whose work is over */
	}
	if (getppid() != master) {
		stopping = true;
		sw_process_pool_shutdown(pool);
	}

	for (;;) {
		struct pollfd pfd = {.fd = sw_signal_fd(), .events = POLLIN};
		int next_ms = -1, signo;

		if (stopping && sw_process_pool_alive(pool) == 0) {
			break;
		}
		if (sw_process_pool_tick(pool, &code, &next_ms) == 1) {
			return code;
		}
		if (serv->reloading && !stopping) {
			int reload_ms = reload_step(serv);

			if (reload_ms >= 0 && (next_ms < 0 || reload_ms < next_ms)) {
				next_ms = reload_ms;
			}
		}
		if (poll(&pfd, 1, next_ms) < 0 && errno != EINTR) {
			sw_error("manager: poll failed: %s", strerror(errno));
		}
		while ((signo = sw_signal_next()) != 0) {
			switch (signo) {
			case SIGCHLD:
				sw_process_pool_reap(pool);
				break;
			case SIGTERM:
				if (!stopping) {
					stopping = true;
					sw_info("manager: stopping %d processes", sw_process_pool_alive(pool));
					sw_process_pool_shutdown(pool);
				} else {
					/* Asked twice: do not wait for max_wait_time. */
					int i;

					for (i = 0; i < pool->count; i++) {
						if (pool->children[i].pid > 0) {
							kill(pool->children[i].pid, SIGKILL);
						}
					}
				}
				break;
			case SIGUSR1:
				if (!stopping) {
					reload_request(serv, false);
				}
				break;
			case SIGUSR2:
				if (stopping) {
					break;
				}
				if (serv->config.task_worker_num == 0) {
					sw_info("manager: task worker reload requested; there are no task workers");
					break;
				}
				reload_request(serv, true);
				break;
			default:
				if (signo == SIGRTMIN) {
					if (sw_log_reopen() != SW_OK) {
						sw_error("manager: cannot reopen the log file: %s", sw_strerror(sw_error_get()));
					}
					forward_to_workers(serv, SIGRTMIN);
				}
				break;
			}
		}
		if (!stopping && getppid() != master) {
			sw_warn("manager: the master (pid %d) is gone, stopping", (int) master);
			stopping = true;
			sw_process_pool_shutdown(pool);
		}
	}
	if (serv->cb.on_manager_stop) {
		serv->cb.on_manager_stop(serv);
	}
	sw_process_pool_free(pool);
	sw_server_drop_leftover_tasks(serv);
	if (getppid() != master) {
		/* Nobody else is left to remove the queues the master created. */
		sw_server_msgq_close(serv);
	}
	return 0;
}
