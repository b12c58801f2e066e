/*
 * A supervised pool of child processes.
 *
 * The pool is driven from the owner's event loop: sw_process_pool_reap() when
 * SIGCHLD was seen, sw_process_pool_tick() when the timeout it asked for runs
 * out. Nothing here runs in a signal handler, sleeps or blocks, so the owner's
 * loop keeps serving its other events while children come and go.
 *
 * Note that reaping uses waitpid(-1): it consumes every exited child of the
 * calling process, not only the pool's. Exits of processes that are not in the
 * pool are dropped, so a process that owns a pool must not rely on waitpid()
 * for its other children.
 */
#include "sw_process_pool.h"
#include "sw_log.h"
#include "sw_signal.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * stop_sent_ms of a child that already got SIGKILL: there is nothing left to
 * wait for, so it must not keep producing a deadline (the loop would spin).
 */
#define SW_CHILD_KILL_SENT ((int64_t) -1)

static bool pool_valid_id(const sw_process_pool_t *pool, int id)
{
	return pool != NULL && pool->children != NULL && id >= 0 && id < pool->count;
}

/* Delay before the n-th consecutive failed start is retried (n >= 1). */
static int64_t pool_backoff_ms(uint32_t n)
{
	int64_t ms = SW_RESPAWN_BACKOFF_MIN_MS;

	while (n > 1 && ms < SW_RESPAWN_BACKOFF_MAX_MS) {
		ms *= 2;
		n--;
	}
	return SW_MIN(ms, SW_RESPAWN_BACKOFF_MAX_MS);
}

int sw_process_pool_init(sw_process_pool_t *pool, int count)
{
	int i;

	if (pool == NULL || count <= 0) {
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return SW_ERR;
	}
	memset(pool, 0, sizeof(*pool));
	pool->children = calloc((size_t) count, sizeof(sw_child_t));
	if (pool->children == NULL) {
		sw_error_set(SW_ERROR_MALLOC_FAIL);
		return SW_ERR;
	}
	for (i = 0; i < count; i++) {
		pool->children[i].id = i;
		pool->children[i].state = SW_CHILD_EMPTY;
	}
	pool->count = count;
	pool->running = true;
	pool->max_wait_ms = SW_DEFAULT_MAX_WAIT_TIME * 1000;
	return SW_OK;
}

/* Releases the slot table only; live children are the owner's to stop first. */
void sw_process_pool_free(sw_process_pool_t *pool)
{
	if (pool == NULL) {
		return;
	}
	free(pool->children);
	pool->children = NULL;
	pool->count = 0;
}

int sw_process_pool_spawn(sw_process_pool_t *pool, int id, int *child_exit_code)
{
	sw_child_t *child;
	pid_t pid;

	if (!pool_valid_id(pool, id) || pool->child_main == NULL || child_exit_code == NULL) {
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return SW_ERR;
	}
	child = &pool->children[id];
	if (child->state != SW_CHILD_EMPTY) {
		sw_error_set(SW_ERROR_WRONG_OPERATION);
		return SW_ERR;
	}

	pid = fork();
	if (pid < 0) {
		int err = errno;
		int64_t delay;

		/* A failed fork is a failed start: back off like a crash at start-up. */
		child->fast_exits++;
		delay = pool_backoff_ms(child->fast_exits);
		child->respawn_at_ms = sw_time_ms() + delay;
		sw_warn("process pool: fork() for child #%d failed: %s, retrying in %d ms", id,
				sw_strerror(err), (int) delay);
		sw_error_set(err);
		return SW_ERR;
	}
	if (pid == 0) {
		/* The child's copy of its own slot describes itself, as in the parent. */
		child->pid = getpid();
		child->state = SW_CHILD_RUNNING;
		child->started_ms = sw_time_ms();
		/*
		 * The child leaves the pool code here: its owner ends the process with
		 * this code, so the parent's loop never runs in the child.
		 */
		*child_exit_code = pool->child_main(pool, id);
		return 1;
	}

	child->pid = pid;
	child->state = SW_CHILD_RUNNING;
	child->started_ms = sw_time_ms();
	child->stop_sent_ms = 0;
	child->spawn_count++;
	return SW_OK;
}

int sw_process_pool_start(sw_process_pool_t *pool, int *child_exit_code)
{
	int i;
	int rc;
	int result = SW_OK;

	if (pool == NULL || pool->children == NULL) {
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return SW_ERR;
	}
	pool->running = true;
	for (i = 0; i < pool->count; i++) {
		if (pool->children[i].state != SW_CHILD_EMPTY) {
			continue;
		}
		rc = sw_process_pool_spawn(pool, i, child_exit_code);
		if (rc == 1) {
			return 1;
		}
		/* Keep starting the others: a failed slot is retried by the tick. */
		if (rc != SW_OK) {
			result = SW_ERR;
		}
	}
	return result;
}

/* Decides when an exited slot comes back, and says why in the log. */
static void pool_schedule_respawn(sw_child_t *child, const sw_child_exit_t *ex, int64_t now)
{
	int64_t lived = now - child->started_ms;
	int64_t delay = 0;
	char why[64];

	/*
	 * Only an exit nobody asked for counts as a crash; a child stopped on
	 * purpose (reload) comes back at once however young it was.
	 */
	if (!ex->expected && lived < SW_RESPAWN_FAST_EXIT_MS) {
		child->fast_exits++;
		delay = pool_backoff_ms(child->fast_exits);
	} else {
		child->fast_exits = 0;
	}
	child->respawn_at_ms = now + delay;

	if (ex->signo != 0) {
		snprintf(why, sizeof(why), "signal %s", sw_signal_name(ex->signo));
	} else {
		snprintf(why, sizeof(why), "exit code %d", ex->exit_code);
	}
	if (ex->expected) {
		sw_debug("process pool: child #%d (pid %d) stopped with %s", ex->id, (int) ex->pid, why);
	} else if (delay > 0) {
		sw_warn("process pool: child #%d (pid %d) exited unexpectedly with %s %d ms after start, "
				"respawning in %d ms", ex->id, (int) ex->pid, why, (int) lived, (int) delay);
	} else {
		sw_warn("process pool: child #%d (pid %d) exited unexpectedly with %s, respawning", ex->id,
				(int) ex->pid, why);
	}
}

int sw_process_pool_reap(sw_process_pool_t *pool)
{
	sw_child_exit_t ex;
	sw_child_t *child;
	int64_t now;
	pid_t pid;
	int status;
	int id;
	int reaped = 0;

	if (pool == NULL || pool->children == NULL) {
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return 0;
	}
	for (;;) {
		pid = waitpid(-1, &status, WNOHANG);
		if (pid == 0) {
			break;
		}
		if (pid < 0) {
			if (errno == EINTR) {
				continue;
			}
			/* ECHILD: nothing left to wait for. */
			break;
		}
		id = sw_process_pool_find(pool, pid);
		if (id < 0) {
			continue;
		}
		child = &pool->children[id];
		now = sw_time_ms();

		memset(&ex, 0, sizeof(ex));
		ex.id = id;
		ex.pid = pid;
		if (WIFSIGNALED(status)) {
			ex.signo = WTERMSIG(status);
		} else if (WIFEXITED(status)) {
			ex.exit_code = WEXITSTATUS(status);
		}
		ex.expected = child->state == SW_CHILD_STOPPING || !pool->running;
		if (!ex.expected && pool->exit_planned != NULL && pool->exit_planned(pool, &ex)) {
			ex.expected = true;
		}

		/*
		 * The slot is settled before on_exit runs, so the callback sees the
		 * pool as it now is and may change it (shut the pool down on a fatal
		 * exit code, or push respawn_at_ms further out).
		 */
		child->pid = 0;
		child->state = SW_CHILD_EMPTY;
		child->stop_sent_ms = 0;
		pool_schedule_respawn(child, &ex, now);
		reaped++;

		if (pool->on_exit != NULL) {
			pool->on_exit(pool, &ex);
		}
	}
	return reaped;
}

/* Keeps the earliest of the absolute deadlines seen (-1: none yet). */
static void pool_note_deadline(int64_t *nearest, int64_t deadline)
{
	if (*nearest < 0 || deadline < *nearest) {
		*nearest = deadline;
	}
}

int sw_process_pool_tick(sw_process_pool_t *pool, int *child_exit_code, int *next_ms)
{
	sw_child_t *child;
	int64_t now;
	int64_t nearest = -1;
	int64_t deadline;
	int i;
	int rc;

	if (next_ms != NULL) {
		*next_ms = -1;
	}
	if (pool == NULL || pool->children == NULL) {
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return 0;
	}
	now = sw_time_ms();
	for (i = 0; i < pool->count; i++) {
		child = &pool->children[i];
		switch (child->state) {
		case SW_CHILD_EMPTY:
			if (!pool->running) {
				break;
			}
			if (child->respawn_at_ms > now) {
				pool_note_deadline(&nearest, child->respawn_at_ms);
				break;
			}
			rc = sw_process_pool_spawn(pool, i, child_exit_code);
			if (rc == 1) {
				if (next_ms != NULL) {
					*next_ms = -1;
				}
				return 1;
			}
			if (rc != SW_OK && child->state == SW_CHILD_EMPTY) {
				pool_note_deadline(&nearest, child->respawn_at_ms);
			}
			break;
		case SW_CHILD_STOPPING:
			if (child->stop_sent_ms == SW_CHILD_KILL_SENT) {
				break;
			}
			deadline = child->stop_sent_ms + pool->max_wait_ms;
			if (deadline > now) {
				pool_note_deadline(&nearest, deadline);
				break;
			}
			sw_warn("process pool: child #%d (pid %d) still running after SIGTERM, "
					"sending SIGKILL: max_wait_time exceeded", i, (int) child->pid);
			if (kill(child->pid, SIGKILL) < 0 && errno != ESRCH) {
				sw_warn("process pool: kill(%d, SIGKILL) failed: %s", (int) child->pid,
						sw_strerror(errno));
			}
			child->stop_sent_ms = SW_CHILD_KILL_SENT;
			break;
		case SW_CHILD_RUNNING:
			break;
		}
	}
	if (next_ms != NULL && nearest >= 0) {
		deadline = nearest - sw_time_ms();
		*next_ms = (int) SW_MAX(0, SW_MIN(deadline, (int64_t) INT_MAX));
	}
	return 0;
}

int sw_process_pool_stop_child(sw_process_pool_t *pool, int id)
{
	sw_child_t *child;

	if (!pool_valid_id(pool, id)) {
		sw_error_set(SW_ERROR_INVALID_PARAMS);
		return SW_ERR;
	}
	child = &pool->children[id];
	if (child->state == SW_CHILD_STOPPING) {
		return SW_OK;
	}
	if (child->state != SW_CHILD_RUNNING) {
		sw_error_set(SW_ERROR_WRONG_OPERATION);
		return SW_ERR;
	}
	/* ESRCH: it died and waits to be reaped; the reap will see it as stopped. */
	if (kill(child->pid, SIGTERM) < 0 && errno != ESRCH) {
		sw_error_set(errno);
		return SW_ERR;
	}
	child->state = SW_CHILD_STOPPING;
	child->stop_sent_ms = sw_time_ms();
	return SW_OK;
}

void sw_process_pool_shutdown(sw_process_pool_t *pool)
{
	int i;

	if (pool == NULL || pool->children == NULL) {
		return;
	}
	pool->running = false;
	for (i = 0; i < pool->count; i++) {
		if (pool->children[i].state == SW_CHILD_RUNNING
				&& sw_process_pool_stop_child(pool, i) != SW_OK) {
			sw_warn("process pool: cannot stop child #%d (pid %d): %s", i,
					(int) pool->children[i].pid, sw_strerror(sw_error_get()));
		}
	}
}

int sw_process_pool_alive(const sw_process_pool_t *pool)
{
	int i;
	int n = 0;

	if (pool == NULL || pool->children == NULL) {
		return 0;
	}
	for (i = 0; i < pool->count; i++) {
		if (pool->children[i].state != SW_CHILD_EMPTY) {
			n++;
		}
	}
	return n;
}

int sw_process_pool_find(const sw_process_pool_t *pool, pid_t pid)
{
	int i;

	if (pool == NULL || pool->children == NULL || pid <= 0) {
		return -1;
	}
	for (i = 0; i < pool->count; i++) {
		if (pool->children[i].state != SW_CHILD_EMPTY && pool->children[i].pid == pid) {
			return i;
		}
	}
	return -1;
}
